"""jdih.social.instagram: content publishing against the Graph stand-in (127.0.0.1) — the exact
requests, carousels, polling, the 24-hour limit and the failures an office meets."""

from __future__ import annotations

import io

import pytest
import requests
from PIL import Image

from jdih.content.settings import InstagramAccount
from jdih.social.base import Http, ProviderError, Published, SocialPost
from jdih.social.instagram import WHAT, InstagramProfessional
from jdih.social.meta import graph_wait
from jdih.testing.fakesocial.graph import FakeGraph
from jdih.testing.fakesocial.server import MediaHost

IG = "17841400000000777"
TOKEN = "IGQVJ-Rahasia-instagram-token-42"
ACCOUNT = InstagramAccount(enabled=True, user_id=IG)
SITE = "https://kpu-kapuas.github.io/jdih-medsos"
CAPTION = "Sosialisasi PKPU 2026\n\n#JDIH #KPUKapuas"


def jpeg(width: int = 1080, height: int = 1350, fmt: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (140, 20, 20)).save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture
def host():
    with MediaHost() as running:
        yield running


@pytest.fixture
def graph():
    with FakeGraph(polls_to_finish=2) as running:
        running.add_ig_user(IG, TOKEN, name="ig-token")
        yield running


class World:
    def __init__(self, graph: FakeGraph, host: MediaHost):
        self.graph, self.host = graph, host
        self.sleeps: list[float] = []
        self.session = requests.Session()

    def provider(self, token: str = TOKEN, *, attempts: int = 3, timeout: float = 5.0,
                 max_polls: int = 24) -> InstagramProfessional:
        http = Http(self.session, timeout=timeout, max_attempts=attempts, sleep=self.sleeps.append)
        return InstagramProfessional(ACCOUNT, token, self.graph.url, http, poll_seconds=5.0, max_polls=max_polls)

    def post(self, *images: bytes) -> SocialPost:
        urls = tuple(self.host.put(f"posts/2026/sosialisasi/ig-{n}.jpg", data) for n, data in enumerate(images, 1))
        return SocialPost(post_id="posts/2026/sosialisasi/", url=f"{SITE}/posts/2026/sosialisasi/",
                          title="Sosialisasi PKPU", caption=CAPTION, images=urls,
                          alts=tuple(f"Kartu {n}" for n in range(1, len(images) + 1)))

    def requests(self) -> list[tuple[str, str, dict[str, str]]]:
        return [(c.method, c.path, c.params) for c in self.graph.calls]


@pytest.fixture
def world(graph, host):
    made = World(graph, host)
    yield made
    made.session.close()


LIMIT = ("GET", f"/{IG}/content_publishing_limit", {"fields": "config,quota_usage"})


def poll(container: str) -> tuple[str, str, dict[str, str]]:
    return ("GET", f"/{container}", {"fields": "status_code,status"})


def test_one_image_exact_requests(world):
    post = world.post(jpeg())
    published = world.provider().publish(post)
    [container] = world.graph.containers
    [media] = world.graph.media
    assert world.requests() == [
        LIMIT,
        ("POST", f"/{IG}/media", {"image_url": post.images[0], "caption": CAPTION, "alt_text": "Kartu 1"}),
        poll(container), poll(container),  # IN_PROGRESS, then FINISHED
        ("POST", f"/{IG}/media_publish", {"creation_id": container}),
        ("GET", f"/{media}", {"fields": "permalink"}),
    ]
    assert {c.token for c in world.graph.calls} == {"ig-token"}
    assert world.sleeps == [5.0]
    assert published == Published(media, world.graph.media[media]["permalink"])
    assert world.host.fetched == ["/posts/2026/sosialisasi/ig-1.jpg"]


def test_carousel_items_then_carousel_container(world):
    post = world.post(jpeg(), jpeg(1080, 1080), jpeg())
    published = world.provider().publish(post)
    items = [cid for cid, c in world.graph.containers.items() if c.carousel_item]
    [carousel] = [cid for cid, c in world.graph.containers.items() if c.children]
    expected = [LIMIT]
    for n, item in enumerate(items):
        expected += [("POST", f"/{IG}/media", {"image_url": post.images[n], "is_carousel_item": "true",
                                               "alt_text": f"Kartu {n + 1}"}), poll(item), poll(item)]
    expected += [("POST", f"/{IG}/media", {"media_type": "CAROUSEL", "children": ",".join(items), "caption": CAPTION}),
                 poll(carousel), poll(carousel), ("POST", f"/{IG}/media_publish", {"creation_id": carousel}),
                 ("GET", f"/{published.remote_id}", {"fields": "permalink"})]
    assert world.requests() == expected
    assert len(items) == 3 and world.graph.containers[carousel].published
    assert published.url.startswith("https://www.instagram.com/p/")


def test_polling_is_bounded(world):
    world.graph.polls_to_finish = 50
    with pytest.raises(ProviderError) as caught:
        world.provider(max_polls=3).publish(world.post(jpeg()))
    error = caught.value
    assert not error.permanent and error.retry_after == 60.0
    assert error.reason == ("Instagram belum selesai memproses gambar setelah 3 kali pemeriksaan (status terakhir "
                            "IN_PROGRESS); dicoba lagi pada jalankan berikutnya")
    assert world.sleeps == [5.0, 5.0]
    assert world.graph.calls_to("POST", f"/{IG}/media_publish") == []


