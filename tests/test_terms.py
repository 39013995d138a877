"""Chinese terms: found in text, linked to their entry, tagged for language, explained in place."""

from __future__ import annotations

import re
from types import SimpleNamespace as T

import pytest
from langcheck import untagged_han
from sitegen.terms import TermIndex, annotate, descriptions

INDEX = TermIndex(
    [
        T(id="wangluo-zhuquan", zh="网络主权", pinyin="wǎngluò zhǔquán", title="cyber sovereignty"),
        T(id="wangluo", zh="网络", pinyin="wǎngluò", title="network"),
        T(id="zhuquan", zh="主权", pinyin="zhǔquán", title="sovereignty"),
    ]
)


def test_the_longest_term_wins_and_matches_do_not_overlap():
    assert [(s, e, t.id) for s, e, t in INDEX.find("他说网络主权和主权")] == [
        (2, 6, "wangluo-zhuquan"),
        (7, 9, "zhuquan"),
    ]


def test_first_use_is_written_out_and_later_uses_are_links():
    html = annotate("<p>网络主权 matters. 网络主权 again.</p>", INDEX, "explainers/x/")
    first, second = html.split('<a class="term"')[1:]
    assert 'href="../../glossary/wangluo-zhuquan/"' in first
    assert (
        '<span class="term-gloss" lang="en"> (<span class="pinyin" lang="zh-Latn-pinyin">wǎngluò zhǔquán</span>, “cyber sovereignty”)</span>'
        in first
    )
    assert "term-gloss" not in second
    assert 'lang="zh-Hans"' in first and 'aria-describedby="term-wangluo-zhuquan"' in second


def test_terms_in_table_cells_are_linked_but_not_written_out_and_prose_still_is():
    html = annotate(
        "<table><tr><td>网络主权</td><td>wǎngluò zhǔquán</td></tr></table><p>网络主权 again.</p>", INDEX, "glossary/"
    )
    cell, prose = html.split("</table>")
    assert 'class="term"' in cell and "term-gloss" not in cell  # the next columns give pinyin and meaning
    assert "term-gloss" in prose  # the first use in running text


def test_inside_the_authors_brackets_the_gloss_opens_none_and_does_not_repeat_the_english():
    html = annotate("<p>Cyber sovereignty (网络主权) matters.</p>", INDEX, "x/")
    assert html.endswith(
        '<span class="term-gloss" lang="en">, <span class="pinyin" lang="zh-Latn-pinyin">wǎngluò zhǔquán</span></span>) matters.</p>'
    )


def test_the_english_is_left_out_when_the_sentence_just_said_it():
    html = annotate("<p>What <em>cyber sovereignty</em> means: 网络主权.</p>", INDEX, "x/")
    assert (
        '<span class="term-gloss" lang="en"> (<span class="pinyin" lang="zh-Latn-pinyin">wǎngluò zhǔquán</span>)</span>'
        in html
    )


def test_a_quoted_english_title_keeps_its_own_quotes():
    index = TermIndex(
        [T(id="zuiduo-pao-yi-ci", zh="最多跑一次", pinyin="zuìduō pǎo yī cì", title='"at most one trip"')]
    )
    html = annotate("<p>最多跑一次</p>", index, "x/")
    assert "</span>, “at most one trip”)</span>" in html and html.count("“") == 1  # set typographically, none added


def test_no_expansion_when_the_pinyin_already_follows():
    html = annotate(
        '<p><span lang="zh-Hans">网络主权</span> (<span lang="zh-Latn-pinyin">wǎngluò zhǔquán</span>)</p>', INDEX, "x/"
    )
    assert 'class="term"' in html and "term-gloss" not in html


@pytest.mark.parametrize("inside", ["a href='x'", "code", "h2 id='x'", "pre", "script"])
def test_terms_are_not_linked_inside_links_code_headings_or_scripts(inside):
    tag = inside.split()[0]
    html = f"<{inside}>网络主权</{tag}><p>主权</p>"
    out = annotate(html, INDEX, "x/")
    assert out.startswith(f"<{inside}>网络主权</{tag}>") and out.count('class="term"') == 1


def test_an_entry_does_not_link_to_itself_and_the_home_page_links_relative():
    assert 'class="term"' not in annotate("<p>网络主权</p>", INDEX, "glossary/wangluo-zhuquan/")
    assert 'href="glossary/wangluo-zhuquan/"' in annotate("<p>网络主权</p>", INDEX, "")


