"""A full strict MkDocs build of the real project in a temp folder: pages, links, backlinks,
escaping, no other host, nothing written into docs/, and bad data stops the build cleanly."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import FIXTURES, build, copy_project
from sitecheck import broken_links, is_external
from sitegen.model import page_path, segment
from sitegen.urls import address

pytestmark = pytest.mark.slow  # every test here builds a site or reads the real one


@pytest.fixture(scope="module")
def built(real_site):
    return real_site


def test_every_record_has_a_page_at_its_stable_url(built):
    for collection, records in built["dataset"].collections.items():
        assert f"{segment(collection)}/" in built["pages"], collection
        for record_id in records:
            assert address(page_path(collection, record_id)) in built["pages"], f"{collection}/{record_id}"


def test_every_internal_link_and_anchor_resolves(built):
    """In the files, from the sub-path the site is built for (gates.site.SITE_URL): nothing leaves
    /<repo>/, as on GitHub Pages. tests/test_gates_links.py follows the same links over HTTP."""
    from gates.site import REPO

    assert broken_links(built["site"], built["pages"], base=f"/{REPO}/") == []


def _links_after(page, marker: str) -> set[str]:
    """Site-absolute targets of the links that follow `marker` in a page."""
    from sitecheck import Page, _Parser

    part = Page(page.path, page.url)
    _Parser(part).feed(page.path.read_text(encoding="utf-8").split(marker, 1)[1])
    return {urljoin("/" + page.url, href) for href in part.links}


def test_backlinks_appear_in_referenced_by(built):
    checked = 0
    for (collection, record_id), groups in built["dataset"].backlinks.items():
        page = built["pages"][address(page_path(collection, record_id))]
        targets = _links_after(page, 'id="referenced-by"')
        for referrer, links in groups.items():
            for link in links:
                assert "/" + address(page_path(referrer, link.record.id)) in targets, (collection, record_id, link)
                checked += 1
    assert checked > 20


def test_record_pages_are_not_in_the_navigation(built):
    html = built["pages"]["sanctions/"].path.read_text(encoding="utf-8")
    outside_content = html.split("<article")[0] + html.split("</article>")[1]
    assert 'href="./"' in outside_content or 'href="../sanctions/"' in outside_content  # the index is in the nav
    for collection, records in built["dataset"].collections.items():
        for record_id in records:
            assert address(page_path(collection, record_id)) not in outside_content


def test_no_page_references_another_host(built):
    offenders = [(p.url, r) for p in built["pages"].values() for r in p.resources if is_external(r)]
    assert offenders == []
    for css in built["site"].rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "@import url(http" not in text, css


def test_nothing_is_written_into_docs(built):
    assert built["docs_unchanged"]
    assert not any((built["project"] / "docs" / segment(c)).exists() for c in built["dataset"].collections)


def test_hostile_data_is_escaped_in_the_built_site(tmp_path):
    data = shutil.copytree(FIXTURES / "valid", tmp_path / "data-src")
    text = (data / "policies.yml").read_text()
    text = text.replace("title: Law A", "title: '</title><script>alert(1)</script> **not bold**'")
    text = text.replace("summary: A law.", "summary: 'a \"><script>alert(2)</script>'")
    (data / "policies.yml").write_text(text)
    project = copy_project(tmp_path / "project", data)
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "policies" / "law-a" / "index.html").read_text(encoding="utf-8")
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; **not bold**" in html
    assert '<meta name="description" content="a &quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;">' in html
    assert "<script>alert" not in html and "<strong>not bold" not in html
    assert html.count("<title>") == 1 and "<title>&lt;/title&gt;&lt;script&gt;" in html


def test_bad_data_stops_the_build_with_a_clear_message_and_no_traceback(tmp_path):
    data = shutil.copytree(FIXTURES / "valid", tmp_path / "data-src")
    (data / "sanctions.yml").write_text(
        (data / "sanctions.yml").read_text().replace("targets: [company-a, body-a]", "targets: [company-b]")
    )
    project = copy_project(tmp_path / "project", data)
    result = build(project, tmp_path / "site")
    assert result.returncode == 1
    assert (
        "data/sanctions.yml:9: record 'sanction-a': field 'targets[0]': no record 'company-b' in actors"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()  # nothing half-built


def _fixture_project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project", FIXTURES / "valid")


def test_a_build_runs_the_engine_of_its_own_project(tmp_path):
    """The tests' builds are forked from a process that has imported MkDocs (gates/builder.py): each
    still runs the hooks and the engine of the project it builds, in its own environment."""
    project = _fixture_project(tmp_path)
    engine = project / "hooks" / "sitegen" / "__init__.py"
    engine.write_text('import os\nraise SystemExit("engine of " + os.environ["WHICH"])\n' + engine.read_text())
    result = build(project, tmp_path / "site", WHICH="the copy")
    assert (result.returncode, result.stderr.strip().splitlines()[-1]) == (1, "engine of the copy")
    assert build(copy_project(tmp_path / "other", FIXTURES / "valid"), tmp_path / "site").returncode == 0


def test_what_the_test_processes_share_is_made_once_and_a_failure_leaves_nothing(tmp_path, monkeypatch):
    """The real site's build and its parsed pages are made by the first of `make test`'s processes
    that needs them, and read by the others (gates.site.shared)."""
    import gates.site

    monkeypatch.setattr(gates.site, "SHARED", tmp_path)
    made = []

    def make(fail=False):
        made.append(fail)
        if fail:
            raise RuntimeError("the build failed")
        return {"pages": len(made)}

    with pytest.raises(RuntimeError, match="the build failed"):
        gates.site.shared("pages", lambda: make(fail=True))
    assert [gates.site.shared("pages", make) for _ in range(2)] == [{"pages": 2}] * 2
    assert made == [True, False]


def test_a_record_page_link_to_no_page_stops_the_build(tmp_path):
    project = _fixture_project(tmp_path)
    template = project / "overrides" / "generated" / "_record.html"
    template.write_text(
        template.read_text().replace("{{ link(record.collection) }}", '{{ relative("no-such/index.md") }}', 1)
    )
    result = build(project, tmp_path / "site")
    assert result.returncode == 1
    assert (
        "overrides/generated/policies.html: record 'law-a': the page links to '../../no-such/', "
        "but no page of the site is there"
    ) in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_record_sections_are_in_its_contents_and_checked_anchors_for_other_pages(tmp_path):
    """A record page is HTML from the engine, not Markdown: MkDocs still gets its table of contents
    and its ids, so a Markdown page may link to a record's section and a wrong anchor fails."""
    project = _fixture_project(tmp_path)
    home = project / "docs" / "index.md"
    home.write_text("# Test { #home }\n\n[Sources of law A](policies/law-a.md#sources)\n")
    assert build(project, tmp_path / "site").returncode == 0
    html = (tmp_path / "site" / "policies" / "law-a" / "index.html").read_text(encoding="utf-8")
    contents = html.split('<nav class="md-nav md-nav--secondary"', 1)[1].split("</nav>", 1)[0]
    assert [a for a in ("#facts", "#sources", "#referenced-by") if f'href="{a}"' in contents] == [
        "#facts",
        "#sources",
        "#referenced-by",
    ]
    assert contents.index('href="#facts"') < contents.index('href="#sources"') < contents.index('href="#referenced-by"')
    home.write_text("# Test { #home }\n\n[Sources of law A](policies/law-a.md#no-such-section)\n")
    result = build(project, tmp_path / "site2")
    assert result.returncode == 1
    assert (
        "contains a link 'policies/law-a.md#no-such-section', but the doc 'policies/law-a.md' does not contain an anchor"
        in result.stderr
    )


