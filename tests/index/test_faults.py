"""Faults while writing, in the manner of SQLite's I/O-error tests: every write call of an
update fails in turn (disk full, I/O error), and bad or damaged index files are met on update,
rebuild and ask. After each, the previous index answers, nothing is left behind, and the next
build finishes. The kill tests (``test_kills.py``) do the same with SIGKILL."""

from __future__ import annotations

import errno
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from qa.index.build import build_index
from qa.index.errors import IndexDamaged, IndexWriteFailed, QAError
from qa.index.manifest import read_manifest
from qa.retrieve import Retriever
from tests.faults import NEW_ARTICLE, WriteFaults, committed_files, index_files

QUESTION = "What did Jake Sullivan say about North Korea policy?"


def _update(index_dir: Path) -> None:
    articles = index_dir.parent / "articles"
    (articles / "lanterns.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    build_index([articles], index_dir=index_dir)


def _answers_as_before(index_dir: Path, commit: str) -> None:
    retriever = Retriever.open(index_dir)
    try:
        assert retriever.manifest.commit == commit
        assert retriever.ask(QUESTION).passages
    finally:
        retriever.close()


def _write_sites(index_dir: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The write calls of one update, counted on a throwaway copy."""
    copy = index_dir.parent.parent / "count"
    shutil.copytree(index_dir.parent, copy)
    faults = WriteFaults()
    with monkeypatch.context() as patch:
        faults.install(patch)
        _update(copy / "index")
    return faults.sites


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EIO], ids=["ENOSPC", "EIO"])
def test_every_write_of_an_update_failing_leaves_the_previous_index(
    small_index: Path, fast_builds: None, monkeypatch: pytest.MonkeyPatch, error: int
) -> None:
    sites = _write_sites(small_index, monkeypatch)
    print(f"{len(sites)} write calls in one update: {sites}")
    assert {"os.fsync", "os.replace", "faiss.write_index", "sqlite copy"} <= set(sites)
    before = read_manifest(small_index)
    clean = committed_files(small_index)
    for number, site in enumerate(sites, start=1):
        faults = WriteFaults(fail_at=number, error=error)
        with monkeypatch.context() as patch:
            faults.install(patch)
            try:
                _update(small_index)
            except IndexWriteFailed as failure:
                assert failure.index_dir == small_index and "\n" not in str(failure)
        now = read_manifest(small_index)
        if now == before:
            _answers_as_before(small_index, before.commit)
            assert index_files(small_index) == clean, f"write {number} ({site}) left files"
        else:  # the failed call came after the commit point (flushing the folder)
            assert site == "os.fsync" and index_files(small_index) == committed_files(small_index)
            break
    _update(small_index)
    assert index_files(small_index) == committed_files(small_index)
    assert read_manifest(small_index).documents == before.documents + 1


def test_a_full_disk_is_found_before_embedding(
    small_index: Path, fast_builds: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import qa.index.build

    before = read_manifest(small_index)
    clean = committed_files(small_index)
    usage = shutil.disk_usage(small_index)
    monkeypatch.setattr(qa.index.build.shutil, "disk_usage", lambda _: usage._replace(free=1 << 19))
    embedded: list[int] = []
    monkeypatch.setattr(qa.index.build, "_apply", lambda *a, **k: embedded.append(1))
    with pytest.raises(IndexWriteFailed, match="Not enough disk space") as failure:
        _update(small_index)
    assert failure.value.index_dir == small_index
    assert embedded == [] and index_files(small_index) == clean
    _answers_as_before(small_index, before.commit)


@pytest.mark.parametrize(
    "field, value",
    [
        ("generation", "7"),
        ("chunks", None),
        ("chunking", [160, 32]),
        ("vectors", "../x.faiss"),
        ("database", 3),
        ("commit", 1.5),
        ("dimension", True),
    ],
)
def test_a_manifest_field_of_the_wrong_type_is_damage_that_rebuild_repairs(
    small_index: Path, fast_builds: None, field: str, value: object
) -> None:
    path = small_index / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data[field] = value
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(IndexDamaged, match=r"manifest .* is damaged"):
        Retriever.open(small_index)
    with pytest.raises(IndexDamaged):
        _update(small_index)
    build_index([small_index.parent / "articles"], index_dir=small_index, rebuild=True)
    _answers_as_before(small_index, read_manifest(small_index).commit)
    assert index_files(small_index) == committed_files(small_index)


def test_a_manifest_that_is_a_folder_is_damage_that_rebuild_repairs(
    small_index: Path, fast_builds: None
) -> None:
    path = small_index / "manifest.json"
    path.unlink()
    path.mkdir()
    with pytest.raises(IndexDamaged, match="cannot be read"):
        Retriever.open(small_index)
    with pytest.raises(IndexDamaged):
        _update(small_index)
    build_index([small_index.parent / "articles"], index_dir=small_index, rebuild=True)
    _answers_as_before(small_index, read_manifest(small_index).commit)


def _corrupt_interior_pages(database: Path) -> None:
    """Overwrite the database pages of the document and chunk tables, keeping its size and the
    pages that say which commit it belongs to."""
    connection = sqlite3.connect(database)
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    meta_page = connection.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'meta'"
    ).fetchone()[0]
    connection.close()
    data = bytearray(database.read_bytes())
    for page in range(2, len(data) // page_size + 1):
        if page != meta_page:
            offset = (page - 1) * page_size
            data[offset + 8 : offset + page_size] = b"\x5a" * (page_size - 8)
    database.write_bytes(bytes(data))


def test_corrupted_database_pages_are_damage_on_ask_and_on_update(
    small_index: Path, fast_builds: None
) -> None:
    database = small_index / read_manifest(small_index).database
    _corrupt_interior_pages(database)
    with pytest.raises(IndexDamaged, match=f"{database.name} is damaged") as failure:
        Retriever.open(small_index).ask(QUESTION)
    assert failure.value.path == database
    with pytest.raises(IndexDamaged, match=f"{database.name} is damaged"):
        _update(small_index)
    build_index([small_index.parent / "articles"], index_dir=small_index, rebuild=True)
    _answers_as_before(small_index, read_manifest(small_index).commit)


def test_an_unwritable_index_folder_is_a_one_line_error(
    small_index: Path, fast_builds: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from filelock import FileLock

    def refuse(*_: object, **__: object) -> None:
        raise PermissionError(errno.EROFS, "Read-only file system")

    def refuse_parent(*_: object, **__: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(FileLock, "acquire", refuse)
    with pytest.raises(IndexWriteFailed, match="Read-only file system"):
        _update(small_index)
    with pytest.raises(IndexWriteFailed, match="Permission denied"):
        monkeypatch.setattr(
            Path,
            "mkdir",
            lambda *_, **__: (_ for _ in ()).throw(PermissionError(13, "Permission denied")),
        )
        build_index([small_index.parent / "articles"], index_dir=small_index / "new")


@pytest.mark.skipif(__import__("os").geteuid() == 0, reason="root writes read-only folders")
def test_a_read_only_index_folder_for_real(small_index: Path, fast_builds: None) -> None:
    small_index.chmod(0o555)
    try:
        with pytest.raises(QAError):
            _update(small_index)
    finally:
        small_index.chmod(0o755)
