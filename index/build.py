"""Build or update an index from folders of articles: incremental, atomic and locked.

A build reads every file under the given paths, compares content hashes with what is stored,
and embeds only new or changed articles. Documents whose files are gone from the given folders
are removed; documents indexed from other folders are kept. Exact duplicates (same bytes) are
stored once and listed in ``duplicates``. Everything is written to a new generation of files
that the manifest switches to at the end (see ``index.manifest``), under a file lock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from index.chunk import ChunkSettings, chunk_text, sentence_homes
from index.documents import read_documents
from index.embed import MODEL_NAME, SpanEmbedder, count_tokens, load_embedder
from index.errors import IndexBusy, IndexDamaged, IndexMismatch, IndexNotFound
from index.manifest import FORMAT_VERSION, Manifest, read_manifest, write_manifest
from index.records import ChunkSpan, Document, Sentence, Skipped
from index.sentences import sentence_spans
from index.store import Store, connect
from index.vectors import VectorIndex

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``; stages are ``"reading"`` (articles read; total 0: unknown),
``"chunking"`` and ``"embedding"``."""

EMBED_GROUP = 4096
"""Chunks embedded per pass: bounds the memory that vectors of a large collection take."""

LOCK_NAME = ".lock"
LOCK_TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True)
class BuildReport:
    """What a build changed."""

    index_dir: Path
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    duplicates: int = 0
    chunks_embedded: int = 0
    documents: int = 0
    chunks: int = 0
    skipped: tuple[Skipped, ...] = field(default=())
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        """True when the build wrote a new generation."""
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        """One line such as ``3 added, 1 updated, 2 removed, 40 unchanged``."""
        text = (
            f"{self.added} added, {self.updated} updated, "
            f"{self.removed} removed, {self.unchanged} unchanged"
        )
        if self.duplicates:
            text += f", {self.duplicates} duplicate{'s' if self.duplicates > 1 else ''} stored once"
        return text


@dataclass(frozen=True)
class _Plan:
    """What a build must do, decided before anything is written."""

    to_embed: list[Document]
    to_remove: list[str]
    duplicates: dict[str, tuple[Document, str]]
    skipped: list[Skipped]
    added: int
    updated: int
    unchanged: int

    def changes(self, store: Store, roots: set[str]) -> bool:
        """True when the plan changes the stored index."""
        wanted = {doc_id: same_as for doc_id, (_, same_as) in self.duplicates.items()}
        return bool(self.to_embed or self.to_remove) or wanted != store.duplicates(roots)


def build_index(
    paths: Sequence[str | Path],
    *,
    index_dir: Path,
    rebuild: bool = False,
    settings: ChunkSettings | None = None,
    progress: Progress | None = None,
    lock_timeout: float = LOCK_TIMEOUT_SECONDS,
    field_names: Mapping[str, str] | None = None,
    dry_run: bool = False,
) -> BuildReport:
    """Index the articles under ``paths`` into ``index_dir``, re-embedding only what changed.

    ``field_names`` names JSON record fields that the usual names miss (``{"text": "body"}``).
    With ``dry_run``, the articles are read, cleaned and chunked and the report says what would
    change (``chunks_embedded``: the chunks that would be embedded); nothing is embedded or
    written.

    Raises:
        InputPathError, NoDocuments: the paths hold nothing to index.
        IndexBusy: another build holds the lock for longer than ``lock_timeout`` seconds.
        IndexMismatch: the existing index was made by another model, embedder, chunking or
            format (unless ``rebuild``).
        IndexDamaged: the existing index cannot be read (unless ``rebuild``).
    """
    from filelock import FileLock, Timeout

    def reading(done: int) -> None:
        if progress:
            progress("reading", done, 0)

    documents, skipped = read_documents(paths, field_names=field_names, progress=reading)
    if dry_run:
        return _dry_run(documents, skipped, index_dir=index_dir, rebuild=rebuild, settings=settings)
    index_dir.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(index_dir / LOCK_NAME, timeout=lock_timeout):
            embedder = load_embedder()
            settings = settings or ChunkSettings()
            committed = _existing_manifest(index_dir, rebuild=rebuild)
            previous = None if rebuild else committed
            if previous is not None:
                _check_compatible(previous, embedder.name, settings, index_dir)
            return _build_locked(
                documents,
                skipped=tuple(skipped),
                index_dir=index_dir,
                previous=previous,
                committed=committed,
                embedder=embedder,
                settings=settings,
                progress=progress,
            )
    except Timeout as error:
        raise IndexBusy(
            f"Another `qa index` is writing {index_dir}; try again when it has finished"
        ) from error


