"""The ``qa`` command line: a thin layer over the library (``qa.retrieve``, ``qa.index.build``)."""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from qa.display import counted, one_line, shown_metadata
from qa.index.errors import QAError
from qa.index.paths import INDEX_ENV, default_index_dir

if TYPE_CHECKING:
    from datetime import date

    from rich.text import Text

    from qa.followup import FollowUp
    from qa.index.records import Metadata
    from qa.retrieve import Retriever
    from qa.saved import Dates
    from qa.types import Answer


def _given_before_the_command(
    context: click.Context, parameter: click.Parameter, value: Path | None
) -> Path | None:
    """A command's ``--index``: its own when given, else one given before the command
    (``qa --index DIR ask ...``), else ``$QA_INDEX``."""
    parent = context.parent
    if (
        context.get_parameter_source("index_dir") is not ParameterSource.COMMANDLINE
        and parent is not None
        and parent.get_parameter_source("index_dir") is ParameterSource.COMMANDLINE
    ):
        given: Path = parent.params["index_dir"]
        return given
    return value


_index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar=INDEX_ENV,
    callback=_given_before_the_command,
    help=f"Index directory (default: ${INDEX_ENV} or the user data directory).",
)


def _k_option(default: int, help: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The ``-k`` option of a command: how many results, 1 to 100."""
    return click.option(
        "-k", "k", type=click.IntRange(1, 100), default=default, show_default=True, help=help
    )


_doc_option = click.option(
    "--doc",
    "documents",
    multiple=True,
    help="Only this article (repeatable): an id from `qa info --documents`, or a glob.",
)
_as_of_option = click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="The day to ask as of (YYYY-MM-DD, default today): later articles are not used, and "
    '"this week" or "latest" are read against it.',
)
_since_option = click.option(
    "--since",
    metavar="WHEN",
    help="Only articles dated on or after WHEN: a date 2023-01-05, a month 2023-01, a year 2023, "
    "or a span back from --as-of: 7d, 2w, 3m, 1y.",
)
_until_option = click.option(
    "--until", metavar="WHEN", help="Only articles dated on or before WHEN (as for --since)."
)


def _dated(command: Callable[..., None]) -> Callable[..., None]:
    """Add ``--as-of``, ``--since`` and ``--until`` to a command."""
    return _as_of_option(_since_option(_until_option(command)))


# A question such as "-:()^" or "--what" is text, not an unknown option.
_FREE_TEXT = {"ignore_unknown_options": True}
_json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")


@contextmanager
def _user_errors(index_dir: Path | None) -> Iterator[None]:
    """Turn library errors and Ctrl-C into one-line messages with a non-zero exit.

    A message may quote a file name, so its control characters are shown, not sent.

    Args:
        index_dir: the index as the user named it (None: the default), for the fix's command.
    """
    try:
        yield
    except QAError as error:
        raise click.ClickException(one_line(explain(error, index_dir))) from error
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)


def explain(error: QAError, index_dir: Path | None) -> str:
    """The library's message and the command that fixes it, with the ``--index`` it needs."""
    from qa.errors import UnknownDocuments
    from qa.index.errors import IndexDamaged, IndexMismatch, IndexNotFound, IndexWriteFailed

    where = f" --index {shlex.quote(str(index_dir))}" if index_dir is not None else ""
    if isinstance(error, IndexNotFound):
        fix = f"build one with `qa index{where} PATH`"
    elif isinstance(error, IndexDamaged | IndexMismatch):
        fix = f"run `qa index --rebuild{where} PATH`"
    elif isinstance(error, IndexWriteFailed):
        fix = f"free disk space or make it writable, then run `qa index{where} PATH` again"
    elif isinstance(error, UnknownDocuments):
        fix = f"`qa info --documents{where}` lists their ids"
    else:
        return str(error)
    return f"{error}; {fix}"


def _print_lines(lines: list[Text]) -> None:
    from rich.console import Console

    console = Console(highlight=False, markup=False, emoji=False, soft_wrap=True)
    for line in lines:
        console.print(line)


def _output_width() -> int | None:
    """The terminal's width for wrapping, or None (no wrapping) when stdout is not a terminal."""
    from rich.console import Console

    console = Console()
    return console.width if console.is_terminal else None


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="qa")
@click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Index directory for the terminal UI, or for the command that follows.",
)
@click.pass_context
def cli(context: click.Context, index_dir: Path | None) -> None:
    """Ask questions about a folder of news articles; every answer cites its sources.

    \b
    Examples:
      qa index ~/articles          # index a folder (incremental)
      qa ask "Where did Trump and Kim meet after Hanoi?"
      qa search "Sofitel"          # ranked passages
      qa                           # the chat-style terminal UI
      qa --index /tmp/idx          # the terminal UI on another index
    """
    if context.invoked_subcommand is None:
        context.invoke(tui, index_dir=index_dir)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_index_option
