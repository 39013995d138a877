"""The Politburo's terms (`data/curriculum.yml`) and the rules that hold across study sessions.

A study session is named by its term and its number, and the numbers of a term run 1, 2, 3…, so
the records can say which sessions they lack. `data/curriculum.yml` has one entry per term: who
was general secretary, when the term ran, and how many sessions it held by the count of a review
(a Xinhua or People's Daily list of a year's or a term's sessions), with the review's words:

    - term: 19
      general_secretary: xi-jinping
      start: "2017-10-25"                # the first plenum elected the Politburo (optional, sourced)
      end: "2022-10-23"                  # the next one did (absent while the term runs)
      expected:                          # optional: the count a review gives, verbatim
        count: 38
        source: xinhua-2022-...-review
        quote: 十九届中央政治局共进行了38次集体学习
        locator: second paragraph
        as_of: "2022-02"                 # only for a count given before the term ended
      sources:                           # what backs the general secretary and the dates
        - source: ...
          quote: ...
          locator: ...

`session_errors` checks, across records (each error names file, line, record and field): within a
term each number is used once and the numbers run from 1 without a gap unless the record after
the gap says why (`gap_before`), and only then; a later number is not held earlier; every term has
its entry; no term has more sessions (or higher numbers) than its review counts; a session falls
within its term's dates; a lecturer who has an actor record is listed in `lecturers`, not as a
speaker. This module imports nothing from dataset.py (which calls it).
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import Annotated

from pydantic import Field

from .datafile import DataFile
from .errors import DataError
from .model import ISODate, Ref, ScheduledDate, Slug, SourceRef, Strict, StudySession, Text, _ordinal
from .yamlsource import dotted

FIRST_HAND = ("readout", "review")  # the source kinds that make a session more than "secondary only"


class Count(Strict):
    """How many sessions a term held, in a review's own words."""

    count: int = Field(ge=1, description="the number of sessions the review gives")
    source: Annotated[Slug, Ref("sources")] = Field(description="the review (or readout) that gives the count")
    quote: Text = Field(description="the sentence that gives the count, verbatim")
    locator: Text = Field(description="where in the source")
    as_of: ISODate | None = Field(
        default=None,
        description="for a count given while the term ran: the date it counts to (sessions held by then)",
    )


class PolitburoTerm(Strict):
    term: int = Field(ge=1, le=999, description="the Central Committee's term, e.g. 19 for the 19th")
    general_secretary: Annotated[Slug, Ref("actors", "person")] = Field(
        description="the general secretary who chaired the term"
    )
    start: ISODate | None = Field(default=None, description="the day the term's Politburo was elected")
    end: ScheduledDate | None = Field(default=None, description="the day the next Politburo was elected")
    expected: Count | None = Field(default=None, description="how many sessions the term held, by a review's count")
    note: Text | None = Field(default=None, description="what the records lack for this term, and why (shown)")
    sources: list[SourceRef] = Field(
        min_length=1, description="the sources for the general secretary and the dates, each with a verbatim quote"
    )

    @property
    def ordinal(self) -> str:
        """'19th Politburo'."""
        return f"{_ordinal(self.term)} Politburo"


CURRICULUM = DataFile(
    "curriculum",
    PolitburoTerm,
    "term",
    "terms",
    "Politburo terms",
    "One entry per term of the Politburo: its general secretary, its dates, and how many collective study "
    "sessions it held by a review's count.",
    with_collections=True,  # the sessions' numbers are checked against their term's (dataset.py)
    published=True,
)
TERMS_FILE = CURRICULUM.file


def secondary_only(session, sources: dict) -> bool:
    """No source of the session is a readout or a review: only secondary sources report it."""
    return not any(getattr(sources.get(s.source), "kind", None) in FIRST_HAND for s in session.sources)


def earlier(a: str, b: str) -> bool:
    """Date `a` is before `b` at the precision both have ('2019-05' is not before '2019-05-16')."""
    n = min(len(a), len(b))
    return a[:n] < b[:n]


def _span(first: int, last: int) -> str:
    return f"session {first}" if first == last else f"sessions {first}–{last}"


