"""Pictures drawn at build time from the records: SVG strings, no script needed to read them.

The timeline puts every dated study session, law or policy, export and sanction on one axis.
Kinds differ by lane, shape, label and an Okabe-Ito (colour-blind-safe) colour; every mark is
a link to its record with an accessible name. `timeline_rows()` gives the same information as
a table, the alternative for readers who cannot use the picture.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from .model import THEMES, segment
from .urls import address

KINDS = {  # collection: (label, shape, Okabe-Ito colour)
    "study_sessions": ("Study sessions", "circle", "#0072B2"),
    "policies": ("Laws and policies", "square", "#E69F00"),
    "exports": ("Exports", "triangle", "#009E73"),
    "sanctions": ("Sanctions and other measures", "diamond", "#D55E00"),
    "events": ("Events", "ring", "#CC79A7"),
}
SINGULAR = {"policies": "Law or policy", "sanctions": "Measure"}   # where the label's singular is not the plural less its 's'
WIDTH, LEFT, RIGHT, TOP, LANE, LEVEL = 1000, 150, 20, 20, 64, 16


@dataclass(frozen=True)
class _RecordLink:
    """A record drawn in a picture, which links to its page."""
    collection: str
    id: str
    title: str

    @property
    def url(self) -> str:
        return f"{segment(self.collection)}/{self.id}/"

    def href(self, base: str, directory_urls: bool = True) -> str:
        return _href(base, f"{segment(self.collection)}/{self.id}", directory_urls)


@dataclass(frozen=True)
class Mark(_RecordLink):
    date: str
    when: float          # fractional year
    themes: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.date}: {SINGULAR.get(self.collection) or KINDS[self.collection][0][:-1]}: {self.title}"


def _fraction(date: str) -> float:
    """2019 -> 2019.5, 2019-10 -> 2019.79, 2019-10-24 -> 2019.81 (partial dates sit mid-period)."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return parts[0] + 0.5
    if len(parts) == 2:
        return parts[0] + (parts[1] - 0.5) / 12
    return parts[0] + (parts[1] - 1) / 12 + (parts[2] - 0.5) / 365


def timeline_marks(dataset) -> list[Mark]:
    marks = [Mark(c, r.id, r.title, r.date, _fraction(r.date), tuple(r.themes))
             for c in KINDS for r in dataset.collections[c].values() if r.date]
    return sorted(marks, key=lambda m: (m.when, m.collection, m.id))


