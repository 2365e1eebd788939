"""Every format indexed and asked end to end with the real model: dated, sourced citations whose
spans and lines check against the files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.index.build import build_index
from qa.index.formats.html import plain_lines
from qa.retrieve import Retriever
from tests.index.formats_samples import write_samples

QUESTIONS = [
    ("How much did the bridge repairs cost?", "bridge.html"),
    ("When will the ferry tickets bought during the strike be refunded?", "coast.jsonl#"),
    ("How late will the library stay open?", "riverton.rss#"),
    ("How many electric buses did the district buy?", "buses.md"),
    ("How much did the stadium roof cost?", "stadium.txt"),
    ("How many passengers did the first tram carry?", "tram.txt"),
]


@pytest.fixture(scope="module")
def formats_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    articles = write_samples(tmp_path_factory.mktemp("formats") / "articles")
    index_dir = tmp_path_factory.mktemp("formats-index")
    build_index([articles], index_dir=index_dir)
    return articles, index_dir


def _line_holds(path: Path, line: int, sentence: str) -> bool:
    """Whether line ``line`` of the file holds the start of ``sentence`` (as the format shows it:
    tags stripped for HTML, the record's text for JSON Lines, the item for a feed)."""
    if path.suffix == ".html":
        return " ".join(sentence.split()[:4]) in plain_lines(path.read_text())[line - 1]
    if path.suffix == ".jsonl":
        record = json.loads(path.read_text().split("\n")[line - 1])
        return sentence in json.dumps(record, ensure_ascii=False).replace("\\n", "\n")
    if path.suffix == ".rss":
        return path.read_text().split("\n")[line - 1].startswith("<item>")
    data = path.read_bytes()
    text = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else None
    text = text if text is not None else data.decode("cp1252")
    words = [word.strip("*`[") for word in text.splitlines()[line - 1].split()]
    return sentence.split()[0] in words


@pytest.mark.parametrize(("question", "expected"), QUESTIONS)
def test_each_format_answers_with_a_dated_source(
    formats_index: tuple[Path, Path], question: str, expected: str
) -> None:
    _, index_dir = formats_index
    retriever = Retriever.open(index_dir)
    answer = retriever.ask(question)
    assert not answer.abstained
    # Citations come in date order, so the expected article's may follow an older one.
    expected_citations = [c for c in answer.citations if c.doc_id.startswith(expected)]
    assert expected_citations, [c.doc_id for c in answer.citations]
    first = expected_citations[0]
    for citation in answer.citations:
        document = retriever.document(citation.doc_id)
        assert document.text[citation.start : citation.end] == citation.sentence
        assert citation.line == document.line_at(citation.start)
        assert _line_holds(Path(citation.path), citation.line, citation.sentence)
        assert citation.date == document.metadata.date
        assert citation.source == document.metadata.source
    if not expected.endswith(".txt"):
        assert first.date is not None and first.date.startswith("2022-11-1")
        assert first.date_source == "metadata"
