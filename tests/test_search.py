"""The engine's side of Chinese search (sitegen/search.py): words inside tokens, page boosts, and
the patch to Material's search worker. What a reader sees is in tests/test_search_browser.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from sitegen.build import Build
from sitegen.search import PATCH_MARK, WorkerChanged, hidden_words, inner_words, page_boost, patch_worker


def test_words_inside_a_token_are_dictionary_words_and_every_pair():
    words = inner_words("中共中央政治局")
    assert {"中共", "中央", "政治", "政治局", "中央政治局"} <= set(words)
    assert {"共中", "央政", "治局"} <= set(words)  # pairs: a query the dictionary does not know
    assert "中共中央政治局" not in words and inner_words("网络") == ()


def test_hidden_words_skip_what_is_a_token_already():
    # U+200B is where jieba cut; 学习 stands alone here, so only 集体学习 adds 集体 and 体学
    assert hidden_words("t", "\u200b集体学习\u200b和\u200b学习").split() == ["集体", "体学"]


def test_pages_are_boosted_by_kind_and_front_matter_wins():
    assert page_boost("explainers/social-credit.md") > page_boost("actors/huawei.md") > page_boost("glossary/huawei.md")
    assert page_boost("sources/x.md") < 1 and page_boost("index.md") is None and page_boost("timeline.md") is None
    assert Build.search_meta("actors/huawei.md", {}) == {"search": {"boost": page_boost("actors/huawei.md")}}
    assert Build.search_meta("actors/huawei.md", {"search": {"boost": 9}}) == {}
    assert Build.search_meta("actors/huawei.md", {"search": {"exclude": True}}) == {
        "search": {"exclude": True, "boost": 5.0}
    }


def _material_worker() -> str:
    import material

    workers = sorted(
        (Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    )
    assert len(workers) == 1
    return workers[0].read_text(encoding="utf-8")


def test_the_worker_patch_replaces_materials_hanzi_splitting_once():
    js = _material_worker()
    patched = patch_worker(js)
    assert (
        patched.startswith(PATCH_MARK)
        and "__searchQuery(e,this.index.invertedIndex)" in patched.replace(" ", "")[:0] + patched
    )
    assert patched.count('.join("* ")') == js.count('.join("* ")') - 1
    assert patch_worker(patched) == patched  # a second build (mkdocs serve) leaves it as it is


def test_a_worker_without_the_call_stops_the_build():
    with pytest.raises(WorkerChanged, match="no longer splits hanzi queries"):
        patch_worker("function search(e){return e}")


def test_the_built_worker_is_patched(real_site):
    workers = list((real_site["site"] / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert workers and all(w.read_text(encoding="utf-8").startswith(PATCH_MARK) for w in workers)
    assert "jieba" in (ROOT / "requirements.lock").read_text()
