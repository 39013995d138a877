"""Find Han characters in a page's body that no lang="zh-…" element encloses."""

from __future__ import annotations

import re
from html.parser import HTMLParser

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class OpenElements(HTMLParser):
    """Keeps `stack`, the elements open at each point of a page, as (tag, attributes); an end tag
    closes the nearest open element of its name and any left open inside it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        pass  # <x/> opens nothing

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break


class UntaggedHan(OpenElements):
    def __init__(self):
        super().__init__()
        self.in_body = False
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_body = True
        super().handle_starttag(tag, attrs)

    def handle_data(self, data):
        if not self.in_body or not HAN.search(data):
            return
        if any(tag in ("script", "style", "template") for tag, _ in self.stack):
            return
        lang = next((a["lang"] for _, a in reversed(self.stack) if a.get("lang")), "en")
        if not lang.startswith("zh"):
            where = "/".join(t for t, _ in self.stack[-3:])
            self.found.append(f"{where}: {data.strip()[:40]!r}")


def untagged_han(page_html: str) -> list[str]:
    parser = UntaggedHan()
    parser.feed(page_html)
    return parser.found
