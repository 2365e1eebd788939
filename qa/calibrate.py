"""``make calibrate``: fit the sentence ranker and the answer thresholds on the fit questions.

Usage::

    python -m qa.calibrate --set NAME=INDEX_DIR:QUESTIONS.jsonl [--set ...] [--limit N] [--out F]

For every question of the ``fit`` part (``qa.splits``) of each set, the passages are retrieved (as
of the question's ``asked_on`` day when it has one, as ``qa eval`` asks it) and
the candidate sentences described (``qa.answer.score_candidates``); a sentence is labelled 1 when
it holds a gold answer string. A logistic regression (L2-regularised, Newton's method, every set
weighing the same and every question the same within its set) is fit on the answerable questions;
then ``max_drop``, ``abstain_below`` and ``short_above`` are chosen on the same fit questions
(rules at ``choose_thresholds``). The result, with the command, the data and the fit values, is
written to ``qa/ranker.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from qa.answer import Scored, answer_from_scores, score_candidates
from qa.candidates import MAX_PASSAGES
from qa.evaluate import EvalQuestion, contains_answer, load_questions, short_is_right
from qa.features import ABSOLUTE, FEATURES
from qa.ranker import RANKER_FILE, Ranker
from qa.retrieve import Retriever
from qa.short import short_candidate
from qa.splits import select
from qa.types import Passage

L2 = 1.0
"""Ridge penalty of the logistic regression, on standardised features."""
FALSE_ABSTENTION = 0.02
"""Most fit answerable questions of any set that ``abstain_below`` may refuse."""
SHORT_PRECISION = 0.9
"""Least share of right short answers among those shown on the fit questions."""
DROPS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0)
"""``max_drop`` values tried (see ``choose_thresholds``)."""
REDUNDANCIES = (0.25, 0.1, 0.0)
"""``redundancy`` values tried (see ``choose_thresholds``)."""
TOLERANCE = 0.005
"""How far below the best answer-in-response a shorter or more varied answer may be."""


@dataclass(frozen=True)
class Example:
    """One fit question with its retrieved passages, scored candidates and labels."""

    set_name: str
    question: EvalQuestion
    passages: tuple[Passage, ...]
    scored: Scored
    labels: np.ndarray


def collect(name: str, retriever: Retriever, questions: Sequence[EvalQuestion]) -> list[Example]:
    """Retrieve and describe the candidates of every question."""
    examples = []
    for question in questions:
        passages = tuple(
            retriever.search(question.question, k=MAX_PASSAGES, as_of=question.asked_on)
        )
        scored = score_candidates(
            question.question, passages, sentences=retriever.sentences, encode=retriever.encode
        )
        labels = np.array(
            [contains_answer(c.text, question.answers) for c in scored.candidates], dtype=float
        )
        examples.append(Example(name, question, passages, scored, labels))
    return examples


def fit_logistic(
    features: np.ndarray, labels: np.ndarray, weights: np.ndarray, *, l2: float = L2
) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """Weighted, L2-regularised logistic regression by Newton's method.

    Returns:
        ``(coefficients, intercept, means, scales)`` on standardised features.
    """
    means = np.average(features, axis=0, weights=weights)
    scales = np.sqrt(np.average((features - means) ** 2, axis=0, weights=weights))
    scales[scales < 1e-9] = 1.0
    design = np.hstack([(features - means) / scales, np.ones((len(features), 1))])
    weights = weights / weights.mean()
    penalty = np.full(design.shape[1], l2)
    penalty[-1] = 0.0
    theta = np.zeros(design.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-design @ theta))
        gradient = design.T @ (weights * (p - labels)) + penalty * theta
        hessian = (design * (weights * p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.abs(step).max() < 1e-8:
            break
    return theta[:-1], float(theta[-1]), means, scales


def training_data(examples: Sequence[Example]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels and weights of the answerable examples' candidates."""
    answerable = [e for e in examples if e.question.answerable and len(e.labels)]
    per_set: dict[str, int] = {}
    for example in answerable:
        per_set[example.set_name] = per_set.get(example.set_name, 0) + 1
    features = np.vstack([e.scored.features for e in answerable])
    labels = np.concatenate([e.labels for e in answerable])
    weights = np.concatenate(
        [np.full(len(e.labels), 1 / (len(e.labels) * per_set[e.set_name])) for e in answerable]
    )
    return features, labels, weights


def _answers(examples: Sequence[Example], ranker: Ranker) -> list:
    return [
        answer_from_scores(
            q.question.question, q.passages, q.scored, line_at=_no_line, ranker=ranker
        )
        for q in examples
    ]


def _no_line(doc_id: str, offset: int) -> int:
    return 0


