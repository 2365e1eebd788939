"""Remove the page furniture that scraped news text carries, keeping the article verbatim.

Cleaning works on whole lines: a line is kept exactly as written (only surrounding whitespace is
stripped) or dropped. Rules are general, not a list of one site's strings:

- anywhere: copyright lines ("©", "Copyright 2021 ...", "... All rights reserved.") and cookie
  banners ("We use cookies ... you ...");
- never for a paragraph (12+ words ending a sentence): lines without letters ("• -2"), markup
  identifiers ("bar_progress", "[ad_1]"), bare e-mail markers, short lines made only of UI words
  ("Text Size", "Close the window", "Share this article"), link labels ("Related: ..."),
  breadcrumbs and menu bars ("Home > News > Politics");
- around the headline (the first line of 4+ words that is not furniture, or a shorter first line
  right before a body sentence: "Storm", "Ferry fares rise"): short lines before it,
  later lines that repeat it inside a longer non-sentence (photo captions, "Recommended ..."
  widgets) and lines naming the site of a "Headline - Site" title;
- short non-sentence lines that occur twice in a document (mastheads), and after the last body
  sentence (footers), except bylines;
- lines repeated across a collection (``find_repeated_lines``) or across several articles of one
  site (``Furniture``: ad prompts, newsletter promos, "Follow ... on Twitter", "This story has
  been updated ..."), bare datelines on a line of their own ("New York CNN Business —"), an exact
  repeat of the previous kept line (duplicated photo captions keep their first copy).

Runs of blank lines become one blank line; blank lines at either end are dropped.
"""

from __future__ import annotations

import functools
import math
import random
import re
import string
from collections import Counter
from collections.abc import Container, Sequence
from dataclasses import dataclass

from qa.index.records import CleanedText

_PARAGRAPH_WORDS = 12
_DATELINE_WORDS = 8
SITE_REPEATS = 5
"""A short line in this many articles of one site is its furniture. Fit on news-2023's
articles.jsonl (1,600 articles of 3 sites, ``python -m bench.furniture``): at 5, promos, bylines
and wire credits go while list entries repeated in 3-4 articles of a site (Oscar nominees,
"Best actor") stay."""
_HEADLINE_WORDS = 4
_SHORT_WORDS = 6
_BODY_WORDS = 8
_NOTICE_WORDS = 30

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SENTENCE_END = re.compile(r"""(?:[.!?…]["'”’)\]]*|["”’])$""")
_QUOTES = {'"': '"', "“": "”", "'": "'", "‘": "’"}
_TOKEN_PUNCT = string.punctuation + "“”‘’«»‹›•·…–—―©®™"
_IDENTIFIER = re.compile(r"^[\[{<(]*[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+[\]}>)]*$")
_EMAIL_ONLY = re.compile(r"^(?:\[email\s*protected\]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)$", re.IGNORECASE)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4}))|\ball rights reserved\b", re.IGNORECASE
)
_COPYRIGHT_WORD = re.compile(r"^copyright\b", re.IGNORECASE)
_COOKIE_BANNER = re.compile(
    r"\b(?:we|this (?:web)?site|our (?:web)?site)\s+uses?\s+cookies\b.*\byour?\b", re.IGNORECASE
)
_LINK_LABEL = re.compile(
    r"^(?:related(?: stories| articles| news| coverage)?|read (?:more|also|next)|also read"
    r"|see also|more (?:on|from) [^:]{1,30}|recommended(?: stories| articles| reading)?"
    r"|editor'?s picks?|watch|listen)\s*[:：|>»›]",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^By\s+[A-Z]|\b(?:[Rr]eporter|[Cc]orrespondent|[Ss]taff [Ww]riter|[Rr]eporting by)\s+[A-Z]"
    r"|\[email\s*protected\]|@[\w-]+\.\w",
)
_MENU_SEPARATOR = re.compile(r"\s[>›»|/•·]\s")
_BARE_DATELINE = re.compile(r"^[A-Z][\w.,'’ ()-]*\s(?:—|--|–)$")
_SITE_SUFFIX = re.compile(r"^(?P<head>.+?)\s+[-|–—·]\s+(?P<site>[^-|–—·]+)$")

