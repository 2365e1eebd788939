"""Read article files into cleaned ``Document`` records.

Folders are walked recursively in sorted order, skipping hidden files and folders; the files read
are those ``qa.index.formats`` has a reader for (plain text, Markdown, HTML, JSON Lines and JSON
lists, gzipped or not, RSS and Atom feeds). A file or record that cannot be an article (empty,
binary, a record without text, nothing left after cleaning) becomes a ``Skipped`` entry with a
reason rather than an error. Lines that recur across the articles read together are treated as
page furniture (``Furniture``). Files are read twice, as streams: a first pass
(``scan_articles``) keeps each article's id and content hash and learns the furniture, a second
(``cleaned_documents``) cleans the articles a build needs, one at a time.

Control characters and escape sequences are removed from every article's text and metadata
(``strip_controls``), line for line, so what is stored is inert on a terminal and line numbers
still match the file.

An article that is a whole file has the file's path as its id; one of several in a file has
``file#key`` (the record's id, else its URL, else ``line-N``).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import fields as dataclass_fields
from pathlib import Path
from urllib.parse import urlsplit

from qa.index.byline import clean_byline
from qa.index.clean import Furniture, clean_text, keep_all
from qa.index.dates import dateline_date
from qa.index.errors import InputPathError, NoDocuments
from qa.index.formats import Article, kind_of, read_file, unsupported_reason
from qa.index.formats.jsonl import check_field_names
from qa.index.formats.text import GONE
from qa.index.metadata import extract_metadata
from qa.index.records import ArticleRef, Document, Metadata, Skipped
from qa.index.sanitize import strip_controls, visible

PROGRESS_SECONDS = 0.2
"""Least time between two progress reports while reading: the count moves from the first
article on, without a call per record of a large archive."""


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


@dataclass(frozen=True)
class Scan:
    """What a first pass over the files found: every article's identity (not its text), what
    could not be read, and the furniture learnt from the articles' lines."""

    articles: list[ArticleRef]
    skipped: list[Skipped]
    sources: list[_Source]
    furniture: Furniture
    field_names: Mapping[str, str]


def scan_articles(
    paths: Sequence[str | Path],
    *,
    min_repeat_documents: int = 3,
    field_names: Mapping[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Scan:
    """Read the articles under ``paths`` (files or folders) once, in a stable order, keeping
    only their ids and content hashes, and learning the page furniture from their lines.

    An archive is read as a stream: memory holds one article at a time, its id and hash, and
    the furniture sample (``Furniture``); ``cleaned_documents`` then reads the files again.

    Args:
        paths: files and folders; folders are searched recursively for files qa can read.
        min_repeat_documents: a short line found in this many articles (and in a third of them)
            is dropped as page furniture; a short line in ``SITE_REPEATS`` articles of one site
            is too (``Furniture``).
        field_names: JSON record fields for article fields the usual names miss
            (``{"text": "body"}``).
        progress: called with the number of articles read so far, after the first one, at
            most every ``PROGRESS_SECONDS``, and after the last.

    Raises:
        InputPathError: a path does not exist, or ``field_names`` names an unknown field.
        NoDocuments: the paths hold no readable article.
    """
    field_names = dict(field_names or {})
    check_field_names(field_names)
    sources, skipped = _find_sources(paths)
    furniture = Furniture(min_documents=min_repeat_documents)
    articles: list[ArticleRef] = []
    seen_ids: dict[str, str] = {}
    reported = 0.0
    for item in _read_all(sources, field_names, skipped):
        if item.doc_id in seen_ids:
            reason = f"same id {item.doc_id!r} as {seen_ids[item.doc_id]}"
            skipped.append(Skipped(item.where, reason))
            continue
        seen_ids[item.doc_id] = item.where
        source = item.source
        articles.append(
            ArticleRef(
                doc_id=item.doc_id,
                path=str(source.path),
                root=str(source.root),
                content_hash=item.article.content_hash,
                where=item.where,
                size=len(item.article.text),
            )
        )
        if item.article.clean:
            furniture.add(item.article.text, site=_site(item.article))
        if progress and time.monotonic() - reported >= PROGRESS_SECONDS:
            progress(len(articles))
            reported = time.monotonic()
    if progress and articles:
        progress(len(articles))
    if not articles:
        raise NoDocuments(_nothing_read(paths, skipped))
    return Scan(articles, skipped, sources, furniture, field_names)


def cleaned_documents(
    scan: Scan, *, only: Container[str] | None = None
) -> Iterator[Document | Skipped]:
    """The cleaned articles of ``scan`` (those whose ids are in ``only``, if given), read again
    from their files one at a time, in the same order; an article that cleaning leaves empty
    comes as a ``Skipped``. Files holding none of ``only`` are not read."""
    wanted = {ref.path for ref in scan.articles if only is None or ref.doc_id in only}
    sources = [source for source in scan.sources if str(source.path) in wanted]
    done: set[str] = set()
    for item in _read_all(sources, scan.field_names, []):
        if item.doc_id in done or (only is not None and item.doc_id not in only):
            continue
        done.add(item.doc_id)
        lines = scan.furniture.lines(_site(item.article))
        document = _document(item, repeated_lines=lines)
        yield document or Skipped(item.where, "no article text after cleaning")


def read_documents(
    paths: Sequence[str | Path],
    *,
    min_repeat_documents: int = 3,
    field_names: Mapping[str, str] | None = None,
) -> tuple[list[Document], list[Skipped]]:
    """All the cleaned articles under ``paths`` at once (``scan_articles``, then
    ``cleaned_documents``), and the files or records not indexed with the reason.

    Raises:
        InputPathError: a path does not exist, or ``field_names`` names an unknown field.
        NoDocuments: the paths hold no readable article.
    """
    scan = scan_articles(paths, min_repeat_documents=min_repeat_documents, field_names=field_names)
    documents: list[Document] = []
    skipped = list(scan.skipped)
    for item in cleaned_documents(scan):
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            documents.append(item)
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


def _document(item: _Read, *, repeated_lines: Container[str]) -> Document | None:
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
