"""Files are tied to their commit: a database or vector file from another index or commit, or
overwritten vector data, is named as damaged; every file is on disk before its manifest."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from qa.index.build import build_index
from qa.index.errors import IndexDamaged
from qa.index.manifest import read_manifest
from qa.retrieve import Retriever
from tests.faults import NEW_ARTICLE


@pytest.fixture
def two_indexes(small_index: Path, fast_builds: None) -> tuple[Path, Path]:
    """The small index, and another one holding one more article."""
    other = small_index.parent.parent / "other"
    shutil.copytree(small_index.parent, other)
    (other / "articles" / "lanterns.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    build_index([other / "articles"], index_dir=other / "index")
    return small_index, other / "index"


def _swap(index_dir: Path, other: Path, field: str) -> Path:
    """Put the other index's file in place of this one's, under this one's name."""
    target = index_dir / getattr(read_manifest(index_dir), field)
    shutil.copy(other / getattr(read_manifest(other), field), target)
    return target


def test_a_database_from_another_index_is_named(two_indexes: tuple[Path, Path]) -> None:
    index_dir, other = two_indexes
    swapped = _swap(index_dir, other, "database")
    with pytest.raises(IndexDamaged, match="changed or replaced") as failure:
        Retriever.open(index_dir)
    assert failure.value.path == swapped and failure.value.index_dir == index_dir


def test_a_database_of_the_same_size_from_another_commit_is_named(
    small_index: Path, fast_builds: None
) -> None:
    database = small_index / read_manifest(small_index).database
    saved = database.read_bytes()
    build_index([small_index.parent / "articles"], index_dir=small_index, rebuild=True)
    manifest = read_manifest(small_index)
    padded = saved.ljust(manifest.database_size, b"\0")[: manifest.database_size]
    (small_index / manifest.database).write_bytes(padded)
    with pytest.raises(IndexDamaged, match="another commit") as failure:
        Retriever.open(small_index)
    assert failure.value.path == small_index / manifest.database


def test_a_vector_file_from_another_index_is_named(two_indexes: tuple[Path, Path]) -> None:
    index_dir, other = two_indexes
    swapped = _swap(index_dir, other, "vectors")
    with pytest.raises(IndexDamaged, match="changed or replaced") as failure:
        Retriever.open(index_dir)
    assert failure.value.path == swapped


def test_overwritten_vector_data_is_named_before_it_answers(
    small_index: Path, fast_builds: None
) -> None:
    vectors = small_index / read_manifest(small_index).vectors
    data = bytearray(vectors.read_bytes())
    data[-400:-200] = bytes(200)  # a few vector components zeroed, same size
    vectors.write_bytes(bytes(data))
    retriever = Retriever.open(small_index)  # cheap checks only: sizes and commit ids
    with pytest.raises(IndexDamaged, match="checksum differs") as failure:
        retriever.ask("What did Jake Sullivan say?")
    assert failure.value.path == vectors
    with pytest.raises(IndexDamaged, match="checksum differs"):
        build_index([small_index.parent / "articles"], index_dir=small_index)
    with pytest.raises(IndexDamaged, match="checksum differs"):
        assert Retriever.open(small_index).info  # what `qa info` shows


def test_every_file_is_on_disk_before_the_manifest_that_commits_it(
    small_index: Path, fast_builds: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(descriptor: int) -> None:
        real_fsync(descriptor)
        events.append(f"fsync {Path(os.readlink(f'/proc/self/fd/{descriptor}')).name}")

    def replace(source: str | Path, target: str | Path) -> None:
        real_replace(source, target)
        events.append(f"replace {Path(target).name}")

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    (small_index.parent / "articles" / "lanterns.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    build_index([small_index.parent / "articles"], index_dir=small_index)
    manifest = read_manifest(small_index)
    commit = events.index("replace manifest.json")
    before = events[:commit]
    assert f"fsync {manifest.database}" in before and f"fsync {manifest.vectors}" in before
    assert f"fsync {small_index.name}" in before  # the folder holding the new files
    assert events[commit + 1 :] == [f"fsync {small_index.name}"]
