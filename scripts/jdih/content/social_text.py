"""Social-media text rules: the platforms' limits, hashtags added to a caption, X's way of counting.

One place for what a caption becomes on each platform, so the draft check (`jdih periksa`),
the pull-request preview and the site's share buttons agree.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# X, "Counting characters" (https://docs.x.com/fundamentals/counting-characters): "Posts on X can
# contain up to 280 characters", weighted (most Latin text 1, emoji and CJK 2), and "All URLs are
# wrapped with t.co shortener and count as 23 characters, regardless of the original length".
X_LIMIT = 280
X_URL_LENGTH = 23  # X counts every link as 23 characters (t.co)
# Meta, "IG User Media" (POST /{ig-user-id}/media), the `caption` parameter: "Maximum 2200
# characters, 30 hashtags, and 20 @ tags."
# https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
INSTAGRAM_LIMIT = 2200
INSTAGRAM_HASHTAGS = 30
# Facebook: Meta's Graph API reference (Page feed, Page photos) states no length for `message`;
# 63,206 is the composer's long-standing limit as the posting tools document it, e.g.
# https://ferryman.io/character-limits/facebook ("63,206 characters per post").
FACEBOOK_LIMIT = 63206
# Bot API sendPhoto/sendMediaGroup: "Photo caption … 0-1024 characters after entities parsing".
# https://core.telegram.org/bots/api#sendphoto (we send no parse_mode: the text is the caption).
TELEGRAM_CAPTION_LIMIT = 1024

# The platforms a post is uploaded to (SOP step 6a), in the order records and messages list them.
PLATFORMS = ("instagram", "facebook", "telegram", "x")
PLATFORM_NAMES = {"instagram": "Instagram", "facebook": "Facebook", "telegram": "Telegram", "x": "X"}

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


def platform_caption(text: str, platform: str, tags: list[str], office_tags: list[str], url: str) -> str:
    """The whole caption a platform gets: the text, the post's and the office's hashtags, and
    the page's link where the platform makes it a link (Instagram captions do not: no link).
    The one composition for the page's "Salin takarir", `jdih periksa`, the record and the posts."""
    full = with_hashtags(text, tags, office_tags)
    if platform == "instagram":
        return full
    if platform == "x":
        return f"{full} {url}"
    return f"{full}\n\n{url}"


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


# -- each platform's limit on its whole caption (`jdih periksa`, the pull-request preview) -------

CAPTION_LIMITS = {"instagram": INSTAGRAM_LIMIT, "facebook": FACEBOOK_LIMIT, "telegram": TELEGRAM_CAPTION_LIMIT,
                  "x": X_LIMIT}


def telegram_length(text: str) -> int:
    """Length in UTF-16 code units. Whether Telegram's 1,024 counts those or code points is
    reported both ways (an emoji is 2 units, 1 code point; e.g. NousResearch/hermes-agent#49324
    against FerroxLabs/wayland#934); the stricter count never lets a refused caption through."""
    return len(text.encode("utf-16-le")) // 2


def caption_length(caption: str, platform: str) -> int:
    """A whole caption (`platform_caption`'s) as `platform` counts it against `CAPTION_LIMITS`."""
    if platform == "x":
        return x_length(caption)
    if platform == "telegram":
        return telegram_length(caption)
    return len(caption)


def hashtag_count(caption: str) -> int:
    """Distinct hashtags (ignoring case): what `jdih periksa` holds against Instagram's 30."""
    return len({tag.lower() for tag in HASHTAG.findall(caption)})


# -- what a value from data may do in a WhatsApp message: nothing -----------------------------
#
# WhatsApp turns markers into formatting: *bold*, _italic_, ~strikethrough~, ```monospace```,
# `inline code`, and at the start of a line "> " (quote), "* " or "- " (bulleted list) and "1. "
# (numbered list) — WhatsApp's "How to format your messages", as restated by the WhatsApp API
# providers' documentation: https://green-api.com/en/docs/faq/how-to-format-messages and
# https://www.twilio.com/docs/whatsapp/message-features ("Formatting in WhatsApp Messages").
# It also links every URL and bare domain (example.org) and previews the first URL only — Meta's
# Cloud API "Text messages" reference: "render a preview of the first URL in the body text
# string ... If multiple URLs are in the body text string, only the first URL will be rendered".
#
# The rule, in `plain` and nowhere else: a value from data (title, approver, office names,
# anything but the post's own link) is one line of inert text.
#   1. control characters, line/paragraph separators and invisible format characters (bidi
#      embeddings/overrides/isolates U+202A–U+202E and U+2066–U+2069, marks, zero-width
#      spaces, word joiners, BOM) go; ZWJ/ZWNJ stay (emoji sequences, Indic scripts). Line
#      breaks and tabs become one space, so a value can never start a line of its own.
#   2. the formatting markers become look-alikes WhatsApp does not parse: * → ∗ (U+2217),
#      _ → ＿ (U+FF3F), ~ → ∼ (U+223C), ` → ˋ (U+02CB); a value's leading "> ", "- " and
#      "1. " likewise (＞, ‐ U+2010, ․ U+2024).
#   3. links break: a dot followed by a letter or digit becomes ․ (U+2024 ONE DOT LEADER), so
#      no domain ("evil.example", "wa.me", an e-mail address, an IP address) is left, and
#      "://" becomes ":∕∕" (U+2215), so no scheme is left either.
# Replacing, not inserting invisible characters, because what WhatsApp's parser does with a
# zero-width character is undocumented; the look-alikes are simply not its markers. The rule is
# idempotent. The post's own link is the one value that is not plain: the notification message
# (`notify.message.render_message`) and the site's wa.me share text (`site.share`) let their
# templates write it as it is, so it is the text's first and only link.

_MARKERS = str.maketrans({"*": "\u2217", "_": "\uff3f", "~": "\u223c", "`": "\u02cb"})
_DOTS = re.compile(r"[.\u3002\uff0e\uff61](?=\w)")
_SCHEME = re.compile(r":/+")
_LEADING = (
    (re.compile(r"^>"), "\uff1e"),
    (re.compile(r"^-(?=\s|$)"), "\u2010"),
    (re.compile(r"^(\d+)\.(?=\s|$)"), "\\1\u2024"),
)


def is_invisible(char: str) -> bool:
    if char in "\u200c\u200d":
        return False
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


def plain(value: Any) -> str:
    """`value` as one line of text that WhatsApp shows as it is: no formatting, no link (the
    rule above). The Jinja filter `plain` of the message and share templates."""
    text = "".join(" " if char.isspace() else "" if is_invisible(char) else char for char in str(value))
    text = " ".join(text.split())
    text = text.translate(_MARKERS)
    for pattern, replacement in _LEADING:
        text = pattern.sub(replacement, text, count=1)
    text = _SCHEME.sub(lambda m: ":" + "\u2215" * (len(m.group(0)) - 1), text)
    return _DOTS.sub("\u2024", text)
