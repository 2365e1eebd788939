"""Expected answer types, candidate spans and short answers, on made-up sentences."""

from __future__ import annotations

import pytest

from qa.short import short_answer, short_candidate
from qa.spans import AnswerType, SpanKind, answer_type, find_spans


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who heads the diplomatic academy?", AnswerType.NAME),
        ("Which retailer is closing 150 stores?", AnswerType.NAME),
        ("In what year did the bridge open?", AnswerType.DATE),
        ("When did the summit take place?", AnswerType.DATE),
        ("How many stores will close?", AnswerType.NUMBER),
        ("What percentage of voters agreed?", AnswerType.NUMBER),
        ("Where did the leaders meet?", AnswerType.PLACE),
        ("Which country hosted the final?", AnswerType.PLACE),
        ("Why did the minister resign?", AnswerType.OTHER),
        ("What did she say about the talks?", AnswerType.OTHER),
    ],
)
def test_answer_type_follows_the_question_word(question: str, expected: AnswerType) -> None:
    assert answer_type(question) is expected


def test_spans_find_dates_numbers_and_names_without_overlap() -> None:
    sentence = (
        "On March 3, 2023, Acme Home Goods said it would close 150 stores and cut $5 million."
    )
    found = [(span.kind, span.text) for span in find_spans(sentence)]
    assert found == [
        (SpanKind.DATE, "March 3, 2023"),
        (SpanKind.NAME, "Acme Home Goods"),
        (SpanKind.NUMBER, "150"),
        (SpanKind.NUMBER, "$5 million"),
    ]
    for span in find_spans(sentence):
        assert sentence[span.start : span.end] == span.text


def test_short_answer_is_the_new_span_of_the_asked_kind() -> None:
    sentence = "The company Acme Home Goods said it would close 150 stores by March."
    assert short_candidate("Which retailer is closing 150 stores?", sentence, probability=0.9)
    found = short_candidate("Which retailer is closing 150 stores?", sentence, probability=0.9)
    assert found is not None and found.text == "Acme Home Goods"
    count = short_candidate("How many stores will Acme Home Goods close?", sentence, probability=1)
    assert count is not None and count.text == "150"
    assert short_candidate("Why are stores closing?", sentence, probability=1.0) is None


def test_short_answer_is_shown_only_when_sure() -> None:
    sentence = "Dana Reyes was named head of the agency on Monday."
    question = "Who was named head of the agency?"
    assert short_answer(question, sentence, probability=0.95, threshold=0.9) == "Dana Reyes"
    assert short_answer(question, sentence, probability=0.5, threshold=0.9) is None


def test_short_answer_drops_the_words_the_question_already_says() -> None:
    sentence = "Secretary of State Dana Reyes met the delegation."
    found = short_candidate("Which Secretary of State met them?", sentence, probability=1.0)
    assert found is not None and found.text == "Dana Reyes"
