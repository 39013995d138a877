"""Quality gates in a real browser (Debian's chromium via Playwright), on every built page:

- accessibility: axe-core finds no WCAG 2.2 A/AA or best-practice violation, in the light and the
  dark scheme, at 360 px and at 1280 px (all four combinations) on every page that is not a
  record page or a teacher pack, and on the smallest and the largest page of each collection and
  of the packs (`crawled`); `make test-full` (pytest
  --full) crawls every page. A page is loaded once per width and checked with every rule, then
  switched to the other scheme with the header's toggle and checked with the rules that read
  colours: a scheme changes only colours (`test_a_colour_scheme_changes_only_colours`);
- no request leaves the site: every request while loading each page goes to the site's own host,
  and so does every request while searching (at 1280 px light) from one page of each folder and
  depth (the worker and index addresses depend only on the page's depth), so they load too;
- the search index is fetched only once the reader opens the search, and search finds results;
- with JavaScript off, every page's article text, headings, lists, tables and links are visible.

The site is built once into a temp folder and served on 127.0.0.1 only.
"""

from __future__ import annotations

import re
import time
from collections import Counter

import pytest
from gates import crawl
from gates.browser import need_axe, need_chromium
from gates.site import served_site
from sitecheck import site_urls

SEARCH_COMBO = ("light", 1280)
QUERY = "Politburo"
MISSING = "no-such-page/deeper/"  # served the site's 404.html, as GitHub Pages does


pytestmark = [pytest.mark.browser, pytest.mark.slow]


def crawled(site_dir, urls: list[str], full: bool) -> list[str]:
    """The pages the gates load. Every page that is not a record page: each is written by hand or
    from its own template. Record pages come from one template per collection, and teacher packs
    from one template (sitegen.pages.PAGES, `each`), so the data decides what differs between them:
    per template, the smallest page (empty optional sections) and the largest (every optional
    section, the longest names and tables). What else varies with the data, a status badge's
    colours and words, is shown on the collections' indexes, which are crawled. With `full`,
    every page."""
    if full:
        return urls
    families = template_families(site_dir, urls)
    chosen = [u for u in urls if u not in families]
    for family in dict.fromkeys(families.values()):
        mine = sorted(
            (u for u in urls if families.get(u) == family),
            key=lambda u: ((site_dir / u / "index.html").stat().st_size, u),
        )
        chosen += sorted({mine[0], mine[-1]}) if mine else []
    return chosen


def template_families(site_dir, urls: list[str]) -> dict[str, str]:
    """Each page made from a template shared with others: its address and the template's name (a
    collection's, or a generated page's made once per item, such as the teacher packs)."""
    from sitegen import load_dataset
    from sitegen.model import page_path
    from sitegen.pages import PAGES
    from sitegen.urls import address

    dataset = load_dataset(site_dir.parent / "data")
    families = {address(page_path(c, i)): c for c, rs in dataset.collections.items() for i in rs}
    for page in PAGES:
        if page.each:
            prefix = address(page.path.split("{}")[0] + "index.md")
            families |= {
                u: page.template for u in urls if u.startswith(prefix) and u.count("/") == prefix.count("/") + 1
            }
    return families


@pytest.fixture(scope="module")
def site(request):
    chromium = need_chromium()
    server = served_site()
    urls = crawled(server.site, sorted(site_urls(server.site)), request.config.getoption("--full")) + [MISSING]
    return {"server": server, "urls": urls, "chromium": chromium}


