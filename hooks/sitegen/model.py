"""The data model: one class per collection, the single source of truth for what a record is.

Field types carry their own rules (slug ids, ISO dates, hanzi, tone-marked pinyin) and
references declare their target collection with `Ref`, so cross-references, backlinks and the
data dictionary are all derived from these classes.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import typing
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

# --- scalar types --------------------------------------------------------------------------


@dataclass(frozen=True)
class Described:
    """What a field type is called in the data dictionary: a marker in the type's `Annotated`
    metadata, so that a field of the type says what it takes (the last marker of a type built on
    another wins: a Title is a Text with its own limit)."""

    text: str


SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN), Described("id (lowercase-kebab-case)")]
CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]"
)  # C0, C1 and YAML line separators: never text (\x02…\x03 are Markdown's placeholders)
HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"


# Characters that change what a reader sees without being seen: bidirectional overrides and
# isolates (a "Trojan Source" reordering), and zero-width characters (a word that looks the same
# but does not match a search).
HIDDEN = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2060\u061c\ufeff]")
TEXT_MAX = 2000  # characters in one text field (the longest in data/ is a 764-character summary)
TITLE_MAX = 400  # in a title (the longest is 303 characters, a machine-translated headline)


def _printable(value: str) -> str:
    m = CONTROL.search(value)
    if m:
        raise ValueError(f"contains an invisible control character (U+{ord(m.group()):04X}); delete it")
    m = HIDDEN.search(value)
    if m:
        kind = (
            "a bidirectional control"
            if m.group() in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
            else "a zero-width character"
        )
        raise ValueError(
            f"contains {kind} (U+{ord(m.group()):04X} {unicodedata.name(m.group(), '')}), which changes "
            "what a reader sees without being seen; delete it"
        )
    return value


def _at_most(limit: int) -> AfterValidator:
    def check(value: str) -> str:
        if len(value) > limit:
            raise ValueError(f"is {len(value):,} characters long; at most {limit:,} fit (split it, or shorten it)")
        return value

    return AfterValidator(check)


Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_printable),
    _at_most(TEXT_MAX),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": TEXT_MAX}),
    Described(f"text (at most {TEXT_MAX:,} characters)"),
]
Title = Annotated[
    Text,
    _at_most(TITLE_MAX),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": TITLE_MAX}),
    Described(f"text (at most {TITLE_MAX:,} characters)"),
]

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _first_day(value: str) -> _dt.date:
    """The first day an ISO date names ('2019-10' -> 1 October 2019); ValueError if it names none."""
    m = _ISO.match(value)
    if not m:
        raise ValueError("expected an ISO 8601 date: YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = m.groups()
    try:
        return _dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a real calendar date ({exc})") from None


def _iso_date(value: str) -> str:
    _first_day(value)
    return value


def build_date() -> _dt.date:
    """The date of this build: the last commit's (SOURCE_DATE_EPOCH, set by the Makefile), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return _dt.datetime.fromtimestamp(int(epoch), _dt.UTC).date() if epoch and epoch.isdigit() else _dt.date.today()


def _not_future(value: str) -> str:
    """A date that has happened (partial dates by their first day) is not after the build's date."""
    limit = build_date()
    if _first_day(value) > limit:
        source = "the last commit's, SOURCE_DATE_EPOCH" if os.environ.get("SOURCE_DATE_EPOCH") else "today"
        raise ValueError(
            f"'{value}' is after the date of this build ({limit.isoformat()}: {source}); "
            "a date that has happened cannot be in the future"
        )
    return value


_DATE_SCHEMA = {
    "type": "string",
    "pattern": _ISO.pattern,
    "description": "ISO 8601 date: YYYY-MM-DD, YYYY-MM or YYYY (quote it in YAML)",
}
# A date something happened (held, published, reviewed): never after the build's date.
_DATE = "date (ISO 8601: YYYY-MM-DD, YYYY-MM or YYYY)"
ISODate = Annotated[
    str,
    AfterValidator(_iso_date),
    AfterValidator(_not_future),
    WithJsonSchema(_DATE_SCHEMA),
    Described(_DATE + ", not after the build's date"),
]
# A date that may lie ahead (a law or sanction taking effect, a term of office ending).
ScheduledDate = Annotated[str, AfterValidator(_iso_date), WithJsonSchema(_DATE_SCHEMA), Described(_DATE)]

_HAN = re.compile(f"[{HAN_CHARS}]")
_TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙ"
_PINYIN_CHARS = re.compile(r"^[A-Za-zÜü" + _TONE_MARKS + r" '’\-,·()（）/]+$")


def _zh(value: str) -> str:
    _printable(value)
    if not _HAN.search(value):
        raise ValueError("expected Chinese characters (simplified hanzi)")
    return value


def _pinyin(value: str) -> str:
    if re.search(r"[a-zü][1-5]\b", value, re.IGNORECASE):
        raise ValueError("write pinyin with tone marks (zhōngguó), not tone numbers (zhong1guo2)")
    if not _PINYIN_CHARS.match(value):
        bad = sorted({c for c in value if not _PINYIN_CHARS.match(c)})
        raise ValueError(f"pinyin may hold only Latin letters with tone marks; found {' '.join(map(repr, bad))}")
    if not any(c in _TONE_MARKS for c in value):
        raise ValueError("pinyin needs tone marks (e.g. 'jítǐ xuéxí')")
    return value


