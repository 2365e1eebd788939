"""The sentence-embedding graph of a BERT model, built from its safetensors weights without torch.

The weights are read with ``safetensors.numpy`` and laid out as onnxruntime's fused BERT operators
(``com.microsoft`` EmbedLayerNormalization, Attention, SkipLayerNormalization, BiasGelu): the
graph onnxruntime's offline optimizer makes of a torch export, written directly. Inputs are
``input_ids`` and ``attention_mask`` (int64, batch x sequence, padding on the right); outputs are
``sentence_embedding`` (float32, batch x hidden: mean pooling over the attention mask, then L2
normalisation, as ``SentenceTransformer.encode(normalize_embeddings=True)`` computes them) and
``token_embeddings`` (float32, batch x sequence x hidden: BERT's output for each word piece).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import onnx

OPSET = 17
IR_VERSION = 8
"""The ONNX file format version onnxruntime 1.18 (the oldest supported) reads."""
INPUT_NAMES = ("input_ids", "attention_mask")
OUTPUT_NAME = "sentence_embedding"
TOKENS_OUTPUT_NAME = "token_embeddings"
MICROSOFT = "com.microsoft"


@dataclass(frozen=True)
class BertConfig:
    """The parts of a Hugging Face ``config.json`` the graph depends on."""

    hidden_size: int
    num_heads: int
    num_layers: int
    epsilon: float

    @classmethod
    def read(cls, path: Path) -> BertConfig:
        """Read ``config.json``; raise ``ValueError`` for a model this graph does not compute."""
        config = json.loads(path.read_text(encoding="utf-8"))
        expected = {
            "model_type": "bert",
            "hidden_act": "gelu",
            "position_embedding_type": "absolute",
        }
        wrong = {
            key: config.get(key) for key, value in expected.items() if config.get(key) != value
        }
        if wrong:
            raise ValueError(f"{path}: not a BERT model this export supports: {wrong}")
        return cls(
            hidden_size=config["hidden_size"],
            num_heads=config["num_attention_heads"],
            num_layers=config["num_hidden_layers"],
            epsilon=config["layer_norm_eps"],
        )


def sentence_embedding_model(model_dir: Path) -> onnx.ModelProto:
    """The ONNX model of the BERT in ``model_dir`` (``config.json``, ``model.safetensors``)."""
    import onnx
    from safetensors.numpy import load_file

    config = BertConfig.read(model_dir / "config.json")
    weights = load_file(str(model_dir / "model.safetensors"))
    builder = _GraphBuilder(weights, config)
    hidden = builder.embeddings()
    for layer in range(config.num_layers):
        output = TOKENS_OUTPUT_NAME if layer == config.num_layers - 1 else None
        hidden = builder.encoder_layer(layer, hidden, output=output)
    builder.mean_pool_and_normalise(hidden)
    batch, sequence, width = "batch", "sequence", config.hidden_size
    graph = onnx.helper.make_graph(
        builder.nodes,
        "sentence_embedding",
        inputs=[
            onnx.helper.make_tensor_value_info(name, onnx.TensorProto.INT64, [batch, sequence])
            for name in INPUT_NAMES
        ],
        outputs=[
            onnx.helper.make_tensor_value_info(OUTPUT_NAME, onnx.TensorProto.FLOAT, [batch, width]),
            onnx.helper.make_tensor_value_info(
                TOKENS_OUTPUT_NAME, onnx.TensorProto.FLOAT, [batch, sequence, width]
            ),
        ],
        initializer=builder.initializers,
    )
    return onnx.helper.make_model(
        graph,
        opset_imports=[
            onnx.helper.make_opsetid("", OPSET),
            onnx.helper.make_opsetid(MICROSOFT, 1),
        ],
        ir_version=IR_VERSION,
        producer_name="qa",
    )


class _GraphBuilder:
    """Collects the nodes and initializers of the graph, one BERT block at a time."""

    def __init__(self, weights: dict[str, np.ndarray], config: BertConfig) -> None:
        self.weights = weights
        self.config = config
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []

    def constant(self, name: str, value: np.ndarray) -> str:
        """Add ``value`` as an initializer called ``name``; return the name."""
        from onnx import numpy_helper

        self.initializers.append(numpy_helper.from_array(value, name))
        return name

    def weight(self, key: str, *, transpose: bool = False) -> str:
        """Add the safetensors tensor ``key`` (transposed for a MatMul: x @ W.T)."""
        import numpy as np

        value = self.weights[key]
        return self.constant(key, np.ascontiguousarray(value.T if transpose else value))

    def node(
        self, op: str, inputs: list[str], output: str, *, domain: str = "", **attributes: Any
    ) -> str:
        """Add one node with a single output; return the output's name."""
        from onnx import helper

        self.nodes.append(
            helper.make_node(op, inputs, [output], name=output, domain=domain, **attributes)
        )
        return output

    def embeddings(self) -> str:
        """Word + position + token type 0 embeddings, LayerNorm; also the mask's lengths."""
        from onnx import TensorProto, helper

        # Every token has type 0, so its embedding is folded into the position embeddings.
        positions = (
            self.weights["embeddings.position_embeddings.weight"]
            + self.weights["embeddings.token_type_embeddings.weight"][0]
        )
        ids = self.node("Cast", ["input_ids"], "input_ids_int32", to=TensorProto.INT32)
        mask = self.node("Cast", ["attention_mask"], "mask_int32", to=TensorProto.INT32)
        inputs = [
            ids,
            "",
            self.weight("embeddings.word_embeddings.weight"),
            self.constant("embeddings.position_and_type_embeddings", positions),
            "",
            self.weight("embeddings.LayerNorm.weight"),
            self.weight("embeddings.LayerNorm.bias"),
            mask,
        ]
        self.nodes.append(
            helper.make_node(
                "EmbedLayerNormalization",
                inputs,
                ["embeddings", "mask_index"],
                name="embeddings",
                domain=MICROSOFT,
                epsilon=self.config.epsilon,
            )
        )
        return "embeddings"

    def encoder_layer(self, layer: int, hidden: str, *, output: str | None) -> str:
        """Self-attention and feed-forward block ``layer``, each with residual and LayerNorm."""
        import numpy as np

        prefix = f"encoder.layer.{layer}"
        projections = ("query", "key", "value")
        qkv_weight = np.concatenate(
            [self.weights[f"{prefix}.attention.self.{name}.weight"].T for name in projections],
            axis=1,
        )
        qkv_bias = np.concatenate(
            [self.weights[f"{prefix}.attention.self.{name}.bias"] for name in projections]
        )
        context = self.node(
            "Attention",
            [
                hidden,
                self.constant(f"{prefix}.attention.qkv.weight", np.ascontiguousarray(qkv_weight)),
                self.constant(f"{prefix}.attention.qkv.bias", qkv_bias),
                "mask_index",
            ],
            f"{prefix}.attention.context",
            domain=MICROSOFT,
            num_heads=self.config.num_heads,
        )
        attended = self.dense_skip_norm(f"{prefix}.attention.output", context, hidden)
        intermediate = self.node(
            "BiasGelu",
            [
                self.node(
                    "MatMul",
                    [attended, self.weight(f"{prefix}.intermediate.dense.weight", transpose=True)],
                    f"{prefix}.intermediate.matmul",
                ),
                self.weight(f"{prefix}.intermediate.dense.bias"),
            ],
            f"{prefix}.intermediate.gelu",
            domain=MICROSOFT,
        )
        return self.dense_skip_norm(f"{prefix}.output", intermediate, attended, output=output)

    def dense_skip_norm(
        self, prefix: str, value: str, residual: str, *, output: str | None = None
    ) -> str:
        """LayerNorm(value @ W.T + b + residual) with the weights under ``prefix``."""
        product = self.node(
            "MatMul", [value, self.weight(f"{prefix}.dense.weight", transpose=True)], f"{prefix}.mm"
        )
        return self.node(
            "SkipLayerNormalization",
            [
                product,
                residual,
                self.weight(f"{prefix}.LayerNorm.weight"),
                self.weight(f"{prefix}.LayerNorm.bias"),
                self.weight(f"{prefix}.dense.bias"),
            ],
            output or f"{prefix}.norm",
            domain=MICROSOFT,
            epsilon=self.config.epsilon,
        )

    def mean_pool_and_normalise(self, hidden: str) -> None:
        """``sentence_embedding``: the mean of ``hidden`` over the mask, L2-normalised."""
        import numpy as np
        from onnx import TensorProto

        mask = self.node("Cast", ["attention_mask"], "mask_float", to=TensorProto.FLOAT)
        axis = self.constant("axis_1", np.array([1], dtype=np.int64))
        weights = self.node(
            "Unsqueeze",
            [mask, self.constant("axis_last", np.array([-1], dtype=np.int64))],
            "mask_3d",
        )
        summed = self.node(
            "ReduceSum", [self.node("Mul", [hidden, weights], "masked"), axis], "summed", keepdims=0
        )
        count = self.node("ReduceSum", [weights, axis], "count", keepdims=0)
        # The same floors as sentence-transformers: 1e-9 tokens, 1e-12 for the norm.
        count = self.node(
            "Max", [count, self.constant("min_count", np.array(1e-9, np.float32))], "count_floor"
        )
        mean = self.node("Div", [summed, count], "mean")
        norm = self.node("ReduceL2", [mean], "norm", axes=[1], keepdims=1)
        norm = self.node(
            "Max", [norm, self.constant("min_norm", np.array(1e-12, np.float32))], "norm_floor"
        )
        self.node("Div", [mean, norm], OUTPUT_NAME)
