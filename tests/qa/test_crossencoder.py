"""The answer cross-encoder: shipped tensors, the ONNX graph against torch, answers it prefers."""

from __future__ import annotations

import tomllib

import numpy as np
import pytest

from qa.candidates import candidate_sentences
from qa.crossencoder import (
    TENSORS_FILE,
    TRAINED_LAYERS,
    load_cross_encoder,
    provenance,
    tensors_path,
)
from qa.evaluate import EvalQuestion, contains_answer, load_questions
from qa.retrieve import Retriever
from qa.splits import select
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"


def _report_questions() -> list[EvalQuestion]:
    return [q for q in select(load_questions(GOLDEN / "seeds.jsonl"), "report") if q.answers]


def _article_sentences(retriever: Retriever, question: EvalQuestion) -> list[str] | None:
    """The candidate sentences of the first retrieved passage holding a gold answer in some but
    not all of them."""
    for passage in retriever.search(question.question, k=5):
        texts = [c.text for c in candidate_sentences([passage], retriever.sentences)]
        holds = [contains_answer(text, question.answers) for text in texts]
        if any(holds) and not all(holds):
            return texts
    return None


def test_shipped_tensors_are_package_data_with_their_provenance() -> None:
    from safetensors.numpy import load_file

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert "*.safetensors" in config["setuptools"]["package-data"]["qa"]
    assert tensors_path().name == TENSORS_FILE
    assert tensors_path().stat().st_size < 30_000_000
    layers = {name.split(".")[2] for name in load_file(str(tensors_path())) if "layer" in name}
    assert len(layers) == TRAINED_LAYERS
    recorded = provenance()
    assert recorded["command"].startswith("python -m qa.crossfit")
    assert recorded["seed"] == recorded["seed"] and set(recorded["data"]) >= {"squad", "news"}


def test_onnx_graph_gives_the_torch_models_log_odds(retriever: Retriever) -> None:
    pytest.importorskip("torch")
    from safetensors.numpy import load_file

    from qa.crossfit import reference, reference_logits

    pairs = []
    for question in _report_questions()[:3]:
        texts = _article_sentences(retriever, question) or []
        pairs.extend((question.question, text) for text in texts[:4])
    model, head = reference(load_file(str(tensors_path())))
    expected = reference_logits(model, head, pairs)
    scorer = load_cross_encoder(quantized=False)
    got = np.concatenate([scorer.logits(q, [s]) for q, s in pairs])
    np.testing.assert_allclose(got, expected, atol=2e-3)
    assert np.ptp(expected) > 0.5  # the pairs are told apart, so agreement means something


def test_prefers_the_answering_sentence_of_an_article(retriever: Retriever) -> None:
    """For report-split golden questions, the sentence it scores highest among those of the
    passage that holds the gold answer is one that says it, against that article's others."""
    scorer = load_cross_encoder()
    tried = right = 0
    for question in select(load_questions(GOLDEN / "seeds.jsonl"), "report"):
        if not question.answers:
            continue
        passages = retriever.search(question.question, k=5)
        for candidates in (candidate_sentences([p], retriever.sentences) for p in passages):
            holds = [contains_answer(c.text, question.answers) for c in candidates]
            if any(holds) and not all(holds):
                logits = scorer.logits(question.question, [c.text for c in candidates])
                tried += 1
                right += holds[int(np.argmax(logits))]
                break
        if tried == 12:
            break
    assert tried == 12
    assert right >= 10  # measured
