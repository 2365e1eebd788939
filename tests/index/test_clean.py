import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.index.clean import clean_text, find_repeated_lines, split_lines

SEEDS = Path(__file__).parents[2] / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))

FURNITURE = {
    "000": [
        "본문 바로가기",
        "bar_progress",
        "Text Size",
        "Close",
        '"US Biden to Attempt Dialogue Rather Than Sanction Pressure on North Korea"'
        " [Image source=AP Yonhap News]",
        '"US Biden to Attempt Dialogue Rather Than Sanction Pressure on North Korea"'
        " [Image source=Yonhap News]",
        "© The Asia Business Daily(www.asiae.co.kr). All rights reserved.",
        "Join us on social!",
        "Top",
    ],
    "001": [
        "[ad_1]",
        "Close the window",
        "Recommended itemDiplomatic authorities are aware of the results of the US presidential"
        " elections.Best Recommended News",
        "[ad_2]",
    ],
    "002": [
        "본문 바로가기",
        "bar_progress",
        "Text Size",
        "Close",
        'Diplomacy and Security Experts Say "Difficult to Expect Substantial Results Even if North'
        ' Korea-US Talks Resume" Donald Trump, President of the United States',
        "© The Asia Business Daily(www.asiae.co.kr). All rights reserved.",
        "Special Coverage",
        "Join us on social!",
        "Top",
    ],
    "003": [
        "The Korea Times",
        "ⓕ font-size",
        "• -2",
        "• -1",
        "• 0",
        "• +1",
        "• +2",
        "Top 10 Stories",
        "go top LETTER",
        "Sign up for eNewsletter",
    ],
    "004": [],
}

KEPT = {
    "000": [
        "Institute of Foreign Affairs and National Security publishes '2021 International"
        " Situation Outlook'"
    ],
    "001": ["Kijae Han [email\xa0protected], Reporter Kwon Ohhyuk"],  # a no-break space
    "002": [
        "Kyungnam University Institute of Far Eastern Studies",
        "Releases In-depth Survey of 40 Domestic Experts",
    ],
    "003": [
        "US falls short of persuading North Korea to dialogue: experts",
        "Washington puts ball to Pyongyang's court",
        "By Kang Seung-woo",
        "U.S. Secretary of State Antony Blinken / AFP-Yonhap",
    ],
    "004": [
        '"Top-down" and "Bottom-up"',
        '"Dead end" or "crossroads"',
        "Actively promote North Korea-US dialogue",
        'How big is the "catastrophic impact"?',
    ],
}

# A different site's page, to show that the rules are not a list of the seeds' strings.
OTHER_SITE = "\n".join(
    [
        "Skip to main content",
        "Home > Local News > City Hall",
        "Menu",
        "Search",
        "",
        "Seoul unveils plan to cut commuter fares for young workers",
        "",
        "Share this article",
        "",
        "By Jane Doe, Staff Writer",
        "",
        "The Seoul city government said on Monday it would cut subway and bus fares by a third"
        " for workers under 30, starting in July next year.",
        "Advertisement",
        "Officials said the discount would cost about 40 billion won a year and would be paid"
        " for by a new levy on parking in the city centre.",
        "",
        "Related: Bus drivers vote to strike over pay",
        "",
        "News | Politics | Economy | Opinion",
        "Commuter groups welcomed the plan but said it did not go far enough to help older"
        " workers on low incomes who travel long distances.",
        "",
        "We use cookies to give you the best experience on our website. By continuing you agree"
        " to our use of cookies.",
        "Accept all cookies",
        "",
        "Read more",
        "Copyright 2024 The Seoul Ledger. All rights reserved.",
        "Follow us",
        "",
    ]
)

OTHER_SITE_FURNITURE = [
    "Skip to main content",
    "Home > Local News > City Hall",
    "Menu",
    "Search",
    "Share this article",
    "Advertisement",
    "Related: Bus drivers vote to strike over pay",
    "News | Politics | Economy | Opinion",
    "We use cookies to give you the best experience on our website. By continuing you agree to"
    " our use of cookies.",
    "Accept all cookies",
    "Read more",
    "Copyright 2024 The Seoul Ledger. All rights reserved.",
    "Follow us",
]

