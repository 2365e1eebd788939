"""Each format qa reads: text, metadata, skipped parts, and lines that point into the file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from qa.index.documents import read_documents
from qa.index.errors import InputPathError
from qa.index.formats.html import plain_lines
from tests.index.formats_samples import (
    CP1252,
    HTML,
    ODD_RECORDS,
    UTF16,
    write_archive,
    write_samples,
)


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    return write_samples(tmp_path / "articles")


def by_id(paths: list[Path], **options: object) -> tuple[dict, dict]:
    documents, skipped = read_documents(paths, **options)  # type: ignore[arg-type]
    return (
        {document.doc_id: document for document in documents},
        {entry.path: entry.reason for entry in skipped},
    )


def _words(markdown: str) -> str:
    """A Markdown line's words as a reader sees them: link text kept, markers dropped."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return " ".join(re.sub(r"[*_`#]|^\s*- ", "", text).split())


def test_every_format_is_read_with_its_metadata(samples: Path) -> None:
    documents, skipped = by_id([samples])
    assert sorted(documents) == [
        "bridge.html",
        "buses.md",
        "coast.jsonl#42",
        "coast.jsonl#https://coast.example/ferry",
        "riverton.rss#https://riverton.example/news/snow",
        "riverton.rss#riverton-1001",
        "stadium.txt",
        "tram.txt",
    ]
    bridge = documents["bridge.html"].metadata
    assert (bridge.title, bridge.source, bridge.byline) == (
        "Harbor Bridge reopens after repairs",
        "Riverton Daily",
        "Jane Roe",
    )
    assert (bridge.date, bridge.date_source, bridge.url, bridge.language) == (
        "2022-11-12",
        "metadata",
        "https://riverton.example/news/harbor-bridge",
        "en",
    )
    ferry = documents["coast.jsonl#https://coast.example/ferry"].metadata
    assert (ferry.title, ferry.source, ferry.byline, ferry.date) == (
        "Ferry service resumes after strike",
        "Coast Times",
        "Sam Lee, Kim Cho",
        "2022-11-14",
    )
    library = documents["riverton.rss#riverton-1001"].metadata
    assert (library.source, library.date, library.language) == (
        "Riverton Daily",
        "2022-11-15",
        "en",
    )
    buses = documents["buses.md"].metadata
    assert (buses.title, buses.source, buses.byline, buses.date, buses.url) == (
        "Riverton schools get new buses",
        "Riverton Daily",
        "Jane Roe",
        "2022-11-12",
        "https://riverton.example/news/buses",
    )
    assert documents["stadium.txt"].metadata.date is None
    assert documents["stadium.txt"].metadata.date_source is None
    jsonl = str(samples / "coast.jsonl")
    assert skipped[f"{jsonl}:2"].startswith("not a JSON object")
    assert skipped[f"{jsonl}:3"].startswith("record without text")


def test_html_keeps_the_article_without_navigation_ads_or_footer(samples: Path) -> None:
    documents, _ = by_id([samples / "bridge.html"])
    text = documents["bridge.html"].text
    assert "reopened to traffic on Saturday" in text
    assert "support cables" in text
    for furniture in ("Home", "Advertisement", "Zephyr", "rights reserved", "Privacy", "<"):
        assert furniture not in text


def test_html_lines_point_at_the_page_source(samples: Path) -> None:
    documents, _ = by_id([samples / "bridge.html"])
    document = documents["bridge.html"]
    source = plain_lines(HTML)
    for line, number in zip(document.text.split("\n"), document.line_numbers, strict=True):
        if line:
            assert " ".join(line.split()[:4]) in source[number - 1]


def test_markdown_front_matter_is_metadata_and_markup_is_plain_text(samples: Path) -> None:
    documents, _ = by_id([samples / "buses.md"])
    document = documents["buses.md"]
    assert "title:" not in document.text
    assert "twelve electric buses for $4.2 million, said" in document.text
    for markup in ("**", "*$", "](", "![", "#", "`"):
        assert markup not in document.text
    original = (samples / "buses.md").read_text().split("\n")
    for line, number in zip(document.text.split("\n"), document.line_numbers, strict=True):
        if line:
            assert line in _words(original[number - 1])


