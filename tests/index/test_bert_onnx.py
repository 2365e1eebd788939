"""Reading the model's configuration for the torch-free export (the graph itself is checked
against sentence-transformers in ``test_embed.py``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.index.bert_onnx import BertConfig
from qa.index.embed import model_dir


def test_bundled_config_is_read() -> None:
    config = BertConfig.read(model_dir() / "config.json")
    assert (config.hidden_size, config.num_heads, config.num_layers) == (384, 12, 6)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("model_type", "roberta"),
        ("hidden_act", "relu"),
        ("position_embedding_type", "relative_key"),
    ],
)
def test_a_model_the_graph_does_not_compute_is_refused(
    tmp_path: Path, key: str, value: str
) -> None:
    config = json.loads((model_dir() / "config.json").read_text(encoding="utf-8"))
    path = tmp_path / "config.json"
    path.write_text(json.dumps({**config, key: value}), encoding="utf-8")
    with pytest.raises(ValueError, match=key):
        BertConfig.read(path)
