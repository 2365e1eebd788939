"""One-time export of the bundled model to a self-contained ONNX file, and its int8 variant.

The graph comes from ``qa.index.bert_onnx`` (no torch). Files are written beside their target under
a temporary name and moved into place only when complete: an interrupted export leaves neither a
partial model nor, from the next export on, a temporary file behind.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

WEIGHTS_KEY = "weights_sha256"
TEMP_SUFFIX = ".tmp"


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def export_onnx(model_dir: Path, target: Path) -> None:
    """Export the model in ``model_dir`` to ``target``, atomically.

    The sha256 of the weights is stored in the ONNX metadata as ``weights_sha256``. Call it with
    ``target``'s lock held (``qa.index.embed.load_embedder`` does): temporary files of ``target``
    found on disk are taken as left by a killed export and removed.
    """
    import onnx

    from qa.index.bert_onnx import sentence_embedding_model

    model = sentence_embedding_model(model_dir)
    onnx.helper.set_model_props(model, {WEIGHTS_KEY: sha256_file(model_dir / "model.safetensors")})
    with _writing(target) as temp:
        onnx.save(model, str(temp))


def quantize_onnx(source: Path, target: Path) -> None:
    """Write an int8 dynamically quantized copy of ``source`` to ``target``, atomically.

    Per-channel weights with reduced range keep cosine agreement with the float model at about
    0.97 or better; plain per-tensor int8 falls to about 0.83 on short texts. Call it with
    ``target``'s lock held, as ``export_onnx``.
    """
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with _writing(target) as temp:
        quantize_dynamic(
            source,
            temp,
            weight_type=QuantType.QInt8,
            per_channel=True,
            reduce_range=True,
            # The fused operators have no shape inference; their outputs are float.
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
        graph = onnx.load(str(temp))
        weights = {p.key: p.value for p in onnx.load(str(source)).metadata_props}
        onnx.helper.set_model_props(graph, {WEIGHTS_KEY: weights[WEIGHTS_KEY]})
        onnx.save(graph, str(temp))


def temp_files(target: Path) -> list[Path]:
    """The temporary files of ``target`` on disk: an export in progress or a killed one."""
    return sorted(target.parent.glob(f"{glob.escape(target.name)}.*{TEMP_SUFFIX}"))


@contextlib.contextmanager
def _writing(target: Path) -> Iterator[Path]:
    """A new temporary file beside ``target``, moved onto it when the block completes.

    Stale temporary files of ``target`` are removed first; the new one is removed when the block
    fails or is interrupted (Ctrl-C).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in temp_files(target):
        stale.unlink(missing_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f"{target.name}.", suffix=TEMP_SUFFIX)
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
