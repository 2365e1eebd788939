"""Whether an article's file still holds the indexed version."""

from __future__ import annotations

import json
from pathlib import Path

from qa.freshness import FileState, file_state
from qa.index.build import build_index
from qa.retrieve import Retriever


def test_a_file_is_the_indexed_version_until_it_changes_or_goes(small_index: Path) -> None:
    articles = small_index.parent / "articles"
    export = articles / "export.jsonl"
    text = "The ferry resumed service on Monday after two weeks of repairs to its hull."
    export.write_text(json.dumps({"id": "ferry", "text": text}) + "\n")
    build_index([articles], index_dir=small_index)
    with Retriever.open(small_index) as retriever:
        documents = {doc_id: retriever.document(doc_id) for doc_id, _ in retriever.catalogue()}
    first, second = (documents[name] for name in sorted(documents) if name.endswith(".txt"))
    assert file_state(first) is FileState.SAME
    Path(first.path).write_text(first.text + "\nA line added later.\n", encoding="utf-8")
    assert file_state(first) is FileState.CHANGED
    Path(second.path).unlink()
    assert file_state(second) is FileState.GONE
    assert file_state(documents["export.jsonl#ferry"]) is FileState.UNKNOWN
