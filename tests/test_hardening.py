"""Issue #19: what a build writes outside the templates is checked, the input rules, atomic builds."""

from __future__ import annotations

import pytest
from sitegen.outputs import search_index_errors


def test_markup_in_the_search_index_stops_the_build_naming_the_entry():
    index = {
        "docs": [
            {
                "location": "glossary/x/",
                "title": "x · 网络<img src=x onerror=alert(1)>",
                "text": "<p>fine <code>a</code></p>",
            },
            {"location": "", "title": "Home", "text": "<p class=x>a</p>"},
            {"location": "ok/", "title": "a &lt;b&gt;", "text": "<ul><li>b</li></ul>"},
        ]
    }
    assert [str(e) for e in search_index_errors(index)] == [
        "search/search_index.json: record 'glossary/x/': field 'title': holds markup '<img src=x onerror=alert(1)>' "
        "that a search result would run; whatever wrote it must escape the text (html.escape)",
        "search/search_index.json: record '(home)': field 'text': holds markup '<p class=x>' "
        "that a search result would run; whatever wrote it must escape the text (html.escape)",
    ]


def test_glossary_hanzi_reach_the_search_index_escaped():
    from sitegen.model import Term
    from sitegen.terms import enrich_search_index

    # built unvalidated: whatever the model lets through, the index escapes it
    term = Term.model_construct(
        id="ceshi", title="test", zh="测试<img src=x onerror=alert(1)>", pinyin="cèshì", category="technology"
    )
    index = enrich_search_index({"docs": [{"location": "glossary/ceshi/", "title": "test", "text": ""}]}, [term])
    assert search_index_errors(index) == []
    written = " ".join(str(v) for v in index["docs"][0].values())
    assert "测试" in written and "<img" not in written


# --- atomic builds -------------------------------------------------------------------------------

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import FIXTURES, build, copy_project


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _start(project: Path, site: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(project / "hooks"), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _wait_for_files(folder: Path, count: int, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if folder.is_dir() and sum(1 for p in folder.rglob("*") if p.is_file()) >= count:
            return
        time.sleep(0.02)
    raise AssertionError(f"{folder} never had {count} files")


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory):
    """The small fixture project, built once for the tests below; each takes a copy."""
    project = copy_project(tmp_path_factory.mktemp("good") / "project", FIXTURES / "valid")
    assert build(project, project / "site").returncode == 0
    return project


@pytest.fixture
def good_site(tmp_path, fixture_build):
    """A copy of the fixture project with its last good build in project/site."""
    project = shutil.copytree(fixture_build, tmp_path / "project", symlinks=True)
    site = project / "site"
    return project, site, _files(site)


def test_a_build_that_fails_its_last_check_leaves_the_last_good_site(good_site):
    project, site, before = good_site
    (project / "data" / "redirects.yml").write_text("- from: old-page/\n  to: no-such-page/\n  reason: moved\n")
    result = build(project, site)  # the redirect check runs after every page is rendered
    assert result.returncode == 1
    assert (
        "data/redirects.yml: record 'old-page/': field 'to': 'no-such-page/' is not a page of the site" in result.stderr
    )
    assert _files(site) == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_ctrl_c_during_a_build_leaves_the_last_good_site(good_site):
    project, site, before = good_site
    proc = _start(project, site)
    _wait_for_files(project / ".site.partial", 40)  # pages are being written
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert _files(site) == before
    assert build(project, site).returncode == 0  # the next build clears what the interrupted one left
    assert not (project / ".site.partial").exists() and _files(site).keys() == before.keys()


def test_a_second_build_in_the_same_checkout_is_refused_and_the_first_completes(good_site):
    project, site, before = good_site
    first = _start(project, site)
    _wait_for_files(project / ".site.partial", 1)  # the first build holds the lock from here on
    first.send_signal(signal.SIGSTOP)  # and stays in the middle of its build
    try:
        second = build(project, site)
    finally:
        first.send_signal(signal.SIGCONT)
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert second.returncode == 1
    assert (
        f"another build is running in this checkout (process {first.pid}); wait for it to finish, "
        "or end it (the lock is .build.lock)"
    ) in second.stderr
    assert "Traceback" not in second.stderr
    assert _files(site).keys() == before.keys()


# --- false link errors, input rules, make check ---------------------------------------------------

import csv
import io


def test_a_title_that_says_href_is_text_not_a_link(tmp_path):
    data = shutil.copytree(FIXTURES / "valid", tmp_path / "data")
    text = (data / "policies.yml").read_text()
    (data / "policies.yml").write_text(text.replace("title: Law A", """title: 'Law A, see href="x" and id="y"'"""))
    project = copy_project(tmp_path / "project", data)
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (
        "see href=&#34;x&#34;" in (tmp_path / "site" / "policies" / "law-a" / "index.html").read_text()
        or "see href=&quot;x&quot;" in (tmp_path / "site" / "policies" / "law-a" / "index.html").read_text()
    )


def test_csv_cells_a_spreadsheet_would_run_start_with_an_apostrophe(valid_copy):
    from sitegen import load_dataset
    from sitegen.export import records_csv, records_json

    data = valid_copy / "data"
    text = (data / "policies.yml").read_text()
    text = text.replace("title: Law A", """title: '=HYPERLINK("https://evil.example","click")'""")
    text = text.replace("summary: A law.", "summary: '@SUM(1+1)'")
    (data / "policies.yml").write_text(text)
    dataset = load_dataset(data)
    row = next(csv.DictReader(io.StringIO(records_csv(dataset, "policies"))))
    assert row["title"] == """'=HYPERLINK("https://evil.example","click")"""
    assert row["summary"] == "'@SUM(1+1)"
    assert row["id"] == "law-a" and row["adopted"] == "2016-11-07"
    assert '"title": "=HYPERLINK(' in records_json(dataset, "policies")  # JSON keeps the value as typed


def test_a_redirect_to_an_anchor_that_is_not_there_stops_the_build(tmp_path):
    data = shutil.copytree(FIXTURES / "valid", tmp_path / "data")
    (data / "redirects.yml").write_text(
        "- from: policies/old-law/\n  to: policies/law-a/#no-such-part\n  reason: renamed\n"
    )
    project = copy_project(tmp_path / "project", data)
    result = build(project, tmp_path / "site")
    assert result.returncode == 1
    assert (
        "data/redirects.yml: record 'policies/old-law/': field 'to': there is no id 'no-such-part' on the page "
        "'policies/law-a/'; a reader would land at its top (fix the anchor, or drop it)"
    ) in result.stderr
    assert not (tmp_path / "site").exists()


def _check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sitegen", "check", "data"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(project / "hooks")},
    )


