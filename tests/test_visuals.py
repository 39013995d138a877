"""Pictures drawn from the records: complete, linked, well-formed, accessible, filterable."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from conftest import FIXTURES, TEMPLATES
from sitegen import load_dataset, render_site
from sitegen.model import page_path
from sitegen.urls import address
from sitegen.visuals import KINDS, timeline_marks, timeline_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_every_dated_record_is_a_mark_on_the_timeline(real_site):
    dataset = real_site["dataset"]
    marks = timeline_marks(dataset)
    # every dated record the pictures draw: all but the study sessions on other subjects than technology
    dated = {(c, r.id) for c in KINDS for r in dataset.collections[c].values() if r.date and r.pictured}
    assert {(m.collection, m.id) for m in marks} == dated and len(marks) > 25
    unpictured = [r.id for r in dataset.collections["study_sessions"].values() if not r.pictured]
    assert unpictured and all(not r.technology for r in map(dataset.collections["study_sessions"].get, unpictured))


def svgs(markup: str) -> list[ET.Element]:
    """The SVG drawings in a picture's markup (each picture has a phone layout and a wide one)."""
    out, start = [], 0
    while (i := markup.find("<svg", start)) >= 0:
        end = markup.index("</svg>", i) + 6
        out.append(ET.fromstring(markup[i:end]))
        start = end
    return out


def test_the_timeline_svg_is_well_formed_and_every_mark_is_a_named_link(real_site):
    marks = timeline_marks(real_site["dataset"])
    drawings = svgs(timeline_svg(marks, "../"))
    assert [d.get("width") for d in drawings] == ["328", "690"]  # the phone layout and the wide one
    for root in drawings:
        assert root.get("role") == "group" and root.get("aria-labelledby").endswith(
            "-title " + root.get("aria-labelledby").split("-title ")[1]
        )
        assert root.find(f"{SVG}title").text.startswith("Timeline") and root.find(f"{SVG}desc") is not None
        links = root.findall(f"{SVG}a")
        assert len(links) == len(marks)
        for a, m in zip(links, marks):
            assert a.get("href") == "../" + address(page_path(m.collection, m.id)) and a.get("aria-label") == m.label
            assert a.find(f"{SVG}title") is None and m.date in a.get("data-detail")  # details on tap, focus, pointer


def test_years_without_records_are_folded_into_one_line_that_says_so(real_site):
    marks = timeline_marks(real_site["dataset"])
    years = {int(m.when) for m in marks}
    narrow = svgs(timeline_svg(marks, "../"))[0]
    shown = ["".join(t.itertext()) for t in narrow.iter(f"{SVG}text")]
    gaps = [t for t in shown if t.endswith(": no records")]
    assert gaps and all(int(g.split("–")[0][:4]) not in years for g in gaps)
    assert [int(t) for t in shown if t.isdigit() and len(t) == 4] == sorted(years)  # one row per year with records


def test_wrap_keeps_whole_words_and_marks_what_it_shortens():
    from sitegen.visuals import distinct_labels, wrap

    assert wrap("US Entity List additions over Xinjiang, October 2019", 120, 1) == ["US Entity List…"]
    assert wrap("Huawei", 120, 1) == ["Huawei"]
    # a cut never leaves half a bracket: axe compares the shown text with the name less its brackets
    name = "Implementing the innovation-driven development strategy (at Zhongguancun)"
    assert wrap(name, 180, 3) == ["Implementing the", "innovation-driven", "development strategy…"]
    assert wrap("(Zhongguancun) Implementing the strategy", 120, 1) == ["(Zhongguancun)…"]
    lines = wrap("US Department of Commerce, Bureau of Industry and Security", 150, 2)
    assert (
        len(lines) == 2
        and lines[-1].endswith("…")
        and " ".join(lines)[:-1] in "US Department of Commerce, Bureau of Industry and Security"
    )
    same = distinct_labels(
        {
            "a": "US Department of Commerce, Bureau of Industry and Security",
            "b": "US Department of the Treasury, Office of Foreign Assets Control",
        },
        100,
        1,
    )
    assert same["a"] != same["b"]  # two records never show the same label


