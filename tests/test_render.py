"""Rendering: escaping, page set, backlinks, sources and fact-check cards, on the small fixture."""

from __future__ import annotations

import html
import re
import shutil

import markdown
import pytest
from conftest import EXTENSIONS, FIXTURES, TEMPLATES, shown
from mkdocs.utils.meta import get_data
from sitegen import load_dataset, render_site
from sitegen.render import _breakable, html_escape, html_with_code, md_escape, md_plain, md_with_code

HOSTILE = [
    "<script>alert(1)</script>",
    "*bold* _em_ **strong** `code`",
    "[link](https://evil.example) ![img](x.png)",
    "{: #injected .class } {#id}",
    "# not a heading",
    "1. not a list",
    "{{ 7 * 7 }} {% raw %} {# c #}",
    "| a | b |",
    "&amp; &lt; &#60; AT&T",
    "\\*backslash\\",
    "--8<-- snippet",
    "!!! note",
    "right-to-left \u202eevil\u202c and combining e\u0301",
    "<b>x</b>\x02wzxhzdk:0\x03",  # Python-Markdown placeholder markers
    "- not a list",
    "+ nor this",
    ": nor a definition",
    "= x",
    "2019. not an ordered list",
    "---",
    "***",
    "> not a quote",
    "a](https://evil.example) [b",
    "]: https://evil.example",
    '"quoted", it\'s 50% (or so); a/b? c-d e.g. f.',
]


def to_html(text: str) -> str:
    """Render like MkDocs does: front matter off, then Markdown with the site's extensions."""
    body, _meta = get_data(text)
    return markdown.markdown(body, extensions=EXTENSIONS)


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_html_text_reads_exactly_as_typed(text: str):
    visible = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    assert html.unescape(re.sub(r"<[^>]+>", "", str(html_escape(text)))) == re.sub(r"\s+", " ", visible)
    assert "<" not in re.sub(r'<span lang="zh-Hans">|</span>', "", str(html_escape(text)))


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_exactly_as_typed(text: str):
    rendered = to_html(str(md_plain(text)))
    visible = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)  # control characters are dropped
    assert rendered == f"<p>{html.escape(visible, quote=False)}</p>"


def _line_starts_and_syntax():
    from hypothesis import strategies as st

    return st.text(st.sampled_from(list("-+:=.#>*_`[]()!|{}~^&<\\'\"0123456789 ab\n")), max_size=12)


def test_escaped_text_renders_as_typed_at_a_line_start_in_a_list_and_in_a_link():
    from hypothesis import given, settings

    @settings(deadline=None)  # examples: the Hypothesis profile (conftest)
    @given(_line_starts_and_syntax())
    def check(text):
        visible = html.escape(re.sub(r"\s+", " ", text), quote=False)
        value = str(md_plain(text))
        md = lambda t: markdown.markdown(t, extensions=EXTENSIONS)  # noqa: E731  (a generated page never starts with a value)
        inner = lambda t, start, end: re.fullmatch(f"{start}(.*){end}", t, re.S).group(1).strip()  # noqa: E731
        if not visible.strip():
            return
        assert inner(md(value), "<p>", "</p>") == visible.strip()
        assert inner(md(f"- {value}\n"), "<ul>\n<li>", "</li>\n</ul>") == visible.strip()
        assert md(f"[{value}](x.md)") == f'<p><a href="x.md">{visible}</a></p>'
        assert md(f"- [{value}](x.md)\n") == f'<ul>\n<li><a href="x.md">{visible}</a></li>\n</ul>'

    check()


def test_hanzi_runs_are_tagged_chinese():
    assert to_html(str(md_escape("HarmonyOS (鸿蒙) and 网络强国"))) == (
        '<p>HarmonyOS (<span lang="zh-Hans">鸿蒙</span>) and <span lang="zh-Hans">网络强国</span></p>'
    )


