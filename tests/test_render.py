"""Rendering: escaping, page set, backlinks, sources and fact-check cards, on the small fixture."""
from __future__ import annotations

import html
import re

import markdown
import pytest
from mkdocs.utils.meta import get_data

from conftest import TEMPLATES
from sitegen import load_dataset, render_site
from sitegen.render import md_escape, md_plain

# the Markdown extensions mkdocs.yml enables, so escaping is tested against the real parser
EXTENSIONS = ["toc", "attr_list", "md_in_html", "def_list", "tables", "admonition", "footnotes", "pymdownx.escapeall"]
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
    "<b>x</b>\x02wzxhzdk:0\x03",   # Python-Markdown placeholder markers
    "- not a list", "+ nor this", ": nor a definition", "= x", "2019. not an ordered list",
    "---", "***", "> not a quote", "a](https://evil.example) [b", "]: https://evil.example",
    "\"quoted\", it's 50% (or so); a/b? c-d e.g. f.",
]


def to_html(text: str) -> str:
    """Render like MkDocs does: front matter off, then Markdown with the site's extensions."""
    body, _meta = get_data(text)
    return markdown.markdown(body, extensions=EXTENSIONS)


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_exactly_as_typed(text: str):
    rendered = to_html(str(md_plain(text)))
    visible = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)   # control characters are dropped
    assert rendered == f"<p>{html.escape(visible, quote=False)}</p>"


def _line_starts_and_syntax():
    from hypothesis import strategies as st
    return st.text(st.sampled_from(list("-+:=.#>*_`[]()!|{}~^&<\\'\"0123456789 ab\n")), max_size=12)


def test_escaped_text_renders_as_typed_at_a_line_start_in_a_list_and_in_a_link():
    from hypothesis import given, settings
    @settings(max_examples=1000, deadline=None)
    @given(_line_starts_and_syntax())
    def check(text):
        visible = html.escape(re.sub(r"\s+", " ", text), quote=False)
        value = str(md_plain(text))
        md = lambda t: markdown.markdown(t, extensions=EXTENSIONS)   # noqa: E731  (a generated page never starts with a value)
        inner = lambda t, start, end: re.fullmatch(f"{start}(.*){end}", t, re.S).group(1).strip()   # noqa: E731
        if not visible.strip():
            return
        assert inner(md(value), "<p>", "</p>") == visible.strip()
        assert inner(md(f"- {value}\n"), "<ul>\n<li>", "</li>\n</ul>") == visible.strip()
        assert md(f"[{value}](x.md)") == f'<p><a href="x.md">{visible}</a></p>'
        assert md(f"- [{value}](x.md)\n") == f'<ul>\n<li><a href="x.md">{visible}</a></li>\n</ul>'
    check()


def test_hanzi_runs_are_tagged_chinese():
    assert to_html(str(md_escape("HarmonyOS (鸿蒙) and 网络强国"))) == (
        '<p>HarmonyOS (<span lang="zh-Hans">鸿蒙</span>) and <span lang="zh-Hans">网络强国</span></p>')


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    from conftest import FIXTURES
    return render_site(load_dataset(FIXTURES / "valid"), TEMPLATES)


def test_one_page_per_record_and_one_index_per_collection(pages):
    assert "study-sessions/s1.md" in pages and "actors/person-a.md" in pages
    assert {p for p in pages if p.endswith("/index.md") and p not in ("data/index.md", "packs/index.md")} == {
        f"{c}/index.md" for c in ("sources", "study-sessions", "policies", "exports", "sanctions", "glossary", "actors", "claims")}
    others = {"data-dictionary.md", "data/index.md", "timeline.md", "chains.md", "graph.md", "packs/index.md", "changelog.md"}
    assert others <= set(pages)
    assert len([p for p in pages if p.endswith(".md")]) == 16 + 8 + len(others)   # records, indexes, the rest


