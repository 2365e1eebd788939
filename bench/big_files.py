"""Time and peak memory of ``qa index`` on one very large file: a 50 MB article, a 10 MB single
line and a file of one million short lines (issue 14: cost must be linear in a file's length).

Files are generated under a temporary folder (never in the repository) from recombined words, so
nothing depends on a data set. Prints numbers and asserts nothing::

    python -m bench.big_files                # all three, the whole qa index process
    python -m bench.big_files line-10mb      # one of them
    python -m bench.big_files --stages 2     # reading, cleaning, sentences and chunks of 2 MB
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bench.run import _run_measured

_VOCABULARY = (
    "the government said on monday that talks with officials of the northern province would "
    "resume after the summit where leaders agreed to cut tariffs and expand trade while critics "
    "warned that the deal could raise prices for farmers and workers in the coastal cities"
)
_NAMES = ["Seoul", "Hanoi", "Kim", "Biden", "Reuters", "U.S.", "Mr. Lee", "Jan. 5", "No. 2"]


def _sentences(rng: random.Random) -> Iterator[str]:
    """Endless news-like sentences of 8 to 30 words, with capitals and abbreviations."""
    while True:
        words = rng.choices(_VOCABULARY.split(), k=rng.randint(8, 30))
        words[rng.randrange(len(words))] = rng.choice(_NAMES)
        sentence = " ".join(words)
        yield sentence[0].upper() + sentence[1:] + rng.choice(".....?!")


def _write(path: Path, size: int, piece: Callable[[Iterator[str], random.Random], str]) -> None:
    rng = random.Random(0)
    sentences = _sentences(rng)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("A very large file for the benchmark of qa index\n\n")
        while written < size:
            text = piece(sentences, rng)
            out.write(text)
            written += len(text)


def article(sentences: Iterator[str], rng: random.Random) -> str:
    """A paragraph of 2 to 8 sentences and a blank line."""
    return " ".join(next(sentences) for _ in range(rng.randint(2, 8))) + "\n\n"


def single_line(sentences: Iterator[str], rng: random.Random) -> str:
    """Sentences on one line, never a line break."""
    return next(sentences) + " "


def short_line(sentences: Iterator[str], rng: random.Random) -> str:
    """A line of one to five words (about 18 characters)."""
    return " ".join(next(sentences).split()[: rng.randint(1, 5)]) + "\n"


FILES = {
    "article-50mb": (50_000_000, article),
    "line-10mb": (10_000_000, single_line),
    "million-lines": (17_750_000, short_line),  # ~1,000,000 lines of ~18 characters
}


def _stages(path: Path) -> None:
    """In this process: CPU seconds of each step before embedding, and the peak memory."""
    import resource

    from qa.index.chunk import ChunkSettings, chunk_text
    from qa.index.documents import read_documents
    from qa.index.embed import count_tokens
    from qa.index.sentences import sentence_spans

    count_tokens("warm up")
    started = time.process_time()
    (document,), _ = read_documents([path])
    read = time.process_time()
    sentences = sentence_spans(document.text)
    split = time.process_time()
    chunks = chunk_text(document.text, settings=ChunkSettings(), count_tokens=count_tokens)
    chunked = time.process_time()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"read+clean {read - started:6.1f} s, sentences {split - read:6.1f} s "
        f"({len(sentences):,}), chunks {chunked - split:6.1f} s ({len(chunks):,}) CPU; "
        f"peak {peak_mb:5.0f} MB"
    )


def main(names: list[str], *, stages_mb: float | None = None) -> None:
    """Index each file with ``qa index``, or with ``stages_mb`` time the steps before embedding
    on a file of that size (CPU seconds, so that a busy machine does not change them)."""
    with tempfile.TemporaryDirectory(prefix="qa-big-") as folder:
        root = Path(folder)
        for name in names or FILES:
            size, piece = FILES[name]
            if stages_mb is not None:
                size = int(stages_mb * 1_000_000)
            articles = root / name
            articles.mkdir()
            path = articles / f"{name}.txt"
            _write(path, size, piece)
            lines = sum(1 for _ in path.open("rb"))
            label = f"{name:14} {path.stat().st_size / 1e6:5.1f} MB {lines:>9,} lines:"
            if stages_mb is not None:
                stages = [sys.executable, "-m", "bench.big_files", "--child", str(path)]
                print(label, end=" ", flush=True)
                subprocess.run(stages, check=True)
                continue
            command = [
                sys.executable,
                "-c",
                "import sys; from qa.cli import main; main(sys.argv[1:])",
            ]
            command += ["index", "--quiet", "--index", str(root / f"{name}-index"), str(articles)]
            seconds, peak_mb = _run_measured(command)
            print(f"{label} qa index {seconds:7.1f} s, peak {peak_mb:6.0f} MB", flush=True)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[:1] == ["--child"]:
        _stages(Path(arguments[1]))
    elif arguments[:1] == ["--stages"]:
        main(arguments[2:], stages_mb=float(arguments[1]))
    else:
        main(arguments)
