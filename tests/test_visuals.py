"""Pictures drawn from the records: complete, linked, well-formed, accessible, filterable."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from conftest import FIXTURES, TEMPLATES
from sitegen import load_dataset, render_site
from sitegen.visuals import KINDS, timeline_marks, timeline_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_every_dated_record_is_a_mark_on_the_timeline(real_site):
    dataset = real_site["dataset"]
    marks = timeline_marks(dataset)
    dated = {(c, r.id) for c in KINDS for r in dataset.collections[c].values() if r.date}
    assert {(m.collection, m.id) for m in marks} == dated and len(marks) > 25


def test_the_timeline_svg_is_well_formed_and_every_mark_is_a_named_link(real_site):
    marks = timeline_marks(real_site["dataset"])
    root = ET.fromstring(timeline_svg(marks, "../"))
    assert root.get("role") == "group" and root.get("aria-labelledby") == "timeline-title timeline-desc"
    assert root.find(f"{SVG}title").text.startswith("Timeline") and root.find(f"{SVG}desc") is not None
    links = root.findall(f"{SVG}a")
    assert len(links) == len(marks)
    for a, m in zip(links, marks):
        assert a.get("href") == f"../{m.url}" and a.get("aria-label") == m.label and a.find(f"{SVG}title").text == m.label


def test_kinds_differ_by_shape_not_only_colour():
    from sitegen.visuals import _shape
    drawn = {k: _shape(shape, 10, 10, colour).split(" ")[0] for k, (_, shape, colour) in KINDS.items()}
    assert len(set(drawn.values())) >= 3 and len({v[1] for v in KINDS.values()}) == len(KINDS)


def test_a_record_added_to_the_data_appears_in_the_timeline_and_its_table(valid_copy):
    data = valid_copy / "data"
    before = render_site(load_dataset(data), TEMPLATES)["timeline.md"]
    assert "sanction-b" not in before
    text = (data / "sanctions.yml").read_text()
    (data / "sanctions.yml").write_text(text + text.replace("id: sanction-a", "id: sanction-b").replace(
        "title: Sanction A", "title: Sanction B").replace('announced: "2019-10-07"', 'announced: "2021-03-22"').replace(
        'effective: "2019-10-09"', 'effective: "2021-03-22"'))
    after = render_site(load_dataset(data), TEMPLATES)["timeline.md"]
    assert after.count('href="../sanctions/sanction-b/"') == 2          # the mark and the table row
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
    page.locator(".tl-mark:not([hidden])").first.focus()                 # marks take keyboard focus
    assert page.evaluate("document.activeElement.classList.contains('tl-mark')")
    page.close()


def test_chains_are_drawn_from_references_only(real_site):
    from sitegen.visuals import chain, chain_svg
    dataset = real_site["dataset"]
    stages, edges = chain(dataset, "xinjiang")
    sanctions = {n.id for n in stages["sanctions"]}
    assert "us-entity-list-2019-10-xinjiang" in sanctions
    for a, b, verb in edges:                       # every line is a reference in the data
        if verb == "targets":
            assert b.id in dataset.get("sanctions", a.id).targets
        if verb == "exports":
            assert a.id in dataset.get("exports", b.id).exporters
    root = ET.fromstring(chain_svg("xinjiang", stages, edges, "../"))
    assert len(root.findall(f"{SVG}line")) == len(edges)
    assert len(root.findall(f"{SVG}a")) == sum(len(v) for v in stages.values())


def test_a_sanction_naming_an_exporter_joins_the_chain(valid_copy):
    data = valid_copy / "data"
    (data / "exports.yml").write_text((data / "exports.yml").read_text().replace("  reported:", "  themes: [ai]\n  reported:"))
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
    root = ET.fromstring(graph_svg(dataset, actors, records, ties, "../"))
    assert len(root.findall(f"{SVG}a")) == len(actors) + len(records)
    assert len(root.findall(f"{SVG}line")) == sum(len(t) for t in ties.values())


def test_a_new_tie_puts_an_actor_in_the_graph(valid_copy):
    data = valid_copy / "data"
    sanctions = (data / "sanctions.yml").read_text()
    (data / "sanctions.yml").write_text(sanctions.replace("targets: [company-a, body-a]", "targets: [body-a]"))
    before = render_site(load_dataset(data), TEMPLATES).get("graph.md", "")
    assert "Company A" not in before                                   # one tie only: exported
    (data / "sanctions.yml").write_text(sanctions)                     # the sanction names it again
    page = render_site(load_dataset(data), TEMPLATES)["graph.md"]
    assert "[Company A](actors/company-a.md): exported [Export A](exports/export-a.md)" in page and "sanctioned by [Sanction A]" in page


def test_the_map_highlights_every_country_in_the_records_with_a_link(real_site):
    from sitegen.visuals import NAME_IN_ATLAS, countries_in_records
    html = (real_site["site"] / "map" / "index.html").read_text(encoding="utf-8")
    svg = html[html.index("<svg class=\"map-svg\""):html.index("</svg>", html.index("<svg class=\"map-svg\"")) + 6]
    root = ET.fromstring(svg)
    links = {a.get("href") for a in root.findall(f"{SVG}a")}
    countries = countries_in_records(real_site["dataset"])
    union = {"../actors/european-union/"}   # a union of states has no shape of its own: the table lists it
    assert {f"../actors/{c.id}/" for c, _, _ in countries} - union == links
    assert len(root.findall(f"{SVG}path")) > 150                       # every Natural Earth country is drawn
    us = next(refs for c, _, refs in countries if c.id == "united-states")
    assert any(coll == "sanctions" for coll, _ in us)                   # through the US agencies
    assert html.count("<tr>") - 1 == len(countries)                     # the table: one row per country


def test_a_country_added_to_the_data_appears_on_the_map(valid_copy):
    import json
    from conftest import ROOT
    atlas = json.loads((ROOT / "node_modules/world-atlas/countries-110m.json").read_text())
    data = valid_copy / "data"
    text = (data / "actors.yml").read_text()
    (data / "actors.yml").write_text(text.replace("title: Country A", "title: Vietnam"))
    page = render_site(load_dataset(data), TEMPLATES, atlas=atlas)["map.md"]
    assert 'href="../actors/country-a/" aria-label="Vietnam: 1 record"' in page


def test_a_missing_atlas_is_a_clear_error(tmp_path):
    import shutil
    from sitegen import DataErrors
    from sitegen.build import Build
    shutil.copytree(FIXTURES / "valid", tmp_path / "data")
    (tmp_path / "overrides").symlink_to(TEMPLATES.parent)
    with pytest.raises(DataErrors) as caught:
        Build.prepare(tmp_path, tmp_path / "docs", [])
    assert "node_modules/world-atlas/countries-110m.json: is missing" in caught.value.report()
    assert "run `npm ci`" in caught.value.report()
