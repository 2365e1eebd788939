"""Answer quality on the report part of the developer sets (``qa.splits``), with floors.

Every floor names the value it protects, measured by ``make bench-answers`` (hybrid, k=10) on the
same questions; the ranker and thresholds were fit on the other part (``make calibrate``). Floors
leave a margin of about one question (seeds) or two points (SQuAD).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.conversation import Conversation
from qa.evaluate import EvalQuestion, EvalReport, contains_answer, evaluate, load_questions
from qa.retrieve import MODES, Retriever
from qa.splits import part_of, select
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
SQUAD = ROOT.parent / "shared" / "eval" / "squad-dev-a"
SQUAD_ARTICLES = ("13_1973_oil_crisis", "19_Packet_switching")
"""Two report-part SQuAD articles, small enough to index in a test."""
HIT_METRICS = ("source_hit_1", "source_hit_5", "source_hit_10", "answer_hit_k")


@pytest.fixture(scope="module")
def reports(retriever: Retriever) -> dict[str, EvalReport]:
    questions = select(load_questions(GOLDEN / "seeds.jsonl"), "report")
    return {mode: evaluate(retriever, questions, mode=mode, k=10) for mode in MODES}


def test_seeds_report_quality_floors(reports: dict[str, EvalReport]) -> None:
    hybrid = reports["hybrid"]
    assert hybrid.source_hit_1 >= 0.88  # measured 0.912 (34 answerable)
    assert hybrid.answer_hit_k >= 0.97  # measured 1.000
    assert hybrid.answer_in_response >= 0.88  # measured 0.912 (before the ranker: 0.853)
    assert hybrid.abstention >= 0.33  # measured 0.500 of 6 unanswerable (before: 0.500)
    assert hybrid.false_abstention <= 0.03  # measured 0.000


@pytest.mark.parametrize("metric", HIT_METRICS)
def test_hybrid_at_least_as_good_as_either_retriever(
    reports: dict[str, EvalReport], metric: str
) -> None:
    best_single = max(getattr(reports["dense"], metric), getattr(reports["keyword"], metric))
    assert getattr(reports["hybrid"], metric) >= best_single


def _conversations(name: str) -> list[dict]:
    rows = [json.loads(line) for line in (GOLDEN / f"conversations-{name}.jsonl").open()]
    return [
        row
        for row in rows
        if part_of(EvalQuestion(row["id"], "", (), tuple(row["sources"]), "")) == "report"
    ]


def test_seeds_follow_ups_hold_the_gold_answer(retriever: Retriever) -> None:
    hits = []
    for row in _conversations("seeds"):
        chat = Conversation(retriever)
        chat.ask(row["turns"][0])
        answer = chat.ask(row["turns"][1])
        hits.append(not answer.abstained and contains_answer(answer.text, row["answers"]))
    # measured 5 of 6 (before the rewriting: 3 of 4; before qa.followup, on these 6: 5 of 6)
    assert sum(hits) >= len(hits) - 1


@pytest.fixture(scope="module")
def squad_retriever(tmp_path_factory: pytest.TempPathFactory, model_cache: Path):
    if not SQUAD.is_dir():
        pytest.skip("../shared/eval/squad-dev-a is not here")
    from qa.index.build import build_index

    index_dir = tmp_path_factory.mktemp("squad-index")
    build_index(
        [SQUAD / "articles" / f"{name}.txt" for name in SQUAD_ARTICLES], index_dir=index_dir
    )
    opened = Retriever.open(index_dir)
    yield opened
    opened.close()


def test_squad_report_articles_answer_in_response(squad_retriever: Retriever) -> None:
    questions = [
        q
        for q in select(load_questions(SQUAD / "questions.jsonl"), "report")
        if q.sources[0] in SQUAD_ARTICLES
    ]
    report = evaluate(squad_retriever, select(questions, None, limit=80), mode="hybrid", k=10)
    assert report.answer_in_response >= 0.91  # measured 0.9375 on these 80 (before: 0.875)
    assert report.false_abstention <= 0.03


def test_squad_follow_ups_on_the_indexed_articles_hold_the_gold_answer(
    squad_retriever: Retriever,
) -> None:
    rows = [row for row in _conversations("squad") if row["sources"][0] in SQUAD_ARTICLES]
    hits = []
    for row in rows:
        chat = Conversation(squad_retriever)
        chat.ask(row["turns"][0])
        answer = chat.ask(row["turns"][1])
        hits.append(not answer.abstained and contains_answer(answer.text, row["answers"]))
    assert len(hits) == 4
    assert sum(hits) >= 2  # measured 2 of 4 on an index of these two articles only