def test_make_check_reads_every_data_file_and_prints_every_error_at_once(tmp_path):
    project = copy_project(tmp_path / "project")
    data = project / "data"
    (data / "teaching.yml").write_text(
        (data / "teaching.yml").read_text().replace("- explainer: study-sessions", "- explainer: study-session", 1)
    )
    changelog = (data / "changelog.yml").read_text().split("\n")
    first_kind = next(n for n, line in enumerate(changelog) if line.startswith("  kind: "))
    first_id = next(line[6:] for line in changelog if line.startswith("- id: "))
    changelog[first_kind] = "  kind: addd"
    (data / "changelog.yml").write_text("\n".join(changelog))
    (data / "redirects.yml").write_text("- form: old/\n  to: policies/\n  reason: renamed\n")
    result = _check(project)
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith("4 problems in the data; nothing was built:")
    assert (
        f"data/changelog.yml:{first_kind + 1}: record '{first_id}': field 'kind': 'addd' is not allowed"
        in result.stderr
    )
    assert (
        "data/redirects.yml:1: record '#1': field 'form': unknown field 'form' (did you mean 'from'?); "
        "allowed: from, to, reason"
    ) in result.stderr  # as written in YAML: no 'from_'
    assert "data/redirects.yml:1: record '#1': field 'from': required field is missing" in result.stderr
    assert (
        "data/teaching.yml:6: record 'study-session': field 'explainer': 'study-session' is not an explainer"
        in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_make_check_names_an_empty_collection_file(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "data" / "exports.yml").write_text("# emptied by mistake\n")
    result = _check(project)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "1 problem in the data; nothing was built:\n"
        "  data/exports.yml: is empty; a collection file lists its records (write [] for a collection with none)"
    )


def test_make_check_and_the_build_fail_when_a_published_address_disappears(tmp_path):
    # the small fixture with a manifest of its own (the real one is held to the real build by
    # tests/test_urls.py): the same check, without a second build of the whole site
    project = copy_project(tmp_path / "project", FIXTURES / "valid")
    manifest = project / "data" / "published-urls.txt"
    lines = ["/", "/policies/", "/policies/a-renamed-law/", "/policies/law-a/", "/policies/#a-vanished-section"]
    manifest.write_text("\n".join(lines) + "\n")
    result = _check(project)
    assert result.returncode == 1
    assert (
        "data/published-urls.txt:3: '/policies/a-renamed-law/' was published and would no longer be served: "
        "restore it, or add a redirect in data/redirects.yml (CONTRIBUTING.md, 'Renaming safely')"
    ) in result.stderr
    lines.remove("/policies/a-renamed-law/")
    manifest.write_text("\n".join(lines) + "\n")
    assert _check(project).returncode == 0  # a section is known only once built: the build checks it
    result = build(project, project / "site")
    assert result.returncode == 1
    assert "data/published-urls.txt:4: '/policies/#a-vanished-section' was published" in result.stderr
    assert result.stderr.count("data/published-urls.txt:") == 1  # the other addresses are served


# --- make serve -----------------------------------------------------------------------------------

import socket
import urllib.request


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # MkDocs' server held requests forever
        return response.read().decode("utf-8")


