"""Print, checked in headless Chromium: what a teacher gets from the browser's Print command.
A teacher pack fits one A4 page; the reader page prints every part; navigation, search and
buttons are gone; link addresses are listed once at the end; glosses are not repeated."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

PACKS = sorted(re.findall(r"^- explainer: ([a-z0-9-]+)", (ROOT / "data" / "teaching.yml").read_text(), re.M))


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def _printed(browser, url: str):
    page = browser.new_page()
    page.goto(url)
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # print.js fills the addresses
    return page


@pytest.mark.parametrize("explainer", PACKS)
def test_a_teacher_pack_prints_on_one_a4_page(browser, site, explainer):
    page = _printed(browser, f"{site.url}packs/{explainer}/")
    pdf = page.pdf(format="A4", print_background=False)
    assert _pdf_pages(pdf) == 1, f"packs/{explainer}/ prints on {_pdf_pages(pdf)} pages"
    page.close()


def test_print_hides_navigation_search_and_buttons_and_writes_out_link_addresses(browser, site):
    page = _printed(browser, f"{site.url}explainers/social-credit/")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.md-search', '.copy-link', '.cite-copy']
        .map(s => document.querySelector(s)).filter(Boolean).map(el => getComputedStyle(el).display)""")
    assert hidden and set(hidden) == {"none"}, hidden
    # issue #16: each address once, in a list at the end, not after every link; no gloss printed twice
    listed = page.evaluate("""() => { const a = [...document.querySelectorAll('.md-content a[data-print-url]')]
        .find(a => !a.classList.contains('term')); const urls = [...document.querySelectorAll('.print-links__url')]
        .map(u => u.textContent); return [a.dataset.printUrl, getComputedStyle(a, '::after').content, urls]; }""")
    assert listed[0].startswith(site.url) and listed[1] == "none", listed[:2]
    assert listed[0] in listed[2] and len(listed[2]) == len(set(listed[2])), "each address listed once at the end"
    term = page.evaluate(
        """() => [...document.querySelectorAll('a.term')].map(a => getComputedStyle(a, '::after').content)"""
    )
    assert set(term) <= {"none"}, "glosses are written once in the text, never again by print.css"
    page.close()


def test_the_reader_prints_every_part_with_hanzi_kept(browser, site):
    page = _printed(browser, f"{site.url}reader/")
    pages = _pdf_pages(page.pdf(format="A4"))
    parts = page.evaluate("document.querySelectorAll('.reader-part').length")
    assert parts >= 8 and pages > parts, (parts, pages)  # each part starts a new page
    lang = page.evaluate("getComputedStyle(document.querySelector('[lang=\"zh-Hans\"]')).fontFamily")
    assert lang, "hanzi keep a font family when printed"
    page.close()


def test_a_long_table_runs_on_from_where_it_stands_and_a_short_one_stays_on_one_page(browser, site):
    """A collection's index (36 rows) is not pushed whole onto the next page, which left the first
    page all but empty; a short table (the 11 technology sessions) is kept together; no row splits."""
    found = {}
    for path in ("sanctions/", "explainers/study-sessions/"):
        page = _printed(browser, f"{site.url}{path}")
        found[path] = page.evaluate("""() => { const t = document.querySelector('article table');
            return {rows: t.tBodies[0].rows.length, table: getComputedStyle(t).breakInside,
                    row: getComputedStyle(t.tBodies[0].rows[0]).breakInside}; }""")
        page.close()
    long, short = found["sanctions/"], found["explainers/study-sessions/"]
    assert long["rows"] > 12 and long["table"] == "auto", long
    assert short["rows"] <= 12 and short["table"] == "avoid", short
    assert long["row"] == short["row"] == "avoid", found
