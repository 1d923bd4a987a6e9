"""jdih.testing.fakesocial.graph: the stand-in's own refusals, each as Meta documents it."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import requests
from PIL import Image

from jdih.testing.fakesocial.graph import FakeGraph
from jdih.testing.fakesocial.server import MediaHost

PAGE, IG = "1029384756", "17841400000000777"
PAGE_TOKEN, IG_TOKEN = "EAAG-page-secret-1", "EAAG-ig-secret-2"


def jpeg(width: int = 1080, height: int = 1350, fmt: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture
def host():
    with MediaHost() as running:
        yield running


@pytest.fixture
def graph():
    with FakeGraph(polls_to_finish=2, publish_limit=2) as running:
        running.add_page(PAGE, PAGE_TOKEN)
        running.add_ig_user(IG, IG_TOKEN)
        yield running


def call(graph: FakeGraph, method: str, path: str, token: str | None = IG_TOKEN, **params):
    if token is not None:
        params["access_token"] = token
    if method == "GET":
        return requests.get(f"{graph.url}/v23.0/{path}", params=params, timeout=5)
    return requests.post(f"{graph.url}/v23.0/{path}", data=params, timeout=5)


def error(response: requests.Response) -> tuple[int, int, int | None]:
    body = response.json()["error"]
    assert body["type"] in ("OAuthException", "GraphMethodException") and body["fbtrace_id"]
    return response.status_code, body["code"], body.get("error_subcode")


def test_tokens_unknown_expired_and_of_another_page(graph, host):
    url = host.put("a.jpg", jpeg())
    assert error(call(graph, "POST", f"{PAGE}/photos", "nope", url=url)) == (400, 190, None)
    assert error(call(graph, "POST", f"{PAGE}/photos", None, url=url)) == (400, 104, None)
    graph.add_token("EAAG-old", PAGE, state="expired")
    assert error(call(graph, "POST", f"{PAGE}/photos", "EAAG-old", url=url)) == (400, 190, 463)
    graph.add_token("EAAG-pw", PAGE, state="password_changed")
    assert error(call(graph, "POST", f"{PAGE}/photos", "EAAG-pw", url=url)) == (400, 190, 460)
    graph.add_page("555", "EAAG-other-page", name="other-page")
    assert error(call(graph, "POST", f"{PAGE}/photos", "EAAG-other-page", url=url)) == (400, 100, 33)
    graph.add_token("EAAG-readonly", PAGE, can_publish=False)
    assert error(call(graph, "POST", f"{PAGE}/photos", "EAAG-readonly", url=url)) == (403, 200, None)
    assert not host.fetched  # refused before any download
    # recorded without the token's value
    assert [c.token for c in graph.calls] == ["unknown", "", "token-3", "token-4", "other-page", "token-6"]
    assert all("access_token" not in c.params for c in graph.calls)


def test_page_photo_is_downloaded_and_posted(graph, host):
    url = host.put("posts/a/card.jpg", jpeg(1200, 630))
    answer = call(graph, "POST", f"{PAGE}/photos", PAGE_TOKEN, url=url, caption="Halo").json()
    assert set(answer) == {"id", "post_id"} and answer["post_id"].startswith(PAGE + "_")
    assert host.fetched == ["/posts/a/card.jpg"]
    link = call(graph, "GET", answer["post_id"], PAGE_TOKEN, fields="permalink_url").json()
    assert link["permalink_url"].startswith(f"https://www.facebook.com/{PAGE}/posts/")


def test_page_photo_not_deployed_is_refused(graph, host):
    response = call(graph, "POST", f"{PAGE}/photos", PAGE_TOKEN, url=host.url + "/belum/ada.jpg")
    assert error(response) == (400, 324, None)


def test_feed_attaches_only_unpublished_photos_once(graph, host):
    url = host.put("a.jpg", jpeg())
    first = call(graph, "POST", f"{PAGE}/photos", PAGE_TOKEN, url=url, published="false").json()
    assert set(first) == {"id"}
    published = call(graph, "POST", f"{PAGE}/photos", PAGE_TOKEN, url=url).json()
    refused = call(graph, "POST", f"{PAGE}/feed", PAGE_TOKEN, message="x",
                   **{"attached_media[0]": f'{{"media_fbid":"{published["id"]}"}}'})
    assert error(refused) == (400, 100, None)
    ok = call(graph, "POST", f"{PAGE}/feed", PAGE_TOKEN, message="x",
              **{"attached_media[0]": f'{{"media_fbid":"{first["id"]}"}}'})
    assert ok.status_code == 200 and ok.json()["id"].startswith(PAGE + "_")
    again = call(graph, "POST", f"{PAGE}/feed", PAGE_TOKEN, message="x",
                 **{"attached_media[0]": f'{{"media_fbid":"{first["id"]}"}}'})
    assert error(again) == (400, 100, None)


def test_instagram_container_polls_then_publishes_once(graph, host):
    url = host.put("a.jpg", jpeg())
    container = call(graph, "POST", f"{IG}/media", image_url=url, caption="Halo").json()["id"]
    early = call(graph, "POST", f"{IG}/media_publish", creation_id=container)
    assert error(early) == (400, 9007, 2207027)  # not FINISHED yet
    statuses = [call(graph, "GET", container, fields="status_code").json()["status_code"] for _ in range(3)]
    assert statuses == ["IN_PROGRESS", "FINISHED", "FINISHED"]
    media = call(graph, "POST", f"{IG}/media_publish", creation_id=container).json()["id"]
    assert call(graph, "GET", media, fields="permalink").json()["permalink"].startswith("https://www.instagram.com/p/")
    assert error(call(graph, "POST", f"{IG}/media_publish", creation_id=container)) == (400, 100, None)
    assert call(graph, "GET", container, fields="status_code").json()["status_code"] == "PUBLISHED"


@pytest.mark.parametrize(("image", "subcode"), [
    (jpeg(1080, 1350, "PNG"), "2207005"),  # JPEG only
    (jpeg(1080, 1920), "2207009"),  # 9:16 is outside 4:5 … 1.91:1 for feed posts
    (jpeg(2000, 1000), "2207009"),
])
def test_instagram_bad_image_ends_in_error(graph, host, image, subcode):
    url = host.put("bad.jpg", image)
    container = call(graph, "POST", f"{IG}/media", image_url=url).json()["id"]
    for _ in range(2):
        answer = call(graph, "GET", container, fields="status_code,status").json()
    assert answer["status_code"] == "ERROR" and subcode in answer["status"]
    assert error(call(graph, "POST", f"{IG}/media_publish", creation_id=container))[1] == 9007


def test_instagram_too_large_and_unreachable(graph, host):
    big = jpeg() + b"\0" * (8 * 1024 * 1024)
    container = call(graph, "POST", f"{IG}/media", image_url=host.put("big.jpg", big)).json()["id"]
    for _ in range(2):
        answer = call(graph, "GET", container, fields="status_code,status").json()
    assert answer["status_code"] == "ERROR" and "2207004" in answer["status"]
    assert error(call(graph, "POST", f"{IG}/media", image_url=host.url + "/none.jpg")) == (400, 9004, 2207052)


def test_instagram_carousel_needs_items_of_this_account(graph, host):
    url = host.put("a.jpg", jpeg())
    single = call(graph, "POST", f"{IG}/media", image_url=url).json()["id"]
    items = [call(graph, "POST", f"{IG}/media", image_url=url, is_carousel_item="true").json()["id"] for _ in range(2)]
    assert error(call(graph, "POST", f"{IG}/media", media_type="CAROUSEL", children=items[0]))[1] == 100  # < 2
    assert error(call(graph, "POST", f"{IG}/media", media_type="CAROUSEL", children=f"{items[0]},{single}"))[1] == 100
    carousel = call(graph, "POST", f"{IG}/media", media_type="CAROUSEL", children=",".join(items)).json()["id"]
    assert error(call(graph, "POST", f"{IG}/media_publish", creation_id=items[0]))[1] == 100  # items not alone
    for _ in range(2):
        status = call(graph, "GET", carousel, fields="status_code").json()["status_code"]
    assert status == "FINISHED"


def test_publishing_limit_enforced_and_reported(graph, host):
    url = host.put("a.jpg", jpeg())
    limit = call(graph, "GET", f"{IG}/content_publishing_limit", fields="config,quota_usage").json()
    assert limit == {"data": [{"config": {"quota_total": 2, "quota_duration": 86400}, "quota_usage": 0}]}
    assert call(graph, "GET", f"{IG}/content_publishing_limit").json() == {"data": [{"quota_usage": 0}]}
    for _ in range(2):
        container = call(graph, "POST", f"{IG}/media", image_url=url).json()["id"]
        graph.containers[container].polls_left = 0
        assert call(graph, "POST", f"{IG}/media_publish", creation_id=container).status_code == 200
    container = call(graph, "POST", f"{IG}/media", image_url=url).json()["id"]
    graph.containers[container].polls_left = 0
    assert error(call(graph, "POST", f"{IG}/media_publish", creation_id=container)) == (400, 9, 2207042)
    assert call(graph, "GET", f"{IG}/content_publishing_limit").json()["data"][0]["quota_usage"] == 2


def test_containers_expire_after_24_hours(host):
    clock = [dt.datetime(2026, 12, 1, tzinfo=dt.UTC)]
    with FakeGraph(polls_to_finish=0, now=lambda: clock[0]) as graph:
        graph.add_ig_user(IG, IG_TOKEN)
        container = call(graph, "POST", f"{IG}/media", image_url=host.put("a.jpg", jpeg())).json()["id"]
        clock[0] += dt.timedelta(hours=25)
        assert call(graph, "GET", container, fields="status_code").json()["status_code"] == "EXPIRED"
        assert error(call(graph, "POST", f"{IG}/media_publish", creation_id=container)) == (400, -2, 2207020)


def test_faults_and_unknown_fields(graph):
    graph.fail_next(1, 503)
    graph.throttle_next(1, code=17)
    graph.delay_next(1, seconds=0.5)
    assert call(graph, "GET", f"{IG}/content_publishing_limit").status_code == 503
    assert error(call(graph, "GET", f"{IG}/content_publishing_limit")) == (400, 17, None)
    with pytest.raises(requests.Timeout):
        requests.get(f"{graph.url}/v23.0/{IG}/content_publishing_limit", params={"access_token": IG_TOKEN},
                     timeout=0.2)
    graph.throttle_next(1, code=80001, regain_minutes=7)
    throttled = call(graph, "GET", f"{IG}/content_publishing_limit")
    usage = json.loads(throttled.headers["X-Business-Use-Case-Usage"])
    assert error(throttled) == (400, 80001, None) and usage[IG][0]["estimated_time_to_regain_access"] == 7
    assert error(call(graph, "GET", f"{IG}/content_publishing_limit", fields="nope"))[1] == 100
    assert error(requests.get(f"{graph.url}/{IG}/content_publishing_limit", timeout=5))[1] == 2500  # no version
