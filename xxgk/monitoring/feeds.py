"""Adapter: fetch an RSS or Atom feed over HTTP with a timeout and read its entries."""

import urllib.request
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from defusedxml import ElementTree

ATOM = "{http://www.w3.org/2005/Atom}"
MAX_FEED_BYTES = 5 * 1024 * 1024


class FeedError(Exception):
    """The feed could not be fetched or read; the message is Chinese and shown to staff."""


@dataclass(frozen=True)
class FeedEntry:
    on: date
    title: str
    url: str
    external_id: str


def _day(text: str | None) -> date | None:
    if not text:
        return None
    text = text.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError):
        return None


def parse_feed(data: bytes) -> list[FeedEntry]:
    """Return the dated entries of an RSS 2.0 or Atom document (undated entries are skipped)."""
    try:
        root = ElementTree.fromstring(data)
    except Exception as exc:  # defusedxml raises several kinds for bad or hostile XML
        raise FeedError("订阅内容不是有效的 RSS 或 Atom 格式。") from exc
    entries = []
    if root.tag == f"{ATOM}feed":
        for e in root.findall(f"{ATOM}entry"):
            link = e.find(f"{ATOM}link")
            url = link.get("href", "") if link is not None else ""
            day = _day(e.findtext(f"{ATOM}published") or e.findtext(f"{ATOM}updated"))
            if day:
                entries.append(FeedEntry(on=day, title=(e.findtext(f"{ATOM}title") or "").strip()[:300], url=url[:500],
                                         external_id=(e.findtext(f"{ATOM}id") or url)[:500]))
    elif root.tag == "rss":
        for e in root.iter("item"):
            url = (e.findtext("link") or "").strip()
            day = _day(e.findtext("pubDate"))
            if day:
                entries.append(FeedEntry(on=day, title=(e.findtext("title") or "").strip()[:300], url=url[:500],
                                         external_id=(e.findtext("guid") or url)[:500]))
    else:
        raise FeedError("订阅内容不是 RSS 或 Atom 格式。")
    return entries


def fetch_feed(url: str, *, timeout: float = 10.0) -> list[FeedEntry]:
    """Download and parse a feed; raise FeedError on any network, size or format problem."""
    if not url.startswith(("http://", "https://")):
        raise FeedError("订阅地址须以 http:// 或 https:// 开头。")
    request = urllib.request.Request(url, headers={"User-Agent": "xxgk-monitor/1"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked above
            data = response.read(MAX_FEED_BYTES + 1)
    except Exception as exc:  # timeouts, refused connections, HTTP errors: all reported the same way
        raise FeedError(f"无法获取订阅内容：{exc}") from exc
    if len(data) > MAX_FEED_BYTES:
        raise FeedError("订阅内容过大。")
    return parse_feed(data)
