import hashlib
import shutil
from pathlib import Path

import pytest

from qa.index.clean import clean_text, split_lines
from qa.index.documents import read_documents
from qa.index.errors import InputPathError, NoDocuments
from qa.index.formats import text as text_format
from qa.index.sanitize import UNSAFE, strip_controls

SEEDS = Path(__file__).parents[2] / "seeds"

ARTICLE = (
    "Seoul unveils plan to cut commuter fares\n"
    "\n"
    "Share this article\n"
    "\n"
    "The Seoul city government said on Monday it would cut subway and bus fares by a third for"
    " workers under 30.\n"
    "\n"
    "Officials said the discount would cost about 40 billion won a year.\n"
)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def test_reads_the_seeds() -> None:
    documents, skipped = read_documents([SEEDS])
    assert skipped == []
    assert [document.doc_id for document in documents] == sorted(
        path.name for path in SEEDS.glob("*.txt")
    )
    for document in documents:
        path = SEEDS / document.doc_id
        raw = path.read_bytes()
        assert document.path == str(path.resolve())
        assert document.root == str(SEEDS.resolve())
        assert document.content_hash == hashlib.sha256(raw).hexdigest()
        cleaned = clean_text(raw.decode("utf-8"))
        assert (document.text, document.line_numbers) == (cleaned.text, cleaned.line_numbers)
    assert documents[3].metadata.title == (
        "US falls short of persuading North Korea to dialogue: experts"
    )


