"""A source opened after its article changed: on disk (not yet indexed again) or re-indexed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Static

from qa import Citation
from qa.index.build import build_index
from qa.tui.app import make_app
from qa.tui.screens.article import ArticleScreen
from qa.tui.widgets.answer_bubble import AnswerBubble
from qa.tui.widgets.notice import Notice
from tests.tui.conftest import ask, settle
from tests.tui.test_real import SIZE, highlighted, text_of

pytestmark = pytest.mark.anyio

QUESTION = "How was the Kyungnam University survey conducted?"
INSERTED = "An editor's note was added above the story.\n\nIt runs to two lines of new text.\n\n"


def _insert_above(path: Path, citation: Citation) -> None:
    path.write_text(INSERTED + path.read_text(encoding="utf-8"), encoding="utf-8")


def _rewrite_sentence(path: Path, citation: Citation) -> None:
    text = path.read_text(encoding="utf-8")
    assert citation.sentence in text
    path.write_text(text.replace(citation.sentence, "This sentence was rewritten."))


Check = Callable[[ArticleScreen, Citation], None]


async def _open_after(
    small_index: Path, change: Callable[[Path, Citation], None], *, reindex: bool, check: Check
) -> None:
    """Ask, change the first cited article's file (and index it again), open that source and
    ``check`` the article screen while the app runs."""
    app = make_app(small_index)
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, QUESTION)
        citation = app.screen.query_one(AnswerBubble).answer.citations[0]
        path = Path(citation.path)
        change(path, citation)
        if reindex:
            build_index([path.parent], index_dir=small_index)
        await pilot.press("escape", "1")
        await settle(pilot)
        article = app.screen
        assert isinstance(article, ArticleScreen)
        check(article, citation)


async def test_a_file_changed_on_disk_shows_the_indexed_version_and_says_so(
    small_index: Path,
) -> None:
    def check(article: ArticleScreen, citation: Citation) -> None:
        notice = text_of(article.query_one("#article-notice", Notice))
        assert "file has changed since it was indexed" in notice
        cited = article.query_one("#cited", Static)
        assert highlighted(cited) == " ".join(citation.sentence.split())

    await _open_after(small_index, _insert_above, reindex=False, check=check)


async def test_a_re_indexed_article_highlights_the_cited_sentence_where_it_now_is(
    small_index: Path,
) -> None:
    def check(article: ArticleScreen, citation: Citation) -> None:
        notice = text_of(article.query_one("#article-notice", Notice))
        assert "indexed again since the answer" in notice
        assert "changed since it was indexed" not in notice  # the file is what was indexed
        cited = article.query_one("#cited", Static)
        assert highlighted(cited) == " ".join(citation.sentence.split())
        title = text_of(article.query_one("#article-title", Static))
        assert f":{citation.line + 4}" in title

    await _open_after(small_index, _insert_above, reindex=True, check=check)


async def test_a_re_indexed_article_without_the_sentence_shows_the_passage_as_cited(
    small_index: Path,
) -> None:
    def check(article: ArticleScreen, citation: Citation) -> None:
        notice = text_of(article.query_one("#article-notice", Notice))
        assert "no longer holds the cited sentence" in notice
        cited = article.query_one("#cited", Static)
        assert highlighted(cited) == " ".join(citation.sentence.split())
        assert "as-cited" in cited.classes

    await _open_after(small_index, _rewrite_sentence, reindex=True, check=check)
