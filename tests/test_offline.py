"""The offline edition (`make offline`): one zip of the whole site that works opened from file://,
with navigation and search, and asks no host for anything.

The zip is built once (a copy of the project, mkdocs.offline.yml, `python -m sitegen zip`, as
the Makefile does), unpacked, and read by the checks below; the browser checks open it from
file:// in Debian's chromium and record every request.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import build, copy_project
from sitegen.urls import address, as_directory, relative, to_root

pytestmark = pytest.mark.slow  # builds the offline edition; its browser tests also carry `browser`

EPOCH = 1800000000  # 2027-01-15: after every date in data/ (a later date would be refused as future)
TOP = "site-offline"

# Material's bundle (the same file the published site serves) holds addresses it asks only when a
# feature is on or a browser lacks something; none of them applies to this site.
MATERIAL_CONDITIONAL = (
    "https://unpkg.com/resize-observer-polyfill",  # only where ResizeObserver is missing (pre-2020 browsers)
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js",  # only for Mermaid diagrams; the site has none
    "https://api.github.com/",  # repository facts, only with `repo_url`; the site sets none
    "https://${",  # the same for GitLab
)
REMOTE = re.compile(r"https?://[^\s\"'`)\\]*")


# ---- the address helpers both builds use --------------------------------------------------------


@pytest.mark.parametrize(
    "path, directory, file",
    [
        ("index.md", "", "index.html"),
        ("policies/index.md", "policies/", "policies/index.html"),
        ("policies/x.md", "policies/x/", "policies/x.html"),
        ("timeline.md", "timeline/", "timeline.html"),
    ],
)
def test_page_addresses_in_both_styles(path, directory, file):
    assert address(path) == directory and address(path, directory_urls=False) == file
    assert as_directory(file) == directory and as_directory(directory) == directory


def test_relative_links_between_addresses():
    assert relative("glossary/x/", "explainers/y/") == "../../glossary/x/"
    assert relative("glossary/x.html", "explainers/y.html") == "../glossary/x.html"
    assert relative("glossary/x/", "") == "glossary/x/" and relative("", "policies/x/") == "../../"
    assert (
        relative("policies/x/", "policies/x.html") == "x/"
        and relative("sanctions/y/#a", "sanctions/x/index.html") == "../y/#a"
    )
    assert to_root("timeline/") == "../" and to_root("timeline.html") == "" and to_root("policies/x.html") == "../"


def test_redirects_point_at_the_built_address():
    from sitegen.redirects import Redirect, redirect_page

    r = Redirect.model_validate({"from": "sanctions/old/", "to": "sanctions/new/#listing", "reason": "merged"})
    assert 'href="../new/#listing"' in redirect_page(r)
    assert 'href="../new.html#listing"' in redirect_page(r, {"sanctions/new/": "sanctions/new.html"})


# ---- the zip ------------------------------------------------------------------------------------


def _make_zip(project: Path, site: Path, out: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(project / "hooks"), "SOURCE_DATE_EPOCH": str(EPOCH)}
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", "zip", str(site), str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def offline(tmp_path_factory):
    """The offline edition of the real project: {"zip": path, "root": unpacked site, "project"}."""
    project = copy_project(tmp_path_factory.mktemp("offline-project"))
    site = project / "site-offline"
    result = build(project, site, config="mkdocs.offline.yml", SOURCE_DATE_EPOCH=str(EPOCH))
    assert result.returncode == 0, result.stderr
    out = project / "dist" / f"{TOP}.zip"
    _make_zip(project, site, out)
    unpacked = tmp_path_factory.mktemp("usb-stick")
    with zipfile.ZipFile(out) as zf:
        zf.extractall(unpacked)
    return {"zip": out, "root": unpacked / TOP, "project": project, "site": site}


def test_the_zip_is_reproducible(offline, tmp_path):
    again = tmp_path / f"{TOP}.zip"
    _make_zip(offline["project"], offline["site"], again)
    assert again.read_bytes() == offline["zip"].read_bytes()
    with zipfile.ZipFile(offline["zip"]) as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names) and all(n.startswith(f"{TOP}/") for n in names)
    import time

    assert {i.date_time for i in infos} == {time.gmtime(EPOCH)[:6]}
    assert f"{TOP}/index.html" in names and f"{TOP}/search/search_index.js" in names


def test_the_zip_asks_no_other_host(offline):
    root = offline["root"]
    index = (root / "index.html").read_text(encoding="utf-8")
    assert '<script src="javascripts/iframe-worker-shim.js"></script>' in index  # the local shim, first
    shim = (root / "javascripts" / "iframe-worker-shim.js").read_text(encoding="utf-8")
    assert "IFrameWorker" in shim and "MIT licence" in shim
    offenders = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".js", ".css", ".json", ".xml", ".txt"):
            continue
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(root).as_posix()
        if path.suffix == ".html":  # anything a page loads by itself (links to other sites are only links)
            for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*>", text):
                if re.search(r'\b(?:src|srcset|data)="(?:https?:)?//', tag) or (
                    tag.startswith("<link") and "canonical" not in tag and re.search(r'href="(?:https?:)?//', tag)
                ):
                    offenders.append(f"{rel}: {tag}")
            for script in re.findall(r"<script\b[^>]*>(.*?)</script>", text, flags=re.S):
                offenders += [f"{rel}: inline script: {u}" for u in REMOTE.findall(script)]
        elif path.suffix == ".js" and rel != "search/search_index.js":  # the index is text, not code
            code = re.sub(r"(?m)^\s*//.*$", "", re.sub(r"/\*.*?\*/", "", text, flags=re.S))  # comments
            for url in REMOTE.findall(code):
                if rel.startswith("assets/javascripts/bundle.") and url.startswith(MATERIAL_CONDITIONAL):
                    continue
                if url.startswith(("http://www.w3.org/", "https://bit.ly/2s3ChXG")):  # a namespace; a console hint
                    continue
                offenders.append(f"{rel}: {url}")
        if "unpkg" in text and not rel.startswith("assets/javascripts/bundle."):
            offenders.append(f"{rel}: mentions unpkg")
    assert offenders == []


def test_pages_and_citations_use_file_addresses(offline):
    root = offline["root"]
    record = root / "policies" / "cybersecurity-law.html"
    assert record.is_file() and not (root / "policies" / "cybersecurity-law" / "index.html").exists()
    html = record.read_text(encoding="utf-8")
    from urllib.parse import quote

    assert quote("UR  - http://127.0.0.1:8000/policies/cybersecurity-law/", safe="") in html  # the published address
    assert 'download="ssess-cybersecurity-law-' in html and not [p for p in root.rglob("cite.*") if p.suffix != ".js"]
    timeline = (root / "timeline.html").read_text(encoding="utf-8")
    assert 'class="tl-mark" href="policies/' in timeline and '<script src="javascripts/timeline.js"' in timeline
    assert '../glossary/shehui-xinyong-tixi.html"' in (root / "explainers" / "social-credit.html").read_text(
        encoding="utf-8"
    )


def test_every_local_link_opens_a_file(offline):
    """From file:// a link to a folder shows a directory listing: every link must name a file."""
    from urllib.parse import unquote, urlsplit

    root = offline["root"]
    broken = []
    for page in sorted(root.rglob("*.html")):
        rel = page.relative_to(root).as_posix()
        if rel == "404.html":  # Material's 404 page names the server's root; a file:// reader never gets it
            continue
        for href in re.findall(r'\b(?:href|src)="([^"#?]+)', page.read_text(encoding="utf-8")):
            if re.match(r"^[a-z][a-z0-9+.-]*:|^//", href):
                continue
            target = page.parent / unquote(urlsplit(href).path)
            if not target.is_file():
                broken.append(f"{rel} -> {href}")
    assert broken == [], f"{len(broken)} broken, e.g. {broken[:10]}"


