"""Five articles of one story with dates (one undated), and a real index of them."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_dates

ARTICLES = {
    "june.txt": (
        "2022-06-14",
        "Workers strike at the Lakeside water plant\n\n"
        "The strike at the Lakeside water plant began this week when two hundred workers walked "
        "out over wages.\nUnion leader Mara Quill said the workers at the Lakeside water plant "
        "would stay out until the city raised their pay.\n",
    ),
    "november.txt": (
        "2022-11-20",
        "Lakeside water plant strike ends\n\n"
        "The Lakeside water plant strike ended on Saturday after the workers accepted a raise "
        "of nine percent, union leader Mara Quill said.\nThe plant returns to full service "
        "next week, the city said in a statement on Sunday.\n",
    ),
    "january.txt": (
        "2023-01-03",
        "Lakeside water plant workers walk out again\n\n"
        "The Lakeside water plant strike resumed on Monday as workers walked out again over "
        "their pensions, union leader Mara Quill said.\nThe city said the water supply was "
        "safe while the strike at the plant lasts.\n",
    ),
    "march.txt": (
        "2023-03-01",
        "Lakeside water plant strike settled\n\n"
        "The Lakeside water plant strike was settled for good on Tuesday with a pension deal "
        "that union leader Mara Quill called fair.\nWorkers at the Lakeside water plant "
        "returned to their posts the same evening.\n",
    ),
    "history.txt": (
        None,
        "A history of the Lakeside water plant\n\n"
        "The Lakeside water plant was built in 1961 on the north shore of the lake and serves "
        "forty thousand homes.\nIts filters were replaced in 1998 after a long dispute with "
        "the state about the cost of the work.\n",
    ),
}
BEFORE_MARCH = "2023-01-05"
"""A day after the January article and before the March one."""


def build_dated_index(folder: Path) -> Path:
    """Write the articles to ``folder/articles``, index them in ``folder/index`` with their
    dates, and return the index folder."""
    from qa.index.build import build_index

    articles = folder / "articles"
    articles.mkdir()
    for name, (_, text) in ARTICLES.items():
        (articles / name).write_text(text, encoding="utf-8")
    index_dir = folder / "index"
    build_index([articles], index_dir=index_dir)
    write_dates(index_dir, {name: day for name, (day, _) in ARTICLES.items()})
    return index_dir
