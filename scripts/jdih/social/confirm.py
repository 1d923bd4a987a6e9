"""The operator's word on a pull request, for platforms uploaded by hand (or an interrupted upload):

    /diunggah instagram https://www.instagram.com/p/…/   the post is up, here is its link
    /unggah-ulang facebook                             upload it again automatically

Only people in the SOP's roles count (anyone may comment on a public repository), and a link
only when it is on the platform's own hosts (`content.settings.SOCIAL_HOSTS`), so the WhatsApp
group is never sent elsewhere. The comment's time is the step's end in the SOP report.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from jdih.content.settings import SOCIAL_HOSTS, Settings, on_platform_host
from jdih.content.social_text import PLATFORMS

COMMAND = re.compile(r"^/(diunggah|unggah-ulang)[ \t]+([a-z]+)(?:[ \t]+(\S+))?[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Confirmation:
    platform: str
    url: str | None  # None: upload again
    login: str
    time: dt.datetime


def confirmations(comments, settings: Settings) -> tuple[list[Confirmation], list[str]]:
    """The commands in `comments` (objects with body, author, created_at), oldest first, and an
    Indonesian note for each one refused."""
    found, refused = [], []
    for comment in comments:
        for match in COMMAND.finditer(comment.body or ""):
            verb, platform, url = match.groups()
            if settings.roles.role_of(comment.author or "") is None:
                refused.append(f"@{comment.author}: `/{verb}` diabaikan — hanya akun dalam roles yang dapat "
                               "mengonfirmasi unggahan")
                continue
            if platform not in PLATFORMS:
                refused.append(f"`/{verb} {platform}` diabaikan — platform dikenal: {', '.join(PLATFORMS)}")
                continue
            if verb == "diunggah" and (not url or not on_platform_host(platform, url)):
                refused.append(f"`/diunggah {platform}` diabaikan — sertakan tautan https unggahan di "
                               f"{' atau '.join(SOCIAL_HOSTS[platform])}")
                continue
            found.append(Confirmation(platform, url if verb == "diunggah" else None, comment.author,
                                      comment.created_at or dt.datetime.now(dt.UTC)))
    found.sort(key=lambda c: c.time)
    return found, refused
