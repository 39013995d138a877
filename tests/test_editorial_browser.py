"""Reading like an editorial explainer (issue #16), checked in Chromium: link texts say where they
go, glosses open no nested brackets and are set in the text face, quotes are typographic, a linked
paragraph is marked with its heading in view, glossary titles lead with the hanzi, the home page's
first phone screen has the lede and a way into an explainer, and print is light even in dark mode."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from sitegen.references import GENERIC

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROSE_PAGES = [""] + [f"explainers/{p.stem}/" for p in sorted((ROOT / "docs" / "explainers").glob("*.md"))]

# One pass over a page's article: link texts, unbalanced gloss brackets, straight double quotes
# in the prose (code and the hidden term descriptions are not prose).
_READ = """() => {
  const article = document.querySelector('.md-content article');
  const links = [...article.querySelectorAll('a[href]')].filter(a => !a.classList.contains('headerlink'))
    .map(a => a.textContent.replace(/\\s+/g, ' ').trim().toLowerCase());
  const nested = [...article.querySelectorAll('.term-gloss')].filter(g => {
    const block = g.closest('p, li, td, dd') || article;
    const range = document.createRange();
    range.setStart(block, 0); range.setEndBefore(g);
    const before = range.toString();
    const open = (before.match(/\\(/g) || []).length - (before.match(/\\)/g) || []).length;
    return open > 0 && g.textContent.trimStart().startsWith('(');
  }).map(g => g.parentElement.textContent.slice(0, 120));
  const clone = article.cloneNode(true);
  clone.querySelectorAll('code, pre, .term-descriptions, .cite-this, script, style').forEach(e => e.remove());
  const straight = (clone.textContent.match(/.{0,40}".{0,40}/g) || []);
  return {links, nested, straight};
}"""


def _platform_fonts(page, selector: str) -> list[str]:
    """The fonts Chromium actually drew the element's text with (not the CSS list it was given)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"nothing matches {selector}"
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return [f["familyName"] for f in fonts]


@pytest.fixture(scope="module")
def read(browser, site):
    """Each prose page loaded once, read once."""
    page = browser.new_page()
    found = {}
    for path in PROSE_PAGES:
        page.goto(site.url + path)
        found[path] = page.evaluate(_READ)
    page.close()
    return found


@pytest.mark.parametrize("path", PROSE_PAGES)
def test_no_link_in_the_prose_has_a_generic_word_as_its_text(read, path):
    generic = [t for t in read[path]["links"] if t.strip(" .:") in GENERIC]
    assert generic == [], f"/{path}: links reading only {sorted(set(generic))}"


@pytest.mark.parametrize("path", PROSE_PAGES)
def test_glosses_open_no_brackets_inside_brackets(read, path):
    assert read[path]["nested"] == [], f"/{path}: a gloss opens a bracket inside another: {read[path]['nested']}"


@pytest.mark.parametrize("path", PROSE_PAGES)
def test_no_straight_double_quotes_in_the_prose(read, path):
    assert read[path]["straight"] == [], f"/{path}: straight quotes in {read[path]['straight'][:3]}"


def test_the_home_page_has_few_links_and_no_generic_ones(read):
    assert len(read[""]["links"]) < 62  # a wall of 62 links before issue #16


def test_pinyin_and_english_glosses_are_drawn_in_the_text_face_and_hanzi_in_a_cjk_face(browser, site):
    page = browser.new_page()
    page.goto(site.url + "explainers/cyber-sovereignty/")
    gloss = page.locator(".term-gloss").first
    assert gloss.count() == 1
    for selector in (".term-gloss .pinyin", ".term-gloss"):
        fonts = _platform_fonts(page, selector)
        assert fonts and not any("CJK" in f for f in fonts), (selector, fonts)
    assert any("CJK" in f for f in _platform_fonts(page, "a.term")), "hanzi in a CJK face"
    page.close()


def test_a_linked_paragraph_is_marked_and_its_heading_stays_in_view(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(site.url + "explainers/social-credit/#court-blacklist-defaulters")
    page.wait_for_load_state("load")
    page.wait_for_timeout(200)
    styles = page.evaluate("""() => ['#court-blacklist-defaulters', '#joint-punishment'].map(s => {
        const c = getComputedStyle(document.querySelector(s)); return c.boxShadow + '|' + c.backgroundColor; })""")
    assert styles[0] != styles[1] and styles[1] == "none|rgba(0, 0, 0, 0)", styles
    top = page.evaluate("document.getElementById('court-blacklist').getBoundingClientRect().top")
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().height")
    assert header <= top < 800, f"the section heading is at {top}px, not in view below the header"
    page.close()


def test_every_glossary_page_h1_holds_its_hanzi(browser, site):
    import yaml

    terms = yaml.safe_load((ROOT / "data" / "glossary.yml").read_text(encoding="utf-8"))
    terms = terms["records"] if isinstance(terms, dict) else terms
    page = browser.new_page()
    page.goto(site.url + "glossary/" + terms[0]["id"] + "/")
    assert page.locator("h1 [lang='zh-Hans']").first.inner_text() == terms[0]["zh"]
    size = page.evaluate("""() => [getComputedStyle(document.querySelector('h1 .term-title__zh')).fontSize,
                                   getComputedStyle(document.querySelector('h1 .term-title__en')).fontSize]""")
    assert float(size[0][:-2]) > float(size[1][:-2]), size  # the hanzi lead, larger than the English
    page.close()
    for term in terms:  # every entry, in the built HTML the browser was given
        html = (site.site / "glossary" / term["id"] / "index.html").read_text(encoding="utf-8")
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
        assert term["zh"] in h1, f"glossary/{term['id']}/: h1 lacks {term['zh']}"


def test_the_first_phone_screen_of_the_home_page_holds_the_lede_and_a_way_into_an_explainer(browser, site):
    page = browser.new_page(viewport={"width": 360, "height": 640})
    page.goto(site.url)
    found = page.evaluate("""() => {
        const lede = document.getElementById('site-chain').getBoundingClientRect();
        const way = [...document.querySelectorAll('.md-content a[href*="explainers/"]')]
          .map(a => a.getBoundingClientRect()).find(r => r.bottom <= innerHeight && r.width > 0);
        const title = document.querySelector('.md-header__topic .md-ellipsis');
        return {lede: lede.bottom, way: !!way, clipped: title.scrollWidth > title.clientWidth + 1};
    }""")
    assert found["lede"] <= 640 and found["way"], found
    assert not found["clipped"], "the site title is cut off in the phone header"
    page.close()


def test_print_from_dark_mode_uses_light_colours(browser, site):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site.url + "claims/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.emulate_media(media="print", color_scheme="dark")
    colours = page.evaluate("""() => [getComputedStyle(document.body).backgroundColor,
        getComputedStyle(document.querySelector('.md-typeset')).color,
        getComputedStyle(document.querySelector('.status') || document.body).color]""")
    pdf = page.pdf(format="A4", print_background=True)
    context.close()

    def luminance(rgb: str) -> float:
        r, g, b = (int(x) for x in re.findall(r"[\d.]+", rgb)[:3])
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255

    assert luminance(colours[0]) > 0.95, f"page background {colours[0]}"
    assert luminance(colours[1]) < 0.3 and luminance(colours[2]) < 0.6, f"text {colours[1]}, badge {colours[2]}"
    assert pdf.startswith(b"%PDF")


def test_every_page_has_a_sharing_card_and_each_explainer_its_own_image(site):
    from PIL import Image

    pages = [p for p in site.site.rglob("index.html") if "<article" in p.read_text(encoding="utf-8")]
    assert len(pages) > 300
    for path in pages:
        head = path.read_text(encoding="utf-8").split("</head>")[0]
        for tag in ('property="og:title"', 'property="og:image"', 'property="og:url"', 'name="twitter:card"'):
            assert tag in head, f"{path.relative_to(site.site)}: no {tag}"
    for path in PROSE_PAGES[1:]:
        head = (site.site / path / "index.html").read_text(encoding="utf-8").split("</head>")[0]
        image = re.search(r'property="og:image" content="[^"]*?/(assets/cards/[a-z0-9-]+\.png)"', head).group(1)
        assert image == f"assets/cards/{path.split('/')[1]}.png"
        assert Image.open(site.site / image).size == (1200, 630)


# Every table on a page: whether it is wider than its box (it scrolls sideways), whether its rows are
# shown as cards (a phone), and the words a reader would find cut across two lines. Not counted: a
# break after a hyphen, a dash or a slash (a line may end there), Chinese and Korean (a line may end
# after any hanzi or hangul syllable), code, and addresses and ids (class "breakable", which may break anywhere).
_TABLES = """() => [...document.querySelectorAll('article table')].map(table => {
  const box = table.closest('.md-typeset__scrollwrap') || table.parentElement;
  const cut = [];
  const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    if (node.parentElement.closest('code, .breakable')) continue;
    for (const m of node.data.matchAll(/[^\\s\\-\\u2010-\\u2014\\/\\u2e80-\\u9fff\\uac00-\\ud7af\\uff00-\\uffef]+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) cut.push(m[0]);
    }
  }
  const row = table.querySelector('tbody tr');
  return {records: !!table.closest('.record-cards'),
          matrix: !!table.closest('.measures-matrix'), scrolls: box.scrollWidth > box.clientWidth + 1,
          cards: !!row && getComputedStyle(row).display === 'block', cut};
})"""

INDEXES = ["sanctions/", "sources/", "glossary/", "actors/", "claims/"]


@pytest.mark.parametrize("width", (360, 1280))
def test_tables_cut_no_word_and_a_phone_shows_each_record_as_a_card(browser, site, width):
    """The tables that list records and the data dictionary, as a reader on a phone and on a desktop
    reads them: no word cut in two ("DOCUMEN / TED", "Netherlan / ds"); on a phone each record is a
    card that fits the screen, and on a desktop every table fits its column."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    for path in INDEXES + ["timeline/", "study-sessions/", "measures/", "data-dictionary/"]:
        page.goto(site.url + path)
        tables = page.evaluate(_TABLES)
        assert tables, f"/{path}: no table"
        for n, table in enumerate(tables, 1):
            where = f"/{path} at {width} px, table {n}"
            assert not table["cut"], f"{where}: words cut across two lines: {table['cut'][:8]}"
            if table["records"]:
                assert table["cards"] == (width == 360), f"{where}: rows shown as cards only on a phone"
                assert not table["scrolls"], f"{where}: the index is wider than its column"
            if width == 1280 and not table["matrix"]:  # the state x target matrix scrolls by design
                assert not table["scrolls"], f"{where}: the table is wider than its column"
        if path in INDEXES:
            assert any(t["records"] for t in tables), f"/{path}: the index table is not marked record-cards"
    page.close()
