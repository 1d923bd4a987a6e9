"""The upload manifest read back from the live site (`site.uploads` writes it at build time):
each post's cards, slides and per-platform captions at their public addresses.

Reading it from the deployed site, not from the build, is the guarantee that nothing is posted
before the page is live: the manifest and every image a platform fetches are the site's own files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from jdih.content.social_text import PLATFORMS
from jdih.social.base import SocialPost

MANIFEST_NAME = "jdih-unggah.json"  # the same name as `jdih.site.uploads.MANIFEST_NAME` (a test keeps them equal)


class ManifestError(ValueError):
    """The manifest cannot be used; the message is for the operator (Indonesian)."""


@dataclass(frozen=True)
class PostMaterial:
    post_id: str
    url: str  # the page's permanent link (the one captions and messages carry)
    title: str
    live_url: str  # where the page answers now (the same, unless served elsewhere, e.g. a rehearsal)
    cards: dict[str, str]
    slides: tuple[str, ...]
    alts: tuple[str, ...]
    captions: dict[str, str]

    def for_platform(self, platform: str) -> SocialPost:
        return SocialPost(post_id=self.post_id, url=self.url, title=self.title, caption=self.captions[platform],
                          images=self.slides, alts=self.alts, link_image=self.cards.get("og", ""))

    def material(self, platform: str) -> dict[str, Any]:
        """What the operator uploads by hand: the images to download and the caption to copy."""
        images = list(self.slides)
        if platform == "facebook":  # a link post's 1200×630 card, then the gallery
            images = [self.cards.get("og", images[0]), *images[1:]]
        elif platform == "x":  # the card and at most three more: X takes four images a post
            images = [self.cards.get("og", images[0]), *images[1:4]]
        return {"images": images, "caption": self.captions[platform]}


def parse(data: Any, source: str, live: str | None = None) -> dict[str, PostMaterial]:
    """The posts of a manifest. `live`: the address the site is served at, when it differs from
    the `site` the manifest was built for (the files are fetched from where the site is live)."""
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("posts"), dict):
        raise ManifestError(f"{source}: bukan daftar unggahan versi 1 — bangun ulang situs dengan jdih versi ini")
    built_for = str(data.get("site") or "")

    def at(url: Any) -> str:
        url = str(url)
        if live and built_for and url.startswith(built_for):
            return live.rstrip("/") + "/" + url[len(built_for):].lstrip("/")
        return url

    found = {}
    for post_id, raw in data["posts"].items():
        try:
            captions = {platform: str(raw["captions"][platform]) for platform in PLATFORMS}
            slides = tuple(at(url) for url in raw["slides"])
            if not slides:
                raise ValueError("slides")
            found[post_id] = PostMaterial(post_id=post_id, url=str(raw["url"]), title=str(raw["title"]),
                                          live_url=at(raw["url"]),
                                          cards={k: at(v) for k, v in raw["cards"].items()}, slides=slides,
                                          alts=tuple(str(alt) for alt in raw.get("alts", [])), captions=captions)
        except (KeyError, TypeError, ValueError) as exc:
            raise ManifestError(f"{source}: data unggahan konten {post_id} tidak lengkap ({exc}) — bangun ulang "
                                "situs") from None
    return found


def fetch(session: requests.Session, site_url: str, timeout: float) -> dict[str, PostMaterial]:
    """The manifest of the live site at `site_url`."""
    url = site_url.rstrip("/") + "/" + MANIFEST_NAME
    try:
        response = session.get(url, timeout=(timeout, timeout))
    except requests.RequestException as exc:
        raise ManifestError(f"situs {site_url} tidak dapat dibuka ({type(exc).__name__}) — unggahan ditunda sampai "
                            "situs tayang") from None
    if response.status_code != 200:
        raise ManifestError(f"{url} menjawab HTTP {response.status_code} — situs belum tayang atau belum dibangun "
                            "dengan jdih versi ini; unggahan ditunda")
    try:
        data = response.json()
    except ValueError:
        raise ManifestError(f"{url} bukan JSON — bangun ulang situs") from None
    return parse(data, url, site_url)


def page_is_live(session: requests.Session, url: str, timeout: float) -> bool:
    try:
        response = session.get(url, timeout=(timeout, timeout), allow_redirects=True)
    except requests.RequestException:
        return False
    with response:
        return response.status_code == 200
