"""Retrieval with dates: as_of leaves out later articles, since/until filter, "latest" wins."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from qa.conversation import Conversation, Turn
from qa.errors import BadDate, NoArticlesInRange
from qa.followup import Cited
from qa.retrieve import Retriever
from tests.dated import ARTICLES, BEFORE_MARCH


@pytest.fixture(scope="module")
def dated(dated_index: Path) -> Iterator[Retriever]:
    retriever = Retriever.open(dated_index)
    yield retriever
    retriever.close()


def doc_ids(passages) -> list[str]:
    return [passage.doc_id for passage in passages]


def test_articles_published_after_as_of_are_not_used(dated: Retriever) -> None:
    question = "When was the Lakeside water plant strike settled with a pension deal?"
    assert "march.txt" in doc_ids(dated.search(question, k=5))
    found = doc_ids(dated.search(question, k=5, as_of=BEFORE_MARCH))
    assert "march.txt" not in found
    assert found
    answer = dated.ask(question, as_of=BEFORE_MARCH)
    assert all(citation.doc_id != "march.txt" for citation in answer.citations)


def test_undated_articles_are_kept_by_as_of(dated: Retriever) -> None:
    found = doc_ids(dated.search("When was the Lakeside water plant built?", as_of="2000-01-01"))
    assert found == ["history.txt"]


def test_latest_picks_the_newest_article_before_as_of(dated: Retriever) -> None:
    question = "What is the latest news about the Lakeside water plant strike?"
    for as_of, newest in [(BEFORE_MARCH, "january.txt"), ("2022-12-01", "november.txt")]:
        answer = dated.ask(question, as_of=as_of)
        assert answer.passages[0].doc_id == newest
        assert answer.citations and answer.citations[0].doc_id == newest


@pytest.mark.parametrize(
    ("as_of", "freshest"),
    [("2022-12-01", "november.txt"), (BEFORE_MARCH, "january.txt"), ("2023-06-01", "march.txt")],
)
def test_without_time_words_the_coverage_just_before_as_of_leads(
    dated: Retriever, as_of: str, freshest: str
) -> None:
    # Every article answers it; the June one matches the words best.
    question = "Why are the Lakeside water plant workers on strike?"
    assert dated.search(question, k=1, as_of=as_of)[0].doc_id == freshest


def test_leaving_out_a_few_articles_finds_what_filtering_by_the_rest_finds(
    dated: Retriever, monkeypatch: pytest.MonkeyPatch
) -> None:
    import qa.retrieve

    def found() -> list[tuple[str, int, float]]:
        with Retriever.open(dated.index_dir) as retriever:
            passages = retriever.search(question, as_of=BEFORE_MARCH)
        return [(p.doc_id, p.start, pytest.approx(p.score, abs=1e-6)) for p in passages]

    question = "What did union leader Mara Quill say about the pensions?"
    dropped = found()  # march.txt is left out of the results
    monkeypatch.setattr(qa.retrieve, "EXCLUDED_LIMIT", 0)
    assert found() == dropped  # the searches see only the other articles' chunks
    assert "march.txt" not in {doc_id for doc_id, _, _ in dropped}


def test_since_and_until_keep_only_articles_dated_in_the_range(dated: Retriever) -> None:
    found = doc_ids(
        dated.search("Lakeside water plant strike", k=5, since="2022-11", until="2022-12")
    )
    assert found == ["november.txt"]
    found = doc_ids(dated.search("Lakeside water plant", k=5, since="2022"))
    assert set(found) == {"june.txt", "november.txt", "january.txt", "march.txt"}


def test_ranges_without_articles_and_bad_dates_are_clear_errors(dated: Retriever) -> None:
    with pytest.raises(NoArticlesInRange, match="on or after 2024-01-01"):
        dated.search("Lakeside water plant", since="2024")
    with pytest.raises(NoArticlesInRange, match="on or before 2019-12-31"):
        dated.search("Lakeside water plant", as_of="2020-01-01", until="2019")
    with pytest.raises(BadDate, match="since='soon'"):
        dated.ask("Lakeside water plant", since="soon")
    with pytest.raises(BadDate, match="as_of='2023-01'"):
        dated.ask("Lakeside water plant", as_of="2023-01")


def test_a_conversation_asks_as_of_its_day(dated: Retriever) -> None:
    chat = Conversation(dated, as_of="2022-12-01")
    answer = chat.ask("What is the latest on the Lakeside water plant strike?")
    assert answer.passages[0].doc_id == "november.txt"
    follow_up = chat.ask("And what did Mara Quill say?")
    assert {p.doc_id for p in follow_up.passages} <= {"june.txt", "november.txt", "history.txt"}


def test_a_timeline_tells_the_story_in_date_order(dated: Retriever) -> None:
    entries = dated.timeline("Lakeside water plant strike", k=5, as_of=BEFORE_MARCH)
    ids = [entry.doc_id for entry in entries]
    assert ids[:3] == ["june.txt", "november.txt", "january.txt"]
    assert "march.txt" not in ids
    assert all(entry.sentence in ARTICLES[entry.doc_id][1] for entry in entries)
    november = entries[1]
    assert november.published is not None and november.published.isoformat() == "2022-11-20"
    if "Saturday" in november.sentence:
        assert [r.label for r in november.relative_dates] == ["2022-11-19"]


def test_a_timeline_can_be_limited_to_a_range(dated: Retriever) -> None:
    entries = dated.timeline("Lakeside water plant strike", since="2022-11", until="2023-01")
    assert [entry.doc_id for entry in entries] == ["november.txt", "january.txt"]


def test_eval_asks_each_question_as_of_its_day(dated: Retriever) -> None:
    from qa.evaluate import EvalQuestion, evaluate

    question = EvalQuestion(
        id="1",
        question="What is the latest news about the Lakeside water plant strike?",
        answers=("nine percent",),
        sources=("november",),
        type="news-quiz",
        asked_on="2022-12-01",
    )
    asked_then = evaluate(dated, [question], mode="hybrid")
    asked_today = evaluate(dated, [question], mode="hybrid", use_asked_on=False)
    assert (asked_then.source_hit_1, asked_then.answer_in_response) == (1.0, 1.0)
    assert asked_today.source_hit_1 == 0.0


def test_what_happened_next_answers_from_later_articles(dated: Retriever) -> None:
    text = ARTICLES["june.txt"][1]
    sentence = "The strike at the Lakeside water plant began this week when two hundred workers"
    start = text.index(sentence)
    began = Turn(
        question="When did the Lakeside water plant strike begin?",
        standalone="When did the Lakeside water plant strike begin?",
        short=None,
        sentences=(sentence,),
        cited=(Cited("june.txt", start, start + len(sentence), "2022-06-14"),),
    )
    then = Conversation(dated, turns=[began]).ask("What happened next?")
    assert not then.abstained
    later = {"november.txt", "january.txt", "march.txt"}
    assert {c.doc_id for c in then.citations} & later
    for citation in then.citations:  # a later article, or what follows in the story
        story = citation.doc_id == "june.txt" and citation.start > start
        assert citation.doc_id in later or story


@pytest.mark.parametrize(
    "excluded",
    [set(), set(range(0, 200, 2)), set(range(150)), set(range(1000)), {299}],
)
def test_excluded_chunks_are_dropped_from_the_best_hits(excluded: set[int]) -> None:
    from qa.retrieve import CANDIDATES_PER_RETRIEVER, _excluding

    hits = [(chunk_id, -float(chunk_id)) for chunk_id in range(300)]
    best = [hit for hit in hits if hit[0] not in excluded][:CANDIDATES_PER_RETRIEVER]
    assert _excluding(lambda k: hits[:k], frozenset(excluded)) == best


NAMESAKES = {
    "notices.txt": (
        "2022-09-02",
        "Varnholm notices\n\n"
        "June Harlow, 88, rode the Varnholm ferry every day of her life.\n"
        "August Berg, 91, sold tickets for the ferry in June and in August for forty years.\n",
    ),
    "strike.txt": (
        "2022-07-12",
        "Varnholm ferry crews strike\n\n"
        "Crews of the Varnholm ferry went on strike on Monday over pay, and crossings stopped.\n",
    ),
}


def test_month_names_choose_dates_not_namesakes_in_a_dated_collection(
    tmp_path: Path, fast_builds: None
) -> None:
    from qa.index.build import build_index
    from tests.conftest import write_dates

    articles = tmp_path / "articles"
    articles.mkdir()
    for name, (_, text) in NAMESAKES.items():
        (articles / name).write_text(text, encoding="utf-8")
    build_index([articles], index_dir=tmp_path / "index")
    write_dates(tmp_path / "index", {name: day for name, (day, _) in NAMESAKES.items()})
    question = "What happened to the Varnholm ferry between June and August?"
    with Retriever.open(tmp_path / "index") as retriever:
        for mode in ("keyword", "hybrid"):
            found = retriever.search(question, k=2, mode=mode, as_of="2022-12-01")
            assert doc_ids(found)[0] == "strike.txt", mode
    # Undated, the same words are all there is to go by: the notices name June and August.
    write_dates(tmp_path / "index", dict.fromkeys(NAMESAKES))
    with Retriever.open(tmp_path / "index") as retriever:
        found = retriever.search(question, k=2, mode="keyword", as_of="2022-12-01")
        assert doc_ids(found)[0] == "notices.txt"


def test_a_question_naming_a_day_is_answered_from_that_days_coverage(dated: Retriever) -> None:
    # Monday 2023-01-02 is in the January article only; Mara Quill speaks in four articles.
    answer = dated.ask("What did union leader Mara Quill say on Monday?", as_of=BEFORE_MARCH)
    assert answer.passages[0].doc_id == "january.txt"
    assert {citation.doc_id for citation in answer.citations} == {"january.txt"}
