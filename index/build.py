"""Build or update an index from folders of articles: incremental, atomic and locked.

A build reads every file under the given paths, compares content hashes with what is stored,
and embeds only new or changed articles. Files are read as streams, twice
(``qa.index.documents``): once for ids, hashes and page furniture, and again for the articles to
embed, which are cleaned, chunked and embedded a group at a time, so memory does not grow with
the number of articles (only the vector index does, 1.5 KB per chunk, as it does for readers).
Documents whose files are gone from the given folders are removed; documents indexed from other
folders are kept. Exact duplicates (same bytes) are
stored once and listed in ``duplicates``. Everything is written to a new generation of files
that the manifest switches to at the end (see ``qa.index.manifest``), under a file lock; vectors
embedded before the end are saved as they come (``qa.index.resume``), so that a build stopped
by Ctrl-C or a kill is resumed by the next one without embedding them again.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa.index.chunk import ChunkSettings, chunk_text, sentence_homes
from qa.index.documents import Scan, cleaned_documents, scan_articles
from qa.index.embed import MODEL_NAME, Span, SpanEmbedder, count_tokens, load_embedder
from qa.index.errors import (
    IndexBusy,
    IndexDamaged,
    IndexMismatch,
    IndexNotFound,
    IndexWriteFailed,
    QAError,
)
from qa.index.field_mapping import describe_change, remembered_field_names
from qa.index.generation import (
    check_sizes,
    check_vectors,
    file_checksum,
    fsync_file,
    mismatched_database,
    next_generation,
    remove_unused,
)
from qa.index.manifest import (
    FORMAT_VERSION,
    Manifest,
    fsync_directory,
    manifest_path,
    read_manifest,
    write_manifest,
)
from qa.index.records import ArticleRef, ChunkSpan, Document, Sentence, Skipped
from qa.index.resume import ResumeCache, chunk_key, remove_resume
from qa.index.sentences import sentence_spans
from qa.index.store import Store, connect, damaged
from qa.index.vectors import VectorIndex

if TYPE_CHECKING:
    import numpy as np

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``; stages are ``"reading"`` (articles read in the first pass;
total 0: unknown), ``"chunking"`` (articles to embed cleaned and chunked, of the total) and
``"embedding"`` (chunks embedded so far; total 0: unknown until the last article is chunked);
an article of ``LONG_DOCUMENT`` characters or more also reports ``"chunks"`` and ``"sentences"``
(characters of it done)."""

EMBED_GROUP = 512
"""Chunks embedded, then stored and saved for resuming (``qa.index.resume``), at a time: about
15 s of embedding on two cores, the most that Ctrl-C loses; it also bounds the memory that
chunks waiting for their vectors take."""

LONG_DOCUMENT = 1_000_000
"""Characters from which the sentence splitting of one document reports its progress (about
6 CPU seconds a MB, ``python -m bench.big_files --stages 4``)."""

LOCK_NAME = ".lock"
LOCK_TIMEOUT_SECONDS = 60.0

BYTES_PER_CHARACTER = 16
"""Disk space a new article takes per character of its text, with room to spare: the seeds index
takes 11.6 (database and vector file over the characters stored, ``python -m
bench.commit_checks``). Checked against free space before anything is embedded."""

SPACE_MARGIN_BYTES = 1 << 20
"""Free space kept beyond the estimate, for SQLite's journal and the manifest."""

_CORRUPT_CODES = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})


@dataclass(frozen=True)
class BuildReport:
    """What a build changed."""

    index_dir: Path
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    kept: int = 0
    duplicates: int = 0
    chunks_embedded: int = 0
    documents: int = 0
    chunks: int = 0
    skipped: tuple[Skipped, ...] = field(default=())
    dry_run: bool = False
    field_change: str = ""

    @property
    def changed(self) -> bool:
        """True when the build wrote a new generation."""
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        """One line such as ``3 added, 1 updated, 2 removed, 40 unchanged, 1 skipped``."""
        text = (
            f"{self.added} added, {self.updated} updated, "
            f"{self.removed} removed, {self.unchanged} unchanged"
        )
        if self.kept:
            text += f", {self.kept} unreadable kept as indexed"
        if self.duplicates:
            text += f", {self.duplicates} duplicate{'s' if self.duplicates > 1 else ''} stored once"
        skipped = [entry for entry in self.skipped if not entry.warning]
        if skipped:  # files or records not read, each listed with its reason
            text += f", {len(skipped)} skipped"
        if self.field_change:
            text += f"; {self.field_change}"
        return text


