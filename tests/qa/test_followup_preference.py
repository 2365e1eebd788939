"""How a follow-up's wish weighs candidate sentences (``qa.followup.preference``)."""

from __future__ import annotations

import math

from qa.candidates import Candidate
from qa.followup import Cited, FollowUp, Wants, preference
from qa.types import Passage

STORY = (
    "The strike began on Monday. Workers walked out over pay. "
    "The union met the owners on Friday. A deal was signed because both sides gave ground."
)


def _sentences(doc_id: str, text: str, date: str | None) -> list[Candidate]:
    passage = Passage(doc_id, "T", None, f"/{doc_id}", text, 0, len(text), 1, 1.0, date=date)
    candidates, start = [], 0
    for sentence in text.split(". "):
        sentence = sentence.rstrip(".") + "."
        begin = text.index(sentence, start)
        candidates.append(Candidate(passage, 0, begin, begin + len(sentence), sentence))
        start = begin + len(sentence)
    return candidates


def test_next_prefers_what_follows_in_the_story_and_later_articles() -> None:
    story = _sentences("june.txt", STORY, "2022-06-14")
    later = _sentences("july.txt", "The plant reopened in July after the deal.", "2022-07-02")
    older = _sentences("may.txt", "Talks on pay failed in May, the union said.", "2022-05-03")
    cited = story[1]
    follow_up = FollowUp(
        Wants.NEXT, (Cited("june.txt", cited.start, cited.end, "2022-06-14"),), (cited.text,)
    )
    shift = preference([*story, *later, *older], follow_up)
    before, repeated, next_one, last, after, earlier = shift
    assert repeated == -math.inf
    assert next_one > 0 and last > 0 and after > 0
    assert before < 0 and earlier < 0


def test_why_prefers_reasons_near_what_was_cited_and_never_repeats_it() -> None:
    story = _sentences("june.txt", STORY, None)
    elsewhere = _sentences("other.txt", "Prices rose because demand grew.", None)
    cited = story[2]
    follow_up = FollowUp(Wants.REASON, (Cited("june.txt", cited.start, cited.end),), ())
    shift = preference([*story, *elsewhere], follow_up)
    assert shift[2] == -math.inf
    assert shift[3] > shift[4] > 0  # a reason beside the citation, then one elsewhere
    assert shift[3] > shift[1]  # a reason rather than a neighbour that gives none
