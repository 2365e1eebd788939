"""Make untrusted text inert on a terminal: no control characters, escapes or bidi overrides.

Article bytes and file names come from anywhere. Printed raw, ``ESC ] 52 ; c ; <base64> BEL``
writes the user's clipboard, ``ESC ] 0 ;`` sets the window title, ``ESC [ 2J`` wipes the screen,
a backspace or carriage return overprints what was shown and U+202E reverses it. Two functions:

- ``strip_controls`` at ingestion: escape sequences of every kind (CSI, OSC ended by BEL or ST,
  DCS, SOS, PM, APC, two-character escapes; 7-bit and 8-bit forms) are removed whole, other
  C0 controls but tab and newline, DEL, C1 controls and bidirectional overrides and isolates
  are removed, and line breaks (``\\r\\n``, ``\\r``) become ``\\n``, so the text keeps its lines.
- ``visible`` on output: each such character becomes a visible stand-in (``␛`` for ESC, ``␇``
  for BEL, ``�`` for C1 and bidi controls), one for one, so offsets into the text still hold.

The left-to-right and right-to-left marks (U+200E, U+200F, U+061C) are kept: Arabic and Hebrew
text needs them, and they cannot reorder text the way overrides and isolates do.
"""

from __future__ import annotations

import re

_C0 = frozenset(map(chr, range(0x20))) - {"\t", "\n"}
_C1 = frozenset(map(chr, range(0x80, 0xA0)))
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
UNSAFE = frozenset(_C0 | _C1 | _BIDI | {"\x7f"})
"""Characters that never reach a terminal from untrusted text (tab and newline are safe)."""

# Control strings never span a line break here, so removing one keeps the line count; one
# that is not terminated before the line ends loses only its ESC (the rest shows as text).
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"  # CSI: parameters, intermediates, final
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])"  # OSC, DCS, SOS, PM, APC ...
    r"[^\x07\x1b\x9c\n\r]*(?:\x07|\x1b\\|\x9c)"  # ... up to BEL or ST
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]"  # two-character escapes (ESC c, ESC 7, ESC ( B ...)
)
_LINE_BREAK = re.compile(r"\r\n?")
# Controls that str.split() takes for whitespace stay word separators.
_SPACES = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f\x85")
_STRIP = str.maketrans({char: (" " if char in _SPACES else None) for char in UNSAFE})


def _picture(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ␀ ... ␟
    return "\u2421" if code == 0x7F else "\ufffd"


_VISIBLE = str.maketrans({char: _picture(char) for char in UNSAFE})
_VISIBLE_LINE = str.maketrans({char: _picture(char) for char in UNSAFE | {"\t", "\n"}})
_JSON = str.maketrans({char: f"\\u{ord(char):04x}" for char in UNSAFE - _C0})


def strip_controls(text: str) -> str:
    """``text`` without escape sequences or unsafe characters, its line breaks as ``\\n``.

    Lines are kept one for one (a ``\\r\\n``, ``\\r`` or ``\\n`` each ends one), so line numbers
    of the original file still apply. Idempotent.
    """
    text = _LINE_BREAK.sub("\n", text)
    return _SEQUENCE.sub("", text).translate(_STRIP)


def visible(text: str, *, one_line: bool = False) -> str:
    """``text`` with each unsafe character replaced by a visible stand-in of the same length.

    Args:
        text: anything read from an article, a file name or an index.
        one_line: also show tabs and newlines as ``␉`` and ``␊`` (titles, file names, ids).
    """
    return text.translate(_VISIBLE_LINE if one_line else _VISIBLE)


def json_safe(document: str) -> str:
    """A JSON document with DEL, C1 and bidi characters written as ``\\u`` escapes.

    ``json.dumps(..., ensure_ascii=False)`` escapes only C0 controls; the decoded values are the
    same either way.
    """
    return document.translate(_JSON)
