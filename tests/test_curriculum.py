"""The whole curriculum (issue #20): every study session has what a reader needs to place it (date,
term, number, topic in both languages, a subject, a source), the numbers of a term run without an
unexplained gap, and the curriculum page's counts, bars and lists agree with the records, on the
fixture and on the real site; the sessions' filters work from the address."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import FIXTURES, TEMPLATES, shown
from sitegen import DataErrors, load_dataset, render_site
from sitegen.curriculum import curriculum, figure_errors, figures, fill_figures
from sitegen.model import SUBJECTS
from sitegen.visuals import graph, timeline_marks


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(FIXTURES / "valid")


@pytest.fixture(scope="module")
def pages(dataset):
    return render_site(dataset, TEMPLATES)


@pytest.fixture(scope="module")
def page(pages, dataset):
    return lambda path: shown(pages, path, dataset)


def _text(fragment: str) -> str:
    """What a reader reads: tags gone, white space as one space, none before punctuation."""
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))).strip()
    return re.sub(r" ([.,;:)])", r"\1", re.sub(r"\( ", "(", text))


# --- every session has what a reader needs ---------------------------------------------------------

SESSIONS = FIXTURES / "valid" / "study_sessions.yml"


def _first_session_line(text: str) -> int:
    return text.splitlines().index("- id: s-first") + 1


@pytest.mark.parametrize("field", ["title", "held", "term", "number", "zh", "subjects", "sources"])
def test_every_session_needs_its_date_term_number_topics_subject_and_source(field, valid_copy):
    data = valid_copy / "data"
    text = (data / "study_sessions.yml").read_text(encoding="utf-8")
    head, _, record = text.partition("- id: s-first\n")
    kept = []
    skipping = False
    for line in record.splitlines(keepends=True):  # the field's line, and a block's indented lines after it
        if line.startswith(f"  {field}:"):
            skipping = True
            continue
        if skipping and line.startswith("    "):
            continue
        skipping = False
        kept.append(line)
    (data / "study_sessions.yml").write_text(head + "- id: s-first\n" + "".join(kept), encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        load_dataset(data, label_root=valid_copy)
    line = _first_session_line(text)
    expected = f"data/study_sessions.yml:{line}: record 's-first': field '{field}': required field is missing"
    if field == "zh":  # the topic in Chinese may be absent only where `not_found` says the sources lack it
        expected = (
            f"data/study_sessions.yml:{line}: record 's-first': field 'not_found': the topic in Chinese (`zh`) is "
            "missing: give it as the readout words it, or say here that the sources read do not give it"
        )
    assert expected in [str(e) for e in caught.value.errors]


@pytest.mark.parametrize(
    "typed, message",
    [
        ("subjects: []", "field 'subjects': needs at least one entry"),
        (
            "subjects: [tech]",
            "field 'subjects[0]': 'tech' is not allowed; expected one of "
            + ", ".join(f"'{k}'" for k in list(SUBJECTS)[:-1])
            + f" or '{list(SUBJECTS)[-1]}'",
        ),
        ("zh: First", "field 'zh': expected Chinese characters (simplified hanzi)"),
    ],
)
def test_a_subject_from_the_vocabulary_and_a_chinese_topic(typed, message, valid_copy):
    data = valid_copy / "data"
    text = (data / "study_sessions.yml").read_text(encoding="utf-8")
    key = typed.split(":")[0]
    old = next(line for line in text.split("- id: s-first\n")[1].splitlines() if line.startswith(f"  {key}:"))
    (data / "study_sessions.yml").write_text(text.replace(old, f"  {typed}"), encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        load_dataset(data, label_root=valid_copy)
    line = text.splitlines().index(old) + 1
    assert f"data/study_sessions.yml:{line}: record 's-first': {message}" in [str(e) for e in caught.value.errors]


def test_a_gap_closed_by_a_new_record_asks_for_its_gap_before_to_go(valid_copy):
    """The fixture's session 17 explains the missing 1-16; a record of session 16 makes that untrue,
    and a record of session 15 leaves 1-14 unexplained."""
    data = valid_copy / "data"
    text = (data / "study_sessions.yml").read_text(encoding="utf-8")
    extra = (
        '- id: s16\n  title: Sixteen\n  status: documented\n  held: "2019-08"\n  term: 19\n  number: 16\n'
        "  zh: 十六\n  subjects: [history]\n  summary: A made-up session.\n  sources:\n"
        "    - source: review-zh\n      quote: 第十六次\n      locator: list\n"
    )
    (data / "study_sessions.yml").write_text(text + extra, encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        load_dataset(data, label_root=valid_copy)
    lines = [str(e) for e in caught.value.errors]
    s16 = len(text.splitlines()) + 1
    assert lines == [
        f"data/study_sessions.yml:{text.splitlines().index('  gap_before: The fixture holds no earlier session of the term.') + 1}: "
        "record 's0': field 'gap_before': says why sessions are missing, but none is: session 16 of the 19th term "
        f"is in the records ('s16', line {s16}); remove `gap_before`",
        f"data/study_sessions.yml:{s16 + 5}: record 's16': field 'number': the 19th term's sessions 1–15 are not in "
        "the records: add them, or say why in `gap_before`",
    ]


def test_the_valid_fixture_names_every_term_and_counts_by_its_review(dataset):
    assert sorted(dataset.terms) == [18, 19]
    assert dataset.terms[19].expected.count == 19 and dataset.terms[19].expected.as_of == "2019-12"


# --- the curriculum page agrees with the records ------------------------------------------------------


def _counts(dataset) -> dict[int, tuple[int, int]]:
    """{term: (sessions, on technology)}, counted here without the engine's help."""
    out: dict[int, tuple[int, int]] = {}
    for s in dataset.collections["study_sessions"].values():
        found, tech = out.get(s.term, (0, 0))
        out[s.term] = (found + 1, tech + ("technology" in s.subjects))
    return out


