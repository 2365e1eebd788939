"""Turn arbitrary user text into search terms and a safe SQLite FTS5 ``MATCH`` expression.

User text never reaches ``MATCH`` raw: it is split into word tokens and each token is sent as a
double-quoted FTS5 string, so operators (``AND``, ``NEAR``, ``*``, ``-``, ``:``, ``^``, brackets)
and stray quotes are plain words or separators, never syntax.
"""

from __future__ import annotations

import re

MAX_TERMS = 32

_WORD = re.compile(r"[^\W_]+")

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
    for token in _WORD.findall(text.lower()):
        if token in seen:
            continue
        if not token.isdigit() and (token in STOP_WORDS or (len(token) == 1 and token.isascii())):
            continue
        seen.add(token)
        terms.append(token)
        if len(terms) == MAX_TERMS:
            break
    return terms


def fts_query(text: str) -> str | None:
    """An FTS5 ``MATCH`` expression that finds rows holding any content word of ``text``.

    Returns:
        Quoted terms joined by ``OR`` (``"kim" OR "panmunjom"``), or None when ``text`` has no
        content words, in which case the caller should skip keyword search.
    """
    terms = keyword_terms(text)
    if not terms:
        return None
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)