def toneless(pinyin: str) -> str:
    """'Wǎngluò zhǔquán' -> 'wangluo zhuquan'; 'zhànlüè' -> 'zhanlüe' (ü kept)."""
    text = unicodedata.normalize("NFD", pinyin)
    kept = "".join(c for c in text if unicodedata.category(c) != "Mn" or c == "\u0308")  # keep the diaeresis
    return unicodedata.normalize("NFC", kept).lower()


def pinyin_slug(pinyin: str) -> str:
    """The glossary id a pinyin gives: 'píng'ān chéngshì' -> 'pingan-chengshi', 'zhànlüè' -> 'zhanlue'."""
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"['’]", "", toneless(pinyin).replace("ü", "u"))).strip("-")


def _url(value: str) -> str:
    _printable(value)
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
        raise ValueError("expected a full web address starting with https:// or http://")
    host = re.split(r"[/?#]", value.split("://", 1)[1], maxsplit=1)[0]
    if "@" in host:
        raise ValueError(
            f"holds a user name or password ('{host.rpartition('@')[0]}@'); "
            "cite the public address, without credentials"
        )
    if len(value) > TEXT_MAX:
        raise ValueError(f"is {len(value):,} characters long; at most {TEXT_MAX:,} fit")
    return value


Zh = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_zh),
    # in JSON Schema, a pattern JavaScript and Python both read (BMP hanzi: every term in use)
    WithJsonSchema(
        {"type": "string", "pattern": r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]", "description": "simplified hanzi"}
    ),
    Described("Chinese text (simplified hanzi)"),
]
Pinyin = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_pinyin),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "[" + _TONE_MARKS + "]",
            "description": "Hanyu Pinyin with tone marks, divided into words",
        }
    ),
    Described("Hanyu Pinyin with tone marks"),
]
Url = Annotated[
    str,
    AfterValidator(_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
    Described("web address (https://…)"),
]

Status = Literal["documented", "reported", "disputed", "corrected", "unverified"]
STATUS_MEANING = {
    "documented": "confirmed by a primary or independent source cited below",
    "reported": "reported by a credible source, not independently confirmed",
    "disputed": "sources disagree, or a document's claim is contested",
    "corrected": "a document got this wrong; the correction is shown with its source",
    "unverified": "we could not confirm this in a public source",
}

Access = Literal["publisher", "register", "copy", "archive"]
ACCESS = {
    "publisher": "the original publisher's own page",
    "register": "an official register, gazette or law database (e.g. the Federal Register, a court's or ministry's publication of record)",
    "copy": "a copy on another site (a repost, mirror or wiki copy); `original` names what it reproduces",
    "archive": "an archived snapshot of the publisher's page (e.g. the Internet Archive)",
}
ACCESS_LABEL = {  # what a reader sees next to the link
    "publisher": "publisher's page",
    "register": "official register",
    "copy": "copy on another site",
    "archive": "archived copy",
}

Theme = Literal["ai", "blockchain", "quantum", "internet-cyber", "big-data", "social-credit", "xinjiang"]
THEMES = {
    "ai": "Artificial intelligence",
    "blockchain": "Blockchain",
    "quantum": "Quantum",
    "internet-cyber": "Internet and cyber",
    "big-data": "Big data",
    "social-credit": "Social credit",
    "xinjiang": "Xinjiang",
}


# --- references ----------------------------------------------------------------------------


@dataclass(frozen=True, init=False)
class Ref:
    """Marks a field as the id of a record in `collection` ('*' = "collection/id"), of one of
    `kinds` if given (for actors: the kinds that fit the field): Annotated[Slug, Ref("actors", "country")]."""

    collection: str
    kinds: frozenset[str] | None  # None: any kind

    def __init__(self, collection: str, *kinds: str) -> None:
        object.__setattr__(self, "collection", collection)
        object.__setattr__(self, "kinds", frozenset(kinds) or None)


RecordPath = Annotated[str, StringConstraints(pattern=r"^[a-z_]+/" + SLUG_PATTERN[1:]), Ref("*")]


class Strict(BaseModel):
    """No unknown keys: a typo never silently drops a field."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class SourceRef(Strict):
    source: Annotated[Slug, Ref("sources")] = Field(description="the id of the source")
    quote: Text = Field(description="verbatim excerpt from the source")
    locator: Text = Field(description="where in the source: paragraph, section, article or page")
    note: Text | None = None


class Figure(Strict):
    """A number, and what it counts."""

    value: float = Field(ge=0, description="the number")
    counts: Text = Field(description="what the number counts, e.g. 'countries with Chinese AI surveillance systems'")
    qualifier: Literal["at least", "more than", "about", "up to", "exactly"] = Field(
        default="exactly", description="how exact the number is"
    )
    out_of: float | None = Field(default=None, ge=0, description="the total the value is part of, if any")
    source: Annotated[Slug, Ref("sources")] = Field(description="the source of the number")
    countries: list[Annotated[Slug, Ref("actors", "country")]] = Field(
        default=[],
        description=(
            "the counted countries a source on the record names (often fewer than the number); drawn on the map"
        ),
    )

    @model_validator(mode="after")
    def _named_within_count(self):
        twice = sorted({c for c in self.countries if self.countries.count(c) > 1})
        if twice:
            raise ValueError(f"countries: {', '.join(twice)} listed twice")
        if len(self.countries) > self.value:
            raise ValueError(
                f"names {len(self.countries)} countries but counts {self.display}; "
                "a figure names at most the countries it counts"
            )
        return self

    @property
    def display(self) -> str:
        """The number as shown, with its qualifier and total: 'at least 63 of 176'."""
        n = f"{self.value:,.0f}" if self.value == int(self.value) else f"{self.value:,}"
        total = ""
        if self.out_of is not None:
            total = f" of {self.out_of:,.0f}" if self.out_of == int(self.out_of) else f" of {self.out_of:,}"
        prefix = "" if self.qualifier == "exactly" else self.qualifier + " "
        return f"{prefix}{n}{total}"


class Role(Strict):
    role: Text = Field(description="the position")
    organisation: Annotated[Slug, Ref("actors")] | None = Field(default=None, description="where the position is held")
    start: ISODate | None = Field(default=None, description="from")
    end: ScheduledDate | None = Field(default=None, description="until")


class Rendering(Strict):
    text: Text = Field(description="the English rendering")
    used_by: Text = Field(description="who uses this English rendering")
    source: Annotated[Slug, Ref("sources")] | None = Field(default=None, description="where that use is seen")


class Moment(Strict):
    """A dated moment in a term's history: first attested use, or a key use."""

    date: ISODate = Field(description="when")
    event: Text = Field(description="what happened, in a sentence")
    source: Annotated[Slug, Ref("sources")] = Field(description="the source that shows it")
    quote: Text = Field(description="the source's words, verbatim")


class RelatedTerm(Strict):
    term: Annotated[Slug, Ref("glossary")] = Field(description="the id of the related glossary entry")
    relation: Literal["see-also", "broader", "narrower", "contrast"] = Field(
        default="see-also", description="how it relates"
    )


# --- a collection's registration: its roles on the site --------------------------------------


@dataclass(frozen=True)
class Mark:
    """How a collection's records are drawn in the pictures (timeline, chains, graph): a shape
    (visuals.SHAPES) and an Okabe-Ito colour. A collection with a mark has its dated records on
    the timeline, under `label` (else the collection's own)."""

    shape: str
    colour: str
    label: str | None = None


@dataclass(frozen=True)
class Link:
    """A line of a chain: from a record to each record its `field` names (a reference), read
    '<record> <verb> <named>', or '<named> <verb> <record>' when `backwards` (an exporter exports
    an export); `said` is how the picture's details say it, if not `verb`. The records it names
    join a chain where their stage joins by being named, in the themes `themes` (every theme: None)."""

    field: str
    verb: str
    backwards: bool = False
    said: str | None = None
    themes: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Stage:
    """A collection's stage in the chains from study to sanction (visuals.chain): `step` orders the
    stages, `label` heads it. Its records join a theme's chain by carrying the theme; with
    `kinds`, instead by being named (through a Link) by a record of the chain and being of one of
    these kinds; with `by_link`, also by naming a record of the chain through one of its `links`."""

    step: int
    label: str
    links: tuple[Link, ...] = ()
    kinds: tuple[str, ...] = ()
    by_link: bool = False


@dataclass(frozen=True)
class Tie:
    """How an actor named in `field` is tied to the record, in the graph of who ties the records
    together: '<actor> <verb> <record>' ('chaired'); the record's details say '<actor> <verb>',
    or `record_says` with the actor's name for {} ('sanctions {}')."""

    field: str
    verb: str
    record_says: str | None = None


@dataclass(frozen=True)
class MapRole:
    """What a collection's records put on the map: the countries its `places` field names as
    destinations (and those its `figures` count), or the states that took a measure (the country
    of each body in `places`)."""

    role: Literal["destination", "measure"]
    places: str
    figures: str | None = None


# --- records -------------------------------------------------------------------------------


class Entry(Strict):
    """What the entries of every collection have, sources and records alike: an id (its page's
    address, model.page_path), a title and a status; and, as class variables, the collection's
    registration: everything the site needs to know of it besides its template
    (overrides/generated/<collection>.html) and its data file (data/<collection>.yml)."""

    collection: ClassVar[str]  # its data file's name; its pages' folder is segment(collection)
    label: ClassVar[str]  # plural, for headings
    singular: ClassVar[str]
    intro: ClassVar[str]  # one line under the collection index heading
    columns: ClassVar[tuple[tuple[str, str], ...]] = ()  # (header, attribute) for the index table
    status_column: ClassVar[bool] = True  # False: the index marks only records not "documented"
    nav: ClassVar[str] = "Records"  # the navigation section its index goes in ("": the top level)
    cited_as: ClassVar[str | None] = None  # a reference's kind ("Who: …"), if not `singular`
    search_boost: ClassVar[float | None] = None  # its pages' weight in search (search.py), if not 1
    mark: ClassVar[Mark | None] = None  # its shape and colour in the pictures; on the timeline
    chain: ClassVar[Stage | None] = None  # its stage in the chains from study to sanction
    graph: ClassVar[tuple[Tie, ...]] = ()  # the fields that tie actors to its records in the graph
    map: ClassVar[MapRole | None] = None  # what its records put on the map

    id: Slug = Field(description="lowercase kebab-case; the record's URL; never changes")
    title: Title = Field(description="the English name or headline")
    status: Status = Field(description="how well the record is established (see the status list above)")
    if TYPE_CHECKING:  # every entry has these too, but each class places them in its own column order
        summary: str | None
        themes: list[Theme]
        reviewed: str | None

    @property
    def date(self) -> str | None:
        """The date the record is placed at in time (the timeline, the indexes' order), if it has one."""
        return None


class Record(Entry):
    """A record that cites its sources: everything but the sources themselves."""

    summary: Text = Field(description="what this is, in a sentence or two; every fact in it is backed by `sources`")
    sources: list[SourceRef] = Field(
        min_length=1, description="at least one source, with a verbatim quote and where it is"
    )
    themes: list[Theme] = Field(default=[], description="themes for filtering")
    zh: Zh | None = Field(default=None, description="the name in simplified Chinese characters")
    pinyin: Pinyin | None = Field(default=None, description="Hanyu Pinyin with tone marks, divided into words")
    reviewed: ISODate | None = Field(default=None, description="when the record was last checked against its sources")

    @property
    def pictured(self) -> bool:
        """Drawn in the pictures (timeline, chains, graph); a study session only if on technology."""
        return True


# The subjects of a study session's topic: label, and the rule that decides it (shown on the data
# dictionary page). A session gets one to three; the first is its main subject.
SUBJECTS = {
    "technology": (
        "Technology",
        "the topic names a science or technology, or science and technology, innovation, the internet, cyberspace, "
        "data, AI, digital or information technology, or their governance",
    ),
    "economy": (
        "Economy",
        "growth, development plans, finance, fiscal and tax policy, trade, industry, agriculture and rural "
        "development, markets, opening up",
    ),
    "law": ("Law", "the constitution, the rule of law, legislation, the judiciary"),
    "party-building": (
        "Party building",
        "party organisation, discipline, conduct, anti-corruption, cadres, supervision",
    ),
    "ideology": (
        "Ideology and culture",
        "Marxism and party theory, propaganda, culture, values, religion and ethnic work",
    ),
    "history": ("History", "Chinese, world or party history as the topic"),
    "military": ("Military", "defence, the armed forces, military reform and strategy"),
    "foreign-affairs": (
        "Foreign affairs",
        "diplomacy, the international situation, global governance, the rules of foreign trade",
    ),
    "society": (
        "Society",
        "education, health, employment, social security, housing, population, public services",
    ),
    "ecology": ("Ecology and energy", "the environment, ecological civilisation, energy and resources, climate"),
    "security": ("Security", "national security, public security, social stability, emergency management"),
}
Subject = Literal[tuple(SUBJECTS)]  # type: ignore[valid-type]
TECHNOLOGY = "technology"
SESSION_FORMATS = {
    "lecture": "invited experts lectured",
    "self-study": "the members studied on their own and some of them spoke; no lecturer",
    "briefing": "officials from outside the Politburo (ministers, regional leaders) reported on their work; no lecturer",
}


class Speaker(Strict):
    """Someone a readout names as lecturing or speaking at a session who has no actor record."""

    name: Text = Field(description="the name in Latin letters, family name first, no tone marks")
    zh: Zh | None = Field(
        default=None,
        description="the name in hanzi, as the readout writes it (absent where a source gives only a transcription)",
    )
    affiliation: Text | None = Field(
        default=None, description="their institution and role, in English, from the readout's wording"
    )
    affiliation_zh: Zh | None = Field(default=None, description="the institution and role as the readout words them")


class StudySession(Record):
    collection = "study_sessions"
    label = "Politburo study sessions"
    singular = "Study session"
    intro = (
        "Collective study sessions (集体学习) of the CCP Central Committee Politburo, on every subject, "
        "each classified by subject; the sessions on technology are tied to the laws and measures in the records."
    )
    columns = (("Date", "date"), ("Session", "ordinal"), ("Topic", "title"), ("Subjects", "subject_labels"))
    search_boost = 1.5
    mark = Mark("circle", "#0072B2", "Study sessions")
    chain = Stage(1, "Studied")
    graph = (Tie("chair", "chaired"), Tie("lecturers", "lectured at"))

    held: ISODate = Field(description="the day the session was held (or its month, where only that is sourced)")
    term: int = Field(ge=1, le=999, description="the Central Committee's term, e.g. 19 for the 19th")
    number: int = Field(ge=1, description="the session's ordinal within that term (numbering restarts each term)")
    not_found: Text | None = Field(
        default=None,
        validate_default=True,
        description="what the sources read do not give (the topic's Chinese wording, a lecturer's name), said on the page",
    )
    zh: Zh | None = Field(
        default=None,
        description="the official topic in Chinese (absent only where `not_found` says the sources lack it)",
    )
    subjects: list[Subject] = Field(  # type: ignore[valid-type]  # (Subject: see above)
        min_length=1,
        max_length=3,
        description="what the topic is about, one to three from the subject list (the rules are on this page); "
        "the first is the main subject",
    )
    format: Literal[tuple(SESSION_FORMATS)] | None = Field(  # type: ignore[valid-type]
        default=None,
        description="how the session was held, where a source says: "
        + "; ".join(f"`{k}`: {v}" for k, v in SESSION_FORMATS.items()),
    )
    chair: Annotated[Slug, Ref("actors", "person")] | None = Field(default=None, description="who chaired the session")
    lecturers: list[Annotated[Slug, Ref("actors", "person")]] = Field(
        default=[], description="the experts who lectured, where they have an actor record"
    )
    speakers: list[Speaker] = Field(
        default=[],
        description="the other people the readout names as lecturing or speaking (no actor record), with their "
        "institutions",
    )
    gap_before: Text | None = Field(
        default=None,
        description="why the sessions numbered just before this one in its term are not in the records "
        "(required where the numbering skips)",
    )

    @field_validator("subjects")
    @classmethod
    def _each_subject_once(cls, subjects):
        twice = sorted({s for s in subjects if subjects.count(s) > 1})
        if twice:
            raise ValueError(f"{', '.join(twice)} listed twice; give each subject once")
        return subjects

    @field_validator("lecturers")
    @classmethod
    def _self_study_has_no_lecturer(cls, lecturers, info: ValidationInfo):
        if lecturers and info.data.get("format") in ("self-study", "briefing"):
            raise ValueError(
                f"a {info.data['format']} session has no lecturers; list the people who spoke in `speakers`, "
                "or set `format: lecture`"
            )
        return lecturers

    @field_validator("not_found")
    @classmethod
    def _topic_in_chinese_or_why_not(cls, not_found, info: ValidationInfo):
        if info.data.get("zh", "") is None and not not_found:  # absent, not invalid (that has its own error)
            raise ValueError(
                "the topic in Chinese (`zh`) is missing: give it as the readout words it, or say here that the "
                "sources read do not give it"
            )
        return not_found

    @property
    def date(self) -> str:
        """The day it was held."""
        return self.held

    @property
    def ordinal(self) -> str:
        """'9th session, 19th Politburo'."""
        return f"{_ordinal(self.number)} session, {_ordinal(self.term)} Politburo"

    @property
    def technology(self) -> bool:
        """On technology: `technology` is one of its subjects."""
        return TECHNOLOGY in self.subjects

    @property
    def pictured(self) -> bool:
        """The timeline, the chains and the graph show the sessions on technology; /curriculum/ shows all."""
        return self.technology

    @property
    def subject_labels(self) -> str:
        """Its subjects' names, the main one first."""
        return ", ".join(SUBJECTS[s][0] for s in self.subjects)


class Policy(Record):
    collection = "policies"
    label = "Laws and policies"
    singular = "Law or policy"
    intro = "Laws, plans, judicial rules and company rules that turn the leadership's study into practice."
    columns = (("Date", "date"), ("Title", "title"), ("Kind", "kind"))
    search_boost = 1.5
    mark = Mark("square", "#E69F00")
    chain = Stage(2, "Steered into law", links=(Link("sessions", "follows"),))
    graph = (Tie("issued_by", "issued"),)

    kind: Literal["law", "regulation", "plan", "judicial-interpretation", "party-document", "company-rule"] = Field(
        description="what sort of rule it is"
    )
    issued_by: list[Annotated[Slug, Ref("actors")]] = Field(
        default=[], description="the bodies or companies that issued it"
    )
    adopted: ISODate | None = Field(default=None, description="when it was adopted or issued")
    effective: ScheduledDate | None = Field(default=None, description="when it came into force")
    sessions: list[Annotated[Slug, Ref("study_sessions")]] = Field(
        default=[], description="study sessions it follows, where a source links them"
    )
    related: list[Annotated[Slug, Ref("policies")]] = Field(
        default=[], description="other laws or policies it builds on"
    )

    @property
    def date(self) -> str | None:
        """The day it was adopted, else the day it came into force."""
        return self.adopted or self.effective


class Export(Record):
    collection = "exports"
    label = "Exports"
    singular = "Export"
    intro = "Chinese surveillance and network technology, and governance models, taken up abroad."
    columns = (("Date", "date"), ("Title", "title"), ("Kind", "kind"))
    search_boost = 1.5
    mark = Mark("triangle", "#009E73")
    chain = Stage(
        3, "Exported", links=(Link("policies", "under"), Link("exporters", "exports", backwards=True, said="exported"))
    )
    graph = (Tie("exporters", "exported"),)
    map = MapRole("destination", places="countries", figures="figures")

    kind: Literal["safe-city", "smart-city", "equipment", "ai-surveillance", "training", "legislation", "survey"] = (
        Field(description="what was exported, or what kind of finding this is")
    )
    exporters: list[Annotated[Slug, Ref("actors")]] = Field(default=[], description="the companies or bodies exporting")
    countries: list[Annotated[Slug, Ref("actors", "country", "place")]] = Field(default=[], description="where it went")
    reported: ISODate | None = Field(default=None, description="when this was reported or agreed")
    figures: list[Figure] = Field(default=[], description="numbers, each saying what it counts")
    policies: list[Annotated[Slug, Ref("policies")]] = Field(default=[], description="policies behind the export")

    @property
    def date(self) -> str | None:
        """The day it was reported or agreed."""
        return self.reported


MeasureKind = Literal[
    "entity-listing",
    "investment-ban",
    "procurement-or-network-ban",
    "equipment-authorisation-ban",
    "import-ban",
    "export-control",
    "visa-ban-or-asset-freeze",
    "counter-sanction",
    "anti-sanctions-law",
]
MEASURE_KINDS = {
    "entity-listing": "Entity listing",
    "investment-ban": "Investment ban",
    "procurement-or-network-ban": "Procurement or network ban",
    "equipment-authorisation-ban": "Equipment-authorisation ban",
    "import-ban": "Import ban",
    "export-control": "Export control",
    "visa-ban-or-asset-freeze": "Visa ban or asset freeze",
    "counter-sanction": "Counter-sanction",
    "anti-sanctions-law": "Anti-sanctions law",
}
# kinds that only ever act on named parties (a visa ban may bar unnamed officials): a record of one of these names its targets
TARGETED_KINDS = ("entity-listing", "investment-ban", "equipment-authorisation-ban", "counter-sanction")


def _not_before(later: str | None, earlier: str | None, message: str) -> str | None:
    """`later` unless it is before `earlier`, compared at the precision both dates have ('2019-05' is
    not before '2019-05-16'); else ValueError(message.format(later, earlier))."""
    if later and earlier:
        n = min(len(later), len(earlier))
        if later[:n] < earlier[:n]:
            raise ValueError(message.format(later, earlier))
    return later


class Sanction(Record):
    collection = "sanctions"
    label = "Sanctions and other measures"
    singular = "Measure"
    intro = (
        "Measures states have taken over Chinese technology and surveillance (listings, bans, export controls, "
        "sanctions), and China's counter-measures."
    )
    columns = (("Date", "date"), ("Title", "title"), ("Kind", "kind"))
    cited_as = "Sanction"
    search_boost = 1.5
    mark = Mark("diamond", "#D55E00")
    # a measure joins a theme's chain by its theme, or by targeting a company or answering an export
    # of the chain; the companies it targets join the chains of Xinjiang and AI (in the others they
    # would crowd out the exporters)
    chain = Stage(
        5,
        "Sanctioned",
        links=(Link("targets", "targets", themes=("xinjiang", "ai")), Link("exports", "answers")),
        by_link=True,
    )
    graph = (Tie("targets", "sanctioned by", record_says="sanctions {}"), Tie("imposed_by", "imposed"))
    map = MapRole("measure", places="imposed_by")

    kind: MeasureKind = Field(description="what sort of measure it is")
    instrument: Literal["law", "regulation", "order", "register-notice", "decision", "statement"] = Field(
        description="the legal form it was taken in: a law, a regulation, an order, a notice in an official register "
        "or gazette, a designation decision, or an official statement"
    )
    basis: Text | None = Field(
        default=None, description="the law or programme it was taken under, as the acting state names it"
    )
    imposed_by: list[Annotated[Slug, Ref("actors")]] = Field(
        min_length=1, description="the state bodies that acted (each with its `country`)"
    )
    announced: ISODate = Field(description="when it was announced")
    effective: ScheduledDate | None = Field(
        default=None, description="when it took effect (never before it was announced)"
    )
    targets: list[Annotated[Slug, Ref("actors")]] = Field(
        default=[],
        validate_default=True,
        description="the companies, bodies or people it names, each an actor record; "
        "empty only for a rule that names no one",
    )
    grounds: Text | None = Field(default=None, description="the reasons the acting state gave")
    answers: list[Annotated[Slug, Ref("sanctions")]] = Field(
        default=[],
        description="the measures this one answers (a counter-sanction names the sanctions it retaliates for)",
    )
    no_official_source: Text | None = Field(
        default=None,
        description="why no official page (register, gazette, ministry) is "
        "cited first; the first source is then the primary press report",
    )
    exports: list[Annotated[Slug, Ref("exports")]] = Field(default=[], description="exports the measure answers")
    figures: list[Figure] = Field(default=[], description="numbers, each saying what it counts")

    @field_validator("effective")
    @classmethod
    def _not_before_announced(cls, effective, info: ValidationInfo):
        return _not_before(
            effective,
            info.data.get("announced"),
            "{} is before the announced date {}; a measure takes effect on or after its announcement",
        )

    @field_validator("targets")
    @classmethod
    def _named(cls, targets, info: ValidationInfo):
        kind = info.data.get("kind")
        if kind in TARGETED_KINDS and not targets:
            raise ValueError(f"a measure of kind '{kind}' names its targets: add at least one actor id")
        return targets

    @property
    def date(self) -> str:
        """The day it was announced."""
        return self.announced

    @property
    def kind_label(self) -> str:
        """The measure's kind as shown ('Entity listing')."""
        return MEASURE_KINDS[self.kind]


class Event(Record):
    collection = "events"
    label = "Events"
    singular = "Event"
    intro = "Dated happenings that are neither a law nor a measure: what companies, publishers and leagues did under pressure."
    columns = (("Date", "date"), ("Title", "title"), ("Kind", "kind"))
    mark = Mark("ring", "#CC79A7")

    kind: Literal["censorship", "withdrawal", "boycott", "project", "statement"] = Field(
        description="what happened: content removed or blocked, a withdrawal from a market, a boycott or suspension, "
        "a project, a statement"
    )
    happened: ISODate = Field(description="when it happened (the first day, for something that lasted)")
    ended: ISODate | None = Field(default=None, description="when it ended or was reversed, if it was")
    actors: list[Annotated[Slug, Ref("actors")]] = Field(min_length=1, description="who acted, and who was acted upon")
    related: list[RecordPath] = Field(default=[], description="records it relates to")

    @field_validator("ended")
    @classmethod
    def _not_before_it_happened(cls, ended, info: ValidationInfo):
        return _not_before(ended, info.data.get("happened"), "{} is before the event happened ({})")

    @property
    def date(self) -> str:
        """The day it happened (its first day)."""
        return self.happened


class Term(Record):
    collection = "glossary"
    label = "Glossary"
    singular = "Chinese term"
    intro = "Chinese political and technical vocabulary, with hanzi, pinyin, literal and contextual meaning."
    columns = (("Hanzi", "zh"), ("Pinyin", "pinyin"), ("English", "title"))
    status_column = False  # nearly every term is documented: the index marks the exceptions
    nav = ""
    cited_as = "Glossary"
    search_boost = 3.0

    zh: Zh = Field(description="the term in simplified hanzi")
    pinyin: Pinyin = Field(description="Hanyu Pinyin with tone marks, divided into words")
    zh_hant: Zh | None = Field(default=None, description="traditional characters, where they differ")
    literal: Text | None = Field(default=None, description="literal gloss, character by character where it helps")
    category: Literal["slogan", "policy-term", "institution", "person", "company", "place", "technology", "law"] = (
        Field(description="what sort of term it is")
    )
    renderings: list[Rendering] = Field(default=[], description="competing English renderings and who uses them")
    related: list[RelatedTerm] = Field(default=[], description="related terms")
    records: list[RecordPath] = Field(default=[], description="records about this term")
    moments: list[Moment] = Field(default=[], description="first attested use or key moments, each with its source")

    @model_validator(mode="after")
    def _id_from_pinyin(self):
        base = pinyin_slug(self.pinyin)
        if self.id != base and not self.id.startswith(base + "-"):
            raise ValueError(
                f"a glossary id is the toneless pinyin: expected '{base}' (or '{base}-<suffix>' "
                f"to tell two terms apart), found '{self.id}'"
            )
        return self

    @property
    def pinyin_plain(self) -> str:
        """The pinyin without tone marks, lowercase (sorting, search)."""
        return toneless(self.pinyin)


class Actor(Record):
    collection = "actors"
    label = "People, organisations and places"
    singular = "Actor"
    intro = "The people, party and state bodies, companies, countries and places in the records."
    columns = (("Name", "title"), ("Kind", "kind"))
    nav = ""
    cited_as = "Who"
    search_boost = 5.0
    chain = Stage(4, "By companies", kinds=("company",))  # the companies the chain's records name

    kind: Literal["person", "party-body", "state-body", "company", "organisation", "country", "place"] = Field(
        description="what sort of actor"
    )
    country: Annotated[Slug, Ref("actors", "country")] | None = Field(
        default=None, description="the country it belongs to"
    )
    parent: Annotated[Slug, Ref("actors")] | None = Field(default=None, description="the body or company it is part of")
    roles: list[Role] = Field(default=[], description="positions held, with dates where sourced")


class Claim(Record):
    collection = "claims"
    label = "Fact-check cards"
    singular = "Fact-check"
    intro = "Where the two documents are wrong, vague or commonly misquoted, and what the record shows."
    columns = (("Claim", "title"),)
    search_boost = 1.0

    status: Literal["documented", "corrected", "disputed", "unverified"] = Field(
        description="what the check found; documented: an independent source confirms the claim"
    )
    claim: SourceRef = Field(description="the document's own words")
    finding: Text = Field(description="what the record shows")
    records: list[RecordPath] = Field(default=[], description="records on whose pages this card is shown")


class Source(Entry):
    # a document the records cite: the one collection whose entries are not backed by `sources`
    # (no docstring: pydantic would print it into the collection's JSON Schema)
    collection = "sources"
    label = "Sources"
    singular = "Source"
    intro = "Every document the site cites, with its original publisher."
    columns = (("Date", "date"), ("Title", "title"), ("Publisher", "publisher"), ("Link", "access_label"))
    nav = ""
    search_boost = 0.5  # sources quote and title everything: they come last

    title: Title = Field(
        description="the title exactly as published; in [brackets] a description, where the title was not found (the summary says why)"
    )
    kind: Literal[
        "interview",
        "article",
        "report",
        "law",
        "readout",
        "review",
        "news",
        "book",
        "dataset",
        "documentation",
        "translation",
        "register",
        "official-statement",
    ] = Field(
        description="what sort of document: `register` is an entry or notice in an official register or gazette, "
        "`official-statement` a government's or ministry's own statement or press release, `readout` an official "
        "report of one meeting, `review` an outlet's list or review of a year's or a term's study sessions"
    )
    publisher: Text = Field(description="the original publisher")
    authors: list[Text] = Field(default=[], description="authors or interviewees, as credited")
    published: ISODate | None = Field(default=None, description="publication date, as precise as known")
    url: Url = Field(
        description="the original publisher's page, or the best copy where that page was not found (see `access`)"
    )
    access: Access = Field(description="what `url` opens: " + "; ".join(f"{k}: {v}" for k, v in ACCESS.items()))
    original: Text | None = Field(
        default=None,
        description="for a copy: the original it reproduces (publisher, title or author, date, as far as known)",
    )
    via: Url | None = Field(default=None, description="the copy actually read, where the original could not be")
    language: Literal["en", "zh-Hans", "zh-Hant", "de", "sv", "ja", "ko"] = Field(
        default="en", description="the language of the source"
    )
    summary: Text | None = Field(
        default=None, description="what the source is, and anything a reader must know about the copy"
    )
    themes: list[Theme] = Field(default=[], description="themes for filtering")
    reviewed: ISODate | None = Field(default=None, description="when the entry was last checked against the source")

    @model_validator(mode="after")
    def _copy_names_its_original(self):
        if self.access == "copy" and not self.original:
            raise ValueError(
                "a copy names the original it reproduces: add `original` (publisher, title or author, date)"
            )
        if self.original and self.access != "copy":
            raise ValueError(f"`original` is only for a copy; this source's access is '{self.access}'")
        return self

    @property
    def date(self) -> str | None:
        """The day it was published."""
        return self.published

    @property
    def access_label(self) -> str:
        """What the source's link opens, as a reader sees it ('publisher's page')."""
        return ACCESS_LABEL[self.access]


# source kinds that are the acting state's own publication: a measure cites one of these first
OFFICIAL_SOURCE_KINDS = ("law", "register", "official-statement", "readout")

COLLECTIONS: dict[str, type[Entry]] = {
    m.collection: m for m in (Source, StudySession, Policy, Export, Sanction, Event, Term, Actor, Claim)
}


def date_key(date: str) -> str:
    """An ISO date, partial or whole, as a sortable day: '2019' -> '2019-00-00' (before any day of 2019)."""
    return (date + "-00-00")[:10]


def field_attribute(model: type[BaseModel], name: str) -> str:
    """The attribute behind a field as written in YAML ('from' is Redirect.from_)."""
    return next(attr for attr, info in model.model_fields.items() if (info.alias or attr) == name)


def segment(collection: str) -> str:
    """The URL segment of a collection: study_sessions -> study-sessions."""
    return collection.replace("_", "-")


def page_path(collection: str, record_id: str | None = None) -> str:
    """The page of a record, or of a collection's index, as a path under docs/: the one place a
    record's address is made ('study_sessions', 'x' -> 'study-sessions/x.md'; 'study-sessions/x/'
    once served: urls.address)."""
    return f"{segment(collection)}/{record_id or 'index'}.md"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --- reference discovery -------------------------------------------------------------------


def _find(annotation: Any, found) -> Any:
    """The first thing `found(annotation)` returns for the annotation or any type inside it."""
    hit = found(annotation)
    if hit is not None:
        return hit
    for arg in typing.get_args(annotation):
        hit = _find(arg, found)
        if hit is not None:
            return hit
    return None


def _ref_in(annotation: Any) -> Ref | None:
    """The Ref marker of an annotation such as `list[Annotated[str, Ref("actors")]]`."""
    return _find(
        annotation,
        lambda a: (
            next((m for m in typing.get_args(a)[1:] if isinstance(m, Ref)), None)
            if typing.get_origin(a) is Annotated
            else None
        ),
    )


def _field_ref(info: Any) -> Ref | None:
    """The Ref marker of a field (pydantic's FieldInfo), wherever its annotation holds it."""
    return next((m for m in info.metadata if isinstance(m, Ref)), None) or _ref_in(info.annotation)


def ref_target(model: type[BaseModel], field: str) -> str:
    """The collection whose records a reference field names ('exporters' of Export: 'actors')."""
    marker = _field_ref(model.model_fields[field])
    if marker is None:
        raise ValueError(f"{model.__name__}.{field} is not a reference to records")
    return marker.collection


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The mapping class inside an annotation such as `list[SourceRef]` or `Role | None`."""
    return _find(annotation, lambda a: a if isinstance(a, type) and issubclass(a, BaseModel) else None)


def iter_refs(obj: BaseModel, path: tuple = ()):
    """Yield (path, Ref, target id) for every reference inside a record, nested ones included."""
    for name, info in type(obj).model_fields.items():
        value = getattr(obj, name)
        if value is None:
            continue
        marker = _field_ref(info)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for i, item in items:
            here = path + ((name,) if i is None else (name, i))
            if marker is not None and isinstance(item, str):
                yield here, marker, item
            elif isinstance(item, BaseModel):
                yield from iter_refs(item, here)
