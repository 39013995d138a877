"""One printable page with every explainer, every fact-check card and the glossary.

The explainers are hand-written Markdown in docs/explainers/. Here each is included with its
headings one level down and every authored id prefixed with the explainer's name (so anchors stay
unique on the combined page); links between explainers point back to their own pages.
"""

from __future__ import annotations

import re
from pathlib import Path

_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)


def page_text(path: Path) -> str:
    """A hand-written page's Markdown without its front matter."""
    return _FRONT.sub("", Path(path).read_text(encoding="utf-8"))


def explainer_for_reader(path: Path) -> str:
    """An explainer's Markdown as a part of the printable reader: headings a level down, its ids
    and anchors prefixed with its name (unique on the reader page), its links rewritten to work
    from there."""
    stem = path.stem
    text = page_text(path)
    text = re.sub(r"^(#{1,5}) ", lambda m: "#" + m.group(1) + " ", text, flags=re.M)  # one level down
    text = re.sub(r"\{\s*#([A-Za-z0-9_-]+)", lambda m: "{ #" + f"{stem}--{m.group(1)}", text)  # unique ids
    text = re.sub(r"\]\(#([A-Za-z0-9_-]+)\)", lambda m: f"](#{stem}--{m.group(1)})", text)  # own anchors
    text = re.sub(
        r"\]\(([a-z0-9-]+)\.md(#[^)]*)?\)",  # sibling pages
        lambda m: f"](../explainers/{m.group(1)}.md{m.group(2) or ''})",
        text,
    )
    return f'<div class="reader-part" id="part-{stem}"></div>\n\n{text.strip()}\n'
