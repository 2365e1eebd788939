"""Turn arbitrary user text into search terms and a safe SQLite FTS5 ``MATCH`` expression.

User text never reaches ``MATCH`` raw: it is split into word tokens and each token is sent as a
double-quoted FTS5 string, so operators (``AND``, ``NEAR``, ``*``, ``-``, ``:``, ``^``, brackets)
and stray quotes are plain words or separators, never syntax.

On a large collection the terms are bounded by how many chunks hold them: FTS5 scores every row
an ``OR`` query matches, so a word found in most chunks costs a score for each of them while
adding little to the ranking.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Protocol

MAX_TERMS = 32

POSTINGS_BUDGET = 5_000
"""How many chunk matches the kept terms may sum to (the rarest term is always kept). BM25
scoring costs about 2 us per match: at 1M synthetic chunks (``bench/scale.py``) 5,000 keeps
keyword search at p95 ~4-10 ms (10,000: ~35 ms; every word: ~570 ms). The seeds and SQuAD
questions sum to at most 1,600, so small collections lose no term."""

WORD = re.compile(r"[^\W_]+")
"""A word: a run of letters and digits in any script (the one word pattern of ``qa``)."""

_STOP_WORDS_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom whose why will with would you your yours yourself
    yourselves s t d ll m re ve isn aren wasn weren don doesn didn wouldn shouldn couldn
    cannot tell please many much
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
"""English function words and question words: they carry no topic."""


def keyword_terms(text: str) -> list[str]:
    """Content words of ``text``: lowercased word tokens without stop words, deduplicated.

    Tokens are runs of unicode letters and digits, so ``"58%"`` gives ``"58"``, ``"U.S."`` gives
    nothing (single latin letters are dropped) and ``"김정은"`` stays whole. At most
    ``MAX_TERMS`` terms are kept, in order of first appearance.
    """
    terms: list[str] = []
    seen: set[str] = set()
    for token in WORD.findall(text.lower()):
        if token in seen:
            continue
        if not token.isdigit() and (token in STOP_WORDS or (len(token) == 1 and token.isascii())):
            continue
        seen.add(token)
        terms.append(token)
        if len(terms) == MAX_TERMS:
            break
    return terms


class MatchCounter(Protocol):
    """Counts the chunks each FTS5 expression finds, at most ``cap`` (``Store.match_counts``)."""

    def __call__(self, matches: Sequence[str], *, cap: int) -> list[int]: ...


def _quote(term: str) -> str:
    """``term`` as an FTS5 string: plain text whatever characters it holds."""
    return '"' + term.replace('"', '""') + '"'


def rarest_terms(
    terms: Sequence[str], counts: Mapping[str, int], *, budget: int = POSTINGS_BUDGET
) -> list[str]:
    """The rarest of ``terms`` whose ``counts`` sum to at most ``budget``, in their own order.

    The rarest term is kept even over the budget; equally rare terms go in question order.
    """
    kept: set[str] = set()
    total = 0
    for term in sorted(terms, key=lambda term: counts[term]):
        total += counts[term]
        if kept and total > budget:
            break
        kept.add(term)
    return [term for term in terms if term in kept]


def fts_query(
    text: str, *, counts: MatchCounter | None = None, budget: int = POSTINGS_BUDGET
) -> str | None:
    """An FTS5 ``MATCH`` expression that finds rows holding any content word of ``text``.

    Args:
        text: any text.
        counts: when given, the terms are cut to ``rarest_terms`` by the chunks that hold them
            (counted up to ``budget + 1``).
        budget: see ``rarest_terms``.

    Returns:
        Quoted terms joined by ``OR`` (``"kim" OR "panmunjom"``), or None when ``text`` has no
        content words, in which case the caller should skip keyword search.
    """
    terms = keyword_terms(text)
    if not terms:
        return None
    if counts is not None:
        found = counts([_quote(term) for term in terms], cap=budget + 1)
        terms = rarest_terms(terms, dict(zip(terms, found, strict=True)), budget=budget)
    return " OR ".join(_quote(term) for term in terms)
