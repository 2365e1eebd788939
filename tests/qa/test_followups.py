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


def test_why_gives_reasons_and_repeats_nothing_the_previous_answer_cited(
    retriever: Retriever,
) -> None:
    chat = Conversation(retriever)
    first = chat.ask("What did the survey find about the Korean Peninsula outlook?")
    why = chat.ask("Why?")
    assert not why.abstained
    before = {(c.doc_id, c.start) for c in first.citations}
    assert not before & {(c.doc_id, c.start) for c in why.citations}
    assert not {c.sentence for c in first.citations} & {c.sentence for c in why.citations}
    assert any("reasons" in c.sentence or "because" in c.sentence for c in why.citations)


def test_what_happened_next_cites_what_follows_in_the_same_story(retriever: Retriever) -> None:
    chat = Conversation(retriever)
    first = chat.ask("Why did the Hanoi summit fail?")
    then = chat.ask("What happened next?")
    assert not then.abstained
    lead = then.citations[0]
    earlier = [c.start for c in first.citations if c.doc_id == lead.doc_id]
    assert earlier and lead.start > min(earlier)
    assert not {c.sentence for c in first.citations} & {c.sentence for c in then.citations}
