"""The fitted model that chooses answer sentences: weights, thresholds and where they came from.

``qa/ranker.json`` is written by ``make calibrate`` (``python -m qa.calibrate``): a logistic
regression over ``qa.features.FEATURES`` whose output is the probability that a sentence holds
a gold answer, and the thresholds chosen on the ``fit`` part of the developer sets (see
``qa.splits``). The file records the command and the data that produced every number in it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from qa.features import FEATURES

RANKER_FILE = "ranker.json"


@dataclass(frozen=True)
class Ranker:
    """A logistic regression over standardised features, and the answer thresholds.

    Attributes:
        weights: one weight per feature of ``FEATURES``.
        bias: the intercept.
        means: feature means on the fit data (subtracted before weighing).
        scales: feature standard deviations on the fit data (divided by).
        answerable_weights: weights of a second regression that uses only the features of
            ``qa.features.ABSOLUTE`` (the others weigh 0): whether any sentence answers.
        answerable_bias: its intercept.
        abstain_below: abstain when the best sentence's probability by the second regression
            is below this.
        max_drop: cite further sentences only within this probability of the best.
        redundancy: maximal-marginal-relevance penalty per unit of cosine similarity to a
            sentence already chosen.
        short_above: show a short answer only when its confidence is at least this.
        provenance: the command, data and measured values that set the numbers above.
    """

    weights: tuple[float, ...]
    bias: float
    means: tuple[float, ...]
    scales: tuple[float, ...]
    answerable_weights: tuple[float, ...]
    answerable_bias: float
    abstain_below: float
    max_drop: float
    redundancy: float
    short_above: float
    provenance: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        sizes = {len(self.weights), len(self.answerable_weights), len(self.means), len(self.scales)}
        if sizes != {len(FEATURES)}:
            raise ValueError(
                f"the ranker has {len(self.weights)} weights for {len(FEATURES)} features; "
                "run `make calibrate`"
            )

    def logits(self, features: np.ndarray) -> np.ndarray:
        """The log-odds that each row's sentence holds the answer."""
        standard = (features - np.asarray(self.means)) / np.asarray(self.scales)
        return standard @ np.asarray(self.weights) + self.bias

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """The probability that each row's sentence holds the answer."""
        return 1.0 / (1.0 + np.exp(-self.logits(features)))

    def answerable(self, features: np.ndarray) -> float:
        """The probability, judged on absolute features only, that the best row answers."""
        if len(features) == 0:
            return 0.0
        standard = (features - np.asarray(self.means)) / np.asarray(self.scales)
        logits = standard @ np.asarray(self.answerable_weights) + self.answerable_bias
        return float(1.0 / (1.0 + np.exp(-logits.max())))

    def to_json(self) -> dict[str, Any]:
        """The ranker as a JSON-ready dict (what ``load_ranker`` reads)."""
        return {
            "features": list(FEATURES),
            "weights": list(self.weights),
            "bias": self.bias,
            "means": list(self.means),
            "scales": list(self.scales),
            "answerable_weights": list(self.answerable_weights),
            "answerable_bias": self.answerable_bias,
            "abstain_below": self.abstain_below,
            "max_drop": self.max_drop,
            "redundancy": self.redundancy,
            "short_above": self.short_above,
            "provenance": self.provenance,
        }


def ranker_from_json(data: dict[str, Any]) -> Ranker:
    """A ``Ranker`` from the dict ``Ranker.to_json`` gives.

    Raises:
        ValueError: the features it was fit on are not ``FEATURES``.
    """
    if tuple(data["features"]) != FEATURES:
        raise ValueError("the ranker was fit on other features; run `make calibrate`")
    return Ranker(
        weights=tuple(float(w) for w in data["weights"]),
        bias=float(data["bias"]),
        means=tuple(float(m) for m in data["means"]),
        scales=tuple(float(s) for s in data["scales"]),
        answerable_weights=tuple(float(w) for w in data["answerable_weights"]),
        answerable_bias=float(data["answerable_bias"]),
        abstain_below=float(data["abstain_below"]),
        max_drop=float(data["max_drop"]),
        redundancy=float(data["redundancy"]),
        short_above=float(data["short_above"]),
        provenance=dict(data.get("provenance", {})),
    )


@cache
def load_ranker(path: Path | None = None) -> Ranker:
    """The ranker in ``path``, by default the one shipped with the package."""
    if path is None:
        text = resources.files("qa").joinpath(RANKER_FILE).read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return ranker_from_json(json.loads(text))
