"""The office's Facebook Page: the post goes up as a photo post with its caption (several
photos as one post), or as a link post when it has no image.

Graph API (sources beside each step):
- one image: `POST /{version}/{page_id}/photos` with `url` (Meta downloads it) and `caption`;
  it "is immediately posted and the API returns the photo id as well as the post_id"
  (https://developers.facebook.com/docs/graph-api/photo-uploads);
- several: each `POST /{page_id}/photos` with `published=false`, then one `POST /{page_id}/feed`
  with `message` and `attached_media[N]={"media_fbid": <photo id>}` (same guide, multi-photo
  story; https://developers.facebook.com/docs/pages/publishing for /feed and its `{"id"}`);
- no image: `POST /{page_id}/feed` with `message` and `link`;
- then `GET /{post_id}?fields=permalink_url`, the post's public link (Page Post reference).
The alternative text goes as `alt_text_custom` (Page Photos reference).

Not idempotent: Graph has no idempotency key. If the run dies after Facebook took the post and
before the ledger records it, the next run cannot know and posts again (a duplicate the
operator deletes by hand); the ledger's "being sent" mark is what makes the service stop and
ask instead of posting blindly. Once the post exists, nothing here raises: a failed permalink
read falls back to https://www.facebook.com/<post id>.
"""

from __future__ import annotations

import json
import time
from typing import ClassVar

import requests

from jdih.content.settings import FacebookAccount
from jdih.social.base import Http, ProviderError, Published, SocialPost
from jdih.social.meta import GRAPH_URL, GraphClient, Where, explain_graph, require_token

WHAT = "Graph API Facebook"
DEFAULT_BASE = GRAPH_URL  # the real API (jdih.social.accounts reads it)
# Page photos: Meta downloads `url`; (#324) "Missing or invalid image file" when it cannot.
SPECIAL = {(324, None): ("Facebook tidak dapat mengambil gambar dari alamat publiknya — pastikan halaman dan "
                         "gambarnya sudah terbit (tayang) di situs; dicoba lagi nanti", False)}
MAX_PHOTOS = 10  # one SocialPost carries at most 10 slides (the Instagram carousel limit)


class FacebookPage:
    platform: ClassVar[str] = "facebook"

    def __init__(self, account: FacebookAccount, token: str, base_url: str = GRAPH_URL, http: Http | None = None):
        self.account = account
        self.where = Where("Facebook", account.token_env, "posting.facebook.page_id", account.page_id,
                           "pages_manage_posts, pages_read_engagement, pages_show_list")
        self.http = http or Http(requests.Session(), sleep=time.sleep)  # real waits outside tests
        self.graph = GraphClient(base_url or GRAPH_URL, account.api_version, token, self.http, self.where,
                                 explain_graph(self.where, SPECIAL))
        self.token = token

    def publish(self, post: SocialPost) -> Published:
        require_token(self.token, self.where)
        page = self.account.page_id.strip()
        if len(post.images) > MAX_PHOTOS:
            raise ProviderError(f"Facebook: paling banyak {MAX_PHOTOS} gambar per unggahan, ada {len(post.images)}",
                                permanent=True)
        if len(post.images) == 1:
            data = {"url": post.images[0], "caption": post.caption}
            if post.alts and post.alts[0]:
                data["alt_text_custom"] = post.alts[0]
            answer = self.graph.post(f"{page}/photos", data, what=WHAT)
            post_id = str(answer.get("post_id") or "")
            if not post_id:
                raise ProviderError(f"{WHAT} tidak mengembalikan post_id untuk foto {answer.get('id')!r}")
        else:
            data = {"message": post.caption}
            if post.images:
                for index, media_fbid in enumerate(self._unpublished_photos(page, post)):
                    data[f"attached_media[{index}]"] = json.dumps({"media_fbid": media_fbid})
            else:
                data["link"] = post.url
            answer = self.graph.post(f"{page}/feed", data, what=WHAT)
            post_id = str(answer.get("id") or "")
            if not post_id:
                raise ProviderError(f"{WHAT} tidak mengembalikan id kiriman")
        return Published(remote_id=post_id, url=self._permalink(post_id))

    def _unpublished_photos(self, page: str, post: SocialPost) -> list[str]:
        ids = []
        for index, image in enumerate(post.images):
            data = {"url": image, "published": "false"}
            if index < len(post.alts) and post.alts[index]:
                data["alt_text_custom"] = post.alts[index]
            answer = self.graph.post(f"{page}/photos", data, what=WHAT)
            if not answer.get("id"):
                raise ProviderError(f"{WHAT} tidak mengembalikan id foto ke-{index + 1}")
            ids.append(str(answer["id"]))
        return ids

    def _permalink(self, post_id: str) -> str:
        try:
            answer = self.graph.get(post_id, {"fields": "permalink_url"}, what=WHAT)
        except ProviderError:
            answer = {}
        return str(answer.get("permalink_url") or f"https://www.facebook.com/{post_id}")


PROVIDER = FacebookPage  # what the service builds for "facebook"
