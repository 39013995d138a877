"""Search as a reader meets it (issue #14), in Chromium on the built site, through the search box:
hanzi queries find the pages whose text contains them, pinyin and names rank the right page first,
and a result shows only the page's own words. One page session for the whole module; the same
queries from file:// are in tests/test_offline.py. Figures (index size, latency): tests/search_bench.py.
"""

from __future__ import annotations

import re
import statistics

import pytest
from searchcheck import HANZI_QUERIES, RANKING, SearchBox, article_texts, containing, recall


@pytest.fixture(scope="module")
def box(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site.url)
    search = SearchBox(page, site.url)
    search.texts = article_texts(site.site)
    search.cache = {}
    yield search
    page.close()
    assert errors == []


def found(box, query, first: int | None = None):
    """Every result for `query`, or at least its `first` ones (Material lists ten, then four more
    each time the list's end scrolls into view: listing hundreds takes seconds)."""
    cached = box.cache.get(query)
    if cached is None or not cached.lists(first):
        box.cache[query] = cached = box.query(query, first=first)
    return cached


@pytest.mark.parametrize("query", HANZI_QUERIES)
def test_a_hanzi_query_finds_the_pages_that_contain_it(box, query):
    want = containing(box.texts, query)
    result = found(box, query)
    assert want, f"{query}: no page contains it; choose another query"
    missed = sorted(want - set(result.urls))
    assert recall(result, want) >= 0.7, f"{query}: {len(missed)} of {len(want)} pages missed, e.g. {missed[:5]}"
    # every term of a hanzi query is required: no result says a part of it is missing
    assert [i for i in result.items if i["missing"]] == []


def test_hanzi_recall_median_is_at_least_90_percent(box):
    rates = {q: recall(found(box, q), containing(box.texts, q)) for q in HANZI_QUERIES}
    assert statistics.median(rates.values()) >= 0.9, rates


@pytest.mark.parametrize("query, first", RANKING)
def test_the_expected_page_comes_first(box, query, first):
    result = found(box, query, first=1)
    assert result.urls[:1] == [first], f"{query!r}: {result.urls[:5]}"
    assert result.items[0]["missing"] == []  # the page that matched shows no "Missing" line


WORD = re.compile(r"[^\s\u200b,.;:!?()\[\]\"“”'‘’·/–—-]+")


@pytest.mark.parametrize("query", ["集体学习", "学习", "海康威视", "jiti xuexi", "jitixuexi", "wangluo zhuquan"])
def test_a_result_shows_only_words_its_page_shows(box, query):
    """No enrichment fragments (集体 体学 学习 jítǐ …): every word of a result's title and text is on
    its page (hidden term descriptions do not count)."""
    result = found(box, query, first=20)
    assert result.items
    for item in result.items[:20]:
        page = box.texts[item["url"]].replace("\u200b", "")
        foreign = [w for w in WORD.findall(f"{item['title']} {item['text']}".replace("\u200b", "")) if w not in page]
        assert foreign == [], f"{query!r}: {item['url']} shows {foreign[:8]}"


def test_the_index_is_fetched_only_when_search_opens(browser, site):
    page = browser.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site.url + "explainers/social-credit/")
    page.wait_for_timeout(300)
    assert not [u for u in requests if "search_index" in u]
    SearchBox(page, site.url).query("学习", first=1)
    assert [u for u in requests if u.endswith("/search/search_index.json")]
    page.close()


# ---- the worker's query splitting (sitegen/search.py), in the browser's own JavaScript ----------


@pytest.mark.parametrize(
    "run, words, expected",
    [
        ("集体学习", ["集体学习", "集体", "学习"], "集体学习"),  # a word of the index: as it is
        ("信用体系", ["信用", "体系"], "+信用 +体系*"),  # the fewest words, each required
        ("中国人工智能", ["中国", "中国人", "人工智能", "工", "智能"], "+中国 +人工智能*"),
        ("集体学", ["集体", "体学"], "+集体 +体学*"),  # being typed: pairs, the last a prefix
        ("大数据", ["大数", "数据", "据"], "+大数 +数据*"),  # no word of the index: pairs
        ("丁薛", ["丁"], "丁薛"),  # nothing fits: Material's prefix query
        ("学", [], "学"),
    ],
)
def test_hanzi_queries_split_into_words_of_the_index(browser, run, words, expected):
    from sitegen.search import _QUERY_JS

    page = browser.new_page()
    page.add_script_tag(content=_QUERY_JS.replace("__EXACT", "10"))
    got = page.evaluate(
        "([run, words]) => __hanziQuery(run, Object.fromEntries(words.map(w => [w, {}])))", [run, words]
    )
    assert got == expected
    assert page.evaluate("__searchQuery('jiti 集体学 +x', {'集体': 1, '体学': 1})") == "jiti^10 jiti +集体 +体学* +x"
    page.close()