def session_errors(
    dataset, places: dict, terms, pending: AbstractSet[tuple[int, int]] = frozenset()
) -> list[DataError]:
    """The rules across sessions and terms. `places[("study_sessions", id)]` is (Document, index);
    `terms` the loaded data/curriculum.yml (sitegen.dataset.Entries); `pending` the (term, number)
    of sessions with errors of their own, whose numbers are no gap (their errors are reported)."""
    errors: list[DataError] = []
    sessions = dataset.collections.get("study_sessions", {})
    actors = dataset.collections.get("actors", {})

    def error(record, path: tuple, message: str) -> None:
        doc, index = places[("study_sessions", record.id)]
        errors.append(DataError(doc.file, doc.line((index, *path)), record.id, dotted(path), message))

    def where(record) -> str:
        doc, index = places[("study_sessions", record.id)]
        return f"'{record.id}', line {doc.line((index, 'id'))}"

    entries = {entry.term: (entry, index) for entry, index in terms.items}
    by_term: dict[int, list] = {}
    for record in sessions.values():
        by_term.setdefault(record.term, []).append(record)
    for term, records in sorted(by_term.items()):
        name = f"the {_ordinal(term)} term"
        if term not in entries:
            first = min(records, key=lambda r: r.number)
            error(
                first,
                ("term",),
                f"{name} has no entry in data/{TERMS_FILE}; add one (its general secretary, and the count of "
                "sessions a review gives)",
            )
        numbered: dict[int, StudySession] = {}
        for record in records:  # in file order: the second use of a number is the error
            if record.number in numbered:
                error(
                    record,
                    ("number",),
                    f"{name} already has session {record.number} ({where(numbered[record.number])}); "
                    "a number is used once in a term",
                )
            else:
                numbered[record.number] = record
        previous = 0
        for number in sorted(numbered):
            record = numbered[number]
            after = max([previous] + [n for t, n in pending if t == term and previous < n < number])
            if number > after + 1 and not record.gap_before:
                one = number - 1 == after + 1
                error(
                    record,
                    ("number",),
                    f"{name}'s {_span(after + 1, number - 1)} {'is' if one else 'are'} not in the records: "
                    f"add {'it' if one else 'them'}, or say why in `gap_before`",
                )
            elif number == previous + 1 and record.gap_before:
                error(
                    record,
                    ("gap_before",),
                    f"says why sessions are missing, but none is: session {previous} of {name} is in the records"
                    f" ({where(numbered[previous])}); remove `gap_before`"
                    if previous
                    else "says why sessions are missing, but this is session 1; remove `gap_before`",
                )
            if previous and earlier(record.held, numbered[previous].held):
                error(
                    record,
                    ("held",),
                    f"'{record.held}' is before session {previous} of {name} ({where(numbered[previous])}, held "
                    f"{numbered[previous].held}); a term's sessions are numbered in the order they were held",
                )
            previous = number
        entry = entries.get(term, (None, 0))[0]
        if entry is None:
            continue
        if entry.start and entry.end and earlier(entry.end, entry.start):
            continue  # the entry's own error (term_errors) says what is wrong
        for record in records:
            if (entry.start and earlier(record.held, entry.start)) or (entry.end and earlier(entry.end, record.held)):
                error(
                    record,
                    ("held",),
                    f"'{record.held}' is outside {name} ({entry.start or '…'} to {entry.end or 'now'}, "
                    f"data/{TERMS_FILE}); check the date or the term",
                )
        count = entry.expected
        if count and not count.as_of:
            for record in records:
                if record.number > count.count:
                    error(
                        record,
                        ("number",),
                        f"is above the {count.count} sessions {name} held by the count in data/{TERMS_FILE}; "
                        "check the number, or the count",
                    )
        if count and count.as_of:
            held = [r for r in records if not earlier(count.as_of, r.held)]
            if len(held) > count.count:
                terms.error(
                    entries[term][1],
                    str(term),
                    ("expected", "count"),
                    f"counts {count.count} sessions by {count.as_of}, but the records hold {len(held)} "
                    f"held by then; check the count or the dates",
                )
    people = {a.zh: a for a in actors.values() if a.kind == "person" and a.zh}
    for record in sessions.values():
        if record.format != "lecture":
            continue
        for i, speaker in enumerate(record.speakers):
            actor = people.get(speaker.zh)
            if actor is not None:
                error(
                    record,
                    ("speakers", i, "zh"),
                    f"'{speaker.zh}' is the actor record '{actor.id}': list them in `lecturers`, not in `speakers`",
                )
    return errors


def term_errors(terms) -> None:
    """Rules within data/curriculum.yml itself (added to `terms.errors`): an end not before the start."""
    for entry, index in terms.items:
        if entry.start and entry.end and earlier(entry.end, entry.start):
            terms.error(index, str(entry.term), ("end",), f"{entry.end} is before the start {entry.start}")
