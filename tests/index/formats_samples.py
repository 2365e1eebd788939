"""Small articles in every format qa reads, written by the tests themselves."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<title>Harbor Bridge reopens after repairs | Riverton Daily</title>
<meta property="og:title" content="Harbor Bridge reopens after repairs">
<meta property="og:site_name" content="Riverton Daily">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2022-11-12T08:00:00Z">
<link rel="canonical" href="https://riverton.example/news/harbor-bridge">
</head>
<body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sports">Sports</a></nav>
<div class="ad">Advertisement: Buy the Zephyr phone today and save!</div>
<article>
<h1>Harbor Bridge reopens after repairs</h1>
<p>The Harbor Bridge reopened to traffic on Saturday after eight months of repairs that cost
the city $4.2 million, officials said.</p>
<p>Mayor Ana Ortiz thanked the crews who worked through the winter and said the bridge would
carry about 30,000 cars a day.</p>
<p>Engineers replaced the deck, the railings and two of the support cables during the project.</p>
</article>
<footer>&copy; 2022 Riverton Daily. All rights reserved. <a href="/privacy">Privacy policy</a>
</footer>
</body>
</html>
"""

ODD_RECORDS = [
    {
        "Headline": "Ferry service resumes after strike",
        "Body": "The island ferry resumed service on Monday after a two-week strike by deckhands"
        " ended, the operator said.\nTickets bought during the strike will be refunded in full.",
        "pubDate": "Mon, 14 Nov 2022 06:00:00 GMT",
        "Link": "https://coast.example/ferry",
        "byline": ["Sam Lee", "Kim Cho"],
        "publisher": {"name": "Coast Times"},
    },
    '{"title": "a broken line',
    {"headline": "No text in this record", "url": "https://coast.example/empty"},
    {
        "id": 42,
        "title": "Fish market moves to Pier 3",
        "maintext": "The harbor fish market will move to a new hall on Pier 3 next spring, the"
        " port authority announced on Tuesday.",
        "date_publish": "2022-11-15 10:00:00",
    },
]

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>Riverton Daily</title>
<link>https://riverton.example/</link>
<language>en</language>
<item>
<title>Library extends opening hours</title>
<link>https://riverton.example/news/library-hours</link>
<guid>riverton-1001</guid>
<pubDate>Tue, 15 Nov 2022 09:30:00 GMT</pubDate>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>The Riverton public library will stay open until 10 p.m. on
weekdays starting in December, the city council decided on Monday.</p><p>Council member Lee
Park said students had asked for more evening study space.</p>]]></content:encoded>
</item>
<item>
<title>Snow expected this weekend</title>
<link>https://riverton.example/news/snow</link>
<pubDate>Wed, 16 Nov 2022 07:00:00 GMT</pubDate>
<description>Forecasters expect up to 20 centimeters of snow in the hills north of Riverton
on Saturday night.</description>
</item>
</channel>
</rss>
"""

FRONT_MATTER = """---
title: "Riverton schools get new buses"
date: 2022-11-12
author: Jane Roe
source: Riverton Daily
url: https://riverton.example/news/buses
---
# Riverton schools get new buses

The district bought **twelve electric buses** for *$4.2 million*, said
[superintendent Maria Gomez](https://riverton.example/gomez) on Friday.

![a bus](bus.jpg)

- The buses arrive in `January`.
- Drivers will train in December.
"""

CP1252 = (
    "Stadium roof “finally” finished\r\n\r\n"
    "The new stadium roof cost €12 million — twice the first estimate, the club’s chairman"
    " said on Sunday.\r\n"
)
UTF16 = (
    "New city tram line opens\n\nThe first tram carried 340 passengers on its opening run on"
    " Friday.\n"
)


def write_samples(folder: Path) -> Path:
    """One file of each format in ``folder``; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bridge.html").write_text(HTML, encoding="utf-8")
    lines = [r if isinstance(r, str) else json.dumps(r) for r in ODD_RECORDS]
    (folder / "coast.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "riverton.rss").write_text(FEED, encoding="utf-8")
    (folder / "buses.md").write_text(FRONT_MATTER, encoding="utf-8")
    (folder / "stadium.txt").write_bytes(CP1252.encode("cp1252"))
    (folder / "tram.txt").write_bytes(UTF16.encode("utf-16"))
    return folder


def write_archive(path: Path, records: list[dict]) -> Path:
    """``records`` as a gzipped JSON Lines file."""
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
    return path
