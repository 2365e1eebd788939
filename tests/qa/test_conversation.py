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


# Made-up turns with the patterns of a user trial on the news articles: the previous question,
# its answer's short form and cited sentences, the follow-up, and how it must be rewritten.
REWRITES = [
    pytest.param(
        turn(
            "Which prime minister resigned after 45 days?",
            sentences=("Mary Lee announced her resignation outside her office on Thursday.",),
        ),
        "Who replaced her?",
        "Who replaced Mary Lee?",
        id="object-her-is-no-possessive",
    ),
    pytest.param(
        turn(
            "Who replaced Mary Lee?",
            sentences=(
                "Jane Roe/Pool/Agency Tom Hart and Mary Lee stand together on stage in May.",
                "Lee said on Thursday that she would step aside for a new leader.",
            ),
        ),
        "Why did she resign?",
        "Why did Mary Lee resign?",
        id="she-is-a-woman-never-a-caption-credit",
    ),
    pytest.param(
        turn(
            "Who addressed Congress on Tuesday?",
            sentences=("President Tom Hart spoke to Congress for an hour on Tuesday.",),
        ),
        "What did he say about the economy?",
        "What did Tom Hart say about the economy?",
        id="he-is-a-person-not-an-organisation",
    ),
    pytest.param(
        turn(
            "Who delivered the State of the Union address on Tuesday?",
            sentences=("The economy was reeling, Hart said in his second State of the Union.",),
        ),
        "What did he say about the jobs report?",
        "What did Hart say about the jobs report?",
        id="he-is-who-spoke-not-the-state-of-the-union",
    ),
    pytest.param(
        turn("A Chinese weather balloon drifted over which state?", short="Montana"),
        "Where was it shot down?",
        "Where was the Chinese weather balloon shot down?",
        id="it-is-a-noun-phrase-not-an-adjective-nor-the-place-answered",
    ),
    pytest.param(
        turn("A Chinese weather balloon drifted over which state?", short="Montana"),
        "What is the latest news about it this week?",
        "What is the latest news about the Chinese weather balloon this week?",
        id="latest-news-this-week-is-no-topic",
    ),
    pytest.param(
        turn("Which company sued the broadcaster for defamation?", short="Acme Voting"),
        "How much did it seek?",
        "How much did Acme Voting seek?",
        id="it-is-the-thing-a-which-question-was-answered-with",
    ),
    pytest.param(
        turn("Where did Trump and Kim meet after Hanoi?", short="Panmunjom"),
        "When were they in Hanoi?",
        "When were Trump and Kim in Hanoi?",
        id="they-are-several-names",
    ),
    pytest.param(
        turn("Who became the country's prime minister after Mary Lee resigned?"),
        "How old is he?",
        "How old is the country's prime minister?",
        id="he-is-no-woman",
    ),
    pytest.param(
        Turn(
            question="What happened next?",
            standalone="What happened next? (tom hart budget vote)",
            short=None,
            sentences=(),
            starts_thread=False,
        ),
        "And in Europe?",
        "And in Europe? (tom hart budget vote)",
        id="only-topic-words-are-carried",
    ),
]


@pytest.mark.parametrize(("previous", "question", "expected"), REWRITES)
def test_follow_up_rewrites(previous: Turn, question: str, expected: str) -> None:
    assert standalone_question(question, previous) == expected


@pytest.mark.parametrize(
    ("first", "follow_up", "named", "not_named"),
    [
        (
            "Who was the US Secretary of State urging North Korea to engage diplomatically "
            "in 2021?",
            "How did he describe the new policy approach?",
            "Blinken",
            "North Korea",
        ),
        (
            "On what date did Moon Jae-in arrive in Pyongyang?",
            "Who headed his National Security Office?",
            "Moon Jae-in's",
            "Pyongyang",
        ),
        (
            "Where did Trump and Kim meet after Hanoi?",
            "When were they in Hanoi?",
            "Trump and Kim",
            "Hanoi in Hanoi",
        ),
    ],
)
def test_rewrites_from_real_answers(
    retriever, first: str, follow_up: str, named: str, not_named: str
) -> None:
    conversation = Conversation(retriever)
    conversation.ask(first)
    conversation.ask(follow_up)
    standalone = conversation.turns[-1].standalone
    assert named in standalone and not_named not in standalone
