"""What a follow-up's pronoun points back to: a person for "he"/"she", a thing for "it".

No tagger is loaded. The candidates (``Referent``) come from the turn before, in order of
preference: the name its answer gave when its question asked for one, the names and noun phrases
("the Chinese balloon") of its question, then the subject of its answer's lead sentence.
Photo captions and credits ("Name/Pool/Reuters Sunak and Truss stand together") supply none.

Whether a name is a person is read from what is around it: a title ("President", "Rep."), a
known first name (``gender_guesser``'s list, which also gives the gender), or a "he"/"she" after
it in the same sentence; a word of an organisation or place ("Congress", "News", "Party") makes
it no person, and a demonym before a noun ("Chinese balloon") is an adjective, no referent.
"he"/"him"/"his" take a person not known to be a woman, "she"/"her" one not known to be a man,
"it"/"its" a thing, "they"/"them"/"their" a group or thing first, then a person, and "there"
the place a where or which-country question was answered with.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache
from itertools import pairwise
from typing import Any

from qa.query import STOP_WORDS, WORD
from qa.short import short_candidate
from qa.spans import AnswerType, SpanKind, answer_type, find_spans


class Gender(Enum):
    """The grammatical gender a person's pronoun has."""

    MALE = "male"
    FEMALE = "female"


@dataclass(frozen=True)
class Referent:
    """Something a pronoun may stand for.

    Attributes:
        text: how to name it in the rewritten question ("Liz Truss", "the Chinese balloon").
        person: True for a person, False for a thing, group or place, None when not known.
        gender: a person's gender when known.
        answered: whether it is what the previous answer gave (not what its question said).
        plural: whether it is several ("Trump and Kim", "the workers"): only "they" takes it.
        place: whether it answered a where or which-country question: only "there" takes it.
    """

    text: str
    person: bool | None
    gender: Gender | None = None
    answered: bool = False
    plural: bool = False
    place: bool = False


MALE_PRONOUNS = frozenset(["he", "him", "his", "himself"])
FEMALE_PRONOUNS = frozenset(["she", "her", "hers", "herself"])
GROUP_PRONOUNS = frozenset(["they", "them", "their", "theirs", "themselves"])
THING_PRONOUNS = frozenset(["it", "its", "itself"])

_TITLES_TEXT = """
    president prime minister chancellor premier secretary senator sen rep representative
    gov governor mayor speaker leader chairman chairwoman chair ceo founder judge justice
    pope king queen prince princess sir dame lord lady mr mrs ms miss dr gen general col lt
    coach captain star singer rapper actor actress director minister former late
"""
_TITLES = frozenset(_TITLES_TEXT.split())
_QUALIFIERS = frozenset(
    [
        "majority",
        "minority",
        "house",
        "senate",
        "gop",
        "republican",
        "democratic",
        "democrat",
        "u.s",
        "us",
        "uk",
        "vice",
    ]
)
_MALE_TITLES = frozenset(["mr", "king", "prince", "sir", "lord", "pope", "chairman", "actor"])
_FEMALE_TITLES = frozenset(["mrs", "ms", "miss", "queen", "princess", "dame", "lady", "actress"])
_NOT_PERSON_TEXT = """
    congress house senate parliament party news inc corp corporation company co ltd llc group
    university college school department ministry court council committee union association
    bank agency administration office commission fund foundation institute network times post
    journal airlines airways club fc league games cup street river sea ocean republic kingdom
    states island islands city county province coast pentagon white capitol media press tv
    channel service services force forces army navy police church federation organization
    organisation authority board center centre hospital museum festival awards award series
    academy society
    day week month year republicans democrats
"""
_NOT_PERSON = frozenset(_NOT_PERSON_TEXT.split())
_PLACE_NOUNS_TEXT = (
    "state country nation city town region province county island capital place port"
)
_PLACE_NOUNS = frozenset(_PLACE_NOUNS_TEXT.split())
_PERSON_NOUNS_TEXT = """
    man woman boy girl president minister leader king queen pope player singer star actor
    actress rapper coach father mother son daughter husband wife prince princess ceo founder
    chancellor senator governor mayor speaker judge officer driver pilot athlete researcher
    expert analyst official spokesman spokeswoman spokesperson lawmaker politician republican
    democrat scientist professor doctor author writer journalist reporter artist musician
    candidate nominee victim suspect chief head director coach manager
"""
_PERSON_NOUNS = frozenset(_PERSON_NOUNS_TEXT.split())
_MALE_NOUNS = frozenset(["man", "boy", "king", "pope", "father", "son", "husband", "prince"])
_FEMALE_NOUNS = frozenset(["woman", "girl", "queen", "mother", "daughter", "wife", "princess"])

