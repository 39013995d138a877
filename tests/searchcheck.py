"""Search as a reader meets it, in a browser: what the search box shows for a query, against the
pages whose article text contains it. Used by tests/test_search_browser.py, tests/test_offline.py
and tests/search_bench.py (the figures in issue #14 come from here).

    texts = article_texts(site)                  # {page url: the article's visible text}
    want = containing(texts, "学习")              # pages a reader would expect the query to find
    box = SearchBox(page, base)                  # a Playwright page already on the built site
    found = box.query("学习")                     # Found(count, urls, items) with every result loaded
"""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass
from pathlib import Path

# Hanzi queries drawn from the glossary (data/glossary.yml): whole terms, and words that stand
# inside longer terms and longer runs of hanzi (学习 in 集体学习, 网络 in 网络安全法, 主权 in 网络主权).
HANZI_QUERIES = [
    "集体学习",
    "学习",
    "网络",
    "人工智能",
    "海康威视",
    "网络主权",
    "社会信用体系",
    "信用",
    "主权",
    "区块链",
    "失信被执行人",
    "大数据",
    "治理",
    "网络安全法",
    "政治局",
    "习近平",
    "大华",
    "黑名单",
    "自主创新",
    "先进文化",
]

# (query, the page that must come first): toneless and toned pinyin rank the glossary entry first,
# a topic its explainer, a company or person its record
RANKING = [
    ("jiti xuexi", "glossary/jiti-xuexi/"),
    ("jitixuexi", "glossary/jiti-xuexi/"),
    ("jítǐ xuéxí", "glossary/jiti-xuexi/"),
    ("wangluo zhuquan", "glossary/wangluo-zhuquan/"),
    ("shehui xinyong tixi", "glossary/shehui-xinyong-tixi/"),
    ("rengong zhineng", "glossary/rengong-zhineng/"),
    ("haikang weishi", "glossary/haikang-weishi/"),
    ("social credit", "explainers/social-credit/"),
    ("entity list", "explainers/xinjiang-sanctions/"),
    ("study session", "explainers/study-sessions/"),
    ("cyber sovereignty", "explainers/cyber-sovereignty/"),
    ("surveillance exports", "explainers/surveillance-exports/"),
    ("Great Firewall", "explainers/cyber-sovereignty/"),
    ("Hikvision", "actors/hikvision/"),
    ("Huawei", "actors/huawei/"),
    ("SenseTime", "actors/sensetime/"),
    ("Ding Xuexiang", "actors/ding-xuexiang/"),
    ("Xi Jinping", "actors/xi-jinping/"),
    ("Sesame Credit", "actors/sesame-credit/"),
]

_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*"[^>]*>(.*?)</article>', re.S)
# what a reader does not see: hidden blocks (term descriptions), scripts, styles, the permalink signs
_HIDDEN = re.compile(
    r"<(div|span)\b[^>]*\shidden\b[^>]*>.*?</\1>|<script\b.*?</script>|<style\b.*?</style>"
    r'|<a class="headerlink"[^>]*>.*?</a>',
    re.S,
)
_INLINE = re.compile(r"</?(?:a|span|em|strong|b|i|code|mark|abbr|sup|sub|small|q|cite|time|bdi|wbr)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")


def article_text(page_html: str) -> str:
    """The article's text as a reader sees it: inline markup joins its neighbours (其中包括<a>商汤</a>
    reads 其中包括商汤), any other tag separates."""
    found = _ARTICLE.search(page_html)
    if not found:
        return ""
    text = _TAG.sub(" ", _INLINE.sub("", _HIDDEN.sub(" ", found.group(1))))
    return re.sub(r"\s+", " ", html.unescape(text))


