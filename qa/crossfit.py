"""``make cross-encoder``: fine-tune the answer cross-encoder on the fit questions (needs torch).

Usage::

    python -m qa.crossfit --set NAME=INDEX_DIR:QUESTIONS.jsonl [--set ...] [--out-dir qa]

Pairs come from the ``fit`` part (``qa.splits``) of each set, exactly as ``qa.calibrate.collect``
gets them: the candidate sentences of the retrieved passages (as of each question's
``asked_on``), labelled 1 when a sentence holds a gold answer; every candidate of an unanswerable
question is a negative. Per question: every positive (at most ``MAX_POSITIVES``), the
``HARD_NEGATIVES`` negatives closest to the question by cosine + keyword overlap (the order the
cross-encoder sees them in at run time, ``qa.crossencoder.TOP``), and ``RANDOM_NEGATIVES`` others
at random. A set weighs the square root of its question count (SQuAD's hundreds do not drown the
news quiz), every question the same within its set.

The model is the bundled all-MiniLM-L6-v2 reading ``[CLS] question [SEP] sentence [SEP]`` (token
type 0 throughout, as the base model was trained), mean-pooled and L2-normalised as for
embedding, then a linear head to the log-odds that the sentence holds the answer. Only the top
``TRAINED_LAYERS`` encoder layers and the head learn; those tensors alone are written, in fp16,
to ``qa/crossencoder.safetensors``, with the command, data, seed and fit values in
``qa/crossencoder.json``. ``qa.crossencoder`` builds the ONNX graph from them without torch.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from qa.calibrate import _parse_set, collect
from qa.crossencoder import HEAD_BIAS, HEAD_WEIGHT, METADATA_FILE, TENSORS_FILE, TRAINED_LAYERS
from qa.evaluate import load_questions
from qa.features import closest
from qa.retrieve import Retriever
from qa.splits import select

if TYPE_CHECKING:
    import torch
    from transformers import BertModel

SEED = 13
MAX_QUESTIONS = 500
"""Most fit questions per set (SQuAD has about 2,800; more would not train in ~20 min)."""
MAX_POSITIVES = 4
HARD_NEGATIVES = 8
RANDOM_NEGATIVES = 3
EPOCHS = 2
BATCH = 16
LEARNING_RATE = 1e-4
"""AdamW step of the encoder layers; the head learns at ``HEAD_RATE``."""
HEAD_RATE = 1e-2


@dataclass(frozen=True)
class Pair:
    """One training pair: a question, a candidate sentence, its label and weight."""

    set_name: str
    question: str
    sentence: str
    label: float
    weight: float


def gather(
    sets: dict[str, tuple[Path, Path]], *, limit: int, rng: random.Random
) -> tuple[list[Pair], dict]:
    """The training pairs of the fit part of ``sets`` and what was read."""
    per_set: dict[str, list[list[Pair]]] = {}
    data = {}
    for name, (index_dir, questions_file) in sets.items():
        questions = select(load_questions(questions_file), "fit", limit=limit)
        retriever = Retriever.open(index_dir)
        examples = collect(name, retriever, questions, cross=None)
        retriever.close()
        data[name] = {"questions": str(questions_file), "part": "fit", "count": len(questions)}
        print(f"{name}: {len(questions)} fit questions", file=sys.stderr)
        groups = per_set.setdefault(name, [])
        for example in examples:
            if not len(example.labels):
                continue
            texts = [c.text for c in example.scored.candidates]
            order = [int(i) for i in closest(example.scored.features, len(texts))]
            positives = [i for i in order if example.labels[i]][:MAX_POSITIVES]
            negatives = [i for i in order if not example.labels[i]]
            if example.question.answerable and not positives:
                continue  # nothing retrieved holds the answer: no pair says which sentence does
            hard, rest = negatives[:HARD_NEGATIVES], negatives[HARD_NEGATIVES:]
            chosen = positives + hard + rng.sample(rest, min(RANDOM_NEGATIVES, len(rest)))
            groups.append(
                [
                    Pair(name, example.question.question, texts[i], float(example.labels[i]), 1.0)
                    for i in chosen
                ]
            )
    pairs = []
    for groups in per_set.values():
        share = np.sqrt(len(groups)) / len(groups)
        for group in groups:
            pairs.extend(
                Pair(p.set_name, p.question, p.sentence, p.label, share / len(group)) for p in group
            )
    total = sum(p.weight for p in pairs)
    return [
        Pair(p.set_name, p.question, p.sentence, p.label, p.weight / total * len(pairs))
        for p in pairs
    ], data


def train(pairs: Sequence[Pair], *, seed: int) -> tuple[dict[str, np.ndarray], list[float]]:
    """Fine-tune the top layers and the head; return the changed tensors and the epoch losses.

    The frozen layers run once per pair (their outputs kept in fp16); every epoch runs only the
    trained layers, on batches of pairs of similar length.
    """
    import torch

    from qa.index.embed import load_tokenizer

    torch.manual_seed(seed)
    torch.set_num_threads(2)
    model = base_model()
    layers = model.encoder.layer
    frozen, trained = layers[:-TRAINED_LAYERS], layers[-TRAINED_LAYERS:]
    for parameter in model.parameters():
        parameter.requires_grad = False
    for parameter in trained.parameters():
        parameter.requires_grad = True
    head = torch.nn.Linear(model.config.hidden_size, 1)
    torch.nn.init.zeros_(head.weight)
    torch.nn.init.zeros_(head.bias)
    encodings = load_tokenizer().encode_batch([(p.question, p.sentence) for p in pairs])
    by_length = sorted(range(len(pairs)), key=lambda i: len(encodings[i].ids))
    batches = [by_length[i : i + BATCH] for i in range(0, len(by_length), BATCH)]
    cached: list[tuple[torch.Tensor, torch.Tensor]] = []
    model.encoder.layer = frozen
    started = time.monotonic()
    with torch.inference_mode():
        for rows in batches:
            ids, mask = _inputs([encodings[i].ids for i in rows])
            cached.append(
                (model(input_ids=ids, attention_mask=mask).last_hidden_state.half(), mask)
            )
    print(f"frozen layers: {time.monotonic() - started:.0f} s", file=sys.stderr)
    model.encoder.layer = layers
    optimizer = torch.optim.AdamW(
        [
            {"params": list(trained.parameters()), "lr": LEARNING_RATE},
            {"params": list(head.parameters()), "lr": HEAD_RATE},
        ],
        weight_decay=0.01,
    )
    generator = np.random.default_rng(seed)
    losses = []
    trained.train()
    for epoch in range(EPOCHS):
        total, started = 0.0, time.monotonic()
        for batch in generator.permutation(len(batches)):
            rows = batches[int(batch)]
            hidden, mask = cached[int(batch)]
            hidden = hidden.float()
            additive = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
            for layer in trained:
                hidden = layer(hidden, attention_mask=additive)
            logits = head(_pool(hidden, mask)).squeeze(-1)
            labels = torch.tensor([pairs[i].label for i in rows])
            weights = torch.tensor([pairs[i].weight for i in rows])
            loss = (
                torch.nn.functional.binary_cross_entropy_with_logits(
                    logits, labels, reduction="none"
                )
                * weights
            ).sum() / len(pairs)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += float(loss.detach())
        losses.append(total)
        print(
            f"epoch {epoch + 1}: loss {total:.4f} ({time.monotonic() - started:.0f} s)",
            file=sys.stderr,
        )
    tensors = {
        name: parameter.detach().numpy().astype(np.float16)
        for name, parameter in model.named_parameters()
        if parameter.requires_grad
    }
    tensors[HEAD_WEIGHT] = head.weight.detach().numpy().reshape(-1).astype(np.float16)
    tensors[HEAD_BIAS] = head.bias.detach().numpy().astype(np.float16)
    return tensors, losses


def base_model() -> BertModel:
    """The bundled model in torch (eager attention: an additive mask reaches single layers)."""
    from transformers import BertModel

    from qa.index.embed import model_dir

    return BertModel.from_pretrained(
        str(model_dir()), add_pooling_layer=False, attn_implementation="eager"
    )


def reference(tensors: dict[str, np.ndarray]) -> tuple[BertModel, torch.nn.Linear]:
    """The torch cross-encoder with ``tensors`` (as ``train`` returns them): ``(model, head)``."""
    import torch

    model = base_model().eval()
    state = {k: torch.from_numpy(v.astype(np.float32)) for k, v in tensors.items()}
    head = torch.nn.Linear(model.config.hidden_size, 1)
    head.weight.data = state.pop(HEAD_WEIGHT).reshape(1, -1)
    head.bias.data = state.pop(HEAD_BIAS).reshape(1)
    model.load_state_dict(state, strict=False)
    return model, head


def reference_logits(
    model: BertModel, head: torch.nn.Linear, pairs: Sequence[tuple[str, str]]
) -> np.ndarray:
    """The torch model's log-odds for ``(question, sentence)`` pairs: what the ONNX graph of
    ``qa.crossencoder`` must give."""
    import torch

    from qa.index.embed import load_tokenizer

    encodings = load_tokenizer().encode_batch(list(pairs))
    ids, mask = _inputs([e.ids for e in encodings])
    with torch.inference_mode():
        hidden = model(input_ids=ids, attention_mask=mask).last_hidden_state
        return head(_pool(hidden, mask)).squeeze(-1).numpy()


def _inputs(rows: Sequence[Sequence[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    """Word-piece ids padded on the right, and the attention mask (token types are all 0)."""
    import torch

    ids = torch.zeros((len(rows), max(len(r) for r in rows)), dtype=torch.long)
    mask = torch.zeros_like(ids)
    for row, pieces in enumerate(rows):
        ids[row, : len(pieces)] = torch.tensor(pieces)
        mask[row, : len(pieces)] = 1
    return ids, mask


def _pool(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean over the mask, L2-normalised: the embedder's sentence vector."""
    import torch

    weights = mask.unsqueeze(-1).float()
    mean = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(mean, p=2, dim=1, eps=1e-12)


