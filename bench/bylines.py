"""Count the bylines that are contact or promo lines, on a real collection.

    python -m bench.bylines ../shared/eval/news-2023/articles.jsonl

A byline counts as contact or promo when it holds a phone number, an @, a "|", or the words
contact, reach, call, follow, e-mail, Twitter or "can be reached" (the pattern below measures;
``qa.index.byline`` does the cleaning). Prints the articles, the bylines, the contact bylines
and, with ``--show N``, N of them; asserts nothing. The data is only read.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from qa.index.documents import read_documents

CONTACT = re.compile(
    r"\d{3}-\d{4}|[@|]|\b(?:contact|reach|call|follow|e-?mail|twitter|can be reached)\b",
    re.IGNORECASE,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--show", type=int, default=0, help="print this many contact bylines")
    arguments = parser.parse_args()
    documents, _ = read_documents(arguments.paths)
    bylines = [document.metadata.byline for document in documents if document.metadata.byline]
    contact = [byline for byline in bylines if CONTACT.search(byline)]
    print(f"articles {len(documents)}, bylines {len(bylines)}, contact or promo {len(contact)}")
    for byline in contact[: arguments.show]:
        print(f"  {byline}")


if __name__ == "__main__":
    main()
