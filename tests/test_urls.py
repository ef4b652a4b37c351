"""URLs: only http(s) gets in, the kind of source a URL names, and what archive URLs carry."""

from __future__ import annotations

import sys
import unicodedata
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.errors import InvalidURL
from provenance.urls import (
    ArchiveInfo,
    SourceKind,
    check_url,
    infer_source_kind,
    parse_archive_url,
    x_status_id,
)

S1_URL = "https://x.com/DavidSacks/status/1986476616155316531"
WSJ_URL = "https://www.wsj.com/economy/ai-spending-growth-risks-0000aaaa"

original_urls = st.from_regex(
    r"\Ahttps?://[a-z]{1,12}\.(com|org|fr)(/[A-Za-z0-9._~%-]{1,12}){0,3}(\?[a-z]=[0-9]{1,3})?\Z"
)


# --- check_url ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (S1_URL, S1_URL),
        ("http://example.org", "http://example.org"),
        ("HTTPS://EXAMPLE.ORG/A", "HTTPS://EXAMPLE.ORG/A"),
        ("  https://example.org/a?b=1#c \n", "https://example.org/a?b=1#c"),
        ("https://example.org:8443/x", "https://example.org:8443/x"),
        ("https://[2001:db8::1]/x", "https://[2001:db8::1]/x"),
    ],
)
def test_check_url_accepts_http_and_https(url: str, expected: str) -> None:
    assert check_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/file",
        "mailto:someone@example.org",
        "example.org/a",
        "//example.org/a",
        "www.wsj.com",
        "https://",
        "http:///path",
        "https:example.org",
        "https://user@:80/",
        "https://example.org/a b",
        "https://exa mple.org/",
        "https://example.org/a\tb",
        "https://example.org/\x00",
        "\x01https://example.org/",
        "https://[::1/",
        "http://example.org:99999/",
        "https://example.org:abc/",
        "",
        "   ",
    ],
)
def test_check_url_refuses_everything_else(url: str) -> None:
    with pytest.raises(InvalidURL) as caught:
        check_url(url, "source URL")
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith("source URL")


@given(st.text())
def test_check_url_returns_http_or_raises_invalid_url(text: str) -> None:
    try:
        url = check_url(text)
    except InvalidURL:
        return
    assert url.lower().startswith(("http://", "https://"))
    assert url == url.strip()


def test_check_url_refuses_every_control_character_and_every_space() -> None:
    """Over all of Unicode: refused for a control character (category Cc) that is not space, and
    for any character str.isspace() calls space, exactly as the definitions say."""
    control, spaces = [], []
    for code in range(sys.maxunicode + 1):
        try:
            check_url(f"https://example.org/a{chr(code)}b")
        except InvalidURL as error:
            (control if "control characters" in error.message else spaces).append(chr(code))
    assert control == [c for c in map(chr, range(sys.maxunicode + 1)) if _cc_not_space(c)]
    assert spaces == [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()]


def _cc_not_space(char: str) -> bool:
    return unicodedata.category(char) == "Cc" and not char.isspace()


@given(st.sampled_from(["http://", "https://", "HTTP://", "https:", "http:/"]), st.text())
def test_check_url_on_scheme_prefixed_text(scheme: str, rest: str) -> None:
    try:
        url = check_url(scheme + rest)
    except InvalidURL:
        return
    assert url.lower().startswith(("http://", "https://"))
    assert not any(ch.isspace() for ch in url)


# --- source kinds --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        (S1_URL, SourceKind.X_POST),
        ("https://twitter.com/DavidSacks/status/1986476616155316531", SourceKind.X_POST),
        ("https://mobile.twitter.com/DavidSacks/status/12/photo/1", SourceKind.X_POST),
        ("https://www.x.com/i/web/status/123", SourceKind.X_POST),
        ("https://X.COM/DavidSacks/statuses/42", SourceKind.X_POST),
        ("https://x.com/DavidSacks", SourceKind.OTHER),
        ("https://notx.com/DavidSacks/status/1", SourceKind.OTHER),
        (WSJ_URL, SourceKind.NEWS_ARTICLE),
        ("https://wsj.com/articles/x", SourceKind.NEWS_ARTICLE),
        ("https://www.lemonde.fr/economie/article/2025/11/24/x.html", SourceKind.NEWS_ARTICLE),
        (
            "https://www.whitehouse.gov/presidential-actions/2025/11/launching-the-genesis-mission/",
            SourceKind.EXECUTIVE_ORDER,
        ),
        ("https://www.whitehouse.gov/briefings-statements/2025/11/x/", SourceKind.OTHER),
        ("https://hannibalgenseric.blogspot.com/2025/11/usa-un-decret.html", SourceKind.BLOG_POST),
        ("https://garymarcus.substack.com/p/x", SourceKind.BLOG_POST),
        ("https://example.org/2025/11/article", SourceKind.OTHER),
    ],
)
def test_infer_source_kind(url: str, kind: SourceKind) -> None:
    assert infer_source_kind(url) is kind


