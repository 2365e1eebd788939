import pytest

from qa.conversation import (
    Conversation,
    Turn,
    is_follow_up,
    standalone_question,
    turn_from_json,
)
from qa.followup import Cited, FollowUp, Wants, wanted
from qa.types import Answer, Citation, Passage

PASSAGE = Passage("a.txt", "T", None, "/a.txt", "Sullivan spoke.", 0, 15, 1, 1.0)


class FakeAsker:
    def __init__(self) -> None:
        self.contexts: list[str | None] = []
        self.follow_ups: list[FollowUp | None] = []

    def ask(
        self, question: str, *, context: str | None = None, follow_up: FollowUp | None = None
    ) -> Answer:
        self.contexts.append(context)
        self.follow_ups.append(follow_up)
        citation = Citation(
            1, f"Cited for {question}", "a.txt", "T", None, "/a.txt", 0, 5, 1, PASSAGE
        )
        return Answer(question, f"Cited for {question} [1]", False, (citation,), (PASSAGE,))


@pytest.mark.parametrize(
    "question",
    [
        "And what did Sullivan say?",
        "Why?",
        "What about China?",
        "How did they respond?",
        "What did he say about the policy?",
        "Why did it fail?",
        "What happened next?",
    ],
)
def test_follow_ups(question: str) -> None:
    assert is_follow_up(question)


@pytest.mark.parametrize(
    "question",
    [
        "Who won the 2018 World Cup?",
        "Where did Trump and Kim meet after Hanoi?",
        "Who is the man that met Kim in Hanoi?",
        "How many troops are there in South Korea?",
        "What does SMA stand for?",
    ],
)
def test_self_contained_questions(question: str) -> None:
    assert not is_follow_up(question)


def test_follow_up_gets_the_thread_as_context() -> None:
    asker = FakeAsker()
    conversation = Conversation(asker)
    conversation.ask("What did Blinken say about North Korea?")
    conversation.ask("And what did Sullivan say?")
    assert asker.contexts[0] is None
    assert asker.contexts[1] == (
        "What did Blinken say about North Korea?\nCited for What did Blinken say about North Korea?"
    )
    conversation.ask("Why?")
    follow_up = "And what did Sullivan say? (blinken north korea)"
    assert asker.contexts[2] == (
        f"What did Blinken say about North Korea?\n{follow_up}\nCited for {follow_up}"
    )
    assert [turn.standalone for turn in conversation.turns][1] == follow_up


def test_self_contained_question_starts_a_new_thread() -> None:
    asker = FakeAsker()
    conversation = Conversation(asker)
    conversation.ask("What did Blinken say about North Korea?")
    conversation.ask("Where did Trump and Kim meet after Hanoi?")
    conversation.ask("Why?")
    assert asker.contexts[1] is None
    assert asker.contexts[2] is not None
    assert "Blinken" not in asker.contexts[2]
    assert [question for question, _ in conversation.history] == [
        "What did Blinken say about North Korea?",
        "Where did Trump and Kim meet after Hanoi?",
        "Why?",
    ]


def test_memory_keeps_the_first_and_latest_questions() -> None:
    asker = FakeAsker()
    conversation = Conversation(asker, memory=2)
    for question in ["Who is Jake Sullivan?", "What did he say?", "Why?", "What about China?"]:
        conversation.ask(question)
    assert asker.contexts[3] is not None
    assert asker.contexts[3].split("\n")[0] == "Who is Jake Sullivan?"
    assert asker.contexts[3].split("\n")[1].startswith("Why? (")


def test_reset_forgets() -> None:
    asker = FakeAsker()
    conversation = Conversation(asker)
    conversation.ask("Who is Jake Sullivan?")
    conversation.reset()
    assert conversation.history == ()
    conversation.ask("Why?")
    assert asker.contexts[-1] is None


def test_memory_must_be_positive() -> None:
    with pytest.raises(ValueError):
        Conversation(FakeAsker(), memory=0)


def turn(question: str, short: str | None = None, sentences: tuple[str, ...] = ()) -> Turn:
    return Turn(question=question, standalone=question, short=short, sentences=sentences)


def test_pronoun_becomes_the_name_a_who_question_was_answered_with() -> None:
    previous = turn("Who heads the Korea National Diplomatic Academy?", short="Kim Jun-hyung")
    assert standalone_question("What did he say about talks?", previous) == (
        "What did Kim Jun-hyung say about talks?"
    )
    unsure = turn(
        "Which retailer is closing stores?",
        sentences=("Bed Bath & Beyond said it would close 150 stores.",),
    )
    assert standalone_question("When will they close?", unsure) == (
        "When will Bed Bath & Beyond close?"
    )


def test_pronoun_becomes_the_first_name_of_other_questions() -> None:
    previous = turn("Where was Nikola Tesla born?", short="Smiljan")
    assert standalone_question("When did he move to the United States?", previous) == (
        "When did Nikola Tesla move to the United States?"
    )
    assert standalone_question("What was his job?", previous) == "What was Nikola Tesla's job?"


def test_topicless_follow_ups_carry_the_previous_topic() -> None:
    previous = turn("Why did Liz Truss resign as prime minister?")
    for question in ("Why?", "What happened next?", "How?"):
        rewritten = standalone_question(question, previous)
        assert rewritten.startswith(question)
        assert "truss" in rewritten.lower() and "resign" in rewritten.lower()


def test_turns_round_trip_through_json() -> None:
    original = Turn("Why?", "Why? (truss)", "Liz Truss", ("She resigned.",), starts_thread=False)
    assert turn_from_json(original.to_json()) == original
    with pytest.raises(ValueError):
        turn_from_json({"standalone": "x"})


def test_a_saved_conversation_continues() -> None:
    asker = FakeAsker()
    first = Conversation(asker)
    first.ask("Where was Nikola Tesla born?")
    resumed = Conversation(asker, turns=first.turns)
    resumed.ask("When did he move?")
    assert resumed.turns[-1].standalone == "When did Nikola Tesla move?"
    assert asker.contexts[-1] is not None


@pytest.mark.parametrize(
    ("question", "wants"),
    [
        ("Why?", Wants.REASON),
        ("And why did he resign?", Wants.REASON),
        ("What caused it?", Wants.REASON),
        ("How?", Wants.MEANS),
        ("How did they do it?", Wants.MEANS),
        ("What happened next?", Wants.NEXT),
        ("And then?", Wants.NEXT),
        ("Then what?", Wants.NEXT),
        ("What did she do next?", Wants.NEXT),
        ("How old was he?", None),
        ("How many stores will close?", None),
        ("How did he describe the new policy approach?", None),
        ("Who replaced her?", None),
        ("What happened to the ship?", None),
    ],
)
def test_what_a_follow_up_wants(question: str, wants: Wants | None) -> None:
    assert wanted(question) is wants


def test_a_why_follow_up_asks_not_to_repeat_the_previous_citations() -> None:
    asker = FakeAsker()
    conversation = Conversation(asker)
    conversation.ask("What did Blinken say about North Korea?")
    conversation.ask("Why?")
    conversation.ask("And what did Sullivan say?")
    first, why, sullivan = asker.follow_ups
    assert first is None and sullivan is None
    assert why == FollowUp(
        Wants.REASON,
        (Cited("a.txt", 0, 5),),
        ("Cited for What did Blinken say about North Korea?",),
    )
    saved = [turn_from_json(turn.to_json()) for turn in conversation.turns]
    assert saved == list(conversation.turns)
