"""The whole curriculum: what share of the Politburo's study sessions is on technology, by term,
by general secretary and by year, counted from the records (and, for completeness, against the
count each term's review gives, `data/curriculum.yml`).

    cur = curriculum(dataset)          # the counts, once
    figures(cur)                       # {"curriculum.leader.xi-jinping.share": "24%", ...}
    fill_figures(markdown, figs)       # a hand-written page's {{ curriculum.… }} filled in
    shares_svg(rows, ident, ...)       # a bar per term or year, each a link to its list

A session counts as technology when `technology` is any of its subjects (model.SUBJECTS gives
the rule). The share is of the sessions in the records; sessions a review counts but the records
lack are said to be missing, never guessed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataError
from .model import SUBJECTS, _ordinal
from .sessions import PolitburoTerm, earlier, secondary_only
from .visuals import CHAR, FONT, KINDS, LINE, NARROW, TARGET, WIDE, _svg, _text, both, wrap


@dataclass
class Row:
    """The sessions of one term, one general secretary or one year."""

    key: str  # "16", "xi-jinping", "2019"
    label: str  # "16th Politburo", "Xi Jinping", "2019"
    anchor: str  # the id of its list on the curriculum page
    sessions: list = field(default_factory=list)
    expected: int | None = None  # the review's count, where there is one (a term; summed for a leader)
    entry: PolitburoTerm | None = None  # the term's entry in data/curriculum.yml, if any
    terms: list[int] = field(default_factory=list)  # a leader's terms; a year's
    leader: str | None = None  # a term's general secretary, by name

    @property
    def found(self) -> int:
        """How many of its sessions are in the records."""
        return len(self.sessions)

    @property
    def technology(self) -> int:
        """How many of those are on technology (their subjects include it)."""
        return sum(1 for s in self.sessions if s.technology)

    @property
    def share(self) -> float | None:
        """Technology's share of its sessions in the records (None without sessions)."""
        return self.technology / self.found if self.found else None

    @property
    def percent(self) -> str:
        """The share as a whole percentage ('27%'), or '—'."""
        return percent(self.share)

    @property
    def first(self) -> str | None:
        """The date of its first session in the records."""
        return min((s.held for s in self.sessions), default=None)

    @property
    def last(self) -> str | None:
        """The date of its last session in the records."""
        return max((s.held for s in self.sessions), default=None)

    @property
    def missing(self) -> list[tuple[int, int]]:
        """For a term: the runs of numbers from 1 to its count (or its highest number) not in the records."""
        numbers = {s.number for s in self.sessions}
        top = max([*numbers, 0, self.expected or 0])
        runs: list[tuple[int, int]] = []
        for n in range(1, top + 1):
            if n in numbers:
                continue
            if runs and runs[-1][1] == n - 1:
                runs[-1] = (runs[-1][0], n)
            else:
                runs.append((n, n))
        return runs

    @property
    def missing_text(self) -> str:
        """The missing numbers as text: '3, 5–9'."""
        return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in self.missing)


@dataclass
class Curriculum:
    terms: list[Row]
    leaders: list[Row]
    years: list[Row]
    all: Row
    secondary: set[str]  # ids of the sessions only secondary sources report

    @property
    def completeness(self) -> str:
        """How many of the sessions the reviews count are in the records, as a clause: 'the records
        hold 70 of the 143 sessions that reviews count for 4 of the 5 terms'."""
        counted = [r for r in self.terms if r.expected is not None]
        if not counted:
            return "no review's count of a term's sessions is in the records yet"
        expected = sum(r.expected or 0 for r in counted)
        held = 0
        for r in counted:
            as_of = r.entry.expected.as_of if r.entry and r.entry.expected else None
            held += sum(1 for s in r.sessions if not as_of or not earlier(as_of, s.held))
        terms = "every term" if len(counted) == len(self.terms) else f"{len(counted)} of the {len(self.terms)} terms"
        return f"the records hold {held} of the {expected} sessions that reviews count for {terms}"

    def subject_counts(self) -> dict[str, int]:
        """{subject: the sessions in the records that have it among their subjects}."""
        return {k: sum(1 for s in self.all.sessions if k in s.subjects) for k in SUBJECTS}

    def year_anchors(self) -> dict[str, str]:
        """{session id: 'year-YYYY'} for the first session of each year in the term lists' order."""
        out: dict[str, str] = {}
        seen: set[str] = set()
        for row in self.terms:
            for s in row.sessions:
                year = s.held[:4]
                if year not in seen:
                    seen.add(year)
                    out[s.id] = f"year-{year}"
        return out


