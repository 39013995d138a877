"""Pictures drawn at build time from the records: SVG strings, no script needed to read them.

Every picture is drawn twice, at the size it is shown: a layout for a phone and one for a wide
screen (the stylesheet shows one), so text is never scaled below 12 px and nothing scrolls
sideways. Every mark or box is a link to its record, a touch target of at least 24 x 24 px,
named by the record's full name; the details a tap or keyboard focus shows (visuals.js) are in
its data-detail. Kinds differ by shape, label and an Okabe-Ito (colour-blind-safe) colour.
Each page holds the same information as a table or list below the picture.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from .model import COLLECTIONS, THEMES, Actor, Entry, Link, MapRole, Stage, page_path, ref_target, segment
from .urls import address


class Kind(NamedTuple):
    label: str  # plural, as a heading
    shape: str  # a key of SHAPES
    colour: str  # Okabe-Ito
    singular: str


# The kinds of dated record the pictures show: every collection registered with a mark (model.Mark)
KINDS = {
    c: Kind(m.mark.label or m.label, m.mark.shape, m.mark.colour, m.singular)
    for c, m in COLLECTIONS.items()
    if m.mark is not None
}
OTHER = Kind("Other records", "hexagon", "#56B4E9", "Record")  # a box for a record of no kind (an actor)


@dataclass(frozen=True)
class _RecordLink:
    """A record drawn in a picture, which links to its page."""

    collection: str
    id: str
    title: str

    def href(self, base: str, directory_urls: bool = True) -> str:
        return _href(base, page_path(self.collection, self.id), directory_urls)


# Two layouts of every picture, drawn at the size they are shown (one SVG unit = one CSS pixel):
# NARROW fits the 328 px column of a 360 px phone, WIDE the 1280 px page's column; CSS shows one.
NARROW, WIDE = 328, 690
FONT, LINE, CHAR = 13, 16, 0.6  # text size and line height (px); a character's advance, in ems (generous)
TARGET = 24  # the smallest touch target (WCAG 2.2, 2.5.8), px
ELLIPSIS = "…"


def wrap(text: str, width: float, lines: int, size: float = FONT) -> list[str]:
    """`text` in at most `lines` lines that fit `width` px; a text that does not fit ends in an
    ellipsis (its full form is in the link's name, its tooltip and the details shown on tap)."""
    per_line = max(4, int(width / (size * CHAR)))
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        if len(line) > per_line:  # a word longer than a line is cut
            words.insert(0, line[per_line - 1 :])
            line = line[: per_line - 1] + "-"
        while words and len(line) + 1 + len(words[0]) <= per_line:
            line += " " + words.pop(0)
        out.append(line)
    if words:
        last = out[-1]
        while len(last) + 1 > per_line and " " in last:
            last = last.rsplit(" ", 1)[0]
        out = _before_open_bracket([*out[:-1], last])
        out[-1] = out[-1].rstrip(",;:–-( ") + ELLIPSIS
    return out


def _before_open_bracket(lines: list[str]) -> list[str]:
    """Shortened lines that end before a bracket they open and do not close ("strategy (at" becomes
    "strategy"): a screen reader's check (axe's label-content-name-mismatch) drops a whole
    parenthetical from the full name, so half of one would be text the name lacks. As they are if
    nothing would be left."""
    text = "\n".join(lines)
    opened: list[int] = []
    for i, c in enumerate(text):
        if c == "(":
            opened.append(i)
        elif c == ")" and opened:
            opened.pop()
    head = text[: opened[0]].rstrip(" ,;:–-\n") if opened else text
    return head.split("\n") if head else lines


def distinct_labels(names: dict, width: float, lines: int, size: float = FONT) -> dict:
    """{key: wrapped lines} for {key: full name}: two different names never show the same text
    (a shortened label that collides with another is given more lines until they differ)."""
    out = {k: wrap(n, width, lines, size) for k, n in names.items()}
    for extra in range(1, 6):
        seen: dict[str, list] = {}
        for k, shown in out.items():
            seen.setdefault(" ".join(shown), []).append(k)
        clashes = [ks for ks in seen.values() if len({names[k] for k in ks}) > 1]
        if not clashes:
            break
        for ks in clashes:
            for k in ks:
                out[k] = wrap(names[k], width, lines + extra, size)
    return out


def _text(x: float, y: float, lines: list[str], cls: str = "", anchor: str = "") -> str:
    e = html.escape
    attrs = (f' class="{cls}"' if cls else "") + (f' text-anchor="{anchor}"' if anchor else "")
    # a line's closing space keeps the words apart in the text as read out (the link's visible text
    # must be part of its name: WCAG 2.5.3); it is not seen
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else LINE}">{e(t)}{" " if i < len(lines) - 1 else ""}</tspan>'
        for i, t in enumerate(lines)
    )
    return f'<text x="{x:.1f}" y="{y:.1f}"{attrs}>{spans}</text>'


def _link(href: str, name: str, detail: str, cls: str, body: str, extra: str = "", record: str = "") -> str:
    """A mark or node: a link to its record, named by the record's full name (`name`, which may add
    the date and kind; `record` is the record's own name, if different), with the details that a
    tap, a keyboard focus or a mouse pointer shows (visuals.js). No SVG <title> tooltip: its text
    would count as the link's visible text, which must be part of its name (WCAG 2.5.3)."""
    e = html.escape
    return (
        f'<a class="{cls}" href="{e(href)}" aria-label="{e(name)}" data-name="{e(record or name)}" '
        f'data-detail="{e(detail)}"{extra}>{body}</a>'
    )


