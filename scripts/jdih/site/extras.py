"""Write stage of the site: files beside the pages — media renditions, feeds, search index, CNAME.

Every list here is of live posts only (`Catalog.posts`, see `site.catalog`): a scheduled,
withdrawn or expired post is in no feed and no search index, and none of its media is published.
The sitemap is MkDocs' own template, filtered by the plugin (`on_template_context`).

Feeds and the search index carry plain text, escaped by their format only (ElementTree for
XML, `json` for JSON), with one exception: RSS readers render an item's `<description>` as
HTML, so it is the text escaped as HTML (markupsafe's `escape`, as the templates) inside
CDATA — text that shows as written, never markup. Every text also loses control and
bidirectional characters and tag-like sequences (`content.safety`; `jdih periksa` refuses both):
the feeds stay well-formed, and carry no markup, whatever a post holds.
"""

from __future__ import annotations

import json
import re
import secrets
from email.utils import format_datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from markupsafe import escape

from jdih.content.citations import citation_tokens, document_token
from jdih.content.clock import tanggal
from jdih.content.safety import strip_markup, strip_unsafe_chars
from jdih.content.settings import Settings
from jdih.site.catalog import Post
from jdih.site.pages import SiteModel

FEED_SIZE = 30


def plain_field(value: str) -> str:
    """A plain-text field of a feed or the search index: no control or bidi character, no tag."""
    return strip_markup(strip_unsafe_chars(value))


_TAG = re.compile(r"<(?=[A-Za-z/!?])[^>]*>?")


def plain_lines(value: str) -> str:
    """Like `plain_field`, but keeping the line breaks (a caption's paragraphs): no control or
    bidi character, nothing that starts a tag, a comment or a declaration."""
    return _TAG.sub("", strip_unsafe_chars(value))


def generated_files(site: SiteModel, settings: Settings) -> dict[str, str | bytes]:
    """Files beside the pages, added to MkDocs' file list so links to them validate."""
    files: dict[str, str | bytes] = {
        "feed.json": inert_json(json.dumps(json_feed(site, settings), ensure_ascii=False, indent=1)),
        "feed.xml": rss_feed(site, settings),
        "cari/indeks.json": inert_json(json.dumps(search_entries(site), ensure_ascii=False, separators=(",", ":"))),
    }
    if settings.site.custom_domain:
        files["CNAME"] = settings.site.custom_domain.strip() + "\n"
    return files


_JSON_HTML = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def inert_json(text: str) -> str:
    """JSON with '<', '>' and '&' written as \\u escapes: the same values, but no '<script' or
    '</script>' even if someone pastes the file into an HTML page."""
    return re.sub(r"[<>&]", lambda match: _JSON_HTML[match.group(0)], text)


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
            "title": plain_field(post.meta.title),
            "summary": plain_field(post.meta.description),
            "content_text": plain_field(post.meta.caption),
            "image": site.absolute(image.og.url),
            "date_published": post.date.isoformat(),
            # A corrected post (ralat): JSON Feed 1.1's date_modified (https://www.jsonfeed.org/version/1.1/).
            # RSS 2.0 has no such element; its item keeps pubDate, as the URL keeps its date.
            **({"date_modified": post.meta.date_modified.isoformat()} if post.meta.date_modified else {}),
            "tags": [plain_field(label) for label in post.meta.categories + post.meta.tags],
        })
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": plain_field(settings.site.title),
        "home_page_url": settings.site.url,
        "feed_url": settings.site.url + "feed.json",
        "description": plain_field(settings.site.description),
        "language": "id",
        "authors": [{"name": plain_field(settings.office.name)}],
        "items": items,
    }


def rss_feed(site: SiteModel, settings: Settings) -> bytes:
    # ElementTree writes no CDATA: each description is a placeholder, replaced once written.
    marker = f"jdih-cdata-{secrets.token_hex(8)}-"
    html_texts: list[str] = []

    def as_html(text: str) -> str:
        html_texts.append(str(escape(plain_field(text))))  # no "]]>" can survive: '>' is now "&gt;"
        return f"{marker}{len(html_texts) - 1}-"

    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = plain_field(settings.site.title)
    ET.SubElement(channel, "link").text = settings.site.url
    ET.SubElement(channel, "description").text = as_html(settings.site.description or settings.site.title)
    ET.SubElement(channel, "language").text = "id"
    for post in site.catalog.posts[:FEED_SIZE]:
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = plain_field(post.meta.title)
        ET.SubElement(item, "link").text = site.absolute(post.url)
        ET.SubElement(item, "guid", isPermaLink="true").text = site.absolute(post.url)
        ET.SubElement(item, "description").text = as_html(post.meta.description)
        ET.SubElement(item, "pubDate").text = format_datetime(post.date)
        for category in post.meta.categories:
            ET.SubElement(item, "category").text = plain_field(category)
        image = site.images[post.src_uri]
        ET.SubElement(item, "enclosure", url=site.absolute(image.fallback.url), type=image.fallback.mime,
                      length="0")
    written = ET.tostring(rss, encoding="utf-8", xml_declaration=True)
    return re.sub(re.escape(marker).encode() + rb"(\d+)-",
                  lambda match: b"<![CDATA[" + html_texts[int(match.group(1))].encode("utf-8") + b"]]>", written)


def search_entries(site: SiteModel) -> list[list]:
    """Compact rows [title, url, ISO date, category, tags, description, date shown, citations]:
    loaded only when searching. The date shown is Indonesian ("24 November 2026"); citations are
    the legal citations' tokens (`content.citations`: 'uu:7/2017', so "UU No. 7 Tahun 2017",
    "UU 7/2017" and "7/2017" all find the post) and each legal document's type and number as
    written ("10/HK.04/08/2022")."""
    return [[plain_field(p.meta.title), p.url, p.date.date().isoformat(), plain_field(p.category), plain_field(" ".join(p.meta.tags)),
             plain_field(p.meta.description), tanggal(p.date, site.settings), plain_field(_citations(p))]
            for p in site.catalog.posts]


def _citations(post: Post) -> str:
    tokens = [document_token(doc.type, doc.number, doc.year) for doc in post.meta.legal_documents]
    tokens += citation_tokens(f"{post.meta.title}\n{post.meta.description}")
    written = [f"{doc.type} {doc.number}" for doc in post.meta.legal_documents]
    return " ".join(dict.fromkeys([token for token in tokens if token] + written))