@dataclass(frozen=True)
class _Plan:
    """What a build must do, decided before anything is written."""

    to_embed: list[ArticleRef]
    to_remove: list[str]
    duplicates: dict[str, tuple[ArticleRef, str]]
    skipped: list[Skipped]
    added: int
    updated: int
    unchanged: int
    kept: int

    def changes(self, store: Store, roots: set[str]) -> bool:
        """True when the plan changes the stored index."""
        wanted = {doc_id: same_as for doc_id, (_, same_as) in self.duplicates.items()}
        return bool(self.to_embed or self.to_remove) or wanted != store.duplicates(roots)

    def report(
        self,
        *,
        index_dir: Path,
        emptied: Sequence[Skipped] = (),
        documents: int,
        chunks: int,
        chunks_embedded: int = 0,
        dry_run: bool = False,
        field_change: str = "",
    ) -> BuildReport:
        """The build's report, once the articles to embed are cleaned: one that cleaning left
        empty (``emptied``) is not added, or, when it replaced a stored version, removes it."""
        stored = set(self.to_remove)
        gone = sum(1 for entry in emptied if entry.doc_id in stored)
        return BuildReport(
            index_dir=index_dir,
            added=self.added - (len(emptied) - gone),
            updated=self.updated - gone,
            removed=len(self.to_remove) - self.updated + gone,
            unchanged=self.unchanged,
            kept=self.kept,
            duplicates=len(self.duplicates),
            chunks_embedded=chunks_embedded,
            documents=documents,
            chunks=chunks,
            skipped=(*self.skipped, *emptied),
            dry_run=dry_run,
            field_change=field_change,
        )


def build_index(
    paths: Sequence[str | Path],
    *,
    index_dir: Path,
    rebuild: bool = False,
    settings: ChunkSettings | None = None,
    progress: Progress | None = None,
    lock_timeout: float = LOCK_TIMEOUT_SECONDS,
    on_wait: Callable[[], None] | None = None,
    field_names: Mapping[str, str] | None = None,
    dry_run: bool = False,
) -> BuildReport:
    """Index the articles under ``paths`` into ``index_dir``, re-embedding only what changed.

    ``field_names`` names JSON record fields that the usual names miss (``{"text": "body"}``);
    the index remembers it, and None reuses the one remembered (``qa.index.field_mapping``).
    With ``dry_run``, the articles are read, cleaned and chunked and the report says what would
    change (``chunks_embedded``: the chunks that would be embedded); nothing is embedded or
    written.

    A file that exists but cannot be read now (an I/O error, or caught mid-save) keeps the
    version already indexed; only a file that is gone removes its document.

    Args:
        on_wait: called once when another build holds the lock and this one starts waiting.

    Raises:
        InputPathError, NoDocuments: the paths hold nothing to index.
        IndexBusy: another build holds the lock for longer than ``lock_timeout`` seconds.
        IndexMismatch: the existing index was made by another model, embedder, chunking or
            format (unless ``rebuild``).
        IndexDamaged: the existing index cannot be read (unless ``rebuild``).
        IndexWriteFailed: the index folder cannot be written, or the disk is full or failing;
            the previous index stays in use and the failed write leaves no files.
    """
    from filelock import FileLock, Timeout

    def reading(done: int) -> None:
        if progress:
            progress("reading", done, 0)

    remembered = remembered_field_names(index_dir)
    fields = remembered if field_names is None else dict(field_names)
    change = describe_change(remembered, fields) if fields != remembered else ""
    scan = scan_articles(paths, field_names=fields, progress=reading)
    if dry_run:
        planned = _dry_run(
            scan, index_dir=index_dir, rebuild=rebuild, settings=settings, progress=progress
        )
        return replace(planned, field_change=change)
    lock = FileLock(index_dir / LOCK_NAME)
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if on_wait:
                on_wait()
            lock.acquire(timeout=lock_timeout)
    except Timeout as error:
        raise IndexBusy(
            f"Another `qa index` is writing {index_dir}; try again when it has finished",
            index_dir=index_dir,
        ) from error
    except OSError as error:  # a read-only folder, or a parent we may not write
        raise _write_failed(index_dir, error.strerror or str(error)) from error
    try:
        embedder = load_embedder()
        settings = settings or ChunkSettings()
        if rebuild:
            _clear_unreadable_manifest(index_dir)
        committed = _existing_manifest(index_dir, rebuild=rebuild)
        previous = None if rebuild else committed
        if previous is not None:
            _check_compatible(previous, embedder.name, settings, index_dir)
        return _build_locked(
            scan,
            index_dir=index_dir,
            previous=previous,
            committed=committed,
            embedder=embedder,
            settings=settings,
            progress=progress,
            field_names=fields if change or rebuild else None,
            field_change=change,
        )
    finally:
        lock.release()


