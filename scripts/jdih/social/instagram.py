"""The office's Instagram professional account, through Graph API content publishing
(https://developers.facebook.com/docs/instagram-platform/content-publishing):

1. `GET /{ig_user_id}/content_publishing_limit?fields=config,quota_usage` — at most
   `config.quota_total` (50) posts per `config.quota_duration` (86,400 s) moving window, a
   carousel counting as one; when `quota_usage` has reached it, nothing is sent and the post
   waits for a later run (`ProviderError`, not permanent, `retry_after`);
2. a container from the image's public URL (Meta downloads it, so the page must be deployed):
   `POST /{ig_user_id}/media` with `image_url`, `caption`, `alt_text`; for 2–10 images, one
   item container each (`is_carousel_item=true`) and then one with `media_type=CAROUSEL`,
   `children` (the item ids, comma-separated) and `caption`;
3. `GET /{container}?fields=status_code,status` until `FINISHED` (IG Container reference:
   `ERROR` — "could not complete the publishing process", `EXPIRED` — not published within 24
   hours; `status` then holds the error subcode), at most `max_polls` reads, `poll_seconds`
   apart (`Http.sleep`);
4. `POST /{ig_user_id}/media_publish` with `creation_id` → the media id;
5. `GET /{media_id}?fields=permalink`, the post's public link.

Not idempotent: a container is published at most once, but nothing ties a *new* container to
an earlier publish. If the run dies between media_publish and the ledger's record, the post is
on Instagram and the next run, not knowing it, makes a new container and posts it a second
time; the ledger's "being sent" mark is what lets the service stop and ask the operator to look
at the account first. Once media_publish has answered, nothing here raises: a failed permalink
read leaves `Published.url` empty.
"""

from __future__ import annotations

import time
from typing import ClassVar

import requests

from jdih.content.settings import InstagramAccount as InstagramSettings
from jdih.social.base import Http, ProviderError, Published, SocialPost
from jdih.social.meta import GRAPH_URL, GraphClient, Where, explain_graph, require_token

WHAT = "Graph API Instagram"
DEFAULT_BASE = GRAPH_URL  # the real API (jdih.social.accounts reads it)
CAROUSEL_MAX = 10  # content publishing guide: "Carousels are limited to 10 images, videos, or a mix"
QUOTA_RETRY_SECONDS = 3600.0  # the limit endpoint does not say when the oldest post leaves the window

# Instagram's own error codes (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/
# reference/error-codes) → (reason, permanent).
IMAGE_PROBLEMS = {
    "2207004": "gambar lebih besar dari 8 MB",
    "2207005": "format gambar tidak didukung (Instagram hanya menerima JPEG)",
    "2207009": "rasio gambar di luar batas Instagram (4:5 sampai 1,91:1)",
    "2207003": "Instagram terlalu lama mengunduh gambar",
    "2207020": "wadah unggahan sudah kedaluwarsa (lebih dari 24 jam)",
    "2207052": "gambar tidak dapat diunduh Instagram dari alamatnya",
}
SPECIAL = {
    (9004, 2207052): ("Instagram tidak dapat mengunduh gambar dari alamat publiknya — pastikan halaman dan "
                      "gambarnya sudah terbit (tayang) di situs; dicoba lagi nanti", False),
    (9007, 2207027): ("wadah Instagram belum siap diterbitkan; dicoba lagi", False),
    (9, 2207042): ("batas unggahan Instagram (per 24 jam) sudah tercapai", False),  # waits: meta.graph_wait
    (36000, 2207004): ("gambar Instagram lebih besar dari 8 MB — perkecil gambar unggahan", True),
    (36001, 2207005): ("format gambar tidak didukung Instagram (hanya JPEG)", True),
    (36003, 2207009): ("rasio gambar di luar batas Instagram (4:5 sampai 1,91:1)", True),
    (-2, 2207003): ("Instagram terlalu lama mengunduh gambar; dicoba lagi", False),
    (-1, None): ("server Instagram sedang bermasalah; dicoba lagi", False),
}