def test_quota_used_up_refuses_before_any_container(world):
    world.graph.publish_limit = 1
    world.provider().publish(world.post(jpeg()))
    world.graph.calls.clear()
    with pytest.raises(ProviderError) as caught:
        world.provider().publish(world.post(jpeg()))
    error = caught.value
    assert not error.permanent and error.retry_after == 3600.0
    assert error.reason == ("batas unggahan Instagram sudah terpakai (1 dari 1 dalam 24 jam terakhir) — unggahan ini "
                            "menunggu dan dicoba lagi pada jalankan berikutnya")
    assert world.requests() == [LIMIT]


def test_expired_token_names_the_secret_not_the_token(world):
    world.graph.add_token("IGQVJ-expired-token-0001", IG, state="expired")
    with pytest.raises(ProviderError) as caught:
        world.provider("IGQVJ-expired-token-0001").publish(world.post(jpeg()))
    error = caught.value
    assert error.permanent and error.attempts == 1
    assert error.reason.startswith("token Instagram sudah kedaluwarsa atau dicabut (masa berlakunya habis)")
    assert "simpan di secret INSTAGRAM_TOKEN di lingkungan jdih-terbitkan" in error.reason
    assert "IGQVJ-expired-token-0001" not in error.reason
    assert world.graph.containers == {}


def test_the_token_is_hidden_from_every_reason(world):
    provider = world.provider()
    assert provider.http.hide(f"url?access_token={TOKEN}&x=1") == "url?access_token=***&x=1"


def test_not_jpeg_fails_with_the_reason(world):
    with pytest.raises(ProviderError) as caught:
        world.provider().publish(world.post(jpeg(fmt="PNG")))
    assert caught.value.permanent
    assert caught.value.reason == (
        f"Instagram menolak gambar ({world.host.url}/posts/2026/sosialisasi/ig-1.jpg): format gambar tidak didukung "
        "(Instagram hanya menerima JPEG) (status: Error: 2207005) — periksa gambar unggahan (JPEG, paling besar 8 MB, "
        "rasio 4:5 sampai 1,91:1)")
    assert world.graph.media == {}


def test_wrong_aspect_ratio_in_a_carousel_item(world):
    with pytest.raises(ProviderError) as caught:
        world.provider().publish(world.post(jpeg(), jpeg(1080, 1920)))
    assert caught.value.permanent and "gambar ke-2" in caught.value.reason and "rasio" in caught.value.reason


def test_image_not_reachable_is_a_clear_failure(world):
    post = SocialPost(post_id="posts/b/", url=f"{SITE}/posts/b/", title="B", caption="B",
                      images=(world.host.url + "/posts/b/belum-terbit.jpg",))
    with pytest.raises(ProviderError) as caught:
        world.provider(attempts=2).publish(post)
    error = caught.value
    assert not error.permanent
    assert error.reason.startswith("gagal setelah 2 percobaan: Instagram tidak dapat mengunduh gambar dari alamat "
                                   "publiknya — pastikan halaman dan gambarnya sudah terbit")
    assert "(kode Graph 9004/2207052" in error.reason


def test_server_errors_then_success(world):
    world.graph.fail_next(2, 502)
    published = world.provider().publish(world.post(jpeg()))
    assert published.remote_id in world.graph.media
    assert world.requests()[:3] == [LIMIT, LIMIT, LIMIT]


def test_publish_throttled_then_published_once(world):
    world.graph.throttle_next(1, status=429, on="/media_publish")
    published = world.provider().publish(world.post(jpeg()))
    assert len(world.graph.calls_to("POST", f"/{IG}/media_publish")) == 2 and len(world.graph.media) == 1
    assert published.remote_id in world.graph.media
    assert world.sleeps[-1] > 0  # backed off before the second media_publish


def test_timeout_is_retried_then_reported(world):
    world.graph.delay_next(2, seconds=0.6)
    with pytest.raises(ProviderError) as caught:
        world.provider(timeout=0.2, attempts=2).publish(world.post(jpeg()))
    assert not caught.value.permanent
    assert caught.value.reason == "gagal setelah 2 percobaan: Graph API Instagram tidak menjawab dalam 0.2 detik"


def test_empty_user_id_is_named(world):
    provider = InstagramProfessional(InstagramAccount(), TOKEN, world.graph.url, Http(world.session))
    with pytest.raises(ProviderError) as caught:
        provider.publish(world.post(jpeg()))
    assert caught.value.reason == "posting.instagram.user_id kosong — isi ID akun Instagram di site_config/jdih.yml"
    assert world.graph.calls == []


def test_limit_reached_at_media_publish_waits_for_a_later_run(world):
    # The check before posting can race another app publishing; media_publish's own refusal
    # (9 / 2207042) must not be retried at once.
    world.graph.publish_limit = 0
    container = world.provider().graph.post(f"{IG}/media", {"image_url": world.post(jpeg()).images[0]}, what="x")
    world.graph.containers[container["id"]].polls_left = 0
    response = requests.post(f"{world.graph.url}/v23.0/{IG}/media_publish",
                             data={"creation_id": container["id"], "access_token": TOKEN}, timeout=5)
    assert response.status_code == 400 and graph_wait(response) == 3600.0
    with pytest.raises(ProviderError) as caught:
        world.provider().graph.post(f"{IG}/media_publish", {"creation_id": container["id"]}, what=WHAT)
    assert not caught.value.permanent and caught.value.retry_after == 3600.0 and world.sleeps == []
    assert caught.value.reason.startswith("batas unggahan Instagram (per 24 jam) sudah tercapai (kode Graph 9/2207042")
    assert caught.value.reason.endswith("; diminta menunggu 3600 detik — diunggah pada jalankan berikutnya")