def test_the_offline_build_refuses_a_script_from_another_host(tmp_path):
    """Without the local shim in extra.polyfills, Material's offline plugin would add unpkg's: the
    build stops instead of shipping it."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.offline.yml"
    config.write_text(config.read_text().split("\nextra:")[0] + "\n")
    result = build(project, tmp_path / "site", config="mkdocs.offline.yml")
    assert result.returncode != 0 and "https://unpkg.com/iframe-worker/shim" in result.stderr


# ---- in a real browser, from file:// ------------------------------------------------------------


@pytest.fixture
def page(browser, offline):
    """A page whose every request is recorded in page.requests, and every script error in page.errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.requests, tab.errors = [], []
    context.on("request", lambda r: tab.requests.append(r.url))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    yield tab
    context.close()
    remote = [u for u in tab.requests if not u.startswith(("file://", "data:", "blob:", "about:"))]
    assert remote == [], f"requests to other hosts: {remote}"
    assert tab.errors == []


def _url(offline, rel: str = "index.html") -> str:
    return (offline["root"] / rel).as_uri()


def test_navigate_follow_a_record_and_search_from_file(offline, page):
    page.goto(_url(offline))
    assert page.url.startswith("file://") and page.locator("h1").first.is_visible()
    page.locator("nav.md-nav--primary a.md-nav__link", has_text="Timeline").first.click()  # a nav link
    page.wait_for_load_state()
    assert page.url.endswith("/timeline.html") and page.locator("h1").first.inner_text().startswith("Timeline")
    link = page.locator(".timeline-table a").first  # a record link
    title = link.inner_text()
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith(".html") and title in page.locator("h1").first.inner_text()
    assert page.locator("section.cite-this").is_visible()

    page.locator(".md-search__input").click()  # search
    page.keyboard.type("cybersecurity law")
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0", timeout=15000)
    assert any(u.endswith("/search/search_index.js") for u in page.requests)
    result = page.locator(".md-search-result__item > a").first
    href = result.get_attribute("href")
    result.click()
    page.wait_for_load_state()
    assert page.url.split("#")[0].split("?")[0].endswith(".html"), (href, page.url)
    assert page.locator("article h1").first.is_visible()
    assert "cybersecurity" in page.locator("article").first.inner_text().lower()


