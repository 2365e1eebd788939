"""Set the dates of a ``qa index`` of news-2023's ``articles/*.txt`` from ``articles.jsonl``.

``python -m bench.news_dates INDEX [ARTICLES.jsonl]``: for measuring date-aware retrieval on an
index whose files carry no dates of their own (each ``<id>.txt`` gets its record's ``date``).
Adds the ``date`` column when the index predates it (``tests.conftest.write_dates``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.conftest import write_dates

ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "news-2023" / "articles.jsonl"


def main() -> None:
    index_dir = Path(sys.argv[1])
    articles = Path(sys.argv[2]) if len(sys.argv) > 2 else ARTICLES
    dates = {}
    for line in articles.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        dates[f"{record['id']}.txt"] = record.get("date")
    write_dates(index_dir, dates)
    print(f"{sum(day is not None for day in dates.values())} articles dated in {index_dir}")


if __name__ == "__main__":
    main()
