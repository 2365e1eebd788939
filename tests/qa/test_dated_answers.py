"""Answers and dates: relative dates in cited sentences resolved, sentences in date order."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from qa.answer import order_sentences
from qa.candidates import Candidate
from qa.cli import cli
from qa.display import answer_body, short_shown
from qa.relative_dates import date_hints
from qa.retrieve import Retriever
from qa.types import Answer, Citation, Passage
from tests.dated import ARTICLES, BEFORE_MARCH

QUILL = "What did union leader Mara Quill say about the Lakeside water plant strike?"
ENDED = "When did the Lakeside water plant strike end?"
SPANNING = f"{QUILL[:-1]} over the months?"


def candidate(doc_id: str, day: str | None, start: int) -> Candidate:
    passage = Passage(doc_id, doc_id, None, f"/{doc_id}", "x" * 200, 0, 200, 1, 1.0, date=day)
    return Candidate(passage, 0, start, start + 10, "x" * 10)


CHOSEN = [
    candidate("new.txt", "2023-01-03", 50),
    candidate("undated.txt", None, 0),
    candidate("old.txt", "2022-06-14", 90),
    candidate("new.txt", "2023-01-03", 10),
    candidate("old.txt", "2022-06-14", 20),
]


def test_the_best_sentences_article_leads_the_others_follow_in_date_order() -> None:
    ordered = [(c.passage.doc_id, c.start) for c in order_sentences(CHOSEN)]
    assert ordered == [
        ("new.txt", 10),
        ("new.txt", 50),
        ("old.txt", 20),
        ("old.txt", 90),
        ("undated.txt", 0),
    ]
    undated_best = [CHOSEN[1], *CHOSEN[2:], CHOSEN[0]]
    assert [c.passage.doc_id for c in order_sentences(undated_best)][:1] == ["undated.txt"]


def test_without_best_first_every_article_is_in_date_order_undated_last() -> None:
    ordered = [(c.passage.doc_id, c.start) for c in order_sentences(CHOSEN, best_first=False)]
    assert ordered == [
        ("old.txt", 20),
        ("old.txt", 90),
        ("new.txt", 10),
        ("new.txt", 50),
        ("undated.txt", 0),
    ]


def test_articles_of_one_date_keep_the_best_first() -> None:
    chosen = [candidate("best.txt", "2022-06-14", 0), candidate("next.txt", "2022-06-14", 0)]
    for best_first in (True, False):
        ordered = order_sentences(chosen, best_first=best_first)
        assert [c.passage.doc_id for c in ordered] == ["best.txt", "next.txt"]


PANDAS = {
    "birth.md": "---\ntitle: Twin panda cubs born at the City Zoo\ndate: 2023-05-02\n---\n"
    "The City Zoo's giant panda Mei gave birth to twin cubs on Monday.\n\n"
    "The first panda cub weighed 150 grams at birth and the second weighed 120 grams, "
    "keepers said.\n\nBoth panda cubs are feeding well and are kept with their mother.\n",
    "checkup.md": "---\ntitle: Panda cubs pass first check-up\ndate: 2023-06-20\n---\n"
    "The twin panda cubs at the City Zoo weighed more than two kilograms each at their first "
    "check-up.\n\nVets said the panda cubs had opened their eyes and were growing fast.\n",
    "names.txt": "Zoo names its panda cubs\n\n"
    "The City Zoo has named its twin panda cubs Bao and Lin after a public vote.\n\n"
    "More than ten thousand visitors took part in the vote, the zoo said.\n",
}


def test_the_answer_leads_even_from_an_undated_article(tmp_path: Path) -> None:
    from qa.index.build import build_index

    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in PANDAS.items():
        (folder / name).write_text(text, encoding="utf-8")
    build_index([folder], index_dir=tmp_path / "index")
    with Retriever.open(tmp_path / "index") as retriever:
        answer = retriever.ask("What are the panda cubs named?")
    assert len({c.doc_id for c in answer.citations}) > 1  # dated articles are cited too
    assert "Bao and Lin" in answer.citations[0].sentence
    assert answer.citations[0].date is None
    assert "Bao and Lin" in answer.text.split("[1]")[0]


def test_an_answer_from_several_dates_leads_with_the_best_then_tells_the_rest_in_date_order(
    dated_index: Path,
) -> None:
    with Retriever.open(dated_index) as retriever:
        answer = retriever.ask(QUILL, as_of=BEFORE_MARCH)
    dates = [citation.date for citation in answer.citations]
    assert len(set(dates)) > 1, dates
    leading = [c.date for c in answer.citations if c.doc_id == answer.citations[0].doc_id]
    rest = dates[len(leading) :]
    dated = [d for d in rest if d is not None]
    assert rest == [*sorted(dated), *[None] * (len(rest) - len(dated))]
    assert [c.number for c in answer.citations] == list(range(1, len(dates) + 1))


def test_a_question_that_spans_time_is_told_in_date_order(dated_index: Path) -> None:
    with Retriever.open(dated_index) as retriever:
        answer = retriever.ask(SPANNING, as_of=BEFORE_MARCH)
    dates = [citation.date for citation in answer.citations]
    assert len(set(dates)) > 1, dates
    assert dates == sorted(dates)


def test_a_cited_weekday_is_resolved_and_the_sentence_stays_verbatim(dated_index: Path) -> None:
    with Retriever.open(dated_index) as retriever:
        answer = retriever.ask(ENDED, as_of=BEFORE_MARCH)
        (ended,) = [c for c in answer.citations if "ended on Saturday" in c.sentence]
        text = retriever.document(ended.doc_id).text
    assert text[ended.start : ended.end] == ended.sentence
    assert [(r.text, r.day.isoformat(), r.unit) for r in ended.relative_dates] == [
        ("on Saturday", "2022-11-19", "day")
    ]
    (saturday,) = ended.relative_dates
    assert ended.sentence[saturday.start : saturday.end] == "on Saturday"


def test_a_short_answer_naming_a_relative_day_shows_the_day() -> None:
    sentence = "The strike ended on Saturday after a vote."
    passage = Passage("n.txt", "Ends", None, "/n.txt", sentence, 0, len(sentence), 1, 1.0)
    citation = Citation(
        1,
        sentence,
        "n.txt",
        "Ends",
        None,
        "/n.txt",
        0,
        len(sentence),
        1,
        passage,
        date="2022-11-20",
        relative_dates=date_hints(sentence, published="2022-11-20"),
    )
    answer = Answer("When?", f"{sentence} [1]", False, (citation,), (passage,), short="Saturday")
    assert short_shown(answer) == "Saturday [2022-11-19]"
    assert short_shown(replace(answer, short="a vote")) == "a vote"
    assert answer_body(answer) == ["The strike ended on Saturday [2022-11-19] after a vote. [1]"]
    # Without sources beside it (``--brief``), the one date is shown too.
    assert answer_body(answer, with_dates=True) == [
        "2022-11-20: The strike ended on Saturday [2022-11-19] after a vote. [1]"
    ]
    assert answer.to_dict()["short"] == "Saturday"


def ask(index: Path, *args: str) -> str:
    result = CliRunner().invoke(
        cli, ["ask", "--index", str(index), "--as-of", BEFORE_MARCH, *args], prog_name="qa"
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_ask_shows_the_day_beside_its_words_and_in_json(dated_index: Path) -> None:
    shown = ask(dated_index, ENDED)
    assert "ended on Saturday [2022-11-19] after" in shown
    data = json.loads(ask(dated_index, "--json", ENDED))
    if data["short"] is not None:
        assert shown.splitlines()[0].startswith(data["short"])
    (ended,) = [c for c in data["citations"] if "ended on Saturday" in c["sentence"]]
    assert ended["relative_dates"] == [
        {
            "text": "on Saturday",
            "start": ended["sentence"].index("on Saturday"),
            "end": ended["sentence"].index("on Saturday") + len("on Saturday"),
            "day": "2022-11-19",
            "unit": "day",
            "label": "2022-11-19",
        }
    ]
    assert ended["sentence"] in ARTICLES["november.txt"][1]


def test_ask_puts_each_sentence_after_its_date_when_dates_differ(dated_index: Path) -> None:
    data = json.loads(ask(dated_index, "--json", QUILL))
    lines = ask(dated_index, "--brief", QUILL).splitlines()
    if data["short"]:
        assert lines.pop(0) == data["short"]
    expected = [f"{c['date'] or 'undated'}: " for c in data["citations"]]
    assert [line[: len(prefix)] for line, prefix in zip(lines, expected, strict=True)] == expected
    assert len(set(expected)) > 1
