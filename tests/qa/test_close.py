"""Closing a Retriever while other threads are inside it: they finish, later calls are refused."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from qa.errors import RetrieverClosed
from qa.retrieve import Retriever
from qa.types import Answer

QUESTION = "Which hotel hosted the Hanoi summit?"


def test_close_waits_for_an_ask_in_flight_and_refuses_later_calls(
    seeds_index: Path, fast_builds: None
) -> None:
    retriever = Retriever.open(seeds_index)
    inside, release = threading.Event(), threading.Event()
    encode = retriever.encode

    def held_encode(texts: list[str]):  # type: ignore[no-untyped-def]
        inside.set()
        release.wait()
        return encode(texts)

    retriever.encode = held_encode  # type: ignore[method-assign]
    answers: list[Answer] = []
    failures: list[BaseException] = []

    def ask() -> None:
        try:
            answers.append(retriever.ask(QUESTION))
        except BaseException as error:
            failures.append(error)

    asker = threading.Thread(target=ask)
    asker.start()
    inside.wait()
    closer = threading.Thread(target=retriever.close)
    closer.start()
    refused = None
    while refused is None:  # until the close has begun (before the fix: a closed database)
        try:
            retriever.catalogue()
        except Exception as error:
            refused = error
    assert isinstance(refused, RetrieverClosed)
    assert closer.is_alive()  # still waiting for the ask inside
    release.set()
    asker.join()
    closer.join()
    assert failures == []
    assert "Sofitel" in answers[0].text
    with pytest.raises(RetrieverClosed, match="is closed"):
        retriever.ask(QUESTION)
    retriever.close()  # closing again is harmless


def test_many_threads_asking_while_it_closes_either_answer_or_are_refused(
    seeds_index: Path, fast_builds: None
) -> None:
    retriever = Retriever.open(seeds_index)
    retriever.ask(QUESTION)  # the model loaded
    started = threading.Barrier(5)
    outcomes: list[str] = []

    def ask() -> None:
        started.wait()
        for _ in range(5):
            try:
                retriever.ask(QUESTION)
                outcomes.append("answered")
            except RetrieverClosed:
                outcomes.append("refused")
            except BaseException as error:
                outcomes.append(repr(error))

    askers = [threading.Thread(target=ask) for _ in range(4)]
    for thread in askers:
        thread.start()
    started.wait()
    retriever.close()
    for thread in askers:
        thread.join()
    assert set(outcomes) <= {"answered", "refused"} and len(outcomes) == 20