def test_the_search_index_waits_until_search_is_opened(offline, page):
    page.goto(_url(offline, "explainers/social-credit.html"))
    page.wait_for_timeout(500)
    assert not [u for u in page.requests if "search_index" in u]
    page.locator(".md-search__input").click()
    page.wait_for_function("typeof __index !== 'undefined'", timeout=15000)


def test_hanzi_pinyin_and_name_queries_work_from_file(offline, page, request):
    """The queries of tests/test_search_browser.py, in the offline edition (iframe-worker, inlined index).
    The edition ranks with the same index and worker as the served site, which that file checks with
    every query; what differs here (how the index arrives, the .html addresses) would fail every
    query alike, so `make test` asks the first three of each kind and `make test-full` all of them."""
    import statistics

    from searchcheck import HANZI_QUERIES, RANKING, SearchBox, article_texts, containing, recall

    few = None if request.config.getoption("--full") else 3
    hanzi, ranking = HANZI_QUERIES[:few], RANKING[:few]
    page.goto(_url(offline))
    box = SearchBox(page, offline["root"].as_uri() + "/")
    texts = article_texts(offline["root"], directory_urls=False)
    rates = {q: recall(box.query(q), containing(texts, q)) for q in hanzi}
    assert min(rates.values()) >= 0.7 and statistics.median(rates.values()) >= 0.9, rates
    firsts = {q: box.query(q, first=1).urls[:1] for q, _ in ranking}
    assert firsts == {q: [first.rstrip("/") + ".html"] for q, first in ranking}


def test_glossary_popover_copy_link_and_timeline_filter_work_from_file(offline, page):
    page.goto(_url(offline, "explainers/social-credit.html"))
    term = page.locator("a.term").first
    term.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Glossary: " + term.get_attribute("data-pinyin"))
    assert dialog.is_visible() and term.get_attribute("data-zh") in dialog.inner_text()
    entry = dialog.get_by_role("link", name="Open the glossary entry")
    assert (Path(offline["root"] / "explainers") / entry.get_attribute("href")).resolve().is_file()
    page.keyboard.press("Escape")

    page.locator("button.copy-link").first.click()
    page.wait_for_function("document.querySelector('.copy-link-status').textContent !== ''")
    status = page.locator(".copy-link-status").inner_text()
    assert status == "Link copied" or (status.startswith("Copy this link: file://") and "social-credit.html#" in status)

    page.goto(_url(offline, "timeline.html") + "?kind=sanctions")
    assert set(page.locator(".tl-mark:not([hidden])").evaluate_all("els => els.map(e => e.dataset.kind)")) == {
        "sanctions"
    }
    page.get_by_role("checkbox", name="Study sessions").check()
    assert "kind=" in page.url and page.url.startswith("file://")
    mark = page.locator(".tl-mark:not([hidden])").first
    assert (offline["root"] / mark.get_attribute("href")).is_file()

    page.goto(_url(offline, "map.html"))
    country = page.locator("a.map-country").first
    assert (offline["root"] / country.get_attribute("href")).is_file()


def test_search_from_file_under_the_pages_content_security_policy(offline, browser):
    """The policy enforced (the other tests bypass it, see gates/browser.py): the iframe-worker
    shim's frame inherits it, so the shipped shim loads its frame's script from a file."""
    context = browser.new_context(bypass_csp=False)
    page = context.new_page()
    blocked: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(m.text[:200]))
    page.goto(_url(offline, "timeline.html"))
    from gates.browser import search_result_count

    assert search_result_count(page, "cybersecurity law") > 0
    assert blocked == []
    policy = page.evaluate("document.querySelector('meta[http-equiv=Content-Security-Policy]').content")
    assert "script-src 'self' 'sha256-" in policy and "unsafe-inline'; style-src" not in policy
    context.close()
