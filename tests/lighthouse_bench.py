"""Benchmark, not a test (`make bench`): Lighthouse, mobile and desktop, on one page of each type
(home, explainer, record, collection index, glossary, each visual page, a teacher pack), served with gzip like any real host, on
127.0.0.1 only. Prints the four category scores, FCP, LCP, TBT, the bytes a cold load transfers,
and whether the mobile budget holds: 100 in every category and at most 150 kB compressed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gates.site import REPO, Server, built_site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
BUDGET_BYTES = 150 * 1024


def page_types(site: Path) -> dict[str, str]:
    def first(folder: str) -> str | None:
        pages = sorted(p.parent.relative_to(site).as_posix() + "/" for p in (site / folder).glob("*/index.html"))
        return pages[0] if pages else None

    types = {
        "home": "",
        "explainer": first("explainers"),
        "record": "sanctions/us-entity-list-2019-10-xinjiang/",
        "collection index": "sanctions/",
        "glossary": "glossary/",
        "timeline": "timeline/",
        "chains": "chains/",
        "graph": "graph/",
        "map": "map/",
        "teacher pack": first("packs"),
    }
    if not (site / types["record"] / "index.html").exists():
        types["record"] = first("sanctions")
    return {k: v for k, v in types.items() if v is not None and (site / v / "index.html").exists()}


def lighthouse(url: str, preset: str, out: Path) -> dict:
    args = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
        "--disable-component-update",
    ]
    if preset == "desktop":
        args.append("--preset=desktop")
    subprocess.run(args, check=True, env={**os.environ, "CHROME_PATH": CHROME})
    return json.loads(out.read_text())


def main() -> int:
    if not LIGHTHOUSE.exists():
        print("lighthouse is missing: run `npm ci`")
        return 1
    server = Server(f"/{REPO}/", gzip_=True).serve_at(built_site())
    rows, over = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for kind, path in page_types(server.site).items():
            for preset in ("mobile", "desktop"):
                report = lighthouse(server.url + path, preset, Path(tmp) / "report.json")
                audits = report["audits"]
                scores = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
                transfer = audits["total-byte-weight"]["numericValue"]
                index = sum(
                    i.get("transferSize", 0)
                    for i in audits["network-requests"]["details"]["items"]
                    if i["url"].endswith("search/search_index.json")
                )
                rows.append(
                    (
                        kind,
                        preset,
                        scores,
                        audits["first-contentful-paint"]["displayValue"],
                        audits["largest-contentful-paint"]["displayValue"],
                        audits["total-blocking-time"]["displayValue"],
                        transfer,
                        index,
                        path,
                    )
                )
                if preset == "mobile" and (min(scores.values()) < 100 or transfer > BUDGET_BYTES):
                    failed = [f"{c} {s}" for c, s in scores.items() if s < 100]
                    failed += [f"{transfer / 1024:.0f} kB > 150 kB"] if transfer > BUDGET_BYTES else []
                    over.append(f"{kind} (/{path}): " + ", ".join(failed))
                    for c in CATEGORIES:
                        for ref in report["categories"][c]["auditRefs"]:
                            a = audits[ref["id"]]
                            if ref["weight"] and a.get("score") is not None and a["score"] < 1:
                                over.append(f"    {c}: {a['id']} ({a['score']}): {a['title']}")
    server.stop()
    head = (
        f"{'page type':17} {'preset':8} {'perf':>4} {'a11y':>4} {'b-p':>4} {'seo':>4} {'FCP':>7} {'LCP':>7} "
        f"{'TBT':>7} {'transfer':>9} {'index':>7}"
    )
    print(head)
    print("-" * len(head))
    for kind, preset, s, fcp, lcp, tbt, transfer, index, _path in rows:
        print(
            f"{kind:17} {preset:8} {s['performance']:>4} {s['accessibility']:>4} {s['best-practices']:>4} "
            f"{s['seo']:>4} {fcp:>7} {lcp:>7} {tbt:>7} {transfer / 1024:>7.1f}kB {index / 1024:>5.1f}kB"
        )
    print("(transfer: compressed bytes of a cold load before any search; index: search index bytes in it)")
    if over:
        print("\nMobile budget (100 in every category, <= 150 kB) not met:\n" + "\n".join(over))
    else:
        print("\nMobile budget met on every page type: 100 in all four categories, <= 150 kB.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