def article_texts(site: Path, directory_urls: bool = True) -> dict[str, str]:
    """{page address ('x/y/'; the offline edition's 'x/y.html' with directory_urls=False): its
    article's text}."""
    texts = {}
    for path in sorted(Path(site).rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel == "404.html":
            continue
        text = article_text(path.read_text(encoding="utf-8"))
        if text:
            texts[rel[: -len("index.html")] if directory_urls and rel.endswith("index.html") else rel] = text
    return texts


def containing(texts: dict[str, str], query: str) -> set[str]:
    return {url for url, text in texts.items() if query.lower() in text.lower()}


@dataclass
class Found:
    count: int  # the search box's own "N matching documents"
    urls: list[str]  # the pages it lists, best first (site-relative, no query or anchor)
    items: list[dict]  # per page: {"url", "title", "text" (with its sections'), "missing" (the
    # terms the page's own entry strikes through)} as shown
    seconds: float  # from the last key to the first result on screen

    def lists(self, first: int | None = None) -> bool:
        """Whether every result is listed, or with `first` that many (or all, if fewer)."""
        return len(self.urls) >= wanted(self.count, first)


def wanted(count: int, first: int | None) -> int:
    """How many results to list: every one of `count`, or the `first` (all, if fewer)."""
    return count if first is None else min(count, first)


class SearchBox:
    """Drives Material's search box on a page of the built site (http:// or file://). `base` is the
    site root's address; result addresses are given relative to it."""

    def __init__(self, page, base: str):
        self.page, self.base = page, base

    def open(self) -> None:
        self.page.locator(".md-search__input").click()

    def query(self, text: str, timeout: float = 15.0, first: int | None = None) -> Found:
        """What the box shows for `text`, scrolled until every result is listed, or with `first`
        until that many are (or all, if fewer). `count` is always the number of results."""
        page = self.page
        field = page.locator(".md-search__input")
        if not page.evaluate("document.getElementById('__search').checked"):
            self.open()
        field.fill("")
        field.press("End")  # Material reads the field on keyup
        page.wait_for_function("!/\\d|No matching/.test(document.querySelector('.md-search-result__meta').textContent)")
        field.fill(text)
        start = time.perf_counter()
        field.press("End")
        page.wait_for_function(
            "/\\d|No matching/.test(document.querySelector('.md-search-result__meta').textContent)",
            timeout=timeout * 1000,
        )
        seconds = time.perf_counter() - start
        meta = page.locator(".md-search-result__meta").inner_text()
        count = int(meta.split()[0].replace(",", "")) if meta[:1].isdigit() else 0
        # Material lists ten results, and four more each time the list's end comes into view (from
        # out of view): scrolled in the page, a frame apart, until enough are listed or none come
        want = wanted(count, first)
        page.evaluate(
            """async want => { const el = document.querySelector('.md-search__scrollwrap');
            const shown = () => document.querySelectorAll('.md-search-result__list > li').length;
            const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
            for (let stuck = 0; shown() < want && stuck < 50; ) {
              const before = shown();
              el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); await frame();
              el.scrollTop = el.scrollHeight; el.dispatchEvent(new Event('scroll')); await frame();
              stuck = shown() > before ? 0 : stuck + 1; } }""",
            want,
        )
        items = page.evaluate("""() => [...document.querySelectorAll('.md-search-result__list > li')].map(li => {
            const a = li.querySelector('a'), art = li.querySelector('article');
            const terms = [...art.querySelectorAll('.md-search-result__terms')];   /* the page's own entry */
            const text = [...li.querySelectorAll('article')].map(a => {
              const copy = a.cloneNode(true);
              copy.querySelectorAll('.md-search-result__terms, h1, h2').forEach(t => t.remove());
              /* blocks apart; and code, whose neighbour Material's excerpt may glue on (<code>title</code>yes) */
              copy.querySelectorAll('p, li, td, th, dt, dd, code').forEach(t => t.append(' '));
              return copy.textContent; }).join(' ');
            return {href: a.href, title: (art.querySelector('h1,h2') || art).textContent, text,
                    missing: terms.flatMap(t => [...t.querySelectorAll('del')].map(d => d.textContent))};
        })""")
        for item in items:
            item["url"] = item.pop("href").split("#")[0].split("?")[0].removeprefix(self.base)
        return Found(count, [i["url"] for i in items], items, seconds)


def recall(found: Found, want: set[str]) -> float:
    return len(want & set(found.urls)) / len(want) if want else 1.0
