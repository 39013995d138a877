"""Checks on what a build writes outside the templates, whoever wrote it (the theme, a plugin, the
engine): a string from data/ must reach each output escaped for that output's context.

    search_index_errors(index)   # Material's search/search_index.json: shown as HTML in the results
    secure_page(html)            # every page: a strict Content-Security-Policy (inline scripts by
                                 # hash), a referrer policy, rel="noopener noreferrer" outward

Templates escape through Jinja's autoescape; these files are assembled in Python, where a
forgotten html.escape would otherwise only show in a reader's browser.
"""

from __future__ import annotations

import base64
import hashlib
import re

from .errors import DataError

SEARCH_INDEX = "search/search_index.json"
# The markup the theme's indexer keeps from a page (a result shows it): bare tags, no attributes.
_SEARCH_TAGS = {
    "p",
    "ul",
    "ol",
    "li",
    "code",
    "pre",
    "em",
    "strong",
    "b",
    "i",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "br",
    "hr",
    "sub",
    "sup",
    "mark",
    "kbd",
}
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)([^>]*)>|<[!?/]")


def unsafe_markup(text: str) -> str | None:
    """The first piece of markup in `text` that the search results would turn into anything but a
    bare formatting tag (an element with attributes, a script, an image, a comment), else None."""
    for m in _TAG.finditer(text):
        closing, name, rest = m.group(1), m.group(2), m.group(3)
        if name is None or name.lower() not in _SEARCH_TAGS or rest.strip(" /") and not closing:
            return m.group(0)
    return None


def search_index_errors(index: dict) -> list[DataError]:
    """An error for each field of the search index that holds markup a search result would run."""
    errors = []
    for doc in index.get("docs", []):
        for key in (
            k for k, v in doc.items() if isinstance(v, str) and k != "location"
        ):  # title, text, and any field added
            found = unsafe_markup(doc[key])
            if found:
                errors.append(
                    DataError(
                        SEARCH_INDEX,
                        None,
                        doc.get("location") or "(home)",
                        key,
                        f"holds markup '{found[:60]}' that a search result would run; "
                        "whatever wrote it must escape the text (html.escape)",
                    )
                )
    return errors


# --- every page: a Content-Security-Policy, a referrer policy, external links without opener ----

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_SCRIPT_TYPE = re.compile(r"""\stype=["']?([^"'\s>]+)""", re.I)
_CLASSIC = {"", "text/javascript", "application/javascript", "module"}
_EXTERNAL_LINK = re.compile(r"""<a(?=[^>]*\shref="https?://)\s[^>]*>""")
_REL = re.compile(r'\srel="([^"]*)"')
CSP_META = re.compile(r'<meta (?:http-equiv="Content-Security-Policy"|name="referrer")[^>]*>\s*')
_CHARSET = re.compile(r'\s*<meta charset="[^"]*">', re.I)
REFERRER = "no-referrer"  # a reader's path through the site is no business of the sites it cites


def script_hashes(page: str) -> list[str]:
    """'sha256-…' of each inline script a browser would run, in order (JSON data blocks excluded)."""
    hashes = []
    for m in _INLINE_SCRIPT.finditer(page):
        kind = _SCRIPT_TYPE.search(m.group(1))
        if (kind.group(1).lower() if kind else "") in _CLASSIC:
            digest = hashlib.sha256(m.group(2).encode("utf-8")).digest()
            hashes.append("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return list(dict.fromkeys(hashes))


def content_security_policy(page: str, extra_hashes: tuple[str, ...] = ()) -> str:
    """A strict policy for `page`: scripts only from the site itself or inline with a hash of their
    exact text (no 'unsafe-inline'), nothing from any other host, no plugins, no <base> change.
    Styles keep 'unsafe-inline': the theme and the visuals set style attributes."""
    scripts = " ".join(["'self'", *script_hashes(page), *extra_hashes])
    return (
        "default-src 'self'; "
        f"script-src {scripts}; "
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
        "frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
    )


def secure_page(page: str, extra_hashes: tuple[str, ...] = ()) -> str:
    """The policy and the referrer policy first in <head>, after the character set (a policy covers
    only what follows it),
    and rel="noopener noreferrer" on every link to another site."""
    page = _EXTERNAL_LINK.sub(_no_opener, CSP_META.sub("", page))
    head = page.find("<head>")
    if head < 0:
        return page
    meta = (
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(page, extra_hashes)}">\n'
        f'<meta name="referrer" content="{REFERRER}">\n'
    )
    at = head + len("<head>")
    charset = _CHARSET.match(page, at)  # the encoding stays within the first 1,024 bytes
    at = charset.end() if charset else at
    return page[:at] + "\n" + meta + page[at:].lstrip("\n")


def _no_opener(m: re.Match) -> str:
    tag = m.group(0)
    rel = _REL.search(tag)
    if rel is None:
        return tag[:-1].rstrip("/ ") + ' rel="noopener noreferrer">'
    words = rel.group(1).split()
    words += [w for w in ("noopener", "noreferrer") if w not in words]
    return tag[: rel.start()] + f' rel="{" ".join(words)}"' + tag[rel.end() :]
