"""`python -m sitegen check [DATA_DIR]`: validate the data alone and print every error.
(`urls`, `schemas` and `zip` serve the Makefile.)"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import DataErrors
from .build import Build, nav_paths
from .export import schema_text
from .manifest import manifest_text, published_urls, read_manifest
from .model import COLLECTIONS
from .offline import zip_site
from .project import DATA_FILES, load_project
from .urls import address


def main(argv: list[str] | None = None) -> int:
    """The command line: `check`, `schemas`, `urls`, `zip` or `fonts`; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m sitegen", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate every data file and what the build checks first; print every error")
    check.add_argument("data_dir", nargs="?", default="data")
    schemas = sub.add_parser(
        "schemas",
        help="write the JSON Schema of every data file (for editors), and an empty test fixture for a "
        "collection that has none",
    )
    schemas.add_argument("out_dir", nargs="?", default="data/schemas")
    schemas.add_argument("--fixtures", default="tests/fixtures/valid", help="the valid test data (if it exists)")
    urls = sub.add_parser("urls", help="record every published address of a built site in the manifest")
    urls.add_argument("site_dir")
    urls.add_argument("manifest", nargs="?", default="data/published-urls.txt")
    pack = sub.add_parser("zip", help="pack a built site into a reproducible zip (the offline edition)")
    pack.add_argument("site_dir")
    pack.add_argument("out", help="the zip to write; its entries sit in a folder named after it")
    sub.add_parser("fonts", help="rebuild the CJK subset web font from Debian's fonts-noto-cjk (make fonts)")
    args = parser.parse_args(argv)
    if args.command == "fonts":
        from .fonts import OUT, build_subset

        chars, files, size = build_subset(Path.cwd())
        print(f"{OUT}: {chars} characters in {files} files, {size} bytes")
        return 0
    if args.command == "zip":
        return zip_command(Path(args.site_dir), Path(args.out))
    if args.command == "urls":
        return record_urls(Path(args.site_dir), Path(args.manifest))
    if args.command == "schemas":
        return write_schemas(Path(args.out_dir), Path(args.fixtures))
    return check_command(Path(args.data_dir))


def check_command(data_dir: Path) -> int:
    """Every data file (collections, redirects, teacher packs, changelog), every error at once; in
    a project (mkdocs.yml beside data/) also what the build checks before it writes anything: the
    record pages' links, the redirects' targets, and that every published page is still built."""
    root = data_dir.resolve().parent
    config = root / "mkdocs.yml"
    nav, docs_dir, site_name = _site_config(config) if config.is_file() else ([], root / "docs", "")
    explainers = [p for p in nav_paths(nav) if p.startswith("explainers/")]
    try:
        dataset = load_project(root, docs_dir, explainers).dataset
        if config.is_file():
            build = Build.prepare(root, docs_dir, nav, site_name=site_name)
            pages = [p for p in build.generated if p.endswith(".md")] + [
                p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")
            ]
            build.extra_files("", {address(p) for p in pages})
    except DataErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(r)} {c}" for c, r in dataset.collections.items())
    print(
        f"{data_dir}: {len(dataset)} records are valid ({counts})"
        + ("; links, redirects and published pages checked" if config.is_file() else "")
    )
    return 0


def _site_config(config: Path) -> tuple[list, Path, str]:
    """mkdocs.yml's navigation, docs folder and site name (its tags, such as !ENV, are not needed here)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    settings = yaml.load(config.read_text(encoding="utf-8"), Loader=Loader) or {}
    return settings.get("nav") or [], config.parent / settings.get("docs_dir", "docs"), settings.get("site_name", "")


def record_urls(site: Path, manifest: Path) -> int:
    """Add the built site's new addresses to the manifest. Never removes one: an address that is
    gone stays listed (and fails the tests) until a redirect is added or the line is deleted by hand."""
    if not (site / "index.html").is_file():
        print(f"no built site in {site}/: run `make build` first", file=sys.stderr)
        return 2
    built = set(published_urls(site))
    known = set(read_manifest(manifest)) if manifest.exists() else set()
    manifest.write_text(manifest_text(sorted(known | built)), encoding="utf-8")
    gone = sorted(known - built)
    print(f"{manifest}: {len(built - known)} new addresses recorded, {len(known | built)} in all")
    if gone:
        print(
            f"{len(gone)} recorded addresses are no longer built (kept; add redirects in data/redirects.yml):",
            *gone[:20],
            sep="\n  ",
        )
    return 0


def zip_command(site: Path, out: Path) -> int:
    """Pack the built site in `site` into the reproducible zip `out` (the offline edition)."""
    try:
        count, size = zip_site(site, out, out.name.removesuffix(".zip"))
    except FileNotFoundError as exc:
        print(f"{exc}: build it first (`make offline` does)", file=sys.stderr)
        return 2
    print(f"{out}: {count} files, {size / 1e6:.1f} MB")
    return 0


def write_schemas(out_dir: Path, fixtures: Path | None = None) -> int:
    """The JSON Schema of every data file into out_dir; and in `fixtures` (the valid test data, if
    that folder exists), an empty file for a collection that has none: every collection needs its
    file, so a new collection's tests start from no records (add some that exercise its template)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = [*COLLECTIONS, *(f.name for f in DATA_FILES)]
    for name in names:
        (out_dir / f"{name}.schema.json").write_text(schema_text(name), encoding="utf-8")
    print(f"wrote {len(names)} schemas to {out_dir}")
    if fixtures is None or not fixtures.is_dir():
        return 0
    for collection in COLLECTIONS:
        path = fixtures / f"{collection}.yml"
        if not path.exists():
            path.write_text("[]\n", encoding="utf-8")
            print(f"wrote {path}: no test records yet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
