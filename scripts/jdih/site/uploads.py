"""The upload manifest: what SOP step 6a posts for each post, written into the site at build time.

`site/jdih-unggah.json` (`MANIFEST_NAME`), read back from the *deployed* site by `jdih.social`
(so nothing is posted before the page and its images are live). Its shape, version 1::

    {"version": 1,
     "site": "<settings.site.url>",
     "posts": {
       "posts/2026/<slug>/": {
         "url": "<the page's absolute URL>",
         "title": "<the post's title>",
         "date": "<the post's date, ISO 8601 with its offset>",
         "cards": {"og": "<abs URL>", "portrait": "<abs URL>", "square": "<abs URL>", "story": "<abs URL>"},
         "slides": ["<abs URL of the portrait card>", "<abs URL of gallery slide 1>", ...],
         "alts": ["<alt of the main image>", "<alt of gallery photo 1>", ...],
         "captions": {"instagram": "...", "facebook": "...", "telegram": "...", "x": "..."}}}}

* `cards`: the branded JPEGs of `jdih.site.cards` (1200×630, 1080×1350, 1080×1080, 1080×1920);
* `slides`: the carousel in order, 1 to 10 JPEGs of 1080×1350: the portrait card, then one
  slide per gallery photo; `alts[i]` is the text alternative of `slides[i]`'s photo;
* `captions`: each platform's whole caption (`content.social_text.platform_caption`: the text
  written for it, the post's and the office's hashtags, the link where the platform links);
* the keys of `posts` are the posts' ids (their site-relative URLs), newest first;
* only live posts (`site.catalog.Catalog.posts`): a scheduled post enters once it is live, a
  withdrawn or expired one never again.

Every URL is absolute, below `site`. The file is JSON with '<', '>' and '&' escaped
(`extras.inert_json`), like the site's other JSON.
"""

from __future__ import annotations

import json
from pathlib import Path

from jdih.content.social_text import PLATFORMS, platform_caption
from jdih.site.extras import inert_json, plain_field, plain_lines
from jdih.site.images import atomic_write

MANIFEST_NAME = "jdih-unggah.json"
MANIFEST_VERSION = 1
CARD_FORMATS = ("og", "portrait", "square", "story")


def manifest(site) -> dict:
    """The manifest of a built `jdih.site.pages.SiteModel` (cards and slides made)."""
    settings = site.settings
    office_tags = list(settings.share.hashtags)
    posts = {}
    for post in site.catalog.posts:
        meta = post.meta
        page_url = site.absolute(post.url)
        cards = site.cards.get(post.src_uri)
        if cards is None:  # past the announce window: never uploaded (pages.upload_candidates)
            continue
        posts[post.url] = {
            "url": page_url,
            # plain text, as in the feeds: a platform shows a caption as it is (a checked draft has
            # no markup; a forced one loses its tags here)
            "title": plain_field(meta.title),
            "date": post.date.isoformat(),
            "cards": {fmt: site.absolute(getattr(cards, fmt).url) for fmt in CARD_FORMATS},
            "slides": [site.absolute(cards.portrait.url),
                       *(site.absolute(slide.url) for slide in site.slides.get(post.src_uri, []))],
            "alts": [plain_field(image.alt) for image in meta.images],
            "captions": {platform: plain_lines(platform_caption(meta.platform_caption_text(platform), platform,
                                                                list(meta.tags), office_tags, page_url))
                         for platform in PLATFORMS},
        }
    return {"version": MANIFEST_VERSION, "site": settings.site.url, "posts": posts}


def write_manifest(site, site_dir: Path) -> Path:
    """Write the manifest as `site_dir/MANIFEST_NAME`; returns its path."""
    path = Path(site_dir) / MANIFEST_NAME
    text = inert_json(json.dumps(manifest(site), ensure_ascii=False, indent=1))
    atomic_write(path, text.encode("utf-8"))
    return path