def test_only_addresses_and_ids_may_break_anywhere_and_the_text_still_reads_as_typed():
    """A run of 20 characters with no space or hyphen (an address, an id) goes in a span that may
    break anywhere in a narrow table cell (editorial.css); words, hyphenated ids and Chinese do not."""
    value = (
        "[ExampleOrganisation/repository issue] see https://example.org/a?b=1&c=<2> on some-repository-name-here"
        " in 中华人民共和国国家安全法中华人民共和国网络安全法"
    )
    md = to_html(str(_breakable(md_escape)(value)))
    assert re.findall(r'<span class="breakable">(.*?)</span>', md) == [
        "[ExampleOrganisation/repository",
        "https://example.org/a?b=1&amp;c=&lt;2&gt;",
    ]  # "some-repository-name-here" breaks at its hyphens, and Chinese between any two hanzi
    assert html.unescape(re.sub(r"<[^>]+>", "", md)) == value
    html_value = str(_breakable(html_escape)(value))
    assert (
        html_value.count('<span class="breakable">') == 2 and html.unescape(re.sub(r"<[^>]+>", "", html_value)) == value
    )
    assert str(_breakable(md_escape)("plain words only, telecommunications")) == "plain words only, telecommunications"
    for text in HOSTILE:  # escaped as ever: the same text, and no markup but the span
        got, plain = to_html(str(_breakable(md_escape)(text))), to_html(str(md_escape(text)))
        assert re.sub(r'</?span( class="breakable")?>', "", got) == plain, text


def test_a_field_description_shows_its_backticked_names_as_code_and_escapes_the_rest():
    text = "what `url` opens: <b>*not* markup</b> | see `access`"
    assert to_html(str(md_with_code(text))) == (
        "<p>what <code>url</code> opens: &lt;b&gt;*not* markup&lt;/b&gt; | see <code>access</code></p>"
    )
    assert str(html_with_code(text)) == (
        "what <code>url</code> opens: &lt;b&gt;*not* markup&lt;/b&gt; | see <code>access</code>"
    )


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(FIXTURES / "valid")


@pytest.fixture(scope="module")
def pages(dataset):
    return render_site(dataset, TEMPLATES)


@pytest.fixture(scope="module")
def page(pages, dataset):
    """The HTML a generated page shows, by its path under docs/."""
    return lambda path: shown(pages, path, dataset)


def test_one_page_per_record_and_one_index_per_collection(pages, dataset):
    from sitegen.model import COLLECTIONS, page_path

    assert "study-sessions/s1.md" in pages and "actors/person-a.md" in pages
    indexes = {p for p in pages if p.endswith("/index.md") and p not in ("data/index.md", "packs/index.md")}
    assert indexes == {page_path(c) for c in COLLECTIONS} and "study-sessions/index.md" in indexes
    others = {
        "data-dictionary.md",
        "data/index.md",
        "timeline.md",
        "chains.md",
        "graph.md",
        "packs/index.md",
        "changelog.md",
        "corrections.md",
        "measures.md",
        "curriculum.md",
    }
    assert others <= set(pages)
    assert len([p for p in pages if p.endswith(".md")]) == len(dataset) + len(indexes) + len(
        others
    )  # records, indexes, the rest


def test_headings_carry_explicit_ids_from_data_or_the_template(pages, page):
    """Record pages are HTML with ids on every heading; Markdown pages give each heading { #id }."""
    ids = re.findall(r"<h[1-6]( id=\"[a-z0-9-]+\")?", page("glossary/jiti-xuexi.md"))
    assert len(ids) >= 4 and all(ids), ids
    headings = re.findall(r"^#+ .*$", pages["glossary/index.md"], re.M)
    assert headings and all(re.search(r"\{ #[a-z0-9-]+ \}$", h) for h in headings), headings


