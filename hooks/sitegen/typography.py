"""Typographic quotes, apostrophes and dashes: “ ” ‘ ’ – — for the " ' -- --- typed in prose.

`smart()` sets a plain text; `smarten()` sets the text of a page's HTML, and leaves alone what is
verbatim (a quote is shown exactly as its source printed it): code, quotations (<blockquote>, <q>),
elements marked class="verbatim", <cite>, and the text of links to a source, which is the source's
own title. One pass over every page (build.py), hand-written or generated, so the rule is the same
everywhere.
"""

from __future__ import annotations

import html
import re

from .htmltext import TAG, is_verbatim, opens, tag_name

_OPEN = r"(^|[\s(\[{/—–-])"
_SOURCE_LINK = re.compile(r'\shref="[^"]*\bsources/(?!index\b|")[^"]')
_KEEP = {"code", "pre", "kbd", "samp", "script", "style", "textarea", "cite", "title"}  # and verbatim elements


def smart(text: str, before: str = "") -> str:
    """'He said "no" -- it's over' -> 'He said “no” – it’s over'. Plain text in, plain text out;
    `before` is the character just before the text (a quote after a word closes)."""
    if '"' not in text and "'" not in text and "--" not in text:
        return text
    text = (
        re.sub(_OPEN + '"', r"\1“", before[-1:] + text)[len(before[-1:]) :]
        if before
        else re.sub(_OPEN + '"', r"\1“", text)
    )
    text = text.replace('"', "”")
    text = (
        re.sub(_OPEN + "'", r"\1‘", before[-1:] + text)[len(before[-1:]) :]
        if before
        else re.sub(_OPEN + "'", r"\1‘", text)
    )
    text = text.replace("'", "’")
    return text.replace("---", "—").replace("--", "–")


def smarten(page_html: str) -> str:
    """The page's text set typographically, its verbatim text untouched (see the module)."""
    if (
        '"' not in page_html
        and "'" not in page_html
        and "&quot;" not in page_html
        and "&#x27;" not in page_html
        and "&#39;" not in page_html
        and "--" not in page_html
    ):
        return page_html
    out: list[str] = []
    keep: list[str] = []  # open verbatim elements, innermost last
    last = " "  # the last visible character before the current text
    for part in TAG.split(page_html):
        if part.startswith("<"):
            tag = tag_name(part)
            if part.startswith("</"):
                if keep and keep[-1] == tag:
                    keep.pop()
            elif (
                tag
                and opens(part, tag)
                and (keep or tag in _KEEP or is_verbatim(part, tag) or (tag == "a" and _SOURCE_LINK.search(part)))
            ):
                keep.append(tag)
            elif tag in ("p", "li", "td", "th", "div", "br", "h1", "h2", "h3", "h4", "dd", "dt", "section"):
                last = " "
            out.append(part)
            continue
        if not part:
            continue
        text = html.unescape(part)
        if not keep and ('"' in text or "'" in text or "--" in text):
            part = html.escape(smart(text, last), quote=False)
        out.append(part)
        if text.strip() or text:
            last = text[-1]
    return "".join(out)
