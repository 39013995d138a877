"""Page furniture for the hand-written pages: reading time under an explainer's title and after
each teaser link to it (`[Title](explainers/x.md){ .teaser }` on the home page)."""

from __future__ import annotations

import math
import re
from pathlib import Path

from .urls import address, as_directory, resolve

WORDS_PER_MINUTE = 220  # an adult reading an explanatory text in English
_MARKUP = re.compile(r"\{[^}]*\}|<[^>]+>|\]\([^)]*\)|^---.*?^---", re.S | re.M)
_TEASER = re.compile(
    r'(<a [^>]*class="teaser"[^>]*href="([^"]*)"[^>]*>.*?</a>|<a [^>]*href="([^"]*)"[^>]*class="teaser"[^>]*>.*?</a>)',
    re.S,
)


def reading_minutes(markdown: str) -> int:
    """Minutes to read a page's Markdown: its words (not its link targets, ids or tags) at 220 a minute."""
    return max(1, math.ceil(len(_MARKUP.sub(" ", markdown).split()) / WORDS_PER_MINUTE))


def reading_times(docs_dir: Path) -> dict[str, int]:
    """{address in the directory style: minutes} for every explainer."""
    return {
        address(p.relative_to(docs_dir).as_posix()): reading_minutes(p.read_text(encoding="utf-8"))
        for p in sorted((Path(docs_dir) / "explainers").glob("*.md"))
    }


def _time(minutes: int) -> str:
    return f'<span class="reading-time">{minutes} min read</span>'


def furnish(page_html: str, page_url: str, minutes: dict[str, int]) -> str:
    """A hand-written page with its reading time under the title (an explainer) and each teaser's
    reading time after its link (the home page); `minutes` maps an explainer's address to its time."""
    own = minutes.get(as_directory(page_url))
    if own:
        page_html = re.sub(
            r"(</h1>)", lambda m: m.group(1) + f'<div class="page-meta">{_time(own)}</div>', page_html, count=1
        )

    def teaser(m: re.Match) -> str:
        target = resolve((m.group(2) or m.group(3)).partition("#")[0], page_url)
        n = minutes.get(as_directory(target))
        return m.group(1) + (" " + _time(n) if n else "")

    return _TEASER.sub(teaser, page_html) if 'class="teaser"' in page_html else page_html