@click.option("--rebuild", is_flag=True, help="Start the index over instead of updating it.")
@click.option("--if-missing", is_flag=True, help="Do nothing when the index already exists.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors and the summary line.")
@click.option(
    "--field",
    "fields",
    multiple=True,
    metavar="NAME=KEY",
    help="JSON records: read article field NAME (text, title, date, url, authors, source, id, "
    "language) from KEY (repeatable).",
)
@click.option(
    "--dry-run", is_flag=True, help="Read and clean; say what would change, embed nothing."
)
def index(
    paths: tuple[Path, ...],
    index_dir: Path | None,
    rebuild: bool,
    if_missing: bool,
    quiet: bool,
    fields: tuple[str, ...],
    dry_run: bool,
) -> None:
    """Index the articles under PATHS (files or folders, recursively).

    Reads plain text (.txt, any common encoding), Markdown (.md, front matter as metadata),
    saved web pages (.html, .htm), JSON Lines and JSON lists of articles (.jsonl, .ndjson,
    .json, also gzipped) and RSS/Atom feeds (.rss, .atom, .xml): one article per file, record
    or feed item. Re-running re-embeds only new or changed articles, and removes those whose
    files or records are gone. Skipped files and records are listed with the reason.

    \b
    Examples:
      qa index seeds/
      qa index --index /tmp/idx ~/news ~/more-news
      qa index export.jsonl.gz --field text=body --field date=time
      qa index --dry-run archive.jsonl.gz    # what would change; nothing embedded
      qa index --rebuild seeds/
    """
    from qa.build import committed_id, index_exists, index_paths, saved_vectors
    from qa.index.build import LOCK_TIMEOUT_SECONDS
    from qa.progress import progress_reporter

    field_names = _field_names(fields) or None
    target = index_dir or default_index_dir()
    shown = one_line(str(target))
    if if_missing and index_exists(target):
        click.echo(f"Index at {shown} exists; not rebuilding (drop --if-missing to update it).")
        return

    def waiting() -> None:
        click.echo(
            f"Waiting for another `qa index` to finish writing {shown} "
            f"(up to {LOCK_TIMEOUT_SECONDS:.0f} s)...",
            err=True,
        )

    before = committed_id(target)
    with _user_errors(index_dir):
        try:
            # The progress display is closed before a message is printed: its last redraw
            # would overwrite what was printed while it was live.
            with progress_reporter(enabled=not quiet) as progress:
                report = index_paths(
                    paths,
                    index_dir=target,
                    rebuild=rebuild,
                    progress=progress,
                    on_wait=waiting,
                    field_names=field_names,
                    dry_run=dry_run,
                )
        except KeyboardInterrupt:
            if committed_id(target) != before:
                click.echo(f"Interrupted after the update was committed to {shown}.", err=True)
            else:
                click.echo(f"Interrupted; the index at {shown} was left as it was.", err=True)
                _say_what_was_saved(saved_vectors(target))
            sys.exit(130)
    for skipped in report.skipped:
        where, reason = map(one_line, (skipped.path, skipped.reason))
        click.echo(f"{'warning' if skipped.warning else 'skipped'} {where}: {reason}", err=True)
    if report.dry_run:
        click.echo(
            f"dry run, nothing written: would be {report.summary()}; "
            f"{report.chunks_embedded} chunks to embed into {shown}"
        )
        return
    verdict = "" if report.changed else " (up to date)"
    reused = (
        f"; embedded {counted(report.chunks_embedded, 'chunk')}, "
        f"{report.chunks_reused:,} reused from the stopped build"
        if report.chunks_reused
        else ""
    )
    click.echo(
        f"{report.summary()}{verdict}: {counted(report.documents, 'document')}, "
        f"{counted(report.chunks, 'chunk')} in {shown}{reused}"
    )