def test_a_record_added_to_the_data_appears_in_the_timeline_and_its_table(valid_copy):
    data = valid_copy / "data"
    before = render_site(load_dataset(data), TEMPLATES)["timeline.md"]
    assert "sanction-b" not in before
    text = (data / "sanctions.yml").read_text()
    (data / "sanctions.yml").write_text(
        text
        + text.replace("id: sanction-a", "id: sanction-b")
        .replace("title: Sanction A", "title: Sanction B")
        .replace('announced: "2019-10-07"', 'announced: "2021-03-22"')
        .replace('effective: "2019-10-09"', 'effective: "2021-03-22"')
    )
    after = render_site(load_dataset(data), TEMPLATES)["timeline.md"]
    assert after.count('href="../sanctions/sanction-b/"') == 3  # the mark in both layouts, and the table row
    assert 'aria-label="2021-03-22: Measure: Sanction B"' in after


def test_timeline_page_links_resolve_and_its_table_is_readable_without_the_picture(real_site):
    from sitecheck import broken_links

    page = real_site["pages"]["timeline/"]
    assert not [p for p in broken_links(real_site["site"], {"timeline/": page})]
    html = page.path.read_text(encoding="utf-8")
    assert html.count("<tr data-kind=") == len(timeline_marks(real_site["dataset"]))


def test_the_filter_state_is_in_the_url(browser, site):
    page = browser.new_page()
    page.goto(site.url + "timeline/?kind=sanctions&theme=xinjiang")
    visible = page.locator(".tl-mark:not([hidden])")
    kinds = set(visible.evaluate_all("els => els.map(e => e.dataset.kind)"))
    assert kinds == {"sanctions"} and visible.count() >= 1
    assert "shown" in page.locator(".timeline-count").inner_text()
    page.get_by_role("checkbox", name="Study sessions").check()
    assert "kind=study-sessions%2Csanctions" in page.url or "kind=sanctions%2Cstudy-sessions" in page.url
    page.locator(".tl-mark:not([hidden])").locator("visible=true").first.focus()  # marks take keyboard focus
    assert page.evaluate("document.activeElement.classList.contains('tl-mark')")
    page.close()


@pytest.mark.parametrize("path", ["timeline/", "study-sessions/", "measures/"])
def test_each_filter_s_name_stands_apart_from_its_control_on_a_phone(browser, site, path):
    """ "Theme" ran into its menu ("ThemeAll themes"): a label laid out as flex drops the space."""
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(site.url + path)
    gaps = page.evaluate("""() => [...document.querySelectorAll('article form label')].filter(l => l.querySelector('select, input'))
      .map(label => { const control = label.querySelector('select, input');
        const text = [...label.childNodes].find(n => n.nodeType === 3 && n.data.trim());
        const start = text.data.indexOf(text.data.trim()), range = document.createRange();
        range.setStart(text, start); range.setEnd(text, start + text.data.trim().length);
        const t = range.getBoundingClientRect(), c = control.getBoundingClientRect();
        return [text.data.trim(), Math.round(c.left >= t.right ? c.left - t.right : t.left - c.right)]; })""")
    assert gaps, f"/{path}: no filter"
    assert all(gap >= 3 for _, gap in gaps), f"/{path}: a name touches its control: {[g for g in gaps if g[1] < 3]}"
    page.close()


def test_chains_are_drawn_from_references_only(real_site):
    from sitegen.visuals import chain, chain_svg

    dataset = real_site["dataset"]
    stages, edges = chain(dataset, "xinjiang")
    sanctions = {n.id for n in stages["sanctions"]}
    assert "us-entity-list-2019-10-xinjiang" in sanctions
    for a, b, verb in edges:  # every line is a reference in the data
        if verb == "targets":
            assert b.id in dataset.get("sanctions", a.id).targets
        if verb == "exports":
            assert a.id in dataset.get("exports", b.id).exporters
    for root in svgs(chain_svg("xinjiang", stages, edges, "../")):
        links = root.findall(f"{SVG}a")
        assert len(links) == sum(len(v) for v in stages.values())  # one box per record
        assert len({a.get("href") for a in links}) == len(links)
        assert_edges_drawn(root, edges)


