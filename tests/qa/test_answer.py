import re
import zlib
from collections.abc import Sequence

import numpy as np
import pytest

from qa.answer import (
    ABSTAIN_TEXT,
    compose_answer,
    order_sentences,
    select_sentences,
)
from qa.candidates import Candidate, is_junk, keyword_overlap
from qa.index.records import Sentence
from qa.index.sentences import sentence_spans
from qa.query import STOP_WORDS
from qa.types import Passage

DIMENSIONS = 256

DOCUMENT = (
    "Trump and Kim meet again\n"
    "Data map: The two leaders at a summit.\n"
    "The second summit between Trump and Kim was held in Hanoi, Vietnam, in February 2019. "
    "It ended without an agreement on sanctions.\n"
    "In June of the same year, Trump met Kim in Panmunjom at the border. "
    "Analysts said the talks made no real progress afterwards.\n"
)
OTHER = (
    "Weather report\n"
    "Heavy rain is expected across the southern coast on Friday. "
    "In June of the same year, Trump met Kim in Panmunjom at the border.\n"
)
TEXTS = {"a.txt": DOCUMENT, "b.txt": OTHER}


def fake_encode(texts: Sequence[str]) -> np.ndarray:
    """Hashed bag of lowercase content words with a crude plural/past strip, L2-normalised."""
    vectors = np.zeros((len(texts), DIMENSIONS))
    for row, text in enumerate(texts):
        for word in set(re.findall(r"\w+", text.lower())) - STOP_WORDS:
            word = {"met": "meet"}.get(word, word.rstrip("s"))
            vectors[row, zlib.crc32(word.encode()) % DIMENSIONS] += 1.0
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def line_at(doc_id: str, offset: int) -> int:
    return TEXTS[doc_id].count("\n", 0, offset) + 1


def passage(doc_id: str, start: int, end: int | None = None, *, score: float = 1.0) -> Passage:
    text = TEXTS[doc_id]
    end = len(text) if end is None else end
    return Passage(
        doc_id=doc_id,
        title=text.split("\n")[0],
        source=None,
        path=f"/news/{doc_id}",
        text=text[start:end],
        start=start,
        end=end,
        line=line_at(doc_id, start),
        score=score,
    )


def sentences_of(passage: Passage) -> list[Sentence]:
    """The passage's sentences as an index without vectors would give them."""
    return [
        Sentence(passage.start + start, passage.start + end)
        for start, end in sentence_spans(passage.text)
    ]


def ask(question: str, passages: Sequence[Passage], **options: object):
    return compose_answer(
        question,
        passages,
        sentences=sentences_of,
        encode=fake_encode,
        line_at=line_at,
        **options,
    )


@pytest.fixture
def passages() -> list[Passage]:
    second = DOCUMENT.index("The second summit")
    return [passage("a.txt", second), passage("b.txt", 0)]


def test_cites_the_answering_sentence_with_its_span_and_line(passages: list[Passage]) -> None:
    answer = ask("Where did Trump and Kim meet in June?", passages)
    assert not answer.abstained
    first = next(c for c in answer.citations if "Panmunjom" in c.sentence)
    assert DOCUMENT[first.start : first.end] == first.sentence
    assert first.line == 4
    assert first.passage is passages[0]
    assert answer.passages == tuple(passages)


def test_citations_are_verbatim_sentences_of_the_passages(passages: list[Passage]) -> None:
    for question in [
        "Where did Trump and Kim meet?",
        "When was the second summit held in Hanoi?",
        "What did analysts say about progress?",
        "Where is heavy rain expected?",
    ]:
        answer = ask(question, passages)
        assert answer.citations, question
        for citation in answer.citations:
            assert TEXTS[citation.doc_id][citation.start : citation.end] == citation.sentence
            assert citation.sentence in citation.passage.text
            assert citation.line == line_at(citation.doc_id, citation.start)


def test_markers_match_citations(passages: list[Passage]) -> None:
    answer = ask("Trump Kim summit Hanoi Panmunjom meet", passages, max_sentences=3)
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", answer.text)]
    assert numbers == [c.number for c in answer.citations] == list(range(1, len(numbers) + 1))
    for citation in answer.citations:
        assert f"{citation.sentence} [{citation.number}]" in answer.text


def test_same_sentence_in_two_articles_is_cited_once(passages: list[Passage]) -> None:
    answer = ask("Trump met Kim in Panmunjom at the border in June", passages, max_sentences=3)
    sentences = [c.sentence for c in answer.citations]
    assert len(sentences) == len(set(sentences))
    assert sum("Panmunjom" in s for s in sentences) == 1


def test_abstains_when_nothing_relates(passages: list[Passage]) -> None:
    answer = ask("Who won the football world cup final?", passages)
    assert answer.abstained
    assert answer.text == ABSTAIN_TEXT
    assert answer.citations == ()
    assert answer.passages == tuple(passages)


def test_abstains_without_passages_or_candidates() -> None:
    assert ask("Where did Trump meet Kim?", []).abstained
    headline_only = passage("a.txt", 0, DOCUMENT.index("\n"))
    assert ask("Where did Trump meet Kim?", [headline_only]).abstained


def test_skips_headlines_captions_questions_and_fragments() -> None:
    assert is_junk("Trump and Kim meet again")
    assert is_junk("Data map: The two leaders")
    assert is_junk("Can they find a breakthrough at last?")
    assert is_junk("Too short.")
    assert is_junk("The talks made no progress at all and the whole")
    assert not is_junk('"The talks made no progress," he said.')


