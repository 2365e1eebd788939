"""The dates the user limits questions and timelines to: since, until and "as of" (now)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

from qa.datespec import parse_day, parse_range

Bound = Literal["since", "until", "as_of"]


@dataclass(frozen=True)
class DateFilter:
    """``since``, ``until`` and ``as_of`` as typed (``qa ask --since`` syntax); None: unset.

    ``as_of`` unset means today.
    """

    since: str | None = None
    until: str | None = None
    as_of: str | None = None

    def with_bound(self, bound: Bound, value: str | None) -> DateFilter:
        """This filter with ``bound`` set to ``value`` (None or blank clears it).

        Raises:
            BadDate: the new filter cannot be read (a bad date; ``EmptyRange``: since after
                until or as of).
        """
        changed = replace(self, **{bound: value.strip() if value and value.strip() else None})
        changed.kwargs()
        return changed

    def kwargs(self) -> dict[str, Any]:
        """The set bounds as keyword arguments of ``Retriever.ask`` and ``timeline``.

        Raises:
            BadDate: a bound cannot be read (``EmptyRange``: ``since`` is after ``until`` or
                ``as_of``).
        """
        as_of = parse_day(self.as_of) if self.as_of is not None else date.today()
        parse_range(self.since, self.until, as_of=as_of)
        given = {"since": self.since, "until": self.until, "as_of": self.as_of}
        return {name: value for name, value in given.items() if value is not None}

    @property
    def label(self) -> str:
        """``since 2023-01 · until 2023-03 · as of 2023-03-15``, or empty when nothing is set."""
        parts = [("since", self.since), ("until", self.until), ("as of", self.as_of)]
        return " · ".join(f"{name} {value}" for name, value in parts if value is not None)