def _check_page(content: str, dataset) -> None:
    counts = _counts(dataset)
    assert counts  # a test that cannot fail is a defect
    for term, (found, tech) in counts.items():
        share = f"{round(100 * tech / found)}%"
        row = re.search(rf'<tr><th scope="row"><a href="#politburo-{term}">.*?</tr>', content, re.S).group(0)
        cells = [_text(c) for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
        assert cells[0].split(" ")[0] == str(found) and cells[1] == f"{tech} ({share})", (term, cells)
        bars = re.findall(rf'<a class="cur-bar" href="#politburo-{term}" aria-label="([^"]*)"', content)
        assert len(bars) == 2  # the phone layout and the wide one
        assert all(
            f"{tech} of {found} · {share}: {tech} of the {found} sessions in the records are on technology" in b
            for b in bars
        )
        # the bar opens the term's list, which holds exactly the sessions it counts
        section = content.split(f'id="politburo-{term}"', 1)[1].split("<h3", 1)[0].split("<h2", 1)[0]
        rows = re.findall(r"<tr(?: [^>]*)?><td>(\d+)</td>", section)
        numbers = sorted(s.number for s in dataset.collections["study_sessions"].values() if s.term == term)
        assert sorted(int(n) for n in rows) == numbers
    for target in set(re.findall(r'<a class="cur-bar" href="#([^"]+)"', content)):
        assert f'id="{target}"' in content, target
    for year in {s.held[:4] for s in dataset.collections["study_sessions"].values()}:
        anchor = re.search(rf'<tr id="year-{year}"[^>]*><td>\d+</td>\s*<td><time datetime="([^"]+)"', content)
        assert anchor and anchor.group(1).startswith(year), year


def test_the_curriculum_page_counts_what_the_records_hold(page, dataset):
    _check_page(page("curriculum.md"), dataset)


def test_the_curriculum_page_counts_what_the_real_records_hold(real_site):
    content = real_site["pages"]["curriculum/"].path.read_text(encoding="utf-8")
    _check_page(content.split("<article", 1)[1], real_site["dataset"])


def test_a_term_shows_its_review_count_and_its_missing_sessions(page, dataset):
    content = page("curriculum.md")
    section = _text(content.split('id="politburo-19"', 1)[1].split("<table", 1)[0])
    assert (
        "The term held 19 by 2019-12, by the count of 回顾 (first paragraph): “ 已经进行了19次集体学习 ”." in section
    )  # (the quote is a span of its own)
    leader = dataset.get("actors", dataset.terms[19].general_secretary).title
    assert f"General secretary: {leader}, by 回顾 (first paragraph): “ 主持 ”." in section  # the term's own sources
    assert "Not in the records: sessions 1–16." in section
    assert "The fixture's sessions 1 to 16 are made up to be missing." in section


def test_a_session_only_secondary_sources_report_is_marked(page, dataset):
    assert "Secondary only:" in page("study-sessions/s2.md")
    assert "Secondary only:" not in page("study-sessions/s1.md")
    index = page("study-sessions/index.md")
    marked = [row for row in index.split("<tr ")[1:] if "secondary only" in row]
    assert len(marked) == 1 and 'href="s2/"' in marked[0]


def test_a_session_page_shows_subjects_format_speakers_and_the_gap_before_it(page):
    s2 = _text(page("study-sessions/s2.md"))
    assert "Subjects Economy, Society" in s2
    assert "Format Self-study: the members studied on their own and exchanged views; no lecturer" in s2
    assert "Members who spoke Bing Ding (丙丁), Example Province (示例省)" in s2
    assert "Before it Not in the records: sessions 1–16. The fixture holds no earlier session of the term." in _text(
        page("study-sessions/s0.md")
    )


def test_the_pictures_draw_only_the_sessions_on_technology(dataset, pages):
    sessions = {m.id for m in timeline_marks(dataset) if m.collection == "study_sessions"}
    assert sessions == {"s1", "s-first"}
    _actors, records, _ties = graph(dataset)
    assert {i for c, i in records if c == "study_sessions"} <= {"s1", "s-first"}
    assert "only those on technology are drawn: 2 of the 4 in the records" in re.sub(r"\s+", " ", pages["timeline.md"])


def test_the_data_dictionary_gives_each_subjects_rule(pages):
    page = pages["data-dictionary.md"]
    assert "{ #subjects }" in page
    for key, (_label, rule) in SUBJECTS.items():
        assert f"| `{key}` |" in page
        assert re.sub(r"\s+", " ", rule)[:40] in re.sub(r"\\(.)", r"\1", page)
    assert "### Politburo terms: `data/curriculum.yml`" in page and "**Count** (inside politburo terms)" in page


# --- figures in prose come from the data --------------------------------------------------------------


def test_figures_fill_a_page_and_an_unknown_one_is_an_error(dataset, tmp_path):
    figs = figures(curriculum(dataset))
    assert (
        figs["curriculum.found"] == "4" and figs["curriculum.technology"] == "2" and figs["curriculum.share"] == "50%"
    )
    assert figs["curriculum.leader.person-a.share"] == "33%"  # 1 of the 19th term's 3
    assert figs["curriculum.compare.person-b.person-a.share"] == "higher"
    assert fill_figures("Of {{ curriculum.found }}, {{curriculum.technology}}.", figs) == "Of 4, 2."
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "page.md").write_text("# T\n\nSee\n{{ curriculum.term.19.fund }} here.\n", encoding="utf-8")
    [error] = figure_errors(tmp_path, figs)
    assert str(error) == (
        "docs/x/page.md:4: '{{ curriculum.term.19.fund }}' names no figure from the data; figures of that kind: "
        "curriculum.term.19.expected, curriculum.term.19.found, curriculum.term.19.other, curriculum.term.19.share, "
        "curriculum.term.19.technology"
    )