def remove_old_generations(index_dir: Path) -> None:
    """Delete the files of generations no reader holds any more, if no build is writing.

    A build leaves the generation a reader holds (a TUI that indexed a folder while answering
    from the old one); the reader calls this once it has moved to the new generation. A build
    in progress, or an index that cannot be read, is left as it is: the next build tidies it.
    """
    from filelock import FileLock, Timeout

    try:
        with FileLock(index_dir / LOCK_NAME, timeout=0):
            remove_unused(index_dir, keep=read_manifest(index_dir))
    except (Timeout, OSError, QAError):
        return


def remove_documents(
    patterns: Sequence[str], *, index_dir: Path, lock_timeout: float = LOCK_TIMEOUT_SECONDS
) -> BuildReport:
    """Drop the stored articles matching ``patterns`` (ids, globs, file stems, or a file's id
    for all the articles of a multi-article file), as a new generation; nothing is embedded.

    An article removed while its file is still in an indexed folder comes back the next time
    that folder is indexed.

    Raises:
        IndexNotFound, IndexDamaged, IndexMismatch: there is no usable index at ``index_dir``.
        IndexBusy: another build holds the lock for longer than ``lock_timeout`` seconds.
    """
    from filelock import FileLock, Timeout

    try:
        with FileLock(index_dir / LOCK_NAME, timeout=lock_timeout):
            committed = read_manifest(index_dir)
            connection = connect(index_dir / committed.database, read_only=True)
            try:
                doc_ids = Store(connection).matching_doc_ids(patterns)
            finally:
                connection.close()
            if not doc_ids:
                return BuildReport(
                    index_dir=index_dir, documents=committed.documents, chunks=committed.chunks
                )
            return _build_locked(
                None,
                index_dir=index_dir,
                previous=committed,
                committed=committed,
                embedder=_NothingToEmbed(committed),
                settings=committed.chunking,
                progress=None,
                remove=doc_ids,
            )
    except Timeout as error:
        raise IndexBusy(
            f"Another `qa index` is writing {index_dir}; try again when it has finished",
            index_dir=index_dir,
        ) from error


class _NothingToEmbed:
    """The embedder of a removal: it embeds nothing, so the model is not loaded (seconds) and
    the new generation records the committed one's embedder."""

    def __init__(self, manifest: Manifest) -> None:
        self.name = manifest.embedder
        self.dimension = manifest.dimension

    def encode(self, texts: Sequence[str], **options: Any) -> np.ndarray:
        raise AssertionError("a removal embeds nothing")

    def encode_with_spans(
        self, texts: Sequence[str], spans: Sequence[Sequence[Span]], **options: Any
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        raise AssertionError("a removal embeds nothing")


def _dry_run(
    scan: Scan,
    *,
    index_dir: Path,
    rebuild: bool,
    settings: ChunkSettings | None,
    progress: Progress | None,
) -> BuildReport:
    """What a build would change, from a plan against the committed index (or an empty one);
    the articles to embed are cleaned and chunked one at a time to count their chunks."""
    committed = None if rebuild else _existing_manifest(index_dir, rebuild=False)
    roots = {article.root for article in scan.articles}
    if committed is not None:
        plan, _ = _read_plan(index_dir / committed.database, scan, roots)
    else:
        connection = connect(Path(":memory:"))
        try:
            plan = _plan(scan, store=Store(connection), roots=roots)
        finally:
            connection.close()
    settings = settings or ChunkSettings()
    chunks = 0
    emptied: list[Skipped] = []
    for done, item in enumerate(_to_embed(scan, plan), start=1):
        if isinstance(item, Skipped):
            emptied.append(item)
        else:
            chunks += len(chunk_text(item.text, settings=settings, count_tokens=count_tokens))
        if progress:
            progress("chunking", done, len(plan.to_embed))
    return plan.report(
        index_dir=index_dir,
        emptied=emptied,
        chunks_embedded=chunks,
        documents=committed.documents if committed else 0,
        chunks=committed.chunks if committed else 0,
        dry_run=True,
    )


def _to_embed(scan: Scan | None, plan: _Plan) -> Iterator[Document | Skipped]:
    """The cleaned articles the plan embeds, one at a time; an article that cleaning leaves
    empty comes as a ``Skipped`` with its id."""
    if scan is None or not plan.to_embed:
        return
    ids = {article.where: article.doc_id for article in plan.to_embed}
    for item in cleaned_documents(scan, only=set(ids.values())):
        yield replace(item, doc_id=ids.get(item.path)) if isinstance(item, Skipped) else item


def _existing_manifest(index_dir: Path, *, rebuild: bool) -> Manifest | None:
    """The committed manifest; None when there is none, or when rebuilding over one that this
    qa cannot read."""
    try:
        return read_manifest(index_dir)
    except IndexNotFound:
        return None
    except (IndexDamaged, IndexMismatch):
        if rebuild:
            return None
        raise


def _clear_unreadable_manifest(index_dir: Path) -> None:
    """Before a rebuild, remove a ``manifest.json`` that is not a file (a folder, say), which
    would stop the new manifest from replacing it."""
    path = manifest_path(index_dir)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)


