"""``qa index`` killed with SIGKILL at named points of an update (``tests/pause.py``): after
each kill the committed index answers, and the next run finishes and removes the leftovers.

The suite kills at two points; ``QA_FUZZ=1`` (``make fuzz``) at every point, on updates and on
``--rebuild``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa.index.build import build_index
from qa.index.manifest import read_manifest
from qa.retrieve import Retriever
from tests.conftest import ROOT, SEEDS, SMALL_SEEDS
from tests.faults import NEW_ARTICLE, committed_files, index_files

QUICK_POINTS = {
    "qa.index.build:write_manifest": "everything written, not committed",
    "qa.index.build:remove_unused#2": "committed, the old generation not yet removed",
}
MORE_POINTS = {
    "qa.index.build:_copy_database": "before copying the database",
    "qa.index.embed:OnnxEmbedder.encode_with_spans": "before embedding",
    "qa.index.vectors:VectorIndex.save": "database written, vectors not",
    "qa.index.manifest:os.replace": "new manifest written beside the old, not renamed",
}
FUZZ = os.environ.get("QA_FUZZ") == "1"
POINTS = {**QUICK_POINTS, **MORE_POINTS} if FUZZ else QUICK_POINTS
KILL_DEADLINE_SECONDS = 120


def _qa(
    *arguments: str,
    pause: str | None = None,
    marker: Path | None = None,
    constants: tuple[str, ...] = (),
) -> subprocess.Popen:
    if pause:
        settings = [f"--set={assignment}" for assignment in constants]
        command = [sys.executable, "-m", "tests.pause", *settings, pause, str(marker)]
    else:
        command = [str(Path(sys.executable).parent / "qa")]
    return subprocess.Popen(
        [*command, *arguments],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill_at(point: str, marker: Path, *arguments: str, constants: tuple[str, ...] = ()) -> None:
    """Run ``qa`` until it pauses at ``point``, then SIGKILL it."""
    process = _qa(*arguments, pause=point, marker=marker, constants=constants)
    deadline = time.monotonic() + KILL_DEADLINE_SECONDS
    while not marker.exists():  # poll for the marker; no fixed sleep decides anything
        if process.poll() is not None:
            pytest.fail(f"qa finished without reaching {point}: {process.communicate()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"qa did not reach {point}")
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate()


@pytest.mark.parametrize(
    "rebuild", [False, True][: 2 if FUZZ else 1], ids=["update", "rebuild"][: 2 if FUZZ else 1]
)
@pytest.mark.parametrize("point", list(POINTS), ids=list(POINTS.values()))
def test_a_killed_index_run_leaves_an_index_that_answers_and_a_next_run_cleans_up(
    small_index: Path, point: str, rebuild: bool
) -> None:
    if rebuild and point == "qa.index.build:_copy_database":
        pytest.skip("a rebuild copies no database")
    articles = small_index.parent / "articles"
    (articles / "lanterns.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    before = read_manifest(small_index)
    flags = ["--rebuild"] if rebuild else []
    marker = small_index.parent / "paused"
    _kill_at(point, marker, "index", "--quiet", *flags, "--index", str(small_index), str(articles))

    after = read_manifest(small_index)
    assert after.commit == before.commit or point == "qa.index.build:remove_unused#2"
    retriever = Retriever.open(small_index)
    assert retriever.ask("What did Jake Sullivan say about North Korea?").passages
    retriever.close()

    report = build_index([articles], index_dir=small_index)
    assert read_manifest(small_index).documents == before.documents + 1
    assert report.changed == (after.commit == before.commit)
    assert index_files(small_index) == committed_files(small_index)


def test_a_build_killed_after_its_first_group_is_resumed_by_the_next_run(
    small_index: Path,
) -> None:
    from qa.index.resume import RESUME_NAME

    articles = small_index.parent / "articles"
    for path in sorted(name for name in SEEDS.glob("*.txt") if name.name not in SMALL_SEEDS)[:2]:
        shutil.copy(path, articles / path.name)
    before = read_manifest(small_index)
    group = 4
    _kill_at(
        "qa.index.resume:ResumeCache.save#2",  # the first group saved, the second embedded
        small_index.parent / "paused",
        *("index", "--quiet", "--index", str(small_index), str(articles)),
        constants=(f"qa.index.build:EMBED_GROUP={group}",),
    )
    assert read_manifest(small_index) == before and (small_index / RESUME_NAME).exists()
    retriever = Retriever.open(small_index)
    assert retriever.ask("What did Jake Sullivan say about North Korea?").passages
    retriever.close()

    report = build_index([articles], index_dir=small_index)
    added = report.chunks - before.chunks
    assert report.added == 2 and added > 2 * group
    assert report.chunks_embedded == added - group
    assert index_files(small_index) == committed_files(small_index)


def test_a_second_writer_says_what_it_waits_for(small_index: Path) -> None:
    from filelock import FileLock

    articles = small_index.parent / "articles"
    (articles / "lanterns.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    with FileLock(small_index / ".lock"):
        process = _qa("index", "--quiet", "--index", str(small_index), str(articles))
        assert process.stderr is not None
        line = process.stderr.readline()
    output, errors = process.communicate()
    assert line.startswith(f"Waiting for another `qa index` to finish writing {small_index}")
    assert process.returncode == 0, errors
    assert output.startswith("1 added")
