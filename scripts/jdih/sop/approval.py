"""SOP step 5, checked again at publish time: the Kasubbag's approval of exactly what was merged.

GitHub's rules (CODEOWNERS and the ruleset from `jdih siapkan`) ask for it before the merge;
`jdih terbitkan` asks again, independently, so content that reached `main` some other way
is not published.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from jdih.github.client import PullInfo, ReviewInfo

DECISIVE = ("APPROVED", "CHANGES_REQUESTED", "DISMISSED")  # COMMENTED does not change a verdict
STATE_WORDS = {"CHANGES_REQUESTED": "meminta perubahan", "DISMISSED": "dibatalkan (dismissed)"}


@dataclass(frozen=True)
class Approval:
    approver: str
    approved_at: dt.datetime | None


@dataclass(frozen=True)
class Refusal:
    reason: str
    fix: str


def _mention(names: list[str]) -> str:
    return ", ".join(f"@{name}" for name in names)


def check_approval(pull: PullInfo, reviews: list[ReviewInfo], is_kasubbag: Callable[[str], bool],
                   kasubbag: list[str]) -> Approval | Refusal:
    """The rule: the latest Kasubbag review on the merged head is APPROVED, by someone not the author."""
    fix_new_pr = (f"ajukan pull request baru yang mengubah draf ini (perbaikan kecil pun cukup) dan minta "
                  f"{_mention(kasubbag)} menyetujuinya pada versi terakhir; setelah digabung, draf terbit otomatis")
    decisive = [r for r in reviews if r.state in DECISIVE and is_kasubbag(r.user)]
    if not decisive:
        others = sorted({r.user for r in reviews if r.state == "APPROVED"})
        if others:
            return Refusal(f"PR #{pull.number} hanya disetujui oleh {_mention(others)}, yang bukan Kasubbag "
                           f"({_mention(kasubbag)})", fix_new_pr)
        return Refusal(f"PR #{pull.number} digabung tanpa persetujuan Kasubbag ({_mention(kasubbag)})", fix_new_pr)
    by_others = [r for r in decisive if r.user.lower() != pull.author.lower()]
    if not by_others:
        return Refusal(f"PR #{pull.number} disetujui oleh penulisnya sendiri (@{pull.author}); penulis tidak "
                       "boleh menyetujui konten sendiri",
                       "minta Kasubbag lain menyetujui lewat pull request baru yang mengubah draf ini; bila "
                       "Kasubbag menulis sendiri, ajukan atas nama pengelola JDIH")
    latest = by_others[-1]  # the API lists reviews in the order they were submitted
    if latest.state != "APPROVED":
        return Refusal(f"ulasan terakhir Kasubbag @{latest.user} pada PR #{pull.number} adalah "
                       f"'{STATE_WORDS.get(latest.state, latest.state)}', bukan persetujuan", fix_new_pr)
    if (latest.commit_id or "") != pull.head_sha:
        return Refusal(f"persetujuan Kasubbag @{latest.user} pada PR #{pull.number} diberikan untuk versi "
                       f"{(latest.commit_id or '?')[:7]}, sedangkan yang digabung versi {pull.head_sha[:7]} "
                       "(ada perubahan setelah disetujui)", fix_new_pr)
    return Approval(latest.user, latest.submitted_at)
