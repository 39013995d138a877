"""Benchmark the site build at 1x, 10x and 100x the real record count. Prints figures, judges nothing.

    make bench
    PYTHONPATH=hooks NO_MKDOCS_2_WARNING=1 .venv/bin/python tests/bench.py [--scales 1,10] [--repeat 3]

For each scale N it writes N independent copies of data/ (copy k suffixes every id and every
reference with `-k`; the reference fields come from the model's `Ref` markers, so nested ones
are included), runs a strict `mkdocs build` of a temporary project in a subprocess, and prints one
table row: records, pages, build seconds, peak RSS, median and largest `index.html` size over all
pages and over record pages (<collection>/<id>/index.html), and the size of the search index.
It also times a build with empty data (start-up), then prints the checks against the targets:
linear build time, record-page size independent of the record count, real site under 3 s.
Exit status is 0 even when a target is missed, and 1 when a build fails (its stderr is shown).
Not a test: pytest does not collect it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from sitegen import load_dataset
from sitegen.curriculum import FIGURE
from sitegen.model import COLLECTIONS, iter_refs, segment
from sitegen.sessions import TERMS_FILE
from sitegen.yamlsource import read_yaml

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 3.0
# Reports the peak RSS (kB) of the command in argv[2:] to the file argv[1], like `time -f %M -o`.
RSS_WRAPPER = (
    "import resource, subprocess, sys; rc = subprocess.run(sys.argv[2:]).returncode; "
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); sys.exit(rc)"
)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def real_records() -> dict[str, list[tuple[dict, list[tuple]]]]:
    """{collection: [(raw YAML mapping, [path of every reference in it]), ...]} from data/."""
    dataset = load_dataset(ROOT / "data")  # raises if data/ is invalid right now
    out = {}
    for collection in COLLECTIONS:
        doc, _ = read_yaml(ROOT / "data" / f"{collection}.yml", collection)
        out[collection] = [
            (raw, [path for path, _, _ in iter_refs(dataset.get(collection, raw["id"]))]) for raw in doc.value or []
        ]
    doc, _ = read_yaml(ROOT / "data" / TERMS_FILE, TERMS_FILE)  # the Politburo's terms: copied with the sessions
    out[TERMS_FILE.removesuffix(".yml")] = [
        (raw, [path for path, _, _ in iter_refs(dataset.terms[int(raw["term"])])]) for raw in doc.value or []
    ]
    return out


def plain(value):
    """A deep copy without None values (`key:` with nothing after it would be written as 'null')."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def copy_record(raw: dict, refs: list[tuple], k: int, terms: dict[int, int] | None = None) -> dict:
    """Copy k of a record: every id suffixed; a study session (or a term's entry) in a term of its own
    (`terms`: {term: copy k's term}), since a term's session numbers are unique and consecutive."""
    record, suffix = plain(raw), f"-{k}" if k else ""
    if "id" in record:
        record["id"] += suffix
    if terms and "term" in record:
        record["term"] = terms[int(record["term"])]
    for *parents, last in refs:
        node = record
        for part in parents:
            node = node[part]
        node[last] += suffix  # an id, or "collection/id": both end with the id
    return record


