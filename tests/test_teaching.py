"""Teacher packs and the changelog: validated like the records, rendered as pages a teacher can
print, and the changes shown on the records they concern."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, shown
from sitegen import DataErrors, load_dataset
from sitegen.teaching import changes_for, load_teaching, read_explainer

EXPLAINERS = re.findall(r"^ +- (explainers/[a-z0-9-]+\.md)$", (ROOT / "mkdocs.yml").read_text(), re.M)  # nav order
TERMS = "[jiti-xuexi, zizhu-chuangxin, touyan-xiaoying, hongmeng, shixin-beizhixingren-mingdan]"
GOOD_PACK = f"""\
- explainer: social-credit
  facts: [policies/cybersecurity-law, sanctions/us-entity-list-2019-10-xinjiang, claims/xinjiang-not-a-province]
  terms: {TERMS}
  questions: ["Why?", "How would you check it?"]
"""


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(ROOT / "data")


def teaching(tmp_path: Path, dataset, packs: str = GOOD_PACK, changelog: str = ""):
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / "teaching.yml").write_text(textwrap.dedent(packs), encoding="utf-8")
    (data / "changelog.yml").write_text(textwrap.dedent(changelog), encoding="utf-8")
    return load_teaching(data, tmp_path, dataset, ROOT / "docs", EXPLAINERS)


def test_the_explainers_are_read_from_the_navigation():
    assert "explainers/social-credit.md" in EXPLAINERS and len(EXPLAINERS) == 6


def test_a_pack_knows_its_explainer_title_and_sections(tmp_path, dataset):
    packs, changes = teaching(tmp_path, dataset)
    ((pack, explainer),) = packs
    assert explainer.title == "Social credit: what exists and what is myth"
    assert [s.id for s in explainer.sections][:2] == ["the-plan", "court-blacklist"]
    assert pack.facts[0] == "policies/cybersecurity-law" and changes == []


@pytest.mark.parametrize(
    "packs, message",
    [
        (
            GOOD_PACK.replace("social-credit", "social-credits"),
            "data/teaching.yml:1: record 'social-credits': field 'explainer': 'social-credits' is not an explainer in the navigation",
        ),
        (
            GOOD_PACK.replace(TERMS, "[jiti-xuexi, hongmeng, zizhu-chuangxin]"),
            "data/teaching.yml:3: record 'social-credit': field 'terms': has 3 entries; needs at least 5",
        ),
        (
            GOOD_PACK.replace("touyan-xiaoying", "jiti-xuexi"),
            "data/teaching.yml:3: record 'social-credit': field 'terms[2]': 'jiti-xuexi' is listed twice",
        ),
        (
            GOOD_PACK.replace("policies/cybersecurity-law", "policies/cybersecurity-lwa"),
            "data/teaching.yml:2: record 'social-credit': field 'facts[0]': no record 'cybersecurity-lwa' in policies (did you mean 'cybersecurity-law'?)",
        ),
        (
            GOOD_PACK.replace("hongmeng", "hongmen"),
            "data/teaching.yml:3: record 'social-credit': field 'terms[3]': no record 'hongmen' in glossary (did you mean 'hongmeng'?)",
        ),
        (
            GOOD_PACK.replace('["Why?", "How would you check it?"]', '["Why?"]'),
            "data/teaching.yml:4: record 'social-credit': field 'questions': has 1 entries; needs at least 2",
        ),
        (
            GOOD_PACK + GOOD_PACK,
            "data/teaching.yml:5: record 'social-credit': field 'explainer': 'social-credit' is already listed at line 1; each explainer appears once",
        ),
        (
            GOOD_PACK.replace("  questions", "  question"),
            "data/teaching.yml:4: record 'social-credit': field 'question': unknown field 'question' (did you mean 'questions'?)",
        ),
    ],
)
def test_a_bad_pack_is_refused_with_file_line_entry_and_field(tmp_path, dataset, packs, message):
    with pytest.raises(DataErrors) as err:
        teaching(tmp_path, dataset, packs)
    assert message in err.value.report(), err.value.report()


CHANGE = """\
- id: first
  date: "2026-11-25"
  kind: added
  summary: First publication.
  collections: [glossary]
