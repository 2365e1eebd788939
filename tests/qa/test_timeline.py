"""Timelines: entries in date order, undated last, the best sentence per article, day hints."""

from __future__ import annotations

from datetime import date

from qa.timeline import Candidate, build_timeline
from qa.types import Passage


def candidate(
    doc_id: str, published: date | None, sentence: str, score: float, start: int = 0
) -> Candidate:
    passage = Passage(doc_id, doc_id.upper(), None, f"/{doc_id}", sentence, 0, 500, 1, 1.0)
    return Candidate(passage, start, start + len(sentence), sentence, 1, score, published)


def test_entries_are_in_date_order_with_undated_articles_last() -> None:
    entries = build_timeline(
        [
            candidate("c.txt", date(2023, 1, 3), "The strike resumed.", 0.9),
            candidate("u.txt", None, "The plant was built in 1961.", 0.95),
            candidate("a.txt", date(2022, 6, 14), "The strike began.", 0.5),
            candidate("b.txt", date(2022, 11, 20), "The strike ended.", 0.7),
        ]
    )
    assert [e.doc_id for e in entries] == ["a.txt", "b.txt", "c.txt", "u.txt"]
    assert [e.published for e in entries][-1] is None


def test_each_article_gives_its_best_sentences_in_text_order() -> None:
    candidates = [
        candidate("a.txt", date(2022, 6, 14), "Weather was mild.", 0.1, start=0),
        candidate("a.txt", date(2022, 6, 14), "Workers walked out.", 0.8, start=40),
        candidate("a.txt", date(2022, 6, 14), "The strike began.", 0.9, start=20),
    ]
    assert [e.sentence for e in build_timeline(candidates)] == ["The strike began."]
    two = build_timeline(candidates, per_article=2)
    assert [e.sentence for e in two] == ["The strike began.", "Workers walked out."]


def test_limit_keeps_the_most_relevant_articles() -> None:
    candidates = [
        candidate("a.txt", date(2022, 1, 1), "Off topic.", 0.1),
        candidate("b.txt", date(2022, 6, 1), "On topic.", 0.9),
        candidate("c.txt", date(2021, 6, 1), "Also on topic.", 0.8),
    ]
    assert [e.doc_id for e in build_timeline(candidates, limit=2)] == ["c.txt", "b.txt"]


def test_articles_of_one_day_keep_their_relevance_order() -> None:
    day = date(2022, 6, 1)
    candidates = [candidate("z.txt", day, "Best.", 0.9), candidate("a.txt", day, "Next.", 0.5)]
    assert [e.doc_id for e in build_timeline(candidates)] == ["z.txt", "a.txt"]


def test_days_named_in_a_sentence_are_resolved_as_hints() -> None:
    (entry,) = build_timeline(
        [candidate("b.txt", date(2022, 11, 21), "The strike ended on Saturday, not today.", 0.7)]
    )
    assert [(r.text, r.label) for r in entry.relative_dates] == [("on Saturday", "2022-11-19")]
    (undated,) = build_timeline([candidate("u.txt", None, "It ended on Saturday.", 0.7)])
    assert undated.relative_dates == ()


def test_no_candidates_make_an_empty_timeline() -> None:
    assert build_timeline([]) == []