def _check_compatible(
    manifest: Manifest, embedder_name: str, settings: ChunkSettings, index_dir: Path
) -> None:
    if manifest.embedder != embedder_name or manifest.chunking != settings:
        raise IndexMismatch(
            f"The index at {index_dir} was built with {manifest.embedder} and "
            f"{manifest.chunking}; this qa uses {embedder_name} and {settings}",
            index_dir=index_dir,
        )


@contextlib.contextmanager
def _write_errors(
    index_dir: Path, *, committed: Manifest | None, source: Path | None = None
) -> Iterator[None]:
    """Turn a failed write into ``IndexWriteFailed`` (or ``IndexDamaged`` when SQLite finds
    ``source``, the database being copied, damaged), removing the files of the uncommitted
    generation and the vectors saved for resuming; on anything else, Ctrl-C included, remove
    the generation's files too (keeping the saved vectors) and let it through."""
    try:
        yield
    except BaseException as error:
        now = _committed_now(index_dir, committed) if index_dir.is_dir() else committed
        if index_dir.is_dir():
            # A failing disk may refuse this too; the next build removes what is left.
            with contextlib.suppress(OSError):
                remove_unused(index_dir, keep=now)
        was_committed = now != committed
        if isinstance(error, (sqlite3.Error, OSError)) and index_dir.is_dir():
            with contextlib.suppress(OSError):  # a failed write gives its space back
                remove_resume(index_dir)
        if isinstance(error, sqlite3.Error):
            if getattr(error, "sqlite_errorname", "") in _CORRUPT_CODES and source:
                raise damaged(source, error) from error
            raise _write_failed(index_dir, str(error), committed=was_committed) from error
        if isinstance(error, OSError):
            reason = error.strerror or str(error)
            raise _write_failed(index_dir, reason, committed=was_committed) from error
        raise


def _write_failed(index_dir: Path, reason: str, *, committed: bool = False) -> IndexWriteFailed:
    outcome = (
        "the update was committed but may not be on disk yet"
        if committed
        else "the previous index, if any, is unchanged"
    )
    return IndexWriteFailed(
        f"Could not write the index at {index_dir} ({reason}); {outcome}",
        index_dir=index_dir,
        reason=reason,
    )


def _committed_now(index_dir: Path, fallback: Manifest | None) -> Manifest | None:
    """The manifest committed now (a write may have committed just before it was stopped)."""
    try:
        return read_manifest(index_dir)
    except (IndexNotFound, IndexDamaged, IndexMismatch):
        return fallback


