"""Anchors everywhere: every paragraph of the hand-written pages has an authored, readable id, and
a keyboard-reachable "copy link" button copies the full address of a heading or paragraph."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from conftest import ROOT

DOCS = ROOT / "docs"
PAGES = ["index.md"] + sorted(p.relative_to(DOCS).as_posix() for p in (DOCS / "explainers").glob("*.md"))
READABLE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")  # lowercase kebab-case
AUTOMATIC = re.compile(r"^(?:_.*|\d.*|.*_\d+|(?:p|para|paragraph|section|item|li|id|anchor|block|toc)[-_]?\d+)$")
#                         _1, 12, text_2, p3, para-4, section-2: what a generator writes


def _html_path(page: str) -> str:
    return "index.html" if page == "index.md" else page[:-3] + "/index.html"


# Containers that Markdown does not write: what the theme and hooks add around the page's text
# (the citation box, glossary descriptions, ...). Paragraphs inside them are not the page's prose.
ADDED = ("section", "nav", "aside", "header", "footer", "form", "div")


class _Article(HTMLParser):
    """Ids of the whole document, and the prose paragraphs and list items inside <article>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # >0 while inside <article>
        self.added: list[str] = []  # open containers added by the theme or hooks, inside the article
        self.ids: list[str] = []
        self.paragraphs: list[str | None] = []  # id of each prose <p> (None if it has none)
        self.items: list[str] = []  # ids of prose <li>
        self.headings: list[str | None] = []  # ids of the page's own h1-h4

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "article":
            self.depth += 1
        elif not self.depth:
            return
        elif tag in ADDED:  # an admonition (a <div class="admonition">) is Markdown's own
            self.added.append(tag if self.added or "admonition" not in (attrs.get("class") or "").split() else "")
        elif tag == "p" and not any(self.added):
            self.paragraphs.append(attrs.get("id"))
        elif tag == "li" and attrs.get("id") and not any(self.added):
            self.items.append(attrs["id"])
        elif tag in ("h1", "h2", "h3", "h4") and not any(self.added):
            self.headings.append(attrs.get("id"))

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        elif self.depth and tag in ADDED and self.added:
            self.added.pop()


def _parse(real_site, page: str) -> _Article:
    parser = _Article()
    parser.feed((real_site["site"] / _html_path(page)).read_text(encoding="utf-8"))
    return parser


def _authored(page: str) -> set[str]:
    return set(re.findall(r"\{ *#([a-z0-9-]+) *\}", (DOCS / page).read_text(encoding="utf-8")))


def test_the_hand_written_pages_are_the_home_page_and_six_explainers():
    assert PAGES[0] == "index.md" and len(PAGES) >= 7


@pytest.mark.parametrize("page", PAGES)
def test_every_paragraph_in_the_article_has_an_authored_readable_id(real_site, page):
    parsed = _parse(real_site, page)
    assert len(parsed.paragraphs) >= 5, f"{page}: only {len(parsed.paragraphs)} paragraphs found in <article>"
    missing = parsed.paragraphs.count(None)
    assert missing == 0, (
        f"{page}: {missing} of {len(parsed.paragraphs)} paragraphs have no id; add "
        "`{ #short-readable-slug }` on its own line directly after the paragraph"
    )
    anchors = [i for i in parsed.paragraphs if i] + parsed.items
    not_readable = [i for i in anchors if not READABLE.match(i) or AUTOMATIC.match(i) or len(i) < 4]
    assert not_readable == [], f"{page}: ids that look generated or are not kebab-case: {not_readable}"
    # Authored in the Markdown source, never derived from the text at build time: editing the
    # words of a paragraph or heading cannot change its address.
    not_authored = sorted(set(anchors) - _authored(page))
    assert not_authored == [], f"{page}: ids not written in docs/{page}: {not_authored}"


@pytest.mark.parametrize("page", PAGES)
def test_headings_keep_their_authored_ids(real_site, page):
    headings = _parse(real_site, page).headings
    assert len(headings) >= 3 and set(headings) <= _authored(page), f"{page}: headings without an authored id"


@pytest.mark.parametrize("page", PAGES)
def test_ids_are_unique_on_each_page(real_site, page):
    ids = _parse(real_site, page).ids
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert duplicates == [], f"{page}: duplicate ids {duplicates}"


def test_the_copy_link_script_and_style_are_on_every_page(real_site):
    bundle = (real_site["site"] / "stylesheets" / "site.css").read_text(encoding="utf-8")
    assert "/* stylesheets/permalinks.css */" in bundle and ".copy-link" in bundle  # served in the one stylesheet
    for page in PAGES:
        html = (real_site["site"] / _html_path(page)).read_text(encoding="utf-8")
        assert "javascripts/permalinks.js" in html and "stylesheets/site.css" in html, page


