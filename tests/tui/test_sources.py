"""The pure helpers behind the sources panel, the article view and the clipboard."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from qa.tui.screens.article import find_all, paragraphs
from qa.tui.sources import answer_as_text, sources_of
from qa.tui.widgets.source_item import details, excerpt
from tests.tui.conftest import CITED, FakeRetriever


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


def test_paragraphs_give_the_cited_lines_their_own() -> None:
    text = "one\ntwo three\nfour\n\nfive"
    assert paragraphs(text) == [(0, 18), (20, 24)]
    assert paragraphs(text, (8, 13)) == [(0, 3), (4, 13), (14, 18), (20, 24)]


@given(
    st.text(alphabet="ab \n", max_size=60),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=10),
)
def test_paragraphs_cover_the_text_and_hold_the_span_in_one(text: str, at: int, size: int) -> None:
    start = min(at, len(text))
    span = (start, min(start + size, len(text)))
    found = paragraphs(text, span)
    assert all(a <= b <= c for (a, b), (c, _) in pairwise(found))
    covered = {i for a, b in found for i in range(a, b)}
    assert {i for i, c in enumerate(text) if not c.isspace()} <= covered
    if span[0] < span[1]:
        assert sum(a <= span[0] and span[1] <= b for a, b in found) == 1


def test_find_all_ignores_case_and_keeps_offsets() -> None:
    text = "Hanoi summit. The HANOI meeting."
    assert [text[a:b] for a, b in find_all(text, "hanoi")] == ["Hanoi", "HANOI"]
    assert find_all(text, "") == []
    assert find_all(text, "(") == []


def test_abstention_as_text_says_it_is_not_an_answer() -> None:
    text = answer_as_text(FakeRetriever().ask("weather?"))
    assert "Related passages (not an answer):" in text


def test_a_copied_follow_up_says_what_it_was_searched_as() -> None:
    answer = replace(FakeRetriever().ask("Why?"), searched="Why? (hanoi summit)")
    assert answer_as_text(answer).split("\n")[:3] == [
        "Q: Why?",
        "",
        "Searched as: Why? (hanoi summit)",
    ]
    assert "Searched as" not in answer_as_text(FakeRetriever().ask("Where?"))


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