SENTENCE_END = re.compile(r"""[.!?…]["'”’)\]]*$|["”’]$""")


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def paragraphs(raw: str) -> list[str]:
    """Lines of 12+ words ending in sentence punctuation or a closing quote."""
    lines = (line.strip() for line in split_lines(raw))
    return [line for line in lines if len(line.split()) >= 12 and SENTENCE_END.search(line)]


def assert_maps_back(raw: str, cleaned_text: str, line_numbers: tuple[int, ...]) -> None:
    original = split_lines(raw)
    lines = cleaned_text.split("\n") if cleaned_text else []
    assert len(lines) == len(line_numbers)
    assert list(line_numbers) == sorted(set(line_numbers))
    for line, number in zip(lines, line_numbers, strict=True):
        assert original[number - 1].strip() == line


@pytest.mark.parametrize("prefix", sorted(FURNITURE))
def test_no_furniture_line_survives(prefix: str) -> None:
    lines = clean_text(seed(prefix)).text.split("\n")
    assert [line for line in FURNITURE[prefix] if line in lines] == []


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.name[:3])
def test_every_paragraph_survives(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    lines = set(clean_text(raw).text.split("\n"))
    assert paragraphs(raw)
    assert [line for line in paragraphs(raw) if line not in lines] == []


@pytest.mark.parametrize("prefix", sorted(KEPT))
def test_subheadings_bylines_and_captions_survive(prefix: str) -> None:
    lines = clean_text(seed(prefix)).text.split("\n")
    assert [line for line in KEPT[prefix] if line not in lines] == []


def test_an_article_without_furniture_keeps_every_line() -> None:
    raw = seed("004")
    kept = [line for line in clean_text(raw).text.split("\n") if line]
    assert kept == [line.strip() for line in split_lines(raw) if line.strip()]


def test_duplicated_caption_is_kept_once() -> None:
    lines = clean_text(seed("003")).text.split("\n")
    assert lines.count("U.S. Secretary of State Antony Blinken / AFP-Yonhap") == 1


@pytest.mark.parametrize(
    ("prefix", "first_line"),
    [
        ("000", '"US Biden to Attempt Dialogue Rather Than Sanction Pressure on North Korea"'),
        (
            "001",
            "Diplomatic authorities are aware of the results of the US presidential elections.",
        ),
        ("002", 'Diplomacy and Security Experts Say "Difficult to Expect Substantial Results'),
        ("003", "US falls short of persuading North Korea to dialogue: experts - Korea Times"),
        ("004", "Chinanews, February 27th (Liu Cong) Two years have passed since"),
    ],
)
def test_headline_opens_the_cleaned_text(prefix: str, first_line: str) -> None:
    assert clean_text(seed(prefix)).text.startswith(first_line)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.name[:3])
