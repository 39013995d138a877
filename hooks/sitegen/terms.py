"""Chinese terms in running text: find them, record where each is used, and mark them up.

`TermIndex` maps hanzi to glossary entries and finds the longest term at each position of a
text (one dictionary look-up per term length, so the work grows with the text, not with the
number of terms). `annotate()` rewrites a page's HTML so that every glossary term in its text
links to its entry, with the data a small script needs to open an accessible popover; the
first use on a page also shows the pinyin and English in the text itself, except where inserted
text would alter words someone else wrote (see `annotate`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .htmltext import TAG, VOID, is_verbatim, opens, tag_name
from .model import HAN_CHARS, Term, page_path, toneless
from .search import NAMES_BOOST, hidden_words, name_words
from .typography import smart
from .urls import address, as_directory, directory_urls_of, relative

PROPER_NAMES = {"person", "company", "place"}  # glossary categories whose hanzi are a name, not words
_HAN_RUN = re.compile(f"[{HAN_CHARS}·]+")  # terms are hanzi, a few with a middle dot
# Text that may hold a term: a hanzi, or a character reference that could stand for one.
_MAY_HOLD_TERM = re.compile(f"[{HAN_CHARS}]|&#")
_SKIP = {
    "a",
    "code",
    "pre",
    "script",
    "style",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "title",
    "textarea",
    "button",
    "time",
    "summary",
    "dt",
    "th",
}
# Verbatim text (htmltext.is_verbatim): terms in it are linked (the popover explains them) but
# nothing is ever written into it.
_HAN_CHAR = re.compile(f"[{HAN_CHARS}]")


@dataclass(frozen=True)
class Entry:
    id: str
    zh: str
    pinyin: str
    gloss: str


class TermIndex:
    def __init__(self, terms: Sequence[Term]):
        self.by_zh: dict[str, Entry] = {}
        for t in terms:  # the first entry for a spelling wins; ids keep later ones apart
            self.by_zh.setdefault(t.zh, Entry(t.id, t.zh, t.pinyin, t.title))
        self.by_id: dict[str, Entry] = {e.id: e for e in self.by_zh.values()}
        self.lengths = sorted({len(z) for z in self.by_zh}, reverse=True)

    def find(self, text: str):
        """Yield (start, end, Entry) for the longest terms in text, left to right, not overlapping.
        Only runs of hanzi are scanned, so English text costs one regular-expression pass."""
        for run in _HAN_RUN.finditer(text):
            i, n = run.start(), run.end()
            while i < n:
                for length in self.lengths:
                    entry = self.by_zh.get(text[i : i + length]) if i + length <= n else None
                    if entry:
                        yield i, i + length, entry
                        i += length
                        break
                else:
                    i += 1

    def used_in(self, text: str) -> set[str]:
        """The ids of the glossary terms that occur in `text`."""
        return {entry.id for _, _, entry in self.find(text)}


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def term_usage(dataset, docs_dir: Path | None) -> dict[str, list[tuple[str, str, str]]]:
    """{term id: [(kind, label, page path)]}: every record and hand-written page using the term."""
    index = TermIndex(list(dataset.records(Term).values()))
    usage: dict[str, list[tuple[str, str, str]]] = {}
    for collection, records in dataset.collections.items():
        for record in records.values():
            text = "\n".join(_strings(record.model_dump(mode="json")))
            for term_id in sorted(index.used_in(text)):
                if (collection, record.id) != ("glossary", term_id):
                    usage.setdefault(term_id, []).append((collection, record.title, page_path(collection, record.id)))
    if docs_dir is not None:
        for path in sorted(Path(docs_dir).rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            title = next((line[2:].split(" {")[0] for line in text.splitlines() if line.startswith("# ")), path.stem)
            for term_id in sorted(index.used_in(text)):
                usage.setdefault(term_id, []).append(("page", title, path.relative_to(docs_dir).as_posix()))
    return usage


_MARKED = re.compile(
    r'<a (?=[^>]*class="term")(?![^>]*data-zh)([^>]*?)href="([^"]*?glossary/([a-z0-9-]+)(?:/|/index\.md|\.md|\.html)?)"([^>]*)>'
)


def _mark_renderings(page_html: str, index: TermIndex) -> str:
    """An author's link to an entry marked `{ .term }` (an English rendering) gets the popover data."""
    if 'class="term"' not in page_html:
        return page_html  # the common case; spares a search for links over the whole page

    def enrich(m: re.Match) -> str:
        entry = index.by_id.get(m.group(3))
        if entry is None:
            return m.group(0)
        a = html.escape
        return (
            f'<a {m.group(1)}href="{m.group(2)}"{m.group(4)} data-zh="{a(entry.zh)}" data-pinyin="{a(entry.pinyin)}" '
            f'data-gloss="{a(entry.gloss)}" aria-describedby="term-{a(entry.id)}">'
        )

    return _MARKED.sub(enrich, page_html)