def main(argv: Sequence[str] | None = None) -> None:
    """Parse the command line, gather pairs, train, write the tensors and their provenance."""
    from safetensors.numpy import save_file

    parser = argparse.ArgumentParser(prog="python -m qa.crossfit", description=__doc__)
    parser.add_argument("--set", dest="sets", action="append", type=_parse_set, required=True)
    parser.add_argument(
        "--limit", type=int, default=MAX_QUESTIONS, help="most fit questions per set"
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out-dir", type=Path, default=Path(__file__).parent)
    parser.add_argument(
        "--pairs", type=Path, help="keep the gathered pairs in this file and reuse them if present"
    )
    args = parser.parse_args(argv)
    command = "python -m qa.crossfit " + " ".join(sys.argv[1:] if argv is None else argv)
    if args.pairs is not None and args.pairs.is_file():
        saved = json.loads(args.pairs.read_text(encoding="utf-8"))
        pairs, data = [Pair(**p) for p in saved["pairs"]], saved["data"]
    else:
        pairs, data = gather(dict(args.sets), limit=args.limit, rng=random.Random(args.seed))
        if args.pairs is not None:
            saved = {"pairs": [asdict(p) for p in pairs], "data": data}
            args.pairs.write_text(json.dumps(saved), encoding="utf-8")
    print(f"{len(pairs)} pairs, {sum(p.label for p in pairs):.0f} positive", file=sys.stderr)
    tensors, losses = train(pairs, seed=args.seed)
    save_file(tensors, str(args.out_dir / TENSORS_FILE))
    provenance = {
        "command": command,
        "data": data,
        "seed": args.seed,
        "pairs": len(pairs),
        "positives": int(sum(p.label for p in pairs)),
        "trained_layers": TRAINED_LAYERS,
        "epochs": EPOCHS,
        "batch": BATCH,
        "learning_rate": LEARNING_RATE,
        "head_rate": HEAD_RATE,
        "max_positives": MAX_POSITIVES,
        "hard_negatives": HARD_NEGATIVES,
        "random_negatives": RANDOM_NEGATIVES,
        "epoch_losses": [round(loss, 5) for loss in losses],
    }
    (args.out_dir / METADATA_FILE).write_text(json.dumps(provenance, indent=1) + "\n")
    print(json.dumps(provenance, indent=1))


if __name__ == "__main__":
    main()