def choose_thresholds(examples: Sequence[Example], ranker: Ranker) -> tuple[Ranker, dict]:
    """``max_drop``, then ``abstain_below``, then ``short_above``, on the fit examples.

    - ``max_drop`` and ``redundancy``: the smallest drop of ``DROPS``, then the largest of
      ``REDUNDANCIES``, whose mean answer-in-response over the sets (without abstaining) is
      within ``TOLERANCE`` of the best;
    - ``abstain_below``: the highest best-sentence probability that refuses at most
      ``FALSE_ABSTENTION`` of any set's answerable questions;
    - ``short_above``: the lowest confidence at which the short answers shown are right at
      least ``SHORT_PRECISION`` of the time (pooled over the sets).
    """
    sets = sorted({e.set_name for e in examples})
    answerable = [e for e in examples if e.question.answerable]
    open_ranker = replace(ranker, abstain_below=0.0, short_above=2.0)

    def in_response(drop: float, redundancy: float) -> float:
        answers = _answers(answerable, replace(open_ranker, max_drop=drop, redundancy=redundancy))
        rates = []
        for name in sets:
            hits = [
                contains_answer(a.text, e.question.answers)
                for e, a in zip(answerable, answers, strict=True)
                if e.set_name == name
            ]
            if hits:
                rates.append(float(np.mean(hits)))
        return float(np.mean(rates))

    scores = {(d, r): in_response(d, r) for d in DROPS for r in REDUNDANCIES}
    best = max(scores.values())
    max_drop, redundancy = min(
        (pair for pair, score in scores.items() if score >= best - TOLERANCE),
        key=lambda pair: (pair[0], -pair[1]),
    )

    def best_probability(example: Example) -> float:
        return ranker.answerable(example.scored.features)

    limits = []
    for name in sets:
        tops = sorted(best_probability(e) for e in answerable if e.set_name == name)
        if tops:
            limits.append(tops[int(FALSE_ABSTENTION * len(tops))])
    abstain_below = min(limits) if limits else 0.0

    shorts = []
    for example in answerable:
        if not len(example.labels):
            continue
        probabilities = ranker.probabilities(example.scored.features)
        best_index = int(np.argmax(probabilities))
        found = short_candidate(
            example.question.question,
            example.scored.candidates[best_index].text,
            probability=float(probabilities[best_index]),
        )
        if found is not None and best_probability(example) >= abstain_below:
            shorts.append((found.confidence, short_is_right(found.text, example.question.answers)))
    shorts.sort(reverse=True)
    short_above, right = 2.0, 0
    for shown, (confidence, correct) in enumerate(shorts, start=1):
        right += correct
        if right / shown >= SHORT_PRECISION:
            short_above = confidence
    unanswerable = [best_probability(e) for e in examples if not e.question.answerable]
    measured = {
        "answer_in_response_by_max_drop_and_redundancy": {
            f"{d} {r}": round(s, 4) for (d, r), s in scores.items()
        },
        "short_candidates": len(shorts),
        "fit_unanswerable_refused": round(
            float(np.mean([p < abstain_below for p in unanswerable])) if unanswerable else 0.0, 4
        ),
    }
    chosen = replace(
        ranker,
        max_drop=max_drop,
        redundancy=redundancy,
        abstain_below=abstain_below,
        short_above=short_above,
    )
    return chosen, measured


def calibrate(sets: dict[str, tuple[Path, Path]], *, limit: int | None, command: str) -> Ranker:
    """Fit the ranker on the fit part of ``sets`` (name -> index dir, question file)."""
    examples: list[Example] = []
    data = {}
    for name, (index_dir, questions_file) in sets.items():
        questions = select(load_questions(questions_file), "fit", limit=limit)
        retriever = Retriever.open(index_dir)
        examples.extend(collect(name, retriever, questions))
        retriever.close()
        data[name] = {"questions": str(questions_file), "part": "fit", "count": len(questions)}
        print(f"{name}: {len(questions)} fit questions", file=sys.stderr)
    features, labels, weights = training_data(examples)
    coefficients, intercept, means, scales = fit_logistic(features, labels, weights)
    absolute = np.array([name in ABSOLUTE for name in FEATURES])
    # Same data and weights, so the same standardisation: the other features weigh 0.
    judged, answerable_bias, _, _ = fit_logistic(features[:, absolute], labels, weights)
    answerable_weights = np.zeros(len(FEATURES))
    answerable_weights[absolute] = judged
    ranker = Ranker(
        weights=tuple(round(float(w), 6) for w in coefficients),
        bias=round(intercept, 6),
        answerable_weights=tuple(round(float(w), 6) for w in answerable_weights),
        answerable_bias=round(answerable_bias, 6),
        means=tuple(round(float(m), 6) for m in means),
        scales=tuple(round(float(s), 6) for s in scales),
        abstain_below=0.0,
        max_drop=0.1,
        redundancy=0.0,
        short_above=2.0,
    )
    ranker, measured = choose_thresholds(examples, ranker)
    provenance = {
        "command": command,
        "data": data,
        "candidates": len(labels),
        "positives": int(labels.sum()),
        "l2": L2,
        "false_abstention_limit": FALSE_ABSTENTION,
        "short_precision_floor": SHORT_PRECISION,
        **measured,
    }
    return replace(ranker, provenance=provenance)


def _parse_set(text: str) -> tuple[str, tuple[Path, Path]]:
    name, _, rest = text.partition("=")
    index_dir, _, questions = rest.partition(":")
    if not (name and index_dir and questions):
        raise argparse.ArgumentTypeError(f"expected NAME=INDEX_DIR:QUESTIONS.jsonl, got {text!r}")
    return name, (Path(index_dir), Path(questions))


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line, calibrate, write the ranker file."""
    parser = argparse.ArgumentParser(prog="python -m qa.calibrate", description=__doc__)
    parser.add_argument("--set", dest="sets", action="append", type=_parse_set, required=True)
    parser.add_argument("--limit", type=int, default=400, help="most fit questions per set")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name(RANKER_FILE))
    args = parser.parse_args(argv)
    command = "python -m qa.calibrate " + " ".join(sys.argv[1:] if argv is None else argv)
    ranker = calibrate(dict(args.sets), limit=args.limit, command=command)
    args.out.write_text(json.dumps(ranker.to_json(), indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in ranker.to_json().items() if k != "provenance"}, indent=1))
    print(json.dumps(ranker.provenance, indent=1))


if __name__ == "__main__":
    main()
