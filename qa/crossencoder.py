"""The answer cross-encoder: how likely a sentence holds the answer, read with the question.

``qa/crossencoder.safetensors`` holds only the tensors ``make cross-encoder`` (``qa.crossfit``)
changed in the bundled all-MiniLM-L6-v2: its top ``TRAINED_LAYERS`` encoder layers and a linear
head, in fp16; ``qa/crossencoder.json`` records the command, data and seed. The ONNX graph is
built from the bundled weights with those substituted (``qa.index.bert_onnx.cross_encoder_model``,
no torch), exported once into the cache folder beside the embedder's, and run by onnxruntime.
Only the ``TOP`` candidates closest to the question by cosine + keyword overlap are read (the
rest get the lowest of their log-odds): that bounds a warm answer's time.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa.index.bert_onnx import HEAD_BIAS, HEAD_WEIGHT, LOGIT_OUTPUT_NAME

if TYPE_CHECKING:
    import numpy as np
    import onnxruntime

__all__ = ["HEAD_BIAS", "HEAD_WEIGHT", "CrossEncoder", "load_cross_encoder"]

TENSORS_FILE = "crossencoder.safetensors"
METADATA_FILE = "crossencoder.json"
TRAINED_LAYERS = 1
"""Encoder layers fine-tuned (the top ones); the others are the bundled model's."""
TOP = 12
"""Candidates read by the cross-encoder per question (chosen with ``bench.answers``)."""
QUANTIZED = False
"""Whether the graph runs int8 (chosen with ``bench.answers``)."""
BATCH_SIZE = 16
EXPORT_VERSION = 1
"""Bump when the exported graph changes, so stale cached files are not reused."""


def tensors_path() -> Path:
    """The shipped fine-tuned tensors."""
    return Path(str(resources.files("qa").joinpath(TENSORS_FILE)))


def provenance() -> dict[str, Any]:
    """The command, data, seed and fit values that produced the shipped tensors."""
    text = resources.files("qa").joinpath(METADATA_FILE).read_text(encoding="utf-8")
    return dict(json.loads(text))


def onnx_path(*, quantized: bool = QUANTIZED) -> Path:
    """Where the exported cross-encoder is cached for the installed weights and tensors."""
    from qa.index.embed import cache_dir
    from qa.index.embed import onnx_path as embedder_path
    from qa.index.onnx_export import sha256_file

    key = f"{embedder_path().stem}-{sha256_file(tensors_path())[:12]}-v{EXPORT_VERSION}"
    suffix = "-int8" if quantized else ""
    return cache_dir() / "models" / f"cross-encoder-{key}{suffix}.onnx"


class CrossEncoder:
    """Scores ``(question, sentence)`` pairs with the exported graph in an onnxruntime session."""

    def __init__(self, session: onnxruntime.InferenceSession) -> None:
        from qa.index.embed import load_tokenizer

        self._session = session
        self._tokenizer = load_tokenizer()

    def logits(self, question: str, sentences: Sequence[str]) -> np.ndarray:
        """The log-odds that each sentence holds the answer to ``question``, in input order."""
        import numpy as np

        result = np.empty(len(sentences), dtype=np.float32)
        encodings = self._tokenizer.encode_batch([(question, s) for s in sentences])
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), BATCH_SIZE):
            rows = order[start : start + BATCH_SIZE]
            ids = np.zeros((len(rows), len(encodings[rows[-1]].ids)), dtype=np.int64)
            mask = np.zeros_like(ids)
            for row, index in enumerate(rows):
                ids[row, : len(encodings[index].ids)] = encodings[index].ids
                mask[row, : len(encodings[index].ids)] = 1
            feed = {"input_ids": ids, "attention_mask": mask}
            result[rows] = self._session.run([LOGIT_OUTPUT_NAME], feed)[0]
        return result


@functools.cache
def load_cross_encoder(*, quantized: bool = QUANTIZED) -> CrossEncoder:
    """The cross-encoder, exporting its graph into the cache first if needed (under a lock)."""
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
    return CrossEncoder(session)


def _export(path: Path, *, quantized: bool) -> None:
    from qa.index import onnx_export
    from qa.index.embed import model_dir

    if quantized:
        load_cross_encoder(quantized=False)
        onnx_export.quantize_onnx(onnx_path(quantized=False), path)
    else:
        onnx_export.export_cross_encoder(model_dir(), tensors_path(), path)


def _session(path: Path) -> onnxruntime.InferenceSession:
    import os

    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = os.cpu_count() or 1
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    if [output.name for output in session.get_outputs()] != [LOGIT_OUTPUT_NAME]:
        raise ValueError(f"{path} is not an exported cross-encoder")
    return session


def _try_session(path: Path) -> onnxruntime.InferenceSession | None:
    """The session for ``path``, or None when the file is missing or damaged."""
    if not path.is_file():
        return None
    try:
        return _session(path)
    except Exception:  # onnxruntime raises its own classes for every kind of bad file
        return None