_NEXT_NAME = re.compile(r"\s[A-Z][a-z]|[,;()]")
_WH_WORDS = frozenset(["who", "whom", "whose", "which", "what", "when", "where", "why", "how"])
_WH_PHRASE = re.compile(r"\b(who|whom|whose|which|what)\b((?:\s+[\w-]+){0,3})", re.IGNORECASE)
_POSSESSIVE_END = re.compile(r"['’]s?$")
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ese|ish|ian|an|i|ch|ic)$")
_CREDIT = re.compile(r"\b[A-Z][a-z]+(?:\s[A-Z][\w'’-]+)+\s?/\s?[A-Z]")
"""A photo credit: a photographer's name, a slash, an agency ("Stefan Rousseau/Pool/Reuters");
not "TCP/IP"."""
_CAPTION = re.compile(
    r"\b(?:getty images|ap photo|afp photo|photo:|credit:|photograph:|file photo|pictured|"
    r"photo illustration|courtesy of)\b|^(?:photo|image|file)\b",
    re.IGNORECASE,
)
_DATELINE = re.compile(r"^[A-Z][A-Z .,'()-]{2,}(?:\([^)]*\))?\s*[–—-]\s+")
_ARTICLE = re.compile(r"\b(?:the|a|an)\s", re.IGNORECASE)
_NP_STOP_TEXT = """
    is are was were be been being do does did has have had will would can could should may might
    must shall who whom whose which what when where why how that this these those and or but if
    as at by for from in into on onto off to with without about after before during since until
    than while over under out up down through against between among per via not no
    he she it they his her its their him them we you i says said say
"""
_NP_STOP = frozenset(_NP_STOP_TEXT.split())
_IRREGULAR_TEXT = """
    shot built made found held sent won lost left taken given known seen told done gone hit kept
    put set led paid sold brought bought caught fought taught thought struck stolen spoken
    chosen driven written broken fallen grown shown thrown worn begun run become came went
    took gave saw knew got began fell
"""
_IRREGULAR = frozenset(_IRREGULAR_TEXT.split())
"""Verbs without "-ed" that end a noun phrase ("the balloon shot down")."""
_TIME_HEADS = frozenset(
    ["week", "weekend", "month", "year", "day", "time", "moment", "morning", "night", "season"]
)


def is_caption(sentence: str) -> bool:
    """Whether ``sentence`` reads like a photo caption or credit, which names no referent."""
    return bool(_CREDIT.search(sentence) or _CAPTION.search(sentence))