def _wait_for(predicate, what: str, timeout: float = 60):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if predicate():
                return
        except OSError:  # a request timed out while the server rebuilt on a busy machine: ask again
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_keeps_the_last_good_site_shows_the_errors_and_reloads_the_engine(tmp_path):
    project = copy_project(tmp_path / "project", FIXTURES / "valid")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (tmp_path / "serve.log").open("w+")
    env = {**os.environ, "PYTHONPATH": str(project / "hooks"), "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}/policies/law-a/"
    logged = lambda text: text in (tmp_path / "serve.log").read_text()  # noqa: E731
    try:
        _wait_for(lambda: logged("Serving on"), "the server")
        assert "Law A" in _get(url)
        policies = project / "data" / "policies.yml"
        good = policies.read_text()
        policies.write_text(good.replace("kind: law", "kind: lw"))
        _wait_for(lambda: logged("The last good build is still served"), "the failed rebuild")
        page = _get(url)
        assert "Law A" in page and "The last rebuild failed; this is the last good build." in page
        assert (
            "data/policies.yml:4: record &#x27;law-a&#x27;: field &#x27;kind&#x27;: &#x27;lw&#x27; is not allowed"
            in page
        )
        # the engine's code changes and the data is fixed: the next build runs the new code
        cite = project / "hooks" / "sitegen" / "cite.py"
        cite.write_text(cite.read_text().replace("Cite this page", "Cite this page (reloaded)"))
        policies.write_text(good)
        _wait_for(lambda: "Cite this page (reloaded)" in _get(url), "a rebuild with the new code")
        assert "The last rebuild failed" not in _get(url)
        assert "Traceback" not in (tmp_path / "serve.log").read_text()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
        log.close()


# --- Content-Security-Policy ----------------------------------------------------------------------

import re as _re


def test_every_page_has_a_strict_policy_that_lists_each_inline_script_by_hash(real_site):
    from sitegen.outputs import script_hashes

    site = real_site["site"]
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 300
    for path in pages:
        text = path.read_text(encoding="utf-8")
        head = _re.sub(r'^\s*<meta charset="utf-8">', "", text.split("<head>", 1)[1]).lstrip()
        assert head.startswith('<meta http-equiv="Content-Security-Policy" content="'), path  # before any script
        assert text.index('<meta charset="utf-8">') < 1024, path  # where a browser looks for it
        policy = _re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text).group(1)
        scripts = _re.search(r"script-src ([^;]*);", policy).group(1).split()
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, path
        assert scripts == ["'self'", *script_hashes(text)], path
        assert "object-src 'none'" in policy and "base-uri 'self'" in policy
        assert '<meta name="referrer" content="no-referrer">' in text
        for tag in _re.findall(r'<a\s[^>]*href="https?://[^>]*>', text):
            assert _re.search(r'\srel="[^"]*\bnoopener noreferrer\b', tag) or (
                "noopener" in tag and "noreferrer" in tag
            ), (path, tag)


def test_script_hashes_are_the_browsers(tmp_path):
    from sitegen.outputs import script_hashes, secure_page

    page = secure_page(
        '<html><head><script>alert(1)</script><script type="application/json">{}</script>'
        '<script src="x.js"></script></head><body><a href="https://example.org/">x</a></body></html>'
    )
    assert script_hashes(page) == ["'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"]  # sha256 of alert(1)
    assert '<a href="https://example.org/" rel="noopener noreferrer">' in page


def test_pages_search_and_visuals_run_under_the_policy(browser, site):
    """The policy enforced (other browser tests bypass it): no script, worker or request is blocked."""
    context = browser.new_context(bypass_csp=False)
    page = context.new_page()
    blocked: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(f"{page.url}: {m.text[:200]}"))
    page.on("pageerror", lambda e: blocked.append(f"{page.url}: {e}"))
    for url in (
        "",
        "explainers/social-credit/",
        "timeline/",
        "map/",
        "graph/",
        "chains/",
        "glossary/wangluo-zhuquan/",
        "sanctions/",
        "no-such-page/",
    ):
        page.goto(site.url + url)
        page.wait_for_timeout(200)
    from gates.browser import search_result_count

    assert search_result_count(page, "wangluo") > 0
    assert blocked == []
    context.close()


# --- the workflow's supply chain --------------------------------------------------------------------


def test_the_workflow_pins_every_action_by_commit_hashes_every_install_and_never_cancels_a_deploy():
    import yaml
    from conftest import ROOT

    text = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    uses = _re.findall(r"uses: (\S+)(.*)", text)
    assert len(uses) >= 6
    for action, comment in uses:
        assert _re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", action), action  # a tag can move; a commit cannot
        assert _re.fullmatch(r" # v\d+\.\d+\.\d+", comment), (action, comment)  # the release it is
    jobs = yaml.safe_load(text)["jobs"]
    checkouts = [s for job in jobs.values() for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(s.get("with", {}).get("persist-credentials") is False for s in checkouts)
    installs = [line.strip() for line in text.splitlines() if "pip install" in line]
    assert installs and all("--require-hashes" in line for line in installs), installs
    lock = (ROOT / "requirements-properdocs.lock").read_text(encoding="utf-8")
    assert _re.search(r"properdocs==[\d.]+ \\\n\s+--hash=sha256:[0-9a-f]{64}", lock)
    assert jobs["deploy"]["concurrency"] == {"group": "pages-deploy", "cancel-in-progress": False}
    assert yaml.safe_load(text)["concurrency"]["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"