def test_text_with_entities_stays_escaped():
    out = annotate("<p>&lt;b&gt; 网络主权 &amp;</p>", INDEX, "x/")
    assert out.startswith("<p>&lt;b&gt; <a") and out.endswith("&amp;</p>")


def test_descriptions_exist_for_every_described_term():
    html = annotate("<p>网络主权 and 网络</p>", INDEX, "x/")
    hidden = descriptions(html, INDEX)
    assert hidden.startswith('<div class="term-descriptions" hidden data-search-exclude>')
    assert 'id="term-wangluo-zhuquan"' in hidden and 'id="term-wangluo"' in hidden


def test_search_results_show_no_hidden_term_descriptions(real_site):
    """Each page ends with the terms' descriptions (hidden, for aria-describedby); they stay out of
    the search index, or a result's text would end with words the reader never sees there."""
    import json
    import re

    index = json.loads((real_site["site"] / "search" / "search_index.json").read_text(encoding="utf-8"))
    hidden = {}
    for url, page in real_site["pages"].items():
        found = re.search(
            r'<div class="term-descriptions" hidden[^>]*>(.*?)</div>', page.path.read_text(encoding="utf-8")
        )
        if found:
            hidden[url] = re.sub(r"<[^>]+>", "", found.group(1))
    assert hidden["policies/cybersecurity-law/"] == "Wǎngluò Ānquán Fǎ: Cybersecurity Law"
    shown = [doc["location"] for doc in index["docs"] if hidden.get(doc["location"].split("#")[0], "\0") in doc["text"]]
    assert len(hidden) > 100 and shown == [], shown[:5]


def test_no_hanzi_on_any_built_page_is_outside_a_chinese_lang_element(real_site):
    problems = {
        url: found
        for url, page in real_site["pages"].items()
        if (found := untagged_han(page.path.read_text(encoding="utf-8")))
    }
    assert problems == {}, list(problems.items())[:5]


def test_the_lang_check_catches_untagged_hanzi():
    assert untagged_han("<html><body><p>网络</p></body></html>") == ["html/body/p: '网络'"]
    assert untagged_han('<html><body><p lang="zh-Hans">网络</p></body></html>') == []


def test_glossary_entries_show_toneless_pinyin_and_where_the_term_is_used(real_site):
    page = (real_site["site"] / "glossary" / "jiti-xuexi" / "index.html").read_text(encoding="utf-8")
    assert '<span lang="zh-Latn-pinyin" class="pinyin">jiti xuexi</span>' in page
    used = page.split('id="used"')[1].split("</ul>")[0]
    assert "../../explainers/study-sessions/" in used and "../../study-sessions/" in used


def test_running_text_links_terms_on_record_and_explainer_pages(real_site):
    explainer = (real_site["site"] / "explainers" / "social-credit" / "index.html").read_text(encoding="utf-8")
    assert explainer.count('class="term"') >= 5
    assert 'href="../../glossary/shixin-beizhixingren-mingdan/"' in explainer


def test_search_index_keeps_title_and_text_and_adds_hidden_words_and_names():
    """Issue #14 item 3: a result shows the page's own words, so the entry's title and text are left
    as the page gives them (no more fragments appended); the words inside a longer token and the
    entry's hanzi, the words inside them and its pinyin go into fields a result never shows."""
    from sitegen.terms import enrich_search_index

    term = T(
        id="wangluo-zhuquan", zh="网络主权", pinyin="wǎngluò zhǔquán", title="cyber sovereignty", category="policy-term"
    )
    index = {
        "config": {"fields": {"title": {"boost": 1000}}},
        "docs": [
            {"location": "glossary/wangluo-zhuquan/", "title": "cyber sovereignty", "text": "\u200b网络主权\u200b x"},
            {"location": "other/", "title": "o", "text": "y"},
        ],
    }
    out = enrich_search_index(index, [term])
    entry, other = out["docs"]
    assert entry["title"] == "cyber sovereignty" and entry["text"] == "\u200b网络主权\u200b x"
    assert set(entry["words"].split()) >= {"网络", "络主", "主权"} and "网络主权" not in entry["words"].split()
    assert entry["names"].split() == [
        "网络主权",
        "网络",
        "主权",
        "wǎngluò",
        "zhǔquán",
        "wangluo",
        "zhuquan",
        "wangluozhuquan",
    ]
    assert other == {"location": "other/", "title": "o", "text": "y"}
    assert out["config"]["fields"]["names"]["boost"] < 1000 and "words" in out["config"]["fields"]


