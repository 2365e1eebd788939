"""Answer quality on the report part of each developer set, this code and a reference side by side.

``python -m bench.answers --news IDX --squad IDX --seeds IDX [--before REF] [--follow-ups-only]``

The indexes are built beforehand (``make calibrate`` builds them under ``$(CALIBRATE_DIR)``).
Questions are the ``report`` part of each set (``qa.splits``; SQuAD: 400 of them): the news quiz
with the on-topic unanswerable questions of ``tests/golden/news-unanswerable.jsonl``, the SQuAD
articles, the seeds golden set, and the two-turn conversations ``tests/golden/conversations-*``
(asked as of their ``asked_on`` day when they have one).
Each code version (the working tree, and ``git archive REF`` when ``--before`` is given) runs in
its own process on the same question files; the table prints both columns. Prints numbers,
asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
SHARED = ROOT.parent / "shared" / "eval"
SQUAD_LIMIT = 400

ROWS = (
    ("answer in response", "answer_in_response"),
    ("source hit@1", "source_hit_1"),
    ("short answer shown", "short_coverage"),
    ("short answer right", "short_precision"),
    ("follow-up success", "follow_up"),
    ("on-topic unanswerable refused", "abstention"),
    ("false abstention", "false_abstention"),
    ("warm p50 ms", "latency_p50_ms"),
    ("warm p95 ms", "latency_p95_ms"),
)


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def report_files(folder: Path) -> dict[str, dict[str, str]]:
    """Write the report part of every set into ``folder``; name -> {questions, conversations}."""
    from dataclasses import asdict

    from qa.evaluate import EvalQuestion, load_questions
    from qa.splits import part_of, select

    def questions(*paths: Path, limit: int | None = None) -> list[dict]:
        rows = []
        for path in paths:
            rows.extend(asdict(q) for q in select(load_questions(path), "report", limit=limit))
        return rows

    def conversations(name: str) -> list[dict]:
        path = GOLDEN / f"conversations-{name}.jsonl"
        rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        return [
            row
            for row in rows
            if part_of(EvalQuestion(row["id"], "", (), tuple(row["sources"]), "")) == "report"
        ]

    sets = {
        "news": questions(SHARED / "news-2023/questions.jsonl", GOLDEN / "news-unanswerable.jsonl"),
        "squad": questions(SHARED / "squad-dev-a/questions.jsonl", limit=SQUAD_LIMIT),
        "seeds": questions(GOLDEN / "seeds.jsonl"),
    }
    files = {}
    for name, rows in sets.items():
        files[name] = {
            "questions": str(_write(folder / f"{name}.jsonl", rows)),
            "conversations": str(
                _write(folder / f"{name}-conversations.jsonl", conversations(name))
            ),
        }
    return files


def measure(
    index: str, questions: str, conversations: str, *, follow_ups_only: bool = False
) -> dict[str, float]:
    """Run in the code version under test: every metric of ``ROWS`` for one set (only the
    follow-ups when ``follow_ups_only``)."""
    from qa.conversation import Conversation
    from qa.evaluate import evaluate, load_questions
    from qa.retrieve import Retriever

    retriever = Retriever.open(index)
    loaded = load_questions(Path(questions))
    retriever.ask(loaded[0].question)
    result: dict[str, float] = {"questions": 0}
    if not follow_ups_only:
        report = evaluate(retriever, loaded, mode="hybrid", k=10)
        result = {key: getattr(report, key, float("nan")) for _, key in ROWS if key != "follow_up"}
        result["questions"] = report.questions
        if report.unanswerable == 0:
            result["abstention"] = float("nan")
    rows = [json.loads(line) for line in Path(conversations).read_text().splitlines() if line]
    hits = []
    for row in rows:
        chat = Conversation(retriever, as_of=row.get("asked_on"))  # None: today
        chat.ask(row["turns"][0])
        answer = chat.ask(row["turns"][1])
        text = answer.text.lower()
        hits.append(not answer.abstained and any(a.lower() in text for a in row["answers"]))
    result["follow_up"] = statistics.fmean(hits) if hits else float("nan")
    result["follow_up_count"] = len(hits)
    return result


def _importable(root: Path, folder: Path) -> Path:
    """A tree in ``folder`` where ``qa``, ``qa.index`` and ``qa.tui`` are ``root``'s folders, as
    the installed package lays them out (an editable install would map them to this checkout)."""
    package = folder / "qa"
    package.mkdir(parents=True)
    for item in (root / "qa").iterdir():
        (package / item.name).symlink_to(item)
    for name in ("index", "tui"):
        (package / name).symlink_to(root / name)
    return folder


def _run(root: Path, spec: dict) -> dict:
    env = {**os.environ, "PYTHONPATH": spec.pop("path"), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        # Run as a script from the version's own folder, so that its ``qa`` is the one imported.
        [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    """Parse arguments; as parent write the files and print the table, as child measure."""
    parser = argparse.ArgumentParser(prog="python -m bench.answers")
    parser.add_argument("--news")
    parser.add_argument("--squad")
    parser.add_argument("--seeds")
    parser.add_argument("--before", help="a git ref to compare with (e.g. main)")
    parser.add_argument(
        "--follow-ups-only", action="store_true", help="measure only the conversations"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        spec = json.loads(args.child)
        measured = measure(
            spec["index"],
            spec["questions"],
            spec["conversations"],
            follow_ups_only=spec["follow_ups_only"],
        )
        print(json.dumps(measured))
        return
    indexes = {"news": args.news, "squad": args.squad, "seeds": args.seeds}
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        files = report_files(folder)
        roots = {"this": ROOT}
        if args.before:
            before = folder / "before"
            before.mkdir()
            archive = subprocess.run(
                ["git", "archive", args.before], cwd=ROOT, capture_output=True, check=True
            )
            subprocess.run(["tar", "-x", "-C", str(before)], input=archive.stdout, check=True)
            roots = {args.before: before, "this": ROOT}
        paths = {
            label: str(_importable(root, folder / "import" / str(number)))
            for number, (label, root) in enumerate(roots.items())
        }
        results: dict[str, dict[str, dict]] = {}
        for name, index in indexes.items():
            if not index:
                continue
            for label, root in roots.items():
                started = time.perf_counter()
                spec = {
                    "index": index,
                    "path": paths[label],
                    "follow_ups_only": args.follow_ups_only,
                    **files[name],
                }
                results.setdefault(name, {})[label] = _run(root, spec)
                print(f"{name} / {label}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    labels = list(roots)
    header = "| measured on the report part |" + "".join(
        f" {name} {label} |" for name in results for label in labels
    )
    print(header)
    print("|---|" + "---|" * (len(results) * len(labels)))
    for title, key in ROWS:
        cells = "".join(
            f" {_cell(results[name][label].get(key))} |" for name in results for label in labels
        )
        print(f"| {title} |{cells}")
    counts = {
        name: (row[labels[-1]]["questions"], row[labels[-1]]["follow_up_count"])
        for name, row in results.items()
    }
    print("\nquestions, conversations per set:", counts)


def _cell(value: float | None) -> str:
    if value is None or value != value:
        return "-"
    return f"{value:.1f}" if value > 1.5 else f"{value:.3f}"


if __name__ == "__main__":
    main()
