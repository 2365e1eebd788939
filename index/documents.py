"""Read article files into cleaned ``Document`` records.

Folders are walked recursively in sorted order, skipping hidden files and folders; the files read
are those ``qa.index.formats`` has a reader for (plain text, Markdown, HTML, JSON Lines and JSON
lists, gzipped or not, RSS and Atom feeds). A file or record that cannot be an article (empty,
binary, a record without text, nothing left after cleaning) becomes a ``Skipped`` entry with a
reason rather than an error. Lines that recur across the articles read together are treated as
page furniture (``find_repeated_lines``).

Control characters and escape sequences are removed from every article's text and metadata
(``strip_controls``), line for line, so what is stored is inert on a terminal and line numbers
still match the file.

An article that is a whole file has the file's path as its id; one of several in a file has
``file#key`` (the record's id, else its URL, else ``line-N``).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import fields as dataclass_fields
from pathlib import Path
from urllib.parse import urlsplit

from qa.index.byline import clean_byline
from qa.index.clean import SiteFurniture, clean_text, find_repeated_lines, keep_all
from qa.index.dates import dateline_date
from qa.index.errors import InputPathError, NoDocuments
from qa.index.formats import Article, kind_of, read_file, unsupported_reason
from qa.index.formats.jsonl import check_field_names
from qa.index.formats.text import GONE
from qa.index.metadata import extract_metadata
from qa.index.records import Document, Metadata, Skipped
from qa.index.sanitize import strip_controls, visible

PROGRESS_EVERY = 100
"""Articles read between two progress reports."""


@dataclass(frozen=True)
class _Source:
    """One file to read: its path, the folder (or file) it was found from, and its id."""

    path: Path
    root: Path
    doc_id: str


@dataclass(frozen=True)
class _Read:
    """An article read from a source file, with its document id."""

    source: _Source
    article: Article
    doc_id: str

    @property
    def where(self) -> str:
        """The file, and for an article among several the line it starts on."""
        if self.article.key is None:
            return str(self.source.path)
        return f"{self.source.path}:{self.article.lines[0]}"


def read_documents(
    paths: Sequence[str | Path],
    *,
    min_repeat_documents: int = 3,
    field_names: Mapping[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[Document], list[Skipped]]:
    """Read the articles under ``paths`` (files or folders), in a stable order.

    Args:
        paths: files and folders; folders are searched recursively for files qa can read.
        min_repeat_documents: a short line found in this many articles (and in a third of them)
            is dropped as page furniture; see ``find_repeated_lines``. A short line in
            ``SITE_REPEATS`` articles of one site is too (``SiteFurniture``).
        field_names: JSON record fields for article fields the usual names miss
            (``{"text": "body"}``).
        progress: called with the number of articles read so far, every ``PROGRESS_EVERY``.

    Returns:
        The documents, and the files or records that were not indexed with the reason.

    Raises:
        InputPathError: a path does not exist, or ``field_names`` names an unknown field.
        NoDocuments: the paths hold no readable article.
    """
    field_names = dict(field_names or {})
    check_field_names(field_names)
    sources, skipped = _find_sources(paths)
    articles: list[_Read] = []
    seen_ids: dict[str, str] = {}
    for item in _read_all(sources, field_names, skipped):
        if item.doc_id in seen_ids:
            reason = f"same id {item.doc_id!r} as {seen_ids[item.doc_id]}"
            skipped.append(Skipped(item.where, reason))
            continue
        seen_ids[item.doc_id] = item.where
        articles.append(item)
        if progress and len(articles) % PROGRESS_EVERY == 0:
            progress(len(articles))
    to_clean = [item for item in articles if item.article.clean]
    repeated = find_repeated_lines(
        [item.article.text for item in to_clean], min_documents=min_repeat_documents
    )
    furniture = SiteFurniture()
    for item in to_clean:
        furniture.add(item.article.text, site=_site(item.article))
    documents: list[Document] = []
    for item in articles:
        document = _document(item, repeated_lines=repeated | furniture.lines(_site(item.article)))
        if document is None:
            skipped.append(Skipped(item.where, "no article text after cleaning"))
        else:
            documents.append(document)
    if not documents:
        raise NoDocuments(_nothing_read(paths, skipped))
    return documents, skipped


def _read_all(
    sources: list[_Source], field_names: Mapping[str, str], skipped: list[Skipped]
) -> Iterator[_Read]:
    """Every article of ``sources``; what cannot be read goes to ``skipped``."""
    for source in sources:
        for item in read_file(source.path, field_names=field_names):
            if isinstance(item, Skipped):
                if item.path == str(source.path) and item.reason != GONE:
                    item = replace(item, doc_id=source.doc_id)  # its stored version is kept
                skipped.append(item)
                continue
            doc_id = source.doc_id if item.key is None else f"{source.doc_id}#{item.key}"
            yield _Read(source, item, doc_id)


def _find_sources(paths: Sequence[str | Path]) -> tuple[list[_Source], list[Skipped]]:
    """The files to read, each once, and the files given by name that qa cannot read."""
    sources: list[_Source] = []
    skipped: list[Skipped] = []
    seen_paths: set[Path] = set()
    for given in paths:
        root = Path(given).expanduser().resolve()
        if not root.exists():
            raise InputPathError(f"No such file or folder: {given}")
        if root.is_file() and kind_of(root) is None:
            skipped.append(Skipped(str(root), unsupported_reason(root)))
            continue
        for source in _walk(root):
            if source.path not in seen_paths:
                seen_paths.add(source.path)
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
            if not name.startswith(".") and kind_of(path) is not None and path.is_file():
                yield _Source(path, root, path.relative_to(root).as_posix())


def _document(item: _Read, *, repeated_lines: frozenset[str]) -> Document | None:
    """The cleaned document, or None when cleaning leaves nothing."""
    article = _inert(item.article)
    if article.clean:
        cleaned = clean_text(article.text, repeated_lines=repeated_lines)
    else:
        cleaned = keep_all(article.text)
    if not cleaned.text:
        return None
    source = item.source
    name = source.path.name if article.key is None else f"{source.path.name}#{article.key}"
    name = visible(name, one_line=True)
    found = extract_metadata(cleaned, file_name=name, raw=article.text)
    return Document(
        doc_id=item.doc_id,
        path=str(source.path),
        root=str(source.root),
        text=cleaned.text,
        line_numbers=tuple(article.lines[number - 1] for number in cleaned.line_numbers),
        metadata=_metadata(article, found),
        content_hash=article.content_hash,
    )


def _inert(article: Article) -> Article:
    """``article`` with control characters and escape sequences removed from its text and
    metadata; its lines stay one for one (its text's line breaks are already ``\n``)."""
    fields = article.fields
    return replace(
        article,
        text=strip_controls(article.text.replace("\r", "")),
        fields=replace(
            fields,
            **{
                name.name: _inert_value(getattr(fields, name.name))
                for name in dataclass_fields(fields)
            },
        ),
    )


def _inert_value(value: str | None) -> str | None:
    return None if value is None else strip_controls(" ".join(value.split())) or None


def _metadata(article: Article, found: Metadata) -> Metadata:
    """The file's own metadata where it has it, else what the text says (``found``, and the
    date of its dateline)."""
    fields = article.fields
    dateline = None if fields.date else dateline_date(article.text)
    return Metadata(
        title=fields.title or found.title,
        source=_publisher(fields.source) or found.source or _host_name(fields.url),
        byline=(fields.byline and clean_byline(fields.byline)) or found.byline,
        date=fields.date or dateline,
        date_source="metadata" if fields.date else "dateline" if dateline else None,
        url=fields.url,
        language=fields.language,
    )


def _site(article: Article) -> str | None:
    """The site whose furniture an article shares: its URL's host, else its publisher."""
    return _host_name(article.fields.url) or article.fields.source


def _publisher(name: str | None) -> str | None:
    """A publisher field that is a bare host name without its ``www.`` (a ``source_domain`` of
    ``www.cnn.com`` is ``cnn.com``, as a publisher taken from the URL is)."""
    if name and name[:4].lower() == "www." and " " not in name:
        return name[4:]
    return name


def _host_name(url: str | None) -> str | None:
    """The site of ``url`` without ``www.`` (``cnn.com``), or None."""
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def _nothing_read(paths: Sequence[str | Path], skipped: list[Skipped]) -> str:
    """One line saying why ``paths`` gave no documents."""
    where = ", ".join(str(path) for path in paths)
    if not skipped:
        return f"No article files (.txt, .md, .html, .jsonl, .json, feeds) found in {where}"
    reasons = Counter(entry.reason.split(" (")[0].split(";")[0] for entry in skipped)
    summary = ", ".join(f"{count} {reason}" for reason, count in reasons.most_common())
    files = "file or record" if len(skipped) == 1 else "files or records"
    return f"No readable articles in {where}: {len(skipped)} {files} skipped ({summary})"
