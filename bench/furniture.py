"""Count page furniture left after cleaning, and show what cleaning drops, on a real collection.

    python -m bench.furniture ../shared/eval/news-2023/articles.jsonl
    python -m bench.furniture ../shared/eval/news-2023/articles --show-dropped 30

Furniture is counted by the patterns below: ad prompts, player notices, newsletter and
subscription promos, social follow lines, update notes and bare datelines seen in news-2023. They
measure; cleaning does not use them (it learns each site's repeated lines, ``SiteFurniture``).
``--show-dropped N`` prints, for N articles drawn at random (seed 11), every line cleaning
dropped, to check by eye that no sentence of the body is lost. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

from qa.index.clean import split_lines
from qa.index.documents import read_documents

FURNITURE = {
    "ad prompt": r"how relevant is this ad|^advertisement$",
    "video player": r"video player (?:was slow|is loading)|^video ad feedback$",
    "newsletter/subscribe": r"sign up for .{0,60}newsletter|^subscribe to |^just for subscribers"
    r"|support local journalism|newsletter now",
    "follow us": r"^follow (?:every game|us|usa today|[a-z. ]{3,40} on (?:twitter|facebook))",
    "update note": r"^this story has been updated",
    "bare dateline": r"^[A-Z][\w.,' ]{0,40}\bCNN(?: Business)? —$|^CNN —$",
    "wire/app promo": r"^from usa today network|^contributing: |^podcasts:|^things to do app"
    r"|^learn more: ",
}
_PATTERNS = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in FURNITURE.items()}


def count(paths: list[Path]) -> None:
    documents, _ = read_documents(paths)
    found: Counter[str] = Counter()
    articles: Counter[str] = Counter()
    for document in documents:
        kinds = set()
        for line in document.text.split("\n"):
            for name, pattern in _PATTERNS.items():
                if pattern.search(line.strip()):
                    found[name] += 1
                    kinds.add(name)
        articles.update(kinds)
    print(f"{len(documents)} articles; furniture lines left after cleaning:")
    for name in FURNITURE:
        print(f"  {name:22} {found[name]:5} lines in {articles[name]:4} articles")
    print(f"  {'total':22} {sum(found.values()):5} lines")


def show_dropped(paths: list[Path], samples: int) -> None:
    """Every non-blank line of ``samples`` random plain-text articles that cleaning dropped."""
    documents, _ = read_documents(paths)
    chosen = random.Random(11).sample(documents, min(samples, len(documents)))
    for document in chosen:
        raw = split_lines(Path(document.path).read_text(encoding="utf-8"))
        kept = set(document.line_numbers)
        dropped = [
            f"    {number}: {line.strip()}"
            for number, line in enumerate(raw, start=1)
            if line.strip() and number not in kept
        ]
        print(f"{document.doc_id}: {len(dropped)} dropped")
        print("\n".join(dropped))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--show-dropped", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    if args.show_dropped:
        show_dropped(args.paths, args.show_dropped)
    else:
        count(args.paths)


if __name__ == "__main__":
    main(sys.argv[1:])
