"""The upload manifest read back from the live site."""

from __future__ import annotations

import json

import pytest

from jdih.social.manifest import MANIFEST_NAME, ManifestError, parse

BUILT = "https://kpu.example.go.id/jdih/"
DATA = {"version": 1, "site": BUILT, "posts": {"posts/2026/a/": {
    "url": BUILT + "posts/2026/a/", "title": "A", "date": "2026-12-02T09:00:00+07:00",
    "cards": {"og": BUILT + "media/1-og.jpg", "portrait": BUILT + "media/1-p.jpg",
              "square": BUILT + "media/1-s.jpg", "story": BUILT + "media/1-st.jpg"},
    "slides": [BUILT + "media/1-p.jpg", BUILT + "media/2-slide.jpg"], "alts": ["a", "b"],
    "captions": {"instagram": "i", "facebook": "f", "telegram": "t", "x": "x"}}}}


def test_files_are_fetched_where_the_site_is_live_and_links_stay_permanent():
    [material] = parse(DATA, "m", "http://127.0.0.1:8000/jdih-medsos/").values()
    assert material.url == BUILT + "posts/2026/a/"  # captions and messages carry the permanent link
    assert material.live_url == "http://127.0.0.1:8000/jdih-medsos/posts/2026/a/"
    assert material.slides == ("http://127.0.0.1:8000/jdih-medsos/media/1-p.jpg",
                               "http://127.0.0.1:8000/jdih-medsos/media/2-slide.jpg")
    post = material.for_platform("telegram")
    assert (post.caption, post.images, post.link_image) == ("t", material.slides,
                                                            "http://127.0.0.1:8000/jdih-medsos/media/1-og.jpg")


@pytest.mark.parametrize("broken, message", [
    ({"version": 2, "posts": {}}, "m: bukan daftar unggahan versi 1 — bangun ulang situs dengan jdih versi ini"),
    ({**DATA, "posts": {"posts/2026/a/": {**DATA["posts"]["posts/2026/a/"], "slides": []}}},
     "m: data unggahan konten posts/2026/a/ tidak lengkap (slides) — bangun ulang situs"),
    ({**DATA, "posts": {"posts/2026/a/": {k: v for k, v in DATA["posts"]["posts/2026/a/"].items() if k != "captions"}}},
     "m: data unggahan konten posts/2026/a/ tidak lengkap ('captions') — bangun ulang situs"),
])
def test_a_broken_manifest_is_refused_with_the_fix(broken, message):
    with pytest.raises(ManifestError) as caught:
        parse(json.loads(json.dumps(broken)), "m")
    assert str(caught.value) == message


def test_the_reader_and_the_writer_name_the_same_file():
    from jdih.site import uploads

    assert uploads.MANIFEST_NAME == MANIFEST_NAME