def test_json_lines_records_cite_their_own_line(samples: Path) -> None:
    documents, _ = by_id([samples / "coast.jsonl"])
    file_lines = (samples / "coast.jsonl").read_text().split("\n")
    for document in documents.values():
        (number,) = set(document.line_numbers)
        record = json.loads(file_lines[number - 1])
        body = record.get("Body") or record.get("maintext")
        assert document.text.split("\n")[-1] in body


def test_a_named_field_finds_text_under_another_key(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps({"Story": ODD_RECORDS[3]["maintext"], "uid": "x1"}) + "\n")
    documents, _ = by_id([path], field_names={"text": "Story", "id": "uid"})
    assert list(documents) == ["export.jsonl#x1"]
    with pytest.raises(InputPathError, match="Unknown article field 'txt'"):
        read_documents([path], field_names={"txt": "Story"})


def test_a_json_list_and_a_gzipped_archive(tmp_path: Path) -> None:
    records = [record for record in ODD_RECORDS if isinstance(record, dict)]
    (tmp_path / "list.json").write_text(json.dumps(records, indent=2))
    write_archive(tmp_path / "archive.jsonl.gz", records)
    documents, skipped = by_id([tmp_path / "list.json", tmp_path / "archive.jsonl.gz"])
    assert sorted(documents) == [
        "archive.jsonl.gz#42",
        "archive.jsonl.gz#https://coast.example/ferry",
        "list.json#42",
        "list.json#https://coast.example/ferry",
    ]
    list_lines = (tmp_path / "list.json").read_text().split("\n")
    assert list_lines[documents["list.json#42"].line_numbers[0] - 1].strip() == "{"
    assert documents["archive.jsonl.gz#42"].line_numbers[0] == 3
    assert any(path.endswith("archive.jsonl.gz:2") for path in skipped)


def test_feed_items_are_articles_citing_the_item_line(samples: Path) -> None:
    documents, _ = by_id([samples / "riverton.rss"])
    library = documents["riverton.rss#riverton-1001"]
    assert "stay open until 10 p.m." in library.text
    assert "<p>" not in library.text
    lines = (samples / "riverton.rss").read_text().split("\n")
    for document in documents.values():
        assert lines[document.line_numbers[0] - 1].startswith("<item>")


def test_cp1252_and_utf16_text_is_decoded(samples: Path) -> None:
    documents, _ = by_id([samples / "stadium.txt", samples / "tram.txt"])
    assert documents["stadium.txt"].text == CP1252.replace("\r\n\r\n", "\n\n").strip()
    assert documents["tram.txt"].text == UTF16.strip()


