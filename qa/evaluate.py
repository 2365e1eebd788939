"""``qa eval``: retrieval and answer quality on a set of questions with gold answers.

A question file is JSONL, one object per line: ``{"id", "question", "answers": [str],
"sources": [document ids, file stems or record keys], "type"}`` and optionally ``"asked_on"``
(the day the question was asked, ``YYYY-MM-DD``); ``answers == [] and sources == []`` marks a
question the articles cannot answer.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from qa.index.errors import QAError
from qa.retrieve import Mode, Retriever
from qa.types import Answer, Passage


class BadQuestionFile(QAError):
    """The question file is missing or not in the expected JSONL format."""


@dataclass(frozen=True)
class EvalQuestion:
    """One question of an evaluation set."""

    id: str
    question: str
    answers: tuple[str, ...]
    sources: tuple[str, ...]
    type: str
    asked_on: str | None = None

    @property
    def answerable(self) -> bool:
        """False for questions the articles cannot answer."""
        return bool(self.answers or self.sources)


@dataclass(frozen=True)
class EvalReport:
    """Scores of one retrieval mode over a question set (rates are fractions of 1).

    A rate with nothing to measure (no unanswerable question, no short answer shown, no
    answerable question) is None, shown as ``n/a`` and ``null`` in JSON.
    """

    mode: str
    k: int
    questions: int
    answerable: int
    unanswerable: int
    source_hit_1: float | None
    source_hit_5: float | None
    source_hit_10: float | None
    answer_hit_k: float | None
    answer_in_response: float | None
    mrr: float | None
    abstention: float | None
    false_abstention: float | None
    wrong_answer: float | None
    short_coverage: float | None
    short_precision: float | None
    latency_p50_ms: float
    latency_p95_ms: float


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read a JSONL question file.

    Raises:
        BadQuestionFile: the file is missing, or a line is not a question object; the message
            names the line and the field.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise BadQuestionFile(f"Cannot read {path}: {error}") from error
    questions = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            questions.append(_question(json.loads(line), number))
        except ValueError as error:
            raise BadQuestionFile(f"{path}:{number}: {error}") from error
    if not questions:
        raise BadQuestionFile(f"{path} holds no questions")
    return questions


def _question(data: object, number: int) -> EvalQuestion:
    """One line's question; ValueError says which field has the wrong type."""
    if not isinstance(data, dict):
        raise ValueError(f"not a question object but {_json_type(data)}")
    question = data.get("question")
    if not isinstance(question, str) or not question.strip():
        raise ValueError(f'"question" must be a non-empty string, not {_json_type(question)}')
    identifier = data.get("id", number)
    if not isinstance(identifier, str | int) or isinstance(identifier, bool):
        raise ValueError(f'"id" must be a string or a number, not {_json_type(identifier)}')
    kind = data.get("type", "")
    if not isinstance(kind, str):
        raise ValueError(f'"type" must be a string, not {_json_type(kind)}')
    asked_on = data.get("asked_on")
    if asked_on is not None and not isinstance(asked_on, str):
        raise ValueError(f'"asked_on" must be a date string, not {_json_type(asked_on)}')
    return EvalQuestion(
        id=str(identifier),
        question=question,
        answers=_strings(data, "answers"),
        sources=_strings(data, "sources"),
        type=kind,
        asked_on=asked_on or None,
    )


def _strings(data: dict[str, object], field: str) -> tuple[str, ...]:
    """``data[field]`` as a tuple of strings (empty when missing); ValueError for other types."""
    value = data.get(field, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f'"{field}" must be a list of strings, not {_json_type(value)}')
    return tuple(value)


_JSON_TYPES = {
    bool: "a boolean",
    str: "a string",
    int: "a number",
    float: "a number",
    dict: "an object",
}


def _json_type(value: object) -> str:
    """How a decoded JSON value reads in a message: ``a string``, ``null``, ``a list of ...``."""
    if value is None:
        return "null"
    if isinstance(value, list):
        kinds = sorted({_json_type(item) for item in value if not isinstance(item, str)})
        return "a list holding " + ", ".join(kinds) if kinds else "a list"
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _from_source(passage: Passage, sources: Sequence[str]) -> bool:
    """Whether the passage is from a gold source: named by document id, file stem, or, for an
    article among several in a file (``file.jsonl#key``), by its key."""
    file_id, _, key = passage.doc_id.partition("#")
    return passage.doc_id in sources or Path(file_id).stem in sources or key in sources


def contains_answer(text: str, answers: Sequence[str]) -> bool:
    """Whether ``text`` holds one of the gold ``answers`` (ignoring case)."""
    lowered = text.lower()
    return any(answer.lower() in lowered for answer in answers)