def test_two_clean_builds_are_byte_identical_and_dates_come_from_data(tmp_path, monkeypatch):
    project = _fixture_project(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    for n in (1, 2):  # the second in a new interpreter, with another hash seed (gates/builder.py)
        assert build(project, tmp_path / f"site{n}", fresh=n == 2).returncode == 0
    first = {p.relative_to(tmp_path / "site1"): p.read_bytes() for p in (tmp_path / "site1").rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path / "site2"): p.read_bytes() for p in (tmp_path / "site2").rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [str(p) for p in first if first[p] != second[p]] == []
    sitemap = (tmp_path / "site1" / "sitemap.xml").read_text()
    law = sitemap.split("/policies/law-a/</loc>")[1].split("</url>")[0]
    assert "<lastmod>2026-11-20</lastmod>" in law  # the record's `reviewed` date
    assert "<lastmod>2027-01-15</lastmod>" in sitemap  # others: SOURCE_DATE_EPOCH, not the clock


def test_project_site_under_a_sub_path(tmp_path):
    """GitHub Pages serves a project site under /<repo>/: the 404 page, sitemap and robots.txt follow."""
    project = _fixture_project(tmp_path)
    result = build(project, tmp_path / "site", SITE_URL="https://example.github.io/explainer/")
    assert result.returncode == 0, result.stderr
    not_found = (tmp_path / "site" / "404.html").read_text(encoding="utf-8")
    assert 'href="/explainer/assets/stylesheets/' in not_found  # works at any depth under the sub-path
    assert 'src="/explainer/assets/javascripts/' in not_found
    assert (
        "<loc>https://example.github.io/explainer/policies/law-a/</loc>"
        in (tmp_path / "site" / "sitemap.xml").read_text()
    )
    assert (tmp_path / "site" / "robots.txt").read_text() == (
        "User-agent: *\nAllow: /\n\nSitemap: https://example.github.io/explainer/sitemap.xml\n"
    )


def test_no_attribute_value_carries_a_markdown_escape(built):
    """Markdown does not undo its escapes inside raw HTML: a value escaped for Markdown in an attribute
    (the map key's fill="\\#D55E00") is no colour, and the key drew black swatches."""
    import re

    escaped = re.compile(r'\s[a-zA-Z-]+="\\[^"]*"')
    offenders = [
        (url, m) for url, page in built["pages"].items() for m in escaped.findall(page.path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], offenders[:5]
