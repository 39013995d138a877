"""Every internal link, anchor and resource of the built HTML (generated record pages, hand-written
pages, raw HTML, the 404 page) resolves when the site is served under a sub-path, as GitHub Pages
serves a project site at /<repo>/: the real site as the Pages workflow builds it (gates.site.SITE_URL),
fetched over HTTP from a server that has nothing outside /<repo>/. (The same links in the files:
tests/test_build.py; the fixture project built for `/` and for a sub-path: tests/test_build.py.)"""

from __future__ import annotations

import urllib.error
import urllib.request
from functools import cache
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from gates.site import REPO, SITE_URL, served_site
from sitecheck import Page, _Parser, is_external, is_release_file

pytestmark = pytest.mark.slow  # serves the built site under /<repo>/ and follows every link


@pytest.fixture(scope="module")
def server():
    return served_site()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def test_every_link_and_resource_resolves_over_http_under_the_sub_path(server, real_site):
    """Each page is fetched at its served address; each href/src is resolved the way a browser
    resolves it and fetched; a #fragment must be an id on the page it lands on."""

    pages = real_site["pages"]  # the same folder server.site, read once for every test
    # a page served as the very bytes of a file already read is not parsed again
    read = {page.path.read_text(encoding="utf-8"): page for page in pages.values()}

    @cache
    def get(url):
        status, body = fetch(url)
        page = read.get(body) or Page(None, url)
        # HTML that is no file's bytes (a server that rewrote it) is parsed; the 404 answer is 404.html
        if page.path is None and "<html" in body[:500].lower():
            _Parser(page).feed(body)
        return status, page

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
    assert f'<link rel="canonical" href="{SITE_URL}sources/">' in html, "canonical link of /sources/"
    status, sitemap = fetch(server.url + "sitemap.xml")
    assert status == 200 and f"<loc>{SITE_URL}sources/</loc>" in sitemap
    assert fetch(server.origin + "/sources/")[0] == 404  # nothing is served outside the sub-path