def candidates(question: str, short: str | None, sentences: Sequence[str]) -> list[Referent]:
    """What pronouns after a turn may stand for, most likely first.

    Args:
        question: the turn's question, as searched.
        short: its answer's short form, if any.
        sentences: the sentences its answer cited, in order.
    """
    prose = [s for s in sentences if not is_caption(s)]
    found: list[Referent] = []
    asks = answer_type(question)
    wh = _WH_PHRASE.search(question)
    # answer_type strips the "s" of "which state"; lowercase: not "the State of the Union"
    if (
        wh is not None
        and wh.group(1).lower() in ("which", "what")
        and set(WORD.findall(wh.group(2))) & _PLACE_NOUNS
    ):
        asks = AnswerType.PLACE
    if asks in (AnswerType.NAME, AnswerType.PLACE):
        person = _asks_person(question) if asks is AnswerType.NAME else False
        answers = [short] if short else [a for s in prose if (a := _answer_in(question, s))]
        if person and not short:  # then any person the sentences name, after the picked ones
            answers += [
                n.text
                for s in prose
                for n in find_spans(s)
                if n.kind is SpanKind.NAME and _is_name(n.text)
            ]
        asked = {w.lower() for w in WORD.findall(question)}
        named = [
            _named(answer, prose, answered=True)
            for answer in answers
            if not {w.lower() for w in WORD.findall(answer)} <= asked  # the question's own name
        ]
        # The first that can be what was asked for: a person for "which clergyman", not "English";
        # one known to be a person before one that may be.
        fitting = [n for n in named if person is None or n.person in (None, person)]
        if person:
            fitting.sort(key=lambda n: n.person is not True)
        if fitting:
            chosen = fitting[0]
            if chosen.person is None and person is not None:
                chosen = replace(chosen, person=person, plural=chosen.plural and not person)
            found.append(replace(chosen, place=asks is AnswerType.PLACE))
    # The place a where-question was answered with is rarely "it": its noun phrases come first.
    found[len(found) if asks is AnswerType.NAME else 0 : 0] = _phrases(question, prose)
    if prose:
        lead = _lead_subject(prose[0], prose)
        if lead is not None:
            found.append(lead)
    unique: dict[str, Referent] = {}
    for referent in found:
        unique.setdefault(referent.text.lower(), referent)
    return list(unique.values())


def _answer_in(question: str, sentence: str) -> str | None:
    """The name in ``sentence`` that answers ``question``, whole ("Edict of Nantes", where the
    short answer drops the "Edict" the question says), or None; a demonym answers no pronoun."""
    found = short_candidate(question, sentence, probability=1.0)
    if found is None:
        return None
    start = sentence.find(found.text)
    whole = next((s.text for s in find_spans(sentence) if s.start <= start < s.end), found.text)
    return None if _DEMONYM.match(whole) or not _is_name(whole) else whole


def _is_name(text: str) -> bool:
    """Whether a run of capitalised words can be a name: not a capitalised function word ("Some"
    opening a sentence)."""
    return " " in text.strip() or text.strip().lower() not in STOP_WORDS


def _asks_person(question: str) -> bool | None:
    """Whether a name question asks for a person ("who", "which senator"), a thing ("which
    team"), or cannot be told."""
    wh = _WH_PHRASE.search(question)
    if wh is None:
        return None
    if wh.group(1).lower().startswith("who"):
        return True
    return any(
        w in _PERSON_NOUNS or w.endswith(("man", "men", "ist", "ician", "person"))
        for w in WORD.findall(wh.group(2).lower())
    )


def choose(pronoun: str, referents: Iterable[Referent], *, asks: AnswerType) -> Referent | None:
    """The referent ``pronoun`` most likely stands for in a question that ``asks`` for a kind
    of answer (a "where" question's "it" is not the place or thing the turn before answered)."""
    word = pronoun.lower()
    if word == "there":
        return next((r for r in referents if r.place), None)
    usable = [
        r for r in referents if not (asks is AnswerType.PLACE and r.answered and r.person is False)
    ]
    if word in GROUP_PRONOUNS:
        order = {False: 1, None: 2, True: 3}
        ranked = sorted(usable, key=lambda r: 0 if r.plural else order[r.person])
        return ranked[0] if ranked else None
    usable = [r for r in usable if not r.plural]
    if word in MALE_PRONOUNS or word in FEMALE_PRONOUNS:
        other = Gender.FEMALE if word in MALE_PRONOUNS else Gender.MALE
        people = [r for r in usable if r.person is not False and r.gender is not other]
        ranked = [r for r in people if r.person] + [r for r in people if r.person is None]
    elif word in THING_PRONOUNS:
        ranked = [r for r in usable if r.person is False] + [r for r in usable if r.person is None]
    else:
        return None
    return ranked[0] if ranked else None


