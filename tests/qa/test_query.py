import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.index.store import Store
from qa.query import MAX_TERMS, fts_query, keyword_terms, rarest_terms
from tests.conftest import ROOT, chunk_store


@pytest.fixture(scope="module")
def db() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.execute(
        "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='porter unicode61 remove_diacritics 2')"
    )
    connection.executemany(
        "INSERT INTO t(rowid, body) VALUES (?, ?)",
        [
            (1, "Trump and Kim met at the Sofitel Legend Metropole in Hanoi."),
            (2, "The SMA talks stalled; support fell to 58% in poll No. 2."),
            (3, "김정은 위원장은 판문점에서 만났다. 北韩 领导人"),
            (4, "He said NOT to go near the café."),
        ],
    )
    return connection


def search(db: sqlite3.Connection, text: str) -> list[int]:
    query = fts_query(text)
    if query is None:
        return []
    return [row[0] for row in db.execute("SELECT rowid FROM t WHERE t MATCH ?", (query,))]


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_any_text_is_a_valid_match_expression(db: sqlite3.Connection, text: str) -> None:
    search(db, text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                '"',
                "AND",
                "OR",
                "NOT",
                "NEAR",
                "*",
                "-",
                ":",
                "^",
                "(",
                ")",
                "+",
                "{",
                "}",
                "NEAR(",
                "'",
                "🙂",
                "x",
                " ",
            ]
        )
    ).map("".join)
)
def test_fts5_syntax_soup_is_a_valid_match_expression(db: sqlite3.Connection, text: str) -> None:
    search(db, text)


@pytest.mark.parametrize(
    ("text", "rowids"),
    [
        ("Sofitel", [1]),
        ("SMA", [2]),
        ("58%", [2]),
        ("No. 2", [2]),
        ("김정은", [3]),
        ("北韩", [3]),
        ("Where did Trump meet?", [1]),
        ("cafe", [4]),
    ],
)
def test_finds_examples(db: sqlite3.Connection, text: str, rowids: list[int]) -> None:
    assert search(db, text) == rowids


def test_operators_and_quotes_are_plain_words(db: sqlite3.Connection) -> None:
    assert fts_query('he said "NOT" (AND) NEAR*') == '"said" OR "near"'
    assert search(db, 'he said "NOT" (AND) NEAR*') == [4]


@pytest.mark.parametrize("text", ["", "   ", "🙂🚀", "What did he do?", "the of and", "***"])
def test_nothing_to_search_gives_none(text: str) -> None:
    assert fts_query(text) is None


def test_terms_are_lowercase_deduplicated_and_capped() -> None:
    assert keyword_terms("Kim KIM kim, Moon's U.S. policy") == ["kim", "moon", "policy"]
    assert len(keyword_terms(" ".join(f"word{n}" for n in range(100)))) == MAX_TERMS


def test_quotes_inside_terms_are_doubled() -> None:
    assert all(term.count('"') == 0 for term in keyword_terms('a"b "c" d""e'))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """40 chunks: "korea" in every one, "summit(s)" in four, "hanoi" in one."""
    texts = [f"North Korea report number {n}." for n in range(36)]
    texts += [f"The Korea summit {n} was planned." for n in range(3)]
    texts += ["Korea summits: the meeting was held in Hanoi."]
    return chunk_store(tmp_path_factory.mktemp("store") / "index.db", texts)


def test_rarest_terms_fit_the_budget_in_question_order() -> None:
    counts = {"north": 900, "kim": 3, "korea": 800, "summit": 40}
    terms = list(counts)
    assert rarest_terms(terms, counts, budget=100) == ["kim", "summit"]
    assert rarest_terms(terms, counts, budget=10_000) == terms
    assert rarest_terms(terms, counts, budget=0) == ["kim"]
    assert rarest_terms(["a", "b"], {"a": 50, "b": 50}, budget=10) == ["a"]


def test_common_terms_are_dropped_when_over_the_budget(store: Store) -> None:
    question = "Was the Korea summit held in Hanoi, North Korea?"
    assert fts_query(question) == '"korea" OR "summit" OR "held" OR "hanoi" OR "north"'
    bounded = fts_query(question, counts=store.match_counts, budget=10)
    assert bounded == '"summit" OR "held" OR "hanoi"'
    assert fts_query(question, counts=store.match_counts) == fts_query(question)
    assert fts_query("North Korea", counts=store.match_counts, budget=10) == '"north"'


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_bounded_queries_of_any_text_are_valid(store: Store, text: str) -> None:
    query = fts_query(text, counts=store.match_counts, budget=1)
    if query is not None:
        store.keyword_search(query, limit=5)


def test_nothing_is_dropped_on_the_seeds(seeds_index: Path) -> None:
    from qa.index.manifest import read_manifest
    from qa.index.store import connect

    seeds = Store(connect(seeds_index / read_manifest(seeds_index).database, read_only=True))
    golden = ROOT / "tests" / "golden" / "seeds.jsonl"
    for line in golden.read_text(encoding="utf-8").splitlines():
        question = json.loads(line)["question"]
        assert fts_query(question, counts=seeds.match_counts) == fts_query(question)