def assert_edges_drawn(root, edges):
    """Every reference is a line: one end's bus (inside its link) has a joint level with the other's box."""
    centre, joints = {}, {}
    for a in root.findall(f"{SVG}a"):
        rect = a.find(f"{SVG}rect")
        centre[a.get("href")] = round(float(rect.get("y")) + float(rect.get("height")) / 2, 1)
        joints[a.get("href")] = {round(float(c.get("cy")), 1) for c in a.findall(f"{SVG}circle")}
    for x, y, _ in edges:
        hx, hy = ("../" + address(page_path(n.collection, n.id)) for n in (x, y))
        assert centre[hy] in joints[hx] or centre[hx] in joints[hy], (x.id, y.id)
    assert sum(len(j) for j in joints.values()) <= len(edges) + len(joints)  # no line the data does not hold


def test_a_chain_without_references_is_a_list_not_a_picture(real_site):
    from sitegen.visuals import chain, drawn

    html = (real_site["site"] / "chains" / "index.html").read_text(encoding="utf-8")
    for theme in ("blockchain", "quantum", "social-credit"):
        stages, edges = chain(real_site["dataset"], theme)
        assert not drawn(stages, edges)
        section = html.split(f'id="{theme}"')[1].split("<h2")[0]
        assert "<svg" not in section and "nothing to draw" in section and "<li>" in section
    assert 'id="chain-xinjiang-narrow-title"' in html and 'id="chain-ai-title"' in html


def test_a_sanction_naming_an_exporter_joins_the_chain(valid_copy):
    data = valid_copy / "data"
    (data / "exports.yml").write_text(
        (data / "exports.yml").read_text().replace("  reported:", "  themes: [ai]\n  reported:")
    )
    page = render_site(load_dataset(data), TEMPLATES)["chains.md"]
    ai = page.split("## Artificial intelligence")[1]
    assert "Company A *exports* Export A" in ai and "Sanction A *targets* Company A" in ai
    assert 'href="../sanctions/sanction-a/"' in ai


def test_the_graph_ties_actors_to_records_only_through_references(real_site):
    from sitegen.visuals import GRAPH_FIELDS, graph, graph_svg

    dataset = real_site["dataset"]
    actors, records, ties = graph(dataset)
    assert "huawei" in actors and "xi-jinping" in actors
    for actor in actors:
        assert len({(c, i) for c, i, _ in ties[actor]}) >= 2
        for coll, record_id, verb in ties[actor]:
            field = next(f for (c, f), v in GRAPH_FIELDS.items() if c == coll and v == verb)
            value = getattr(dataset.get(coll, record_id), field)
            assert actor == value or actor in (value or [])
    from sitegen.visuals import Node

    edges = [(Node("actors", a, ""), Node(c, i, ""), v) for a in actors for c, i, v in ties[a]]
    for root in svgs(graph_svg(dataset, actors, records, ties, "../")):
        links = root.findall(f"{SVG}a")
        assert len(links) == len(actors) + len(records)
        labels = [a.get("aria-label") for a in links]
        assert labels[: len(actors)] == [dataset.get("actors", a).title for a in actors]  # full names, actors first
        assert_edges_drawn(root, edges)


def test_a_new_tie_puts_an_actor_in_the_graph(valid_copy):
    data = valid_copy / "data"
    sanctions = (data / "sanctions.yml").read_text()
    (data / "sanctions.yml").write_text(sanctions.replace("targets: [company-a, body-a]", "targets: [body-a]"))
    before = render_site(load_dataset(data), TEMPLATES).get("graph.md", "")
    assert "Company A" not in before  # one tie only: exported
    (data / "sanctions.yml").write_text(sanctions)  # the sanction names it again
    page = render_site(load_dataset(data), TEMPLATES)["graph.md"]
    assert (
        "[Company A](actors/company-a.md): exported [Export A](exports/export-a.md)" in page
        and "sanctioned by [Sanction A]" in page
    )


