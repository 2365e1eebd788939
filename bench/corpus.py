"""A generated corpus large enough to benchmark indexing: articles recombined from the seeds."""

from __future__ import annotations

import random
from pathlib import Path

from qa.index.paths import bundled_seeds_dir


def seed_paragraphs() -> list[str]:
    """Every paragraph of the bundled articles with at least eight words."""
    paragraphs = []
    for path in sorted(bundled_seeds_dir().glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n"):
            if len(block.split()) >= 8:
                paragraphs.append(block.strip())
    return paragraphs


def write_corpus(
    folder: Path, *, documents: int, paragraphs_per_document: int = 12, seed: int = 7
) -> list[Path]:
    """Write ``documents`` articles of shuffled seed paragraphs into ``folder``.

    Each article gets a distinct headline and a distinct number in every paragraph, so no two
    articles are duplicates and every file is embedded.
    """
    rng = random.Random(seed)
    pool = seed_paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(documents):
        body = [
            f"{paragraph} (Report {number}-{index}.)"
            for index, paragraph in enumerate(rng.sample(pool, paragraphs_per_document))
        ]
        path = folder / f"article_{number:05d}.txt"
        path.write_text(
            f"Generated Article Number {number} On Korean Diplomacy\n\n" + "\n\n".join(body) + "\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths
