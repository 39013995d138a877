"""The URL promise: every published page and every anchor in its content, as one sorted list.

`data/published-urls.txt` is that list, committed. The tests compare it with a fresh build: an
address that disappears fails unless `data/redirects.yml` sends it somewhere; a new one must be
added with `make urls`. Reads built HTML only, so it does not depend on the site generator.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

HEADER = (
    "# Every published address of the site: pages, and anchors inside their content.\n"
    "# Teachers link to these. Regenerate with `make urls` after adding pages; never delete a line\n"
    "# without adding a redirect in data/redirects.yml (see CONTRIBUTING.md).\n"
)
SKIP_PREFIXES = ("__", "fn:", "fnref:", "term-", "cite-apa", "cite-chicago", "cite-mla")  # internal ids


# Tags, not text: in text a '<' is always escaped, so a tag starts at '<' and a letter.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^>]*)?)>")
_ID = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_REFRESH = re.compile(r'<meta[^>]*http-equiv="refresh"', re.I)


def content_ids(page: str) -> set[str]:
    """The ids inside the page's <article> (its content), internal ones left out."""
    ids: set[str] = set()
    depth = 0
    for m in _TAG.finditer(page, max(page.find("<article"), 0)):
        closing, name, attrs = m.groups()
        if name.lower() == "article":
            depth += -1 if closing else 1
            if closing and depth <= 0:
                break
        if depth and not closing:
            found = _ID.search(attrs)
            anchor = html.unescape(next(g for g in found.groups() if g is not None)) if found else ""
            if anchor and not anchor.startswith(SKIP_PREFIXES):
                ids.add(anchor)
    return ids


def published_urls(site: Path) -> list[str]:
    """['/', '/#home', '/sanctions/', '/sanctions/x/', '/sanctions/x/#targets', ...] for a built site."""
    urls: list[str] = []
    for path in sorted(Path(site).rglob("index.html")):
        page = path.read_text(encoding="utf-8")
        if _REFRESH.search(page):  # a redirect is not a page of its own
            continue
        rel = path.parent.relative_to(site).as_posix()
        url = "/" if rel == "." else f"/{rel}/"
        urls.append(url)
        urls.extend(f"{url}#{anchor}" for anchor in sorted(content_ids(page)))
    return sorted(set(urls))


def read_manifest(path: Path) -> list[str]:
    """The addresses listed in the manifest at `path` (its comment lines left out)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("# ")] if lines else []


def manifest_text(urls: list[str]) -> str:
    """The manifest's text: its header, then one address a line."""
    return HEADER + "".join(f"{u}\n" for u in urls)
