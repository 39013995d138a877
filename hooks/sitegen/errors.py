"""Errors a data editor reads: each names the file, line, record and field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class DataError:
    file: str
    line: int | None
    record: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.record is not None:
            parts.append(f"record '{self.record}'")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        return ": ".join(parts) + f": {self.message}"


class DataErrors(Exception):
    """Every problem found in one run, reported together."""

    def __init__(self, errors: list[DataError]):
        self.errors = sorted(set(errors), key=lambda e: (e.file, e.line or 0, e.record or "", e.field or "", e.message))
        super().__init__(self.report())

    def report(self) -> str:
        """Every problem, one a line, under a line that counts them."""
        n = len(self.errors)
        head = f"{n} problem{'s' if n != 1 else ''} in the data; nothing was built:"
        return "\n".join([head, *(f"  {e}" for e in self.errors)])