def test_headings_carry_explicit_ids(pages):
    page = pages["glossary/jiti-xuexi.md"]
    headings = re.findall(r"^#+ .*$", page, re.M)
    assert headings and all(re.search(r"\{ #[a-z0-9-]+ \}$", h) for h in headings), headings


def test_referenced_by_groups_backlinks_by_collection(pages):
    page = to_html(pages["actors/company-a.md"])
    section = page.split('id="referenced-by"')[1]
    assert "<strong>Exports</strong>" in section and "<strong>Sanctions</strong>" in section
    assert '<a href="../exports/export-a.md">Export A</a>' in section
    assert '<a href="../sanctions/sanction-a.md">Sanction A</a>' in section


def test_sources_section_shows_title_quote_and_locator(pages):
    page = to_html(pages["policies/law-a.md"])
    section = page.split('id="sources"')[1]
    assert "Document A" in section and "paragraph 2" in section
    assert "<blockquote>\n<p>Law A was adopted.</p>" in section


def test_chinese_quote_is_language_tagged(pages):
    page = to_html(pages["study-sessions/s1.md"])
    assert '<span lang="zh-Hans">第十八次集体学习</span>' in page


def test_fact_check_card_is_shown_on_the_record_it_concerns(pages):
    page = to_html(pages["study-sessions/s1.md"])
    assert 'id="factcheck-claim-a"' in page and "The whole Politburo holds them." in page
    assert "Fact-check:" not in to_html(pages["policies/law-a.md"])


def test_collection_index_is_a_table_of_links(pages):
    page = to_html(pages["sanctions/index.md"])
    assert "<table>" in page and '<a href="sanction-a.md">Sanction A</a>' in page
    assert "1 record." in page


def test_index_order_is_newest_first_then_undated_by_title():
    from types import SimpleNamespace as R
    from sitegen.render import _index_order
    records = [R(date=None, title="b"), R(date="2019", title="x"), R(date="2021-06-02", title="y"),
               R(date=None, title="A"), R(date="2019-10-07", title="z")]
    assert [r.title for r in sorted(records, key=_index_order)] == ["y", "z", "x", "A", "b"]


def test_hostile_values_are_shown_as_text(valid_copy):
    data = valid_copy / "data"
    text = (data / "policies.yml").read_text()
    evil = "<script>alert(1)</script> *x* [l](https://evil.example) {{ 7*7 }}"
    (data / "policies.yml").write_text(text.replace("title: Law A", f"title: '{evil}'").replace("summary: A law.", "summary: '<img src=x onerror=alert(1)>'"))
    page = to_html(render_site(load_dataset(data), TEMPLATES)["policies/law-a.md"])
    assert "<script>" not in page and "<img" not in page and "evil.example\"" not in page
    assert html.escape(evil, quote=False) in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    _body, meta = get_data(render_site(load_dataset(data), TEMPLATES)["policies/law-a.md"])
    assert meta["description"] == "<img src=x onerror=alert(1)>"   # a string; the theme escapes it


def test_key_facts_keep_one_definition_per_field_and_spaced_lists(pages):
    page = to_html(pages["study-sessions/s1.md"])
    assert "<dt>Chaired by</dt>" in page and "<dt>Lecturers</dt>" in page   # not swallowed by the line above
    assert 'Person B</a>, <a href="../actors/person-a.md">Person A</a>' in page


def test_every_index_has_one_status_column_and_the_glossary_marks_only_the_exceptions(pages):
    for path, page in pages.items():
        if path.endswith("/index.md") and path not in ("data/index.md", "packs/index.md"):
            header = next(line for line in page.splitlines() if line.startswith("| "))
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
    row = html.split("<code>instrument</code>")[1].split("</tr>")[0]
    assert "<code>entity-list</code>" in row and "<td>entity-list</td>" in row   # allowed values; example from data
    row = html.split("<code>lecturers</code>")[1].split("</tr>")[0]
    assert "of kind person" in row and "<td>[person-b, person-a]</td>" in row
    assert "<code>issued_by</code>" in html and "<code>data/study_sessions.yml</code>" in html   # no stray backslashes
