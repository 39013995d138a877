"""Benchmark, not a test (`make bench`): the bytes of the CJK subset web font (hooks/sitegen/fonts.py).
Prints the files, and for a page of each kind the font bytes a reader with no CJK font fetches (the
files whose unicode-range holds a character the page shows); a reader who has one fetches none."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
from gates.site import built_site  # noqa: E402
from sitegen.fonts import _CJK, CHUNK, OUT, characters  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    chars = characters(ROOT)
    chunks = [chars[i : i + CHUNK] for i in range(0, len(chars), CHUNK)]
    files = [ROOT / OUT / f"site-cjk-{n}.woff2" for n in range(len(chunks))]
    sizes = [f.stat().st_size for f in files]
    print(
        f"CJK subset: {len(chars)} characters in {len(files)} files, {sum(sizes) / 1024:.1f} kB in all "
        f"(smallest {min(sizes) / 1024:.1f} kB, largest {max(sizes) / 1024:.1f} kB)"
    )
    site = built_site()
    pages = {
        "home": "",
        "explainer (social credit)": "explainers/social-credit/",
        "explainer (study sessions)": "explainers/study-sessions/",
        "glossary index": "glossary/",
        "glossary entry": "glossary/jiti-xuexi/",
        "record": "sanctions/us-entity-list-2019-10-xinjiang/",
    }
    print(f"{'page':30} {'CJK chars':>9} {'files':>5} {'kB without a CJK font':>22} {'kB with one':>11}")
    for name, path in pages.items():
        html = (site / path / "index.html").read_text(encoding="utf-8")
        body = re.sub(r"<(script|style|head)[^>]*>.*?</\1>", "", html, flags=re.S)
        used = set(_CJK.findall(re.sub(r"<[^>]+>", "", body)))
        hit = [n for n, chunk in enumerate(chunks) if used & set(chunk)]
        print(f"{name:30} {len(used):>9} {len(hit):>5} {sum(sizes[n] for n in hit) / 1024:>22.1f} {0:>11}")


if __name__ == "__main__":
    main()