def test_record_page_sections_make_its_table_of_contents():
    from mkdocs.structure.toc import get_toc
    from sitegen.build import Prerendered

    done = Prerendered.of(
        '---\ntitle: "T"\n---\n\n<h1 id="title">A &amp; <span lang="zh-Hans">网</span>'
        '<a class="headerlink" href="#title">&para;</a></h1>\n<p id="p">x</p>\n'
        '<h2 id="facts">Key facts<a class="headerlink" href="#facts">&para;</a></h2>\n'
        '<h3 id="sub">Sub<a class="headerlink" href="#sub">&para;</a></h3>\n'
        '<h2 id="sources">Sources<a class="headerlink" href="#sources">&para;</a></h2>\n'
    )
    toc = get_toc(done.toc)  # as MkDocs builds it from Python-Markdown's tokens
    assert [(a.title, a.url) for a in toc] == [("A &amp; 网", "#title")]
    assert [(a.title, a.url, [c.url for c in a.children]) for a in toc.items[0].children] == [
        ("Key facts", "#facts", ["#sub"]),
        ("Sources", "#sources", []),
    ]
    assert done.anchors == {"title", "p", "facts", "sub", "sources"}
    assert done.html.startswith("<h1") and done.html.endswith("</h2>")


def test_referenced_by_groups_backlinks_by_collection(page):
    section = page("actors/company-a.md").split('id="referenced-by"')[1]
    assert "<strong>Exports</strong>" in section and "<strong>Sanctions and other measures</strong>" in section
    assert '<a href="../../exports/export-a/">Export A</a>' in section
    assert '<a href="../../sanctions/sanction-a/">Sanction A</a>' in section


def test_record_pages_link_by_address_in_either_style(dataset):
    offline = render_site(dataset, TEMPLATES, directory_urls=False)
    section = shown(offline, "actors/company-a.md", dataset).split('id="referenced-by"')[1]
    assert '<a href="../exports/export-a.html">Export A</a>' in section
    assert '<a href="index.html">' in shown(offline, "actors/company-a.md", dataset)  # its collection


def test_sources_section_shows_title_quote_and_locator(page):
    section = page("policies/law-a.md").split('id="sources"')[1]
    assert "Document A" in section and "paragraph 2" in section
    assert (
        '<blockquote>\n<p><span class="verbatim">Law A was adopted.</span></p>' in section
    )  # verbatim: no gloss goes in


def test_chinese_quote_is_language_tagged(page):
    assert '<span lang="zh-Hans" class="verbatim">第十八次集体学习</span>' in page("study-sessions/s1.md")


def test_fact_check_card_is_shown_on_the_record_it_concerns(page):
    assert 'id="factcheck-claim-a"' in page("study-sessions/s1.md")
    assert "The whole Politburo holds them." in page("study-sessions/s1.md")
    assert "factcheck" not in page("policies/law-a.md")


def test_collection_index_is_a_table_of_links(page):
    assert "<table>" in page("sanctions/index.md") and '<a href="sanction-a.md">Sanction A</a>' in page(
        "sanctions/index.md"
    )
    assert "1 record." in page("sanctions/index.md")


def test_index_order_is_newest_first_then_undated_by_title():
    from types import SimpleNamespace as R

    from sitegen.render import _index_order

    records = [
        R(date=None, title="b"),
        R(date="2019", title="x"),
        R(date="2021-06-02", title="y"),
        R(date=None, title="A"),
        R(date="2019-10-07", title="z"),
    ]
    assert [r.title for r in sorted(records, key=_index_order)] == ["y", "z", "x", "A", "b"]


def test_hostile_values_are_shown_as_text(valid_copy):
    data = valid_copy / "data"
    text = (data / "policies.yml").read_text()
    evil = "<script>alert(1)</script> *x* [l](https://evil.example) {{ 7*7 }}"
    (data / "policies.yml").write_text(
        text.replace("title: Law A", f"title: '{evil}'").replace(
            "summary: A law.", "summary: '<img src=x onerror=alert(1)>'"
        )
    )
    dataset = load_dataset(data)
    pages = render_site(dataset, TEMPLATES)
    page = shown(pages, "policies/law-a.md", dataset)
    assert "<script>" not in page and "<img" not in page and 'evil.example"' not in page
    assert html.escape(evil, quote=False) in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    _body, meta = get_data(pages["policies/law-a.md"])
    assert meta["description"] == "<img src=x onerror=alert(1)>"  # a string; the theme escapes it
    assert meta["title"] == html.escape(evil, quote=False)  # HTML, as MkDocs takes a page title