def map_drawings(site) -> tuple[str, list]:
    html = (site / "map" / "index.html").read_text(encoding="utf-8")
    return html, svgs(html[html.index('<div class="map-panels">') : html.index("</figure></div>") + 15])


def test_the_map_marks_only_countries_with_something_recorded(real_site):
    from sitegen.visuals import ORIGIN, map_countries

    dataset = real_site["dataset"]
    countries = {c.actor.id: c for c in map_countries(dataset)}
    assert all(c.named or c.measures or c.actor.id == ORIGIN for c in countries.values())
    for nothing in ("greece", "north-korea", "switzerland"):  # country records with no export or measure
        assert nothing not in countries
    assert not countries[ORIGIN].named  # China is the exporter, not a destination
    actors = dataset.collections["actors"]
    by_us = [
        s
        for s in dataset.collections["sanctions"].values()
        if any(b == "united-states" or actors[b].country == "united-states" for b in s.imposed_by)
    ]
    assert countries["united-states"].measures == by_us and len(by_us) >= 7  # through the US agencies
    assert {r.id for r, _ in countries["uganda"].named} == {
        "freedom-on-the-net-2018",
        "carnegie-ai-global-surveillance-index",
    }
    assert countries["germany"].named[0][0].id == "duisburg-huawei-smart-city"  # through Duisburg, a place


def test_every_marked_country_is_one_link_with_its_numbers(real_site):
    import json

    from conftest import ROOT
    from sitegen.visuals import country_shapes, map_countries, unmapped

    html, drawings = map_drawings(real_site["site"])
    shapes = country_shapes(json.loads((ROOT / "node_modules/world-atlas/countries-110m.json").read_text()))
    everything = map_countries(real_site["dataset"])
    countries = [c for c in everything if c not in unmapped(everything, shapes)]  # the EU: listed, not drawn
    narrow = [
        d for d in drawings if not d.get("aria-labelledby").startswith("map-title")
    ]  # the world's phone layout, and the insets
    marked = [a for d in narrow for a in d.findall(f"{SVG}a")]
    assert sorted(a.get("href") for a in marked) == sorted(f"../actors/{c.actor.id}/" for c in countries)  # each once
    us = next(a for a in marked if a.get("href") == "../actors/united-states/")
    assert (
        us.get("aria-label")
        == f"United States: {len(next(c for c in countries if c.actor.id == 'united-states').measures)} measures"
    )
    number = next(
        t
        for d in narrow
        for t in d.iter(f"{SVG}text")
        if t.get("class") == "map-count" and t.text == us.get("aria-label").split()[2]
    )
    assert number.get("aria-hidden") == "true"  # drawn over the mark; its name says it
    uganda = next(a for a in marked if a.get("href") == "../actors/uganda/")
    assert uganda.get(
        "aria-label"
    ) == "Uganda: named by 2 studies" and "among the countries whose new legislation" in uganda.get("data-detail")
    assert (
        'id="map-east-and-south-east-asia-title">East and South-East Asia' in html
    )  # China, Vietnam, North Korea apart
    table = html.split('id="table"')[1]
    assert table.count("<tr>") - 1 == len(everything)  # the table: one row per country, same numbers
    assert us.get("aria-label").split()[2] + ": <a" in table and "(the exporting state)" in table


def test_the_studies_say_what_they_counted_and_which_countries_they_name(real_site):
    html, _ = map_drawings(real_site["site"])
    counted = html.split('id="counted"')[1].split('id="table"')[0]
    assert "63 countries supplied with AI surveillance technology linked to Chinese companies" in counted
    assert "52 countries with Huawei" in counted and "none named in the sources here" in counted
    assert "at least 5 countries the index names where Chinese product pitches came with soft loans" in counted


