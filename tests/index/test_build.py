"""End-to-end index builds on real files with the real model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from qa.index.build import build_index
from qa.index.chunk import ChunkSettings
from qa.index.embed import MAX_TOKENS, count_tokens, load_embedder
from qa.index.errors import IndexBusy, IndexDamaged, IndexMismatch, NoDocuments
from qa.index.manifest import FORMAT_VERSION, read_manifest
from qa.index.sentences import sentence_spans
from qa.index.store import Store, connect
from qa.retrieve import Retriever
from tests.conftest import SEEDS


def _store(index_dir: Path) -> Store:
    return Store(connect(index_dir / read_manifest(index_dir).database, read_only=True))


def test_seeds_index_offsets_and_token_limit(seeds_index: Path) -> None:
    store = _store(seeds_index)
    documents = {document.doc_id: document for document in store.documents()}
    assert sorted(documents) == sorted(path.name for path in SEEDS.glob("*.txt"))
    chunks = store.chunks(range(1, 10_000))
    assert len(chunks) == read_manifest(seeds_index).chunks > len(documents)
    for chunk in chunks.values():
        assert documents[chunk.doc_id].text[chunk.start : chunk.end] == chunk.text
        assert count_tokens(chunk.text) <= MAX_TOKENS


def test_every_document_is_fully_covered_by_chunks(seeds_index: Path) -> None:
    store = _store(seeds_index)
    chunks = store.chunks(range(1, 10_000)).values()
    for document in store.documents():
        covered = set()
        for chunk in chunks:
            if chunk.doc_id == document.doc_id:
                covered.update(range(chunk.start, chunk.end))
        words_missed = [
            position
            for position, character in enumerate(document.text)
            if not character.isspace() and position not in covered
        ]
        assert words_missed == []


def test_sentences_are_stored_with_vectors_that_read_like_them(seeds_index: Path) -> None:
    store = _store(seeds_index)
    embedder = load_embedder()
    nearest_is_itself = total = 0
    for document in store.documents():
        sentences = store.sentences(document.doc_id, 0, len(document.text))
        assert [(s.start, s.end) for s in sentences] == sentence_spans(document.text)
        pooled = np.stack([s.vector for s in sentences])  # no seed sentence outgrows a chunk
        assert np.allclose(np.linalg.norm(pooled, axis=1), 1.0, atol=1e-5)
        alone = embedder.encode([document.text[s.start : s.end] for s in sentences])
        similarities = pooled @ alone.T
        nearest_is_itself += int((similarities.argmax(axis=1) == np.arange(len(alone))).sum())
        total += len(alone)
    assert nearest_is_itself >= 0.9 * total


def test_a_sentence_longer_than_any_chunk_is_embedded_when_asked(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    long_sentence = (
        "The envoy said that the delegation from Pyongyang, after three days of closed talks "
        "in the lakeside villa outside Geneva with officials from Washington and Seoul, "
        "had agreed to resume the exchange of letters between the two leaders next spring."
    )
    (articles / "talks.txt").write_text(f"Talks In Geneva\n\n{long_sentence}\n")
    index_dir = tmp_path / "index"
    build_index(
        [articles], index_dir=index_dir, settings=ChunkSettings(max_tokens=24, overlap_tokens=4)
    )
    store = _store(index_dir)
    text = store.document("talks.txt").text
    (stored,) = [s for s in store.sentences("talks.txt", 0, len(text)) if s.end - s.start > 100]
    assert stored.vector is None
    answer = Retriever.open(index_dir).ask("What did the delegation from Pyongyang agree to?")
    assert [c.sentence for c in answer.citations] == [long_sentence]


def test_chunks_stay_under_the_model_limit_with_long_paragraphs(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    sentence = "The delegation discussed sanctions relief and verification steps at length. "
    (articles / "long.txt").write_text("Long Talks Continue\n\n" + sentence * 120 + "\n")
    index_dir = tmp_path / "index"
    build_index([articles], index_dir=index_dir, settings=ChunkSettings(max_tokens=250))
    for chunk in _store(index_dir).chunks(range(1, 1000)).values():
        assert count_tokens(chunk.text) <= MAX_TOKENS


def test_incremental_add_update_remove(seeds_copy: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    first = build_index([seeds_copy], index_dir=index_dir)
    assert (first.added, first.updated, first.removed) == (5, 0, 0)

    again = build_index([seeds_copy], index_dir=index_dir)
    assert not again.changed and again.unchanged == 5 and again.chunks_embedded == 0
    assert [path.name for path in index_dir.glob("index-*.db")] == ["index-1.db"]

    edited = seeds_copy / "003_cf6ac617af5716f5.txt"
    edited.write_text(edited.read_text() + "\nA new closing paragraph about talks in Geneva.\n")
    (seeds_copy / "000_75d855dd890644c1.txt").unlink()
    new = seeds_copy / "sub" / "new.txt"
    new.parent.mkdir()
    new.write_text("Fresh Headline About Seoul\n\nOfficials in Seoul met on Monday to talk.\n")
    report = build_index([seeds_copy], index_dir=index_dir)
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 3)
    assert report.summary().startswith("1 added, 1 updated, 1 removed, 3 unchanged")
    store = _store(index_dir)
    assert {d.doc_id for d in store.documents()} == {
        "001_b91e1b26261307a9.txt",
        "002_fe7f45c17a9ae9a0.txt",
        "003_cf6ac617af5716f5.txt",
        "004_38e2a55b0db4023c.txt",
        "sub/new.txt",
    }
    retriever = Retriever.open(index_dir)
    assert retriever.search("Geneva", k=1, mode="keyword")[0].doc_id == edited.name
    assert retriever.search("Seoul officials met on Monday", k=1)[0].doc_id == "sub/new.txt"
    assert retriever.info.chunks == store.counts()[1]
    sentence_rows = store.connection.execute("SELECT count(*) FROM sentences").fetchone()[0]
    assert sentence_rows == sum(len(sentence_spans(d.text)) for d in store.documents())
    # No file of an older generation is left behind.
    assert len(list(index_dir.glob("index-*.db"))) == 1
    assert len(list(index_dir.glob("vectors-*.faiss"))) == 1


def test_exact_duplicates_are_stored_once(seeds_copy: Path, tmp_path: Path) -> None:
    shutil.copy(seeds_copy / "004_38e2a55b0db4023c.txt", seeds_copy / "copy-of-004.txt")
    index_dir = tmp_path / "index"
    report = build_index([seeds_copy], index_dir=index_dir)
    assert report.duplicates == 1 and report.documents == 5
    assert _store(index_dir).duplicates() == {"copy-of-004.txt": "004_38e2a55b0db4023c.txt"}
    # Removing the original promotes the copy.
    (seeds_copy / "004_38e2a55b0db4023c.txt").unlink()
    report = build_index([seeds_copy], index_dir=index_dir)
    assert report.documents == 5 and report.duplicates == 0
    assert _store(index_dir).document("copy-of-004.txt") is not None


@pytest.mark.parametrize("rebuild", [False, True])
def test_interrupted_build_leaves_previous_index_usable(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rebuild: bool
) -> None:
    index_dir = tmp_path / "index"
    build_index([seeds_copy], index_dir=index_dir)
    before = read_manifest(index_dir)
    (seeds_copy / "extra.txt").write_text("Extra Headline\n\nA paragraph about Pyongyang.\n")

    import qa.index.build as build_module

    real_loader = build_module.load_embedder

    class Interrupting:
        def __init__(self) -> None:
            self.real = real_loader()
            self.name, self.dimension = self.real.name, self.real.dimension

        def encode_with_spans(self, texts, spans, **_):
            raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "load_embedder", Interrupting)
    with pytest.raises(KeyboardInterrupt):
        build_index([seeds_copy], index_dir=index_dir, rebuild=rebuild)
    assert read_manifest(index_dir) == before
    passages = Retriever.open(index_dir).search("Sofitel", k=1)
    assert passages[0].doc_id == "004_38e2a55b0db4023c.txt"

    monkeypatch.setattr(build_module, "load_embedder", real_loader)
    report = build_index([seeds_copy], index_dir=index_dir)
    assert report.added == 1
    assert len(list(index_dir.glob("index-*.db"))) == 1


def test_index_of_another_model_is_refused(seeds_copy: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index([seeds_copy], index_dir=index_dir)
    manifest_file = index_dir / "manifest.json"
    data = json.loads(manifest_file.read_text())
    data["embedder"] = "some-other-model/onnx"
    manifest_file.write_text(json.dumps(data))
    with pytest.raises(IndexMismatch, match="built with some-other-model") as refused:
        build_index([seeds_copy], index_dir=index_dir)
    assert refused.value.index_dir == index_dir
    with pytest.raises(IndexMismatch, match="built with some-other-model"):
        Retriever.open(index_dir).ask("Where was the summit?")
    report = build_index([seeds_copy], index_dir=index_dir, rebuild=True)
    assert report.added == 5
    assert Retriever.open(index_dir).ask("Where was the second summit held?").passages


def test_other_format_version_and_damage_are_reported(seeds_copy: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index([seeds_copy], index_dir=index_dir)
    manifest_file = index_dir / "manifest.json"
    original = manifest_file.read_text()

    manifest_file.write_text(
        original.replace(f'"format_version": {FORMAT_VERSION}', '"format_version": 99')
    )
    with pytest.raises(IndexMismatch, match="format version 99"):
        Retriever.open(index_dir)

    manifest_file.write_text("{not json")
    with pytest.raises(IndexDamaged, match="damaged"):
        Retriever.open(index_dir)

    manifest_file.write_text(original)
    vectors = index_dir / read_manifest(index_dir).vectors
    vectors.write_bytes(b"garbage")
    with pytest.raises(IndexDamaged):
        Retriever.open(index_dir).search("summit")

    database = index_dir / read_manifest(index_dir).database
    database.write_bytes(b"garbage" * 100)
    with pytest.raises(IndexDamaged):
        Retriever.open(index_dir)


def test_concurrent_build_fails_cleanly(seeds_copy: Path, tmp_path: Path) -> None:
    from filelock import FileLock

    index_dir = tmp_path / "index"
    index_dir.mkdir()
    with FileLock(index_dir / ".lock"), pytest.raises(IndexBusy, match="Another `qa index`"):
        build_index([seeds_copy], index_dir=index_dir, lock_timeout=0.1)


def test_folder_without_articles(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.pdf").write_bytes(b"%PDF")
    with pytest.raises(NoDocuments):
        build_index([empty], index_dir=tmp_path / "index")
    assert not (tmp_path / "index" / "manifest.json").exists()


@pytest.mark.parametrize("fault", ["EIO", "mid-save"])
def test_an_unreadable_file_keeps_its_article_and_only_a_gone_one_is_removed(
    small_index: Path, fast_builds: None, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    import errno

    articles = small_index.parent / "articles"
    victim = sorted(articles.iterdir())[0]
    stored = _store(small_index).document(victim.name)
    if fault == "EIO":
        real_read = Path.read_bytes

        def read_bytes(path: Path) -> bytes:
            if path == victim:
                raise OSError(errno.EIO, "Input/output error")
            return real_read(path)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    else:
        victim.write_bytes(b"")  # an editor caught between truncating and writing
    report = build_index([articles], index_dir=small_index)
    assert (report.removed, report.kept) == (0, 1)
    assert "1 unreadable kept as indexed" in report.summary()
    assert [entry.path for entry in report.skipped] == [str(victim)]
    assert report.skipped[0].reason.endswith("its indexed version is kept")
    assert _store(small_index).document(victim.name) == stored

    monkeypatch.undo()
    victim.unlink()
    report = build_index([articles], index_dir=small_index)
    assert report.removed == 1 and _store(small_index).document(victim.name) is None


def test_a_removal_does_not_load_the_model(
    small_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import qa.index.build
    from qa.index.build import remove_documents

    before = read_manifest(small_index)
    (kept, gone) = sorted(doc_id for doc_id, _ in _store(small_index).catalogue())

    def no_model() -> None:
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(qa.index.build, "load_embedder", no_model)
    report = remove_documents([gone], index_dir=small_index)
    after = read_manifest(small_index)
    assert (report.removed, report.documents) == (1, 1)
    assert (after.embedder, after.dimension) == (before.embedder, before.dimension)
    with Retriever.open(small_index) as retriever:
        assert [doc_id for doc_id, _ in retriever.catalogue()] == [kept]


def _archive(folder: Path, count: int) -> Path:
    """A JSON Lines archive of ``count`` seed articles, one a record."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = sorted(SEEDS.glob("*.txt"))[:count]
    lines = [
        json.dumps({"id": path.stem, "title": f"Story {n}", "text": path.read_text()})
        for n, path in enumerate(seeds)
    ]
    archive = folder / "archive.jsonl"
    archive.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return archive


