"""`python -m sitegen check [DATA_DIR]`: validate the data alone and print every error."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import DataErrors, load_dataset
from .export import schema_text
from .model import COLLECTIONS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitegen", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate data/ and print every error")
    check.add_argument("data_dir", nargs="?", default="data")
    schemas = sub.add_parser("schemas", help="write the JSON Schema of every collection (for editors)")
    schemas.add_argument("out_dir", nargs="?", default="data/schemas")
    args = parser.parse_args(argv)
    if args.command == "schemas":
        return write_schemas(Path(args.out_dir))
    data_dir = Path(args.data_dir)
    try:
        dataset = load_dataset(data_dir, label_root=Path.cwd())
    except DataErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(r)} {c}" for c, r in dataset.collections.items())
    print(f"{data_dir}: {len(dataset)} records are valid ({counts})")
    return 0


def write_schemas(out_dir: Path) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    for collection in COLLECTIONS:
        (out_dir / f"{collection}.schema.json").write_text(schema_text(collection), encoding="utf-8")
    print(f"wrote {len(COLLECTIONS)} schemas to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