"""


@pytest.mark.parametrize(
    "changelog, message",
    [
        (
            CHANGE.replace("added", "fixed"),
            "data/changelog.yml:3: record 'first': field 'kind': 'fixed' is not allowed; expected one of 'added', 'corrected', 'updated' or 'removed'",
        ),
        (CHANGE.replace('"2026-11-25"', '"2026-13-25"'), "data/changelog.yml:2: record 'first': field 'date':"),
        (
            CHANGE + "  records: [glossary/no-such-term]\n",
            "data/changelog.yml:6: record 'first': field 'records[0]': no record 'no-such-term' in glossary",
        ),
        (
            CHANGE.replace("[glossary]", "[glosary]"),
            "data/changelog.yml:5: record 'first': field 'collections[0]': 'glosary' is not allowed",
        ),
        (
            CHANGE + CHANGE,
            "data/changelog.yml:6: record 'first': field 'id': 'first' is already listed at line 1; each id appears once",
        ),
        ("id: first\n", "data/changelog.yml:1: expected a list of changes, each starting with '- id: …'"),
        (
            CHANGE.replace("added", "corrected"),
            "data/changelog.yml:1: record 'first': field 'reason': a correction says why: add `reason`, the evidence that the old text was wrong",
        ),
        (
            CHANGE + "  reason: Because.\n",
            "data/changelog.yml:6: record 'first': field 'reason': `reason` is only for corrections; this change is 'added'",
        ),
    ],
)
def test_a_bad_change_is_refused_with_file_line_entry_and_field(tmp_path, dataset, changelog, message):
    with pytest.raises(DataErrors) as err:
        teaching(tmp_path, dataset, changelog=changelog)
    assert message in err.value.report(), err.value.report()


def test_changes_are_newest_first_and_reach_the_records_they_name(tmp_path, dataset):
    _, changes = teaching(
        tmp_path,
        dataset,
        changelog=CHANGE
        + """\
- id: later
  date: "2026-11-27"
  kind: corrected
  summary: Corrected a date.
  reason: The law's own text gives another date.
  records: [policies/cybersecurity-law]
- id: same-day
  date: "2026-11-27"
  kind: updated
  summary: Another change that day.