def _say_what_was_saved(saved: int | None) -> None:
    """After Ctrl-C: how many embedded chunks the next run of the same command reuses."""
    from qa.index.build import EMBED_GROUP

    if saved is None:  # stopped before embedding
        return
    if saved:
        click.echo(
            f"{counted(saved, 'embedded chunk')} saved: the same `qa index` command resumes "
            "without embedding them again.",
            err=True,
        )
    else:
        click.echo(
            f"No embedded chunk was saved yet (they are saved in groups of {EMBED_GROUP}): "
            "the same `qa index` command starts embedding over.",
            err=True,
        )


def _field_names(fields: tuple[str, ...]) -> dict[str, str]:
    """``--field NAME=KEY`` options as ``{NAME: KEY}``."""
    names = {}
    for given in fields:
        name, equals, key = given.partition("=")
        if not equals or not name.strip() or not key.strip():
            raise click.BadParameter(
                f"{given!r} is not NAME=KEY, e.g. text=body", param_hint="--field"
            )
        names[name.strip()] = key.strip()
    return names


@cli.command()
@_index_option
@_json_option
@click.option(
    "--documents", "list_documents", is_flag=True, help="List the article ids and titles."
)
def info(index_dir: Path | None, as_json: bool, list_documents: bool) -> None:
    """Show where the index is, what it holds and how it was built.

    \b
    Examples:
      qa info
      qa info --documents            # every article's id (what --doc takes) and title
      qa info --index /tmp/idx --json
    """
    from qa.retrieve import Retriever

    with _user_errors(index_dir):
        retriever = Retriever.open(index_dir)
        details = retriever.info
        catalogue = retriever.catalogue() if list_documents else None
    if catalogue is not None:
        _print_catalogue(catalogue, as_json=as_json)
        return
    if as_json:
        click.echo(json.dumps(asdict(details), indent=2))
        return
    click.echo(
        f"location:       {one_line(details.location)}\n"
        f"format version: {details.format_version}\n"
        f"model:          {details.model}\n"
        f"embedder:       {details.embedder}\n"
        f"vector index:   {details.vector_index}\n"
        f"documents:      {details.documents}\n"
        f"chunks:         {details.chunks}\n"
        f"size on disk:   {details.size_bytes / 1e6:.1f} MB"
    )


def _print_catalogue(catalogue: list[tuple[str, Metadata]], *, as_json: bool) -> None:
    if as_json:
        rows = [{"doc_id": doc_id, **asdict(metadata)} for doc_id, metadata in catalogue]
        click.echo(json.dumps(rows, indent=2))
        return
    from qa.render import heading

    for doc_id, metadata in catalogue:
        shown = shown_metadata(metadata)
        url = f"  {shown.url}" if shown.url else ""
        click.echo(f"{one_line(doc_id)}  {heading(shown.title, shown.source, shown.date)}{url}")


def _open_or_build(index_dir: Path | None) -> Retriever:
    """Open the index; without one named and no default index yet, the demo index of the
    bundled articles (built on first use).

    A first run says what it is doing (preparing the model, building the index) on stderr.
    """
    from qa.build import ensure_default_index, index_exists
    from qa.index.paths import demo_index_dir
    from qa.progress import progress_reporter
    from qa.retrieve import Retriever

    if index_dir is None and not index_exists(default_index_dir()):
        if not index_exists(demo_index_dir()):
            _announce_model_preparation()
            click.echo("Building the demo index of the bundled articles…", err=True)
        with progress_reporter(enabled=True) as progress:
            index_dir = ensure_default_index(progress=progress)
        click.echo(
            "No index of yours yet: answering from the bundled demo articles "
            "(`qa index PATH` builds yours).",
            err=True,
        )
    return Retriever.open(index_dir)