def percent(share: float | None) -> str:
    """A share as a whole percentage ('27%'), or '—' for none."""
    return "—" if share is None else f"{round(share * 100)}%"


def curriculum(dataset) -> Curriculum:
    """The sessions in the records by term, by general secretary and by year, with the reviews' counts."""
    sessions = sorted(dataset.collections["study_sessions"].values(), key=lambda s: (s.term, s.number))
    sources = dataset.collections["sources"]
    actors = dataset.collections["actors"]
    terms: dict[int, Row] = {}
    for number, entry in sorted(dataset.terms.items()):
        terms[number] = Row(
            str(number),
            f"{_ordinal(number)} Politburo",
            f"politburo-{number}",
            entry=entry,
            expected=entry.expected.count if entry.expected else None,
            terms=[number],
            leader=actors[entry.general_secretary].title,
        )
    for s in sessions:
        terms.setdefault(
            s.term, Row(str(s.term), f"{_ordinal(s.term)} Politburo", f"politburo-{s.term}", terms=[s.term])
        )
        terms[s.term].sessions.append(s)
    term_rows = [terms[n] for n in sorted(terms)]
    leaders: dict[str, Row] = {}
    for row in term_rows:
        if row.entry is None:
            continue
        gs = row.entry.general_secretary
        leader = leaders.setdefault(gs, Row(gs, actors[gs].title, f"leader-{gs}", expected=0))
        leader.sessions += row.sessions
        leader.terms.append(int(row.key))
        leader.expected = None if leader.expected is None or row.expected is None else leader.expected + row.expected
    years: dict[str, Row] = {}
    for s in sorted(sessions, key=lambda s: s.held):
        year = s.held[:4]
        row = years.setdefault(year, Row(year, year, f"year-{year}"))
        row.sessions.append(s)
        if s.term not in row.terms:
            row.terms.append(s.term)
    for year in range(int(min(years, default="0")), int(max(years, default="0"))):  # a year with none: said
        years.setdefault(str(year), Row(str(year), str(year), "by-year"))
    everything = Row("all", "All terms", "by-term", sessions=list(sessions))
    counted = [r.expected for r in term_rows if r.expected is not None]
    everything.expected = sum(counted) if counted else None
    return Curriculum(
        term_rows,
        list(leaders.values()),
        [years[y] for y in sorted(years)],
        everything,
        {s.id for s in sessions if secondary_only(s, sources)},
    )


# --- figures in hand-written pages ----------------------------------------------------------------

FIGURE = re.compile(r"\{\{\s*(curriculum(?:\.[a-z0-9-]+)*)\s*\}\}")


def _compare(a: float | None, b: float | None, more: str, fewer: str, same: str) -> str:
    if a is None or b is None or a == b:
        return same
    return more if a > b else fewer


def figures(cur: Curriculum) -> dict[str, str]:
    """Every number a hand-written page may quote, by name: `{{ curriculum.found }}`."""
    out: dict[str, str] = {}

    def put(prefix: str, row: Row) -> None:
        out[f"{prefix}.found"] = str(row.found)
        out[f"{prefix}.technology"] = str(row.technology)
        out[f"{prefix}.share"] = row.percent
        out[f"{prefix}.expected"] = str(row.expected) if row.expected is not None else "an unknown number of"
        out[f"{prefix}.other"] = str(row.found - row.technology)

    put("curriculum", cur.all)
    out["curriculum.completeness"] = cur.completeness
    out["curriculum.secondary"] = str(len(cur.secondary))
    out["curriculum.terms"] = str(len(cur.terms))
    out["curriculum.counted-terms"] = str(sum(1 for r in cur.terms if r.expected is not None))
    for row in cur.terms:
        put(f"curriculum.term.{row.key}", row)
    for row in cur.leaders:
        put(f"curriculum.leader.{row.key}", row)
        out[f"curriculum.leader.{row.key}.terms"] = _and([_ordinal(t) for t in row.terms])
    for a in cur.leaders:
        for b in cur.leaders:
            if a is b:
                continue
            pair = f"curriculum.compare.{a.key}.{b.key}"
            out[f"{pair}.technology"] = _compare(
                a.technology,
                b.technology,
                "more technology sessions than",
                "fewer technology sessions than",
                "as many technology sessions as",
            )
            out[f"{pair}.share"] = _compare(a.share, b.share, "higher", "lower", "no different")
    return out


