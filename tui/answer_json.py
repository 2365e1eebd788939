"""Answers as JSON-ready dicts and back, for saved conversations (JSON, never pickle)."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from qa.relative_dates import RelativeDate
from qa.types import Answer, Citation, Passage

NESTED: dict[tuple[type, str], type] = {
    (Answer, "citations"): Citation,
    (Answer, "passages"): Passage,
    (Citation, "passage"): Passage,
    (Citation, "relative_dates"): RelativeDate,
}
"""The fields that hold other result types (one, or a tuple of them)."""


def answer_to_dict(answer: Answer) -> dict[str, Any]:
    """``answer`` as plain dicts, lists, strings and numbers; dates as ISO strings."""
    return _plain(dataclasses.asdict(answer))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def answer_from_dict(data: dict[str, Any]) -> Answer:
    """The answer ``answer_to_dict`` gave; fields unknown to this version are left out.

    Raises:
        TypeError, ValueError, KeyError: ``data`` is not a saved answer.
    """
    return _build(Answer, data)


def _build(cls: type, data: dict[str, Any]) -> Any:
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        if field.name not in data:
            continue
        value = data[field.name]
        nested = NESTED.get((cls, field.name))
        if nested is not None and isinstance(value, list):
            value = tuple(_build(nested, item) for item in value)
        elif nested is not None:
            value = _build(nested, value)
        elif isinstance(value, str) and str(field.type).startswith("date"):
            value = datetime.date.fromisoformat(value)
        values[field.name] = value
    return cls(**values)