class _BoundAsker:
    """``Retriever.ask`` with the command's ``-k`` and ``--doc``, as a ``Conversation`` asks."""

    def __init__(
        self,
        retriever: Retriever,
        *,
        k: int,
        documents: Sequence[str] | None,
        since: str | None,
        until: str | None,
    ) -> None:
        self._retriever = retriever
        self._k = k
        self._documents = documents
        self._since = since
        self._until = until

    def ask(
        self,
        question: str,
        *,
        context: str | None = None,
        as_of: date | str | None = None,
        follow_up: FollowUp | None = None,
    ) -> Answer:
        return self._retriever.ask(
            question,
            k=self._k,
            documents=self._documents,
            context=context,
            as_of=as_of,
            since=self._since,
            until=self._until,
            follow_up=follow_up,
        )


def _announce_model_preparation() -> None:
    """Say so when the model is about to be exported (once per machine, ~20 s)."""
    from qa.index.embed import onnx_path

    if not onnx_path().is_file():
        click.echo("Preparing the embedding model (first run only, about 20 s)…", err=True)


def _question(words: tuple[str, ...], *, what: str = "question") -> str:
    """The question (or the ``what``) from the arguments, or from standard input for ``-`` or a
    piped stdin."""
    stdin = sys.stdin
    if words == ("-",) or (not words and not stdin.isatty()):
        text = stdin.read().strip()
    else:
        text = " ".join(words).strip()
    if not text:
        raise click.UsageError(f"The {what} is empty.")
    return text


@cli.command(context_settings=_FREE_TEXT)
@click.argument("question", nargs=-1, type=click.UNPROCESSED)
@_index_option
@_k_option(5, "Number of passages to retrieve.")
@_doc_option
@_dated
@click.option(
    "-c",
    "--continue",
    "continue_",
    is_flag=True,
    help='Continue the last conversation over this index (follow-ups such as "Why?").',
)
@_json_option
@click.option("--brief", is_flag=True, help="Print only the answer, without its sources.")
def ask(
    question: tuple[str, ...],
    index_dir: Path | None,
    k: int,
    documents: tuple[str, ...],
    as_of: str | None,
    since: str | None,
    until: str | None,
    continue_: bool,
    as_json: bool,
    brief: bool,
) -> None:
    """Answer QUESTION with sentences quoted from the articles, each with its source.

    QUESTION may also come from standard input (`-`, or no QUESTION with a pipe). Each
    answer is kept as the start of a conversation; -c asks a follow-up in it, with the
    conversation's --as-of, --since and --until unless given anew.

    \b
    Examples:
      qa ask "Where did Trump and Kim meet after Hanoi?"
      qa ask -c "When did they meet in Hanoi?"
      qa ask --json "What share of experts expect relations to stay the same?"
      qa ask --doc '003_*' "What did Sullivan say?"
      qa ask --as-of 2023-01-05 "Which team does Damar Hamlin play for this week?"
      qa ask --since 3m "What is the latest on the rail strike?"
      echo "Which hotel hosted the Hanoi summit?" | qa ask --brief
    """
    from qa.conversation import Conversation
    from qa.render import answer_json, answer_text, json_text
    from qa.saved import Dates, SavedConversation, load_conversation, save_conversation

    text = _question(question)
    with _user_errors(index_dir):
        retriever = _open_or_build(index_dir)
        saved = load_conversation(retriever.index_dir) if continue_ else SavedConversation()
        dates = Dates(as_of, since, until).over(saved.dates)
        bound = _BoundAsker(
            retriever, k=k, documents=documents or None, since=dates.since, until=dates.until
        )
        conversation = Conversation(bound, turns=saved.turns, as_of=dates.as_of)
        answer = conversation.ask(text)
        save_conversation(retriever.index_dir, SavedConversation(conversation.turns, dates))
        notes = {} if as_json or brief else _file_notes(retriever, answer)
    if as_json:
        click.echo(json_text(answer_json(answer)))
    else:
        _print_lines(answer_text(answer, width=_output_width(), brief=brief, file_notes=notes))


def _file_notes(retriever: Retriever, answer: Answer) -> dict[str, str]:
    """For each cited article whose file no longer holds the indexed version, what to say."""
    from qa.freshness import FileState, file_state

    said = {
        FileState.CHANGED: "the file has changed since it was indexed",
        FileState.GONE: "the file is gone",
    }
    notes = {}
    for doc_id in dict.fromkeys(citation.doc_id for citation in answer.citations):
        state = file_state(retriever.document(doc_id))
        if state in said:
            notes[doc_id] = said[state]
    return notes