def _dry_run(
    documents: list[Document],
    skipped: list[Skipped],
    *,
    index_dir: Path,
    rebuild: bool,
    settings: ChunkSettings | None,
) -> BuildReport:
    """What a build would change, from a plan against the committed index (or an empty one)."""
    committed = None if rebuild else _existing_manifest(index_dir, rebuild=False)
    roots = {document.root for document in documents}
    if committed is not None:
        plan, _ = _read_plan(index_dir / committed.database, documents, roots)
    else:
        connection = connect(Path(":memory:"))
        try:
            plan = _plan(documents, store=Store(connection), roots=roots)
        finally:
            connection.close()
    settings = settings or ChunkSettings()
    chunks = sum(
        len(chunk_text(document.text, settings=settings, count_tokens=count_tokens))
        for document in plan.to_embed
    )
    return BuildReport(
        index_dir=index_dir,
        added=plan.added,
        updated=plan.updated,
        removed=len(plan.to_remove) - plan.updated,
        unchanged=plan.unchanged,
        duplicates=len(plan.duplicates),
        chunks_embedded=chunks,
        documents=committed.documents if committed else 0,
        chunks=committed.chunks if committed else 0,
        skipped=tuple(skipped) + tuple(plan.skipped),
        dry_run=True,
    )


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


def _check_compatible(
    manifest: Manifest, embedder_name: str, settings: ChunkSettings, index_dir: Path
) -> None:
    if manifest.embedder != embedder_name or manifest.chunking != settings:
        raise IndexMismatch(
            f"The index at {index_dir} was built with {manifest.embedder} and "
            f"{manifest.chunking}; this qa uses {embedder_name} and {settings}. "
            "Run `qa index --rebuild PATH`"
        )


def _build_locked(
    documents: list[Document],
    *,
    skipped: tuple[Skipped, ...],
    index_dir: Path,
    previous: Manifest | None,
    committed: Manifest | None,
    embedder: SpanEmbedder,
    settings: ChunkSettings,
    progress: Progress | None,
) -> BuildReport:
    """Build the next generation on top of ``previous`` (None: from scratch); the files of
    ``committed``, the generation in use, stay until the new manifest replaces it."""
    generation = committed.generation + 1 if committed else 1
    database = index_dir / f"index-{generation}.db"
    _remove_uncommitted(index_dir, keep=committed)
    roots = {document.root for document in documents}
    if previous is None:
        connect(database).close()  # an empty database of the current schema to plan against
    plan, changed = _read_plan(
        index_dir / previous.database if previous else database, documents, roots
    )
    report = partial(
        BuildReport,
        index_dir=index_dir,
        added=plan.added,
        updated=plan.updated,
        removed=len(plan.to_remove) - plan.updated,
        unchanged=plan.unchanged,
        duplicates=len(plan.duplicates),
        skipped=skipped + tuple(plan.skipped),
    )
    if previous is not None and not changed:
        return report(documents=previous.documents, chunks=previous.chunks)
    return _commit(
        plan,
        report=report,
        index_dir=index_dir,
        previous=previous,
        generation=generation,
        roots=roots,
        embedder=embedder,
        settings=settings,
        progress=progress,
    )


def _commit(
    plan: _Plan,
    *,
    report: Callable[..., BuildReport],
    index_dir: Path,
    previous: Manifest | None,
    generation: int,
    roots: set[str],
    embedder: SpanEmbedder | _Identity,
    settings: ChunkSettings,
    progress: Progress | None,
) -> BuildReport:
    """Write generation ``generation`` (``previous`` with ``plan`` applied) and switch the
    manifest to it."""
    database = index_dir / f"index-{generation}.db"
    vectors_file = index_dir / f"vectors-{generation}.faiss"
    if previous is not None:
        _copy_database(index_dir / previous.database, database)
    connection = connect(database)
    try:
        store = Store(connection)
        vectors = (
            VectorIndex.load(index_dir / previous.vectors)
            if previous is not None
            else VectorIndex.create(embedder.dimension)
        )
        with connection:
            embedded = _apply(
                plan,
                store=store,
                vectors=vectors,
                roots=roots,
                embedder=embedder,
                settings=settings,
                progress=progress,
            )
        document_count, chunk_count = store.counts()
    finally:
        connection.close()
    vectors.save(vectors_file)
    manifest = Manifest(
        format_version=FORMAT_VERSION,
        model=MODEL_NAME,
        embedder=embedder.name,
        dimension=embedder.dimension,
        chunking=settings,
        vector_index=vectors.kind,
        generation=generation,
        database=database.name,
        vectors=vectors_file.name,
        documents=document_count,
        chunks=chunk_count,
    )
    write_manifest(index_dir, manifest)
    _remove_uncommitted(index_dir, keep=manifest)
    return report(documents=document_count, chunks=chunk_count, chunks_embedded=embedded)


def _read_plan(database: Path, documents: list[Document], roots: set[str]) -> tuple[_Plan, bool]:
    """The plan against a committed database, and whether it changes anything."""
    connection = connect(database, read_only=True)
    try:
        store = Store(connection)
        plan = _plan(documents, store=store, roots=roots)
        return plan, plan.changes(store, roots)
    finally:
        connection.close()


