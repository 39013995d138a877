"""The pictures as a reader sees them, in Chromium: on a 360 x 800 phone every figure fits the
screen, its text renders at 12 px or more, no label is cut off without an ellipsis, two records
never show the same label, no text runs out of its box, every mark is a target of at least
24 x 24 px, and a tap shows the mark's details (a second tap opens its record). At 1280 px the
label, duplicate and overflow rules hold for the wide layout. One browser for the module.
"""

from __future__ import annotations

import pytest

PAGES = ("timeline", "map", "chains", "graph", "measures")
UNLABELLED = ("map", "measures")  # marks that show a number, not a name (the full name is the link's)

# Per visible figure: its width, the smallest text as rendered, and per link its target box, its
# record's name, the label it shows and whether any of its text runs out of its box.
MEASURE = """() => {
  const shown = el => el.getClientRects().length > 0;
  const svgs = [...document.querySelectorAll('.vis-figure svg')].filter(shown);
  const out = {page: document.documentElement.scrollWidth, svgs: [], links: [], smallest: 99};
  for (const svg of svgs) {
    const box = svg.getBoundingClientRect();
    const edges = [...svg.querySelectorAll('.chain-edge, .graph-edge')].map(e => e.getBoundingClientRect().right);
    const texts = [...svg.querySelectorAll('text')].filter(shown).map(t => t.getBoundingClientRect().left);
    out.svgs.push({id: svg.getAttribute('aria-labelledby'), left: box.left, right: box.right, width: box.width,
                   linesRight: Math.max(-1, ...edges), textLeft: Math.min(1e9, ...texts)});
    for (const t of svg.querySelectorAll('text')) {
      if (!shown(t) || !t.textContent.trim()) continue;
      const size = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
      out.smallest = Math.min(out.smallest, size);
    }
    for (const a of svg.querySelectorAll('a')) {
      const r = a.getBoundingClientRect();
      // a box's text stays in its box; a map name sits beside its mark, inside the drawing
      const rect = a.matches('.map-country') ? null : (a.querySelector('rect:not(.hit)') || a.querySelector('rect.hit'));
      const text = [...a.querySelectorAll('text:not(.map-count):not(.vis-count)')];
      const lines = text.flatMap(t => [...t.querySelectorAll('tspan')].map(s => s.textContent.trim()));
      let overflow = false;
      if (rect) {
        const rb = rect.getBoundingClientRect();
        for (const t of text) { const tb = t.getBoundingClientRect(); if (tb.right > rb.right + 0.5 || tb.left < rb.left - 0.5) overflow = true; }
      }
      for (const t of text) { const tb = t.getBoundingClientRect(); if (tb.right > box.right + 0.5 || tb.left < box.left - 0.5) overflow = true; }
      out.links.push({href: a.getAttribute('href'), name: a.dataset.name, lines, overflow,
                      width: r.width, height: r.height, svg: svg.getAttribute('aria-labelledby')});
    }
  }
  return out;
}"""


def joined(lines: list[str]) -> list[str]:
    """The label as one text: lines joined by a space (a word cut at a line's end by '-', without)."""
    text = " ".join(lines)
    return [text, "".join(line[:-1] if line.endswith("-") else line + " " for line in lines).strip()]