@cli.command(context_settings=_FREE_TEXT)
@click.argument("query", nargs=-1, type=click.UNPROCESSED)
@_index_option
@_k_option(5, "Number of passages to retrieve.")
@_doc_option
@click.option(
    "--mode",
    type=click.Choice(["hybrid", "dense", "keyword"]),
    default="hybrid",
    show_default=True,
    help="Retrieval mode.",
)
@_dated
@_json_option
def search(
    query: tuple[str, ...],
    index_dir: Path | None,
    k: int,
    documents: tuple[str, ...],
    mode: str,
    as_of: str | None,
    since: str | None,
    until: str | None,
    as_json: bool,
) -> None:
    """Print the passages that best match QUERY, ranked, with scores.

    \b
    Examples:
      qa search Sofitel
      qa search -k 3 --json "defense cost-sharing"
      qa search --since 2023-01 --until 2023-03 "rail strike"
    """
    from qa.render import json_text, passages_json, passages_text

    text = _question(query)
    with _user_errors(index_dir):
        passages = _open_or_build(index_dir).search(
            text,
            k=k,
            documents=documents or None,
            mode=mode,  # type: ignore[arg-type]
            as_of=as_of,
            since=since,
            until=until,
        )
    if as_json:
        click.echo(json_text(passages_json(passages)))
    else:
        _print_lines(passages_text(passages, width=_output_width()))


@cli.command(context_settings=_FREE_TEXT)
@click.argument("topic", nargs=-1, type=click.UNPROCESSED)
@_index_option
@_k_option(10, "Number of articles on the timeline.")
@click.option(
    "--per-article",
    type=click.IntRange(1, 10),
    default=1,
    show_default=True,
    help="Sentences from each article.",
)
@_dated
@click.option(
    "-c",
    "--continue",
    "continue_",
    is_flag=True,
    help="The topic of the last answer of the conversation `qa ask -c` continues (a follow-up "
    "as it was searched), instead of TOPIC.",
)
@_json_option
def timeline(
    topic: tuple[str, ...],
    index_dir: Path | None,
    k: int,
    per_article: int,
    as_of: str | None,
    since: str | None,
    until: str | None,
    continue_: bool,
    as_json: bool,
) -> None:
    """Show the story of TOPIC across articles in date order, one cited sentence per article.

    Undated articles come last. Days a sentence names ("on Saturday") are resolved against its
    article's date and shown in brackets.

    \b
    Examples:
      qa timeline "rail strike"
      qa timeline --since 2023-01 --until 2023-03 -k 5 "debt ceiling"
      qa timeline --json "Damar Hamlin"
      qa timeline -c      # after qa ask "..." and qa ask -c "What happened next?"
    """
    from qa.render import json_text, timeline_json, timeline_text
    from qa.saved import Dates

    if continue_ and topic:
        raise click.UsageError("Give a TOPIC or -c, not both.")
    text = "" if continue_ else _question(topic, what="topic")
    with _user_errors(index_dir):
        retriever = _open_or_build(index_dir)
        if continue_:
            text, dates = _conversation_topic(retriever, Dates(as_of, since, until))
            as_of, since, until = dates.as_of, dates.since, dates.until
        entries = retriever.timeline(
            text, k=k, per_article=per_article, as_of=as_of, since=since, until=until
        )
    if as_json:
        click.echo(json_text(timeline_json(text, entries)))
    else:
        _print_lines(timeline_text(entries, width=_output_width()))


def _conversation_topic(retriever: Retriever, given: Dates) -> tuple[str, Dates]:
    """The topic of the last answer of the saved conversation over ``retriever``'s index, and
    the ``given`` dates over the conversation's."""
    from qa.saved import load_conversation

    saved = load_conversation(retriever.index_dir)
    if not saved.turns:
        raise click.ClickException(
            'No conversation to continue over this index; ask a question first: qa ask "..."'
        )
    return saved.turns[-1].standalone, given.over(saved.dates)


