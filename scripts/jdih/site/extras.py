"""Write stage of the site: files beside the pages — media renditions, feeds, search index, CNAME."""

from __future__ import annotations

import json
from email.utils import format_datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from jdih.content.settings import Settings
from jdih.site.pages import SiteModel

FEED_SIZE = 30


def generated_files(site: SiteModel, settings: Settings) -> dict[str, str | bytes]:
    """Files beside the pages, added to MkDocs' file list so links to them validate."""
    files: dict[str, str | bytes] = {
        "feed.json": json.dumps(json_feed(site, settings), ensure_ascii=False, indent=1),
        "feed.xml": rss_feed(site, settings),
        "cari/indeks.json": json.dumps(search_entries(site), ensure_ascii=False, separators=(",", ":")),
    }
    if settings.site.custom_domain:
        files["CNAME"] = settings.site.custom_domain.strip() + "\n"
    return files


def publish_media(site_dir: Path, site: SiteModel) -> None:
    assert site.cache is not None
    seen: set[str] = set()
    for image in site.images.values():
        if image.digest not in seen:
            seen.add(image.digest)
            site.cache.publish(image, site_dir)


def json_feed(site: SiteModel, settings: Settings) -> dict:
    items = []
    for post in site.catalog.posts[:FEED_SIZE]:
        image = site.images[post.src_uri]
        items.append({
            "id": site.absolute(post.url),
            "url": site.absolute(post.url),
            "title": post.meta.title,
            "summary": post.meta.description,
            "content_text": post.meta.caption,
            "image": site.absolute(image.og.url),
            "date_published": post.date.isoformat(),
            "tags": post.meta.categories + post.meta.tags,
        })
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": settings.site.title,
        "home_page_url": settings.site.url,
        "feed_url": settings.site.url + "feed.json",
        "description": settings.site.description,
        "language": "id",
        "authors": [{"name": settings.office.name}],
        "items": items,
    }


def rss_feed(site: SiteModel, settings: Settings) -> bytes:
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = settings.site.title
    ET.SubElement(channel, "link").text = settings.site.url
    ET.SubElement(channel, "description").text = settings.site.description or settings.site.title
    ET.SubElement(channel, "language").text = "id"
    for post in site.catalog.posts[:FEED_SIZE]:
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = post.meta.title
        ET.SubElement(item, "link").text = site.absolute(post.url)
        ET.SubElement(item, "guid", isPermaLink="true").text = site.absolute(post.url)
        ET.SubElement(item, "description").text = post.meta.description
        ET.SubElement(item, "pubDate").text = format_datetime(post.date)
        for category in post.meta.categories:
            ET.SubElement(item, "category").text = category
        image = site.images[post.src_uri]
        ET.SubElement(item, "enclosure", url=site.absolute(image.fallback.url), type=image.fallback.mime,
                      length="0")
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)


def search_entries(site: SiteModel) -> list[list]:
    """Compact rows [title, url, date, category, tags, description]: loaded only when searching."""
    return [[p.meta.title, p.url, p.date.date().isoformat(), p.category, " ".join(p.meta.tags),
             p.meta.description] for p in site.catalog.posts]