def _plan(documents: list[Document], *, store: Store, roots: set[str]) -> _Plan:
    """Compare the files read with what is stored, by document id and content hash."""
    stored = store.stored_documents()
    canonical_by_hash = {
        content_hash: doc_id for doc_id, (root, content_hash) in stored.items() if root not in roots
    }
    to_embed: list[Document] = []
    to_remove: list[str] = []
    duplicates: dict[str, tuple[Document, str]] = {}
    skipped: list[Skipped] = []
    canonical: set[str] = set()
    added = updated = unchanged = 0
    for document in documents:
        was = stored.get(document.doc_id)
        if was is not None and was[0] not in roots:
            skipped.append(
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
    to_remove.extend(
        doc_id for doc_id, (root, _) in stored.items() if root in roots and doc_id not in canonical
    )
    return _Plan(to_embed, to_remove, duplicates, skipped, added, updated, unchanged)


def _apply(
    plan: _Plan,
    *,
    store: Store,
    vectors: VectorIndex,
    roots: set[str],
    embedder: SpanEmbedder | _Identity,
    settings: ChunkSettings,
    progress: Progress | None,
) -> int:
    """Write the plan into ``store`` and ``vectors``; returns the number of chunks embedded."""
    for doc_id in plan.to_remove:
        vectors.remove(store.remove_document(doc_id))
    store.remove_duplicates(roots)
    for document, same_as in plan.duplicates.values():
        store.add_duplicate(document, same_as=same_as)
    pending: list[_PendingChunk] = []
    for done, document in enumerate(plan.to_embed, start=1):
        pending.extend(_store_document(document, store=store, settings=settings))
        if progress:
            progress("chunking", done, len(plan.to_embed))
    for offset in range(0, len(pending), EMBED_GROUP):
        group = pending[offset : offset + EMBED_GROUP]

        def report_embedding(done: int, offset: int = offset) -> None:
            if progress:
                progress("embedding", offset + done, len(pending))

        assert not isinstance(embedder, _Identity), "a plan with chunks to embed needs the model"
        chunk_vectors, sentence_vectors = embedder.encode_with_spans(
            [chunk.span.text for chunk in group],
            [chunk.relative_sentences() for chunk in group],
            progress=report_embedding,
        )
        vectors.add([chunk.id for chunk in group], chunk_vectors)
        for chunk, pooled in zip(group, sentence_vectors, strict=True):
            store.add_sentences(
                chunk.doc_id,
                (
                    Sentence(start, end, vector if vector.any() else None)
                    for (start, end), vector in zip(chunk.sentences, pooled, strict=True)
                ),
            )
    return len(pending)


@dataclass(frozen=True)
class _Identity:
    """The embedder an index was built with, as its manifest names it: enough to write a
    generation that embeds nothing (``remove_documents``)."""

    name: str
    dimension: int


def remove_documents(
    patterns: Sequence[str], *, index_dir: Path, lock_timeout: float = LOCK_TIMEOUT_SECONDS
) -> BuildReport:
    """Drop the stored articles matching ``patterns`` (ids, globs, file stems, or a file's id
    for all the articles of a multi-article file), as a new generation.

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
            report = partial(BuildReport, index_dir=index_dir, removed=len(doc_ids))
            if not doc_ids:
                return report(documents=committed.documents, chunks=committed.chunks)
            _remove_uncommitted(index_dir, keep=committed)
            return _commit(
                _Plan([], doc_ids, {}, [], 0, 0, 0),
                report=report,
                index_dir=index_dir,
                previous=committed,
                generation=committed.generation + 1,
                roots=set(),
                embedder=_Identity(committed.embedder, committed.dimension),
                settings=committed.chunking,
                progress=None,
            )
    except Timeout as error:
        raise IndexBusy(
            f"Another `qa index` is writing {index_dir}; try again when it has finished"
        ) from error


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
    document: Document, *, store: Store, settings: ChunkSettings
) -> list[_PendingChunk]:
    """Store a document, its chunks and its sentences; each sentence gets its vector from the
    chunk that holds it best (``sentence_homes``), or none when no chunk holds it whole."""
    spans = chunk_text(document.text, settings=settings, count_tokens=count_tokens)
    ids = store.add_document(document, spans)
    sentences = sentence_spans(document.text)
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


def _remove_uncommitted(index_dir: Path, *, keep: Manifest | None) -> None:
    """Delete generation files that the manifest does not name (old or abandoned builds)."""
    kept = {keep.database, keep.vectors} if keep else set()
    for pattern in ("index-*.db", "index-*.db-journal", "vectors-*.faiss"):
        for path in index_dir.glob(pattern):
            if path.name not in kept:
                path.unlink(missing_ok=True)
