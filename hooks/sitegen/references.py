"""References that do not interrupt the sentence.

An author marks a link as a reference with a class: `[Strittmatter's interview](../sources/strittmatter-2019.md){ .ref }`.
A link whose text is only a generic word ("source", "record", "fact-check", "glossary", "why", ...) is
treated the same way, so text written in the older style, or by a contributor who does not know the
convention, still reads well. On the built page each reference becomes a small numbered marker that
links straight to its target (one click to the record or source), named for screen readers and on
hover after what it leads to ("Source: Xi's worrying tech curriculum"); the brackets and commas
around a run of references go. One number per target; a numbered list of the page's references,
each with its kind and title, ends the page. A glossary link right after a term that already links
to the same entry is dropped (the term is the link).

The titles come from the data (records) and the hand-written pages' headings (`Titles`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from .htmltext import tag_han
from .model import COLLECTIONS, page_path
from .typography import smart
from .urls import address, as_directory, resolve

GENERIC = {
    "source",
    "sources",
    "record",
    "records",
    "fact-check",
    "fact-checks",
    "factcheck",
    "glossary",
    "why",
    "explainer",
    "here",
    "link",
    "more",
    "details",
    "entry",
    "page",
    "see",
    "read more",
    "this",
    "data",
    "card",
    "the record",
    "the source",
    "same source",
}

_LINK = re.compile(r"<a (?P<attrs>[^>]*)>(?P<text>(?:(?!</a>).)*)</a>", re.S)
_HREF = re.compile(r'\bhref="([^"]*)"')
_CLASS = re.compile(r'\bclass="([^"]*)"')
_TAGS = re.compile(r"<[^>]+>")
# A bracket holding nothing but references: "(source)", "(same source, record)", "(see fact-check)".
_JOIN = r"\s*(?:,|;|and)?\s*(?:same\s+|see\s+|also\s+)?"
_GROUP = re.compile(r"\s?\((?:same\s+|see\s+)?((?:\x00\d+\x00" + _JOIN + r")+)\)")
_ALONE = re.compile(r"(?:,\s*|\s)?(?:same\s+)?\x00(\d+)\x00")
_MARK = re.compile(r"\x00(\d+)\x00")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*\{\s*#([a-z0-9-]+)[^}]*\}\s*$", re.M)


@dataclass
class Titles:
    """What a link leads to, by address in the directory style ('sources/x/', 'explainers/y/#z'):
    (kind, title)."""

    by_address: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, dataset, docs_dir: Path | None, generated: dict[str, str] | None = None) -> Titles:
        """From the records, the hand-written pages under `docs_dir` and the generated Markdown pages."""
        titles = cls()
        for path, text in (generated or {}).items():  # indexes, timeline, map...: their first heading
            heading = re.search(r"^# (.+?)(?:\s*\{[^}]*\})?\s*$", text, re.M) if path.endswith(".md") else None
            if heading:
                titles.by_address[address(path)] = ("Page", _text(heading.group(1)))
        for collection, records in dataset.collections.items():
            model = COLLECTIONS[collection]
            kind = model.cited_as or model.singular  # as its registration says a reference to it reads
            for record in records.values():
                titles.by_address[address(page_path(collection, record.id))] = (kind, _text(record.title))
        docs = Path(docs_dir or ".")
        for file in sorted(docs.rglob("*.md")) if docs_dir else []:
            rel = file.relative_to(docs).as_posix()
            headings = _HEADING.findall(file.read_text(encoding="utf-8"))
            if not headings:
                continue
            page = address(rel)
            kind = "Explainer" if rel.startswith("explainers/") else "Page"
            title = _text(headings[0][0])
            titles.by_address[page] = (kind, title)
            for heading, anchor in headings[1:]:
                titles.by_address[f"{page}#{anchor}"] = (kind, f"{title}: {_text(heading)}")
        return titles

    def get(self, url: str) -> tuple[str, str] | None:
        """(kind, title) of what the address `url` leads to (in either address style), or of its page."""
        url = as_directory(url)
        return self.by_address.get(url) or self.by_address.get(url.partition("#")[0])


def _text(markup: str) -> str:
    plain = html.unescape(_TAGS.sub("", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markup)))
    return smart(" ".join(re.sub(r"\\(.)", r"\1", plain).split()))


def is_generic(text: str) -> bool:
    """Whether a link's text is a generic word ('source', 'record'…), so that it becomes a reference."""
    return _text(text).lower().strip(" .:") in GENERIC


def references(page_html: str, page_url: str, titles: Titles) -> str:
    """Turn a page's references into numbered markers and list them at its end (see the module)."""
    links: list[tuple[str, str, str]] = []  # (whole link, href, text) of each reference

    def take(m: re.Match) -> str:
        attrs, text = m.group("attrs"), m.group("text")
        found = _CLASS.search(attrs)
        classes = found.group(1).split() if found else []
        href = _HREF.search(attrs)
        if not href or "term" in classes or "headerlink" in classes or not ("ref" in classes or is_generic(text)):
            return m.group(0)
        links.append((m.group(0), html.unescape(href.group(1)), text))
        return f"\x00{len(links) - 1}\x00"

    marked = _LINK.sub(take, page_html)
    if not links:
        return page_html
    numbers: dict[str, int] = {}
    terms = set(re.findall(r'<a class="term"[^>]*href="([^"]*)"', page_html))

    def number(i: int) -> str:
        whole, href, text = links[i]
        if href in terms and "/glossary/" in "/" + href:
            return ""  # the term before it already links to this entry
        n = numbers.setdefault(href, len(numbers) + 1)
        kind, title = _describe(href, text, page_url, titles)
        label = html.escape(f"Reference {n}, {kind}: {title}")
        return f'<a class="ref" href="{html.escape(href)}" aria-label="{label}" title="{label[len(f"Reference {n}, ") :]}">{n}</a>'

    def group(m: re.Match) -> str:
        marks = [number(int(i)) for i in _MARK.findall(m.group(1))]
        marks = [x for x in marks if x]
        return f'<sup class="refs">{",".join(marks)}</sup>' if marks else ""

    out = _GROUP.sub(group, marked)
    out = _ALONE.sub(lambda m: (lambda x: f'<sup class="refs">{x}</sup>' if x else "")(number(int(m.group(1)))), out)
    return out + (_reference_list(numbers, page_url, titles, links) if numbers else "")


def _describe(href: str, text: str, page_url: str, titles: Titles) -> tuple[str, str]:
    if "://" in href:
        return "Web page", re.sub(r"^https?://(www\.)?", "", href).split("/")[0]
    target = href if not href.startswith("#") else page_url + href
    path, _, anchor = target.partition("#")
    url = resolve(path, page_url) + (f"#{anchor}" if anchor else "")
    found = titles.get(url)
    if found:
        return found[0], smart(found[1])
    return "Page", _text(text)


def _reference_list(numbers: dict[str, int], page_url: str, titles: Titles, links) -> str:

    texts = {href: text for _, href, text in links}
    items = []
    for href, n in numbers.items():
        kind, title = _describe(href, texts[href], page_url, titles)
        items.append(
            f'<li value="{n}"><span class="ref-kind">{html.escape(kind)}:</span> '
            f'<a href="{html.escape(href)}">{tag_han(html.escape(title, quote=False))}</a></li>'
        )
    return (
        '<section class="references" aria-labelledby="references">'
        '<h2 id="references">References on this page</h2>'
        f"<ol>{''.join(items)}</ol></section>"
    )
