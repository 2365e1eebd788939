"""The pure helpers behind the sources panel, the article view and the clipboard."""

from __future__ import annotations

from dataclasses import replace

from tests.tui.conftest import CITED, FakeRetriever
from tui.screens.article import split_at_span
from tui.sources import answer_as_text, sources_of
from tui.widgets.source_item import details, excerpt


def test_sources_of_citations_point_at_the_cited_sentence() -> None:
    retriever = FakeRetriever()
    answer = retriever.ask("Where?")
    ref = sources_of(answer)[0]
    assert retriever.doc.text[ref.start : ref.end] == CITED
    start = ref.start - ref.passage_start
    assert ref.passage[start : start + len(CITED)] == CITED


def test_excerpt_emphasises_only_the_sentence() -> None:
    ref = sources_of(FakeRetriever().ask("Where?"))[0]
    content = excerpt(ref, context=30)
    assert [content.plain[s.start : s.end] for s in content.spans] == [CITED]
    assert content.plain.startswith("…")
    assert content.plain.endswith("…")


def test_related_passage_is_not_emphasised() -> None:
    ref = sources_of(FakeRetriever().ask("weather?"))[0]
    assert not excerpt(ref).spans


def test_split_at_span_keeps_whole_lines() -> None:
    text = "one\ntwo three\nfour"
    assert split_at_span(text, 8, 13) == ("one\n", "two three", "\nfour")


def test_abstention_as_text_says_it_is_not_an_answer() -> None:
    text = answer_as_text(FakeRetriever().ask("weather?"))
    assert "Related passages (not an answer):" in text


def test_a_source_shows_its_publisher_date_location_and_url() -> None:
    answer = FakeRetriever().ask("Where?")
    dated = replace(
        answer,
        citations=tuple(
            replace(c, date="2022-11-12", url="https://riverton.example/a")
            for c in answer.citations
        ),
    )
    ref = sources_of(dated)[0]
    assert details(ref) == (
        f"{ref.source} · 2022-11-12 · {ref.location} · https://riverton.example/a"
    )
    assert details(sources_of(answer)[0]) == f"{ref.source} · {ref.location}"