@pytest.fixture(scope="module")
def measured(browser, site):
    """{(page, width): what MEASURE found}, each page loaded once at each width."""
    out = {}
    for width, height in ((360, 800), (1280, 900)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        for name in PAGES:
            page.goto(site.url + name + "/")
            out[(name, width)] = page.evaluate(MEASURE)
        context.close()
    return out


@pytest.mark.parametrize("name", PAGES)
def test_on_a_phone_every_figure_fits_and_its_text_is_at_least_12px(measured, name):
    m = measured[(name, 360)]
    assert m["svgs"] and m["page"] <= 360, f"{name}: the page scrolls sideways ({m['page']} px)"
    for svg in m["svgs"]:
        assert svg["left"] >= 0 and svg["right"] <= 360, (
            f"{name}: {svg['id']} spans {svg['left']:.0f}-{svg['right']:.0f} px"
        )
    assert m["smallest"] >= 12, f"{name}: text renders at {m['smallest']:.1f} px"


@pytest.mark.parametrize("width", (360, 1280))
@pytest.mark.parametrize("name", ("chains", "graph"))
def test_the_lines_never_cross_text(measured, name, width):
    for svg in measured[(name, width)]["svgs"]:
        assert svg["linesRight"] > 0 and svg["linesRight"] <= svg["textLeft"] + 0.5, (
            f"{name} at {width} px: lines reach {svg['linesRight']:.0f} px, text starts at {svg['textLeft']:.0f} px"
        )


@pytest.mark.parametrize("name", PAGES)
def test_on_a_phone_every_mark_is_a_24px_target(measured, name):
    small = [
        (link["href"], round(link["width"]), round(link["height"]))
        for link in measured[(name, 360)]["links"]
        if link["width"] < 24 or link["height"] < 24
    ]
    assert measured[(name, 360)]["links"] and not small, f"{name}: targets under 24 x 24 px: {small[:5]}"


@pytest.mark.parametrize("width", (360, 1280))
@pytest.mark.parametrize("name", PAGES)
def test_no_label_is_cut_off_without_an_ellipsis_nor_shared_nor_out_of_its_box(measured, name, width):
    links = measured[(name, width)]["links"]
    labelled = [link for link in links if link["lines"]]
    assert name in UNLABELLED or labelled
    straight = str.maketrans("‘’“”", "''\"\"")  # the site sets quotes typographically in the drawing's text
    for link in labelled:
        link["name"] = link["name"].translate(straight)
        shown = [t.translate(straight) for t in joined(link["lines"])]
        full, cut = (
            link["name"] in shown,
            shown[0].endswith("…") and link["name"].startswith(shown[0][:-1].rstrip(" ,;:–-(")),
        )
        assert full or cut or any(link["name"].startswith(s[:-1]) for s in shown if s.endswith("…")), (
            f"{name} at {width} px: '{shown[0]}' is a cut-off part of '{link['name']}'"
        )
        assert not link["overflow"], f"{name} at {width} px: the label '{shown[0]}' runs out of its box"
    per_svg: dict[tuple, set] = {}
    for link in labelled:
        per_svg.setdefault((link["svg"], " ".join(link["lines"])), set()).add(link["href"])
    same = {label: hrefs for (_, label), hrefs in per_svg.items() if len(hrefs) > 1}
    assert not same, f"{name} at {width} px: different records show the same label: {same}"


@pytest.mark.parametrize("name", PAGES)
def test_a_tap_shows_the_details_and_a_second_tap_opens_the_record(browser, site, name):
    context = browser.new_context(viewport={"width": 360, "height": 800}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(site.url + name + "/")
    page.wait_for_load_state("load")
    assert page.locator(".md-content a:not([href])").count() == 0  # every link has an address (crawlable)
    mark = page.locator(".vis-figure .vis-narrow a, .vis-figure .map-inset a").locator("visible=true").last
    label, href = mark.get_attribute("aria-label"), mark.get_attribute("href")
    box = mark.locator(":scope > rect, :scope > .map-symbol").last  # where a finger goes: the box or symbol
    box.tap()  # (a link's bus can reach past other boxes)
    details = page.locator(".vis-details")
    assert details.is_visible() and label in details.inner_text()
    assert page.url == site.url + name + "/"  # the first tap does not leave the page
    assert details.get_by_role("link").get_attribute("href") == href
    box.tap()
    page.wait_for_url("**/" + href.split("../")[-1])
    context.close()


def test_keyboard_focus_shows_the_details(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site.url + "graph/")
    page.wait_for_load_state("load")
    page.locator("#graph-title").evaluate(
        "t => t.closest('.vis-figure').previousElementSibling.querySelector('a:last-of-type').focus()"
    )
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused and focused in page.locator(".vis-details").inner_text()
    page.keyboard.press("Escape")
    assert not page.locator(".vis-details").is_visible()
    context.close()
