"""jdih.social.facebook: the exact requests the Page gets, on the Graph stand-in (127.0.0.1)."""

from __future__ import annotations

import io
import json

import pytest
import requests
from PIL import Image

from jdih.content.settings import FacebookAccount
from jdih.social.base import Http, ProviderError, Published, SocialPost
from jdih.social.facebook import FacebookPage
from jdih.testing.fakesocial.graph import Call, FakeGraph
from jdih.testing.fakesocial.server import MediaHost

PAGE = "1029384756"
TOKEN = "EAAGm0PX4ZCpsBAKahasia-page-token"
ACCOUNT = FacebookAccount(enabled=True, page_id=PAGE)
SITE = "https://kpu-kapuas.github.io/jdih-medsos"


def jpeg(width: int = 1200, height: int = 630) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (20, 60, 140)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def host():
    with MediaHost() as running:
        yield running


@pytest.fixture
def graph():
    with FakeGraph() as running:
        running.add_page(PAGE, TOKEN, name="page-token")
        yield running


class World:
    def __init__(self, graph: FakeGraph, host: MediaHost):
        self.graph, self.host = graph, host
        self.sleeps: list[float] = []
        self.session = requests.Session()

    def provider(self, token: str = TOKEN, *, timeout: float = 5.0, attempts: int = 3,
                 account: FacebookAccount = ACCOUNT) -> FacebookPage:
        http = Http(self.session, timeout=timeout, max_attempts=attempts, sleep=self.sleeps.append)
        return FacebookPage(account, token, self.graph.url, http)

    def post(self, count: int = 1, *, alts: bool = True) -> SocialPost:
        images = tuple(self.host.put(f"posts/2026/sosialisasi/ig-{n}.jpg", jpeg()) for n in range(1, count + 1))
        return SocialPost(post_id="posts/2026/sosialisasi/", url=f"{SITE}/posts/2026/sosialisasi/",
                          title="Sosialisasi PKPU", caption="Sosialisasi PKPU 2026\n\n#JDIH #KPUKapuas",
                          images=images, alts=tuple(f"Kartu {n}" for n in range(1, count + 1)) if alts else ())


@pytest.fixture
def world(graph, host):
    made = World(graph, host)
    yield made
    made.session.close()


def test_one_image_is_a_photo_post(world):
    post = world.post(1)
    published = world.provider().publish(post)
    [photo_post_id] = list(world.graph.posts)
    assert world.graph.calls == [
        Call("POST", f"/{PAGE}/photos", "v23.0", {"url": post.images[0], "caption": post.caption,
                                                  "alt_text_custom": "Kartu 1"}, "page-token"),
        Call("GET", f"/{photo_post_id}", "v23.0", {"fields": "permalink_url"}, "page-token"),
    ]
    assert published == Published(photo_post_id, f"https://www.facebook.com/{PAGE}/posts/{photo_post_id.split('_')[1]}")
    assert world.host.fetched == ["/posts/2026/sosialisasi/ig-1.jpg"]  # Meta really downloaded it


def test_several_images_are_one_post_with_attached_media(world):
    post = world.post(3)
    published = world.provider().publish(post)
    photo_ids = [pid for pid, photo in world.graph.photos.items()]
    assert [(c.method, c.path, c.params) for c in world.graph.calls] == [
        ("POST", f"/{PAGE}/photos", {"url": post.images[0], "published": "false", "alt_text_custom": "Kartu 1"}),
        ("POST", f"/{PAGE}/photos", {"url": post.images[1], "published": "false", "alt_text_custom": "Kartu 2"}),
        ("POST", f"/{PAGE}/photos", {"url": post.images[2], "published": "false", "alt_text_custom": "Kartu 3"}),
        ("POST", f"/{PAGE}/feed", {"message": post.caption,
                                   **{f"attached_media[{n}]": json.dumps({"media_fbid": pid})
                                      for n, pid in enumerate(photo_ids)}}),
        ("GET", f"/{published.remote_id}", {"fields": "permalink_url"}),
    ]
    assert world.graph.posts[published.remote_id]["photos"] == photo_ids
    assert published.url.startswith(f"https://www.facebook.com/{PAGE}/posts/")


def test_no_image_is_a_link_post(world):
    post = SocialPost(post_id="posts/a/", url=f"{SITE}/posts/a/", title="A", caption="Baca: A", images=())
    published = world.provider().publish(post)
    assert [(c.method, c.path, c.params) for c in world.graph.calls][0] == (
        "POST", f"/{PAGE}/feed", {"message": "Baca: A", "link": f"{SITE}/posts/a/"})
    assert world.graph.posts[published.remote_id]["link"] == f"{SITE}/posts/a/"


