"""References that do not interrupt the sentence, reading time and typography (issue #16): what an author writes, what a reader gets."""

from __future__ import annotations

import markdown
from conftest import EXTENSION_CONFIGS, EXTENSIONS
from sitegen.editorial import furnish, reading_minutes
from sitegen.references import Titles, references

TITLES = Titles(
    {
        "sources/strittmatter-2019/": ("Source", "Kai Strittmatter, interviewed by getAbstract"),
        "claims/x/": ("Fact-check", 'The "lead goose" is not China'),
    }
)
HERE = "explainers/social-credit/"


def _md(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


def test_a_link_marked_ref_becomes_a_numbered_marker_named_after_its_record():
    html = references(
        _md("It matches that date ([Strittmatter](../../sources/strittmatter-2019/){ .ref })."), HERE, TITLES
    )
    body, _, listed = html.partition('<section class="references"')
    assert body == (
        '<p>It matches that date<sup class="refs"><a class="ref" href="../../sources/strittmatter-2019/" '
        'aria-label="Reference 1, Source: Kai Strittmatter, interviewed by getAbstract" '
        'title="Source: Kai Strittmatter, interviewed by getAbstract">1</a></sup>.</p>'
    )
    assert '<h2 id="references">References on this page</h2>' in listed
    assert (
        '<li value="1"><span class="ref-kind">Source:</span> <a href="../../sources/strittmatter-2019/">Kai Strittmatter'
        in listed
    )


def test_generic_link_words_in_a_bracket_become_one_group_and_the_same_target_keeps_its_number():
    html = references(
        _md(
            "A ([source](../../sources/strittmatter-2019/), [fact-check](../../claims/x/)). "
            "B (same [source](../../sources/strittmatter-2019/))."
        ),
        HERE,
        TITLES,
    )
    body = html.split('<section class="references"')[0]
    assert ">source<" not in body and "(" not in body and ">fact-check<" not in body
    assert body.count(">1</a>") == 2 and body.count(">2</a>") == 1 and '</a>,<a class="ref"' in body
    assert "The “lead goose” is not China" in html  # titles from data set typographically


def test_a_glossary_link_after_a_term_linking_to_the_same_entry_is_dropped():
    page = (
        '<p><a class="term" href="../../glossary/laolai/">老赖</a> (“deadbeats”, '
        '<a href="../../glossary/laolai/">glossary</a>)</p>'
    )
    assert (
        references(page, HERE, TITLES) == '<p><a class="term" href="../../glossary/laolai/">老赖</a> (“deadbeats”)</p>'
    )


def test_a_page_without_references_is_left_as_it_is():
    page = '<p>See <a href="../../sources/strittmatter-2019/">the interview</a>.</p>'
    assert references(page, HERE, TITLES) == page


def test_reading_time_under_the_title_and_after_a_teaser():
    minutes = {"explainers/social-credit/": 6}
    assert '<div class="page-meta"><span class="reading-time">6 min read</span></div>' in furnish(
        "<h1>T</h1><p>x</p>", HERE, minutes
    )
    home = furnish('<p><a class="teaser" href="explainers/social-credit/">Social credit</a> text</p>', "", minutes)
    assert '</a> <span class="reading-time">6 min read</span> text' in home
    assert reading_minutes("word " * 440 + "[x](a/very/long/link/target.md){ #some-id }") == 3


def test_quotes_and_dashes_are_set_typographically_but_never_inside_verbatim_text():
    from sitegen.typography import smarten

    page = (
        '<p>He said "no" -- <a href="x/">Hikvision</a>\'s "<em>plan</em>". <q>it\'s "x"</q> '
        '<span class="verbatim">"y"</span> <a href="../sources/a/">Xi\'s "title"</a></p><pre>"a"</pre>'
        '<blockquote><p>"as printed"</p></blockquote>'
    )
    assert smarten(page) == (
        '<p>He said “no” – <a href="x/">Hikvision</a>’s “<em>plan</em>”. <q>it\'s "x"</q> '
        '<span class="verbatim">"y"</span> <a href="../sources/a/">Xi\'s "title"</a></p><pre>"a"</pre>'
        '<blockquote><p>"as printed"</p></blockquote>'
    )
