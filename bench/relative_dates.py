"""Relative dates resolved in a fixed sample of news-2023 sentences, and their precision.

``python -m bench.relative_dates`` prints each sampled resolution for checking by hand;
``python -m bench.relative_dates --score`` prints the precision of the verdicts kept in
``bench/relative_dates_verdicts.tsv`` (article id, offsets of the words in the article's
``text`` field, ``right``, ``wrong`` or ``unclear``; no article text is stored). The sample is
the same on every run: sentences of dated articles holding a relative date, shuffled with a
fixed seed.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from qa.index.sentences import sentence_spans
from qa.relative_dates import RelativeDate, annotate, resolve_relative_dates

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "eval" / "news-2023" / "articles.jsonl"
VERDICTS = Path(__file__).with_name("relative_dates_verdicts.tsv")
SAMPLE = 60
SEED = 12


def sample(path: Path = ARTICLES) -> Iterator[tuple[str, date, int, str, list[RelativeDate]]]:
    """``(article id, date, sentence offset, sentence, resolutions)`` of the fixed sample."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        if not article.get("date"):
            continue
        published = date.fromisoformat(article["date"][:10])
        text = article["text"]
        for start, end in sentence_spans(text):
            resolved = resolve_relative_dates(text[start:end], published=published)
            if resolved:
                found.append((article["id"], published, start, text[start:end], resolved))
    found.sort(key=lambda item: (item[0], item[2]))
    random.Random(SEED).shuffle(found)
    yield from found[:SAMPLE]


def main() -> None:
    if "--score" in sys.argv:
        rows = [line.split("\t") for line in VERDICTS.read_text().splitlines() if line.strip()]
        right = sum(row[3] == "right" for row in rows)
        judged = sum(row[3] in ("right", "wrong") for row in rows)
        print(
            f"{len(rows)} resolutions checked by hand ({len(rows) - judged} unclear): "
            f"{right} of {judged} right, precision {right / judged:.3f}"
        )
        return
    for doc_id, published, offset, sentence, resolved in sample():
        print(f"== {doc_id} published {published} ({published:%A})")
        print(f"   {annotate(sentence, resolved)}")
        for relative in resolved:
            start, end = offset + relative.start, offset + relative.end
            print(f"   -> {doc_id}\t{start}\t{end}\t{relative.text!r} = {relative.label}")


if __name__ == "__main__":
    main()