def test_expired_token_says_so_and_names_the_secret(world):
    world.graph.add_token("EAAG-kedaluwarsa-123456", PAGE, state="expired")
    with pytest.raises(ProviderError) as caught:
        world.provider("EAAG-kedaluwarsa-123456").publish(world.post(1))
    error = caught.value
    assert error.permanent and error.attempts == 1 and error.status == 400
    assert error.reason.startswith("token Facebook sudah kedaluwarsa atau dicabut (masa berlakunya habis) — buat "
                                   "token baru")
    assert "simpan di secret FACEBOOK_PAGE_TOKEN di lingkungan jdih-terbitkan" in error.reason
    assert "(kode Graph 190/463" in error.reason
    assert "EAAG-kedaluwarsa-123456" not in error.reason and "EAAG-kedaluwarsa-123456" not in str(error)
    assert world.sleeps == []  # not retried


def test_revoked_token_password_changed(world):
    world.graph.add_token("EAAG-revoked-98765", PAGE, state="password_changed")
    with pytest.raises(ProviderError) as caught:
        world.provider("EAAG-revoked-98765").publish(world.post(1))
    assert caught.value.permanent and "kata sandi akun Facebook pemilik token telah diganti" in caught.value.reason


def test_token_of_another_page_names_the_page_id_setting(world):
    world.graph.add_page("5550001", "EAAG-other-page-token", name="other")
    with pytest.raises(ProviderError) as caught:
        world.provider("EAAG-other-page-token").publish(world.post(1))
    assert caught.value.permanent
    assert "posting.facebook.page_id" in caught.value.reason and "FACEBOOK_PAGE_TOKEN" in caught.value.reason
    assert "EAAG-other-page-token" not in caught.value.reason


def test_missing_permission_is_permanent(world):
    world.graph.add_token("EAAG-readonly-token", PAGE, can_publish=False)
    with pytest.raises(ProviderError) as caught:
        world.provider("EAAG-readonly-token").publish(world.post(1))
    assert caught.value.permanent and "pages_manage_posts" in caught.value.reason


def test_server_errors_then_success(world):
    world.graph.fail_next(2, 500)
    published = world.provider().publish(world.post(1))
    assert published.remote_id in world.graph.posts
    assert len(world.sleeps) == 2 and len(world.graph.calls_to("POST", f"/{PAGE}/photos")) == 3


def test_throttling_is_retried(world):
    world.graph.throttle_next(1, code=32)
    world.provider().publish(world.post(1))
    assert len(world.sleeps) == 1 and len(world.graph.posts) == 1


def test_timeout_fails_without_the_token(world):
    world.graph.delay_next(2, seconds=0.6)
    with pytest.raises(ProviderError) as caught:
        world.provider(timeout=0.2, attempts=2).publish(world.post(1))
    error = caught.value
    assert not error.permanent
    assert error.reason == "gagal setelah 2 percobaan: Graph API Facebook tidak menjawab dalam 0.2 detik"


def test_image_not_deployed_yet_is_a_clear_failure(world):
    post = SocialPost(post_id="posts/b/", url=f"{SITE}/posts/b/", title="B", caption="B",
                      images=(world.host.url + "/posts/b/belum-terbit.jpg",))
    with pytest.raises(ProviderError) as caught:
        world.provider(attempts=2).publish(post)
    assert not caught.value.permanent  # the next run tries again, once the page is live
    assert "Facebook tidak dapat mengambil gambar dari alamat publiknya" in caught.value.reason
    assert world.graph.posts == {}


def test_empty_secret_refused_before_sending(world):
    with pytest.raises(ProviderError) as caught:
        world.provider("").publish(world.post(1))
    assert caught.value.permanent and "secret FACEBOOK_PAGE_TOKEN kosong" in caught.value.reason
    assert world.graph.calls == []


def test_throttling_waits_as_long_as_meta_says(world):
    world.graph.throttle_next(1, code=32, regain_minutes=1)
    world.provider().publish(world.post(1))
    assert world.sleeps == [60.0]


def test_throttling_for_long_leaves_it_to_a_later_run(world):
    world.graph.throttle_next(1, code=613, regain_minutes=30)
    with pytest.raises(ProviderError) as caught:
        world.provider().publish(world.post(1))
    error = caught.value
    assert not error.permanent and error.retry_after == 1800.0 and world.sleeps == []
    assert error.reason.startswith("Facebook membatasi jumlah permintaan untuk sementara; dicoba lagi nanti "
                                   "(kode Graph 613")
    assert error.reason.endswith("; diminta menunggu 1800 detik — diunggah pada jalankan berikutnya")
