"""Decode the bytes of a text file in whatever common encoding it uses.

UTF-8 (with or without a byte-order mark) and UTF-16/32 with a mark are read directly; anything
else is Western text in cp1252 (Windows' encoding, a superset of Latin-1 for printable text) when
its bytes are valid cp1252 and mostly ASCII (at most one byte above 0x7F per five ASCII letters:
accents, ``“ ” — €``), and otherwise goes to charset-normalizer (Cyrillic, Greek, East Asian
code pages). charset-normalizer alone misreads short Western text as DOS, Central European or even
Arabic code pages, so a Latin code-page guess of its is read as cp1252 too. A Central European
text in cp1250 can therefore come out with a few wrong letters. A file with NUL bytes and no mark,
or mostly control bytes, is binary.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from qa.index.clean import split_lines
from qa.index.formats import Article
from qa.index.records import Skipped

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_BYTES = frozenset(range(0x20)) - frozenset(b"\t\n\r\f\b") | {0x7F}
_SNIFF_BYTES = 8192
GONE = "gone while reading"
"""The reason given for a file deleted between listing and reading it."""
_WESTERN_LETTERS_PER_HIGH_BYTE = 5
_LATIN_CODE_PAGES = frozenset(
    [
        "cp1250",
        "cp1252",
        "cp437",
        "cp775",
        "cp850",
        "cp852",
        "cp858",
        "cp860",
        "cp863",
        "cp865",
        "latin_1",
        "iso8859_2",
        "iso8859_3",
        "iso8859_4",
        "iso8859_9",
        "iso8859_10",
        "iso8859_13",
        "iso8859_14",
        "iso8859_15",
        "iso8859_16",
        "mac_roman",
        "mac_iceland",
        "mac_latin2",
        "mac_turkish",
    ]
)


class NotText(ValueError):
    """The bytes are not text in any encoding this reader knows; the message says why."""


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read in.

    Raises:
        NotText: ``data`` is empty or binary.
    """
    if not data:
        raise NotText("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise NotText(f"damaged {encoding} text (at byte {error.start})") from error
    if b"\x00" in data:
        raise NotText("binary file (contains NUL bytes)")
    sample = data[:_SNIFF_BYTES]
    if sum(byte in _CONTROL_BYTES for byte in sample) > len(sample) // 20:
        raise NotText("binary file (mostly control bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _guess(data)


def _guess(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    high = sum(byte >= 0x80 for byte in data)
    ascii_letters = sum(65 <= byte <= 90 or 97 <= byte <= 122 for byte in data)
    if high * _WESTERN_LETTERS_PER_HIGH_BYTE <= ascii_letters:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass

    results = list(from_bytes(data))
    if not results:
        raise NotText("binary file or unknown encoding")
    best = max(results, key=lambda result: result.coherence - result.chaos)
    if best.encoding in _LATIN_CODE_PAGES:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    return str(best), best.encoding


@dataclass(frozen=True)
class Loaded:
    """A text file's decoded text and the hash of its bytes."""

    text: str
    content_hash: str


MAX_FILE_BYTES = 100_000_000
"""Larger text, Markdown, HTML and feed files are skipped (and listed): indexing holds a file's
text in memory a few times over (README, "One very large file"); no news article comes near
it. Record files (JSON Lines) are streamed and have no such limit."""


def load(path: Path) -> Loaded | Skipped:
    """The decoded text of ``path``, or why it is not a text file."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return Skipped(str(path), f"larger than {MAX_FILE_BYTES / 1e6:g} MB")
        data = path.read_bytes()
    except FileNotFoundError:
        return Skipped(str(path), GONE)
    except OSError as error:
        return Skipped(str(path), f"cannot be read ({error.strerror or error})")
    try:
        text, _ = decode(data)
    except NotText as error:
        return Skipped(str(path), str(error))
    if not text.strip():
        return Skipped(str(path), "only whitespace")
    return Loaded(text, hashlib.sha256(data).hexdigest())


def numbered(text: str) -> tuple[str, tuple[int, ...]]:
    """``text`` with its line endings made ``"\\n"``, and each line's number (1, 2, ...)."""
    lines = split_lines(text)
    return "\n".join(lines), tuple(range(1, len(lines) + 1))


def read(path: Path) -> Iterator[Article | Skipped]:
    """A plain text file: one article, lines as they are."""
    loaded = load(path)
    if isinstance(loaded, Skipped):
        yield loaded
        return
    text, lines = numbered(loaded.text)
    yield Article(None, text, lines, loaded.content_hash)
