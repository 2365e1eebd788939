"""Timelines of ten news-2023 stories, printed for checking by hand, and their measured quality.

``python -m bench.timeline INDEX`` prints the timeline (``k=5``, as of the last question's day)
of each topic with its entries' keys; ``python -m bench.timeline [INDEX] --score`` prints the share
of entries judged right in ``bench/timeline_verdicts.tsv`` (with INDEX, of the entries the
timelines show now: judged entries they no longer show are left out, shown ones not judged
counted) (topic number, article id, sentence
offset, ``date`` right or wrong, ``topic`` right or wrong; no article text is stored). An entry's
date is right when the day shown (the article's date, or the day a hint resolves) is when what
the sentence reports happened or was reported; its topic when the sentence is about the story.
"""

from __future__ import annotations

import sys
from pathlib import Path

from qa.relative_dates import annotate
from qa.retrieve import Retriever

TOPICS = (
    "Damar Hamlin cardiac arrest",
    "Chinese spy balloon shot down",
    "Turkey Syria earthquake",
    "Fox News Dominion defamation lawsuit",
    "SpaceX Starship rocket test flight",
    "Netflix password sharing crackdown",
    "Ron DeSantis presidential campaign",
    "Powerball jackpot",
    "Texas floating barriers Rio Grande",
    "Pelé death tributes",
)
AS_OF = "2023-11-17"
K = 5
VERDICTS = Path(__file__).with_name("timeline_verdicts.tsv")


def main() -> None:
    paths = [arg for arg in sys.argv[1:] if arg != "--score"]
    if "--score" in sys.argv:
        rows = [line.split("\t") for line in VERDICTS.read_text().splitlines() if line.strip()]
        if paths:
            shown = set(_entries(paths[0]))
            unjudged = shown - {tuple(row[:3]) for row in rows}
            rows = [row for row in rows if tuple(row[:3]) in shown]
            print(f"{len(shown)} entries shown, {len(unjudged)} not judged: {sorted(unjudged)}")
        both = sum(row[3] == "right" and row[4] == "right" for row in rows)
        dates = sum(row[3] == "right" for row in rows)
        topics = sum(row[4] == "right" for row in rows)
        print(
            f"{len(rows)} entries of {len({row[0] for row in rows})} topics: date right "
            f"{dates / len(rows):.3f}, about the topic {topics / len(rows):.3f}, "
            f"both {both / len(rows):.3f}"
        )
        return
    retriever = Retriever.open(paths[0])
    for number, topic in enumerate(TOPICS, start=1):
        print(f"== {number}. {topic}")
        for entry in retriever.timeline(topic, k=K, as_of=AS_OF):
            day = entry.published.isoformat() if entry.published else "undated"
            print(f"   {number}\t{entry.doc_id}\t{entry.start}\t{day}")
            print(f"      {annotate(entry.sentence, list(entry.relative_dates))}")


def _entries(index: str) -> list[tuple[str, str, str]]:
    """The (topic number, article id, sentence offset) of every entry the timelines show."""
    with Retriever.open(index) as retriever:
        return [
            (str(number), entry.doc_id, str(entry.start))
            for number, topic in enumerate(TOPICS, start=1)
            for entry in retriever.timeline(topic, k=K, as_of=AS_OF)
        ]


if __name__ == "__main__":
    main()