def test_a_web_page_or_export_renamed_txt_is_read_for_what_it_is(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text(HTML)
    (tmp_path / "export.txt").write_text(json.dumps(ODD_RECORDS[3]) + "\n")
    documents, _ = by_id([tmp_path])
    assert documents["page.txt"].metadata.title == "Harbor Bridge reopens after repairs"
    assert "<p>" not in documents["page.txt"].text
    assert "export.txt#42" in documents
    assert not documents["export.txt#42"].text.startswith("{")


def test_a_named_file_of_another_type_is_skipped_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Tram line opens\n\nThe first tram carried 340 people.\n")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    _, skipped = by_id([tmp_path / "good.txt", tmp_path / "report.pdf"])
    assert skipped[str(tmp_path / "report.pdf")].startswith("a .pdf file; qa reads .txt, .md")


def test_real_binary_is_still_skipped(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Tram line opens\n\nThe first tram carried 340 people.\n")
    (tmp_path / "image.txt").write_bytes(bytes(range(256)) * 4)
    _, skipped = by_id([tmp_path])
    assert skipped[str(tmp_path / "image.txt")].startswith("binary file")


def test_the_same_record_key_twice_is_skipped(tmp_path: Path) -> None:
    record = json.dumps(ODD_RECORDS[3])
    (tmp_path / "twice.jsonl").write_text(f"{record}\n{record}\n")
    documents, skipped = by_id([tmp_path / "twice.jsonl"])
    assert list(documents) == ["twice.jsonl#42"]
    assert skipped[f"{tmp_path / 'twice.jsonl'}:2"].startswith("same id 'twice.jsonl#42'")


def test_records_written_on_one_line_each_keep_their_own_id(tmp_path: Path) -> None:
    body = "The Dunmore ferry raised its fares by a tenth on Monday, the operator said."
    records = [
        {"title": f"Ferry news {n}", "text": f"{body} Item {n}.", "date": f"2023-10-0{n}"}
        for n in (4, 9)
    ]
    (tmp_path / "oneline.json").write_text(json.dumps(records))
    (tmp_path / "lines.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    items = "".join(
        f"<item><title>Ferry news {n}</title><description>{body} Item {n}.</description></item>"
        for n in (4, 9)
    )
    (tmp_path / "min.rss").write_text(f'<?xml version="1.0"?><rss><channel>{items}</channel></rss>')
    documents, skipped = by_id([tmp_path])
    assert not skipped
    for name in ("oneline.json", "min.rss"):
        assert documents[f"{name}#line-1"].metadata.title == "Ferry news 4"
        assert documents[f"{name}#line-1.2"].metadata.title == "Ferry news 9"
    assert sorted(doc_id for doc_id in documents if doc_id.startswith("lines")) == [
        "lines.jsonl#line-1",
        "lines.jsonl#line-2",
    ]


def test_a_record_author_that_is_a_contact_line_keeps_the_name(tmp_path: Path) -> None:
    text = "The council voted on Monday to repair the harbour bridge before the winter storms."
    record = {"id": "1", "text": text, "author": "Contact Ana Ruiz at (302) 555-0147 or"}
    (tmp_path / "one.jsonl").write_text(json.dumps(record) + "\n")
    documents, _ = by_id([tmp_path / "one.jsonl"])
    assert documents["one.jsonl#1"].metadata.byline == "Ana Ruiz"


NOTE = """---
title: Council approves **budget**
date: {date}
---
The council approved the budget on Monday after a long debate about the harbour bridge repairs.

| Item | Cost |
|------|------|
| Bridge | 4 million |

```
total = 4_000_000
```

The mayor said the vote was a good result for the town and its people.
"""


def test_markdown_tables_code_and_title_markup_are_plain_text(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text(NOTE.format(date="2023-02-10"))
    documents, skipped = by_id([tmp_path])
    note = documents["note.md"]
    assert (note.metadata.title, note.metadata.date, skipped) == (
        "Council approves budget",
        "2023-02-10",
        {},
    )
    lines = note.text.split("\n")
    assert "Item ; Cost" in lines and "Bridge ; 4 million" in lines
    assert "total = 4_000_000" in lines
    assert note.line_numbers[lines.index("Bridge ; 4 million")] == 9


@pytest.mark.parametrize("date", ["2023-02-30", "not a date"])
def test_an_unreadable_front_matter_date_is_a_warning(tmp_path: Path, date: str) -> None:
    (tmp_path / "note.md").write_text(NOTE.format(date=date))
    (document,), (warning,) = read_documents([tmp_path])
    assert document.metadata.date is None
    assert warning.warning and warning.path == f"{tmp_path / 'note.md'}:3"
    assert warning.reason == f"front matter date {date!r} is not a date; indexed without one"


def test_a_publisher_given_as_a_host_name_loses_its_www(tmp_path: Path) -> None:
    text = "The harbour ferry resumed service on Monday after two weeks of repairs to its hull."
    records = [
        {"id": "a", "source_domain": "www.cnn.com", "text": text},
        {"id": "b", "source": "WWW.USAToday.com", "text": text + " Riders returned."},
        {"id": "c", "source": "www Weekly", "text": text + " Fares are unchanged."},
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    documents, _ = by_id([path])
    assert [documents[f"export.jsonl#{key}"].metadata.source for key in "abc"] == [
        "cnn.com",
        "USAToday.com",
        "www Weekly",
    ]
