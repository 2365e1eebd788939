from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.index import sentences as sentences_module
from qa.index.sentences import sentence_spans

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. said it would act. Mr. Kim arrived on Jan. 5 at No. 2 Downing St. today.",
            [
                "The U.S. said it would act.",
                "Mr. Kim arrived on Jan. 5 at No. 2 Downing St. today.",
            ],
        ),
        (
            '"We will meet again," he said. J. R. Smith agreed.',
            ['"We will meet again," he said.', "J. R. Smith agreed."],
        ),
        (
            "“It was a disaster.” In an interview, Yang said so.",
            ["“It was a disaster.”", "In an interview, Yang said so."],
        ),
        (
            "It rose 58% to $5.5 million. Really?! Yes.",
            ["It rose 58% to $5.5 million.", "Really?!", "Yes."],
        ),
        (
            "Sen. Raphael Warnock, D-Ga., won the runoff. He moved to Fresno, Calif. and stayed.",
            [
                "Sen. Raphael Warnock, D-Ga., won the runoff.",
                "He moved to Fresno, Calif. and stayed.",
            ],
        ),
        (
            "said Rep. Marjorie Taylor Greene, R-Ga. The vote failed. He left. iPhone sales rose.",
            [
                "said Rep. Marjorie Taylor Greene, R-Ga.",
                "The vote failed.",
                "He left.",
                "iPhone sales rose.",
            ],
        ),
    ],
)
def test_news_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_lines_end_sentences_but_wrapped_lines_continue() -> None:
    text = "Headline without a stop\nFirst of a hard\nwrapped paragraph. Next.\n\n  Last one.  "
    assert sentences(text) == [
        "Headline without a stop",
        "First of a hard\nwrapped paragraph.",
        "Next.",
        "Last one.",
    ]


def test_seed_article() -> None:
    text = (SEEDS / "004_38e2a55b0db4023c.txt").read_text(encoding="utf-8")
    found = sentences(text)
    assert "Data map: US President Biden." in found
    assert any(s.startswith("Even in June of the same year, Trump met again") for s in found)
    assert all("\n" not in s for s in found)


def check_spans(text: str) -> None:
    spans = sentence_spans(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip() != ""
        previous_end = end
    covered = "".join(text[start:end] for start, end in spans)
    assert "".join(covered.split()) == "".join(text.split())


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_spans_are_ordered_disjoint_stripped_and_cover_the_text(text: str) -> None:
    check_spans(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "U.S.",
                "Mr.",
                "No. 2",
                "Jan. 5",
                '"',
                "“",
                "”",
                ".",
                "?",
                "!",
                "...",
                "\n",
                "\n\n",
                " ",
                "he said",
                "Kim",
                "a",
                "58%",
                "(",
                ")",
                "—",
                "'",
                "e.g.",
                "  ",
            ]
        ),
        max_size=40,
    ).map(" ".join)
)
def test_spans_on_news_like_soup(text: str) -> None:
    check_spans(text)


SEED_SENTENCES = [
    "The U.S. envoy met Mr. Kim on Jan. 5 at No. 2 Hanoi Road.",
    '"We will talk again," he said.',
    "Officials expect progress?!",
    "Talks resume next week in Seoul and Hanoi with aides.",
]


def test_a_long_paragraph_reaches_pysbd_in_bounded_pieces_with_exact_offsets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = sentences_module._segmenter()
    seen: list[int] = []

    class Spy:
        def segment(self, text: str) -> list[str]:
            seen.append(len(text))
            return real.segment(text)

    monkeypatch.setattr(sentences_module, "_segmenter", Spy)
    text = " ".join(SEED_SENTENCES * 300)  # one paragraph of 60,000 characters
    check_spans(text)
    assert seen and max(seen) <= sentences_module.MAX_PIECE
    assert sentences(text) == SEED_SENTENCES * 300


def test_a_single_sentence_longer_than_a_piece_is_cut_at_spaces() -> None:
    text = " ".join(["word"] * 3_000) + "."
    found = sentence_spans(text)
    assert len(found) > 1
    assert all(end - start <= sentences_module.MAX_PIECE for start, end in found)
    check_spans(text)
