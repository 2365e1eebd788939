"""Set the dates of a ``qa index`` of news-2023's ``articles/*.txt`` from ``articles.jsonl``.

``python -m bench.news_dates INDEX [ARTICLES.jsonl]``: for measuring date-aware retrieval on an
index whose files carry no dates of their own (each ``<id>.txt`` gets its record's ``date``).
Adds the ``date`` column when the index predates it.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

from index.manifest import read_manifest

ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "news-2023" / "articles.jsonl"


def main() -> None:
    index_dir = Path(sys.argv[1])
    articles = Path(sys.argv[2]) if len(sys.argv) > 2 else ARTICLES
    dates = {}
    for line in articles.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        dates[f"{record['id']}.txt"] = record.get("date")
    connection = sqlite3.connect(index_dir / read_manifest(index_dir).database)
    with connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(documents)")}
        if "date" not in columns:
            connection.execute("ALTER TABLE documents ADD COLUMN date TEXT")
        connection.executemany(
            "UPDATE documents SET date = ? WHERE doc_id = ?",
            [(day, doc_id) for doc_id, day in dates.items()],
        )
        dated = connection.execute("SELECT count(*) FROM documents WHERE date IS NOT NULL")
        print(f"{dated.fetchone()[0]} documents dated in {index_dir}")
    connection.close()


if __name__ == "__main__":
    main()
