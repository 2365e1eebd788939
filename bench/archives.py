"""Time and peak memory of ``qa index`` on news archives of 1,000 to 100,000 articles (issue 11:
memory must stay flat as an archive grows; a dry run reads and cleans 100,000 records).

An archive is built under a temporary folder (never in the repository) by repeating the records
of a JSON Lines file with new ids and URLs, gzipped, optionally each text cut to its first
paragraphs up to ``--chars`` characters (so that embedding 10,000 articles fits a session on
two cores). Each run is a whole ``qa index`` process; prints numbers and asserts nothing::

    python -m bench.archives ../shared/eval/news-2023/articles.jsonl 1000 10000
    python -m bench.archives ../shared/eval/news-2023/articles.jsonl 100000 --dry-run
    python -m bench.archives ../shared/eval/news-2023/articles.jsonl 1000 10000 --chars 600
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write_archive(source: Path, target: Path, records: int, *, chars: int | None) -> None:
    """``records`` records of ``source`` repeated with new ids, texts cut to ``chars``."""
    originals = [json.loads(line) for line in source.open(encoding="utf-8") if line.strip()]
    with gzip.open(target, "wt", encoding="utf-8") as out:
        for number in range(records):
            record = dict(originals[number % len(originals)])
            copy = number // len(originals)
            record["id"] = f"{record.get('id', number)}-{copy}"
            record["url"] = f"{record.get('url', 'https://example.org/a')}?copy={copy}"
            if chars is not None:
                record["text"] = _first_paragraphs(record["text"], chars)
            out.write(json.dumps(record) + "\n")


def _first_paragraphs(text: str, chars: int) -> str:
    """The paragraphs of ``text`` that fit in ``chars`` characters (at least the first)."""
    kept: list[str] = []
    for paragraph in text.split("\n\n"):
        if kept and sum(map(len, kept)) + len(paragraph) > chars:
            break
        kept.append(paragraph)
    return "\n\n".join(kept)


def measured(command: list[str]) -> tuple[str, float, float, float]:
    """stdout, wall seconds, CPU seconds and peak resident MB of one child process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if status != 0:
            raise SystemExit(f"{' '.join(command)} failed: {err.read()}")
        cpu = usage.ru_utime + usage.ru_stime
        return out.read(), elapsed, cpu, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="a JSON Lines file of articles")
    parser.add_argument("records", type=int, nargs="+", help="archive sizes to run")
    parser.add_argument("--chars", type=int, help="cut each text to its first paragraphs")
    parser.add_argument("--dry-run", action="store_true", help="qa index --dry-run")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qa-archives-") as folder:
        for records in options.records:
            archive = Path(folder) / f"archive-{records}.jsonl.gz"
            write_archive(options.source, archive, records, chars=options.chars)
            index_dir = Path(folder) / f"index-{records}"
            command = [
                sys.executable,
                "-c",
                "import sys; from qa.cli import main; main(sys.argv[1:])",
            ]
            command += ["index", "--quiet", "--index", str(index_dir)]
            command += ["--dry-run"] if options.dry_run else []
            output, wall, cpu, peak = measured([*command, str(archive)])
            summary = output.strip().splitlines()[-1]
            chunks = _chunks(summary, dry_run=options.dry_run)
            print(
                f"{records:>7,} records ({archive.stat().st_size / 1e6:.1f} MB gz"
                f"{f', texts cut to {options.chars} chars' if options.chars else ''}): "
                f"{chunks:,} chunks, {wall:.0f} s wall, {cpu:.0f} s CPU, "
                f"{records / wall:.1f} records/s, {chunks / wall:.1f} chunks/s, peak {peak:.0f} MB"
                f"\n    {summary}",
                flush=True,
            )


def _chunks(summary: str, *, dry_run: bool) -> int:
    """The chunks embedded (or, in a dry run, to embed) that ``qa index`` reports."""
    if dry_run:  # "...; N chunks to embed into DIR"
        return int(summary.rsplit("; ", 1)[1].split()[0])
    return int(summary.split(" documents, ")[1].split()[0])  # "...: D documents, C chunks in"


if __name__ == "__main__":
    main()
