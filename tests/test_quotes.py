"""A quote is shown exactly as its source printed it: nothing is written into it on the built site."""

from __future__ import annotations

import re

from langcheck import OpenElements
from pydantic import BaseModel
from sitegen.model import page_path
from sitegen.urls import address


class _VisibleText(OpenElements):
    """The text a reader sees: no scripts, styles or elements marked hidden."""

    def __init__(self):
        super().__init__()
        self.text: list[str] = []

    def handle_data(self, data):
        if not any(tag in ("script", "style", "template") or "hidden" in attrs for tag, attrs in self.stack):
            self.text.append(data)


def visible_text(page_html: str) -> str:
    parser = _VisibleText()
    parser.feed(page_html)
    return " ".join("".join(parser.text).split())


def quotes_in(obj: BaseModel):
    """Every `quote` field inside a record: its sources, a fact-check's claim, a term's moments."""
    for name in type(obj).model_fields:
        value = getattr(obj, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel):
                yield from quotes_in(item)
            elif name == "quote" and isinstance(item, str):
                yield item


def test_every_quote_in_the_data_reads_verbatim_on_the_record_page_that_shows_it(real_site):
    site, dataset = real_site["site"], real_site["dataset"]
    altered, count = [], 0
    for records in dataset.collections.values():
        for record in records.values():
            quotes = list(quotes_in(record))
            if not quotes:
                continue  # nothing to look for on its page
            url = address(page_path(record.collection, record.id))
            text = visible_text((site / url / "index.html").read_text(encoding="utf-8"))
            for quote in quotes:
                count += 1
                if " ".join(quote.split()) not in text:
                    altered.append(f"{url}: {quote[:80]}")
    assert count > 300
    assert not altered, f"{len(altered)} quotes are not shown verbatim:\n" + "\n".join(altered)


def test_a_source_title_and_a_session_topic_read_verbatim_in_their_facts(real_site):
    """A source's title (often a Chinese headline) and a study session's official topic in Chinese
    are verbatim too, in the facts list of their page (the heading above never takes glosses);
    a session without its Chinese topic says why in its place."""
    from sitegen.typography import smart

    site, dataset = real_site["site"], real_site["dataset"]
    checks = [(address(page_path("sources", s.id)), "Title", s.title) for s in dataset.collections["sources"].values()]
    sessions = dataset.collections["study_sessions"].values()
    checks += [(address(page_path("study_sessions", r.id)), "Topic in Chinese", r.zh) for r in sessions if r.zh]
    # A session whose Chinese topic no source gave says so where the topic would be (prose, so in
    # the site's typography: curly apostrophes).
    checks += [
        (address(page_path("study_sessions", r.id)), "Not in the sources read", smart(r.not_found))
        for r in sessions
        if not r.zh
    ]
    altered = []
    for url, label, value in checks:
        page = (site / url / "index.html").read_text(encoding="utf-8")
        fact = page.split(f"<dt>{label}</dt>", 1)[1].split("</dd>", 1)[0]
        if " ".join(value.split()) not in visible_text(fact):
            altered.append(f"{url} ({label}): {value[:80]}")
    assert len(checks) > 100 and not altered, "\n".join(altered)


def test_the_visible_text_check_sees_inserted_words_and_ignores_hidden_ones():
    quote = "中共中央政治局10月31日"
    glossed = '<blockquote><p><a>中共中央政治局</a><span class="term-gloss"> (Zhōnggòng, “Politburo”)</span>10月31日</p></blockquote>'
    assert quote not in visible_text(glossed)
    assert quote in visible_text(f"<p>{quote[:7]}<span hidden>(hidden)</span><a>{quote[7:]}</a></p><script>x</script>")


def test_a_source_without_its_real_title_says_why_and_every_copy_names_its_original():
    from conftest import ROOT
    from sitegen import load_dataset

    sources = load_dataset(ROOT / "data").collections["sources"].values()
    unexplained = [
        s.id
        for s in sources
        if s.title.startswith("[")
        and not re.search(
            r"not (retrieved|identified|recorded|found)|reconstructed|shows no title",
            " ".join((s.summary or "").split()),
        )
    ]
    assert unexplained == []
    assert all(s.original for s in sources if s.access == "copy")