def write_project(dest: Path, real: dict, copies: int) -> int:
    """A project folder in dest: mkdocs.yml, links to docs/, overrides/, hooks/, node_modules/, and data/ x copies."""
    (dest / "data").mkdir(parents=True)
    (dest / "mkdocs.yml").write_bytes((ROOT / "mkdocs.yml").read_bytes())
    for name in ("overrides", "hooks", "node_modules"):
        (dest / name).symlink_to(ROOT / name, target_is_directory=True)
    if any(records for records in real.values()):
        (dest / "docs").symlink_to(ROOT / "docs", target_is_directory=True)
    else:  # no data, so no figures for the prose ({{ curriculum.… }}): the pages say 0
        shutil.copytree(ROOT / "docs", dest / "docs")
        for page in (dest / "docs").rglob("*.md"):
            page.write_text(FIGURE.sub("0", page.read_text(encoding="utf-8")), encoding="utf-8")
    count = 0
    numbers = sorted({int(raw["term"]) for raw, _ in real.get(TERMS_FILE.removesuffix(".yml"), [])})
    shift = [  # copy k's term for each real term: the real ones, then fresh numbers after the highest
        {t: t if k == 0 else max(numbers) + (k - 1) * len(numbers) + i + 1 for i, t in enumerate(numbers)}
        for k in range(copies)
    ]
    for collection, records in real.items():
        out = [copy_record(raw, refs, k, shift[k]) for k in range(copies) for raw, refs in records]
        count += len(out) if collection in COLLECTIONS else 0
        (dest / "data" / f"{collection}.yml").write_text(
            yaml.dump(out, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8"
        )
    return count


def build(project: Path, site: Path, strict: bool = True) -> tuple[float, float]:
    """Build project into site in a subprocess; return (wall seconds, peak RSS in MB)."""
    rss_file = project / "maxrss"
    timer = (
        ["/usr/bin/time", "-f", "%M", "-o", str(rss_file)]
        if os.access("/usr/bin/time", os.X_OK)
        else [sys.executable, "-c", RSS_WRAPPER, str(rss_file)]
    )
    cmd = (
        timer
        + [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--clean",
            "-q",
            "-f",
            str(project / "mkdocs.yml"),
            "--site-dir",
            str(site),
        ]
        + (["--strict"] if strict else [])
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"), NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"build of {project} failed (exit {done.returncode}):\n{done.stderr}{done.stdout}")
    return seconds, int(rss_file.read_text().split()[-1]) / 1024


def page_sizes(site: Path) -> dict:
    segments = {segment(c) for c in COLLECTIONS}
    every, records = [], []
    for page in site.rglob("index.html"):
        parts = page.relative_to(site).parts
        every.append(page.stat().st_size)
        if len(parts) == 3 and parts[0] in segments:
            records.append(page.stat().st_size)
    search = site / "search" / "search_index.json"

    def kb(sizes, f):
        return f(sizes) / 1024 if sizes else 0.0

    return {
        "pages": len(every),
        "all_med": kb(every, statistics.median),
        "all_max": kb(every, max),
        "rec_med": kb(records, statistics.median),
        "rec_max": kb(records, max),
        "search": search.stat().st_size / 1024 if search.exists() else 0.0,
    }


def measure(real: dict, copies: int, repeat: int, strict: bool = True) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-{copies}x-") as tmp:
        project, site = Path(tmp) / "project", Path(tmp) / "site"
        records = write_project(project, real, copies)
        runs = [build(project, site, strict) for _ in range(repeat)]
        return {
            "scale": copies,
            "records": records,
            "seconds": statistics.median(r[0] for r in runs),
            "peak_mb": max(r[1] for r in runs),
            **page_sizes(site),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100", help="comma-separated multiples of the real data")
    parser.add_argument("--repeat", type=int, default=1, help="builds per scale; the median time is reported")
    args = parser.parse_args()
    scales = sorted({int(s) for s in args.scales.split(",")})
    real = real_records()

    # start-up: the same project with every collection empty (not strict: docs/ may link to records)
    startup = measure({c: [] for c in real}, 1, args.repeat, strict=False)["seconds"]
    print(f"start-up (empty data set): {startup:.2f} s\n")
    head = (
        "scale",
        "records",
        "pages",
        "build s",
        "peak MB",
        "med kB",
        "max kB",
        "rec med kB",
        "rec max kB",
        "search kB",
    )
    print("{:>5} {:>8} {:>6} {:>8} {:>8} {:>7} {:>8} {:>10} {:>10} {:>10}".format(*head))
    rows = []
    for copies in scales:
        r = measure(real, copies, args.repeat)
        rows.append(r)
        print(
            f"{str(r['scale']) + 'x':>5} {r['records']:>8} {r['pages']:>6} {r['seconds']:>8.2f} {r['peak_mb']:>8.1f} "
            f"{r['all_med']:>7.1f} {r['all_max']:>8.1f} {r['rec_med']:>10.1f} {r['rec_max']:>10.1f} {r['search']:>10.1f}",
            flush=True,
        )

    print()
    first, last = rows[0], rows[-1]
    if len(rows) > 1:
        n = last["scale"] // first["scale"]
        print(
            f"{last['scale']}x build time / {first['scale']}x build time = "
            f"{last['seconds'] / first['seconds']:.1f} (target <= {n})"
        )
        growth = (last["seconds"] - startup) / max(first["seconds"] - startup, 1e-9)
        print(
            f"with start-up ({startup:.2f} s) subtracted: {growth:.1f} (target <= {n}); per record: "
            + ", ".join(f"{r['scale']}x {1000 * (r['seconds'] - startup) / r['records']:.1f} ms" for r in rows)
        )
        change = 100 * (last["rec_med"] / first["rec_med"] - 1) if first["rec_med"] else 0.0
        print(
            f"record page median grows by {change:+.1f}% from {first['scale']}x to {last['scale']}x "
            f"({first['rec_med']:.1f} -> {last['rec_med']:.1f} kB; target: no growth)"
        )
    one = next((r for r in rows if r["scale"] == 1), None)
    if one:
        print(f"real site (1x) built in {one['seconds']:.2f} s (target < {TARGET_SECONDS:g} s)")


if __name__ == "__main__":
    main()