def test_a_name_that_is_its_pinyin_is_not_repeated_as_pinyin():
    """丁薛祥's English name is its pinyin: the title holds it, so the person's record (boosted
    above the glossary) comes first for 'Ding Xuexiang'; the hanzi still find the entry."""
    from sitegen.terms import enrich_search_index

    term = T(id="ding-xuexiang", zh="丁薛祥", pinyin="Dīng Xuēxiáng", title="Ding Xuexiang", category="person")
    out = enrich_search_index(
        {"docs": [{"location": "glossary/ding-xuexiang/", "title": "Ding Xuexiang", "text": ""}]}, [term]
    )
    assert out["docs"][0]["names"] == "丁薛祥"


def test_what_the_search_index_gains_is_escaped():
    from sitegen.terms import enrich_search_index

    term = T(id="ceshi", zh="测试<img src=x onerror=alert(1)>", pinyin="cè<b>shì", title="test", category="technology")
    out = enrich_search_index(
        {"docs": [{"location": "glossary/ceshi/", "title": "t", "text": "测试测试&lt;b&gt;"}]}, [term]
    )
    names = out["docs"][0]["names"]
    assert "<" not in names and "img" not in names and "cè&lt;b&gt;shì" in names  # hanzi runs only; pinyin escaped


def test_an_english_rendering_marked_as_a_term_gets_the_popover_data():
    out = annotate('<p><a class="term" href="../../glossary/wangluo-zhuquan/">cyber sovereignty</a></p>', INDEX, "x/y/")
    assert (
        '<a class="term" href="../../glossary/wangluo-zhuquan/" data-zh="网络主权" data-pinyin="wǎngluò zhǔquán" '
        'data-gloss="cyber sovereignty" aria-describedby="term-wangluo-zhuquan">cyber sovereignty</a>'
    ) in out
    assert 'id="term-wangluo-zhuquan"' in descriptions(out, INDEX)
    plain = '<p><a href="../../glossary/wangluo-zhuquan/">entry</a></p>'
    assert annotate(plain, INDEX, "x/y/") == plain  # an ordinary link is left alone


@pytest.mark.parametrize(
    "wrapper",
    [
        "<blockquote><p>{}</p></blockquote>",
        "<p><q>{}</q></p>",
        '<p><span class="verbatim" lang="zh-Hans">{}</span></p>',
        '<p><span class="note verbatim"><span lang="zh-Hans">{}</span> said</span></p>',
    ],
)
def test_nothing_is_written_into_a_quote_but_its_terms_are_links_and_the_next_use_is_written_out(wrapper):
    quoted = wrapper.format("网络主权")
    html = annotate(quoted + "<p>网络主权 again.</p>", INDEX, "x/")
    inside, after = html.split("</p>", 1) if wrapper.startswith("<p>") else html.split("</blockquote>", 1)
    assert 'class="term"' in inside and "term-gloss" not in inside
    assert "term-gloss" in after  # explained at its first use outside the quote
    assert re.sub(r"<[^>]+>", "", html).startswith("网络主权")  # the quote's text is exactly as written


def test_a_verbatim_element_ends_at_its_own_closing_tag_not_at_a_nested_one():
    html = annotate(
        '<p><span class="verbatim"><span lang="zh-Hans">网络</span> and 主权</span> 网络 主权</p>', INDEX, "x/"
    )
    assert html.count('class="term"') == 4
    assert re.sub(r"<[^>]+>", "", html) == "网络 and 主权 网络 (wǎngluò, “network”) 主权 (zhǔquán, “sovereignty”)"


def test_nothing_is_written_between_a_term_and_the_rest_of_a_longer_chinese_name_or_phrase():
    html = annotate("<p>网络主权的 and <span>网络主权</span><em>问题</em> and 中国网络主权.</p>", INDEX, "x/")
    assert html.count('class="term"') == 3
    assert (
        re.sub(r"<[^>]+>", "", html)
        == "网络主权的 and 网络主权问题 and 中国网络主权 (wǎngluò zhǔquán, “cyber sovereignty”)."
    )
