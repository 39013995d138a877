"""The URL promise: every published page and every anchor in its content, as one sorted list.

`data/published-urls.txt` is that list, committed. The tests compare it with a fresh build: an
address that disappears fails unless `data/redirects.yml` sends it somewhere; a new one must be
added with `make urls`. Reads built HTML only, so it does not depend on the site generator.
"""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

HEADER = ("# Every published address of the site: pages, and anchors inside their content.\n"
          "# Teachers link to these. Regenerate with `make urls` after adding pages; never delete a line\n"
          "# without adding a redirect in data/redirects.yml (see CONTRIBUTING.md).\n")
SKIP_PREFIXES = ("__", "fn:", "fnref:", "term-", "cite-apa", "cite-chicago", "cite-mla")   # internal ids


class _ContentIds(HTMLParser):
    """Ids inside <article> (the page's content), and whether the page is a redirect."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.ids: list[str] = []
        self.redirect = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            self.redirect = True
        if tag == "article":
            self.depth += 1
        if self.depth and attrs.get("id") and not attrs["id"].startswith(SKIP_PREFIXES):
            self.ids.append(attrs["id"])

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1


def published_urls(site: Path) -> list[str]:
    """['/', '/#home', '/sanctions/', '/sanctions/x/', '/sanctions/x/#targets', ...] for a built site."""
    urls: list[str] = []
    for path in sorted(Path(site).rglob("index.html")):
        parser = _ContentIds()
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.redirect:
            continue
        rel = path.parent.relative_to(site).as_posix()
        url = "/" if rel == "." else f"/{rel}/"
        urls.append(url)
        urls.extend(f"{url}#{anchor}" for anchor in sorted(set(parser.ids)))
    return sorted(set(urls))


def read_manifest(path: Path) -> list[str]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("# ")] if lines else []


def manifest_text(urls: list[str]) -> str:
    return HEADER + "".join(f"{u}\n" for u in urls)
