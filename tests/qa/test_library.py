"""The public library API as a Python user meets it: indexing, opening, results as JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import qa
from qa import Retriever, index_paths
from qa.errors import RetrieverClosed
from tests.conftest import ROOT


def test_index_ask_and_close_from_python(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for name in ("004_38e2a55b0db4023c.txt", "003_cf6ac617af5716f5.txt"):
        shutil.copy(ROOT / "seeds" / name, articles / name)
    report = index_paths([articles], index_dir=tmp_path / "index")
    assert report.documents == 2 and report.changed
    with Retriever.open(tmp_path / "index") as retriever:
        answer = retriever.ask("Which hotel hosted the Hanoi summit?")
        data = json.loads(json.dumps(answer.to_dict()))
    assert data["answer"] == answer.text and "Sofitel" in data["answer"]
    assert data["citations"][0]["passage"]["doc_id"] == answer.citations[0].doc_id
    assert data["passages"] == [passage.to_dict() for passage in answer.passages]
    with pytest.raises(RetrieverClosed, match="is closed; open the index again"):
        retriever.catalogue()


def test_public_names_resolve() -> None:
    for name in qa.__all__:
        assert getattr(qa, name) is not None
