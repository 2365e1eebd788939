"""Fuzz target over the readers and the cleaner: any bytes in, under any of the names qa reads.

Only qa's own errors come out, every article's text is inert on a terminal, its lines map to
lines of the file, and every chunk and sentence offset slices the stored text. ``make test`` runs
a short search (``QA_FUZZ_EXAMPLES``, default 40 per test); ``make fuzz`` a long one.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from qa.index.chunk import ChunkSettings, chunk_text
from qa.index.documents import read_documents
from qa.index.embed import count_tokens
from qa.index.errors import QAError
from qa.index.formats import KINDS
from qa.index.sanitize import UNSAFE
from qa.index.sentences import sentence_spans

EXAMPLES = int(os.environ.get("QA_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NAMES = [*sorted(f"article{suffix}" for suffix in KINDS), "archive.jsonl.gz"]

# Text that looks like what the readers expect, with hostile characters mixed in.
_PIECES = st.sampled_from(
    [
        "Seoul Summit\n\n",
        "The talks resumed on Monday. Officials said so.\n",
        "\x1b]52;c;aGVsbG8=\x07",
        "\x1b[2J",
        "\u202e",
        "\r\n",
        "\r",
        "---\ntitle: T\ndate: 2023-01-05\n---\n",
        '{"title": "T", "text": "Body text here.", "date": "2023-01-05"}\n',
        "<html><head><title>T</title></head><body><p>Body text of a page.</p></body></html>",
        "<rss><channel><item><title>T</title><description>Item text.</description>"
        "</item></channel></rss>",
        "**bold** [link](https://example.com) ",
        "\x00",
        "\xe9\u00a0\u2019",
    ]
)
_TEXTISH = st.lists(st.one_of(_PIECES, st.text(max_size=40)), max_size=12).map("".join)
_CONTENT = st.one_of(
    st.binary(max_size=2000),
    _TEXTISH.map(lambda text: text.encode("utf-8")),
    _TEXTISH.map(lambda text: text.encode("utf-16")),
    _TEXTISH.map(lambda text: text.encode("cp1252", errors="replace")),
)


def _read(folder: Path, name: str, data: bytes) -> None:
    if name.endswith(".gz"):
        import gzip

        data = gzip.compress(data)
    (folder / name).write_bytes(data)
    try:
        documents, _ = read_documents([folder])
    except QAError:
        event("no article: a qa error")
        return
    event(f"{min(len(documents), 2)} or more articles" if documents else "no article: skipped")
    for document in documents:
        assert not UNSAFE & set(document.text)
        assert not UNSAFE & set(document.metadata.title)
        lines = document.text.split("\n")
        assert len(document.line_numbers) == len(lines)
        assert all(number >= 1 for number in document.line_numbers)
        for chunk in chunk_text(document.text, settings=ChunkSettings(), count_tokens=count_tokens):
            assert document.text[chunk.start : chunk.end] == chunk.text
        for start, end in sentence_spans(document.text):
            assert 0 <= start < end <= len(document.text)
            assert document.text[start:end].strip()


@FUZZ
@given(name=st.sampled_from(NAMES), data=_CONTENT)
def test_any_bytes_give_articles_or_reasons(tmp_path_factory, name: str, data: bytes) -> None:
    _read(tmp_path_factory.mktemp("fuzz"), name, data)