@pytest.mark.parametrize(
    ("url", "status"),
    [
        (S1_URL, "1986476616155316531"),
        ("https://twitter.com/DavidSacks/status/1986476616155316531?s=20", "1986476616155316531"),
        ("https://x.com/i/web/status/123", "123"),
        ("https://x.com/DavidSacks", None),
        ("https://x.com/DavidSacks/status/", None),
        ("https://example.org/DavidSacks/status/123", None),
    ],
)
def test_x_status_id(url: str, status: str | None) -> None:
    assert x_status_id(url) == status


# --- archive URLs --------------------------------------------------------------------------------


@given(
    st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)),
    original_urls,
    st.sampled_from(["", "id_", "im_", "if_"]),
)
def test_wayback_timestamp_round_trips(moment: datetime, original: str, modifier: str) -> None:
    moment = moment.replace(microsecond=0)
    archive = f"https://web.archive.org/web/{moment:%Y%m%d%H%M%S}{modifier}/{original}"
    assert check_url(archive) == archive
    info = parse_archive_url(archive)
    assert info.service == "wayback"
    assert info.captured_at == moment.replace(tzinfo=UTC)
    assert info.original_url == original


@pytest.mark.parametrize(
    ("stamp", "captured"),
    [
        ("2025", datetime(2025, 1, 1, tzinfo=UTC)),
        ("202511", datetime(2025, 11, 1, tzinfo=UTC)),
        ("20251124", datetime(2025, 11, 24, tzinfo=UTC)),
        ("2025112418", datetime(2025, 11, 24, 18, tzinfo=UTC)),
        ("202511241834", datetime(2025, 11, 24, 18, 34, tzinfo=UTC)),
        ("20251124183412", datetime(2025, 11, 24, 18, 34, 12, tzinfo=UTC)),
    ],
)
def test_wayback_shortened_timestamps(stamp: str, captured: datetime) -> None:
    info = parse_archive_url(f"https://web.archive.org/web/{stamp}/{WSJ_URL}")
    assert info == ArchiveInfo("wayback", captured, WSJ_URL)


def test_wayback_id_form() -> None:
    info = parse_archive_url(f"https://web.archive.org/web/20251124173400id_/{S1_URL}")
    assert info.service == "wayback"
    assert info.captured_at == datetime(2025, 11, 24, 17, 34, tzinfo=UTC)
    assert info.original_url == S1_URL


@pytest.mark.parametrize(
    "stamp", ["20251324000000", "20251132000000", "20250230120000", "20251124250000", "20251124186100"]
)
def test_impossible_wayback_timestamps_have_no_capture_time(stamp: str) -> None:
    info = parse_archive_url(f"https://web.archive.org/web/{stamp}/{WSJ_URL}")
    assert info.service == "wayback"
    assert info.captured_at is None
    assert info.original_url == WSJ_URL


def test_wayback_without_timestamp() -> None:
    info = parse_archive_url("https://web.archive.org/web/20251124180000*/wsj.com")
    assert (info.service, info.captured_at, info.original_url) == ("wayback", None, None)


def test_archive_today_with_timestamp() -> None:
    for host in ("archive.ph", "archive.today", "archive.is"):
        info = parse_archive_url(f"https://{host}/2025.11.24-173400/{S1_URL}")
        assert info.service == "archive.today"
        assert info.captured_at == datetime(2025, 11, 24, 17, 34, tzinfo=UTC)
        assert info.original_url == S1_URL


def test_archive_today_without_timestamp() -> None:
    info = parse_archive_url("https://archive.ph/AbC12")
    assert (info.service, info.captured_at, info.original_url) == ("archive.today", None, None)


def test_archive_today_impossible_timestamp() -> None:
    info = parse_archive_url(f"https://archive.ph/2025.13.24-173400/{S1_URL}")
    assert info.service == "archive.today"
    assert info.captured_at is None


def test_other_hosts_are_not_archives_with_a_time() -> None:
    info = parse_archive_url("https://www.example.org/web/20251124180000/https://x.com")
    assert info.service == "example.org"
    assert info.captured_at is None
    assert info.original_url is None
