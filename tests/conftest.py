"""Shared fixtures: isolated user directories, one exported model, one seeds index per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from qa.index.store import Store

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session", autouse=True)
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One model cache for the whole session, so the ONNX export happens once."""
    cache = tmp_path_factory.mktemp("model-cache")
    previous = os.environ.get("QA_CACHE_DIR")
    os.environ["QA_CACHE_DIR"] = str(cache)
    yield cache
    if previous is None:
        os.environ.pop("QA_CACHE_DIR", None)
    else:
        os.environ["QA_CACHE_DIR"] = previous


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Send the user data directory (the default index location) to a temp folder."""
    home = tmp_path / "user"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.delenv("QA_INDEX", raising=False)
    return home


@pytest.fixture(scope="session")
def seeds_index(tmp_path_factory: pytest.TempPathFactory, model_cache: Path) -> Path:
    """An index of the bundled seeds, built once; tests must not write to it."""
    from qa.index.build import build_index

    index_dir = tmp_path_factory.mktemp("seeds-index")
    build_index([SEEDS], index_dir=index_dir)
    return index_dir


@pytest.fixture(scope="session")
def dated_index(tmp_path_factory: pytest.TempPathFactory, model_cache: Path) -> Path:
    """An index of the five dated articles of ``tests.dated``, built once; tests must not write
    to it."""
    from tests.dated import build_dated_index

    return build_dated_index(tmp_path_factory.mktemp("dated"))


@pytest.fixture(scope="session")
def retriever(seeds_index: Path):
    """A Retriever on the seeds index, with the model loaded once per session."""
    from qa.retrieve import Retriever

    opened = Retriever.open(seeds_index)
    yield opened
    opened.close()


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed articles."""
    target = tmp_path / "articles"
    shutil.copytree(SEEDS, target)
    return target


def chunk_store(path: Path, texts: Sequence[str]) -> Store:
    """A read-only Store of a new database at ``path`` whose chunks are ``texts``, in order."""
    from qa.index.records import ChunkSpan, Document, Metadata
    from qa.index.store import Store, connect

    text = "\n".join(texts)
    starts = [sum(len(t) + 1 for t in texts[:n]) for n in range(len(texts))]
    document = Document(
        doc_id="chunks.txt",
        path=str(path.parent / "chunks.txt"),
        root=str(path.parent),
        text=text,
        line_numbers=tuple(range(1, len(texts) + 1)),
        metadata=Metadata(title="Chunks"),
        content_hash="0",
    )
    writer = connect(path)
    with writer:
        Store(writer).add_document(
            document, [ChunkSpan(s, s + len(t), t) for s, t in zip(starts, texts, strict=True)]
        )
    writer.close()
    return Store(connect(path, read_only=True))


def write_dates(index_dir: Path, dates: dict[str, str | None]) -> None:
    """Set the publication dates of indexed articles (``doc_id -> YYYY-MM-DD``)."""
    import sqlite3

    from qa.index.manifest import read_manifest

    connection = sqlite3.connect(index_dir / read_manifest(index_dir).database)
    with connection:
        connection.executemany(
            "UPDATE documents SET date = ? WHERE doc_id = ?",
            [(day, doc_id) for doc_id, day in dates.items()],
        )
    connection.close()


SMALL_SEEDS = ("002_fe7f45c17a9ae9a0.txt", "003_cf6ac617af5716f5.txt")
"""The two smallest seed articles: a real index that builds in about a second."""


@pytest.fixture(scope="session")
def shared_embedder(model_cache: Path):
    """The real embedder, loaded once for the tests that build many times."""
    from qa.index.embed import load_embedder

    return load_embedder()


@pytest.fixture
def fast_builds(shared_embedder, monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds and Retrievers reuse the shared embedder instead of loading it each time."""
    import qa.index.build
    import qa.index.embed

    monkeypatch.setattr(qa.index.build, "load_embedder", lambda: shared_embedder)
    monkeypatch.setattr(qa.index.embed, "load_embedder", lambda: shared_embedder)


@pytest.fixture
def small_index(tmp_path: Path, fast_builds: None) -> Path:
    """A real index of two seed articles (about a second to build); its articles are in the
    folder ``articles`` beside it."""
    from qa.index.build import build_index

    root = tmp_path / "small"
    articles = root / "articles"
    articles.mkdir(parents=True)
    for name in SMALL_SEEDS:
        shutil.copy(SEEDS / name, articles / name)
    build_index([articles], index_dir=root / "index")
    return root / "index"
