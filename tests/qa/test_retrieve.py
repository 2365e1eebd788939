"""What the retrieval layer computes per question."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from qa.retrieve import Retriever


def test_answering_embeds_only_the_question(
    retriever: Retriever, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedder = retriever._model()
    encoded: list[str] = []
    real_encode = embedder.encode

    def spy(texts: Sequence[str], **options: object):
        encoded.extend(texts)
        return real_encode(texts, **options)

    monkeypatch.setattr(embedder, "encode", spy)
    question = "Which hotel in Hanoi hosted the dinner of the two leaders?"
    answer = retriever.ask(question)
    assert not answer.abstained
    assert encoded == [question]
