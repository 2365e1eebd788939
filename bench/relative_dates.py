"""Relative dates resolved in a fixed sample of news-2023 sentences, and their precision.

``python -m bench.relative_dates`` prints each sampled resolution for checking by hand;
``python -m bench.relative_dates --score`` prints the precision of the verdicts kept in
``bench/relative_dates_verdicts.tsv`` (article id, offsets of the words in the article's
``text`` field, the day they were resolved to, ``right``, ``wrong`` or ``unclear``; no article
text is stored), resolving each judged sentence again with today's rules: a resolution that now
differs from the one judged is listed to be judged again, not counted. The sample is the same on
every run while the rules find the same sentences: sentences of dated articles holding a
relative date, shuffled with a fixed seed.
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


def dated_articles(path: Path = ARTICLES) -> Iterator[tuple[str, date, str]]:
    """``(article id, date, text)`` of every dated article."""
    for line in path.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        if article.get("date"):
            yield article["id"], date.fromisoformat(article["date"][:10]), article["text"]


def sample(path: Path = ARTICLES) -> Iterator[tuple[str, date, int, str, list[RelativeDate]]]:
    """``(article id, date, sentence offset, sentence, resolutions)`` of the fixed sample."""
    found = []
    for doc_id, published, text in dated_articles(path):
        for start, end in sentence_spans(text):
            resolved = resolve_relative_dates(text[start:end], published=published)
            if resolved:
                found.append((doc_id, published, start, text[start:end], resolved))
    found.sort(key=lambda item: (item[0], item[2]))
    random.Random(SEED).shuffle(found)
    yield from found[:SAMPLE]


def resolved_now(doc_id: str, start: int, end: int, articles: dict[str, tuple[date, str]]) -> str:
    """The label today's rules give the words at ``[start, end)`` of an article, or ``-``."""
    published, text = articles[doc_id]
    for first, last in sentence_spans(text):
        if first <= start < last:
            for relative in resolve_relative_dates(text[first:last], published=published):
                if (first + relative.start, first + relative.end) == (start, end):
                    return relative.label
    return "-"


def score() -> None:
    """Print the precision of the verdicts whose resolution today's rules still give."""
    rows = [line.split("\t") for line in VERDICTS.read_text().splitlines() if line.strip()]
    wanted = {row[0] for row in rows}
    articles = {
        doc_id: (published, text)
        for doc_id, published, text in dated_articles()
        if doc_id in wanted
    }
    current, changed = [], []
    for doc_id, start, end, label, verdict in rows:
        now = resolved_now(doc_id, int(start), int(end), articles)
        (current if now == label else changed).append((doc_id, start, end, label, now, verdict))
    right = sum(row[5] == "right" for row in current)
    judged = sum(row[5] in ("right", "wrong") for row in current)
    print(
        f"{len(current)} resolutions checked by hand ({len(current) - judged} unclear): "
        f"{right} of {judged} right, precision {right / judged:.3f}"
    )
    for doc_id, start, end, label, now, verdict in changed:
        print(f"   judge again: {doc_id}\t{start}\t{end}\twas {label} ({verdict}), now {now}")


def main() -> None:
    if "--score" in sys.argv:
        score()
        return
    for doc_id, published, offset, sentence, resolved in sample():
        print(f"== {doc_id} published {published} ({published:%A})")
        print(f"   {annotate(sentence, resolved)}")
        for relative in resolved:
            start, end = offset + relative.start, offset + relative.end
            print(f"   -> {doc_id}\t{start}\t{end}\t{relative.text!r} = {relative.label}")


if __name__ == "__main__":
    main()