def _named(text: str, context: Sequence[str], *, answered: bool = False) -> Referent:
    """A name as a referent: a person or not (and which gender), from the name and ``context``."""
    words = _POSSESSIVE_END.sub("", text).split()
    while len(words) > 1 and words[0].islower():
        words = words[1:]  # "of the Conservative Party"
    lowered = [_POSSESSIVE_END.sub("", w.lower().strip(".,")) for w in words]
    stripped = 0
    while stripped < len(words) - 1 and (
        lowered[stripped] in _TITLES | _QUALIFIERS
        or (_DEMONYM.match(words[stripped]) and lowered[stripped + 1] in _TITLES)
    ):
        stripped += 1
        if stripped < len(words) - 2 and lowered[stripped] == "of":
            stripped += 2  # "Secretary of State Antony Blinken"
    name, rest = " ".join(words[stripped:]), lowered[stripped:]
    acronym = len(name) <= 4 and sum(ch.isupper() for ch in name) > 1  # "FDA", "HgO"
    if any(w in _NOT_PERSON for w in rest) or acronym or _DEMONYM.match(name):
        return Referent(name, False, answered=answered)
    titles = [w for w in lowered[:stripped] if w in _TITLES]
    gender = _title_gender(titles) or _pronoun_gender(name, context)
    known, usual = _first_name(words[stripped]) if len(rest) > 1 else (False, None)
    gender = gender or usual
    speaks = any(_speaker(name).search(sentence) for sentence in context) or any(
        _titled(name).search(sentence) for sentence in context
    )
    person = True if titles or known or speaks or gender is not None else None
    return Referent(name, person, gender, answered)


def _speaker(name: str) -> re.Pattern[str]:
    """Where ``name`` says something: "Yang said", "said Yang", "Yang, a researcher, said"."""
    quoted = re.escape(name)
    return re.compile(
        rf"\b{quoted}(?:,[^,]{{3,80}},)?\s+(?:said|says|told|added|wrote|argued)\b"
        rf"|\b(?:said|says|told)\s+{quoted}\b"
    )


def _titled(name: str) -> re.Pattern[str]:
    """Where ``name`` follows a title ("Rep. Kevin McCarthy", "Speaker McCarthy")."""
    titles = "|".join(sorted(_TITLES - {"former", "late", "star", "director", "chair"}))
    return re.compile(rf"\b(?:{titles})\.?\s+(?:[A-Z][\w'’-]+\s+)?{re.escape(name)}\b", re.I)


def _title_gender(titles: Sequence[str]) -> Gender | None:
    if any(t in _MALE_TITLES for t in titles):
        return Gender.MALE
    if any(t in _FEMALE_TITLES for t in titles):
        return Gender.FEMALE
    return None


def _pronoun_gender(name: str, context: Sequence[str]) -> Gender | None:
    """The gender of the pronouns that follow ``name`` in the same sentence, when they agree."""
    last = name.split()[-1]
    pattern = re.compile(rf"\b{re.escape(last)}\b(.*)", re.DOTALL)
    male = female = 0
    for sentence in context:
        match = pattern.search(sentence)
        if match is None:
            continue
        # In its clause, up to the next name: "HgO) inside a tube ... he" is not about HgO.
        after = {w.lower() for w in WORD.findall(_NEXT_NAME.split(match.group(1)[:80])[0])}
        male += bool(after & {"he", "him", "his", "himself"})
        female += bool(after & {"she", "her", "hers", "herself"})
    if male > female:
        return Gender.MALE
    if female > male:
        return Gender.FEMALE
    return None


def _first_name(first: str) -> tuple[bool, Gender | None]:
    """Whether ``first`` is a known first name, and its gender when it is (nearly) never used
    for the other ("Kim": a name, of either)."""
    said = _detector().get_gender(first.strip(".,"))
    if said == "male":
        return True, Gender.MALE
    if said == "female":
        return True, Gender.FEMALE
    return said != "unknown", None