class InstagramProfessional:
    platform: ClassVar[str] = "instagram"

    def __init__(self, account: InstagramSettings, token: str, base_url: str = GRAPH_URL, http: Http | None = None,
                 *, poll_seconds: float = 5.0, max_polls: int = 24):
        self.account = account
        self.where = Where("Instagram", account.token_env, "posting.instagram.user_id", account.user_id,
                           "instagram_basic, instagram_content_publish, pages_read_engagement")
        self.http = http or Http(requests.Session(), sleep=time.sleep)  # real waits outside tests
        self.graph = GraphClient(base_url or GRAPH_URL, account.api_version, token, self.http, self.where,
                                 explain_graph(self.where, SPECIAL))
        self.token = token
        self.poll_seconds = poll_seconds
        self.max_polls = max_polls

    def publish(self, post: SocialPost) -> Published:
        require_token(self.token, self.where)
        user = self.account.user_id.strip()
        if not 1 <= len(post.images) <= CAROUSEL_MAX:
            raise ProviderError(f"Instagram perlu 1 sampai {CAROUSEL_MAX} gambar per unggahan, ada "
                                f"{len(post.images)}", permanent=True)
        self._check_quota(user)
        if len(post.images) == 1:
            container = self._container(user, {"image_url": post.images[0], "caption": post.caption,
                                                **self._alt(post, 0)}, "gambar")
            self._wait(container, "gambar", post.images[0])
        else:
            children = []
            for index, image in enumerate(post.images):
                child = self._container(user, {"image_url": image, "is_carousel_item": "true", **self._alt(post, index)},
                                        f"gambar ke-{index + 1}")
                self._wait(child, f"gambar ke-{index + 1}", image)
                children.append(child)
            container = self._container(user, {"media_type": "CAROUSEL", "children": ",".join(children),
                                                "caption": post.caption}, "carousel")
            self._wait(container, "carousel")
        answer = self.graph.post(f"{user}/media_publish", {"creation_id": container}, what=WHAT)
        media_id = str(answer.get("id") or "")
        if not media_id:
            raise ProviderError(f"{WHAT} tidak mengembalikan id media setelah media_publish (wadah {container})")
        return Published(remote_id=media_id, url=self._permalink(media_id))

    @staticmethod
    def _alt(post: SocialPost, index: int) -> dict[str, str]:
        # alt_text on image containers: introduced March 24, 2025 (content publishing guide)
        return {"alt_text": post.alts[index]} if index < len(post.alts) and post.alts[index] else {}

    def _check_quota(self, user: str) -> None:
        answer = self.graph.get(f"{user}/content_publishing_limit", {"fields": "config,quota_usage"}, what=WHAT)
        rows = answer.get("data") or [{}]
        row = rows[0] if isinstance(rows, list) and rows and isinstance(rows[0], dict) else {}
        usage = row.get("quota_usage")
        config = row.get("config") if isinstance(row.get("config"), dict) else {}
        total = config.get("quota_total")
        if isinstance(usage, int) and isinstance(total, int) and usage >= total:
            hours = round(int(config.get("quota_duration") or 86400) / 3600)
            raise ProviderError(f"batas unggahan Instagram sudah terpakai ({usage} dari {total} dalam {hours} jam "
                                f"terakhir) — unggahan ini menunggu dan dicoba lagi pada jalankan berikutnya",
                                retry_after=QUOTA_RETRY_SECONDS)

    def _container(self, user: str, data: dict[str, str], what: str) -> str:
        answer = self.graph.post(f"{user}/media", data, what=WHAT)
        if not answer.get("id"):
            raise ProviderError(f"{WHAT} tidak mengembalikan id wadah untuk {what}")
        return str(answer["id"])

    def _wait(self, container: str, what: str, image: str = "") -> None:
        status = ""
        for poll in range(self.max_polls):
            answer = self.graph.get(container, {"fields": "status_code,status"}, what=WHAT)
            status = str(answer.get("status_code") or "")
            if status in ("FINISHED", "PUBLISHED"):
                return
            if status == "ERROR":
                detail = str(answer.get("status") or "")
                known = next((text for code, text in IMAGE_PROBLEMS.items() if code in detail), "")
                raise ProviderError(f"Instagram menolak {what}" + (f" ({image})" if image else "")
                                    + f": {known or 'pemrosesan gagal'}"
                                    + (f" (status: {self.http.hide(detail)[:120]})" if detail else "")
                                    + " — periksa gambar unggahan (JPEG, paling besar 8 MB, rasio 4:5 sampai 1,91:1)",
                                    permanent=True)
            if status == "EXPIRED":
                raise ProviderError(f"wadah Instagram untuk {what} sudah kedaluwarsa (tidak diterbitkan dalam 24 "
                                    "jam); dicoba lagi dengan wadah baru pada jalankan berikutnya")
            if poll + 1 < self.max_polls:
                self.http.sleep(self.poll_seconds)
        raise ProviderError(f"Instagram belum selesai memproses {what} setelah {self.max_polls} kali pemeriksaan "
                            f"(status terakhir {status or 'tidak diketahui'}); dicoba lagi pada jalankan berikutnya",
                            retry_after=60.0)

    def _permalink(self, media_id: str) -> str:
        try:
            answer = self.graph.get(media_id, {"fields": "permalink"}, what=WHAT)
        except ProviderError:
            return ""
        return str(answer.get("permalink") or "")


PROVIDER = InstagramProfessional  # what the service builds for "instagram"
InstagramAccount = InstagramProfessional  # the name jdih.social.accounts looks up
