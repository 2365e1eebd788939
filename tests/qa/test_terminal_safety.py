"""Article bytes and file names never drive the terminal: every command prints them inert.

The articles and their file names carry the escapes of issue 14 (OSC 52 writes the clipboard,
OSC 0 sets the window title, OSC 8 links, CSI 2J wipes the screen, DCS, 8-bit C1, bidi
overrides); they are indexed with the real model and asked about through the real CLI.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from qa.cli import cli
from qa.index.sanitize import UNSAFE

CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # base64 of "echo pwned"
TITLE_SET = "\x1b]0;pwned\x07"
LINK = "\x1b]8;;https://evil.example\x1b\\"
ARTICLE = f"""{TITLE_SET}Zeppelin festival in Tallinn draws \u202erecord\u202c crowds to the harbour
By Mari Tamm{CLIPBOARD}

The annual zeppelin festival in Tallinn drew 48,000 visitors this weekend, \x1b[2J\x1b[Horganisers \
said on Sunday after the last airship landed.
Three airships \x9b31mcircled\x1b[0m the old town for two hours while \x1bP1$tx\x1b\\brass bands \
played in the harbour.
Visitors can read the {LINK}full programme\x1b]8;;\x1b\\ on the festival website before the next \
edition in the summer of 2027.
The organisers said that the festival will return with six airships and a night parade next year.
"""
EVIL_NAME = f"zeppelin\x1b[2J\x9b31m\u202etxt.exe{CLIPBOARD}.txt"
SECOND_NAME = f"lighthouse{TITLE_SET}.txt"
SECOND = """Lighthouse keepers of Estonia meet in Pärnu
The lighthouse keepers of Estonia met in Pärnu on Saturday to talk about the old lamps of the coast.
They agreed that the oldest lamp, lit in 1531, should be kept burning for visitors every summer.
"""


def run(*args: str) -> tuple[int, str]:
    """Run ``qa`` as a colour terminal would (Click strips nothing), stdout and stderr together."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False, color=True)
    return result.exit_code, result.output


def assert_inert(output: str) -> None:
    unsafe = sorted({f"U+{ord(char):04X}" for char in output if char in UNSAFE})
    assert not unsafe, f"unsafe characters reach the terminal: {unsafe}"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, model_cache: Path) -> tuple[Path, Path]:
    """(articles folder, index) of the hostile articles, indexed through ``qa index``."""
    articles = tmp_path_factory.mktemp("hostile-articles")
    (articles / EVIL_NAME).write_text(ARTICLE, encoding="utf-8")
    (articles / SECOND_NAME).write_text(SECOND, encoding="utf-8")
    (articles / f"empty{CLIPBOARD}.txt").write_bytes(b"")
    index_dir = tmp_path_factory.mktemp("hostile-index")
    code, output = run("index", "--index", str(index_dir), str(articles))
    assert code == 0, output
    assert_inert(output)
    assert "skipped" in output and "empty␛]52;c;ZWNobyBwd25lZA==␇.txt: empty file" in output
    return articles, index_dir


def test_ask_prints_the_answer_and_its_source_inert(hostile: tuple[Path, Path]) -> None:
    _, index_dir = hostile
    code, output = run(
        "ask", "--index", str(index_dir), "How many visitors did the zeppelin festival draw?"
    )
    assert code == 0
    assert_inert(output)
    assert "48,000 visitors" in output and "organisers said on Sunday" in output
    assert "Zeppelin festival in Tallinn draws record crowds" in output
    assert "zeppelin␛[2J�31m�txt.exe␛]52;c;ZWNobyBwd25lZA==␇.txt:" in output


def test_search_prints_passages_inert(hostile: tuple[Path, Path]) -> None:
    _, index_dir = hostile
    code, output = run("search", "--index", str(index_dir), "-k", "5", "airships brass bands")
    assert code == 0
    assert_inert(output)
    assert "Three airships circled the old town" in output
    assert "full programme on the festival website" in output
    assert "lighthouse␛]0;pwned␇.txt:" in output


def test_json_escapes_file_names_and_stays_exact(hostile: tuple[Path, Path]) -> None:
    articles, index_dir = hostile
    code, output = run("search", "--json", "--index", str(index_dir), "zeppelin festival")
    assert code == 0
    assert_inert(output)
    passages = json.loads(output)["passages"]
    assert EVIL_NAME in {passage["doc_id"] for passage in passages}
    assert str(articles / EVIL_NAME) in {passage["path"] for passage in passages}


def test_info_documents_lists_ids_and_titles_inert(hostile: tuple[Path, Path]) -> None:
    _, index_dir = hostile
    code, output = run("info", "--documents", "--index", str(index_dir))
    assert code == 0
    assert_inert(output)
    assert "Zeppelin festival in Tallinn draws record crowds" in output
    assert "lighthouse␛]0;pwned␇.txt  Lighthouse keepers of Estonia meet in Pärnu" in output


def test_stored_text_is_clean_and_citations_keep_their_lines(hostile: tuple[Path, Path]) -> None:
    from qa.retrieve import Retriever

    articles, index_dir = hostile
    retriever = Retriever.open(index_dir)
    try:
        document = retriever.document(EVIL_NAME)
        answer = retriever.ask("What did the three airships circle?")
    finally:
        retriever.close()
    assert not UNSAFE & set(document.text + document.metadata.title)
    assert document.metadata.byline == "Mari Tamm"
    citation = answer.citations[0]
    assert citation.sentence == document.text[citation.start : citation.end]
    original = (articles / citation.doc_id).read_text(encoding="utf-8").split("\n")
    assert "Three airships" in original[citation.line - 1]


def test_an_error_quoting_a_file_name_is_inert(tmp_path: Path) -> None:
    code, output = run("index", "--index", str(tmp_path / "idx"), str(tmp_path / EVIL_NAME))
    assert code != 0
    assert_inert(output)
    assert "No such file or folder:" in output and "txt.exe␛]52;c;" in output


# What rich itself writes on a terminal: colours and OSC 8 links to the article's file.
_OWN_SEQUENCES = re.compile(
    r"\x1b\[[0-9;]*m|\x1b\]8;[^;\x07\x1b]*;(?:file://[^\x07\x1b]*)?(?:\x1b\\|\x07)"
)


def test_on_a_terminal_only_qa_s_own_colours_and_links_are_sent(hostile: tuple[Path, Path]) -> None:
    _, index_dir = hostile
    result = CliRunner().invoke(
        cli,
        ["ask", "--index", str(index_dir), "How many visitors did the zeppelin festival draw?"],
        env={"TTY_COMPATIBLE": "1", "COLUMNS": "100"},
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    links = re.findall(r"\x1b\]8;[^;\x07\x1b]*;(file://[^\x07\x1b]+)", result.output)
    assert links and all(link.isprintable() and " " not in link for link in links)
    assert_inert(_OWN_SEQUENCES.sub("", result.output))
    assert "48,000" in result.output
