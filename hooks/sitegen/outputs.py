"""Checks on what a build writes outside the templates, whoever wrote it (the theme, a plugin, the
engine): a string from data/ must reach each output escaped for that output's context.

    search_index_errors(index)   # Material's search/search_index.json: shown as HTML in the results

Templates escape through Jinja's autoescape; these files are assembled in Python, where a
forgotten html.escape would otherwise only show in a reader's browser.
"""
from __future__ import annotations

import re

from .errors import DataError

SEARCH_INDEX = "search/search_index.json"
# The markup the theme's indexer keeps from a page (a result shows it): bare tags, no attributes.
_SEARCH_TAGS = {"p", "ul", "ol", "li", "code", "pre", "em", "strong", "b", "i", "table", "thead", "tbody",
                "tr", "th", "td", "dl", "dt", "dd", "blockquote", "br", "hr", "sub", "sup", "mark", "kbd"}
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)([^>]*)>|<[!?/]")


def unsafe_markup(text: str) -> str | None:
    """The first piece of markup in `text` that the search results would turn into anything but a
    bare formatting tag (an element with attributes, a script, an image, a comment), else None."""
    for m in _TAG.finditer(text):
        closing, name, rest = m.group(1), m.group(2), m.group(3)
        if name is None or name.lower() not in _SEARCH_TAGS or rest.strip(" /") and not closing:
            return m.group(0)
    return None


def search_index_errors(index: dict) -> list[DataError]:
    errors = []
    for doc in index.get("docs", []):
        for key in ("title", "text"):
            found = unsafe_markup(str(doc.get(key) or ""))
            if found:
                errors.append(DataError(SEARCH_INDEX, None, doc.get("location") or "(home)", key,
                                        f"holds markup '{found[:60]}' that a search result would run; "
                                        "whatever wrote it must escape the text (html.escape)"))
    return errors
