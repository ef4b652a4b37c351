"""URLs: what prov accepts, what kind of source a URL points at, what an archive URL says."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from urllib.parse import urlsplit

from provenance.errors import InvalidURL


class SourceKind(StrEnum):
    X_POST = "x_post"
    NEWS_ARTICLE = "news_article"
    EXECUTIVE_ORDER = "executive_order"
    BLOG_POST = "blog_post"
    SPEECH = "speech"
    INTERVIEW = "interview"
    OTHER = "other"


SOURCE_KINDS = tuple(k.value for k in SourceKind)

_STATUS = re.compile(r"^/(?:[A-Za-z0-9_]+|i/web)/status(?:es)?/(?P<id>\d+)")
_X_HOSTS = {"x.com", "twitter.com", "mobile.twitter.com", "mobile.x.com"}
_NEWS_HOSTS = {
    "wsj.com", "nytimes.com", "washingtonpost.com", "ft.com", "bloomberg.com", "reuters.com",
    "apnews.com", "theguardian.com", "lemonde.fr", "lefigaro.fr", "liberation.fr", "bbc.co.uk",
    "bbc.com", "cnn.com", "politico.com", "axios.com", "economist.com", "nbcnews.com",
}  # fmt: skip
_BLOG_SUFFIXES = (".blogspot.com", ".substack.com", ".wordpress.com", ".medium.com")
_WAYBACK = re.compile(r"^/web/(?P<ts>\d{4,14})(?:[a-z]{2}_)?/(?P<url>.+)$")
_ARCHIVE_TODAY_HOSTS = {
    "archive.ph", "archive.is", "archive.today", "archive.li", "archive.md", "archive.vn",
    "archive.fo",
}  # fmt: skip
_ARCHIVE_TODAY_TS = re.compile(r"^/(?P<ts>\d{4}\.\d{2}\.\d{2}-\d{6})/(?P<url>.+)$")
# The control characters (Unicode category Cc) that str.isspace() does not count as space, as one
# class: a bulk import checks millions of URLs, and a character-by-character loop was most of it.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
# re's \s is str.isspace(), Unicode spaces included.
_SPACE = re.compile(r"\s")


def check_url(url: str, what: str = "URL") -> str:
    """Return the URL stripped of surrounding space, or refuse anything but http(s) with a host."""
    text = (url or "").strip()
    # urlsplit silently drops leading control characters, so "\x01https://..." would pass as
    # https while the stored text starts with \x01.
    if _CONTROL.search(text):
        raise InvalidURL(f"{what} {text!r} contains control characters", "remove them")
    try:
        parts = urlsplit(text)
        hostname = parts.hostname
        # Reading the port is what refuses one that is not a number in 0-65535.
        _ = parts.port
    except ValueError as exc:
        raise InvalidURL(f"{what} {text!r} is malformed ({exc})", "check the brackets and the port") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidURL(f"{what} {text!r} is not an http(s) URL", "give an address starting with https://")
    if not hostname:
        raise InvalidURL(f"{what} {text!r} has no host", "give a full address such as https://x.com/...")
    if _SPACE.search(text):
        raise InvalidURL(f"{what} {text!r} contains spaces", "percent-encode them as %20")
    return text


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def x_status_id(url: str) -> str | None:
    """The status id of a post on X (or Twitter), if the URL is one."""
    if _host(url) not in _X_HOSTS:
        return None
    match = _STATUS.match(urlsplit(url).path)
    return match.group("id") if match else None


def infer_source_kind(url: str) -> SourceKind:
    host = _host(url)
    path = urlsplit(url).path.lower()
    if x_status_id(url):
        return SourceKind.X_POST
    if host == "whitehouse.gov" and path.startswith("/presidential-actions/"):
        return SourceKind.EXECUTIVE_ORDER
    if host == "federalregister.gov" and "executive-order" in path:
        return SourceKind.EXECUTIVE_ORDER
    if host in _NEWS_HOSTS or any(host.endswith("." + h) for h in _NEWS_HOSTS):
        return SourceKind.NEWS_ARTICLE
    if host.endswith(_BLOG_SUFFIXES) or host in {"medium.com", "substack.com"}:
        return SourceKind.BLOG_POST
    return SourceKind.OTHER


@dataclass(frozen=True)
class ArchiveInfo:
    service: str
    captured_at: datetime | None
    original_url: str | None


def parse_archive_url(url: str) -> ArchiveInfo:
    """Recognise Wayback Machine and archive.today copies and read the capture time they carry."""
    host = _host(url)
    parts = urlsplit(url)
    path = url[url.index(parts.netloc) + len(parts.netloc) :]
    if host == "web.archive.org":
        match = _WAYBACK.match(path)
        if match:
            return ArchiveInfo("wayback", _timestamp(match.group("ts")), match.group("url"))
        return ArchiveInfo("wayback", None, None)
    if host in _ARCHIVE_TODAY_HOSTS:
        match = _ARCHIVE_TODAY_TS.match(path)
        if match:
            stamp = match.group("ts").replace(".", "").replace("-", "")
            return ArchiveInfo("archive.today", _timestamp(stamp), match.group("url"))
        return ArchiveInfo("archive.today", None, None)
    return ArchiveInfo(host or "other", None, None)


def _timestamp(digits: str) -> datetime | None:
    """A Wayback timestamp (YYYYMMDDhhmmss, possibly shortened) as UTC; None if impossible."""
    padded = (digits + "0101000000"[len(digits) - 4 :])[:14] if len(digits) < 14 else digits[:14]
    try:
        return datetime.strptime(padded, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None
