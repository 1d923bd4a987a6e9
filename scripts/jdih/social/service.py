"""`upload_all`: every published post to every platform of the office, once, recorded as it goes;
never raises on a platform's failure (the caller decides the exit status, the site is live anyway).

Per post and platform (`content.social_text.PLATFORMS`):
- automatic (`posting.<platform>.enabled`): "sending" is recorded, the provider posts, "sent" with
  the post's link, or "failed" with the reason (pending: the retry workflow tries again);
- by hand: "manual", with the material (images, caption) the operator needs; the operator's
  `/diunggah <platform> <link>` on the pull request makes it "sent" (`confirm`).
An interrupted "sending" is left for the operator to resolve (see `ledger`), never posted twice.
Nothing is posted while the page does not answer 200 on the live site.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from jdih.content.settings import Settings
from jdih.content.social_text import PLATFORM_NAMES, PLATFORMS
from jdih.social.base import Provider, ProviderError
from jdih.social.confirm import Confirmation
from jdih.social.ledger import PlatformEntry, PostUploads, UploadLedger, record
from jdih.social.manifest import PostMaterial


class ProviderSetupError(ValueError):
    """A platform switched on but not usable (a secret or an id missing); names what to fill in."""


@dataclass(frozen=True)
class Outcome:
    post_id: str
    title: str
    platform: str
    state: str  # sent / already / failed / manual / interrupted
    url: str = ""
    reason: str = ""


@dataclass
class UploadResult:
    outcomes: list[Outcome] = field(default_factory=list)

    def of(self, state: str) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.state == state]

    @property
    def ok(self) -> bool:
        """No automatic upload failed or was interrupted (waiting for the operator is not a failure)."""
        return not self.of("failed") and not self.of("interrupted")


def _last_event(entry: PlatformEntry | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(entry.events[-1]["time"]) if entry and entry.events else None


def apply_confirmations(uploads: PostUploads, confirmations: list[Confirmation]) -> bool:
    """Fold the operator's commands into the record; True when something changed. A command
    counts once: only when it is newer than the platform's last event."""
    changed = False
    for confirmation in confirmations:
        entry = uploads.platforms.get(confirmation.platform)
        last = _last_event(entry)
        if last is not None and confirmation.time <= last:
            continue
        if confirmation.url is not None:
            if entry is not None and entry.state == "sent":
                continue
            record(uploads, confirmation.platform, "sent", confirmation.time, url=confirmation.url, mode="manual",
                   by=confirmation.login)
            changed = True
        elif entry is not None and (entry.state == "manual" or entry.state in ("sending", "failed")
                                    and entry.mode == "auto"):
            record(uploads, confirmation.platform, "failed", confirmation.time, permanent=False,
                   reason=f"diminta unggah ulang oleh @{confirmation.login}", by=confirmation.login)
            changed = True
    return changed


def needs_run(uploads: PostUploads | None, confirmations: list[Confirmation], settings: Settings) -> bool:
    """Whether `jdih unggah` has something to do for a post: an enabled platform not up yet
    (never tried, or failed), or a command of the operator not yet folded in. A platform waiting
    for the operator, or an interrupted upload, waits for the operator's comment instead."""
    if uploads is None:  # never tried; with no platform switched on there is nothing to post
        return bool(settings.posting.enabled_platforms())
    for platform in settings.posting.enabled_platforms():
        entry = uploads.platforms.get(platform)
        if entry is None or entry.state == "failed":
            return True
    for confirmation in confirmations:
        entry = uploads.platforms.get(confirmation.platform)
        last = _last_event(entry)
        if entry is None or entry.state != "sent" and (last is None or confirmation.time > last):
            return True
    return False