def test_folders_are_read_recursively_without_hidden_entries(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    write(root / "b.txt", ARTICLE)
    write(root / "a" / "z" / "deep.md", ARTICLE)
    write(root / "a" / "notes.TXT", ARTICLE)
    write(root / ".git" / "HEAD.txt", ARTICLE)
    write(root / ".draft.txt", ARTICLE)
    write(root / "photo.jpg", b"\xff\xd8\xff\xe0")
    documents, skipped = read_documents([str(root)])
    assert [document.doc_id for document in documents] == ["b.txt", "a/notes.TXT", "a/z/deep.md"]
    assert {document.root for document in documents} == {str(root.resolve())}
    assert skipped == []


def test_a_file_given_directly(tmp_path: Path) -> None:
    path = write(tmp_path / "articles" / "story.md", ARTICLE)
    (document,), skipped = read_documents([path])
    assert skipped == []
    assert (document.doc_id, document.root, document.path) == ("story.md", str(path), str(path))
    assert document.metadata.title == "Seoul unveils plan to cut commuter fares"
    assert "Share this article" not in document.text


def test_a_missing_path_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(InputPathError) as raised:
        read_documents([SEEDS, missing])
    assert str(missing) in str(raised.value)
    assert "\n" not in str(raised.value)


def test_unreadable_files_are_skipped_with_a_reason(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    write(root / "good.txt", ARTICLE)
    write(root / "empty.txt", b"")
    write(root / "blank.txt", " \n\t\n")
    write(root / "binary.txt", b"PK\x03\x04\x00\x00binary")
    write(root / "latin1.txt", "Caf\u00e9 society".encode("latin-1"))
    write(root / "utf16.txt", "A headline".encode("utf-16"))
    write(root / "furniture.txt", "Close\n\nTop\n[ad_1]\n")
    documents, skipped = read_documents([root])
    texts = {document.doc_id: document.text for document in documents}
    assert texts == {
        "good.txt": texts["good.txt"],
        "latin1.txt": "Caf\u00e9 society",
        "utf16.txt": "A headline",
    }
    reasons = {Path(entry.path).name: entry.reason for entry in skipped}
    assert reasons == {
        "binary.txt": "binary file (contains NUL bytes)",
        "blank.txt": "only whitespace",
        "empty.txt": "empty file",
        "furniture.txt": "no article text after cleaning",
    }


def test_a_folder_without_articles_raises_no_documents(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    write(root / "empty.txt", b"")
    write(root / "also-empty.md", b"")
    write(root / "binary.txt", b"\x00\x01\x02")
    with pytest.raises(NoDocuments) as raised:
        read_documents([root])
    message = str(raised.value)
    assert "3 files or records skipped" in message
    assert "2 empty file" in message
    assert "1 binary file" in message
    images = write(tmp_path / "images" / "photo.png", b"\x89PNG").parent
    with pytest.raises(NoDocuments, match=r"No article files \(.*\) found in .*images"):
        read_documents([images])


def test_windows_line_endings_and_bom(tmp_path: Path) -> None:
    raw = "\ufeff" + ARTICLE.replace("\n", "\r\n")
    path = write(tmp_path / "articles" / "crlf.txt", raw)
    (document,), _ = read_documents([path])
    assert "\r" not in document.text
    assert not document.text.startswith("\ufeff")
    assert document.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    original = split_lines(raw.removeprefix("\ufeff"))
    for line, number in zip(document.text.split("\n"), document.line_numbers, strict=True):
        assert original[number - 1].strip() == line
    assert document.line_at(document.text.index("Officials")) == 7


def test_lines_repeated_across_files_are_dropped(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    for name in ("one", "two", "three"):
        write(
            root / f"{name}.txt",
            ARTICLE.replace("\n\nThe Seoul", "\nThe Seoul Ledger\n\nThe Seoul"),
        )
    documents, _ = read_documents([root])
    assert all("The Seoul Ledger" not in document.text for document in documents)
    documents, _ = read_documents([root], min_repeat_documents=4)
    assert all("The Seoul Ledger" in document.text for document in documents)


def test_same_id_from_two_folders_is_skipped(tmp_path: Path) -> None:
    first = write(tmp_path / "one" / "story.txt", ARTICLE).parent
    second = tmp_path / "two"
    shutil.copytree(first, second)
    documents, skipped = read_documents([first, second, first / "story.txt"])
    assert [document.path for document in documents] == [str(first.resolve() / "story.txt")]
    assert [entry.path for entry in skipped] == [str(second.resolve() / "story.txt")]
    assert "same id 'story.txt'" in skipped[0].reason


def test_escapes_are_removed_line_for_line(tmp_path: Path) -> None:
    hostile = ARTICLE.replace("Officials", "\x1b]52;c;ZWNobyBwd25lZA==\x07Offi\x9b2Jcials\u202e")
    raw = "\x1b]0;pwned\x07" + hostile.replace("\n", "\r\n", 3)
    path = write(tmp_path / "articles" / "hostile.txt", raw)
    (document,), _ = read_documents([path])
    assert not UNSAFE & set(document.text + document.metadata.title)
    assert "pwned" not in document.text and "Officials" in document.text
    original = split_lines(raw)
    for line, number in zip(document.text.split("\n"), document.line_numbers, strict=True):
        assert strip_controls(original[number - 1]).strip() == line
    assert document.line_at(document.text.index("Officials")) == 7


def test_a_file_larger_than_the_limit_is_skipped_and_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "articles"
    write(root / "good.txt", ARTICLE)
    write(root / "huge.txt", ARTICLE * 300)
    monkeypatch.setattr(text_format, "MAX_FILE_BYTES", 50_000)
    documents, skipped = read_documents([root])
    assert [document.doc_id for document in documents] == ["good.txt"]
    assert [(Path(entry.path).name, entry.reason) for entry in skipped] == [
        ("huge.txt", "larger than 0.05 MB")
    ]


@pytest.mark.parametrize(
    ("headline", "encoding"),
    [
        ("Ferry fares rise", "utf-8"),
        ("Museum roof fixed", "utf-8"),
        ("Seoul talks", "utf-8"),
        ("Storm", "utf-8"),
        ("Seoul talks", "utf-16"),
    ],
)
def test_a_short_headline_is_the_title_and_stays_in_the_text(
    tmp_path: Path, headline: str, encoding: str
) -> None:
    body = "The Dunmore ferry raised its fares by a tenth on Monday, the operator said."
    write(tmp_path / "short.txt", f"{headline}\n\n{body}\n".encode(encoding))
    (document,), _ = read_documents([tmp_path / "short.txt"])
    assert document.metadata.title == headline
    assert document.text == f"{headline}\n\n{body}"