def test_key_facts_keep_one_definition_per_field_and_spaced_lists(page):
    html_ = page("study-sessions/s1.md")
    assert "<dt>Chaired by</dt>" in html_ and "<dt>Lecturers</dt>" in html_
    assert 'Person B</a>, <a href="../../actors/person-a/">Person A</a>' in html_


def test_every_index_has_one_status_column_and_the_glossary_marks_only_the_exceptions(pages):
    for path, page in pages.items():
        if path.endswith("/index.md") and path not in ("data/index.md", "packs/index.md"):
            thead = page.split("<thead>", 1)[1].split("</thead>", 1)[0] if "<thead>" in page else None
            rows = [line for line in page.splitlines() if line.startswith("| ")]
            header = thead or (rows[0] if rows else None)
            if header is None:  # a collection without records yet (a new one's fixture starts empty): no table
                assert "\n0 records" in page, path
                continue
            assert header.count("Status") == (0 if path == "glossary/index.md" else 1), (path, header)


def test_the_glossary_index_marks_the_terms_that_are_not_documented(real_site):
    html = real_site["pages"]["glossary/"].path.read_text(encoding="utf-8")
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    terms = real_site["dataset"].collections["glossary"].values()
    marked = sorted(__import__("re").findall(r'class="status status--([a-z]+)"', table))
    assert marked == sorted(t.status for t in terms if t.status != "documented") and marked


def test_data_dictionary_lists_every_field_with_type_allowed_values_and_an_example(pages):
    from sitegen.model import COLLECTIONS

    page = pages["data-dictionary.md"]
    for collection, model in COLLECTIONS.items():
        for name in model.model_fields:
            assert f"| `{name}` |" in page, (collection, name)
    html = to_html(page)
    row = next(r for r in html.split("<tr>") if "<code>entity-listing</code>" in r)
    assert "<td>entity-listing</td>" in row  # allowed values; example from data
    row = html.split("<code>lecturers</code>")[1].split("</tr>")[0]
    assert "of kind person" in row and "<td>[person-b, person-a]</td>" in row
    assert "<code>issued_by</code>" in html and "<code>data/study_sessions.yml</code>" in html  # no stray backslashes
    assert "`" not in re.sub(r"<code>.*?</code>", "", html), "a field's description shows a backtick, not code"
    row = html.split("<code>access</code></td>")[1].split("</tr>")[0]
    assert "what <code>url</code> opens" in row


@pytest.mark.parametrize(
    "template, old, new, where, message",
    [
        (
            "policies.html",
            "record.kind|",
            "record.no_such_field|",
            "policies.html:4: record 'law-a'",
            "template failed: 'sitegen.model.Policy object' has no attribute 'no_such_field'",
        ),
        (
            "_macros.html",
            "{{ src.url|safe_url }}",
            '{{ "ftp://x"|safe_url }}',
            "_macros.html:60: record 's1'",
            "template failed: not a web address: 'ftp://x'",
        ),
    ],
)
def test_a_failing_template_is_named_with_its_line_and_the_record(
    tmp_path, dataset, template, old, new, where, message
):
    from sitegen import DataErrors

    shutil.copytree(TEMPLATES, tmp_path / "t")
    path = tmp_path / "t" / template
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    with pytest.raises(DataErrors) as caught:
        render_site(dataset, tmp_path / "t")
    assert f"  overrides/generated/{where}: {message}" in caught.value.report()