# Words of page controls and widgets; a short line made only of these (and filler) is not text.
_UI_VOCABULARY = """
    skip main content menu navigation nav search home close top back go next previous prev page
    text size font print email e-mail share shares tweet facebook twitter linkedin whatsapp
    kakaotalk instagram youtube telegram social follow join subscribe subscription sign login
    log logout register newsletter enewsletter letter advertisement advertising ad ads sponsored
    cookie cookies accept settings privacy policy terms copy link comments comment reply more
    read related recommended popular trending latest stories story news best article articles
    video gallery listen audio play toggle show hide expand collapse window app download scroll
    up item items view
    본문 바로가기 메뉴 검색 닫기 로그인 공유 구독 기사 이전 다음 맨위로
"""
_FILLER = "a an the to of on in for and or us our this that with by at from me my your you all here"
_UI_WORDS = frozenset(_UI_VOCABULARY.split())
_STOP_WORDS = frozenset(_FILLER.split())


def split_lines(raw: str) -> list[str]:
    """The lines of ``raw`` as an editor numbers them (``\\r\\n``, ``\\r``, ``\\n`` end one)."""
    return _LINE_BREAK.split(raw)


@functools.lru_cache(maxsize=1 << 12)
def words(line: str) -> tuple[str, ...]:
    """Whitespace-separated tokens of ``line`` that contain at least one letter (cached: the
    rules of one article ask for the same lines several times)."""
    return tuple(token for token in line.split() if token.isalpha() or any(map(str.isalpha, token)))


def ends_sentence(line: str) -> bool:
    """Whether ``line`` ends with sentence punctuation or a closing quote."""
    return bool(_SENTENCE_END.search(line))


def is_paragraph(line: str) -> bool:
    """Whether ``line`` is article prose (12+ words ending a sentence), never furniture."""
    return len(words(line)) >= _PARAGRAPH_WORDS and ends_sentence(line)


def looks_like_byline(line: str) -> bool:
    """Whether a short line credits a writer ("By Kang Seung-woo", "..., Reporter Kwon Ohhyuk")."""
    return len(words(line)) <= _PARAGRAPH_WORDS and bool(_BYLINE.search(line))


def is_copyright(line: str) -> bool:
    """Whether ``line`` is a notice like "© X", "Copyright 2021 X" or "X. All rights reserved."."""
    count = len(words(line))
    if count <= _NOTICE_WORDS and _COPYRIGHT.search(line):
        return True
    return count <= _SHORT_WORDS and bool(_COPYRIGHT_WORD.match(line))


def strip_quotes(line: str) -> str:
    """``line`` without a pair of quotes wrapping all of it (a quoted headline)."""
    if len(line) > 2 and _QUOTES.get(line[0]) == line[-1] and line[-1] not in line[1:-1]:
        return line[1:-1].strip()
    return line


def site_suffix(line: str) -> tuple[str, str] | None:
    """Split a "Headline - Site" title into ``(headline, site)``; None when it has no such tail."""
    match = _SITE_SUFFIX.match(line)
    if match is None:
        return None
    head, site = match["head"], match["site"].strip()
    if len(words(head)) < 3 or not 1 <= len(words(site)) <= 5 or not site[0].isupper():
        return None
    if ends_sentence(site):
        return None
    return head, site


def find_repeated_lines(texts: Sequence[str], *, min_documents: int = 3) -> frozenset[str]:
    """Lines (stripped) that recur across a collection, such as a site's masthead or footer.

    A line counts when it appears in at least ``min_documents`` different texts and in at least a
    third of them, so that one story syndicated by a few sites in a large collection keeps its
    lines. Paragraphs never count: a wire story copied verbatim must not lose its text.
    """
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(
            {line for line in map(str.strip, split_lines(text)) if line and not is_paragraph(line)}
        )
    threshold = max(min_documents, math.ceil(len(texts) / 3))
    return frozenset(line for line, count in counts.items() if count >= threshold)


FURNITURE_SAMPLE = 5_000
"""Articles whose lines a ``Furniture`` keeps to learn repeats from: every article of a
collection up to this size (news-2023 has 1,600), a uniform sample of larger archives, so that
memory stays bounded whatever an archive holds (about 2 KB per sampled article)."""