@lru_cache(maxsize=1)
def _detector() -> Any:
    """``gender_guesser``'s first-name list (about half a second to load, once)."""
    import gender_guesser.detector as detector

    return detector.Detector()


def _phrases(question: str, context: Sequence[str]) -> list[Referent]:
    """The names and noun phrases of ``question``, in order: a demonym before a noun is part of
    its noun phrase, not a name."""
    found: list[tuple[int, Referent]] = []
    for span in find_spans(question):
        if (
            span.kind is not SpanKind.NAME
            or _CREDIT.search(question[span.start : span.end + 2])
            or span.text.split()[0].lower() in _WH_WORDS
            or not _is_name(span.text)
        ):
            continue
        following = question[span.end :].split(maxsplit=1)
        if _DEMONYM.match(span.text) and following and following[0][:1].islower():
            continue
        owned = re.match(r"(?:['’]s)?\s+([a-z][\w\s-]*)", question[span.end :])
        if not re.search(r"['’]s$", span.text) and not question[span.end :].startswith(
            ("'s", "’s")
        ):
            owned = None
        if owned is not None:
            phrase = _noun_phrase(owned.group(1))
            if phrase is not None and phrase.person:
                found.append(
                    (
                        span.start,
                        replace(
                            phrase, text=f"{_POSSESSIVE_END.sub('', span.text)}'s{phrase.text[3:]}"
                        ),
                    )
                )
        found.append((span.start, _named(span.text, context)))
    names = [span for span in find_spans(question) if span.kind is SpanKind.NAME]
    for first, second in pairwise(names):
        if question[first.end : second.start] == " and ":
            both = f"{first.text} and {second.text}"
            found.append((first.start - 1, Referent(both, None, plural=True)))
    for match in _ARTICLE.finditer(question):
        phrase = _noun_phrase(question[match.end() :])
        if phrase is not None:
            found.append((match.start(), phrase))
    found.sort(key=lambda item: item[0])
    return [referent for _, referent in found]


def _noun_phrase(text: str) -> Referent | None:
    """The noun phrase after an article at the start of ``text`` ("Chinese spy balloon was...")
    as "the Chinese spy balloon", or None when it is a time ("this week") or no noun."""
    words: list[str] = []
    for token in text.split():
        word = token.strip(",.?!;:\"“”'’()")
        lowered = word.lower()
        if not word or lowered in _NP_STOP or lowered in _IRREGULAR or not word[0].isalpha():
            break
        words.append(word)
        if (token != word and not token.endswith(("'s", "’s"))) or len(words) == 5:
            break
        if lowered.endswith("ed") and len(words) > 1:
            words.pop()
            break
    while words and words[-1].lower() in ("of", "the", "a", "an", "&"):
        words.pop()
    if not words or "'" in words[-1] or "’" in words[-1]:
        return None
    head = words[-1].lower()
    if head in _TIME_HEADS or (head in _NOT_PERSON and len(words) == 1):
        return None
    if head in _PERSON_NOUNS:
        gender = (
            Gender.MALE if head in _MALE_NOUNS else Gender.FEMALE if head in _FEMALE_NOUNS else None
        )
        return Referent("the " + " ".join(words), True, gender)
    plural = head.endswith("s") and not head.endswith("ss")
    return Referent("the " + " ".join(words), False, plural=plural)


def _lead_subject(sentence: str, context: Sequence[str]) -> Referent | None:
    """The subject of a lead sentence: the name or noun phrase it opens with."""
    text = _DATELINE.sub("", sentence.lstrip("\"“'‘ "))
    article = _ARTICLE.match(text)
    if article is not None:
        return _noun_phrase(text[article.end() :])
    spans = find_spans(text)
    if not spans or spans[0].kind is not SpanKind.NAME or spans[0].start > 2:
        return None
    first = spans[0].text
    if " " not in first and (first.lower() in STOP_WORDS or first.endswith(("ing", "ed", "ly"))):
        return None  # "Starting in 1965, ..." opens with no name
    return _named(first, context)