def test_record_page_links_are_checked_against_the_pages_of_the_site(dataset, pages):
    from sitegen import DataErrors
    from sitegen.build import Prerendered, check_links
    from sitegen.render import record_paths
    from sitegen.urls import address

    html_pages = {p: Prerendered.of(pages[p]) for p in record_paths(dataset)}
    urls = {"./"} | {address(p) for p in pages if p.endswith(".md")}  # as MkDocs names the pages
    check_links(html_pages, urls)  # the fixture's record pages link only to its pages: no error
    with pytest.raises(DataErrors):
        check_links(html_pages, urls - {"actors/person-a/"})
    html_pages["policies/law-a.md"] = Prerendered.of(
        '---\n---\n<h1 id="title">T</h1><a href="../../actors/nobody/">x</a> <a href="#sources">y</a> '
        '<a href="../../study-sessions/s1/#facts">z</a> <a href="../../study-sessions/s1/#nope">w</a> '
        '<a href="../../">home</a> <a href="https://example.org/#x">out</a>'
    )
    with pytest.raises(DataErrors) as caught:
        check_links(html_pages, urls)
    assert sorted(caught.value.report().splitlines()[1:]) == [
        "  overrides/generated/policies.html: record 'law-a': the page links to '#sources', but no id 'sources' on that page",
        "  overrides/generated/policies.html: record 'law-a': the page links to '../../actors/nobody/', but no page of the site is there",
        "  overrides/generated/policies.html: record 'law-a': the page links to '../../study-sessions/s1/#nope', but no id 'nope' on that page",
    ]


def test_every_link_to_a_source_says_what_it_opens(page):
    """A reader sees before clicking whether a link opens the publisher's page or a copy, and what a copy reproduces."""
    session = page("study-sessions/s1.md").split('id="sources"')[1]
    assert (
        '<a class="external" href="https://example.org/readout" rel="noopener">Copy on another site</a> (a copy of: Example Agency'
        in session
    )
    law = page("policies/law-a.md").split('id="sources"')[1]
    assert '<a class="external" href="https://example.org/doc-a" rel="noopener">Publisher\'s page</a>' in law
    readout = page("sources/readout-zh.md")
    assert "(copy on another site)</span>" in readout and "<dt>Copy of</dt>" in readout
    index = html.unescape(page("sources/index.md"))
    assert "<td>publisher's page</td>" in index and "<td>copy on another site</td>" in index


def test_a_collection_the_navigation_does_not_list_goes_at_the_end_of_its_section():
    from sitegen.build import complete_nav
    from sitegen.model import COLLECTIONS, page_path

    nav = [
        {"Home": "index.md"},
        {"Records": ["study-sessions/index.md", {"Who acted against whom": "measures.md"}]},
        {"Glossary": "glossary/index.md"},
        "actors/index.md",
    ]
    records = [page_path(c) for c, m in COLLECTIONS.items() if m.nav == "Records"]  # in the collections' order
    top = [page_path(c) for c, m in COLLECTIONS.items() if m.nav == ""]
    assert records[:3] == ["study-sessions/index.md", "policies/index.md", "exports/index.md"]
    assert top == ["sources/index.md", "glossary/index.md", "actors/index.md"]
    before = repr(nav)
    out = complete_nav(nav)
    # listed ones keep their place and title; the others follow at the end of their section
    assert out[1]["Records"] == [records[0], {"Who acted against whom": "measures.md"}, *records[1:]]
    assert out[2:] == [{"Glossary": "glossary/index.md"}, "actors/index.md", "sources/index.md"]  # top level
    assert repr(nav) == before and complete_nav([]) == []  # the configuration is not changed; no nav: MkDocs'
    made = complete_nav([{"Home": "index.md"}])  # a section is made where the configuration has none
    assert made[1:] == [top[0], {"Records": records}, *top[1:]]


def test_an_edited_template_renders_anew_in_the_same_process(tmp_path, dataset):
    """Compiled templates are kept for the process (`make serve` renders again after an edit): a
    page rendered from them is the page compiled afresh, and an edited template is compiled again."""
    templates = shutil.copytree(TEMPLATES, tmp_path / "templates")
    first = render_site(dataset, templates)
    assert render_site(dataset, templates) == first  # the second from the compiled templates kept
    index = templates / "collection_index.md"
    text = index.read_text(encoding="utf-8")
    assert "{{ records|length }} record{{" in text
    index.write_text(text.replace("{{ records|length }} record{{", "{{ records|length }} edited record{{"), "utf-8")
    after = render_site(dataset, templates)
    assert " edited record" not in first["policies/index.md"]
    assert " edited record" in after["policies/index.md"]
    assert {p for p in first if first[p] != after[p]} == {p for p in first if " edited record" in after[p]}