def _shape(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6.5" fill="{colour}"/>'
    if kind == "square":
        return f'<rect x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" height="12" fill="{colour}"/>'
    if kind == "ring":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5.5" fill="none" stroke="{colour}" stroke-width="3"/>'
    if kind == "triangle":
        return f'<path d="M{x:.1f} {y - 7.5:.1f}L{x + 7.5:.1f} {y + 6:.1f}L{x - 7.5:.1f} {y + 6:.1f}Z" fill="{colour}"/>'
    return f'<path d="M{x:.1f} {y - 8:.1f}L{x + 8:.1f} {y:.1f}L{x:.1f} {y + 8:.1f}L{x - 8:.1f} {y:.1f}Z" fill="{colour}"/>'


def _href(base: str, page: str, directory_urls: bool) -> str:
    """A link to the page `page` ('actors/x', no suffix) from a picture whose page has `base` as
    the relative path to the site root, in the build's address style (see urls.py)."""
    return base + address(page + ".md", directory_urls)


def timeline_svg(marks: list[Mark], base: str, directory_urls: bool = True) -> str:
    """The timeline as SVG; `base` is the relative path from the page to the site root ('../')."""
    first = min(2002, int(min(m.when for m in marks)))
    last = int(max(m.when for m in marks)) + 1
    span = last - first
    x = lambda when: LEFT + (when - first) / span * (WIDTH - LEFT - RIGHT)   # noqa: E731
    # stack marks that would overlap in their lane
    levels: dict[str, list[float]] = {k: [] for k in KINDS}
    placed = []
    for m in marks:
        ends = levels[m.collection]
        level = next((i for i, end in enumerate(ends) if x(m.when) - end >= 17), len(ends))
        if level == len(ends):
            ends.append(0.0)
        ends[level] = x(m.when)
        placed.append((m, level))
    lane_height = {k: max(LANE, 28 + LEVEL * len(levels[k])) for k in KINDS}
    lane_top, y = {}, TOP
    for k in KINDS:
        lane_top[k], y = y, y + lane_height[k]
    height = y + 34
    e = html.escape
    out = [f'<svg class="timeline-svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
           f'role="group" aria-labelledby="timeline-title timeline-desc" xmlns="http://www.w3.org/2000/svg">',
           '<title id="timeline-title">Timeline of study sessions, laws and policies, exports, measures and events</title>',
           f'<desc id="timeline-desc">{len(marks)} dated records from {first} to {last - 1}, one lane per kind. '
           'Each mark is a link to its record; the table below holds the same information.</desc>']
    for year in range(first, last + 1):
        gx = x(year)
        out.append(f'<line class="tl-grid" x1="{gx:.1f}" y1="{TOP}" x2="{gx:.1f}" y2="{y}"/>')
        if year % 2 == 0 or span <= 12:
            out.append(f'<text class="tl-year" x="{gx:.1f}" y="{y + 20}" text-anchor="middle">{year}</text>')
    for k, (label, shape, colour) in KINDS.items():
        mid = lane_top[k] + lane_height[k] / 2
        out.append(f'<line class="tl-lane" x1="{LEFT}" y1="{lane_top[k] + lane_height[k]:.1f}" x2="{WIDTH - RIGHT}" '
                   f'y2="{lane_top[k] + lane_height[k]:.1f}"/>')
        out.append(_shape(shape, 16, mid, colour))
        out.append(f'<text class="tl-lane-label" x="30" y="{mid + 4:.1f}">{e(label)}</text>')
    for m, level in placed:
        top = lane_top[m.collection] + (lane_height[m.collection] - LEVEL * len(levels[m.collection])) / 2
        my = top + LEVEL * level + LEVEL / 2
        label, shape, colour = KINDS[m.collection]
        out.append(f'<a class="tl-mark" href="{e(m.href(base, directory_urls))}" data-kind="{segment(m.collection)}" '
                   f'data-themes="{e(" ".join(m.themes))}" aria-label="{e(m.label)}">'
                   f'<title>{e(m.label)}</title>{_shape(shape, x(m.when), my, colour)}</a>')
    out.append("</svg>")
    return "".join(out)


def short(name: str, limit: int) -> str:
    """A label that fits: whole words only, so the visible text stays part of the link's name
    (axe: label-content-name-mismatch); the full name is in the link's title and the list."""
    if len(name) <= limit:
        return name
    cut = name[:limit].rsplit(" ", 1)[0].rstrip(",;:-–(")
    return cut or name[:limit]


# --- chains: study -> policy -> company -> export -> sanction, per theme ---------------------

STAGES = (("study_sessions", "Studied"), ("policies", "Steered into law"), ("actors", "Companies"),
          ("exports", "Exported"), ("sanctions", "Sanctioned"))


@dataclass(frozen=True)
class Node(_RecordLink):
    pass


def chain(dataset, theme: str) -> tuple[dict[str, list[Node]], list[tuple[Node, Node, str]]]:
    """The records of one theme by stage, and the references between them (from the data only)."""
    c = dataset.collections
    of = lambda coll: [r for r in c[coll].values() if theme in r.themes]   # noqa: E731
    sessions, policies, exports = of("study_sessions"), of("policies"), of("exports")
    companies = {a for e in exports for a in e.exporters if c["actors"][a].kind == "company"}
    sanctions = [s for s in c["sanctions"].values() if theme in s.themes or companies & set(s.targets)
                 or {e.id for e in exports} & set(s.exports)]
    companies |= {t for s in sanctions for t in s.targets if c["actors"][t].kind == "company"} if theme in ("xinjiang", "ai") else set()
    node = {("actors", a): Node("actors", a, c["actors"][a].title) for a in sorted(companies)}
    stages: dict[str, list[Node]] = {coll: [] for coll, _ in STAGES}
    for coll, records in (("study_sessions", sessions), ("policies", policies), ("exports", exports), ("sanctions", sanctions)):
        for r in sorted(records, key=lambda r: (r.date or "9999", r.title)):
            node[(coll, r.id)] = Node(coll, r.id, r.title)
            stages[coll].append(node[(coll, r.id)])
    stages["actors"] = [node[("actors", a)] for a in sorted(companies)]
    edges = []
    for p in policies:
        edges += [(node[("policies", p.id)], node[("study_sessions", s)], "follows") for s in p.sessions if ("study_sessions", s) in node]
    for e in exports:
        edges += [(node[("exports", e.id)], node[("policies", p)], "under") for p in e.policies if ("policies", p) in node]
        edges += [(node[("actors", a)], node[("exports", e.id)], "exports") for a in e.exporters if ("actors", a) in node]
    for s in sanctions:
        edges += [(node[("sanctions", s.id)], node[("actors", t)], "targets") for t in s.targets if ("actors", t) in node]
        edges += [(node[("sanctions", s.id)], node[("exports", x)], "answers") for x in s.exports if ("exports", x) in node]
    return stages, edges


def chain_svg(theme: str, stages: dict[str, list[Node]], edges: list, base: str, directory_urls: bool = True) -> str:
    e = html.escape
    col = (WIDTH - 20) / len(STAGES)
    rows = max(1, max(len(v) for v in stages.values()))
    height = 60 + rows * 40
    pos = {}
    out = [f'<svg class="chain-svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="group" '
           f'aria-labelledby="chain-{theme}-title chain-{theme}-desc" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="chain-{theme}-title">{e(THEMES[theme])}: from study to sanction</title>',
           f'<desc id="chain-{theme}-desc">{sum(len(v) for v in stages.values())} records in five stages and '
           f'{len(edges)} references between them; the list below holds the same information.</desc>']
    for i, (coll, label) in enumerate(STAGES):
        x = 10 + i * col
        out.append(f'<text class="chain-stage" x="{x + 6:.1f}" y="24">{e(label)}</text>')
        for j, n in enumerate(stages[coll]):
            y = 44 + j * 40
            pos[n] = (x + 6, y, x + col - 14)
    for a, b, _ in edges:
        (ax, ay, aw), (bx, by, bw) = pos[a], pos[b]
        left, right = ((aw, ay + 15), (bx, by + 15)) if ax < bx else ((bw, by + 15), (ax, ay + 15))
        out.append(f'<line class="chain-edge" x1="{left[0]:.1f}" y1="{left[1]}" x2="{right[0]:.1f}" y2="{right[1]}"/>')
    for n, (x, y, xr) in pos.items():
        colour = KINDS.get(n.collection, ("", "", "#56B4E9"))[2]
        text = short(n.title, 22)
        out.append(f'<a class="chain-node" href="{e(n.href(base, directory_urls))}" aria-label="{e(n.title)}"><title>{e(n.title)}</title>'
                   f'<rect x="{x:.1f}" y="{y}" width="{xr - x:.1f}" height="30" rx="3" fill="{colour}" fill-opacity=".16" stroke="{colour}"/>'
                   f'<text x="{x + 6:.1f}" y="{y + 20}">{e(text)}</text></a>')
    out.append("</svg>")
    return "".join(out)


# --- relationship graph: actors and the records that tie them ----------------------------------

GRAPH_FIELDS = {  # (collection, field) -> how the actor is tied to the record
    ("study_sessions", "chair"): "chaired", ("study_sessions", "lecturers"): "lectured at",
    ("policies", "issued_by"): "issued", ("exports", "exporters"): "exported",
    ("sanctions", "targets"): "sanctioned by", ("sanctions", "imposed_by"): "imposed",
}


def graph(dataset, min_ties: int = 2):
    """Actors tied to at least `min_ties` records of the four kinds, those records, and the ties."""
    ties: dict[str, list[tuple[str, str, str]]] = {}
    for (coll, field), verb in GRAPH_FIELDS.items():
        for record in dataset.collections[coll].values():
            value = getattr(record, field)
            for actor in (value if isinstance(value, list) else [value] if value else []):
                ties.setdefault(actor, []).append((coll, record.id, verb))
    actors = sorted((a for a, t in ties.items() if len({(c, i) for c, i, _ in t}) >= min_ties),
                    key=lambda a: dataset.get("actors", a).title.lower())
    records = sorted({(c, i) for a in actors for c, i, _ in ties[a]},
                     key=lambda ci: (list(KINDS).index(ci[0]), dataset.get(*ci).date or "", ci[1]))
    return actors, records, {a: ties[a] for a in actors}


def graph_svg(dataset, actors, records, ties, base: str, directory_urls: bool = True) -> str:
    import math
    e = html.escape
    size, cx, cy, r_in, r_out = 1000, 500, 500, 200, 290
    angle = {rec: 2 * math.pi * i / len(records) - math.pi / 2 for i, rec in enumerate(records)}
    # each actor sits at the mean angle of its records, then actors are spread to keep labels apart
    def mean(a):
        xs = [math.cos(angle[(c, i)]) for c, i, _ in ties[a]]
        ys = [math.sin(angle[(c, i)]) for c, i, _ in ties[a]]
        return math.atan2(sum(ys), sum(xs))
    order = sorted(actors, key=mean)
    start = mean(order[0]) if order else 0
    place = {a: start + 2 * math.pi * k / max(1, len(order)) for k, a in enumerate(order)}
    pt = lambda r, t: (cx + r * math.cos(t), cy + r * math.sin(t))   # noqa: E731
    out = [f'<svg class="graph-svg" viewBox="0 0 {size} {size}" width="{size}" height="{size}" role="group" '
           'aria-labelledby="graph-title graph-desc" xmlns="http://www.w3.org/2000/svg">',
           '<title id="graph-title">Who is tied to which study session, law, export and sanction</title>',
           f'<desc id="graph-desc">{len(actors)} people, bodies and companies (outer ring) tied to {len(records)} '
           'records (inner ring, by kind); the list below holds the same information.</desc>']
    for a in actors:
        ax, ay = pt(r_out - 8, place[a])
        for c, i, _ in ties[a]:
            rx, ry = pt(r_in, angle[(c, i)])
            out.append(f'<line class="graph-edge" x1="{ax:.1f}" y1="{ay:.1f}" x2="{rx:.1f}" y2="{ry:.1f}"/>')
    for c, i in records:
        label, shape, colour = KINDS[c]
        x, y = pt(r_in, angle[(c, i)])
        title = dataset.get(c, i).title
        out.append(f'<a class="graph-record" href="{e(_href(base, segment(c) + "/" + i, directory_urls))}" aria-label="{e(title)}">'
                   f'<title>{e(title)}</title>{_shape(shape, x, y, colour)}</a>')
    for a in actors:
        t = place[a]
        x, y = pt(r_out, t)
        right = math.cos(t) >= 0
        name = dataset.get("actors", a).title
        label = short(name, 24)
        deg = math.degrees(t) if right else math.degrees(t) + 180
        out.append(f'<a class="graph-actor" href="{e(_href(base, "actors/" + a, directory_urls))}" aria-label="{e(name)}"><title>{e(name)}</title>'
                   f'<circle cx="{pt(r_out - 8, t)[0]:.1f}" cy="{pt(r_out - 8, t)[1]:.1f}" r="4"/>'
                   f'<text x="{x:.1f}" y="{y:.1f}" transform="rotate({deg:.1f} {x:.1f} {y:.1f})" '
                   f'text-anchor="{"start" if right else "end"}" dominant-baseline="middle">{e(label)}</text></a>')
    out.append("</svg>")
    return "".join(out)


# --- map: countries in the records, shapes from Natural Earth (npm world-atlas) ---------------

ATLAS = "node_modules/world-atlas/countries-110m.json"   # Natural Earth 1:110m, as TopoJSON
NAME_IN_ATLAS = {"People's Republic of China": "China", "United States": "United States of America"}


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
    t2, t6 = t * t, t ** 6
    x = 2 * math.sqrt(3) * lam * math.cos(t) / (3 * (9 * a4 * t6 * t2 + 7 * a3 * t6 + 3 * a2 * t2 + a1))
    y = t * (a4 * t6 * t2 + a3 * t6 + a2 * t2 + a1)
    return x, y


def country_paths(topology: dict, width: float = 1000) -> dict[str, str]:
    """{Natural Earth name: SVG path data} for every country, projected to fit `width`."""
    arcs = _arcs(topology)
    scale = width / (2 * 2.7064)            # Equal Earth spans about ±2.7064 horizontally
    def ring(indices):
        points = []
        for i in indices:
            arc = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(arc[1:] if points else arc)
        # whole units of a 1000-wide drawing (finer than a screen pixel); a ring that crosses the
        # antimeridian jumps across the map, so a new piece starts there
        pieces: list[list[tuple[int, int]]] = []
        for lon, lat in points:
            x, y = _equal_earth(lon, lat)
            point = (round(width / 2 + x * scale), round(width * .2452 - y * scale))
            if not pieces or abs(point[0] - pieces[-1][-1][0]) > width / 2:
                pieces.append([point])
            elif max(abs(point[0] - pieces[-1][-1][0]), abs(point[1] - pieces[-1][-1][1])) > 1:
                pieces[-1].append(point)             # a point within a unit of the last adds nothing seen
        if sum(len(p) for p in pieces) < 3:
            return ""                                # an island smaller than a unit
        # each piece: its first point, then relative steps (short numbers), e.g. "M512 233l1 -2 0 3"
        text = "".join(f"M{p[0][0]} {p[0][1]}" + ("l" + " ".join(f"{x - a} {y - b}" for (a, b), (x, y) in zip(p, p[1:]))
                                                 if len(p) > 1 else "") for p in pieces)
        return text + ("Z" if len(pieces) == 1 else "")
    paths = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs", [])
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        paths[geometry["properties"]["name"]] = "".join(ring(r) for polygon in polygons for r in polygon)
    return paths


def countries_in_records(dataset) -> list[tuple]:
    """[(country actor, [places], [(collection, record)])] by name: the records that refer to the
    country, its places, or its state and party bodies (a sanction imposed by a US agency counts
    for the United States)."""
    actors = dataset.collections["actors"]
    out = []
    for country in (a for a in actors.values() if a.kind == "country"):
        places = [p for p in actors.values() if p.kind == "place" and p.country == country.id]
        bodies = [b for b in actors.values() if b.kind in ("state-body", "party-body") and b.country == country.id]
        refs = []
        for actor in [country, *places, *bodies]:
            for coll, links in dataset.referenced_by(actor).items():
                if coll in KINDS:
                    refs += [(coll, b.record) for b in links if (coll, b.record) not in refs]
        out.append((country, places, refs))
    return sorted(out, key=lambda item: item[0].title)


def map_svg(countries, paths: dict[str, str], base: str, width: int = 1000, directory_urls: bool = True) -> str:
    e = html.escape
    height = round(width * .49)
    shown = {NAME_IN_ATLAS.get(c.title, c.title): (c, refs) for c, _, refs in countries}
    out = [f'<svg class="map-svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="group" '
           'aria-labelledby="map-title map-desc" xmlns="http://www.w3.org/2000/svg">',
           '<title id="map-title">Countries in the records</title>',
           f'<desc id="map-desc">{sum(1 for n in shown if n in paths)} countries that appear in the records are '
           'highlighted, each a link to its page; the table below holds the same information. '
           'Country shapes: Natural Earth, 1:110m.</desc>']
    for name, d in sorted(paths.items()):
        if name not in shown:
            out.append(f'<path class="map-land" d="{d}"><title>{e(name)}</title></path>')
    for name, (country, refs) in sorted(shown.items()):
        if name in paths:
            label = f"{country.title}: {len(refs)} record{'s' if len(refs) != 1 else ''}"
            out.append(f'<a class="map-country" href="{e(_href(base, "actors/" + country.id, directory_urls))}" aria-label="{e(label)}">'
                       f'<title>{e(label)}</title><path d="{paths[name]}"/></a>')
    out.append("</svg>")
    return "".join(out)
