"""Who acted against whom, and when: the rows of the measures page, derived from the `sanctions`
collection. A measure's acting state is the `country` of each body in `imposed_by` (or the body
itself if it is a country); a target's state is found the same way."""

from __future__ import annotations

from dataclasses import dataclass

from .dataset import Dataset
from .model import Actor, Sanction


def state_of(actors: dict[str, Actor], actor_id: str | None) -> str | None:
    """The id of the country an actor belongs to: itself if it is one, else its `country`, else its parent's."""
    seen = set()
    while actor_id and actor_id not in seen:
        seen.add(actor_id)
        actor = actors[actor_id]
        if actor.kind == "country":
            return actor.id
        if actor.country:
            return actor.country
        actor_id = actor.parent
    return None


@dataclass(frozen=True)
class MeasureRow:
    record: Sanction
    states: tuple[str, ...]  # acting states (country actor ids)
    against: tuple[str, ...]  # the states of its targets

    @property
    def year(self) -> str:
        """The year the measure was announced."""
        return self.record.announced[:4]


def measure_rows(dataset: Dataset) -> list[MeasureRow]:
    """One row per measure, oldest first."""
    actors = dataset.records(Actor)
    rows = []
    for record in dataset.records(Sanction).values():
        states = tuple(dict.fromkeys(s for s in (state_of(actors, a) for a in record.imposed_by) if s))
        against = tuple(dict.fromkeys(s for s in (state_of(actors, t) for t in record.targets) if s))
        rows.append(MeasureRow(record, states, against))
    return sorted(rows, key=lambda r: (r.record.announced, r.record.id))


def matrix(rows: list[MeasureRow]) -> tuple[list[str], list[str], dict[tuple[str, str], int]]:
    """(acting states, target states, {(acting, target): number of measures}) for the state x target table."""
    acting = sorted({s for r in rows for s in r.states})
    target = sorted({s for r in rows for s in r.against})
    counts: dict[tuple[str, str], int] = {}
    for r in rows:
        for s in r.states:
            for t in r.against:
                counts[(s, t)] = counts.get((s, t), 0) + 1
    return acting, target, counts
