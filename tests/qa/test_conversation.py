import pytest

from qa.conversation import Conversation, is_follow_up
from qa.types import Answer, Citation, Passage

PASSAGE = Passage("a.txt", "T", None, "/a.txt", "Sullivan spoke.", 0, 15, 1, 1.0)


class FakeAsker:
    def __init__(self) -> None:
        self.contexts: list[str | None] = []

    def ask(self, question: str, *, context: str | None = None) -> Answer:
        self.contexts.append(context)
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
    assert asker.contexts[2] == (
        "What did Blinken say about North Korea?\nAnd what did Sullivan say?\n"
        "Cited for And what did Sullivan say?"
    )


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
    assert asker.contexts[3].split("\n")[:2] == ["Who is Jake Sullivan?", "Why?"]


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
