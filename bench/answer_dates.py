"""How often answers on news-2023 mix articles of several dates or name relative days.

``python -m bench.answer_dates INDEX`` asks each quiz question of news-2023 as of its
``asked_on`` day and counts the answers whose citations come from articles of more than one date
(shown in date order, each sentence after its date) and those with a relative date resolved
beside its words.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from qa.retrieve import Retriever

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT.parent / "shared" / "eval" / "news-2023" / "questions.jsonl"


def main() -> None:
    asked = answered = mixed = hinted = hints = 0
    with Retriever.open(sys.argv[1]) as retriever:
        for line in QUESTIONS.read_text(encoding="utf-8").splitlines():
            question = json.loads(line)
            answer = retriever.ask(question["question"], as_of=question.get("asked_on"))
            asked += 1
            if answer.abstained:
                continue
            answered += 1
            mixed += len({citation.date for citation in answer.citations}) > 1
            found = sum(len(citation.relative_dates) for citation in answer.citations)
            hinted += found > 0
            hints += found
    print(
        f"{asked} questions, {answered} answered: {mixed} answers cite articles of more than one "
        f"date, {hinted} show a relative date resolved ({hints} in all)"
    )


if __name__ == "__main__":
    main()
