"""The SQLite half of the index: documents, chunks with offsets, an FTS5 keyword table, and
the sentences of each document with their vectors.

Chunk primary keys are the FAISS ids, so the vectors and the text share one source of truth.
The schema carries a version (``PRAGMA user_version``) that moves forward with numbered
migrations in ``_MIGRATIONS``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING

from qa.index.errors import IndexDamaged
from qa.index.records import ArticleRef, Chunk, ChunkSpan, Document, Metadata, Sentence

if TYPE_CHECKING:
    import numpy as np

_MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        root TEXT NOT NULL,
        title TEXT NOT NULL,
        source TEXT,
        byline TEXT,
        content_hash TEXT NOT NULL,
        text TEXT NOT NULL,
        line_numbers TEXT NOT NULL
    );
    CREATE INDEX documents_hash ON documents(content_hash);
    CREATE TABLE duplicates (
        doc_id TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        root TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        same_as TEXT NOT NULL
    );
    CREATE TABLE chunks (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX chunks_document ON chunks(document_id, ordinal);
    CREATE VIRTUAL TABLE chunks_fts USING fts5(
        text, content='chunks', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN
        INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
        INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END;
    """,
    """
    CREATE TABLE sentences (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        vector BLOB,
        PRIMARY KEY (document_id, start)
    ) WITHOUT ROWID;
    """,
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    """,
    """
    ALTER TABLE documents ADD COLUMN date TEXT;
    ALTER TABLE documents ADD COLUMN date_source TEXT;
    ALTER TABLE documents ADD COLUMN url TEXT;
    ALTER TABLE documents ADD COLUMN language TEXT;
    """,
)
SCHEMA_VERSION = len(_MIGRATIONS)

_METADATA_COLUMNS = "title, source, byline, date, date_source, url, language"
_DOCUMENT_COLUMNS = f"doc_id, path, root, content_hash, text, line_numbers, {_METADATA_COLUMNS}"


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """Open (and for writers, migrate) the database at ``path``.

    Raises:
        IndexDamaged: the file is not a database of this schema.
    """
    try:
        if read_only:
            connection = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
        else:
            connection = sqlite3.connect(path, check_same_thread=False)
            connection.execute("PRAGMA foreign_keys = ON")
            _migrate(connection)
        version = connection.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise damaged(path, error) from error
    if version != SCHEMA_VERSION:
        connection.close()
        raise IndexDamaged(
            f"The index database {path} has schema {version}, expected {SCHEMA_VERSION}",
            index_dir=path.parent,
            path=path,
        )
    return connection


def damaged(path: Path, error: sqlite3.Error) -> IndexDamaged:
    """The error for a database SQLite found damaged while reading it."""
    return IndexDamaged(
        f"The index database {path} is damaged ({error})", index_dir=path.parent, path=path
    )


def _migrate(connection: sqlite3.Connection) -> None:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    for number, script in enumerate(_MIGRATIONS[version:], start=version + 1):
        connection.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")


def _document_from_row(row: Sequence) -> Document:
    doc_id, path, root, content_hash, text, line_numbers, *metadata = row
    return Document(
        doc_id=doc_id,
        path=path,
        root=root,
        text=text,
        line_numbers=tuple(json.loads(line_numbers)),
        metadata=Metadata(*metadata),
        content_hash=content_hash,
    )


class Store:
    """Typed access to one index database."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    # ---- reading -------------------------------------------------------------------------
    def stored_documents(self) -> dict[str, tuple[str, str]]:
        """``doc_id -> (root, content_hash)`` of every stored document."""
        rows = self.connection.execute("SELECT doc_id, root, content_hash FROM documents")
        return {doc_id: (root, content_hash) for doc_id, root, content_hash in rows}

    def document(self, doc_id: str) -> Document | None:
        """The stored document ``doc_id``, or None."""
        row = self.connection.execute(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        return _document_from_row(row) if row else None

    def documents(self) -> list[Document]:
        """Every stored document, by id."""
        rows = self.connection.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents ORDER BY doc_id")
        return [_document_from_row(row) for row in rows]

    def catalogue(self) -> list[tuple[str, Metadata]]:
        """``(doc_id, metadata)`` of every stored document, by id, without their texts."""
        rows = self.connection.execute(
            f"SELECT doc_id, {_METADATA_COLUMNS} FROM documents ORDER BY doc_id"
        )
        return [(doc_id, Metadata(*metadata)) for doc_id, *metadata in rows]

    def commit_id(self) -> str | None:
        """The id of the commit that wrote this database (see ``qa.index.manifest``), or None."""
        row = self.connection.execute("SELECT value FROM meta WHERE key = 'commit'").fetchone()
        return row[0] if row else None

    def field_names(self) -> dict[str, str]:
        """The ``--field`` mapping the index was built with (``{"text": "body"}``), or ``{}``."""
        row = self.connection.execute("SELECT value FROM meta WHERE key = 'field_names'").fetchone()
        return dict(json.loads(row[0])) if row else {}

    def counts(self) -> tuple[int, int]:
        """(documents, chunks) stored."""
        documents = self.connection.execute("SELECT count(*) FROM documents").fetchone()[0]
        chunks = self.connection.execute("SELECT count(*) FROM chunks").fetchone()[0]
        return documents, chunks

    def document_dates(self) -> dict[str, str | None]:
        """``doc_id -> publication date`` (ISO ``YYYY-MM-DD``, None when unknown) of every
        stored document."""
        return dict(self.connection.execute("SELECT doc_id, date FROM documents").fetchall())

    def chunks(self, ids: Iterable[int]) -> dict[int, Chunk]:
        """The chunks with the given ids (unknown ids are left out)."""
        wanted = list(dict.fromkeys(ids))
        found: dict[int, Chunk] = {}
        for offset in range(0, len(wanted), 500):
            batch = wanted[offset : offset + 500]
            marks = ",".join("?" * len(batch))
            rows = self.connection.execute(
                "SELECT c.id, d.doc_id, c.ordinal, c.start, c.end, c.text FROM chunks c "
                f"JOIN documents d ON d.id = c.document_id WHERE c.id IN ({marks})",
                batch,
            )
            for row in rows:
                found[row[0]] = Chunk(*row)
        return found

    def chunk_ids(self, doc_ids: Iterable[str]) -> list[int]:
        """Ids of every chunk of the given documents."""
        rows = self.connection.execute(
            "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id "
            "WHERE d.doc_id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(doc_ids)),),
        )
        return [row[0] for row in rows]

    def sentences(self, doc_id: str, start: int, end: int) -> list[Sentence]:
        """The sentences of ``doc_id`` lying wholly within ``[start, end)``, in order."""
        rows = self.connection.execute(
            "SELECT s.start, s.end, s.vector FROM sentences s "
            "JOIN documents d ON d.id = s.document_id "
            "WHERE d.doc_id = ? AND s.start >= ? AND s.end <= ? ORDER BY s.start",
            (doc_id, start, end),
        )
        return [Sentence(first, last, _unpack_vector(blob)) for first, last, blob in rows]

    def matching_doc_ids(self, patterns: Sequence[str]) -> list[str]:
        """Stored document ids equal to, or matching the glob or file stem of, any of ``patterns``;
        a file's id matches every article of a multi-article file (``file.jsonl#key``).

        Patterns that are stored ids are looked up; only the others scan every id.
        """
        found = [
            row[0]
            for row in self.connection.execute(
                "SELECT doc_id FROM documents WHERE doc_id IN (SELECT value FROM json_each(?))",
                (json.dumps(list(patterns)),),
            )
        ]
        others = [pattern for pattern in patterns if pattern not in found]
        if not others:
            return found
        all_ids = [row[0] for row in self.connection.execute("SELECT doc_id FROM documents")]
        wanted = set(found)
        for pattern in others:
            wanted.update(
                doc_id
                for doc_id in all_ids
                if fnmatchcase(doc_id, pattern)
                or _file_stem(doc_id) == pattern
                or doc_id.partition("#")[0] == pattern
            )
        return [doc_id for doc_id in all_ids if doc_id in wanted]

    def match_counts(self, matches: Sequence[str], *, cap: int) -> list[int]:
        """How many chunks each FTS5 expression in ``matches`` finds, counting at most ``cap``.

        A quoted term is tokenised and stemmed exactly as a search for it is. Stopping at ``cap``
        bounds the work for very common terms, where ``fts5vocab`` reads whole postings lists.
        """
        sql = "SELECT count(*) FROM (SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT ?)"
        return [self.connection.execute(sql, (match, cap)).fetchone()[0] for match in matches]

    def keyword_search(
        self, match: str, *, limit: int, chunk_ids: Sequence[int] | None = None
    ) -> list[tuple[int, float]]:
        """BM25 ranking of chunks for an FTS5 ``match`` expression, best first.

        Args:
            match: a safe FTS5 expression (see ``qa.query.fts_query``), never raw user text.
            limit: how many chunks at most.
            chunk_ids: restrict to these chunks.

        Returns:
            ``(chunk_id, score)`` pairs; the score is ``-bm25`` (higher is better).
        """
        sql = "SELECT rowid, -bm25(chunks_fts) FROM chunks_fts WHERE chunks_fts MATCH ?"
        parameters: list = [match]
        if chunk_ids is not None:
            # The unary plus keeps the id list from FTS5, which would otherwise run one
            # full-text lookup per allowed id (measured: 8 s for 80,000 ids, 20 ms filtering).
            sql += " AND +rowid IN (SELECT value FROM json_each(?))"
            parameters.append(json.dumps(list(chunk_ids)))
        sql += " ORDER BY bm25(chunks_fts) LIMIT ?"
        parameters.append(limit)
        return [(row[0], row[1]) for row in self.connection.execute(sql, parameters)]

    # ---- writing -------------------------------------------------------------------------
    def set_commit_id(self, commit: str) -> None:
        """Record the id of the commit this database belongs to."""
        self.connection.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('commit', ?)", (commit,)
        )

    def set_field_names(self, field_names: Mapping[str, str]) -> None:
        """Remember the ``--field`` mapping for the builds that do not give one."""
        self.connection.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('field_names', ?)",
            (json.dumps(dict(sorted(field_names.items()))),),
        )

    def add_document(self, document: Document, spans: Sequence[ChunkSpan]) -> list[int]:
        """Store a document and its chunks; returns the new chunk ids in order."""
        metadata = document.metadata
        values = (
            document.doc_id,
            document.path,
            document.root,
            document.content_hash,
            document.text,
            json.dumps(document.line_numbers),
            *(getattr(metadata, name) for name in _METADATA_COLUMNS.split(", ")),
        )
        cursor = self.connection.execute(
            f"INSERT INTO documents ({_DOCUMENT_COLUMNS}) VALUES ({','.join('?' * len(values))})",
            values,
        )
        document_key = cursor.lastrowid
        chunk_ids = []
        for ordinal, span in enumerate(spans):
            cursor = self.connection.execute(
                "INSERT INTO chunks (document_id, ordinal, start, end, text) "
                "VALUES (?, ?, ?, ?, ?)",
                (document_key, ordinal, span.start, span.end, span.text),
            )
            chunk_ids.append(_row_id(cursor))
        return chunk_ids

    def add_sentences(self, doc_id: str, sentences: Iterable[Sentence]) -> None:
        """Store the sentences of the stored document ``doc_id``."""
        (document_key,) = self.connection.execute(
            "SELECT id FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        self.connection.executemany(
            "INSERT INTO sentences (document_id, start, end, vector) VALUES (?, ?, ?, ?)",
            [(document_key, s.start, s.end, _pack_vector(s.vector)) for s in sentences],
        )

    def remove_document(self, doc_id: str) -> list[int]:
        """Delete a document; returns the ids of its removed chunks."""
        chunk_ids = self.chunk_ids([doc_id])
        self.connection.execute(
            f"DELETE FROM chunks WHERE id IN ({','.join('?' * len(chunk_ids))})", chunk_ids
        )
        self.connection.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        return chunk_ids

    def add_duplicate(self, document: Document | ArticleRef, *, same_as: str) -> None:
        """Record a file whose content is already stored under ``same_as``."""
        self.connection.execute(
            "INSERT INTO duplicates (doc_id, path, root, content_hash, same_as) "
            "VALUES (?, ?, ?, ?, ?)",
            (document.doc_id, document.path, document.root, document.content_hash, same_as),
        )

    def duplicates(self, roots: Iterable[str] | None = None) -> dict[str, str]:
        """``doc_id -> same_as`` for files stored once under another id (from ``roots``)."""
        rows = self.connection.execute("SELECT doc_id, root, same_as FROM duplicates")
        wanted = None if roots is None else set(roots)
        return {
            doc_id: same_as for doc_id, root, same_as in rows if wanted is None or root in wanted
        }

    def remove_duplicates(self, roots: Iterable[str]) -> None:
        """Forget the duplicate records of files found under ``roots``."""
        self.connection.executemany(
            "DELETE FROM duplicates WHERE root = ?", [(root,) for root in roots]
        )


def _pack_vector(vector: np.ndarray | None) -> bytes | None:
    """A unit vector as int8 scaled to its largest component (cosine error below 1e-4)."""
    if vector is None:
        return None
    import numpy as np

    peak = float(np.abs(vector).max())
    return np.round(vector * (127 / peak)).astype(np.int8).tobytes()


def _unpack_vector(blob: bytes | None) -> np.ndarray | None:
    if blob is None:
        return None
    import numpy as np

    vector = np.frombuffer(blob, dtype=np.int8).astype(np.float32)
    return vector / np.linalg.norm(vector)


def _file_stem(doc_id: str) -> str:
    """The file name of ``doc_id`` without its last suffix, like ``Path(doc_id).stem``."""
    name = doc_id.partition("#")[0].rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if dot > 0 else name


def _row_id(cursor: sqlite3.Cursor) -> int:
    """The rowid an INSERT into a rowid table just gave its row (never None after one)."""
    row_id = cursor.lastrowid
    if row_id is None:
        raise sqlite3.InterfaceError("an INSERT set no rowid")
    return row_id