@pytest.mark.parametrize("fault", ["EIO mid-file", "cut mid-record", "emptied"])
def test_an_unreadable_archive_keeps_its_articles_and_only_a_gone_one_removes_them(
    tmp_path: Path, fast_builds: None, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    import errno
    import io

    import qa.index.formats.jsonl as jsonl

    archive = _archive(tmp_path / "articles", 3)
    (archive.parent / "other.txt").write_text("Other Headline\n\nA paragraph about Seoul.\n")
    index_dir = tmp_path / "index"
    build_index([archive.parent], index_dir=index_dir)
    stored = _store(index_dir).documents()
    assert len(stored) == 4
    data = archive.read_bytes()
    if fault == "EIO mid-file":

        class Failing(io.BytesIO):
            def __next__(self) -> bytes:
                if self.tell() > 0:  # after the first record
                    raise OSError(errno.EIO, "Input/output error")
                return super().__next__()

        monkeypatch.setattr(jsonl, "_open", lambda path: Failing(data))
    elif fault == "cut mid-record":
        archive.write_bytes(data[: data.index(b"\n") + 40])  # the second record half written
    else:
        archive.write_bytes(b"")
    report = build_index([archive.parent], index_dir=index_dir)
    kept = 3 if fault == "emptied" else 2
    assert (report.removed, report.kept, report.unchanged) == (0, kept, 4 - kept)
    assert f"{kept} unreadable kept as indexed" in report.summary()
    assert [entry.path for entry in report.skipped] == [str(archive)]
    assert report.skipped[0].reason.endswith(f"its {kept} indexed articles are kept")
    assert _store(index_dir).documents() == stored

    monkeypatch.undo()
    archive.unlink()
    report = build_index([archive.parent], index_dir=index_dir)
    assert report.removed == 3 and [d.doc_id for d in _store(index_dir).documents()] == [
        "other.txt"
    ]


def test_a_build_stopped_after_its_first_group_is_resumed_without_embedding_it_again(
    seeds_copy: Path, tmp_path: Path, fast_builds: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import qa.index.build as build_module
    from qa.index.resume import RESUME_NAME, ResumeCache

    fresh = build_index([seeds_copy], index_dir=tmp_path / "fresh")
    index_dir = tmp_path / "index"
    group = 8
    monkeypatch.setattr(build_module, "EMBED_GROUP", group)
    real_save = ResumeCache.save
    saves: list[int] = []

    def save_then_stop(cache: ResumeCache, entries) -> None:  # type: ignore[no-untyped-def]
        if saves:
            raise KeyboardInterrupt  # Ctrl-C while the second group is embedded
        entries = list(entries)
        saves.append(len(entries))
        real_save(cache, entries)

    monkeypatch.setattr(ResumeCache, "save", save_then_stop)
    with pytest.raises(KeyboardInterrupt):
        build_index([seeds_copy], index_dir=index_dir)
    assert saves == [group] and not (index_dir / "manifest.json").exists()
    assert (index_dir / RESUME_NAME).exists()

    monkeypatch.setattr(ResumeCache, "save", real_save)
    report = build_index([seeds_copy], index_dir=index_dir)
    assert report.chunks == fresh.chunks == fresh.chunks_embedded
    assert report.chunks_embedded == fresh.chunks - group
    assert not (index_dir / RESUME_NAME).exists()
    resumed, whole = _store(index_dir), _store(tmp_path / "fresh")
    assert resumed.documents() == whole.documents()
    ids = range(1, 10_000)
    assert [c.text for c in resumed.chunks(ids).values()] == [
        c.text for c in whole.chunks(ids).values()
    ]
    question = "Who did Jake Sullivan meet?"
    answer = Retriever.open(index_dir).search(question, k=3)
    assert [p.doc_id for p in answer] == [
        p.doc_id for p in Retriever.open(tmp_path / "fresh").search(question, k=3)
    ]


def test_progress_counts_records_read_first_then_chunks_and_the_sentences_of_a_long_article(
    tmp_path: Path, fast_builds: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import qa.index.build as build_module
    import qa.index.chunk as chunk_module
    import qa.index.sentences as sentences_module

    archive = _archive(tmp_path / "articles", 3)
    long_text = "\n\n".join(path.read_text() for path in sorted(SEEDS.glob("*.txt")))
    (archive.parent / "long.txt").write_text(long_text)
    monkeypatch.setattr(build_module, "LONG_DOCUMENT", 5_000)
    monkeypatch.setattr(sentences_module, "PROGRESS_CHARACTERS", 1_000)
    monkeypatch.setattr(chunk_module, "SECTION", 2_000)
    calls: list[tuple[str, int, int]] = []
    report = build_index(
        [archive.parent], index_dir=tmp_path / "index", progress=lambda *c: calls.append(c)
    )
    assert calls[0] == ("reading", 1, 0)
    stages = [stage for stage, _, _ in calls]
    assert stages.index("reading") < stages.index("chunking") < stages.index("embedding")
    assert calls[stages.index("chunking")][2] == 4  # of the four articles to embed
    within = [(done, total) for stage, done, total in calls if stage == "sentences"]
    (total,) = {total for _, total in within}  # the cleaned article's characters
    assert len(within) > 3 and len(long_text) * 0.9 < total <= len(long_text)
    assert [done for done, _ in within] == sorted(done for done, _ in within)
    assert total - within[-1][0] < 1_000 + max(map(len, long_text.split("\n")))
    chunked = [(done, total) for stage, done, total in calls if stage == "chunks"]
    assert len(chunked) > 3 and chunked[-1] == (total, total)
    assert [done for done, _ in chunked] == sorted(done for done, _ in chunked)
    assert stages.index("chunks") < stages.index("sentences")
    embedded = [done for stage, done, _ in calls if stage == "embedding"]
    assert embedded == sorted(embedded) and embedded[-1] == report.chunks_embedded == report.chunks
    assert embedded[0] == 0  # shown as embedding starts, before its first batch is done


def test_embedding_progress_has_a_total_from_the_first_group(
    tmp_path: Path, fast_builds: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import qa.index.build as build_module

    monkeypatch.setattr(build_module, "EMBED_GROUP", 8)
    calls: list[tuple[str, int, int]] = []
    report = build_index([SEEDS], index_dir=tmp_path / "index", progress=lambda *c: calls.append(c))
    stages = [stage for stage, _, _ in calls]
    embedding = [(done, total) for stage, done, total in calls if stage == "embedding"]
    # Estimated from the articles chunked so far while chunking goes on, then exact.
    assert stages.index("embedding") < len(stages) - 1 - stages[::-1].index("chunking")
    assert all(0 <= done <= total for done, total in embedding)
    assert embedding[-1] == (report.chunks, report.chunks)
