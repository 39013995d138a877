"""Read a built site: every page's ids, links and resource references (used by the build tests)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from sitegen.render import OFFLINE_ZIP

RESOURCE_ATTRS = {
    ("script", "src"),
    ("img", "src"),
    ("link", "href"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("image", "href"),
}


@dataclass
class Page:
    path: Path
    url: str  # site-relative, e.g. "policies/x/"
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)  # <a href>
    resources: list[str] = field(default_factory=list)  # things the browser fetches


class _Parser(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.page.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.page.ids.add(attrs["name"])
        if tag == "a" and attrs.get("href") is not None:
            self.page.links.append(attrs["href"])
        for t, a in RESOURCE_ATTRS:
            if tag == t and attrs.get(a):
                if tag == "link" and attrs.get("rel") in ("canonical", "alternate", "next", "prev"):
                    continue  # navigational, not fetched
                self.page.resources.append(attrs[a])
        if attrs.get("srcset"):
            self.page.resources.extend(part.split()[0] for part in attrs["srcset"].split(",") if part.strip())


def site_urls(site: Path) -> dict[str, Path]:
    """Every page's address (site-relative, "policies/x/" for policies/x/index.html) and file, in order."""
    urls = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        urls[rel[: -len("index.html")] if rel.endswith("index.html") else rel] = path
    return urls


def read_site(site: Path) -> dict[str, Page]:
    pages = {}
    for url, path in site_urls(site).items():
        page = Page(path, url)
        _Parser(page).feed(path.read_text(encoding="utf-8"))
        pages[url] = page
    return pages


def is_external(href: str) -> bool:
    parts = urlsplit(href)
    return bool(parts.scheme and parts.scheme not in ("data",) or parts.netloc)


# Files the published site has that a plain build does not: `make publish` (the Pages workflow) adds
# the offline edition's zip after the strict build. Links to them are checked by test_publishing.
RELEASE_FILES = frozenset({OFFLINE_ZIP})


def is_release_file(path: str, base: str = "/") -> bool:
    return path.removeprefix(base) in RELEASE_FILES


def broken_links(site: Path, pages: dict[str, Page], base: str = "/") -> list[str]:
    """Every internal link or anchor that does not resolve, as 'page -> href (why)'."""
    problems = []
    for page in pages.values():
        for href in page.links + page.resources:
            if is_external(href) or href.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = urlsplit(urljoin(base + page.url, href))
            path = unquote(target.path)
            if not path.startswith(base):
                problems.append(f"{page.url} -> {href} (leaves the site's base {base})")
                continue
            rel = path[len(base) :]
            if rel in RELEASE_FILES:
                continue
            key = rel if (rel.endswith("/") or rel == "") else rel
            file = site / (rel + "index.html" if rel.endswith("/") or rel == "" else rel)
            if not file.exists():
                problems.append(f"{page.url} -> {href} (no file {file.relative_to(site)})")
                continue
            if target.fragment:
                other = pages.get(key) or pages.get(rel)
                if other is not None and unquote(target.fragment) not in other.ids:
                    problems.append(f"{page.url} -> {href} (no id '{target.fragment}' there)")
    return problems
