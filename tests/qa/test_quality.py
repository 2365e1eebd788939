"""Answer quality on the golden seed questions, with floors set from measured values.

Measured in hybrid mode, k=10 (``qa eval tests/golden/seeds.jsonl --mode all``): source hit@5
1.000, answer hit@k 1.000, answer in response 0.866, abstention on unanswerable 0.429, false
abstention 0.000. The floors leave a margin of about one question.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.evaluate import EvalReport, evaluate, load_questions
from qa.retrieve import MODES, Retriever

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "seeds.jsonl"
HIT_METRICS = ("source_hit_1", "source_hit_5", "source_hit_10", "answer_hit_k")


@pytest.fixture(scope="module")
def reports(retriever: Retriever) -> dict[str, EvalReport]:
    questions = load_questions(GOLDEN)
    return {mode: evaluate(retriever, questions, mode=mode, k=10) for mode in MODES}


def test_hybrid_quality_floors(reports: dict[str, EvalReport]) -> None:
    hybrid = reports["hybrid"]
    assert hybrid.source_hit_5 >= 0.98
    assert hybrid.answer_hit_k >= 0.98
    assert hybrid.answer_in_response >= 0.84
    assert hybrid.abstention >= 0.35
    assert hybrid.false_abstention <= 0.02


@pytest.mark.parametrize("metric", HIT_METRICS)
def test_hybrid_at_least_as_good_as_either_retriever(
    reports: dict[str, EvalReport], metric: str
) -> None:
    best_single = max(getattr(reports["dense"], metric), getattr(reports["keyword"], metric))
    assert getattr(reports["hybrid"], metric) >= best_single