def _svg(cls: str, ident: str, width: float, height: float, title: str, desc: str, body: list[str]) -> str:
    e = html.escape
    return (
        f'<svg class="{cls}" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'role="group" aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{e(title)}</title><desc id="{ident}-desc">{e(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def both(narrow: str, wide: str) -> str:
    """The phone layout and the wide one; the stylesheet shows the one that fits the screen."""
    return f'<div class="vis-narrow">{narrow}</div><div class="vis-wide">{wide}</div>'


@dataclass(frozen=True)
class Mark(_RecordLink):
    date: str
    when: float  # fractional year
    themes: tuple[str, ...]

    @property
    def kind(self) -> str:
        """The record's kind, singular ('Measure')."""
        return KINDS[self.collection].singular

    @property
    def label(self) -> str:
        """The mark's name, read out and shown on hover: 'date: kind: title'."""
        return f"{self.date}: {self.kind}: {self.title}"

    @property
    def detail(self) -> str:
        """What a tap or focus shows: kind, date and themes."""
        themes = ", ".join(THEMES[t] for t in self.themes)
        return f"{self.kind}, {self.date}" + (f"; themes: {themes}" if themes else "")


def _and(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def _fraction(date: str) -> float:
    """2019 -> 2019.5, 2019-10 -> 2019.79, 2019-10-24 -> 2019.81 (partial dates sit mid-period)."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return parts[0] + 0.5
    if len(parts) == 2:
        return parts[0] + (parts[1] - 0.5) / 12
    return parts[0] + (parts[1] - 1) / 12 + (parts[2] - 0.5) / 365


def timeline_marks(dataset) -> list[Mark]:
    """One mark per dated record of the collections with a mark (model.Mark), by date, then kind."""
    marks = [
        Mark(c, r.id, r.title, r.date, _fraction(r.date), tuple(r.themes))
        for c in KINDS
        if c in dataset.collections
        for r in dataset.collections[c].values()
        if r.date and r.pictured
    ]
    return sorted(marks, key=lambda m: (m.when, list(KINDS).index(m.collection), m.id))


SHAPES = {  # name: path of a mark about 15 px across, centred on 0 0 (shape tells kinds apart, not colour alone)
    "circle": "M-7 0a7 7 0 1 0 14 0a7 7 0 1 0-14 0Z",
    "square": "M-6.5-6.5h13v13h-13Z",
    "triangle": "M0-8L8 6.5H-8Z",
    "diamond": "M0-8.5L8.5 0L0 8.5L-8.5 0Z",
    "triangle-down": "M0 8L8-6.5H-8Z",
    "pentagon": "M0-8L7.6-2.5L4.7 6.5H-4.7L-7.6-2.5Z",
    "hexagon": "M-4-7H4L8 0L4 7H-4L-8 0Z",
    "ring": "M-7.5 0a7.5 7.5 0 1 0 15 0a7.5 7.5 0 1 0-15 0ZM-4 0a4 4 0 1 0 8 0a4 4 0 1 0-8 0Z",
}


def _shape(kind: str, x: float, y: float, colour: str) -> str:
    return f'<path class="shape" d="{SHAPES[kind]}" transform="translate({x:.1f} {y:.1f})" fill="{colour}" fill-rule="evenodd"/>'


def _href(base: str, path: str, directory_urls: bool) -> str:
    """A link to the page at `path` under docs/ ('actors/x.md') from a picture whose page has `base`
    as the relative path to the site root, in the build's address style (see urls.py)."""
    return base + address(path, directory_urls)


def _year_rows(marks: list[Mark]) -> list[tuple[str, int, list[Mark]]]:
    """('year', year, marks) for each year with records, and ('gap', first empty year, []) where
    years without a record are left out (said, not hidden)."""
    years = sorted({int(m.when) for m in marks})
    rows: list[tuple[str, int, list[Mark]]] = []
    for i, year in enumerate(years):
        if i and year - years[i - 1] > 1:
            rows.append(("gap", years[i - 1] + 1, [Mark("", "", "", str(year - 1), 0, ())]))
        rows.append(("year", year, [m for m in marks if int(m.when) == year]))
    return rows


def timeline_svg(marks: list[Mark], base: str, directory_urls: bool = True) -> str:
    """The timeline in both layouts; `base` is the relative path from the page to the site root."""
    return both(_timeline(marks, base, directory_urls, NARROW), _timeline(marks, base, directory_urls, WIDE))


def _timeline(marks: list[Mark], base: str, directory_urls: bool, width: int) -> str:
    """Years run down the page, one row each (years without records are folded into one line that
    says so), each record one labelled line in date order. Its mark sits in its kind's own narrow
    column, so the kinds form strips down the page: which years had study sessions, laws, exports
    or sanctions, and in what order, shows at a glance."""
    kinds = [k for k in KINDS if any(m.collection == k for m in marks)]  # a strip and a key entry per kind shown
    gutter, step = 46, (12 if width < 2 * NARROW else 20)
    lanes_w = step * (len(kinds) - 1) + TARGET
    text_x = gutter + lanes_w + 8
    labels = distinct_labels({m: m.title for m in marks}, width - text_x - 4, 3)
    ident = "timeline" if width >= 2 * NARROW else "timeline-narrow"  # the wide one keeps the published ids
    out = []
    # the key: each kind's shape, colour and name, over its strip
    y, per_row = 6, (2 if width < 2 * NARROW else len(kinds))
    col_w = (width - gutter) / per_row
    for i, k in enumerate(kinds):
        kx, ky = gutter + (i % per_row) * col_w, y + (i // per_row) * 22 + 10
        out.append(_shape(KINDS[k].shape, kx + 9, ky, KINDS[k].colour))
        out.append(_text(kx + 22, ky + 4.5, [KINDS[k].label], "tl-key"))
    y += ((len(kinds) - 1) // per_row + 1) * 22 + 8
    top = y
    for row, year, items in _year_rows(marks):
        if row == "gap":
            last = items[0].date
            out.append(
                _text(4, y + 14, [(f"{year}–{last}" if last != str(year) else str(year)) + ": no records"], "tl-gap")
            )
            y += 22
            continue
        out.append(f'<line class="tl-grid" x1="0" y1="{y:.1f}" x2="{width}" y2="{y:.1f}"/>')
        out.append(_text(4, y + 19, [str(year)], "tl-year"))
        y += 2
        for m in items:
            h = max(TARGET + 6, len(labels[m]) * LINE + 12)
            kind = KINDS[m.collection]
            mx = gutter + kinds.index(m.collection) * step + TARGET / 2
            body = (
                f'<rect class="hit" x="{gutter:.1f}" y="{y:.1f}" width="{width - gutter:.1f}" height="{h - 2}" rx="3"/>'
                + _shape(kind.shape, mx, y + 15, kind.colour)
                + _text(text_x, y + 19.5, labels[m])
            )
            out.append(
                _link(
                    m.href(base, directory_urls),
                    m.label,
                    m.detail,
                    "tl-mark",
                    body,
                    f' data-kind="{segment(m.collection)}" data-themes="{html.escape(" ".join(m.themes))}"',
                    m.title,
                )
            )
            y += h
        y += 4
    for i, k in enumerate(kinds):  # each kind's strip
        sx = gutter + i * step + TARGET / 2
        out.insert(
            i, f'<line class="tl-strip" x1="{sx:.1f}" y1="{top}" x2="{sx:.1f}" y2="{y}" stroke="{KINDS[k].colour}"/>'
        )
    first_year, last_year = int(marks[0].when), int(marks[-1].when)
    return _svg(
        "timeline-svg",
        ident,
        width,
        y + 4,
        "Timeline of " + _and([KINDS[k].label.lower() for k in kinds]),
        f"{len(marks)} dated records from {first_year} to {last_year}, one row per year, one line per record, each "
        "kind's marks in a strip of its own; years without records are folded into one line. Each record "
        "is a link; the table below holds the same information.",
        out,
    )


def short(name: str, limit: int) -> str:
    """A label that fits `limit` characters: whole words, with an ellipsis when shortened."""
    return wrap(name, limit * FONT * CHAR, 1)[0]


# --- stacked boxes joined by lines in a margin: the chains, and the graph ----------------------


@dataclass(frozen=True)
class Node(_RecordLink):
    pass


def _colour_shape(collection: str) -> tuple[str, str]:
    kind = KINDS.get(collection, OTHER)
    return kind.colour, kind.shape


def stacked_svg(
    cls: str,
    ident: str,
    title: str,
    desc: str,
    groups: list[tuple[str, list[Node]]],
    edges: list[tuple[Node, Node, str]],
    details: dict,
    base: str,
    directory_urls: bool,
    width: int,
) -> str:
    """Groups of boxes, one box per record with its full name (wrapped, or shortened with an
    ellipsis), stacked down the page. A line between two boxes runs in the left margin, never over
    text: each box that has more than one line owns a bus (a vertical line at its own distance from
    the boxes), with a short branch to each box it is tied to."""
    nodes = [n for _, ns in groups for n in ns]
    degree = {n: 0 for n in nodes}
    for a, b, _ in edges:
        degree[a] += 1
        degree[b] += 1
    order = {n: i for i, n in enumerate(nodes)}
    owner_of = {}
    for a, b, _ in edges:
        owner_of[(a, b)] = a if (degree[a], order[a]) > (degree[b], order[b]) else b
    buses: dict[Node, set] = {}
    for (a, b), o in owner_of.items():
        buses.setdefault(o, set()).add(b if o is a else a)
    # first the boxes' heights, to know each bus's span
    pitch: float = 9
    guess_gutter = min(12 + pitch * len(buses), 12 + width * 0.25)  # the lines never take more than a quarter
    labels = distinct_labels({n: n.title for n in nodes}, width - guess_gutter - 30, 3)
    y, place, heads = 0.0, {}, []
    for heading, ns in groups:
        if not ns:
            continue
        heads.append((heading, y))
        y += 26
        for n in ns:
            h = max(TARGET + 6, len(labels[n]) * LINE + 12)
            place[n] = (y, h)
            y += h + 6
        y += 8
    height = y
    span = {
        o: (min(place[m][0] + place[m][1] / 2 for m in {o, *ms}), max(place[m][0] + place[m][1] / 2 for m in {o, *ms}))
        for o, ms in buses.items()
    }
    depth: dict[Node, int] = {}
    for o in sorted(buses, key=lambda o: (span[o][0] - span[o][1], order[o])):  # longest outermost
        d = 0
        while any(depth[p] == d and not (span[p][1] + 4 < span[o][0] or span[o][1] + 4 < span[p][0]) for p in depth):
            d += 1
        depth[o] = d
    levels = max(depth.values(), default=-1) + 1
    pitch = min(pitch, max(3, (guess_gutter - 12) / max(levels, 1)))  # many lines: closer together
    gutter = 12 + pitch * levels if buses else 4
    out = []
    for heading, hy in heads:
        out.append(_text(gutter, hy + 18, [heading], f"{cls}-stage"))  # beside the lines, never crossed by one
    bus_x = lambda o: 8 + pitch * depth[o]  # noqa: E731
    for n in nodes:
        ny, h = place[n]
        colour, shape = _colour_shape(n.collection)
        longest = max(len(t) for t in labels[n]) * FONT * CHAR
        box_w = min(width - gutter - 2, longest * 1.15 + 44)  # short names with capitals run wider than the average
        body = []
        if n in buses:  # its bus, inside its link: hovering, focusing or tapping it lights the bus up
            x = bus_x(n)
            top, bottom = span[n]
            lines = [f"M{x:.1f} {top:.1f}V{bottom:.1f}"]
            for m in sorted({n, *buses[n]}, key=lambda m: order[m]):
                my = place[m][0] + place[m][1] / 2
                lines.append(f"M{x:.1f} {my:.1f}H{gutter:.1f}")
                body.append(f'<circle class="{cls}-joint" cx="{x:.1f}" cy="{my:.1f}" r="{4 if m is n else 2.5}"/>')
            body.insert(0, f'<path class="{cls}-edge" d="{"".join(lines)}"/>')
        body.append(
            f'<rect x="{gutter:.1f}" y="{ny:.1f}" width="{box_w:.1f}" height="{h}" rx="4" '
            f'fill="{colour}" fill-opacity=".13" stroke="{colour}"/>'
        )
        body.append(_shape(shape, gutter + 13, ny + h / 2, colour))
        body.append(_text(gutter + 26, ny + (h - (len(labels[n]) - 1) * LINE) / 2 + 4.5, labels[n]))
        out.append(_link(n.href(base, directory_urls), n.title, details.get(n, ""), f"{cls}-node", "".join(body)))
    return _svg(f"{cls}-svg", ident, width, height, title, desc, out)


# --- chains: study -> policy -> export -> company -> sanction, per theme ---------------------

# The chain's stages in order: every collection registered with a stage (model.Stage)
_STAGES: list[tuple[str, Stage]] = sorted(
    ((c, m.chain) for c, m in COLLECTIONS.items() if m.chain is not None), key=lambda cs: cs[1].step
)
STAGES = tuple((c, stage.label) for c, stage in _STAGES)  # (collection, heading)


def _by_name(record: Entry) -> str:
    return record.title.lower()


def _by_date(record: Entry) -> tuple[str, str]:
    return (record.date or "9999", record.title)


def _named(record: Entry, link: Link) -> list[str]:
    """The ids `link`'s field of `record` names (a list, one id or none)."""
    value = getattr(record, link.field)
    return value if isinstance(value, list) else [value] if value else []


def chain(dataset, theme: str) -> tuple[dict[str, list[Node]], list[tuple[Node, Node, str]]]:
    """The records of one theme by stage, one node per record, and the references between them
    (from the data only), as the collections' stages declare them (model.Stage): stage by stage,
    a record joins by its theme, or by being named by a record of the chain (a stage with
    `kinds`), or also by naming one (`by_link`); then the records named through a link in the
    theme's `themes` join. A line is drawn for each link between two records of the chain."""
    c = dataset.collections
    stages = _STAGES
    members: dict[str, dict[str, Entry]] = {coll: {} for coll, _ in stages}  # records of the chain, by id

    def named(coll: str, stage: Stage, final: bool) -> dict[str, Entry]:
        """The records of `coll` of the stage's kinds that records of the chain name through a link
        (a link with `themes` adds its records only in the final pass, and in those themes)."""
        ids = [
            target
            for source, other in stages
            for link in other.links
            if ref_target(COLLECTIONS[source], link.field) == coll
            and (link.themes is None or (final and theme in link.themes))
            for record in members[source].values()
            for target in _named(record, link)
        ]
        return {i: c[coll][i] for i in sorted(set(ids)) if getattr(c[coll][i], "kind", None) in stage.kinds}

    def names_a_member(record: Entry, stage: Stage) -> bool:
        return any(
            target in members[ref_target(type(record), link.field)]
            for link in stage.links
            for target in _named(record, link)
        )

    for coll, stage in stages:
        if stage.kinds:
            members[coll] = named(coll, stage, final=False)
        else:
            members[coll] = {
                r.id: r
                for r in c[coll].values()
                if (theme in r.themes and r.pictured) or (stage.by_link and names_a_member(r, stage))
            }
    for coll, stage in stages:
        if stage.kinds:
            members[coll] = named(coll, stage, final=True)
    node = {(coll, i): Node(coll, i, r.title) for coll, rs in members.items() for i, r in rs.items()}
    out: dict[str, list[Node]] = {}
    for coll, stage in stages:  # records by date, then title; named ones (companies) by name
        key = _by_name if stage.kinds else _by_date
        out[coll] = [node[(coll, r.id)] for r in sorted(members[coll].values(), key=key)]
    edges = []
    for coll, stage in stages:
        for record in members[coll].values():
            for link in stage.links:
                target_coll = ref_target(COLLECTIONS[coll], link.field)
                for target in _named(record, link):
                    if (target_coll, target) in node:
                        ends = (node[(coll, record.id)], node[(target_coll, target)])
                        a, b = ends[::-1] if link.backwards else ends
                        edges.append((a, b, link.verb))
    return out, edges


def drawn(stages: dict, edges: list) -> bool:
    """A chain is drawn when its records reach across at least two stages by a reference; otherwise
    a picture would say nothing the list does not, and the page shows the list alone."""
    return bool(edges) and sum(1 for v in stages.values() if v) >= 2


# every link of the chains, by its verb (the third item of an edge)
LINKS = {link.verb: link for m in COLLECTIONS.values() if m.chain for link in m.chain.links}


def _ties_in_words(edges: list) -> dict:
    """{node: its ties in words}: 'follows X' and 'Y follows it'; a backwards link, 'exported X'
    and 'exported by Y'."""
    words: dict[Node, list[str]] = {}
    for a, b, verb in edges:
        link = LINKS[verb]
        said = link.said or link.verb
        words.setdefault(a, []).append(f"{said} {b.title}")
        words.setdefault(b, []).append(f"{said} by {a.title}" if link.backwards else f"{a.title} {said} it")
    return {n: "; ".join(w) for n, w in words.items()}


def chain_svg(theme: str, stages: dict[str, list[Node]], edges: list, base: str, directory_urls: bool = True) -> str:
    """One theme's chain as stacked boxes, in both layouts (the wide one keeps the published ids)."""
    groups = [(label, stages[coll]) for coll, label in STAGES]
    details = _ties_in_words(edges)
    count = sum(len(v) for v in stages.values())

    def one(width, name):
        return stacked_svg(
            "chain",
            f"chain-{theme}" + name,
            f"{THEMES[theme]}: from study to sanction",
            f"{count} records in {sum(1 for v in stages.values() if v)} stages, one box each, and "
            f"{len(edges)} references between them, drawn as lines in the left margin; the list below "
            "holds the same information.",
            groups,
            edges,
            details,
            base,
            directory_urls,
            width,
        )

    return both(one(NARROW, "-narrow"), one(WIDE, ""))  # the wide one keeps the published ids


# --- who ties the records together: actors and their records --------------------------------

# (collection, field) -> how the actor is tied to the record: every collection's ties (model.Tie)
GRAPH_FIELDS = {(c, tie.field): tie.verb for c, m in COLLECTIONS.items() for tie in m.graph}
_TIES = {(c, tie.verb): tie for c, m in COLLECTIONS.items() for tie in m.graph}
GRAPH_COLLECTIONS = list(dict.fromkeys(c for c, _ in GRAPH_FIELDS))  # the collections in the graph, in order


def graph(dataset, min_ties: int = 2):
    """Actors tied to at least `min_ties` records of the collections that declare ties, those
    records, and the ties."""
    ties: dict[str, list[tuple[str, str, str]]] = {}
    for (coll, name), verb in GRAPH_FIELDS.items():
        for record in dataset.collections[coll].values():
            if not record.pictured:
                continue
            value = getattr(record, name)
            for actor in value if isinstance(value, list) else [value] if value else []:
                ties.setdefault(actor, []).append((coll, record.id, verb))
    actors = sorted(
        (a for a, t in ties.items() if len({(c, i) for c, i, _ in t}) >= min_ties),
        key=lambda a: dataset.get("actors", a).title.lower(),
    )
    records = sorted(
        {(c, i) for a in actors for c, i, _ in ties[a]},
        key=lambda ci: (list(COLLECTIONS).index(ci[0]), dataset.get(*ci).date or "", ci[1]),
    )
    return actors, records, {a: ties[a] for a in actors}


def graph_svg(dataset, actors, records, ties, base: str, directory_urls: bool = True) -> str:
    """The people, bodies and companies first, then their records by kind; each actor's bus in the
    margin reaches every record it is tied to, so a record several actors meet at has several branches."""
    actor_node = {a: Node("actors", a, dataset.get("actors", a).title) for a in actors}
    record_node = {ci: Node(ci[0], ci[1], dataset.get(*ci).title) for ci in records}
    edges = [(actor_node[a], record_node[(c, i)], verb) for a in actors for c, i, verb in ties[a]]
    groups = [("People, bodies and companies", list(actor_node.values()))]
    groups += [
        ((KINDS[k].label if k in KINDS else COLLECTIONS[k].label), [n for ci, n in record_node.items() if ci[0] == k])
        for k in GRAPH_COLLECTIONS
    ]
    details: dict[Node, list[str]] = {}
    for a, r, verb in edges:
        says = _TIES[(r.collection, verb)].record_says
        details.setdefault(a, []).append(f"{verb} {r.title}")
        details.setdefault(r, []).append(says.format(a.title) if says else f"{a.title} {verb}")
    words = {n: "; ".join(w) for n, w in details.items()}

    def one(width, name):
        return stacked_svg(
            "graph",
            "graph" + name,
            "Who is tied to which " + ", ".join(COLLECTIONS[k].singular.lower() for k in GRAPH_COLLECTIONS),
            f"{len(actors)} people, bodies and companies, then the {len(records)} records they are tied to, "
            "by kind; each actor's line in the left margin branches to its records. The list below holds "
            "the same information.",
            groups,
            edges,
            words,
            base,
            directory_urls,
            width,
        )

    return both(one(NARROW, "-narrow"), one(WIDE, ""))  # the wide one keeps the published ids


# --- map: countries in the records, shapes from Natural Earth (npm world-atlas) ---------------

ATLAS = "node_modules/world-atlas/countries-110m.json"  # Natural Earth 1:110m, as TopoJSON
NAME_IN_ATLAS = {
    "People's Republic of China": "China",
    "United States": "United States of America",
}  # our title: Natural Earth's


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth projection (Šavrič, Patterson and Jenny 2018), unit sphere."""
    import math

    a1, a2, a3, a4, m = 1.340264, -0.081106, 0.000893, 0.003796, math.sqrt(3) / 2
    lam, phi = math.radians(lon), math.radians(lat)
    t = math.asin(m * math.sin(phi))
    t2, t6 = t * t, t**6
    x = 2 * math.sqrt(3) * lam * math.cos(t) / (3 * (9 * a4 * t6 * t2 + 7 * a3 * t6 + 3 * a2 * t2 + a1))
    y = t * (a4 * t6 * t2 + a3 * t6 + a2 * t2 + a1)
    return x, y


@dataclass(frozen=True)
class Shape:
    """A country's outline in a 1000-wide world drawing: path data, its bounding box and the
    centre of its largest piece (where its symbol goes)."""

    d: str
    box: tuple[float, float, float, float]  # x0, y0, x1, y1
    anchor: tuple[float, float]


def country_shapes(topology: dict, width: float = 1000, tolerance: int = 1) -> dict[str, Shape]:
    """{Natural Earth name: Shape} for every country, projected (Equal Earth) to fit `width`; a point
    within `tolerance` units of the last one kept is left out (1: nothing a screen shows at full size)."""
    arcs = _arcs(topology)
    scale = width / (2 * 2.7064)  # Equal Earth spans about ±2.7064 horizontally

    def ring(indices):
        points: list[tuple[float, float]] = []
        for i in indices:
            arc = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(arc[1:] if points else arc)
        # whole units of a 1000-wide drawing (finer than a screen pixel); a ring that crosses the
        # antimeridian jumps across the map, so a new piece starts there
        pieces: list[list[tuple[int, int]]] = []
        for lon, lat in points:
            x, y = _equal_earth(lon, lat)
            point = (round(width / 2 + x * scale), round(width * 0.2452 - y * scale))
            if not pieces or abs(point[0] - pieces[-1][-1][0]) > width / 2:
                pieces.append([point])
            elif max(abs(point[0] - pieces[-1][-1][0]), abs(point[1] - pieces[-1][-1][1])) > tolerance:
                pieces[-1].append(point)  # a point within a unit of the last adds nothing seen
        if sum(len(p) for p in pieces) < 3:
            return "", []  # an island smaller than a unit
        # each piece: its first point, then relative steps (short numbers), e.g. "M512 233l1 -2 0 3"
        text = "".join(
            f"M{p[0][0]} {p[0][1]}"
            + ("l" + " ".join(f"{x - a} {y - b}" for (a, b), (x, y) in zip(p, p[1:])) if len(p) > 1 else "")
            for p in pieces
        )
        return text + ("Z" if len(pieces) == 1 else ""), max(pieces, key=len)

    shapes = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs", [])
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        drawn = [ring(r) for polygon in polygons for r in polygon]
        points = [pt for _, piece in drawn for pt in piece]
        if not points:
            continue
        largest = max((piece for _, piece in drawn if piece), key=lambda piece: (_area(piece), len(piece)))
        shapes[geometry["properties"]["name"]] = Shape(
            "".join(d for d, _ in drawn),
            (
                min(x for x, _ in points),
                min(y for _, y in points),
                max(x for x, _ in points),
                max(y for _, y in points),
            ),
            _centroid(largest),
        )
    return shapes


def country_paths(topology: dict, width: float = 1000) -> dict[str, str]:
    """{Natural Earth name: SVG path data} for every country, projected to fit `width`."""
    return {name: shape.d for name, shape in country_shapes(topology, width).items()}


def _area(points) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]))) / 2


def _centroid(points) -> tuple[float, float]:
    a = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1])) / 2
    if abs(a) < 1e-9:
        return (sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points))
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1])) / (6 * a)
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1])) / (6 * a)
    return cx, cy


# --- what the map shows: where studies say Chinese technology went, and who took measures --------

ORIGIN = "china"  # the exporting state: drawn apart, never counted as a destination
NO_OUTLINE = {
    "european-union"
}  # recorded as countries, but a union of states has no outline of its own: listed, not drawn
INSETS = (  # (title, west, south, east, north in degrees): a country whose symbol falls inside is drawn there
    ("East and South-East Asia", 88, -12, 147, 54),
    ("Europe", -12, 35, 34, 63),
)
DESTINATION = ("#c6dbef", "#6baed6", "#2171b5", "#08306b")  # 1, 2, 3, 4 or more studies (ColorBrewer Blues)
# the colour of a measure on the map: its collection's mark (model.MapRole "measure")
MEASURE = next(KINDS[c].colour for c, m in COLLECTIONS.items() if m.map and m.map.role == "measure" and c in KINDS)


@dataclass
class Country:
    """A country (or a body such as the EU) and what the records say of it on the map."""

    actor: Actor
    named: list[tuple[Entry, str | None]] = field(default_factory=list)  # (study or report, what it counts)
    measures: list[Entry] = field(default_factory=list)  # the measures it took

    @property
    def studies(self) -> list:
        """The ids of the studies and reports that name the country, once each."""
        return list(dict.fromkeys(r.id for r, _ in self.named))

    @property
    def detail(self) -> str:
        """What a tap or focus shows: the studies that name it (and what they count) and the measures it took."""
        parts = []
        by: dict[str, tuple] = {}
        for record, counts in self.named:
            by.setdefault(record.id, (record, []))[1].append(counts)
        for record, counts in by.values():
            said = "; ".join(c for c in counts if c)
            parts.append(f"named by {record.title}" + (f" (among the {said})" if said else ""))
        if self.measures:
            parts.append(
                f"took {len(self.measures)} measure{'s' if len(self.measures) != 1 else ''}: "
                + "; ".join(s.title for s in self.measures)
            )
        if self.actor.id == ORIGIN:
            parts.insert(0, "the exporting state")
        return "; ".join(parts)

    @property
    def label(self) -> str:
        """The country's name and, in words, what its marks count."""
        bits = []
        if self.named:
            n = len(self.studies)
            bits.append(f"named by {n} stud{'ies' if n != 1 else 'y'}")
        if self.measures:
            bits.append(f"{len(self.measures)} measure{'s' if len(self.measures) != 1 else ''}")
        if self.actor.id == ORIGIN:
            bits.insert(0, "the exporting state")
        return f"{self.actor.title}: {', '.join(bits)}"


def _state_of(actors: dict[str, Actor], actor_id: str) -> Actor:
    actor = actors[actor_id]
    if actor.kind == "country":
        return actor
    return actors[actor.country] if actor.country else actor


def _map_roles(role: str) -> list[tuple[str, MapRole]]:
    """(collection, its MapRole) for the collections registered with this role on the map."""
    return [(c, m.map) for c, m in COLLECTIONS.items() if m.map is not None and m.map.role == role]


def map_countries(dataset) -> list[Country]:
    """Every country a study or report names as a destination (model.MapRole "destination": the
    exports' `countries`, directly or through one of its places, and the countries one of its
    `figures` counts), every state that took a measure (role "measure": the `country` of each body
    in a sanction's `imposed_by`, or the body itself when it belongs to no country, as the EU), and
    the exporting state; by name. A country with nothing recorded is not in the list."""
    actors = dataset.collections["actors"]
    found: dict[str, Country] = {}

    def entry(actor):
        return found.setdefault(actor.id, Country(actor, [], []))

    for coll, role in _map_roles("destination"):
        for record in dataset.collections[coll].values():
            figures = getattr(record, role.figures) if role.figures else []
            counted = {c: f.counts for f in figures for c in f.countries}
            for place in dict.fromkeys([*getattr(record, role.places), *counted]):
                state = _state_of(actors, place)
                if state.id != ORIGIN and (record, counted.get(place)) not in entry(state).named:
                    entry(state).named.append((record, counted.get(place)))
    for coll, role in _map_roles("measure"):
        for measure in dataset.collections[coll].values():
            for body in getattr(measure, role.places):
                state = _state_of(actors, body)
                if measure not in entry(state).measures:
                    entry(state).measures.append(measure)
    if ORIGIN in actors:
        entry(actors[ORIGIN])
    return sorted(found.values(), key=lambda c: c.actor.title)


def country_figures(dataset) -> list[tuple]:
    """[(record, figure)] the destinations' figures that count countries: what each study counted, and when."""
    return [
        (r, f)
        for coll, role in _map_roles("destination")
        if role.figures
        for r in sorted(dataset.collections[coll].values(), key=lambda r: r.date or "")
        for f in getattr(r, role.figures)
        if f.countries or "countries" in f.counts.split()[:1]
    ]


def atlas_name(actor) -> str:
    """The name Natural Earth gives the country (NAME_IN_ATLAS, else its title)."""
    return NAME_IN_ATLAS.get(actor.title, actor.title)


def unmapped(countries: list[Country], shapes: dict) -> list[Country]:
    """The states with something recorded that have no outline on the map: bodies such as the EU."""
    return [c for c in countries if c.actor.kind != "country" or atlas_name(c.actor) not in shapes]


def atlas_problems(dataset, shapes: dict) -> list[tuple[str, str]]:
    """[(actor id, message)] for country records the map cannot find among Natural Earth's names."""
    known = sorted(shapes)
    out = []
    for c in map_countries(dataset):
        if c.actor.kind == "country" and atlas_name(c.actor) not in shapes and c.actor.id not in NO_OUTLINE:
            import difflib

            close = difflib.get_close_matches(c.actor.title, known, 1)
            out.append(
                (
                    c.actor.id,
                    f"the map has no country called '{c.actor.title}' (Natural Earth names it differently"
                    + (f", e.g. '{close[0]}'" if close else "")
                    + "); add the pair to NAME_IN_ATLAS in hooks/sitegen/visuals.py",
                )
            )
    return out


def _project_box(west, south, east, north, width=1000):
    scale = width / (2 * 2.7064)
    pts = [_equal_earth(lon, lat) for lon in (west, (west + east) / 2, east) for lat in (south, north)]
    xs = [width / 2 + x * scale for x, _ in pts]
    ys = [width * 0.2452 - y * scale for _, y in pts]
    return min(xs), min(ys), max(xs), max(ys)


def _inset_of(point, boxes) -> int | None:
    for i, (x0, y0, x1, y1) in enumerate(boxes):
        if x0 <= point[0] <= x1 and y0 <= point[1] <= y1:
            return i
    return None


def _relax(symbols: list[list[float]], radius: float, bounds) -> None:
    """Push apart symbols that overlap (each [x, y, anchor x, anchor y, r]), keeping each near its
    country and inside `bounds`."""
    x0, y0, x1, y1 = bounds
    for _ in range(300):
        moved = False
        for i, a in enumerate(symbols):
            for b in symbols[i + 1 :]:
                dx, dy = b[0] - a[0], b[1] - a[1]
                gap = a[4] + b[4] + 3
                dist = (dx * dx + dy * dy) ** 0.5
                if dist < gap:
                    if dist < 1e-6:
                        dx, dy, dist = 1.0, 0.3, 1.04
                    push = (gap - dist) / 2 / dist
                    a[0] -= dx * push
                    a[1] -= dy * push
                    b[0] += dx * push
                    b[1] += dy * push
                    moved = True
        for s in symbols:
            s[0] += (s[2] - s[0]) * 0.02
            s[1] += (s[3] - s[1]) * 0.02
            s[0] = min(max(s[0], x0 + s[4] + 1), x1 - s[4] - 1)
            s[1] = min(max(s[1], y0 + s[4] + 1), y1 - s[4] - 1)
        if not moved:
            break


def _symbols(c: Country, x: float, y: float) -> tuple[tuple[str, str], float]:
    """The country's marks centred on x y: a circle for the studies that name it (its number and
    shade: how many), a diamond for the measures it took (its number: how many), both side by side.
    Returns (the shapes, the numbers) and the half-width. The numbers are drawn over the link, not in
    it: its name says them in words, and its visible text must be part of its name (WCAG 2.5.3)."""
    r = TARGET / 2 + 1
    out, numbers = [], []
    parts = []
    if c.named:
        parts.append("named")
    if c.measures:
        parts.append("measures")
    if c.actor.id == ORIGIN and not parts:
        parts.append("origin")
    step = 2 * r + 2
    start = x - (len(parts) - 1) * step / 2
    for i, part in enumerate(parts):
        px = start + i * step
        if part == "named":
            n = len(c.studies)
            fill = DESTINATION[min(n, len(DESTINATION)) - 1]
            ink = "" if n < 3 else " on-dark"
            out.append(f'<circle class="map-symbol" cx="{px:.1f}" cy="{y:.1f}" r="{r}" fill="{fill}"/>')
            numbers.append(
                f'<text class="map-count{ink}" x="{px:.1f}" y="{y + 4.2:.1f}" text-anchor="middle" aria-hidden="true">{n}</text>'
            )
        elif part == "measures":
            n = len(c.measures)
            out.append(
                f'<path class="map-symbol" d="M{px:.1f} {y - r - 2:.1f}L{px + r + 2:.1f} {y:.1f}L{px:.1f} {y + r + 2:.1f}L{px - r - 2:.1f} {y:.1f}Z" fill="{MEASURE}"/>'
            )
            numbers.append(
                f'<text class="map-count" x="{px:.1f}" y="{y + 4.2:.1f}" text-anchor="middle" aria-hidden="true">{n}</text>'
            )
        else:
            out.append(
                f'<rect class="map-symbol map-origin-symbol" x="{px - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" rx="3"/>'
            )
            numbers.append(
                f'<text class="map-count on-page" x="{px:.1f}" y="{y + 4.2:.1f}" text-anchor="middle" aria-hidden="true">CN</text>'
            )
    return ("".join(out), "".join(numbers)), (len(parts) * step) / 2


def map_panel(
    countries: list[Country],
    shapes: dict[str, Shape],
    base: str,
    directory_urls: bool,
    width: int,
    box: tuple,
    ident: str,
    title: str,
    skip: Sequence[tuple] = (),
) -> str:
    """One panel of the map: the land in `box` (of the 1000-wide world drawing) scaled to `width`
    px; each country with something recorded shaded by role and marked with its symbols (a link);
    countries whose symbol belongs to an inset (`skip`: their boxes) are shaded here but marked there."""
    x0, y0, x1, y1 = box
    k = width / (x1 - x0)
    height = (y1 - y0) * k
    by_name = {atlas_name(c.actor): c for c in countries}
    inside = lambda b: not (b[2] < x0 or b[0] > x1 or b[3] < y0 or b[1] > y1)  # noqa: E731
    out = [f'<g transform="scale({k:.4f}) translate({-x0:.1f} {-y0:.1f})">']
    for name, outline in sorted(shapes.items()):
        if not inside(outline.box):
            continue
        c = by_name.get(name)
        if c is None:
            out.append(f'<path class="map-land" d="{outline.d}"/>')
        elif c.actor.id == ORIGIN:
            out.append(f'<path class="map-origin" d="{outline.d}"/>')
        else:
            role = "named" if c.named else "measures"
            out.append(f'<path class="map-{role}" d="{outline.d}"/>')
    for sx0, sy0, sx1, sy1 in skip:
        out.append(
            f'<rect class="map-frame" x="{sx0:.1f}" y="{sy0:.1f}" width="{sx1 - sx0:.1f}" height="{sy1 - sy0:.1f}"/>'
        )
    out.append("</g>")
    symbols = []
    for c in countries:
        shape = shapes.get(atlas_name(c.actor))
        if shape is None or _inset_of(shape.anchor, skip) is not None:
            continue
        ax, ay = shape.anchor
        if not (x0 <= ax <= x1 and y0 <= ay <= y1):
            continue
        _, half = _symbols(c, 0, 0)
        px, py = (ax - x0) * k, (ay - y0) * k
        symbols.append([px, py, px, py, max(half, TARGET / 2 + 1), c])
    _relax(symbols, TARGET / 2 + 1, (0, 0, width, height))
    taken = [(sx - r, sy - r, sx + r, sy + r) for sx, sy, _, _, r, _ in symbols]
    for sx, sy, ax, ay, r, c in symbols:
        marks, _ = _symbols(c, sx, sy)
        lead = (
            f'<line class="map-lead" x1="{ax:.1f}" y1="{ay:.1f}" x2="{sx:.1f}" y2="{sy:.1f}"/>'
            if ((sx - ax) ** 2 + (sy - ay) ** 2) ** 0.5 > r
            else ""
        )
        shapes_, numbers = marks
        out.append(
            lead
            + _link(
                _href(base, page_path("actors", c.actor.id), directory_urls),
                c.label,
                c.detail,
                "map-country",
                shapes_ + _name_beside(c.actor.title, sx, sy, r, width, height, taken),
                record=c.actor.title,
            )
            + numbers
        )
    return _svg(
        "map-svg",
        ident,
        width,
        height,
        title,
        f"{len(symbols)} countries marked: a circle for the studies that name a country as a destination "
        "of Chinese technology or training (the number and shade say how many), a diamond for the measures "
        "a state took (the number says how many). The table below holds the same information.",
        out,
    )


def _name_beside(name: str, x: float, y: float, r: float, width: float, height: float, taken: list) -> str:
    """The country's name beside its mark, where it fits without covering another mark or name
    (right, left, below, above); none where nothing fits (the mark's name and details still are)."""
    w, h = len(name) * FONT * CHAR + 2, LINE
    for bx, by, anchor, tx in (
        (x + r + 3, y - h / 2, "start", x + r + 4),
        (x - r - 3 - w, y - h / 2, "end", x - r - 4),
        (x - w / 2, y + r + 2, "middle", x),
        (x - w / 2, y - r - 2 - h, "middle", x),
    ):
        box = (bx, by, bx + w, by + h)
        if box[0] < 0 or box[1] < 0 or box[2] > width or box[3] > height:
            continue
        if any(not (box[2] < t[0] or box[0] > t[2] or box[3] < t[1] or box[1] > t[3]) for t in taken):
            continue
        taken.append(box)
        return _text(tx, by + 12, [name], "map-name", anchor if anchor != "start" else "")
    return ""


def map_svg(
    countries: list[Country],
    shapes: dict[str, Shape],
    base: str,
    directory_urls: bool = True,
    coarse: dict[str, Shape] | None = None,
) -> str:
    """The world cropped to where the records are, and an inset wherever countries crowd (East and
    South-East Asia, where China, Vietnam and North Korea stay distinct; Europe). `coarse`: the same
    outlines with fewer points, for the world panels, drawn at a third or two thirds of full size."""
    world_shapes = {**shapes, **(coarse or {})}
    inset_boxes = [_project_box(*b) for _, *b in INSETS]
    mapped = [c for c in countries if atlas_name(c.actor) in shapes]
    # the world: the band of latitudes the countries with something recorded span, and a margin
    boxes = [shapes[atlas_name(c.actor)].box for c in mapped] or [(0, 0, 1000, 490)]
    top = max(0, min(b[1] for b in boxes) - 20)
    bottom = min(490, max(b[3] for b in boxes) + 20)
    world = (0, top, 1000, bottom)
    # an inset is drawn where at least two marked countries crowd; a lone country is marked on the world
    used = [
        i
        for i, b in enumerate(inset_boxes)
        if sum(1 for c in mapped if _inset_of(shapes[atlas_name(c.actor)].anchor, [b]) is not None) >= 2
    ]
    skip = [inset_boxes[i] for i in used]
    parts = [
        '<figure class="map-panel map-world">'
        + both(
            map_panel(mapped, world_shapes, base, directory_urls, NARROW, world, "map-narrow", "The world", skip),
            map_panel(mapped, world_shapes, base, directory_urls, WIDE, world, "map", "The world", skip),
        )  # the published ids
        + "<figcaption>The world (framed: the insets below)</figcaption></figure>"
    ]
    for i in used:
        title = INSETS[i][0]
        parts.append(
            f'<figure class="map-panel map-inset"><figcaption>{html.escape(title)}</figcaption>'
            + map_panel(
                mapped,
                shapes,
                base,
                directory_urls,
                NARROW,
                inset_boxes[i],
                "map-" + "-".join(re.findall("[a-z]+", title.lower())),
                title,
                [],
            )
            + "</figure>"
        )
    return '<div class="map-panels">' + "".join(parts) + "</div>"