""",
    )
    assert [c.id for c in changes] == ["later", "same-day", "first"]  # same day: file order
    law, term = dataset.get("policies", "cybersecurity-law"), dataset.get("glossary", "hongmeng")
    assert [c.id for c in changes_for(changes, law)] == ["later"]
    assert changes_for(changes, term) == []  # a change to the whole glossary: on the changelog page only


# --- the real data and the built site ---------------------------------------------------------


def test_every_explainer_has_a_teacher_pack_and_every_record_a_review_date(dataset):
    packs, _ = load_teaching(ROOT / "data", ROOT, dataset, ROOT / "docs", EXPLAINERS)
    assert sorted(e.path for _, e in packs) == sorted(EXPLAINERS)  # every explainer in the navigation has its pack
    unreviewed = [f"{c}/{r.id}" for c, rs in dataset.collections.items() for r in rs.values() if not r.reviewed]
    assert unreviewed == []


def test_a_pack_page_has_facts_with_sources_terms_with_pinyin_questions_and_section_links(real_site):
    packs, _ = load_teaching(
        real_site["project"] / "data",
        real_site["project"],
        real_site["dataset"],
        real_site["project"] / "docs",
        EXPLAINERS,
    )
    for pack, explainer in packs:
        html = real_site["pages"][f"packs/{explainer.stem}/"].path.read_text(encoding="utf-8")
        facts = html.split('id="facts"', 1)[1].split('id="terms"', 1)[0]
        assert facts.count("<li>") == len(pack.facts) and facts.count('href="../../sources/') == len(pack.facts)
        terms = html.split('id="terms"', 1)[1].split('id="questions"', 1)[0]
        assert terms.count('lang="zh-Hans"') >= len(pack.terms) and terms.count('class="pinyin"') == len(pack.terms)
        questions = html.split('id="questions"', 1)[1].split('id="sections"', 1)[0]
        assert questions.count("<li>") == len(pack.questions)
        sections = html.split('id="sections"', 1)[1]
        for s in explainer.sections:
            assert f'href="../../explainers/{explainer.stem}/#{s.id}"' in sections
    index = real_site["pages"]["packs/"].path.read_text(encoding="utf-8")
    assert all(f'href="{e.stem}/"' in index for _, e in packs)


def test_the_changelog_page_and_record_pages_show_what_changed(real_site):
    html = real_site["pages"]["changelog/"].path.read_text(encoding="utf-8")
    ids = re.findall(r'<div class="change" id="([^"]+)"', html)
    assert "2026-11-25-first-publication" in ids and len(ids) == len(set(ids))
    record = real_site["pages"]["glossary/hongmeng/"].path.read_text(encoding="utf-8")
    assert re.search(
        r'reviewed <time datetime="\d{4}-\d{2}-\d{2}">[^<]+</time> \(<a href="../../changelog/">what changed</a>\)',
        record,
    )


def test_read_explainer_takes_only_authored_ids(tmp_path):
    (tmp_path / "x.md").write_text(
        "---\ndescription: d\n---\n# Title { #t }\n\n## One { #one }\n\n## Two\n\n### Three { #three }\n"
    )
    e = read_explainer(tmp_path, "x.md")
    assert e.title == "Title" and [(s.id, s.title) for s in e.sections] == [("one", "One")]


def test_the_data_dictionary_documents_the_other_data_files(real_site):
    html = real_site["pages"]["data-dictionary/"].path.read_text(encoding="utf-8")
    for name, fields in (
        ("teaching", ("explainer", "facts", "terms", "questions")),
        ("changelog", ("id", "date", "kind", "summary", "records", "collections")),
        ("redirects", ("from", "to", "reason")),
    ):
        section = html.split(f'id="file-{name}"', 1)[1].split("<h3", 1)[0]
        assert all(f"<code>{f}</code>" in section for f in fields), name


def test_a_record_page_lists_the_changes_that_name_it():
    from conftest import FIXTURES, TEMPLATES
    from sitegen import render_site
    from sitegen.teaching import Change

    change = Change(
        id="law-a-date",
        date="2026-11-27",
        kind="updated",
        summary="Added the date of adoption.",
        records=["policies/law-a"],
    )
    pages = render_site(load_dataset(FIXTURES / "valid"), TEMPLATES, files={"changelog": [change]})
    law = pages["policies/law-a.md"]
    assert '<h2 id="changes">Changes' in law and "Added the date of adoption" in law
    assert '<a href="../../changelog/#law-a-date">in the changelog</a>' in law
    assert "Changes" not in pages["policies/index.md"] and "#law-a-date" not in pages["actors/person-a.md"]
    assert '<div class="change" id="law-a-date"' in pages["changelog.md"]
    assert "law-a-date" not in pages["corrections.md"] and "correction" not in law  # an update is not a correction


def test_a_correction_is_shown_at_the_top_of_its_record_and_listed_with_its_reason_on_the_corrections_page():
    from conftest import FIXTURES, TEMPLATES
    from sitegen import render_site
    from sitegen.teaching import Change

    fixed = Change(
        id="law-a-date",
        date="2026-11-27",
        kind="corrected",
        summary="The adoption date is 2 May, not 2 March.",
        reason="The gazette gives 2 May.",
        records=["policies/law-a"],
    )
    pages = render_site(
        load_dataset(FIXTURES / "valid"),
        TEMPLATES,
        files={"changelog": [fixed]},
        repository="https://github.com/example/site/",
    )
    law = pages["policies/law-a.md"]
    notice = law.index('<div class="admonition correction">')
    assert notice < law.index("<p>A law.")  # before the summary, where a reader starts
    assert "Correction, <time" in law and "The adoption date is 2 May, not 2 March." in law[notice:]
    assert '<a href="../../corrections/#law-a-date">The evidence for this correction</a>' in law
    assert '<a href="../../corrections/#law-a-date">on the corrections page</a>' in law  # under "Changes" too
    page = shown(pages, "corrections.md", load_dataset(FIXTURES / "valid"))
    entry = page.split('id="law-a-date"')[1]
    assert "The adoption date is 2 May, not 2 March." in entry and "The gazette gives 2 May." in entry
    assert '<a href="policies/law-a.md">Law A</a>' in entry  # MkDocs resolves and checks the link
    assert 'href="https://github.com/example/site/issues/new?template=correction.yml"' in page


def test_without_a_repository_address_the_corrections_page_names_the_issue_template():
    from conftest import FIXTURES, TEMPLATES
    from sitegen import render_site

    pages = render_site(load_dataset(FIXTURES / "valid"), TEMPLATES, files={})
    assert (
        ".github/ISSUE_TEMPLATE/correction.yml" in pages["corrections.md"]
        and "issues/new" not in pages["corrections.md"]
    )
    assert "No correction has been needed" in pages["corrections.md"]
