"""Each platform's whole caption and its measure: the one composition (`platform_caption`) and the
counts `jdih periksa`, the preview and the page share."""

from __future__ import annotations

import pytest

from jdih.content.social_text import (
    CAPTION_LIMITS,
    PLATFORMS,
    caption_length,
    hashtag_count,
    platform_caption,
    telegram_length,
    x_length,
    x_share_length,
)

URL = "https://kpu-kapuas.github.io/jdih-medsos/posts/2026/uu-pemilu/"
OFFICE = ["JDIHKPU", "KPUKapuas"]


def test_the_limits_are_the_documented_ones():
    assert CAPTION_LIMITS == {"instagram": 2200, "facebook": 63206, "telegram": 1024, "x": 280}
    assert set(CAPTION_LIMITS) == set(PLATFORMS)


def test_each_platform_gets_the_hashtags_and_the_link_where_it_links():
    text = "Kenali UU Pemilu. #pemilu2029"
    tagged = "Kenali UU Pemilu. #pemilu2029 #DasarHukum #JDIHKPU #KPUKapuas"  # a tag already there: not twice
    assert platform_caption(text, "instagram", ["Pemilu2029", "DasarHukum"], OFFICE, URL) == tagged
    assert platform_caption(text, "facebook", ["Pemilu2029", "DasarHukum"], OFFICE, URL) == f"{tagged}\n\n{URL}"
    assert platform_caption(text, "telegram", ["Pemilu2029", "DasarHukum"], OFFICE, URL) == f"{tagged}\n\n{URL}"
    assert platform_caption(text, "x", ["Pemilu2029", "DasarHukum"], OFFICE, URL) == f"{tagged} {URL}"


def test_x_counts_the_link_as_23_like_the_share_length():
    caption = platform_caption("Kenali UU Pemilu 👋", "x", ["Pemilu2029"], OFFICE, URL)
    assert caption_length(caption, "x") == x_length(caption) == len("Kenali UU Pemilu ") + 2 + len(
        " #Pemilu2029 #JDIHKPU #KPUKapuas") + 1 + 23
    assert caption_length(caption, "x") == x_share_length("Kenali UU Pemilu 👋", ["Pemilu2029"], OFFICE)


@pytest.mark.parametrize(("text", "units"), [("abc", 3), ("é", 1), ("👋", 2), ("👨‍👩‍👧", 8), ("漢字", 2)])
def test_telegram_counts_utf16_units(text, units):
    assert telegram_length(text) == caption_length(text, "telegram") == units


def test_instagram_and_facebook_count_characters():
    assert caption_length("👋 halo\n", "instagram") == caption_length("👋 halo\n", "facebook") == 7


def test_hashtags_are_counted_once_whatever_their_case():
    assert hashtag_count("#Pemilu #pemilu #DasarHukum, #JDIH_KPU dan #2029") == 4
    assert hashtag_count("tanpa tagar") == 0
