"""Search bench (issue #14): recall of hanzi queries, the rank of the expected page for the ranking
queries, the search index's size (gzip) and the time from the last key to the first result.

    .venv/bin/python tests/search_bench.py                 # builds the project into a temp folder
    .venv/bin/python tests/search_bench.py --site /tmp/x   # an already built site (directory URLs)

Prints figures; the budget (index <= 250 kB gzip, first result <= 300 ms after the index has
loaded) is checked by eye, never by a timed test. Runs in Debian's chromium (tests/gates/browser.py).
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gates.browser import ARGS, CHROMIUM  # noqa: E402
from gates.site import Server  # noqa: E402
from searchcheck import HANZI_QUERIES, RANKING, SearchBox, article_texts, containing, recall  # noqa: E402

BUDGET_KB, BUDGET_MS = 250, 300


def build_site() -> Path:
    from conftest import ROOT, build

    site = Path(tempfile.mkdtemp(prefix="search-bench-")) / "site"
    result = build(ROOT, site)
    if result.returncode != 0:
        sys.exit(result.stderr)
    return site


def index_size(site: Path) -> tuple[float, float]:
    data = (site / "search" / "search_index.json").read_bytes()
    return len(data) / 1024, len(gzip.compress(data, 9, mtime=0)) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the project)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query for the latency figure")
    args = parser.parse_args()
    site = args.site or build_site()
    raw, packed = index_size(site)
    print(f"search index: {raw:.0f} kB, {packed:.0f} kB gzip (budget {BUDGET_KB} kB gzip)\n")

    texts = article_texts(site)
    server = Server("/").serve_at(site)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto(server.url)
        box = SearchBox(page, server.url)
        box.open()
        page.wait_for_function("typeof document.querySelector('.md-search-result__meta') !== 'undefined'")

        print(f"{'query':<10} {'pages containing it':>20} {'search shows':>13} {'of them found':>14} {'recall':>7}")
        rates = []
        for query in HANZI_QUERIES:
            want = containing(texts, query)
            found = box.query(query)
            rates.append(recall(found, want))
            print(f"{query:<10} {len(want):>20} {found.count:>13} {len(want & set(found.urls)):>14} {rates[-1]:>7.0%}")
        print(f"recall: median {statistics.median(rates):.0%}, lowest {min(rates):.0%}\n")

        print(f"{'query':<24} {'expected first':<40} rank  first shown")
        for query, expected in RANKING:
            found = box.query(query)
            rank = found.urls.index(expected) + 1 if expected in found.urls else None
            print(f"{query:<24} {expected:<40} {rank or '-':>4}  {found.urls[0] if found.urls else '-'}")

        times, per_query = [], {}
        for query in [*HANZI_QUERIES, *(q for q, _ in RANKING)]:
            runs = [box.query(query).seconds * 1000 for _ in range(args.repeat)]
            times += runs
            per_query[query] = statistics.median(runs)
        slowest = max(per_query, key=per_query.get)
        print(
            f"\nfirst result on screen after the last key (index loaded; {len(times)} runs, Playwright's round trip "
            f"included): median {statistics.median(times):.0f} ms, 90th percentile "
            f"{statistics.quantiles(times, n=10)[-1]:.0f} ms, slowest run {max(times):.0f} ms; slowest query "
            f"{slowest} {per_query[slowest]:.0f} ms (median of its runs; budget {BUDGET_MS} ms)"
        )
        browser.close()
    server.stop()


if __name__ == "__main__":
    main()
