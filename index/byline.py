"""Bylines that are contact or promo lines, reduced to the writers' names.

Local papers end stories with "Contact Betsy Price at (302) 324-2884 or.", "Staff Writer Thad
Angelloz can be reached at ...", "Follow reporter Scott Gleeson on Twitter @ScottMGleeson." or
"| @RealChrisKocher"; the byline extracted from such a line is its names ("Betsy Price", "Thad
Angelloz", "Scott Gleeson"), and nothing when no name is left. Other bylines only lose e-mail
addresses, handles and phone numbers.
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"\[email\s*protected\]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<!\w)@\w+")
_WEB = re.compile(r"\S+\.(?:com|org|net|news)\b\S*", re.IGNORECASE)
_PHONE = re.compile(
    r"(?:\b1-)?(?:\(\d{3}\)\s*|\b\d{3}[-.\s])?\d{3}-\d{4}\b(?:,?\s*ext\.?\s*\d+)?", re.IGNORECASE
)
_CONTACT = re.compile(
    r"\b(?:contact|reach|call|e-?mails?|follow|twitter|facebook|can be reached)\b|[|@]|\d{3}-\d{4}",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<![A-Z])[.!?](?=\s|$)")
_ASK = re.compile(r"^.*?\b(?:contact|reach|call|e-?mail|follow)\s+(?:the\s+)?", re.IGNORECASE)
_TAIL = re.compile(
    r"\s+(?:can|is|at|on|or|and|via|for)\b.*$|\s*[,:;(|—–].*$", re.IGNORECASE | re.DOTALL
)
_ROLE = re.compile(
    r"^.*\b(?:reporter|correspondent|writer|editor|columnist|photographer)s?\b\s*", re.IGNORECASE
)
_PARTICLES = frozenset({"de", "da", "del", "della", "der", "van", "von", "la", "le", "bin", "al"})
_NAME_WORDS = (2, 5)


def clean_byline(byline: str) -> str | None:
    """``byline`` without contact details: the writers' names of a contact or promo line,
    comma-separated, or None when no name is left."""
    if not _CONTACT.search(_EMAIL.sub(" ", byline)):
        return _tidy(byline)
    names: list[str] = []
    for sentence in _SENTENCE.split(_strip_contacts(byline)):
        name = _name(sentence)
        if name and name not in names:
            names.append(name)
    return ", ".join(names) or None


def _strip_contacts(text: str) -> str:
    for pattern in (_EMAIL, _WEB, _HANDLE, _PHONE):
        text = pattern.sub(" ", text)
    return text


def _tidy(byline: str) -> str | None:
    text = " ".join(_strip_contacts(byline).split())
    text = re.sub(r"\s+,", ",", text).strip(" ,;")
    return text or None


def _name(sentence: str) -> str | None:
    """The person a contact sentence names ("Contact IndyStar reporter James Briggs at")."""
    text = sentence.strip(" ()[]\"'.,;:-—–|")
    text = _ASK.sub("", text, count=1)
    text = _TAIL.sub("", text)
    text = _ROLE.sub("", text).strip(" ()[]\"'.,;:-—–|")
    tokens = text.split()
    low, high = _NAME_WORDS
    if not low <= len(tokens) <= high:
        return None
    if all(_is_name_word(token) for token in tokens) and not _CONTACT.search(text):
        return " ".join(tokens)
    return None


def _is_name_word(token: str) -> bool:
    letters = [char for char in token if char.isalpha()]
    return bool(letters) and (letters[0].isupper() or token in _PARTICLES)