def _build_locked(
    scan: Scan | None,
    *,
    index_dir: Path,
    previous: Manifest | None,
    committed: Manifest | None,
    embedder: SpanEmbedder,
    settings: ChunkSettings,
    progress: Progress | None,
    remove: Sequence[str] = (),
    field_names: Mapping[str, str] | None = None,
    field_change: str = "",
) -> BuildReport:
    """Build the next generation on top of ``previous`` (None: from scratch) from the articles
    of ``scan`` (None: none), also dropping the documents ``remove`` and storing ``field_names``
    when given (``field_change`` says so in the report); the files of ``committed``, the
    generation in use, stay until the new manifest replaces it."""
    with _write_errors(index_dir, committed=committed):
        remove_unused(index_dir, keep=committed)
        generation = next_generation(index_dir, committed)
    database = index_dir / f"index-{generation}.db"
    vectors_file = index_dir / f"vectors-{generation}.faiss"
    roots = {article.root for article in scan.articles} if scan else set()
    source = index_dir / previous.database if previous else database
    with _write_errors(index_dir, committed=committed, source=source):
        if previous is None:
            connect(database).close()  # an empty database of the current schema to plan against
        else:
            _verify(index_dir, previous)
        plan, changed = _read_plan(source, scan, roots)
    if remove:
        plan, changed = replace(plan, to_remove=[*plan.to_remove, *remove]), True
    changed = changed or field_names is not None
    if previous is not None and not changed:
        return plan.report(
            index_dir=index_dir,
            documents=previous.documents,
            chunks=previous.chunks,
            field_change=field_change,
        )
    with _write_errors(index_dir, committed=committed, source=source):
        _check_space(index_dir, previous, plan.to_embed)
        if previous is not None:
            _copy_database(index_dir / previous.database, database)
        commit = uuid.uuid4().hex
        connection = connect(database)
        cache = ResumeCache(index_dir)
        try:
            store = Store(connection)
            vectors = (
                VectorIndex.load(index_dir / previous.vectors)
                if previous is not None
                else VectorIndex.create(embedder.dimension)
            )
            with connection:
                embedded, emptied = _apply(
                    plan,
                    documents=_to_embed(scan, plan),
                    store=store,
                    vectors=vectors,
                    roots=roots,
                    embedding=_Embedding(embedder, cache, progress),
                    settings=settings,
                    progress=progress,
                )
                store.set_commit_id(commit)
                if field_names is not None:
                    store.set_field_names(field_names)
            document_count, chunk_count = store.counts()
        finally:
            cache.close()
            connection.close()
        fsync_file(database)
        vectors.save(vectors_file)
        fsync_directory(index_dir)
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            model=MODEL_NAME,
            embedder=embedder.name,
            dimension=embedder.dimension,
            chunking=settings,
            vector_index=vectors.kind,
            generation=generation,
            commit=commit,
            database=database.name,
            database_size=database.stat().st_size,
            vectors=vectors_file.name,
            vectors_size=vectors_file.stat().st_size,
            vectors_checksum=file_checksum(vectors_file),
            documents=document_count,
            chunks=chunk_count,
        )
        write_manifest(index_dir, manifest)
    with contextlib.suppress(OSError):  # committed already; the next build removes what is left
        remove_resume(index_dir)
        remove_unused(index_dir, keep=manifest)
    return plan.report(
        index_dir=index_dir,
        emptied=emptied,
        documents=document_count,
        chunks=chunk_count,
        chunks_embedded=embedded,
        field_change=field_change,
    )


def _verify(index_dir: Path, manifest: Manifest) -> None:
    """Raise ``IndexDamaged`` unless the committed files are the ones ``manifest`` wrote."""
    check_sizes(index_dir, manifest)
    path = index_dir / manifest.database
    connection = connect(path, read_only=True)
    try:
        commit = Store(connection).commit_id()
    finally:
        connection.close()
    if commit != manifest.commit:
        raise mismatched_database(index_dir, manifest)
    check_vectors(index_dir, manifest)


def _check_space(index_dir: Path, previous: Manifest | None, to_embed: list[ArticleRef]) -> None:
    """Raise ``IndexWriteFailed`` when the disk cannot hold the next generation, before
    anything is embedded (the articles' text before cleaning counts)."""
    needed = SPACE_MARGIN_BYTES + sum(BYTES_PER_CHARACTER * article.size for article in to_embed)
    if previous is not None:
        needed += previous.database_size + previous.vectors_size
    free = shutil.disk_usage(index_dir).free
    if free < needed:
        reason = f"{free / 1e6:.1f} MB free, about {needed / 1e6:.1f} MB needed"
        raise IndexWriteFailed(
            f"Not enough disk space to write the index at {index_dir} ({reason})",
            index_dir=index_dir,
            reason=reason,
        )


