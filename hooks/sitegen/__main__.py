"""`python -m sitegen check [DATA_DIR]`: validate the data alone and print every error."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import DataErrors, load_dataset


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitegen", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate data/ and print every error")
    check.add_argument("data_dir", nargs="?", default="data")
    args = parser.parse_args(argv)
    data_dir = Path(args.data_dir)
    try:
        dataset = load_dataset(data_dir, label_root=Path.cwd())
    except DataErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(r)} {c}" for c, r in dataset.collections.items())
    print(f"{data_dir}: {len(dataset)} records are valid ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