def annotate(page_html: str, index: TermIndex, page_url: str, glossary_url: str = "glossary/") -> str:
    """Link every glossary term in the text of `page_html` (a page's content) to its entry, and give
    links an author marked as terms (`[cyber sovereignty](../glossary/wangluo-zhuquan.md){ .term }`)
    the same popover.

    A term's pinyin and English are written out after its first use in running text, never inside
    verbatim text: not in a quotation (<blockquote>, <q>) or any element marked class="verbatim"
    (quotes, Chinese titles and topics), and not between the term and a hanzi right after it,
    where the term begins or is inside a longer Chinese name or phrase. There the term is only
    linked, and its first use elsewhere on the page is written out instead.

    `page_url` is the page's address relative to the site root ('explainers/x/', or 'explainers/x.html'
    in a build without directory URLs); links are relative to it and in its style (urls.py), so the
    site works under any sub-path and from file://.
    """
    page_html = _mark_renderings(page_html, index)
    if not _MAY_HOLD_TERM.search(page_html):
        return page_html  # no hanzi anywhere (about half the pages): nothing to link
    out: list[str] = []
    skip: list[str] = []
    seen: set[str] = set()
    cells = 0  # inside a table cell: the table's other columns give pinyin and meaning, so no gloss
    verbatim: list = []  # [tag, depth] of the outermost verbatim element the text is in
    parts = TAG.split(page_html)
    for k, part in enumerate(parts):
        if part.startswith("<"):
            tag = tag_name(part)
            if tag == "td":
                cells += -1 if part.startswith("</") else 1
            opening = opens(part, tag)
            if verbatim and tag == verbatim[0]:
                verbatim[1] += 1 if opening else -1 if part.startswith("</") else 0
                if verbatim[1] == 0:
                    verbatim.clear()
            elif not verbatim and opening and is_verbatim(part, tag):
                verbatim[:] = [tag, 1]
            if part.startswith("</"):
                if skip and skip[-1] == tag:
                    skip.pop()
            elif tag in _SKIP and not part.endswith("/>") and tag not in VOID:
                skip.append(tag)
            out.append(part)
            continue
        if skip or not _MAY_HOLD_TERM.search(part):
            out.append(part)
            continue
        text = html.unescape(part)
        pos = 0
        pieces: list[str] = []
        for start, end, entry in index.find(text):
            target = address(f"{glossary_url}{entry.id}.md", directory_urls_of(page_url))
            if page_url == target:
                continue  # an entry does not link to itself
            pieces.append(html.escape(text[pos:start], quote=False))
            href = relative(target, page_url)
            inside = verbatim or _HAN_CHAR.match(text[end : end + 1] or _next_char(parts, k))  # nothing written in
            first = entry.id not in seen and not cells and not inside  # written out at its first use in running text
            if first:
                seen.add(entry.id)
            after = text[end:] + html.unescape("".join(p for p in parts[k + 1 : k + 8] if not p.startswith("<")))
            before = html.unescape("".join(p for p in parts[max(0, k - 8) : k] if not p.startswith("<"))) + text[:start]
            pieces.append(
                _term_link(
                    entry,
                    href,
                    expand=first and not _pinyin_follows(after[:80], entry),
                    before=before[-160:],
                    after=after[:80],
                )
            )
            pos = end
        pieces.append(html.escape(text[pos:], quote=False))
        out.append("".join(pieces) if pos else part)
    return "".join(out)


_INLINE = {"a", "span", "em", "strong", "b", "i", "abbr", "small", "mark", "cite", "q", "sup", "sub"}


def _next_char(parts: list[str], k: int) -> str:
    """The visible character after parts[k] in the same run of inline text; '' at the end of a
    paragraph, cell or other block."""
    k += 1
    while k < len(parts):
        part = parts[k]
        if part.startswith("<"):
            if tag_name(part) not in _INLINE:
                return ""
        elif part:
            text = html.unescape(part)
            return text[0]
        k += 1
    return ""


