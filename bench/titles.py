"""Count the titles read from plain-text articles that match their export's own titles.

    python -m bench.titles ../shared/eval/news-2023/articles ../shared/eval/news-2023/articles.jsonl

The folder holds one ``ID.txt`` per record of the JSON Lines export (as news-2023 does); a title
counts when the one qa reads from the text equals the record's ``title``. Prints the count and,
with ``--show N``, N titles that differ; asserts nothing. The data is only read.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from qa.index.documents import read_documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("export", type=Path)
    parser.add_argument("--show", type=int, default=0, help="print this many differing titles")
    arguments = parser.parse_args()
    with arguments.export.open(encoding="utf-8") as handle:
        titles = {record["id"]: record["title"] for record in map(json.loads, handle)}
    documents, _ = read_documents([arguments.folder])
    differ = [
        (document.metadata.title, titles[Path(document.doc_id).stem])
        for document in documents
        if Path(document.doc_id).stem in titles
        and document.metadata.title != titles[Path(document.doc_id).stem]
    ]
    print(f"articles {len(documents)}, titles as in the export {len(documents) - len(differ)}")
    for read, expected in differ[: arguments.show]:
        print(f"  {read[:70]!r} vs {expected[:70]!r}")


if __name__ == "__main__":
    main()
