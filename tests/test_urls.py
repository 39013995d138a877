"""The URL promise: published addresses never silently disappear; renames leave redirects."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, build, copy_project
from sitecheck import broken_links, read_site
from sitegen import DataErrors
from sitegen.manifest import published_urls, read_manifest
from sitegen.redirects import load_redirects

MANIFEST = ROOT / "data" / "published-urls.txt"


def test_no_published_address_has_disappeared(real_site):
    built = set(published_urls(real_site["site"]))
    redirected = {f"/{r.from_}" for r in load_redirects(ROOT / "data", ROOT)}
    gone = [u for u in read_manifest(MANIFEST) if u not in built and u.split("#")[0] not in redirected]
    assert gone == [], (
        f"{len(gone)} published addresses no longer exist, e.g. {gone[:8]}. Teachers link to them: restore them, "
        "or add a redirect in data/redirects.yml (see CONTRIBUTING.md, 'Renaming safely')."
    )


def test_every_new_address_is_recorded_in_the_manifest(real_site):
    new = sorted(set(published_urls(real_site["site"])) - set(read_manifest(MANIFEST)))
    assert new == [], f"{len(new)} addresses are not in data/published-urls.txt, e.g. {new[:8]}: run `make urls`"


def test_the_manifest_covers_records_and_their_sections(real_site):
    urls = set(read_manifest(MANIFEST))
    assert "/" in urls and "/#home" in urls
    assert "/sanctions/us-entity-list-2019-10-xinjiang/#targets" in urls
    assert "/study-sessions/cc19-pb-18-blockchain/#sources" in urls
    assert not any("#__" in u for u in urls)


def _project_with_redirects(tmp_path: Path, text: str) -> Path:
    data = shutil.copytree(FIXTURES / "valid", tmp_path / "data-src")
    (data / "redirects.yml").write_text(text, encoding="utf-8")
    return copy_project(tmp_path / "project", data)


@pytest.mark.slow
def test_a_redirect_keeps_an_old_address_working(tmp_path):
    project = _project_with_redirects(
        tmp_path, ("- from: policies/old-law/\n  to: policies/law-a/#sources\n  reason: renamed\n")
    )
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr
    page = (site / "policies" / "old-law" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../law-a/#sources">' in page
    assert '<a href="../law-a/#sources">continue to its new address</a>' in page
    assert 'location.replace("../law-a/" + (location.hash || "#sources"))' in page
    assert broken_links(site, read_site(site)) == []
    assert "/policies/old-law/" not in published_urls(site)  # a redirect is not a page of its own


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, message",
    [
        (
            "- from: policies/law-a/\n  to: policies/law-a/\n  reason: x\n",
            "data/redirects.yml: record 'policies/law-a/': field 'from': this address is still a page",
        ),
        (
            "- from: policies/old/\n  to: policies/nowhere/\n  reason: x\n",
            "data/redirects.yml: record 'policies/old/': field 'to': 'policies/nowhere/' is not a page of the site",
        ),
        (
            "- from: /policies/old\n  to: policies/law-a/\n  reason: x\n",
            "data/redirects.yml:1: record '/policies/old': field 'from': '/policies/old' is not a site address",
        ),
        (
            "- from: policies/old/\n  to: policies/law-a/\n",
            "data/redirects.yml:1: record 'policies/old/': field 'reason': required field is missing",
        ),
    ],
)
def test_a_bad_redirect_stops_the_build_with_its_file_entry_and_field(tmp_path, text, message):
    project = _project_with_redirects(tmp_path, text)
    result = build(project, tmp_path / "site")
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_redirect_file_errors_are_data_errors(tmp_path):
    (tmp_path / "redirects.yml").write_text("from: x\n", encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        load_redirects(tmp_path, tmp_path)
    assert "redirects.yml:1: expected a list of redirects" in caught.value.report()


def test_recording_urls_only_adds_and_needs_a_built_site(tmp_path, real_site):
    import subprocess
    import sys

    manifest = tmp_path / "published-urls.txt"
    manifest.write_text("# header\n/gone-page/\n/sanctions/\n", encoding="utf-8")
    env = {"PYTHONPATH": str(ROOT / "hooks")}
    missing = subprocess.run(
        [sys.executable, "-m", "sitegen", "urls", str(tmp_path / "no-site"), str(manifest)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert missing.returncode == 2 and "run `make build` first" in missing.stderr
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", "urls", str(real_site["site"]), str(manifest)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    recorded = read_manifest(manifest)
    assert "/gone-page/" in recorded and "/sanctions/" in recorded and len(recorded) > 1000
    assert "1 recorded addresses are no longer built" in result.stdout and "/gone-page/" in result.stdout


@pytest.mark.parametrize(
    "target, here",
    [
        ("sources/y/", "policies/x/"),
        ("policies/", "policies/x/"),
        ("", "policies/x/"),
        ("changelog/", "policies/x/"),
        ("sources/y.html", "policies/x.html"),
        ("policies/index.html", "policies/x.html"),
        ("index.html", "policies/x.html"),
        ("policies/x/", "policies/x/"),
        ("javascripts/x.js", "reader/"),
    ],
)
def test_a_relative_link_resolves_back_to_its_target(target, here):
    from sitegen.urls import relative, resolve

    assert resolve(relative(target, here), here) == target
    assert resolve("", here) == here  # a link to '#anchor' alone stays on the page