@cli.command("eval")
@click.argument("questions", type=click.Path(dir_okay=False, path_type=Path))
@_index_option
@_k_option(10, "Passages retrieved per question.")
@click.option(
    "--mode",
    type=click.Choice(["hybrid", "dense", "keyword", "all"]),
    default="hybrid",
    show_default=True,
    help="Retrieval mode, or all side by side.",
)
@click.option(
    "--no-as-of",
    "no_as_of",
    is_flag=True,
    help="Ask every question as of today, not as of its asked_on day.",
)
@click.option(
    "--part",
    type=click.Choice(["fit", "report"]),
    default=None,
    help="Only the questions of this part of the set (see qa/splits.py); default: all.",
)
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=None,
    help="At most this many questions, spread evenly over the file.",
)
@_json_option
def evaluate_command(
    questions: Path,
    index_dir: Path | None,
    k: int,
    mode: str,
    part: str | None,
    limit: int | None,
    no_as_of: bool,
    as_json: bool,
) -> None:
    """Score retrieval and answers on QUESTIONS, a JSONL file of questions with gold answers.

    Each line: {"id", "question", "answers": [...], "sources": [doc ids or stems], "type"},
    and optionally "asked_on" (YYYY-MM-DD): the question is asked as of that day, so later
    articles are not used and "this week" means its week (--no-as-of: as of today).
    Empty answers and sources mark a question the articles cannot answer.

    \b
    Examples:
      qa eval tests/golden/seeds.jsonl --mode all
      qa eval questions.jsonl --index /tmp/idx -k 10 --json
      qa eval ../shared/eval/news-2023/questions.jsonl --index /tmp/news --part report
    """
    from qa.evaluate import evaluate, format_reports, load_questions
    from qa.retrieve import MODES
    from qa.splits import select

    with _user_errors(index_dir):
        loaded = select(load_questions(questions), part, limit=limit)  # type: ignore[arg-type]
        if not loaded:
            raise click.ClickException(f"{questions} has no questions in the {part} part")
        retriever = _open_or_build(index_dir)
        modes = MODES if mode == "all" else (mode,)
        reports = [
            evaluate(retriever, loaded, mode=m, k=k, use_asked_on=not no_as_of)  # type: ignore[arg-type]
            for m in modes
        ]
    if as_json:
        click.echo(json.dumps([asdict(report) for report in reports], indent=2))
    else:
        click.echo(format_reports(reports))


@cli.command()
@click.argument("patterns", nargs=-1, required=True)
@_index_option
def remove(patterns: tuple[str, ...], index_dir: Path | None) -> None:
    """Drop the articles matching PATTERNS (ids from `qa info --documents`, globs, file stems)
    from the index.

    A multi-article file's id (`export.jsonl`) drops all its articles. An article whose file is
    still in an indexed folder comes back the next time that folder is indexed.

    \b
    Examples:
      qa remove 003_e1a2.txt
      qa remove 'export.jsonl#https://example.com/*'
    """
    from qa.index.build import remove_documents
    from qa.index.paths import default_index_dir

    target = index_dir or default_index_dir()
    with _user_errors(index_dir):
        report = remove_documents(list(patterns), index_dir=target)
    if not report.removed:
        raise click.ClickException(f"No article in {target} matches {' '.join(patterns)}")
    click.echo(
        f"{report.removed} removed: {counted(report.documents, 'document')}, "
        f"{counted(report.chunks, 'chunk')}"
    )


@cli.command()
@_index_option
def tui(index_dir: Path | None) -> None:
    """Open the chat-style terminal UI (also what `qa` alone does).

    \b
    Examples:
      qa tui
      qa tui --index /tmp/idx
    """
    from qa.tui.app import run

    run(index_dir)


@cli.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script for SHELL.

    \b
    Examples:
      eval "$(qa completion bash)"                  # in ~/.bashrc
      eval "$(qa completion zsh)"                   # in ~/.zshrc
      qa completion fish > ~/.config/fish/completions/qa.fish
    """
    from click.shell_completion import get_completion_class

    completion_class = get_completion_class(shell)
    assert completion_class is not None  # every choice is a shell click supports
    click.echo(completion_class(cli, {}, "qa", "_QA_COMPLETE").source())


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    cli.main(args=argv, prog_name="qa")