def short_is_right(short: str, answers: Sequence[str]) -> bool:
    """Whether a short answer names a gold answer: one holds the other, ignoring case,
    punctuation and a leading article ("the Buffalo Bills" and "Bills" for "Buffalo Bills")."""
    given = _bare(short)
    return bool(given) and any(
        gold and (f" {gold} " in f" {given} " or f" {given} " in f" {gold} ")
        for gold in map(_bare, answers)
    )


def _bare(text: str) -> str:
    words = re.findall(r"[^\W_]+", text.lower())
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def percentile(values: Sequence[float], fraction: float) -> float:
    """The value at ``fraction`` (0.5 the median, 0.95 the p95) of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _rate(hits: Sequence[float]) -> float | None:
    return statistics.fmean(hits) if hits else None


def evaluate(
    retriever: Retriever,
    questions: Sequence[EvalQuestion],
    *,
    mode: Mode,
    k: int = 10,
    use_asked_on: bool = True,
) -> EvalReport:
    """Ask every question in ``mode`` and score passages and composed answers.

    With ``use_asked_on``, a question with an ``asked_on`` day is asked as of that day.
    """
    answered: list[tuple[EvalQuestion, Answer, float]] = []
    for question in questions:
        as_of = question.asked_on if use_asked_on else None
        started = time.perf_counter()
        answer = retriever.ask(question.question, k=k, mode=mode, as_of=as_of)
        answered.append((question, answer, time.perf_counter() - started))
    gold = [(q, a) for q, a, _ in answered if q.answerable]
    unanswerable = [a for q, a, _ in answered if not q.answerable]

    def first_source_rank(question: EvalQuestion, answer: Answer) -> int | None:
        for rank, passage in enumerate(answer.passages, start=1):
            if _from_source(passage, question.sources):
                return rank
        return None

    ranks = [first_source_rank(q, a) for q, a in gold]
    latencies = [seconds * 1000 for _, _, seconds in answered]
    return EvalReport(
        mode=mode,
        k=k,
        questions=len(answered),
        answerable=len(gold),
        unanswerable=len(unanswerable),
        source_hit_1=_rate([rank is not None and rank <= 1 for rank in ranks]),
        source_hit_5=_rate([rank is not None and rank <= 5 for rank in ranks]),
        source_hit_10=_rate([rank is not None and rank <= 10 for rank in ranks]),
        answer_hit_k=_rate(
            [any(contains_answer(p.text, q.answers) for p in a.passages) for q, a in gold]
        ),
        answer_in_response=_rate(
            [not a.abstained and contains_answer(a.text, q.answers) for q, a in gold]
        ),
        mrr=_rate([1 / rank if rank else 0.0 for rank in ranks]),
        abstention=_rate([a.abstained for a in unanswerable]),
        false_abstention=_rate([a.abstained for _, a in gold]),
        wrong_answer=_rate(
            [not a.abstained and not contains_answer(a.text, q.answers) for q, a in gold]
        ),
        short_coverage=_rate([a.short is not None for _, a in gold]),
        short_precision=_rate(
            [short_is_right(a.short, q.answers) for q, a in gold if a.short is not None]
        ),
        latency_p50_ms=percentile(latencies, 0.5),
        latency_p95_ms=percentile(latencies, 0.95),
    )


_ROWS = (
    ("source hit@1", "source_hit_1", "{:.3f}"),
    ("source hit@5", "source_hit_5", "{:.3f}"),
    ("source hit@10", "source_hit_10", "{:.3f}"),
    ("answer hit@k", "answer_hit_k", "{:.3f}"),
    ("answer in response", "answer_in_response", "{:.3f}"),
    ("MRR", "mrr", "{:.3f}"),
    ("abstained (unanswerable)", "abstention", "{:.3f}"),
    ("false abstention", "false_abstention", "{:.3f}"),
    ("answered without gold", "wrong_answer", "{:.3f}"),
    ("short answer shown", "short_coverage", "{:.3f}"),
    ("short answer right", "short_precision", "{:.3f}"),
    ("latency p50 ms", "latency_p50_ms", "{:.1f}"),
    ("latency p95 ms", "latency_p95_ms", "{:.1f}"),
)


def format_reports(reports: Sequence[EvalReport]) -> str:
    """The reports side by side as a plain-text table, one column per mode."""
    first = reports[0]
    header = (
        f"{first.questions} questions ({first.answerable} answerable, "
        f"{first.unanswerable} unanswerable), k={first.k}"
    )
    width = 26
    lines = [header, "metric".ljust(width) + "".join(r.mode.rjust(10) for r in reports)]
    for label, attribute, pattern in _ROWS:
        values = "".join(_cell(pattern, getattr(r, attribute)).rjust(10) for r in reports)
        lines.append(label.ljust(width) + values)
    return "\n".join(lines)


def _cell(pattern: str, value: float | None) -> str:
    return "n/a" if value is None else pattern.format(value)