class Furniture:
    """Learns the lines repeated across articles: a collection's (``find_repeated_lines``:
    ``min_documents`` articles and a third of them) and each site's (``site_repeats`` of its
    articles: ad prompts, newsletter promos, "Follow ... on Twitter").

    Feed it every article's text with its site (``add``) in a first pass, then ask for the lines
    to drop from an article of a site (``lines``) in a second. Only hashes of each article's
    distinct lines are kept, for a reservoir sample of ``sample_size`` articles (seeded, so a
    collection read twice learns the same lines): exact counts up to ``sample_size`` articles,
    counts in a uniform sample above, where a site's line must then be in ``site_repeats`` of
    its sampled articles. Paragraphs are counted too, but ``clean_text`` never drops one as a
    repeat. Articles without a known site count as one site.
    """

    def __init__(
        self,
        *,
        min_documents: int = 3,
        site_repeats: int = SITE_REPEATS,
        sample_size: int = FURNITURE_SAMPLE,
    ) -> None:
        self.min_documents = min_documents
        self.site_repeats = site_repeats
        self.sample_size = sample_size
        self._sample: list[tuple[str | None, frozenset[int]]] = []
        self._added = 0
        self._random = random.Random(0)
        self._learnt: dict[str | None, frozenset[int]] | None = None

    def add(self, text: str, *, site: str | None) -> None:
        """Count the distinct lines of one article of ``site``."""
        entry = (site, frozenset(hash(line) for line in map(str.strip, split_lines(text)) if line))
        self._added += 1
        self._learnt = None
        if len(self._sample) < self.sample_size:
            self._sample.append(entry)
            return
        slot = self._random.randrange(self._added)
        if slot < self.sample_size:
            self._sample[slot] = entry

    def lines(self, site: str | None) -> Container[str]:
        """The stripped lines to drop from an article of ``site``."""
        learnt = self._learn()
        return _HashedLines(learnt[None] | learnt.get(site or "", frozenset()))

    def _learn(self) -> dict[str | None, frozenset[int]]:
        """``None``: the collection's repeats; ``site or ""``: each site's."""
        if self._learnt is None:
            overall: Counter[int] = Counter()
            by_site: dict[str, Counter[int]] = {}
            for site, hashes in self._sample:
                overall.update(hashes)
                by_site.setdefault(site or "", Counter()).update(hashes)
            threshold = max(self.min_documents, math.ceil(len(self._sample) / 3))
            learnt: dict[str | None, frozenset[int]] = {
                site: frozenset(h for h, count in counts.items() if count >= self.site_repeats)
                for site, counts in by_site.items()
            }
            learnt[None] = frozenset(h for h, count in overall.items() if count >= threshold)
            self._learnt = learnt
        return self._learnt


@dataclass(frozen=True)
class _HashedLines:
    """Lines known by their hashes (``line in lines``)."""

    hashes: frozenset[int]

    def __contains__(self, line: object) -> bool:
        return hash(line) in self.hashes


def clean_text(raw: str, *, repeated_lines: Container[str] = frozenset()) -> CleanedText:
    """Drop page furniture from ``raw`` and map each kept line to its original line number.

    Args:
        raw: the decoded file, with any line endings.
        repeated_lines: stripped lines to drop unless they are paragraphs, usually from
            ``Furniture`` over the collection being indexed.

    Returns:
        The kept lines joined by ``"\\n"``; an empty text has no lines (``line_numbers == ()``).
    """
    lines = [line.strip() for line in split_lines(raw)]
    keep = [
        bool(line)
        and not _is_boilerplate(line)
        and (is_paragraph(line) or not (_is_ui_junk(line) or line in repeated_lines))
        for line in lines
    ]
    headline = _find_headline(lines, keep)
    if headline is not None:
        _drop_around_headline(lines, keep, headline)
    _drop_masthead_repeats(lines, keep, headline)
    _drop_footer(lines, keep)
    return _assemble(lines, keep)


def _find_headline(lines: list[str], keep: list[bool]) -> int | None:
    """The first kept line of 4+ words that is not furniture; or a shorter first kept line
    ("Storm", "Ferry fares rise") when the next kept line is already a body sentence."""
    kept = [i for i, line in enumerate(lines) if keep[i]]
    headline = next((i for i in kept if len(words(lines[i])) >= _HEADLINE_WORDS), None)
    if len(kept) > 1 and headline == kept[1]:
        first, after = lines[kept[0]], lines[kept[1]]
        if words(first) and not ends_sentence(first) and ends_sentence(after):
            return kept[0]
    return headline


def keep_all(text: str) -> CleanedText:
    """``text`` laid out as ``clean_text`` lays out what it keeps, without dropping any line:
    for text that is already free of furniture (extracted from HTML by trafilatura)."""
    lines = [line.strip() for line in split_lines(text)]
    return _assemble(lines, [True] * len(lines))