def test_line_numbers_map_back_to_the_original(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    cleaned = clean_text(raw)
    assert_maps_back(raw, cleaned.text, cleaned.line_numbers)


def test_other_sites_furniture_is_removed_and_its_article_kept() -> None:
    cleaned = clean_text(OTHER_SITE)
    lines = cleaned.text.split("\n")
    assert [line for line in OTHER_SITE_FURNITURE if line in lines] == []
    assert lines[0] == "Seoul unveils plan to cut commuter fares for young workers"
    assert "By Jane Doe, Staff Writer" in lines
    article = [line for line in paragraphs(OTHER_SITE) if line not in OTHER_SITE_FURNITURE]
    assert len(article) == 3
    assert [line for line in article if line not in lines] == []
    assert_maps_back(OTHER_SITE, cleaned.text, cleaned.line_numbers)


def test_blank_runs_collapse_to_one_separator() -> None:
    raw = "\n\nFirst headline of the test article here\n\n\n\n   \nA line of text.   \n\n\n"
    cleaned = clean_text(raw)
    assert cleaned.text == "First headline of the test article here\n\nA line of text."
    assert cleaned.line_numbers == (3, 4, 8)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_other_line_endings_keep_line_numbers(newline: str) -> None:
    raw = seed("003").replace("\n", newline)
    cleaned = clean_text(raw)
    assert "\r" not in cleaned.text
    assert cleaned == clean_text(seed("003"))


def test_nothing_left_has_no_lines() -> None:
    cleaned = clean_text("Close\n\n[ad_1]\n• +1\n")
    assert cleaned.text == ""
    assert cleaned.line_numbers == ()


def test_find_repeated_lines_finds_mastheads_not_paragraphs() -> None:
    paragraph = "The central bank kept its policy rate unchanged on Thursday, as markets expected."
    texts = [
        f"Headline number {n} about markets\nThe Daily Planet\n\n{paragraph}\n\nStory {n}."
        for n in range(3)
    ]
    assert find_repeated_lines(texts) == frozenset({"The Daily Planet"})
    assert find_repeated_lines(texts[:2]) == frozenset()
    others = [f"Another headline {n}\nSome article text {n}." for n in range(7)]
    assert find_repeated_lines(texts + others) == frozenset()


def test_seeds_repeat_too_little_to_count() -> None:
    texts = [path.read_text(encoding="utf-8") for path in SEED_FILES]
    assert find_repeated_lines(texts) == frozenset()
    assert "Join us on social!" in find_repeated_lines(texts, min_documents=2)


def test_repeated_lines_are_dropped_except_paragraphs() -> None:
    raw = OTHER_SITE.replace("Share this article", "Morning Edition")
    paragraph = paragraphs(OTHER_SITE)[0]
    cleaned = clean_text(raw, repeated_lines=frozenset({"Morning Edition", paragraph}))
    lines = cleaned.text.split("\n")
    assert "Morning Edition" not in lines
    assert paragraph in lines


SEED_LINES = sorted(
    {line for path in SEED_FILES for line in split_lines(path.read_text(encoding="utf-8"))}
)


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(st.one_of(st.sampled_from(SEED_LINES), st.text(max_size=80)), max_size=40),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    repeated=st.frozensets(st.sampled_from(SEED_LINES).map(str.strip), max_size=5),
)
def test_kept_lines_are_original_lines(
    lines: list[str], newline: str, repeated: frozenset[str]
) -> None:
    raw = newline.join(lines)
    cleaned = clean_text(raw, repeated_lines=repeated)
    assert_maps_back(raw, cleaned.text, cleaned.line_numbers)
    kept = cleaned.text.split("\n") if cleaned.text else []
    assert "" not in (kept[:1] + kept[-1:])
    assert all(kept[i] or kept[i + 1] for i in range(len(kept) - 1))


def test_a_sites_repeated_lines_are_learnt_and_dropped() -> None:
    from qa.index.clean import SITE_REPEATS, Furniture

    promo = "Stay informed: Sign up for the Morning Ledger newsletter"
    furniture = Furniture()
    bodies = [
        f"Council story {n}\n{promo}\nThe council voted {n} to 2 on Monday to fund the new bridge"
        " over the river."
        for n in range(SITE_REPEATS)
    ]
    for body in bodies:
        furniture.add(body, site="ledger.example")
    furniture.add(f"Other site story\n{promo}\nA short note.", site="other.example")
    for n in range(3 * SITE_REPEATS):  # the promo is in too few of all articles to be the whole
        furniture.add(f"Other site story {n}\nA short note.", site="other.example")
    assert promo in furniture.lines("ledger.example")
    assert promo not in furniture.lines("other.example")
    cleaned = clean_text(bodies[0], repeated_lines=furniture.lines("ledger.example"))
    assert promo not in cleaned.text
    assert "The council voted 0 to 2 on Monday" in cleaned.text


@pytest.mark.parametrize(
    "dateline", ["New York CNN Business —", "CNN —", "Seoul, South Korea CNN —", "LONDON --"]
)
def test_a_dateline_alone_on_its_line_is_dropped(dateline: str) -> None:
    text = f"Bridge reopens after long repairs\n{dateline}\nThe bridge reopened on Saturday."
    assert dateline not in clean_text(text).text


def test_furniture_learnt_from_a_bounded_sample_still_finds_a_sites_repeats() -> None:
    from qa.index.clean import Furniture

    promo = "Sign up for the Morning Ledger newsletter"
    furniture = Furniture(sample_size=100)
    for n in range(2_000):
        furniture.add(f"Story {n}\n{promo}\nThe council met on day {n}.", site="ledger.example")
    assert promo in furniture.lines("ledger.example")
    assert "Story 7" not in furniture.lines("ledger.example")
    assert len(furniture._sample) == 100
