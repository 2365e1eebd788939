"""Read article files into cleaned ``Document`` records.

Folders are walked recursively in sorted order, skipping hidden files and folders; only ``.txt``
and ``.md`` files are read. A file that cannot be an article (empty, binary, not UTF-8, nothing
left after cleaning) becomes a ``Skipped`` entry with a reason rather than an error. Lines that
recur across the files read together are treated as page furniture (``find_repeated_lines``).
Control characters and escape sequences are removed as a file is read (``strip_controls``), line
for line, so the stored text is inert on a terminal and line numbers still match the file.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from index.clean import clean_text, find_repeated_lines
from index.errors import InputPathError, NoDocuments
from index.metadata import extract_metadata
from index.records import Document, Skipped
from index.sanitize import strip_controls, visible

SUFFIXES = frozenset({".txt", ".md"})
MAX_FILE_BYTES = 100_000_000
"""Larger files are skipped (and listed): indexing holds a file's text in memory a few times
over (README, "One very large file"); no news article comes near it."""
_CONTROL_BYTES = frozenset(range(0x20)) - frozenset(b"\t\n\r\f\b") | {0x7F}
_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class _Source:
    """One file to read: its path, the folder (or file) it was found from, and its id."""

    path: Path
    root: Path
    doc_id: str


@dataclass(frozen=True)
class _Text:
    source: _Source
    raw: str
    content_hash: str


def read_documents(
    paths: Sequence[str | Path], *, min_repeat_documents: int = 3
) -> tuple[list[Document], list[Skipped]]:
    """Read the articles under ``paths`` (files or folders), in a stable order.

    Args:
        paths: files and folders; folders are searched recursively for ``.txt`` and ``.md``.
        min_repeat_documents: a short line found in this many files (and in a third of them)
            is dropped as page furniture; see ``find_repeated_lines``.

    Returns:
        The documents, and the files that were not indexed with the reason.

    Raises:
        InputPathError: a path does not exist.
        NoDocuments: the paths hold no readable article.
    """
    sources, skipped = _find_sources(paths)
    texts: list[_Text] = []
    for source in sources:
        text = _read(source)
        if isinstance(text, Skipped):
            skipped.append(text)
        else:
            texts.append(text)
    repeated = find_repeated_lines([text.raw for text in texts], min_documents=min_repeat_documents)
    documents: list[Document] = []
    for text in texts:
        document = _document(text, repeated_lines=repeated)
        if document is None:
            skipped.append(Skipped(str(text.source.path), "no article text after cleaning"))
        else:
            documents.append(document)
    if not documents:
        raise NoDocuments(_nothing_read(paths, skipped))
    return documents, skipped


def _find_sources(paths: Sequence[str | Path]) -> tuple[list[_Source], list[Skipped]]:
    """The files to read, each once, and the files given by name that are not articles."""
    sources: list[_Source] = []
    skipped: list[Skipped] = []
    seen_paths: set[Path] = set()
    seen_ids: dict[str, Path] = {}
    for given in paths:
        root = Path(given).expanduser().resolve()
        if not root.exists():
            raise InputPathError(f"No such file or folder: {given}")
        if root.is_file() and root.suffix.lower() not in SUFFIXES:
            skipped.append(Skipped(str(root), "not a .txt or .md file"))
            continue
        for source in _walk(root):
            if source.path in seen_paths:
                continue
            seen_paths.add(source.path)
            if source.doc_id in seen_ids:
                reason = f"same id {source.doc_id!r} as {seen_ids[source.doc_id]}"
                skipped.append(Skipped(str(source.path), reason))
                continue
            seen_ids[source.doc_id] = source.path
            sources.append(source)
    return sources, skipped


def _walk(root: Path) -> Iterator[_Source]:
    """Article files under ``root`` (or ``root`` itself), sorted, without hidden entries."""
    if root.is_file():
        yield _Source(root, root, root.name)
        return
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        for name in sorted(filenames):
            path = Path(folder) / name
            if not name.startswith(".") and path.suffix.lower() in SUFFIXES and path.is_file():
                yield _Source(path, root, path.relative_to(root).as_posix())


def _read(source: _Source) -> _Text | Skipped:
    """The decoded text of a file, or why it is not an article."""
    try:
        if source.path.stat().st_size > MAX_FILE_BYTES:
            return Skipped(str(source.path), f"larger than {MAX_FILE_BYTES / 1e6:g} MB")
        data = source.path.read_bytes()
    except FileNotFoundError:
        return Skipped(str(source.path), "gone while reading")
    except OSError as error:
        return _unreadable(source, f"cannot be read ({error.strerror or error})")
    problem = _not_text(data)
    if problem is not None:
        return _unreadable(source, problem)
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        raw = data[bom:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = bom + error.start
        reason = f"not UTF-8 text (byte 0x{data[offset]:02x} at offset {offset})"
        return _unreadable(source, reason)
    if not raw.strip():
        return _unreadable(source, "only whitespace")
    return _Text(source, strip_controls(raw), hashlib.sha256(data).hexdigest())


def _unreadable(source: _Source, reason: str) -> Skipped:
    """A file that exists but gave no article now (a read error, or caught mid-save)."""
    return Skipped(str(source.path), reason, doc_id=source.doc_id)


def _not_text(data: bytes) -> str | None:
    """Why ``data`` is not a text file (empty, UTF-16, binary), or None."""
    if not data:
        return "empty file"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text, not UTF-8"
    if b"\x00" in data:
        return "binary file (contains NUL bytes)"
    sample = data[:_SNIFF_BYTES]
    controls = sum(byte in _CONTROL_BYTES for byte in sample)
    if controls > len(sample) // 20:
        return "binary file (mostly control bytes)"
    return None


def _document(text: _Text, *, repeated_lines: frozenset[str]) -> Document | None:
    """The cleaned document, or None when cleaning leaves nothing."""
    cleaned = clean_text(text.raw, repeated_lines=repeated_lines)
    if not cleaned.text:
        return None
    source = text.source
    return Document(
        doc_id=source.doc_id,
        path=str(source.path),
        root=str(source.root),
        text=cleaned.text,
        line_numbers=cleaned.line_numbers,
        metadata=extract_metadata(
            cleaned, file_name=visible(source.path.name, one_line=True), raw=text.raw
        ),
        content_hash=text.content_hash,
    )


def _nothing_read(paths: Sequence[str | Path], skipped: list[Skipped]) -> str:
    """One line saying why ``paths`` gave no documents."""
    where = ", ".join(str(path) for path in paths)
    if not skipped:
        return f"No .txt or .md files found in {where}"
    reasons = Counter(entry.reason.split(" (")[0] for entry in skipped)
    summary = ", ".join(f"{count} {reason}" for reason, count in reasons.most_common())
    files = "file" if len(skipped) == 1 else "files"
    return f"No readable articles in {where}: {len(skipped)} {files} skipped ({summary})"