def _read_plan(database: Path, scan: Scan | None, roots: set[str]) -> tuple[_Plan, bool]:
    """The plan against a committed database, and whether it changes anything."""
    connection = connect(database, read_only=True)
    try:
        store = Store(connection)
        plan = _plan(scan, store=store, roots=roots)
        return plan, plan.changes(store, roots)
    finally:
        connection.close()


def _plan(scan: Scan | None, *, store: Store, roots: set[str]) -> _Plan:
    """Compare the articles found with what is stored, by document id and content hash; a
    stored document whose file exists but could not be read (``Skipped.doc_id``: the file's
    id) is kept, and so are the stored articles of a multi-article file that could not be."""
    documents = scan.articles if scan else []
    skipped = scan.skipped if scan else []
    stored = store.stored_documents()
    canonical_by_hash = {
        content_hash: doc_id for doc_id, (root, content_hash) in stored.items() if root not in roots
    }
    to_embed: list[ArticleRef] = []
    to_remove: list[str] = []
    duplicates: dict[str, tuple[ArticleRef, str]] = {}
    unreadable = {entry.doc_id for entry in skipped if entry.doc_id is not None}
    notes = list(skipped)
    canonical: set[str] = set()
    added = updated = unchanged = 0
    for document in documents:
        was = stored.get(document.doc_id)
        if was is not None and was[0] not in roots:
            notes.append(
                Skipped(
                    document.path,
                    f"its id {document.doc_id!r} is taken by a document indexed from {was[0]}",
                )
            )
            continue
        same_as = canonical_by_hash.get(document.content_hash)
        if same_as is not None:
            duplicates[document.doc_id] = (document, same_as)
            continue
        canonical_by_hash[document.content_hash] = document.doc_id
        canonical.add(document.doc_id)
        if was is None:
            to_embed.append(document)
            added += 1
        elif was[1] != document.content_hash:
            to_embed.append(document)
            to_remove.append(document.doc_id)
            updated += 1
        else:
            unchanged += 1
    kept = {
        doc_id: file_id
        for doc_id, (root, _) in stored.items()
        if root in roots
        and doc_id not in canonical
        and (file_id := _unreadable_file(doc_id, unreadable)) is not None
    }
    to_remove.extend(
        doc_id
        for doc_id, (root, _) in stored.items()
        if root in roots and doc_id not in canonical and doc_id not in kept
    )
    held = Counter(kept.values())
    notes[: len(skipped)] = [
        _kept_note(entry, held[entry.doc_id])
        if entry.doc_id is not None and entry.doc_id in held
        else entry
        for entry in skipped
    ]
    return _Plan(to_embed, to_remove, duplicates, notes, added, updated, unchanged, len(kept))


def _unreadable_file(doc_id: str, unreadable: set[str]) -> str | None:
    """The id of the unreadable file that holds ``doc_id`` (itself, or ``file`` of
    ``file#key``), or None."""
    if doc_id in unreadable:
        return doc_id
    file_id = doc_id.partition("#")[0]
    return file_id if file_id in unreadable else None


def _kept_note(entry: Skipped, articles: int) -> Skipped:
    """``entry`` saying that the stored articles of its unreadable file are kept."""
    if entry.doc_id is not None and "#" not in entry.doc_id and articles == 1:
        kept = "its indexed version is kept"  # a file that is one article
    else:
        kept = f"its {articles} indexed article{'s are' if articles > 1 else ' is'} kept"
    return replace(entry, reason=f"{entry.reason}; {kept}")


def _apply(
    plan: _Plan,
    *,
    documents: Iterator[Document | Skipped],
    store: Store,
    vectors: VectorIndex,
    roots: set[str],
    embedding: _Embedding,
    settings: ChunkSettings,
    progress: Progress | None,
) -> tuple[int, list[Skipped]]:
    """Write the plan into ``store`` and ``vectors``, embedding ``documents`` (the cleaned
    articles the plan embeds) a group of chunks at a time; returns the number of chunks
    embedded (not found saved by an earlier, stopped build) and the articles that cleaning
    left empty."""
    for doc_id in plan.to_remove:
        vectors.remove(store.remove_document(doc_id))
    store.remove_duplicates(roots)
    for article, same_as in plan.duplicates.values():
        store.add_duplicate(article, same_as=same_as)
    pending: list[_PendingChunk] = []
    emptied: list[Skipped] = []
    for done, item in enumerate(documents, start=1):
        if isinstance(item, Skipped):
            emptied.append(item)
        else:
            pending.extend(_store_document(item, store=store, settings=settings, progress=progress))
        if progress:
            progress("chunking", done, len(plan.to_embed))
        if len(pending) >= EMBED_GROUP:
            embedding.run(pending, store=store, vectors=vectors)
            pending = []
    embedding.run(pending, store=store, vectors=vectors)
    return embedding.embedded, emptied


