"""Publishing: the Pages workflow deploys with the official actions, licences are in place."""

from __future__ import annotations

import yaml
from conftest import ROOT


def _workflow() -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))


def _uses(job: dict) -> list[str]:
    return [step.get("uses", "").split("@")[0] for step in job["steps"]]


def test_every_pull_request_is_built_and_tested():
    workflow = _workflow()
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as True
    assert "bash .ci/run" in workflow["jobs"]["test"]["steps"][-1]["run"]


def test_main_is_deployed_with_the_pages_actions_not_a_branch_push():
    jobs = _workflow()["jobs"]
    assert "actions/upload-pages-artifact" in _uses(jobs["build"])
    assert "actions/deploy-pages" in _uses(jobs["deploy"])
    assert jobs["build"]["needs"] == "test" and jobs["deploy"]["needs"] == "build"
    assert "SITE_URL" in str(jobs["build"])  # the repository's sub-path address
    assert "gh-pages" not in (ROOT / ".github" / "workflows" / "pages.yml").read_text()


def test_properdocs_job_builds_strictly():
    job = _workflow()["jobs"]["properdocs"]
    assert "properdocs build --strict" in job["steps"][-1]["run"]


def test_licences_are_in_the_repository():
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    content = (ROOT / "LICENSE-CONTENT").read_text()
    assert "Creative Commons Attribution 4.0 International" in content and "Section 1 – Definitions." in content


def test_the_deployed_site_has_the_offline_zip_where_the_pages_link_it():
    """`make publish` (what the workflow deploys) puts the zip at the address the packs page links."""
    import posixpath
    import subprocess

    from sitegen.render import OFFLINE_ZIP

    steps = " ".join(str(s.get("run", "")) for s in _workflow()["jobs"]["build"]["steps"])
    assert "make publish" in steps
    dry = subprocess.run(["make", "-n", "-B", "publish"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    zip_name = posixpath.basename(OFFLINE_ZIP)
    assert f"sitegen zip site-offline dist/{zip_name}" in dry
    assert f"cp dist/{zip_name} site/{posixpath.dirname(OFFLINE_ZIP)}/" in dry


def test_the_packs_page_links_the_offline_edition_online_only(real_site):
    html = real_site["pages"]["packs/"].path.read_text(encoding="utf-8")
    assert 'href="../downloads/china-tech-governance-explainer-offline.zip" download' in html
