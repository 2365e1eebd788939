"""``qa index`` on a terminal: what the screen shows, read from a pseudo-terminal rendered by a
terminal emulator (pyte), after Ctrl-C while embedding and on the run that resumes."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from qa.cli import cli
from tests.conftest import ROOT, SEEDS

COLUMNS, LINES = 110, 30
DEADLINE_SECONDS = 120
GROUP = 8


def _screen_after_ctrl_c(arguments: list[str], *, pause: str, marker: Path) -> str:
    """Run ``qa ARGUMENTS`` on a pseudo-terminal until it pauses at ``pause``
    (``tests/pause.py``), press Ctrl-C (SIGINT), and return the screen it leaves."""
    import pyte

    primary, secondary = os.openpty()
    command = [sys.executable, "-m", "tests.pause", f"--set=qa.index.build:EMBED_GROUP={GROUP}"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color"}
    env.update(COLUMNS=str(COLUMNS), LINES=str(LINES))
    process = subprocess.Popen(
        [*command, pause, str(marker), *arguments],
        cwd=ROOT,
        env=env,
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
    )
    os.close(secondary)
    output = bytearray()
    interrupted = False
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if not interrupted and marker.exists():
            os.kill(process.pid, signal.SIGINT)
            interrupted = True
        ready, _, _ = select.select([primary], [], [], 0.05)
        if not ready:
            continue
        try:
            data = os.read(primary, 65536)
        except OSError:  # the process closed the terminal
            break
        if not data:
            break
        output += data
    else:
        process.kill()
    os.close(primary)
    assert process.wait(timeout=DEADLINE_SECONDS) == 130
    screen = pyte.Screen(COLUMNS, LINES)
    pyte.ByteStream(screen).feed(bytes(output))
    return "\n".join(line.rstrip() for line in screen.display)


def _shown(text: str, screen: str) -> bool:
    """True when ``text`` is on ``screen``, however the terminal wrapped it."""
    return "".join(text.split()) in "".join(screen.split())


def test_ctrl_c_while_embedding_leaves_a_true_message_on_the_screen_and_the_rerun_reports_the_reuse(
    tmp_path: Path, fast_builds: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir = tmp_path / "index"
    marker = tmp_path / "paused"
    screen = _screen_after_ctrl_c(
        ["index", "--index", str(index_dir), str(SEEDS)],
        # The first group embedded and saved, Ctrl-C while the second one is embedded.
        pause="qa.index.embed:OnnxEmbedder.encode_with_spans#2",
        marker=marker,
    )
    assert "Embedding chunks" in screen  # the progress display was drawn
    assert _shown(f"Interrupted; the index at {index_dir} was left as it was.", screen)
    assert _shown(f"{GROUP} embedded chunks saved", screen)

    import qa.index.build

    monkeypatch.setattr(qa.index.build, "EMBED_GROUP", GROUP)
    result = CliRunner().invoke(cli, ["index", "--index", str(index_dir), str(SEEDS)])
    assert result.exit_code == 0
    summary = result.output.strip()
    chunks = int(summary.split(" chunks in ")[0].rsplit(maxsplit=1)[1])
    assert summary.endswith(
        f"embedded {chunks - GROUP} chunks, {GROUP} reused from the stopped build"
    )


def test_ctrl_c_before_the_first_group_is_saved_says_nothing_was_saved(
    tmp_path: Path, fast_builds: None
) -> None:
    screen = _screen_after_ctrl_c(
        ["index", "--index", str(tmp_path / "index"), str(SEEDS)],
        pause="qa.index.embed:OnnxEmbedder.encode_with_spans",
        marker=tmp_path / "paused",
    )
    assert _shown("was left as it was.", screen)
    assert _shown("No embedded chunk was saved yet", screen)
    assert not _shown("resumes without embedding", screen)