class _Embedding:
    """Embeds groups of pending chunks into the store and the vector index, saving each
    group's vectors for resuming first, and skipping chunks saved by an earlier build."""

    def __init__(
        self, embedder: SpanEmbedder, cache: ResumeCache, progress: Progress | None
    ) -> None:
        self.embedder = embedder
        self.cache = cache
        self.progress = progress
        self.done = 0
        self.embedded = 0

    def run(self, pending: list[_PendingChunk], *, store: Store, vectors: VectorIndex) -> None:
        for offset in range(0, len(pending), EMBED_GROUP):
            self._group(pending[offset : offset + EMBED_GROUP], store=store, vectors=vectors)

    def _group(self, group: list[_PendingChunk], *, store: Store, vectors: VectorIndex) -> None:
        import numpy as np

        keys = [
            chunk_key(self.embedder.name, chunk.span.text, chunk.relative_sentences())
            for chunk in group
        ]
        saved = self.cache.vectors(keys)
        missing = [i for i, key in enumerate(keys) if key not in saved]
        if missing:
            start = self.done + len(group) - len(missing)

            def report(done: int) -> None:
                if self.progress:
                    self.progress("embedding", start + done, 0)

            chunk_vectors, sentence_vectors = self.embedder.encode_with_spans(
                [group[i].span.text for i in missing],
                [group[i].relative_sentences() for i in missing],
                progress=report,
            )
            new = [
                (keys[i], chunk_vectors[n], np.asarray(sentence_vectors[n]))
                for n, i in enumerate(missing)
            ]
            self.cache.save(new)
            saved.update((key, (chunk, pooled)) for key, chunk, pooled in new)
            self.embedded += len(missing)
        vectors.add([chunk.id for chunk in group], np.stack([saved[key][0] for key in keys]))
        for chunk, key in zip(group, keys, strict=True):
            store.add_sentences(
                chunk.doc_id,
                (
                    Sentence(start, end, vector if vector.any() else None)
                    for (start, end), vector in zip(chunk.sentences, saved[key][1], strict=True)
                ),
            )
        self.done += len(group)
        if self.progress:
            self.progress("embedding", self.done, 0)


@dataclass(frozen=True)
class _PendingChunk:
    """A stored chunk waiting for its vector, with the sentences whose vectors it supplies."""

    id: int
    doc_id: str
    span: ChunkSpan
    sentences: list[tuple[int, int]]

    def relative_sentences(self) -> list[tuple[int, int]]:
        return [(start - self.span.start, end - self.span.start) for start, end in self.sentences]


def _store_document(
    document: Document, *, store: Store, settings: ChunkSettings, progress: Progress | None
) -> list[_PendingChunk]:
    """Store a document, its chunks and its sentences; each sentence gets its vector from the
    chunk that holds it best (``sentence_homes``), or none when no chunk holds it whole. A long
    document reports the progress of its chunking and of its sentence splitting (stages
    ``"chunks"`` and ``"sentences"``, in characters)."""
    length = len(document.text)
    long = progress is not None and length >= LONG_DOCUMENT

    def within(stage: str) -> Callable[[int], None] | None:
        if not long or progress is None:
            return None
        return lambda done: progress(stage, done, length)

    spans = chunk_text(
        document.text, settings=settings, count_tokens=count_tokens, progress=within("chunks")
    )
    ids = store.add_document(document, spans)
    sentences = sentence_spans(document.text, progress=within("sentences"))
    pending = [
        _PendingChunk(id_, document.doc_id, span, []) for id_, span in zip(ids, spans, strict=True)
    ]
    homeless = []
    for sentence, home in zip(sentences, sentence_homes(sentences, spans), strict=True):
        if home is None:
            homeless.append(Sentence(*sentence))
        else:
            pending[home].sentences.append(sentence)
    store.add_sentences(document.doc_id, homeless)
    return pending


def _copy_database(source: Path, target: Path) -> None:
    """Copy a committed database to start the next generation from it."""
    reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()
