"""Timelines: entries in date order, undated last, the best sentence per article, day hints."""

from __future__ import annotations

from datetime import date
from pathlib import Path

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
            candidate("a.txt", date(2022, 6, 14), "The strike began.", 0.8),
            candidate("b.txt", date(2022, 11, 20), "The strike ended.", 0.85),
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
    candidates = [candidate("z.txt", day, "Best.", 0.9), candidate("a.txt", day, "Next.", 0.7)]
    assert [e.doc_id for e in build_timeline(candidates)] == ["z.txt", "a.txt"]


def test_sentences_far_below_the_best_or_unrelated_are_left_out() -> None:
    candidates = [
        candidate("flood.txt", date(2023, 2, 23), "A flood warning for the river.", 1.2),
        candidate("storm.txt", date(2023, 3, 1), "The river rose after the storm.", 0.9),
        candidate("bake.txt", date(2022, 1, 5), "The bakery opened a shop.", 0.6),
        candidate("old.txt", None, "The river flooded the town in 1955.", 0.8),
    ]
    entries = build_timeline(candidates, limit=10)
    assert [e.doc_id for e in entries] == ["flood.txt", "storm.txt", "old.txt"]
    assert build_timeline([candidate("x.txt", None, "Unrelated.", 0.2)]) == []
    assert len(build_timeline(candidates, min_share=0.0)) == 4


def test_days_named_in_a_sentence_are_resolved_as_hints() -> None:
    (entry,) = build_timeline(
        [candidate("b.txt", date(2022, 11, 21), "The strike ended on Saturday, not today.", 0.7)]
    )
    assert [(r.text, r.label) for r in entry.relative_dates] == [("on Saturday", "2022-11-19")]
    (undated,) = build_timeline([candidate("u.txt", None, "It ended on Saturday.", 0.7)])
    assert undated.relative_dates == ()


def test_no_candidates_make_an_empty_timeline() -> None:
    assert build_timeline([]) == []


FLOOD = {
    "warning.md": "---\ntitle: Flood warning for the Ventura River\ndate: 2023-02-23\n---\n"
    "Forecasters issued a flood warning for the Ventura River as heavy rain swelled the river "
    "on Thursday.\n\nWhat residents near the Ventura River flood warning should know\n\n"
    "Residents near the river banks were told to move to higher ground.\n",
    "history.txt": "The great flood of 1955\n\n"
    "In 1955 the river broke its banks after a flood warning came too late for the valley.\n",
    "bakery.md": "---\ntitle: Bakery opens second shop\ndate: 2022-01-05\n---\n"
    "The family bakery opened its second shop on Main Street, selling rye bread and pastries.\n",
    "chess.md": "---\ntitle: Chess club wins the league\ndate: 2022-05-14\n---\n"
    "The town chess club won the regional league after a final round draw on Sunday.\n",
    "budget.md": "---\ntitle: Council passes the budget\ndate: 2022-09-30\n---\n"
    "The council passed next year's budget with more money for schools and libraries.\n",
}


def test_a_timeline_is_not_padded_with_unrelated_articles(tmp_path: Path) -> None:
    from qa.index.build import build_index
    from qa.retrieve import Retriever

    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in FLOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    build_index([folder], index_dir=tmp_path / "index")
    with Retriever.open(tmp_path / "index") as retriever:
        entries = retriever.timeline("flood warning river", k=5, per_article=2)
        marathon = retriever.timeline("marathon", k=2)
        made_up = retriever.timeline("zebra quantum spaghetti bread", k=2)
    assert [e.doc_id for e in entries][:1] + [e.doc_id for e in entries][-1:] == [
        "warning.md",
        "history.txt",  # undated last
    ]
    assert not [e.sentence for e in entries if "should know" in e.sentence]  # a subheading
    assert marathon == made_up == []