def _pinyin_follows(after: str, entry: Entry) -> bool:
    """True if the text right after the term already gives its pinyin."""
    return entry.pinyin.lower()[:6] in after.lower()


def _plain(text: str) -> str:
    """Lower case, curly quotes straight: for asking whether a sentence already says a gloss."""
    for a, b in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):
        text = text.replace(a, b)
    return " ".join(text.lower().split())


def _term_link(entry: Entry, href: str, expand: bool, before: str = "", after: str = "") -> str:
    """The term as a link to its entry; at its first use also its pinyin, and its English unless the
    sentence just said it. One pair of brackets at most: inside the author's own brackets
    ("Hikvision (海康威视" + ", Hǎikāng Wēishì") the gloss joins them instead of opening new ones.
    The hanzi are set in the CJK face (lang="zh-Hans"), pinyin and English in the text face."""
    a = html.escape
    link = (
        f'<a class="term" lang="zh-Hans" href="{a(href)}" data-zh="{a(entry.zh)}" data-pinyin="{a(entry.pinyin)}" '
        f'data-gloss="{a(entry.gloss)}" aria-describedby="term-{a(entry.id)}">{a(entry.zh, quote=False)}</a>'
    )
    if not expand:
        return link
    words = [f'<span class="pinyin" lang="zh-Latn-pinyin">{a(entry.pinyin, quote=False)}</span>']
    english = _plain(entry.gloss).strip("\"'")
    if english not in _plain(before) and english not in _plain(after):  # "Hikvision (海康威视": no "Hikvision" again
        gloss = smart(entry.gloss) if entry.gloss[:1] in "\"“‘'" else f"“{entry.gloss}”"  # a quoted title keeps its own
        words.append(a(gloss, quote=False))
    inside = before.rfind("(") > before.rfind(")")  # within the author's brackets: join them
    gloss = ", " + ", ".join(words) if inside else " (" + ", ".join(words) + ")"
    return f'{link}<span class="term-gloss" lang="en">{gloss}</span>'


def descriptions(page_html: str, index: TermIndex) -> str:
    """Hidden descriptions the term links point at (aria-describedby), one per term on the page."""
    ids = sorted(set(re.findall(r'aria-describedby="term-([a-z0-9-]+)"', page_html)))
    if not ids:
        return ""
    by_id = index.by_id
    items = "".join(
        f'<span id="term-{i}"><span lang="zh-Latn-pinyin">{html.escape(by_id[i].pinyin)}</span>: '
        f"{html.escape(by_id[i].gloss)}</span>"
        for i in ids
        if i in by_id
    )
    # hidden, and kept out of the search index (Material's data-search-exclude): a result's text
    # would otherwise end with descriptions the reader never sees on the page
    return f'<div class="term-descriptions" hidden data-search-exclude>{items}</div>'


def enrich_search_index(index: dict, terms: Sequence[Term], glossary_url: str = "glossary/") -> dict:
    """Make words inside longer hanzi tokens findable, and glossary entries findable by their hanzi
    and pinyin, in fields a search result never shows (sitegen/search.py says why and how).

    Each index entry gets `words` (the words inside its longer tokens); a glossary entry's page
    gets `names` (its hanzi, and its pinyin with tones, without and run together; a person's or
    company's pinyin only if it is not the English name, which the title holds). Title and text
    stay the page's own words. Everything written is HTML-escaped: a result shows fields as HTML.
    """
    by_location = {f"{glossary_url}{t.id}/": t for t in terms}
    fields = index.setdefault("config", {}).setdefault("fields", {})
    fields.setdefault("words", {"boost": 1.0})
    fields.setdefault("names", {"boost": NAMES_BOOST})
    for doc in index.get("docs", []):
        words = hidden_words(doc.get("title") or "", doc.get("text") or "")
        if words:
            doc["words"] = words
        term = by_location.get(as_directory(doc.get("location") or ""))
        if term is not None:
            plain = toneless(term.pinyin)
            name = re.sub(r"[^a-z]", "", plain.lower()) == re.sub(r"[^a-z]", "", str(term.title).lower())
            doc["names"] = name_words(
                term.zh, "" if name else term.pinyin, "" if name else plain, compound=term.category not in PROPER_NAMES
            )
    return index
