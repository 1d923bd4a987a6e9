"""Data written into Markdown (the PR preview comment, the SOP report) shows as written: escaped
once, for where it goes, never as markup."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import markdown

from jdih.content.post import PostMeta
from jdih.content.problems import Problem
from jdih.content.settings import Sop
from jdih.reporting.report import report_markdown
from jdih.reporting.timeline import ItemEvents
from jdih.sop import preview

HOSTILE = "<img src=x onerror=alert(1)> *tebal* [tautan](https://evil.example/) {: onclick=x } | sel & teks"


def _hostile_preview() -> preview.DraftPreview:
    meta = PostMeta.model_validate({
        "title": HOSTILE, "date": "2026-11-20", "description": f"Deskripsi {HOSTILE}",
        "categories": ["Peraturan"], "image": {"src": 'g.png" onerror="alert(2)', "alt": f'Alt "{HOSTILE}'},
        "caption": f"# bukan judul\n- bukan daftar\n{HOSTILE}\n1. bukan nomor"})
    return preview.DraftPreview(
        "drafts/`jahat`.md", [Problem("drafts/`jahat`.md", 3, "categories", f"kategori '{HOSTILE}' tidak dikenal",
                                      "gunakan salah satu dari: Peraturan")],
        meta=meta, post_id="posts/2026/jahat/", url="https://kpu.example/posts/2026/jahat/",
        image_path='drafts/g.png" onerror="alert(2)')


def test_the_preview_comment_shows_a_drafts_text_as_written():
    body = preview.preview_comment([_hostile_preview()], image_base="https://github.com/o/r/blob/abc/")
    html = markdown.markdown(body, extensions=["tables"])
    assert "<img src=x" not in html and "onerror=alert(1)" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert "<em>" not in html and "<strong>tebal" not in html and 'href="https://evil.example/"' not in html
    assert not [(tag, attrs) for tag, attrs in elements(html) if any(name.startswith("on") for name in attrs)]
    # the path is percent-encoded into the URL: its quote cannot close the attribute
    assert '<img src="https://github.com/o/r/blob/abc/drafts/g.png%22%20onerror%3D%22alert%282%29?raw=true"' in body
    img = next(attrs for tag, attrs in elements(body) if tag == "img")
    assert img["alt"] == f'Alt "{HOSTILE}' and img["width"] == "360" and set(img) == {"src", "alt", "width"}
    assert f'### {HOSTILE.replace("<", "&lt;").replace(">", "&gt;")}'.split(" *")[0] in body
    assert "> \\# bukan judul\n> \\- bukan daftar\n" in body and "> 1\\. bukan nomor" in body
    assert "``drafts/`jahat`.md``" in body and "``drafts/`jahat`.md:3``" in body
    assert "<h1>" not in html and "<ul>\n<li>bukan" not in html  # the caption's lines stay text
    for text in (HOSTILE, f"Deskripsi {HOSTILE}"):
        assert text in markdown_text_of(html), text


def elements(html: str) -> list:
    from tests.sitebuild import Elements

    parser = Elements()
    parser.feed(html)
    return parser.elements


def markdown_text_of(html: str) -> str:
    import html as html_module
    import re

    return html_module.unescape(re.sub(r"<[^>]+>", "", html))


def test_the_sop_report_shows_titles_as_written():
    wib = ZoneInfo("Asia/Jakarta")
    item = ItemEvents(title=HOSTILE, disposisi_number=3, disposisi_created_at=dt.datetime(2026, 11, 20, 14, 0,
                                                                                           tzinfo=wib))
    text = report_markdown([item], Sop(), dt.date(2026, 11, 1), dt.date(2026, 11, 30), charts=False)
    html = markdown.markdown(text, extensions=["tables", "attr_list"])
    assert "<img" not in html and "<em>" not in html and "onclick=" not in html.replace("{: onclick=x }", "")
    assert HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in html
