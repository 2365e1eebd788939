"""Follow-up questions on the real seeds index draw on the conversation."""

from __future__ import annotations

from qa.conversation import Conversation
from qa.retrieve import Retriever


def test_short_follow_ups_answer_from_the_same_context(retriever: Retriever) -> None:
    chat = Conversation(retriever)
    first = chat.ask("What did Blinken say about North Korea?")
    assert not first.abstained and "Blinken" in first.text
    follow_up = chat.ask("And what did Sullivan say?")
    assert follow_up.question == "And what did Sullivan say?"
    assert not follow_up.abstained and "Sullivan" in follow_up.text
    why = chat.ask("Why?")
    assert not why.abstained
    assert why.citations[0].doc_id == "003_cf6ac617af5716f5.txt"


def test_a_new_conversation_forgets_the_context(retriever: Retriever) -> None:
    chat = Conversation(retriever)
    chat.ask("What did Blinken say about North Korea?")
    chat.reset()
    assert chat.ask("Why?").abstained