def test_the_crawl_covers_every_template():
    """The sample holds every page that is not made from a shared template, and the smallest and the
    largest of each shared template's pages (a collection's records, the teacher packs)."""
    from gates.site import built_site
    from sitegen import load_dataset
    from sitegen.model import page_path
    from sitegen.urls import address

    site_dir = built_site()
    urls = sorted(site_urls(site_dir))
    sample = crawled(site_dir, urls, full=False)
    dataset = load_dataset(site_dir.parent / "data")
    for collection, records in dataset.collections.items():
        prefix = address(page_path(collection))
        assert f"{prefix}" in sample, f"the index of {collection} is not crawled"
        assert len([u for u in sample if u.startswith(prefix) and u.count("/") == 2]) == min(2, len(records)), (
            collection
        )
    packs = [u for u in urls if u.startswith("packs/") and u.count("/") == 2]
    assert len(packs) > 2 and len([u for u in sample if u in packs]) == 2, "two teacher packs are crawled"
    assert "" in sample and "404.html" in sample and "packs/" in sample, "the home, 404 or packs page is not crawled"
    assert crawled(site_dir, urls, full=True) == urls


# What a stylesheet rule that names a colour scheme may set: colours (and custom properties, which
# Material's schemes use for colours only), or hide an image drawn for the other scheme.
COLOUR_PROPERTY = re.compile(
    r"--[\w-]+|color|color-scheme|accent-color|caret-color|fill|stroke|box-shadow|text-shadow"
    r"|background(-color|-image)?|border(-(top|right|bottom|left|block|inline))?-color|outline-color"
    r"|text-decoration-color|column-rule-color"
)


def test_a_colour_scheme_changes_only_colours():
    """The crawl checks a page in its second scheme with the colour rules only (gates/crawl.py),
    which holds while no stylesheet rule that names a scheme changes anything but colours."""
    from gates.site import built_site

    site_dir = built_site()
    problems, seen = [], 0
    for css in sorted(site_dir.rglob("*.css")):
        text = re.sub(r"/\*.*?\*/", "", css.read_text(encoding="utf-8"), flags=re.S)
        for selector, body in re.findall(r"([^{}]*data-md-color-scheme[^{}]*)\{([^{}]*)\}", text):
            seen += 1
            for declaration in filter(None, (d.strip() for d in body.split(";"))):
                prop = declaration.split(":", 1)[0].strip()
                other_scheme_image = prop == "display" and all('img[src$="#' in p for p in selector.split(","))
                if not (COLOUR_PROPERTY.fullmatch(prop) or other_scheme_image):
                    problems.append(f"{css.relative_to(site_dir)}: {selector.strip()[:80]} {{ {declaration} }}")
    assert seen > 5, "no rule names a colour scheme: the check reads nothing"
    assert not problems, (
        "a colour scheme changes more than colours, so the crawl must run every axe rule in both schemes "
        "(COLOUR_RULES in tests/gates/crawl.py):\n" + "\n".join(problems[:20])
    )


def search_pages(urls: list[str]) -> set[str]:
    """The first page of each folder and of each depth, the home page and the 404 answer."""
    chosen, seen = set(), set()
    for url in urls:
        key = (url.split("/")[0] if "/" in url else url, url.count("/"))
        if key not in seen:
            seen.add(key)
            chosen.add(url)
    return chosen


@pytest.fixture(scope="module")
def visits(site):
    axe = need_axe()
    start = time.monotonic()
    result = crawl.run(
        site["server"].url,
        site["urls"],
        crawl.COMBOS,
        site["chromium"],
        axe_path=axe,
        search={SEARCH_COMBO: QUERY},
        search_urls=search_pages(site["urls"]),
    )
    print(f"\naxe crawl: {len(result)} page loads in {time.monotonic() - start:.0f} s")
    return result


@pytest.fixture(scope="module")
def visits_without_js(site):
    return crawl.run(
        site["server"].url, site["urls"], [("light", 360), ("light", 1280)], site["chromium"], javascript=False
    )


