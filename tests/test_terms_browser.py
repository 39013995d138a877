"""Chinese terms in a real browser: search by hanzi and pinyin, and the glossary popover."""

from __future__ import annotations

import pytest

QUERIES = [  # (query, entry that must be in the top three)
    ("网络主权", "wangluo-zhuquan"),  # a full term in hanzi
    ("主权", "wangluo-zhuquan"),  # a word inside a longer run of hanzi
    ("学习", "jiti-xuexi"),
    ("集体学习", "jiti-xuexi"),
    ("wangluo zhuquan", "wangluo-zhuquan"),  # toneless pinyin
    ("jiti xuexi", "jiti-xuexi"),
    ("wǎngluò zhǔquán", "wangluo-zhuquan"),  # tone-marked pinyin
    ("cyber sovereignty", "wangluo-zhuquan"),  # an English rendering
    ("鸿蒙", "hongmeng"),
    ("hongmeng", "hongmeng"),
]


@pytest.fixture(scope="module")
def box(browser, site):
    """One page of the site, its search box used for every query (the index is loaded once)."""
    from searchcheck import SearchBox

    page = browser.new_page()
    page.goto(site.url)
    yield SearchBox(page, site.url)
    page.close()


@pytest.mark.parametrize("query, entry", QUERIES)
def test_search_finds_the_glossary_entry_in_the_top_three(box, query, entry):
    results = [url.rstrip("/").rsplit("/", 1)[-1] for url in box.query(query, first=3).urls]
    assert entry in results[:3], f"{query!r}: {entry} not in the top three of {results[:5]}"


EXPLAINER = "explainers/social-credit/"


def test_a_term_opens_by_keyboard_and_escape_returns_focus(browser, site):
    page = browser.new_page()
    page.goto(site.url + EXPLAINER)
    term = page.locator("a.term").first
    assert term.get_attribute("aria-haspopup") == "dialog" and term.get_attribute("aria-expanded") == "false"
    term.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Glossary: " + term.get_attribute("data-pinyin"))
    assert dialog.is_visible() and term.get_attribute("aria-expanded") == "true"
    assert term.get_attribute("data-zh") in dialog.inner_text()
    assert page.evaluate("document.activeElement.textContent") == "Open the glossary entry"
    assert dialog.locator("[lang='zh-Hans']").count() == 1 and dialog.locator("[lang='zh-Latn-pinyin']").count() == 1
    page.keyboard.press("Escape")
    assert page.locator(".term-popover").count() == 0
    assert page.evaluate("document.activeElement.classList.contains('term')")
    page.close()


def test_a_term_opens_on_touch_at_phone_width(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(site.url + EXPLAINER)
    term = page.locator("a.term").nth(1)
    term.scroll_into_view_if_needed()
    term.tap()
    box = page.locator(".term-popover")
    assert box.is_visible()
    bounds = box.bounding_box()
    assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= 360  # stays on a phone screen
    assert page.url.endswith(EXPLAINER)  # the tap did not navigate
    context.close()


def test_without_javascript_a_term_is_a_link_to_its_entry(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + EXPLAINER)
    term = page.locator("a.term").first
    href = term.get_attribute("href")
    assert href.startswith("../../glossary/")
    term.click()
    page.wait_for_load_state()
    assert "/glossary/" in page.url and page.locator("h1").count() == 1
    context.close()