def test_the_explainer_quotes_the_counts_of_the_data(real_site):
    dataset = real_site["dataset"]
    content = _text(real_site["pages"]["explainers/study-sessions/"].path.read_text(encoding="utf-8"))
    assert "{{" not in content
    by_leader: dict[str, list] = {}
    for s in dataset.collections["study_sessions"].values():
        by_leader.setdefault(dataset.terms[s.term].general_secretary, []).append(s)
    for leader, sessions in by_leader.items():
        tech = sum("technology" in s.subjects for s in sessions)
        name = dataset.get("actors", leader).title
        assert f"{tech} ({round(100 * tech / len(sessions))}%)" in content, name
    assert (
        "has put more emerging technologies – big data, artificial intelligence (AI) and blockchain – on the study agenda than his predecessors"
        in content.replace("’", "'")
    )


# --- the filters, by address, in Chromium ----------------------------------------------------------------


def test_the_sessions_filter_by_term_and_subject_from_the_address(browser, site, real_site):
    dataset = real_site["dataset"]
    sessions = list(dataset.collections["study_sessions"].values())
    server = site
    page = browser.new_page()
    page.goto(server.url + "study-sessions/?subject=technology")
    rows = page.locator(".sessions-table tbody tr:not([hidden])")
    tech = [s for s in sessions if "technology" in s.subjects]
    assert rows.count() == len(tech) > 0
    assert page.locator(".row-filters__count").inner_text() == f"{len(tech)} of {len(sessions)} sessions shown"
    page.select_option("select[name=term]", "19")  # a change is written back to the address
    assert parse_qs(urlsplit(page.url).query) == {"subject": ["technology"], "term": ["19"]}
    assert rows.count() == sum(1 for s in tech if s.term == 19) > 0
    page.goto(server.url + "curriculum/")
    page.locator(".vis-wide a.cur-bar[href='#politburo-19']").click()
    assert urlsplit(page.url).fragment == "politburo-19"
    assert page.locator("#politburo-19").evaluate("e => e.getBoundingClientRect().top < innerHeight")
    page.close()
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(server.url + "study-sessions/?subject=economy")
    assert plain.locator(".sessions-table tbody tr:not([hidden])").count() == len(sessions)
    context.close()


CURRICULUM_MEASURE = """() => {
  const shown = el => el.getClientRects().length > 0;
  const out = {page: document.documentElement.scrollWidth, svgs: 0, problems: []};
  for (const svg of [...document.querySelectorAll('.curriculum-figure svg')].filter(shown)) {
    out.svgs += 1;
    const box = svg.getBoundingClientRect();
    if (box.left < 0 || box.right > innerWidth) out.problems.push(`svg spans ${box.left}-${box.right}`);
    for (const t of [...svg.querySelectorAll('text')].filter(shown)) {
      const tb = t.getBoundingClientRect();
      const size = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
      if (tb.left < box.left - 0.5 || tb.right > box.right + 0.5) out.problems.push(`cut: ${t.textContent}`);
      if (size < 12) out.problems.push(`${size}px: ${t.textContent}`);
    }
    for (const a of svg.querySelectorAll('a')) {
      const r = a.getBoundingClientRect();
      if (r.width < 24 || r.height < 24) out.problems.push(`target ${r.width}x${r.height}: ${a.getAttribute('href')}`);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("width", (360, 1280))
def test_the_curriculum_pictures_fit_with_whole_labels_and_24px_bars(browser, site, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(site.url + "curriculum/")
    measured = page.evaluate(CURRICULUM_MEASURE)
    context.close()
    assert measured["svgs"] == 2 and measured["page"] <= width and not measured["problems"], measured