# ---- in a real browser -------------------------------------------------------------------------

EXPLAINER = "explainers/social-credit/"
PARAGRAPH = "court-blacklist-defaulters"


def _clipboard_context(browser, site, **options):
    context = browser.new_context(**options)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.origin)
    return context


def test_every_heading_paragraph_and_list_item_gets_a_named_copy_button(browser, site):
    page = browser.new_page()
    page.goto(site.url + EXPLAINER)
    buttons = page.eval_on_selector_all(
        ".md-content article button.copy-link",
        "els => els.map(b => [b.dataset.target, b.type, b.getAttribute('aria-label'), b.closest('[id]').id])",
    )
    page.close()
    targets = [b[0] for b in buttons]
    authored = _authored("explainers/social-credit.md") - {"social-credit"}  # all but the h1
    assert PARAGRAPH in authored and "court-blacklist" in authored
    missing = sorted(i for i in authored if targets.count(i) != 1)
    assert missing == [], f"headings and paragraphs without exactly one copy button: {missing}"
    for target, kind, name, owner in buttons:
        assert kind == "button" and owner == target
        assert name.startswith("Copy link to "), name
    names = {b[0]: b[2] for b in buttons}
    assert names[PARAGRAPH] == "Copy link to this paragraph"
    assert names["court-blacklist"] == "Copy link to section: The court blacklist"


def test_tab_reaches_a_copy_button_and_enter_copies_the_full_address(browser, site):
    context = _clipboard_context(browser, site, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site.url + EXPLAINER + "?h=credit")  # a search-highlight query is not copied
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('copy-link')"):
            break
    else:
        pytest.fail("300 presses of Tab never reached a copy-link button")
    target = page.evaluate("document.activeElement.dataset.target")
    page.wait_for_function("getComputedStyle(document.activeElement).opacity === '1'")  # visible on focus
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.copy-link-status').textContent === 'Link copied'")
    copied = page.evaluate("navigator.clipboard.readText()")
    status = page.locator(".copy-link-status")
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
    assert copied == f"{site.url}{EXPLAINER}#{target}", copied
    assert page.url.endswith("?h=credit")  # copying neither navigates nor scrolls to the anchor
    context.close()


def test_a_paragraph_link_is_copied_when_the_clipboard_api_is_missing(browser, site):
    """As on file:// or plain http: the hidden-field fallback copies the address."""
    context = _clipboard_context(browser, site, viewport={"width": 1280, "height": 800})
    context.add_init_script(
        "window.__clipboard = navigator.clipboard;"
        "Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});"
    )
    page = context.new_page()
    page.goto(site.url + EXPLAINER)
    button = page.locator(f"#{PARAGRAPH} > button.copy-link")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.copy-link-status').textContent === 'Link copied'")
    assert page.evaluate("window.__clipboard.readText()") == f"{site.url}{EXPLAINER}#{PARAGRAPH}"
    assert page.evaluate("document.activeElement.dataset.target") == PARAGRAPH  # focus stays on the button
    assert page.locator(".copy-link-field").count() == 0
    context.close()


def test_on_a_touch_screen_the_buttons_show_without_hover_and_fit(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(site.url + EXPLAINER)
    button = page.locator(f"#{PARAGRAPH} > button.copy-link")
    assert page.evaluate("matchMedia('(hover: none)').matches")
    assert button.evaluate("b => getComputedStyle(b).opacity") == "1"
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert box["width"] >= 24 and box["height"] >= 24  # WCAG 2.2 target size
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing sideways
    context.close()


def test_the_button_does_not_move_the_text(browser, site):
    """Showing the button (hover, focus) changes only its opacity, never the paragraph's size."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(site.url + EXPLAINER)
    paragraph = page.locator(f"#{PARAGRAPH}")
    paragraph.scroll_into_view_if_needed()
    before = paragraph.bounding_box()
    assert paragraph.locator(".copy-link").evaluate("b => getComputedStyle(b).opacity") == "0"
    paragraph.hover()
    page.wait_for_function(f"getComputedStyle(document.querySelector('#{PARAGRAPH} > .copy-link')).opacity === '1'")
    assert paragraph.bounding_box() == before
    page.close()


def test_without_javascript_there_are_no_buttons_and_the_anchor_still_works(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{site.url}{EXPLAINER}#{PARAGRAPH}")
    assert page.locator("button.copy-link").count() == 0
    assert page.locator(".copy-link-status").count() == 0
    box = page.locator(f"#{PARAGRAPH}").bounding_box()
    header = page.locator(".md-header").bounding_box()["height"]  # not hidden under the fixed header
    assert box is not None and header <= box["y"] < 400, f"#{PARAGRAPH} not scrolled into view: {box}"
    context.close()