@pytest.mark.parametrize(
    "fragment",
    [
        ", told reporters that the vote to oust the speaker was a mistake.",
        "declining to vote for him as the next House speaker on Tuesday.",
        "More:Video shows the moment the balloon was shot down.",
        "LATEST UPDATES WEDNESDAY:Bomb cyclone hits the coast of California.",
        "Storm closes the ferry across the lake for a week ...",
    ],
)
def test_skips_split_pieces_glued_promotions_and_cut_headlines(fragment: str) -> None:
    assert is_junk(fragment)


@pytest.mark.parametrize(
    "sentence",
    [
        "iPhone sales rose sharply in the third quarter.",
        "van Gogh painted the picture in the summer of 1888.",
        "The meeting began at 10:30 and lasted an hour.",
        'The minister said: "We will not give in."',
        "Virgin Media (re-branded in 2007 from NTL:Telewest) offered a set top box.",
    ],
)
def test_keeps_sentences_that_look_odd_but_are_whole(sentence: str) -> None:
    assert not is_junk(sentence)


def test_encode_is_called_once_for_the_question_and_unknown_sentences(
    passages: list[Passage],
) -> None:
    calls: list[list[str]] = []

    def counting_encode(texts: Sequence[str]) -> np.ndarray:
        calls.append(list(texts))
        return fake_encode(texts)

    def known_vectors(passage: Passage) -> list[Sentence]:
        return [
            Sentence(s.start, s.end, fake_encode([TEXTS[passage.doc_id][s.start : s.end]])[0])
            for s in sentences_of(passage)
        ]

    question = "Where did Trump meet Kim?"
    for sentences, expected in ((sentences_of, 6), (known_vectors, 1)):
        calls.clear()
        answer = compose_answer(
            question, passages, sentences=sentences, encode=counting_encode, line_at=line_at
        )
        assert len(calls) == 1 and len(calls[0]) == expected
        assert calls[0][0] == question
        assert any("Panmunjom" in c.sentence for c in answer.citations)


def test_keyword_overlap_weights_rare_terms() -> None:
    sentences = ["Kim met Trump.", "Kim spoke.", "Kim met in Panmunjom."]
    overlap = keyword_overlap("Where did Kim meet in Panmunjom?", sentences)
    assert overlap[2] == pytest.approx(1.0)
    assert overlap[1] < overlap[0] < overlap[2]
    assert keyword_overlap("Why?", sentences).tolist() == [0.0, 0.0, 0.0]


def test_select_drops_near_duplicates_and_weak_sentences() -> None:
    scores = np.array([0.9, 0.88, 0.85, 0.3])
    similarities = np.array(
        [
            [1.0, 0.95, 0.2, 0.1],
            [0.95, 1.0, 0.2, 0.1],
            [0.2, 0.2, 1.0, 0.1],
            [0.1, 0.1, 0.1, 1.0],
        ]
    )
    vectors = np.linalg.cholesky(similarities)  # rows whose cosines are ``similarities``
    assert select_sentences(scores, vectors, max_sentences=3, max_drop=0.1) == [0, 2]
    assert select_sentences(scores, vectors, max_sentences=1, max_drop=0.1) == [0]
    assert select_sentences(np.array([]), np.zeros((0, 4)), max_drop=0.1) == []


def test_nothing_to_judge_is_not_answerable() -> None:
    from qa.features import FEATURES
    from qa.ranker import load_ranker

    assert load_ranker().answerable(np.zeros((0, len(FEATURES)))) == 0.0


def test_order_groups_by_article_in_text_order(passages: list[Passage]) -> None:
    answer = ask("Trump Kim summit Hanoi Panmunjom meet sanctions", passages, max_sentences=3)
    starts = [c.start for c in answer.citations if c.doc_id == "a.txt"]
    assert starts == sorted(starts)
    assert order_sentences([]) == []


def test_a_sentence_about_she_brings_the_sentence_naming_her() -> None:
    text = (
        "Minister quits\n"
        "Dana Reyes, the transport minister, announced her resignation on Friday. "
        "She said the rail strike had made her position untenable after six weeks.\n"
    )
    TEXTS["c.txt"] = text
    try:
        document = passage("c.txt", 0)
        answer = ask("Why did the transport minister say her position was untenable?", [document])
        sentences = [c.sentence for c in answer.citations]
        assert any(s.startswith("She said") for s in sentences)
        assert any("Dana Reyes" in s for s in sentences)
        assert "Dana Reyes" in answer.text
    finally:
        del TEXTS["c.txt"]


def test_a_question_spanning_time_keeps_one_sentence_per_article() -> None:
    from qa.answer import best_per_article, spans_articles

    assert spans_articles("How did prices change between June and August?")
    assert not spans_articles("Where did Trump and Kim meet?")
    a, b = passage("a.txt", 0), passage("b.txt", 0)
    candidates = [
        Candidate(a, 0, 0, 5, "x"),
        Candidate(a, 0, 5, 9, "y"),
        Candidate(b, 1, 0, 5, "z"),
    ]
    assert best_per_article(candidates, np.array([0.9, 0.8, 0.6])) == [0, 2]
    assert best_per_article(candidates, np.array([0.9, 0.8, 0.2])) == [0]