def test_every_country_in_the_records_has_an_outline(real_site):
    import json

    from conftest import ROOT
    from sitegen.visuals import atlas_problems, country_shapes

    shapes = country_shapes(json.loads((ROOT / "node_modules/world-atlas/countries-110m.json").read_text()))
    assert atlas_problems(real_site["dataset"], shapes) == []
    assert len(shapes) > 150  # every Natural Earth country is drawn


def test_a_country_named_in_a_figure_and_a_state_that_imposed_a_measure_appear_on_the_map(valid_copy):
    import json

    from conftest import ROOT

    atlas = json.loads((ROOT / "node_modules/world-atlas/countries-110m.json").read_text())
    data = valid_copy / "data"
    text = (data / "actors.yml").read_text()
    (data / "actors.yml").write_text(
        text.replace("title: Country A", "title: Vietnam").replace("title: Country B", "title: Canada")
    )
    exports = (data / "exports.yml").read_text()
    (data / "exports.yml").write_text(
        exports.replace("  countries: [country-a]\n", "").replace(
            "      source: doc-a\n  summary", "      source: doc-a\n      countries: [country-a]\n  summary"
        )
    )
    page = render_site(load_dataset(data), TEMPLATES, atlas=atlas)["map.md"]
    assert 'href="../actors/country-a/" aria-label="Vietnam: named by 1 study"' in page
    assert 'data-detail="named by Export A (among the Safe City agreements)"' in page
    assert 'href="../actors/country-b/" aria-label="Canada: 1 measure"' in page  # Body B belongs to Country B


def test_a_body_of_no_country_that_took_a_measure_is_listed_not_drawn(valid_copy):
    """A measure by a body that belongs to no country (as the European Union) is counted for the body."""
    import json

    from conftest import ROOT

    atlas = json.loads((ROOT / "node_modules/world-atlas/countries-110m.json").read_text())
    data = valid_copy / "data"
    (data / "actors.yml").write_text((data / "actors.yml").read_text().replace("  country: country-b\n", ""))
    page = render_site(load_dataset(data), TEMPLATES, atlas=atlas)["map.md"]
    assert (
        "Recorded, but not drawn (no single country's outline on the map): [Body B\\: 1 measure](actors/body-b.md)"
        in page
    )
    assert 'href="../actors/body-b/"' not in page.split('<div class="map-panels">')[1].split("</figure></div>")[0]


@pytest.mark.parametrize(
    "figure, message",
    [
        (
            "countries: [country-a, country-b]\n      value: 1",
            "names 2 countries but counts 1; a figure names at most the countries it counts",
        ),
        ("countries: [country-a, country-a]", "countries: country-a listed twice"),
        (
            "countries: [company-a]",
            "figures[0].countries[0]': 'company-a' is an actor of kind 'company'; this field takes country",
        ),
    ],
)
def test_a_figure_naming_countries_wrongly_is_a_clear_error(valid_copy, figure, message):
    from sitegen import DataErrors

    data = valid_copy / "data"
    exports = (data / "exports.yml").read_text()
    changed = (
        exports.replace("    - value: 73\n", "    - value: 73\n      " + figure + "\n")
        if "value: 1" not in figure
        else exports.replace("    - value: 73\n", "    - " + figure + "\n")
    )
    (data / "exports.yml").write_text(changed)
    with pytest.raises(DataErrors) as caught:
        load_dataset(data)
    report = caught.value.report()
    assert (
        "exports.yml:" in report
        and "record 'export-a'" in report
        and "field 'figures[0]" in report
        and message in report
    )


def test_a_missing_atlas_is_a_clear_error(tmp_path):
    import shutil

    from sitegen import DataErrors
    from sitegen.build import Build

    shutil.copytree(FIXTURES / "valid", tmp_path / "data")
    (tmp_path / "overrides").symlink_to(TEMPLATES.parent)
    with pytest.raises(DataErrors) as caught:
        Build.prepare(tmp_path, tmp_path / "docs", [], site_name="Test")
    assert "node_modules/world-atlas/countries-110m.json: is missing" in caught.value.report()
    assert "run `npm ci`" in caught.value.report()
