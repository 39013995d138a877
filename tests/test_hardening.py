"""Issue #19: what a build writes outside the templates is checked, the input rules, atomic builds."""
from __future__ import annotations

import pytest

from sitegen import DataErrors
from sitegen.outputs import search_index_errors


def test_markup_in_the_search_index_stops_the_build_naming_the_entry():
    index = {"docs": [{"location": "glossary/x/", "title": "x · 网络<img src=x onerror=alert(1)>", "text": "<p>fine <code>a</code></p>"},
                      {"location": "", "title": "Home", "text": "<p class=x>a</p>"},
                      {"location": "ok/", "title": "a &lt;b&gt;", "text": "<ul><li>b</li></ul>"}]}
    assert [str(e) for e in search_index_errors(index)] == [
        "search/search_index.json: record 'glossary/x/': field 'title': holds markup '<img src=x onerror=alert(1)>' "
        "that a search result would run; whatever wrote it must escape the text (html.escape)",
        "search/search_index.json: record '(home)': field 'text': holds markup '<p class=x>' "
        "that a search result would run; whatever wrote it must escape the text (html.escape)"]


def test_glossary_hanzi_reach_the_search_index_escaped():
    from sitegen.model import Term
    from sitegen.terms import enrich_search_index
    # built unvalidated: whatever the model lets through, the index escapes it
    term = Term.model_construct(id="ceshi", title="test", zh="测试<img src=x onerror=alert(1)>", pinyin="cèshì")
    index = enrich_search_index({"docs": [{"location": "glossary/ceshi/", "title": "test", "text": ""}]}, [term])
    assert search_index_errors(index) == []
    assert "测试&lt;img src=x onerror=alert(1)&gt;" in index["docs"][0]["title"]