def upload_all(entries: list[dict[str, Any]], settings: Settings, ledger: UploadLedger,
               materials: Mapping[str, PostMaterial], providers: Mapping[str, Provider | ProviderSetupError],
               session: requests.Session, clock: Callable[[], dt.datetime], *,
               confirmations: Mapping[int, list[Confirmation]] | None = None,
               page_is_live: Callable[[requests.Session, str, float], bool] | None = None) -> UploadResult:
    """`entries`: the notifications list (post_id, title, url, pull_request); `providers`: each
    enabled platform's provider, or why it cannot be used."""
    from jdih.social.manifest import page_is_live as default_live

    live = page_is_live or default_live
    result = UploadResult()
    enabled = settings.posting.enabled_platforms()
    for item in entries:
        post_id, title, pull = item["post_id"], item.get("title", item["post_id"]), item.get("pull_request")

        def outcome(platform: str, state: str, url: str = "", reason: str = "") -> None:
            result.outcomes.append(Outcome(post_id, title, platform, state, url, reason))  # noqa: B023

        try:
            uploads = ledger.get(post_id, pull) or PostUploads(post_id=post_id, title=title, pull_request=pull)
        except Exception as exc:  # noqa: BLE001 - a ledger we cannot read must not post blindly
            for platform in PLATFORMS:
                outcome(platform, "failed", reason=f"buku catatan unggahan tidak dapat dibaca: {exc} — tidak "
                                                   "diunggah agar tidak tayang dua kali")
            continue
        changed = apply_confirmations(uploads, list((confirmations or {}).get(pull, [])))
        material = materials.get(post_id)
        checked_live: bool | None = None
        for platform in PLATFORMS:
            entry = uploads.platforms.get(platform)
            if entry is not None and entry.state == "sent":
                outcome(platform, "already", entry.url)
                continue
            if entry is not None and entry.state == "sending":
                outcome(platform, "interrupted", reason="pengunggahan terputus; menunggu konfirmasi pengelola")
                continue
            if entry is not None and entry.state == "manual" and platform in enabled:
                # Handed to the operator before the platform was switched on: they may have posted
                # it by hand. It goes up automatically only on their `/unggah-ulang`.
                outcome(platform, "manual")
                continue
            if platform not in enabled:
                fresh = entry is None or entry.state != "manual" or platform not in uploads.material
                if fresh and material is not None:
                    uploads.material[platform] = material.material(platform)
                    record(uploads, platform, "manual", clock(), mode="manual")
                    changed = True
                outcome(platform, "manual")
                continue
            if material is None:
                reason = ("konten ini tidak ada di daftar unggahan situs yang tayang — unggahan ditunda sampai "
                          "situs dibangun ulang")
                record(uploads, platform, "failed", clock(), reason=reason, permanent=False)
                changed = True
                outcome(platform, "failed", reason=reason)
                continue
            provider = providers.get(platform)
            if provider is None or isinstance(provider, ProviderSetupError):
                reason = str(provider) if provider is not None else f"{PLATFORM_NAMES[platform]} belum dapat dipakai"
                record(uploads, platform, "failed", clock(), reason=reason, permanent=True)
                uploads.material[platform] = material.material(platform)
                changed = True
                outcome(platform, "failed", reason=reason)
                continue
            if checked_live is None:
                checked_live = live(session, material.live_url, settings.posting.timeout_seconds)
            if not checked_live:
                reason = f"halaman {material.url} belum tayang — unggahan ditunda agar tautannya tidak mati"
                record(uploads, platform, "failed", clock(), reason=reason, permanent=False)
                changed = True
                outcome(platform, "failed", reason=reason)
                continue
            before = copy.deepcopy(entry)
            record(uploads, platform, "sending", clock(), mode="auto")
            try:
                ledger.put(uploads)
            except Exception as exc:  # noqa: BLE001
                outcome(platform, "failed", reason=f"niat unggah tidak dapat dicatat: {exc} — tidak diunggah agar "
                                                   "tidak tayang tanpa catatan")
                if before is None:
                    uploads.platforms.pop(platform, None)
                else:
                    uploads.platforms[platform] = before
                continue
            try:
                published = provider.publish(material.for_platform(platform))
            except ProviderError as exc:
                record(uploads, platform, "failed", clock(), reason=exc.reason, permanent=exc.permanent,
                       http_status=exc.status, attempts=exc.attempts)
                uploads.material[platform] = material.material(platform)
                changed = True
                outcome(platform, "failed", reason=exc.reason)
                continue
            except Exception as exc:  # noqa: BLE001 - one platform's bug must not stop the others
                reason = f"kesalahan tak terduga saat mengunggah: {type(exc).__name__}"
                record(uploads, platform, "failed", clock(), reason=reason, permanent=False)
                changed = True
                outcome(platform, "failed", reason=reason)
                continue
            record(uploads, platform, "sent", clock(), url=published.url, remote_id=published.remote_id, mode="auto")
            uploads.material.pop(platform, None)
            changed = True
            outcome(platform, "sent", published.url)
        if changed:
            try:
                ledger.put(uploads)
            except Exception as exc:  # noqa: BLE001 - the uploads happened; the next run re-reads "sending"
                for platform in PLATFORMS:
                    outcome(platform, "failed", reason=f"hasil unggahan tidak dapat dicatat: {exc}")
    return result