def test_every_page_was_visited_in_every_combination_and_scheme(site, visits):
    seen = Counter((v.url, v.combo) for v in visits)
    missing = [(u, c) for u in site["urls"] for c in crawl.COMBOS if seen[(u, c)] != 1]
    assert not missing, f"pages not visited exactly once: {missing[:10]}"
    wrong = [
        f"{v.label}: data-md-color-scheme={v.scheme!r}"
        for v in visits
        if not v.errors and v.scheme != crawl.SCHEME[v.combo[0]]
    ]
    assert not wrong, "the page did not follow the reader's colour scheme:\n" + "\n".join(wrong[:20])
    every_rule = {(v.url, v.combo[1]) for v in visits if v.rules is None}
    assert every_rule == {(u, c[1]) for u in site["urls"] for c in crawl.COMBOS}, (
        "a width was not checked with every rule"
    )
    assert len(site["urls"]) > 40


def test_every_page_loads_without_errors(visits):
    failed = [f"{v.label}: {e}" for v in visits for e in v.errors]
    assert not failed, f"{len(failed)} load or script errors:\n" + "\n".join(failed[:30])


def test_no_accessibility_violations_in_any_scheme_or_width(visits):
    problems = [f"{v.label} {crawl.describe(x)}" for v in visits for x in v.violations]
    by_rule = Counter(x["id"] for v in visits for x in v.violations)
    assert not problems, f"{len(problems)} axe violations ({dict(by_rule)}):\n" + "\n".join(problems[:40])


def test_no_request_goes_to_another_host(site, visits):
    origin = site["server"].origin
    offenders = [f"{v.label} requested {r}" for v in visits for r in crawl.foreign(v.requests, origin)]
    assert not offenders, "\n".join(offenders[:30])
    # the recording works: every page fetched the theme's script and our stylesheet from the site
    for v in visits:
        assert any("/assets/javascripts/bundle." in r for r in v.requests), f"{v.label}: no bundle request seen"
        assert any(r.endswith("/stylesheets/site.css") for r in v.requests), f"{v.label}: site.css not requested"


def test_search_works_from_every_page_and_its_index_loads_only_when_opened(site, visits):
    chosen = search_pages(site["urls"])
    searched = [v for v in visits if v.combo == SEARCH_COMBO and v.url in chosen and not v.errors]
    assert len(searched) == len(chosen) > 10
    problems = []
    for v in searched:
        if not v.search_results:
            problems.append(f"{v.label}: searching for {QUERY!r} shows no result")
        if not any(r.endswith(crawl.SEARCH_INDEX) for r in v.requests):
            problems.append(f"{v.label}: the search index was never requested")
        if not any("/workers/search." in r for r in v.requests):
            problems.append(f"{v.label}: the search worker was never requested")
        if any(r.endswith(crawl.SEARCH_INDEX) for r in v.requests_before_search):
            problems.append(f"{v.label}: the search index was fetched before the reader opened the search")
    for v in visits:
        if v.combo != SEARCH_COMBO and any(r.endswith(crawl.SEARCH_INDEX) for r in v.requests):
            problems.append(f"{v.label}: a plain page load fetched the search index")
    assert not problems, "\n".join(problems[:30])


def test_without_javascript_every_article_its_tables_and_links_are_visible(site, visits_without_js):
    problems = []
    tables = links = 0
    for v in visits_without_js:
        if v.errors or v.content is None:
            problems.append(f"{v.label} (JavaScript off): {v.errors or 'not checked'}")
            continue
        c = v.content
        if c["missing"]:
            problems.append(f"{v.label} (JavaScript off): {c['missing']}")
        if c["text"] < 20 and v.url not in ("404.html", MISSING):
            problems.append(f"{v.label} (JavaScript off): the article shows only {c['text']} characters")
        problems += [f"{v.label} (JavaScript off): hidden {h}" for h in c["hidden"][:5]]
        tables += c["counts"].get("table", 0)
        links += c["counts"].get("a", 0)
    assert not problems, "\n".join(problems[:40])
    assert len(visits_without_js) == 2 * len(site["urls"])
    assert tables > 10 and links > 1000, (tables, links)  # the check saw real content
