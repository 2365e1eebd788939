from pathlib import Path

import pytest

from qa.index.clean import clean_text
from qa.index.metadata import extract_metadata
from qa.index.records import Metadata

SEEDS = Path(__file__).parents[2] / "seeds"


def metadata_of(raw: str, file_name: str = "article.txt") -> Metadata:
    return extract_metadata(clean_text(raw), file_name=file_name, raw=raw)


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        (
            "000",
            Metadata(
                title="US Biden to Attempt Dialogue Rather Than Sanction Pressure on North Korea",
                source="The Asia Business Daily",
                byline="Reporter Lim Cheol-young",
            ),
        ),
        (
            "001",
            Metadata(
                title="Diplomatic authorities are aware of the results of the US presidential"
                " elections.",
                source=None,
                byline="Kijae Han, Reporter Kwon Ohhyuk",
            ),
        ),
        (
            "002",
            Metadata(
                title='Diplomacy and Security Experts Say "Difficult to Expect Substantial Results'
                ' Even if North Korea-US Talks Resume"',
                source="The Asia Business Daily",
                byline=None,
            ),
        ),
        (
            "003",
            Metadata(
                title="US falls short of persuading North Korea to dialogue: experts",
                source="The Korea Times",
                byline="Kang Seung-woo",
            ),
        ),
        (
            "004",
            Metadata(
                title='Two years have passed since the second "Golden Conference" ended in vain.',
                source="Chinanews",
                byline="Liu Cong",
            ),
        ),
    ],
)
def test_seed_metadata(prefix: str, expected: Metadata) -> None:
    assert metadata_of(seed(prefix)) == expected


def test_without_raw_text_the_cleaned_text_is_used() -> None:
    raw = seed("004")
    metadata = extract_metadata(clean_text(raw), file_name="004.txt")
    assert metadata == metadata_of(raw)


def test_wire_dateline_names_the_agency() -> None:
    raw = (
        "N. Korea fires two short-range missiles into East Sea\n\n"
        "SEOUL, Feb. 5 (Yonhap) -- North Korea fired two short-range ballistic missiles into the"
        " East Sea on Friday, the military said.\n"
    )
    metadata = metadata_of(raw)
    assert metadata.title == "N. Korea fires two short-range missiles into East Sea"
    assert metadata.source == "Yonhap"


def test_bracketed_credit_names_publisher_and_reporter() -> None:
    raw = (
        "Exports rise for a third month in a row\n\n"
        "[Asia Economy Reporter Kim Min-su] Exports rose 5 percent in May from a year earlier,"
        " the trade ministry said on Monday.\n"
    )
    metadata = metadata_of(raw)
    assert (metadata.source, metadata.byline) == ("Asia Economy", "Reporter Kim Min-su")


def test_copyright_holder_is_the_source() -> None:
    raw = (
        "Heavy rain floods parts of Busan\n\nBy John Roe\n\n"
        "Heavy rain flooded roads and homes in parts of Busan on Sunday, officials said.\n\n"
        "Copyright 2021 The Korea Herald. All rights reserved.\n"
    )
    metadata = metadata_of(raw)
    assert metadata == Metadata("Heavy rain floods parts of Busan", "The Korea Herald", "John Roe")


def test_a_title_suffix_that_is_not_the_publisher_stays() -> None:
    raw = "Kim Jong-un - the man behind the bomb\n\nHe has ruled the country since 2011.\n"
    assert metadata_of(raw).title == "Kim Jong-un - the man behind the bomb"


def test_markdown_heading_and_long_lead() -> None:
    assert metadata_of("# Markets close higher\n\nStocks rose.\n").title == "Markets close higher"
    lead = " ".join(["Stocks rose sharply on Monday as investors bet on lower rates."] * 4)
    assert (
        metadata_of(lead).title == "Stocks rose sharply on Monday as investors bet on lower rates."
    )


@pytest.mark.parametrize("raw", ["", "Close\n\nTop\n", "Hello\n"])
def test_file_stem_when_nothing_looks_like_a_headline(raw: str) -> None:
    metadata = metadata_of(raw, file_name="2021-05-04_korea.txt")
    assert metadata == Metadata(title="2021-05-04_korea")


BODY = "The council voted on Monday to repair the harbour bridge before the winter storms.\n\n"


@pytest.mark.parametrize(
    ("credit", "byline"),
    [
        ("Staff Writer Jan Moreau can be reached at 857-2207 or at.", "Jan Moreau"),
        ("Contact Ana Ruiz at ana@paper.example or. Follow her on Twitter @ana.", "Ana Ruiz"),
        ("Follow reporter Ola Berg on Twitter @olaberg.", "Ola Berg"),
        ("Reach reporter Amy Lund at. Reach reporter Li Wei at.", "Amy Lund, Li Wei"),
        ("| @someonewrites", None),
        ("Reach the reporter at 602-555-0199 or.", None),
        ("By Kang Seung-woo", "Kang Seung-woo"),
    ],
)
def test_a_contact_byline_keeps_only_the_names(credit: str, byline: str | None) -> None:
    metadata = metadata_of(f"Harbour bridge to be repaired\n\n{BODY}{credit}\n")
    assert metadata.byline == byline
