"""Social-media text rules: the platforms' limits, hashtags added to a caption, X's way of counting.

One place for what a caption becomes on each platform, so the draft check (`jdih periksa`),
the pull-request preview and the site's share buttons agree.
"""

from __future__ import annotations

import re
import unicodedata

X_LIMIT = 280
X_URL_LENGTH = 23  # X counts every link as 23 characters (t.co)
INSTAGRAM_LIMIT = 2200
INSTAGRAM_HASHTAGS = 30
FACEBOOK_LIMIT = 63206

HASHTAG = re.compile(r"#(\w+)")
URL_IN_TEXT = re.compile(r"https?://\S+")


def format_number(value: int) -> str:
    """Indonesian thousands separator: 63.206."""
    return f"{value:,}".replace(",", ".")


def appended_hashtags(text: str, tags: list[str], office_tags: list[str]) -> list[str]:
    """Hashtags a share text adds after the caption: the post's tags, then the office's,
    each once (ignoring case) and only when the caption does not already carry it."""
    present = {tag.lower() for tag in HASHTAG.findall(text)}
    added = []
    for tag in [*tags, *office_tags]:
        tag = str(tag).lstrip("#")
        if tag and tag.lower() not in present:
            present.add(tag.lower())
            added.append(f"#{tag}")
    return added


def with_hashtags(text: str, tags: list[str], office_tags: list[str]) -> str:
    added = appended_hashtags(text, tags, office_tags)
    return f"{text.strip()} {' '.join(added)}" if added else text.strip()


def x_length(text: str) -> int:
    """Length as X counts it: links 23, most Latin text 1 per character, emoji and CJK 2."""
    text = unicodedata.normalize("NFC", text)
    length = X_URL_LENGTH * len(URL_IN_TEXT.findall(text))
    for char in URL_IN_TEXT.sub("", text):
        code = ord(char)
        light = (code <= 0x10FF or 0x2000 <= code <= 0x200D or 0x2010 <= code <= 0x201F
                 or 0x2032 <= code <= 0x2037)
        length += 1 if light else 2
    return length


def x_share_length(caption: str, tags: list[str], office_tags: list[str]) -> int:
    """The X share text: caption (or caption_x), the hashtags, and the post's link (23)."""
    return x_length(with_hashtags(caption, tags, office_tags)) + 1 + X_URL_LENGTH
