"""Measures (issue #17): every measure names its official source first (or says why not), every
target is an actor page that lists the measures against it, and the measures table filters by
the address, in Chromium and, without JavaScript, shows everything."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import ROOT
from sitegen import load_dataset
from sitegen.measures import matrix, measure_rows, state_of
from sitegen.model import OFFICIAL_SOURCE_KINDS


@pytest.fixture(scope="module")
def built(real_site):
    """The shared build of the real site (the browser test serves the same folder), and its data."""
    return real_site["site"], real_site["dataset"]


def _html(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _fact(page: str, label: str) -> str:
    return re.search(rf"<dt>{label}</dt>\s*<dd>(.*?)</dd>", page, re.S).group(1)


def test_every_measure_shows_its_official_source_or_why_none_is_cited(built):
    site, dataset = built
    measures = dataset.collections["sanctions"].values()
    assert len(measures) >= 25
    official = 0
    for m in measures:
        cell = _fact(_html(site, f"sanctions/{m.id}"), "Official source")
        link = re.search(r'href="\.\./\.\./sources/([a-z0-9-]+)/"', cell)
        if link:
            assert dataset.get("sources", link.group(1)).kind in OFFICIAL_SOURCE_KINDS, m.id
            assert m.sources[0].source == link.group(1) or m.no_official_source, m.id  # the official source comes first
            official += 1
        else:
            assert m.no_official_source and cell.startswith("none cited: "), (m.id, cell)
    assert official >= 8


def test_every_target_is_an_actor_page_that_lists_the_measures_against_it(built):
    site, dataset = built
    checked = 0
    for m in dataset.collections["sanctions"].values():
        for target in m.targets:
            page = _html(site, f"actors/{target}")
            section = page.split('id="measures-against"', 1)[1].split("<h2", 1)[0]
            assert f'href="../../sanctions/{m.id}/"' in section, (target, m.id)
            checked += 1
    assert checked >= 60
    merics = _html(site, "actors/merics").split('id="measures-against"', 1)[1].split("<h2", 1)[0]
    assert "counter-sanction" in merics and "Ministry of Foreign Affairs" in merics


def test_an_acting_state_comes_from_the_body_or_its_parent():
    dataset = load_dataset(ROOT / "data")
    actors = dataset.collections["actors"]
    assert state_of(actors, "us-bis") == "united-states"
    assert state_of(actors, "council-of-the-eu") == "european-union"
    assert state_of(actors, "china") == "china"
    rows = {r.record.id: r for r in measure_rows(dataset)}
    assert rows["cn-counter-sanctions-2021-03-22-eu"].states == ("china",)
    assert set(rows["cn-counter-sanctions-2021-03-22-eu"].against) >= {"european-union", "germany", "denmark"}
    assert all(r.states for r in rows.values()), [
        r.record.id for r in rows.values() if not r.states
    ]  # every acting body has a state
    acting, targeted, counts = matrix(list(rows.values()))
    assert counts[("china", "germany")] == 1 and counts[("european-union", "china")] == 1
    assert {"united-states", "european-union", "united-kingdom", "canada", "china", "sweden"} <= set(acting)


def test_the_measures_table_filters_by_the_address_and_works_without_javascript(built, browser):
    from gates.site import served_site

    site, dataset = built
    server = served_site()
    total = len(dataset.collections["sanctions"])
    counter = [
        m
        for m in dataset.collections["sanctions"].values()
        if m.kind == "counter-sanction"
        and m.announced.startswith("2021")
        and any(state_of(dataset.collections["actors"], a) == "china" for a in m.imposed_by)
    ]
    page = browser.new_page()
    page.goto(server.url + "measures/?state=china&kind=counter-sanction&year=2021")
    rows = page.locator(".measures-table tbody tr:not([hidden])")
    assert rows.count() == len(counter) >= 3  # answers to the EU, the UK, the US and Canada
    assert page.locator("select[name=state]").input_value() == "china"
    assert (
        page.locator("#measure-filters .row-filters__count").inner_text() == f"{len(counter)} of {total} measures shown"
    )
    page.select_option("select[name=kind]", "")  # a change is written back to the address
    assert parse_qs(urlsplit(page.url).query) == {"state": ["china"], "year": ["2021"]}
    china_2021 = [
        m
        for m in dataset.collections["sanctions"].values()
        if m.announced.startswith("2021")
        and any(state_of(dataset.collections["actors"], a) == "china" for a in m.imposed_by)
    ]
    assert rows.count() == len(china_2021) > len(counter)  # with the blocking rules and the law
    page.select_option("select[name=year]", "2020")
    assert rows.count() == 2 and "Unreliable Entity List" in rows.first.inner_text()  # and the Export Control Law
    page.goto(server.url + "measures/")
    page.get_by_role("link", name=re.compile("measures? by United Kingdom against People")).click()
    assert parse_qs(urlsplit(page.url).query) == {"state": ["united-kingdom"], "against": ["china"]}
    uk = [r for r in measure_rows(dataset) if "united-kingdom" in r.states and "china" in r.against]
    assert rows.count() == len(uk) == 2
    page.close()
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(server.url + "measures/?state=china")
    assert plain.locator(".measures-table tbody tr:not([hidden])").count() == total
    assert not plain.locator("#measure-filters").is_visible()
    context.close()


def test_the_picture_counts_each_states_measures_by_year_and_links_them(built):
    """Issue #17 item 6: a square per state and year, its number the measures that state announced
    that year, its link the table filtered to them; every measure with an acting state is counted."""
    site, dataset = built
    rows = measure_rows(dataset)
    page = _html(site, "measures")
    wide = page.split('<div class="vis-wide"><svg class="measures-svg"', 1)[1].split("</svg>", 1)[0]
    cells = re.findall(
        r'<a class="ms-cell" href="\?state=([a-z-]+)&amp;year=(\d{4})#table" aria-label="([^"]+), (\d{4}): (\d+) (measures?)"',
        wide,
    )
    assert cells, "no square in the picture"
    for state, year, name, year_again, n, word in cells:
        counted = [r for r in rows if state in r.states and r.year == year]
        assert int(n) == len(counted) > 0 and year == year_again and word == ("measure" if n == "1" else "measures")
        assert html.unescape(name) == dataset.collections["actors"][state].title
        shown = re.search(
            rf'href="\?state={state}&amp;year={year}#table".*?<text[^>]*class="vis-count"[^>]*><tspan[^>]*>(\d+)<', wide
        )
        assert shown and shown.group(1) == n
    assert sum(int(c[4]) for c in cells) == sum(len(r.states) for r in rows)
    states = [c[0] for c in cells]
    firsts = {s: min(r.record.announced for r in rows if s in r.states) for s in states}
    assert list(dict.fromkeys(states)) == sorted(
        firsts, key=lambda s: (firsts[s], s)
    )  # rows in the order states first acted


def test_a_square_of_the_picture_opens_the_table_filtered_to_its_measures(built, browser):
    from gates.site import served_site

    server = served_site()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server.url + "measures/")
    square = page.locator(".vis-wide a.ms-cell").first
    count = square.locator("text").text_content()
    square.click()  # a mouse: its pointer has shown the details, so a click opens
    page.wait_for_url(re.compile(r"\?state=.*&year=\d{4}#table$"))
    assert page.locator(".measures-table tbody tr:not([hidden])").count() == int(count)
    page.close()
