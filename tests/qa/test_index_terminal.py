"""``qa index`` on a terminal: what the screen shows, read from a pseudo-terminal rendered by a
terminal emulator (pyte), after Ctrl-C while embedding and on the run that resumes."""

from __future__ import annotations

import os
import re
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


class _Terminal:
    """``qa ARGUMENTS`` run on a pseudo-terminal, paused at ``pause`` (``tests/pause.py``),
    its output rendered by a terminal emulator."""

    def __init__(self, arguments: list[str], *, pause: str, marker: Path) -> None:
        import pyte

        self.marker = marker
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)
        self.primary, secondary = os.openpty()
        command = [sys.executable, "-m", "tests.pause", f"--set=qa.index.build:EMBED_GROUP={GROUP}"]
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color"}
        env.update(COLUMNS=str(COLUMNS), LINES=str(LINES))
        self.process = subprocess.Popen(
            [*command, pause, str(marker), *arguments],
            cwd=ROOT,
            env=env,
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
        )
        os.close(secondary)
        self.deadline = time.monotonic() + DEADLINE_SECONDS

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def _read(self) -> bool:
        """Feed what the program wrote to the screen; False once it closed the terminal."""
        ready, _, _ = select.select([self.primary], [], [], 0.05)
        if not ready:
            return True
        try:
            data = os.read(self.primary, 65536)
        except OSError:
            return False
        self.stream.feed(data)
        return bool(data)

    def wait_for_pause(self, shown: re.Pattern[str]) -> str:
        """The screen once the program is paused and shows ``shown`` (its display redraws
        itself a few times a second)."""
        while not (self.marker.exists() and shown.search(self.text())):
            if time.monotonic() > self.deadline or not self._read():
                self.process.kill()
                pytest.fail(f"no {shown.pattern!r} on the screen:\n{self.text()}")
        return self.text()

    def ctrl_c(self) -> str:
        """Press Ctrl-C (SIGINT) and return the screen the program leaves; it exits with 130."""
        os.kill(self.process.pid, signal.SIGINT)
        while time.monotonic() < self.deadline and self._read():
            pass
        os.close(self.primary)
        assert self.process.wait(timeout=DEADLINE_SECONDS) == 130
        return self.text()


def _shown(text: str, screen: str) -> bool:
    """True when ``text`` is on ``screen``, however the terminal wrapped it."""
    return "".join(text.split()) in "".join(screen.split())


def test_ctrl_c_while_embedding_leaves_a_true_message_on_the_screen_and_the_rerun_reports_the_reuse(
    tmp_path: Path, fast_builds: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir = tmp_path / "index"
    marker = tmp_path / "paused"
    terminal = _Terminal(
        ["index", "--index", str(index_dir), str(SEEDS)],
        # The first group embedded and saved, Ctrl-C while the second one is embedded.
        pause="qa.index.embed:OnnxEmbedder.encode_with_spans#2",
        marker=marker,
    )
    terminal.wait_for_pause(re.compile(f"Embedding chunks .* {GROUP}/"))
    screen = terminal.ctrl_c()
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
    terminal = _Terminal(
        ["index", "--index", str(tmp_path / "index"), str(SEEDS)],
        pause="qa.index.embed:OnnxEmbedder.encode_with_spans",
        marker=tmp_path / "paused",
    )
    terminal.wait_for_pause(re.compile("Cleaning, chunking"))
    screen = terminal.ctrl_c()
    assert _shown("was left as it was.", screen)
    assert _shown("No embedded chunk was saved yet", screen)
    assert not _shown("resumes without embedding", screen)


def test_the_display_shows_the_embedding_with_an_estimated_total_and_eta_while_it_runs(
    tmp_path: Path, fast_builds: None
) -> None:
    terminal = _Terminal(
        ["index", "--index", str(tmp_path / "index"), str(SEEDS)],
        pause="qa.index.embed:OnnxEmbedder.encode_with_spans#2",
        marker=tmp_path / "paused",
    )
    row = re.compile(rf"Embedding chunks .* {GROUP}/(\d+) .*ETA \S")
    screen = terminal.wait_for_pause(row)
    match = row.search(screen)
    assert match is not None and int(match.group(1)) > 2 * GROUP  # the estimated total
    assert re.search(r"Reading articles .* 5/5 ", screen)  # reading is shown done
    assert not re.search(r"Cleaning, chunking .*ETA", screen)  # it waits for the embedding
    terminal.ctrl_c()
