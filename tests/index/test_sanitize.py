"""Untrusted text made inert: escape sequences and control characters never survive."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.index.clean import split_lines
from qa.index.sanitize import UNSAFE, json_safe, strip_controls, visible

# The attacks of issue 14, each around visible words that must stay.
ATTACKS = {
    "OSC 52 clipboard (BEL)": "a \x1b]52;c;ZWNobyBwd25lZA==\x07b",
    "OSC 0 title (ST)": "a \x1b]0;pwned\x1b\\b",
    "OSC 8 hyperlink": "a \x1b]8;;https://evil.example\x1b\\b\x1b]8;;\x1b\\",
    "CSI clear screen": "a \x1b[2J\x1b[Hb",
    "CSI colour": "a \x1b[1;31mb\x1b[0m",
    "DCS": "a \x1bP1$tx\x1b\\b",
    "APC, PM, SOS": "a \x1b_apc\x1b\\\x1b^pm\x1b\\\x1bXsos\x1b\\b",
    "8-bit CSI and OSC": "a \x9b2J\x9d0;t\x9cb",
    "two-character escapes": "a \x1bc\x1b7\x1b(0b",
    "bidi override and isolate": "a \u202e\u2066b\u2069\u202c",
    "backspace and DEL": "a \x08\x7fb",
}

# Text that includes the introducers and terminators often, so sequences get built.
texts = st.text(
    alphabet=st.sampled_from(sorted(UNSAFE | set("\t\n[]\\;0257JPX^_ab é"))) | st.characters(),
    max_size=200,
)


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS.keys())
def test_strip_controls_removes_each_attack_and_keeps_the_words(attack: str) -> None:
    cleaned = strip_controls(attack)
    assert not UNSAFE & set(cleaned)
    assert cleaned.startswith("a ") and cleaned.rstrip().endswith("b")
    assert "pwned" not in cleaned and "evil" not in cleaned and "2J" not in cleaned


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS.keys())
def test_visible_shows_each_attack_one_for_one(attack: str) -> None:
    shown = visible(attack)
    assert not UNSAFE & set(shown)
    assert len(shown) == len(attack)


def test_line_breaks_and_spacing_controls() -> None:
    assert strip_controls("one\r\ntwo\rthree\nfour") == "one\ntwo\nthree\nfour"
    assert strip_controls("word\x0cword\x0bword\ttab") == "word word word\ttab"
    assert visible("a\tb\nc") == "a\tb\nc"
    assert visible("a\tb\nc\rd", one_line=True) == "a␉b␊c␍d"


def test_an_unterminated_string_loses_only_its_escape() -> None:
    assert strip_controls("x \x1b]0;never ends\nnext line") == "x 0;never ends\nnext line"


@given(texts)
def test_strip_controls_leaves_nothing_unsafe_keeps_lines_and_is_idempotent(text: str) -> None:
    cleaned = strip_controls(text)
    assert not UNSAFE & set(cleaned)
    assert strip_controls(cleaned) == cleaned
    assert len(split_lines(cleaned)) == len(split_lines(text))


@given(texts, st.booleans())
def test_visible_leaves_nothing_unsafe_keeps_length_and_is_idempotent(
    text: str, one_line: bool
) -> None:
    shown = visible(text, one_line=one_line)
    assert not UNSAFE & set(shown)
    assert len(shown) == len(text)
    assert visible(shown, one_line=one_line) == shown
    if one_line:
        assert "\n" not in shown and "\t" not in shown


@given(st.dictionaries(texts, texts, max_size=4))
def test_json_safe_is_valid_json_of_the_same_values(data: dict[str, str]) -> None:
    document = json_safe(json.dumps(data, ensure_ascii=False, indent=2))
    assert not UNSAFE & set(document)
    assert json.loads(document) == data
