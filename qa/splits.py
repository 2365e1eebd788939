"""Which questions of a developer set fit the answer model and which only report on it.

Every tuned answer constant is fit on the ``fit`` part of a set (``make calibrate``) and every
number quoted for it is measured on the ``report`` part, so no quoted number was tuned on. The
rule is fixed here, in code, so that both sides always agree:

- news-2023 (ids ``<quiz week>_<n>``): by quiz week, weeks of even months report, odd months fit;
- SQuAD (one source article per question, ``NN_Title``): by article, odd ``NN`` report;
- anything else (the golden sets under ``tests/golden``): by a CRC-32 of the question id, odd
  report.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from typing import Literal, Protocol, TypeVar

Part = Literal["fit", "report"]
PARTS: tuple[Part, ...] = ("fit", "report")

_NEWS_ID = re.compile(r"^(?P<year>\d{4})(?P<month>\d{2})\d{2}_\d+$")
_SQUAD_SOURCE = re.compile(r"^(?P<number>\d{2})_")


class Identified(Protocol):
    """A question with an id and its source documents (``EvalQuestion``)."""

    @property
    def id(self) -> str: ...

    @property
    def sources(self) -> tuple[str, ...]: ...


Q = TypeVar("Q", bound=Identified)


def part_of(question: Identified) -> Part:
    """The part of its set ``question`` belongs to (rule in the module docstring)."""
    news = _NEWS_ID.match(question.id)
    if news:
        return "report" if int(news["month"]) % 2 == 0 else "fit"
    squad = [m for m in (_SQUAD_SOURCE.match(s) for s in question.sources) if m]
    if squad:
        return "report" if int(squad[0]["number"]) % 2 else "fit"
    return "report" if zlib.crc32(question.id.encode("utf-8")) % 2 else "fit"


def select(questions: Sequence[Q], part: Part | None, *, limit: int | None = None) -> list[Q]:
    """The questions of ``part`` (all when None), at most ``limit`` of them, spread evenly.

    The sample keeps every ``n``-th question in file order, so it is the same on every run.
    """
    chosen = [q for q in questions if part is None or part_of(q) == part]
    if limit is not None and len(chosen) > limit:
        step = len(chosen) / limit
        chosen = [chosen[int(i * step)] for i in range(limit)]
    return chosen
