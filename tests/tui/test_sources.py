"""The pure helpers behind the sources panel, the article view and the clipboard."""

from __future__ import annotations

from tests.tui.conftest import CITED, FakeRetriever
from tui.screens.article import split_at_span
from tui.sources import answer_as_text, sources_of
from tui.widgets.source_item import excerpt


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