def _and(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def fill_figures(text: str, figs: dict[str, str]) -> str:
    """`text` with every {{ curriculum.… }} replaced by its figure (unknown names are left: see figure_errors)."""
    return FIGURE.sub(lambda m: figs.get(m.group(1), m.group(0)), text)


def figure_errors(docs_dir: Path, figs: dict[str, str]) -> list[DataError]:
    """A {{ curriculum.… }} in a hand-written page that names no figure, with its file and line."""
    errors = []
    for path in sorted(Path(docs_dir).rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        for m in FIGURE.finditer(text):
            if m.group(1) not in figs:
                close = [k for k in figs if k.rsplit(".", 1)[0] == m.group(1).rsplit(".", 1)[0]]
                hint = f"; figures of that kind: {', '.join(sorted(close))}" if close else ""
                errors.append(
                    DataError(
                        f"docs/{path.relative_to(docs_dir).as_posix()}",
                        text.count("\n", 0, m.start()) + 1,
                        None,
                        None,
                        f"'{{{{ {m.group(1)} }}}}' names no figure from the data{hint}",
                    )
                )
    return errors


# --- the picture: one bar per term or year ----------------------------------------------------------

BAR = KINDS["study_sessions"].colour  # the study sessions' colour in every picture (their mark, model.py)


def shares_svg(rows: list[Row], ident: str, title: str, headed: bool) -> str:
    """A bar per row, in both layouts: the share of its sessions that are on technology, with the
    counts written beside it. Each row is a link to the row's list on the same page (its anchor).
    `headed`: the row's name is a line above its bar (terms: '19th Politburo · Xi Jinping'), else
    a label on its left (years)."""
    return both(_shares(rows, ident + "-narrow", title, headed, NARROW), _shares(rows, ident, title, headed, WIDE))


def _shares(rows: list[Row], ident: str, title: str, headed: bool, width: int) -> str:
    e = html.escape
    label_w = 0 if headed else 44
    values = [f"{r.technology} of {r.found} · {r.percent}" if r.found else "none in the records" for r in rows]
    value_w = max(len(v) for v in [*values, "12 of 44 · 27%"]) * FONT * CHAR  # the longest, whole
    bar_x, bar_w = label_w + 4, width - label_w - value_w - 12
    bar_h = 14
    out, y = [], 4.0
    for row, value in zip(rows, values):
        lines = wrap(_heading(row), width - 8, 2) if headed else []
        h = len(lines) * LINE + max(TARGET, bar_h + 10) + 6
        top = y + len(lines) * LINE
        mid = top + max(TARGET, bar_h + 10) / 2
        fill = (row.share or 0) * bar_w
        body = [
            f'<rect class="hit" x="0" y="{y:.1f}" width="{width}" height="{h - 2:.1f}" rx="3"/>',
            f'<rect class="cur-track" x="{bar_x:.1f}" y="{mid - bar_h / 2:.1f}" width="{bar_w:.1f}" height="{bar_h}"/>',
        ]
        if fill:
            body.append(
                f'<rect class="cur-fill" x="{bar_x:.1f}" y="{mid - bar_h / 2:.1f}" width="{fill:.1f}" '
                f'height="{bar_h}" fill="{BAR}"/>'
            )
        # the name's closing space keeps it apart from the counts in the text as read out (WCAG 2.5.3)
        if headed:
            body.append(_text(4, y + 13, [*lines[:-1], lines[-1] + " "], "cur-head"))
        else:
            body.append(_text(4, mid + 4.5, [row.label + " "], "cur-label"))
        body.append(_text(bar_x + bar_w + 8, mid + 4.5, [value], "cur-value"))
        shown = " ".join(lines) if headed else row.label  # the visible text is part of the link's name (WCAG 2.5.3)
        name = (
            f"{shown} {value}: {row.technology} of the {row.found} sessions in the records are on technology; "
            "open the list"
            if row.found
            else f"{shown} {value}; open the list"
        )
        if row.found or headed:  # a term's list is there even when empty; a year with no session has none
            out.append(f'<a class="cur-bar" href="#{e(row.anchor)}" aria-label="{e(name)}">{"".join(body)}</a>')
        else:
            out.append(f'<g class="cur-bar cur-none">{"".join(body[1:])}</g>')
        y += h
    total = sum(r.found for r in rows)
    desc = (
        f"One bar per {'term' if headed else 'year'}: the share of its study sessions in the records whose subjects "
        f"include technology, with the counts beside it ({total} sessions in all). Each bar links to the list of "
        "the sessions it counts; the table below holds the same numbers."
    )
    return _svg("curriculum-svg", ident, width, y + 4, title, desc, out)


def _heading(row: Row) -> str:
    return f"{row.label} · {row.leader}" if row.leader else row.label