def _is_boilerplate(line: str) -> bool:
    """Copyright and cookie notices, dropped even when they read like sentences, and datelines
    left alone on a line ("Washington CNN —")."""
    cookies = len(words(line)) <= _NOTICE_WORDS and bool(_COOKIE_BANNER.search(line))
    dateline = len(line.split()) <= _DATELINE_WORDS and bool(_BARE_DATELINE.match(line))
    return cookies or dateline or is_copyright(line)


def _is_ui_junk(line: str) -> bool:
    """Lines that are markup, controls or link labels rather than text."""
    if not any(char.isalpha() for char in line):
        return True
    if _IDENTIFIER.match(line) or _EMAIL_ONLY.match(line) or _LINK_LABEL.match(line):
        return True
    return _is_ui_words(line) or _is_menu(line)


def _is_ui_words(line: str) -> bool:
    """A short line of interface words and filler, with at least one interface word."""
    tokens = [token.strip(_TOKEN_PUNCT).casefold() for token in words(line)]
    if not tokens or len(tokens) > _SHORT_WORDS:
        return False
    ui = [token for token in tokens if _is_ui_token(token)]
    return bool(ui) and all(token in ui or token in _STOP_WORDS for token in tokens)


def _is_menu(line: str) -> bool:
    """A breadcrumb or menu bar: three or more short items between separators ("A > B > C")."""
    items = _MENU_SEPARATOR.split(line)
    short = all(len(words(item)) <= 4 for item in items)
    return len(items) >= 3 and short and not ends_sentence(line)


def _is_ui_token(token: str) -> bool:
    parts = re.split(r"[-_]", token)
    return token in _UI_WORDS or (len(parts) > 1 and all(part in _UI_WORDS for part in parts))


def _is_short_label(line: str) -> bool:
    """A short line that is not a sentence: a label, masthead or navigation entry."""
    return len(words(line)) <= _SHORT_WORDS and not ends_sentence(line)


def _drop_around_headline(lines: list[str], keep: list[bool], headline: int) -> None:
    """Drop what precedes the headline, echoes of it, and lines naming its site suffix."""
    for i in range(headline):
        keep[i] = False
    title = lines[headline]
    core = strip_quotes(title).casefold()
    suffix = site_suffix(title)
    site = _without_article(suffix[1]) if suffix else None
    for i in range(headline + 1, len(lines)):
        line = lines[i]
        if not keep[i] or is_paragraph(line) or looks_like_byline(line):
            continue
        folded = line.casefold()
        echo = (
            len(words(core)) >= _HEADLINE_WORDS
            and core in folded
            and len(folded) > len(core)
            and not ends_sentence(line)
        )
        masthead = site is not None and _is_short_label(line) and _without_article(line) == site
        if echo or masthead:
            keep[i] = False


def _without_article(name: str) -> str:
    return re.sub(r"^the\s+", "", name.casefold())


def _drop_masthead_repeats(lines: list[str], keep: list[bool], headline: int | None) -> None:
    """Drop short labels that occur more than once in the document, such as a masthead."""
    counts = Counter(
        line
        for i, line in enumerate(lines)
        if line and _is_short_label(line) and not (i > 0 and lines[i - 1] == line)
    )
    for i, line in enumerate(lines):
        if keep[i] and i != headline and counts[line] > 1 and not looks_like_byline(line):
            keep[i] = False


def _drop_footer(lines: list[str], keep: list[bool]) -> None:
    """Drop short labels after the last body sentence, keeping bylines."""
    body = [
        i
        for i, line in enumerate(lines)
        if keep[i] and ends_sentence(line) and len(words(line)) >= _BODY_WORDS
    ]
    if not body:
        return
    for i in range(body[-1] + 1, len(lines)):
        line = lines[i]
        if keep[i] and _is_short_label(line) and not looks_like_byline(line):
            keep[i] = False


def _assemble(lines: list[str], keep: list[bool]) -> CleanedText:
    """Join kept lines, dropping repeats of the previous kept line and collapsing blank runs."""
    kept: list[str] = []
    numbers: list[int] = []
    pending_blank: int | None = None
    for number, (line, wanted) in enumerate(zip(lines, keep, strict=True), start=1):
        if not line:
            if kept and pending_blank is None:
                pending_blank = number
            continue
        if not wanted or (kept and kept[-1] == line):
            continue
        if pending_blank is not None:
            kept.append("")
            numbers.append(pending_blank)
            pending_blank = None
        kept.append(line)
        numbers.append(number)
    return CleanedText(text="\n".join(kept), line_numbers=tuple(numbers))
