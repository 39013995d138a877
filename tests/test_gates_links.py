"""Every internal link, anchor and resource of the built HTML (generated record pages, hand-written
pages, raw HTML, the 404 page) resolves when the site is served under a sub-path, as GitHub Pages
serves a project site at /<repo>/: built with SITE_URL=http://127.0.0.1:PORT/<repo>/, fetched over
HTTP from a server that has nothing outside /<repo>/. (The site at `/` is checked by test_build.)"""

from __future__ import annotations

import urllib.error
import urllib.request
from functools import cache
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from gates.site import REPO, served_under_repo
from sitecheck import Page, _Parser, broken_links, is_external, is_release_file, read_site

pytestmark = pytest.mark.slow  # builds the site under /<repo>/ and follows every link


@pytest.fixture(scope="module")
def server():
    return served_under_repo()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def test_files_resolve_under_the_sub_path(server):
    assert broken_links(server.site, read_site(server.site), base=f"/{REPO}/") == []


def test_every_link_and_resource_resolves_over_http_under_the_sub_path(server):
    """Each page is fetched at its served address; each href/src is resolved the way a browser
    resolves it and fetched; a #fragment must be an id on the page it lands on."""

    @cache
    def get(url):
        status, body = fetch(url)
        page = Page(None, url)
        if "<html" in body[:500].lower():  # the 404 answer too: its links must work from any depth
            _Parser(page).feed(body)
        return status, page

    pages = read_site(server.site)
    # every page at its address, plus a missing address that GitHub Pages answers with 404.html
    addresses = [server.url + p for p in pages if p != "404.html"] + [server.url + "no-such/page/deeper/"]
    problems, checked = [], 0
    for address in addresses:
        status, page = get(address)
        expected = 404 if "no-such/" in address else 200
        if status != expected:
            problems.append(f"{address}: HTTP {status}")
            continue
        if not page.links:
            problems.append(f"{address}: no links found on the page")
        for href in page.links + page.resources:
            if is_external(href) or href.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = urljoin(address, href)
            parts = urlsplit(target)
            where = f"{address.removeprefix(server.origin)} -> {href}"
            if not parts.path.startswith(f"/{REPO}/"):
                problems.append(f"{where} (leaves /{REPO}/)")
                continue
            if is_release_file(unquote(parts.path), f"/{REPO}/"):
                continue
            status, other = get(target.split("#")[0])
            checked += 1
            if status != 200:
                problems.append(f"{where} (HTTP {status})")
            elif parts.fragment and unquote(parts.fragment) not in other.ids:
                problems.append(f"{where} (no id '{unquote(parts.fragment)}' on that page)")
    assert checked > 1000, checked
    assert not problems, f"{len(problems)} broken:\n" + "\n".join(problems[:40])


def test_canonical_addresses_and_sitemap_use_the_sub_path(server):
    status, html = fetch(server.url + "sources/")
    assert status == 200
    assert f'<link rel="canonical" href="{server.url}sources/">' in html, "canonical link of /sources/"
    status, sitemap = fetch(server.url + "sitemap.xml")
    assert status == 200 and f"<loc>{server.url}sources/</loc>" in sitemap
    assert fetch(server.origin + "/sources/")[0] == 404  # nothing is served outside the sub-path
