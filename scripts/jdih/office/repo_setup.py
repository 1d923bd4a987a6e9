"""`jdih siapkan`: make a GitHub repository ready for the SOP (idempotent, with a dry-run plan).

Labels for the SOP steps, CODEOWNERS making Kasubbag the owner of drafts/ and content/,
protection of main (rulesets: the Kasubbag's approval, and the draft check of
`periksa-draf.yml` as a required status check; classic branch protection with both where
rulesets are not available), and GitHub Pages built by Actions. Each item is read first and
changed only when it differs, so a second run changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jdih.content.settings import Settings
from jdih.github.client import GitHubRepo, RepoState
from jdih.sop.review import LABELS

CODEOWNERS_PATH = ".github/CODEOWNERS"
RULESET_NAME = "jdih-persetujuan-kasubbag"
# The draft check as a required status check. Its own ruleset, found by name like the first:
# GitHub's list of rulesets does not show their rules, and an office set up before the check
# existed has the approval ruleset already; a second ruleset adds the check without touching it.
CHECK_RULESET_NAME = "jdih-pemeriksaan-draf"
CHECK_WORKFLOW = ".github/workflows/periksa-draf.yml"
# The status check's context: for a GitHub Actions job, the check run's name is the job's
# `name:` (tests/office/test_repo_setup.py holds this to the one in CHECK_WORKFLOW).
DRAFT_CHECK = "Periksa dan pratinjau draf"
OK = "sudah sesuai"


def codeowners_text(settings: Settings) -> str:
    owners = " ".join(f"@{name}" for name in settings.roles.kasubbag)
    return ("# Dibuat oleh `jdih siapkan` dari site_config/jdih.yml (roles.kasubbag); jangan diubah dengan tangan.\n"
            "# Kasubbag Hukum dan SDM wajib menyetujui setiap perubahan draf dan konten (SOP tahap 5).\n"
            f"/drafts/ {owners}\n"
            f"/content/ {owners}\n")


PULL_REQUEST_RULE = {
    "required_approving_review_count": 1,
    "dismiss_stale_reviews_on_push": True,
    "require_code_owner_review": True,
    "require_last_push_approval": False,
    "required_review_thread_resolution": False,
}


def ruleset_payload(branch: str) -> dict:
    return {
        "name": RULESET_NAME,
        "target": "branch",
        "enforcement": "active",
        "conditions": {"ref_name": {"include": [f"refs/heads/{branch}"], "exclude": []}},
        "rules": [{"type": "pull_request", "parameters": dict(PULL_REQUEST_RULE)},
                  {"type": "non_fast_forward"}, {"type": "deletion"}],
    }


def status_check_rule() -> dict:
    """The ruleset rule requiring the draft check, in the shape GitHub documents for
    `required_status_checks` ("Create a repository ruleset",
    https://docs.github.com/en/rest/repos/rules#create-a-repository-ruleset; the schema
    `repository-rule-required-status-checks` in jdih/testing/github/rest-api-subset.json):
    both parameters are required. Not strict: with "branches must be up to date", every open
    pull request would need updating after each publish commit on main; `jdih terbitkan`
    checks the drafts again on main anyway. No `integration_id`: GitHub Actions' app id is not
    the same on GitHub Enterprise Server."""
    return {"type": "required_status_checks",
            "parameters": {"required_status_checks": [{"context": DRAFT_CHECK}],
                           "strict_required_status_checks_policy": False}}


def check_ruleset_payload(branch: str) -> dict:
    return {
        "name": CHECK_RULESET_NAME,
        "target": "branch",
        "enforcement": "active",
        "conditions": {"ref_name": {"include": [f"refs/heads/{branch}"], "exclude": []}},
        "rules": [status_check_rule()],
    }


def protection_payload() -> dict:
    return {
        # `contexts` and `strict` are the two required fields (rest-api-subset.json, PUT
        # /repos/{owner}/{repo}/branches/{branch}/protection).
        "required_status_checks": {"strict": False, "contexts": [DRAFT_CHECK]},
        "enforce_admins": False,
        "required_pull_request_reviews": {
            "dismiss_stale_reviews": True,
            "require_code_owner_reviews": True,
            "required_approving_review_count": 1,
        },
        "restrictions": None,
        "allow_force_pushes": False,
        "allow_deletions": False,
    }


def _protection_matches(protection: dict | None) -> bool:
    reviews = (protection or {}).get("required_pull_request_reviews") or {}
    checks = (protection or {}).get("required_status_checks") or {}
    contexts = set(checks.get("contexts") or []) | {c.get("context") for c in checks.get("checks") or []}
    return (reviews.get("dismiss_stale_reviews") is True and reviews.get("require_code_owner_reviews") is True
            and (reviews.get("required_approving_review_count") or 0) >= 1 and DRAFT_CHECK in contexts)


@dataclass
class Change:
    what: str  # Indonesian, e.g. "label 'tahap-4-sunting' dibuat"
    apply: Callable[[], str] | None = None  # None: already as wanted

    @property
    def needed(self) -> bool:
        return self.apply is not None


def plan(gh: GitHubRepo, settings: Settings, branch: str = "main", state: RepoState | None = None) -> list[Change]:
    state = state or gh.read_state(branch)
    changes: list[Change] = []
    for name, (colour, description) in LABELS.items():
        have = state.labels.get(name)
        if have is None:
            changes.append(Change(f"label '{name}' dibuat ({description})",
                                  lambda n=name, c=colour, d=description: (gh.create_label(n, c, d), "dibuat")[1]))
        elif have.color.lower() != colour or have.description != description:
            changes.append(Change(f"label '{name}' diperbarui (warna/keterangan)",
                                  lambda n=name, c=colour, d=description: (gh.update_label(n, c, d), "diperbarui")[1]))
        else:
            changes.append(Change(f"label '{name}': {OK}"))

    wanted = codeowners_text(settings)
    if state.codeowners == wanted:
        changes.append(Change(f"{CODEOWNERS_PATH}: {OK}"))
    else:
        verb = "dibuat" if state.codeowners is None else "diperbarui"
        owners = ", ".join(f"@{name}" for name in settings.roles.kasubbag)
        changes.append(Change(
            f"{CODEOWNERS_PATH} {verb} di cabang {branch}: pemilik drafts/ dan content/ adalah {owners}",
            lambda: (gh.put_file(CODEOWNERS_PATH, wanted, "CODEOWNERS: Kasubbag pemilik drafts/ dan content/",
                                 branch, state.codeowners_sha), verb)[1]))

    changes += _protection_changes(gh, state, branch)

    if state.pages is None:
        changes.append(Change("GitHub Pages diaktifkan, dibangun oleh GitHub Actions",
                              lambda: _checked(gh.enable_pages(exists=False), "Pages")))
    elif state.pages.get("build_type") != "workflow":
        changes.append(Change("GitHub Pages diubah agar dibangun oleh GitHub Actions (build_type: workflow)",
                              lambda: _checked(gh.enable_pages(exists=True), "Pages")))
    else:
        changes.append(Change(f"GitHub Pages (GitHub Actions): {OK}"))
    return changes


def _checked(result: tuple[bool, str], what: str) -> str:
    ok, detail = result
    if not ok:
        raise SetupError(f"{what} tidak dapat diatur ({detail}) — jalankan dengan token pemilik/admin repositori")
    return "selesai"


class SetupError(Exception):
    pass


CLASSIC_WHAT = ("wajib pull request, wajib disetujui pemilik kode (Kasubbag), persetujuan lama gugur bila ada "
                f"perubahan, wajib lulus pemeriksaan '{DRAFT_CHECK}'")


def _protection_changes(gh: GitHubRepo, state: RepoState, branch: str) -> list[Change]:
    if not state.rulesets_available:
        if _protection_matches(state.protection):
            return [Change(f"perlindungan cabang {branch}: {OK}")]
        return [Change(f"perlindungan cabang {branch} dipasang (ruleset tidak tersedia): {CLASSIC_WHAT}",
                       lambda: _checked(gh.protect_branch(branch, protection_payload()),
                                        f"perlindungan cabang {branch}"))]
    classic: list[str] = []  # classic protection put in place by this run (at most once)

    def fall_back(detail: str) -> str:
        # The classic protection holds both rules: one fallback serves both rulesets.
        if classic or _protection_matches(state.protection):
            return f"ruleset tidak tersedia ({detail}); perlindungan cabang klasik sudah sesuai"
        _checked(gh.protect_branch(branch, protection_payload()), f"perlindungan cabang {branch}")
        classic.append(branch)
        return f"ruleset tidak tersedia ({detail}); perlindungan cabang klasik dipasang"

    wanted = [
        (RULESET_NAME, ruleset_payload, "wajib pull request, wajib disetujui pemilik kode (Kasubbag), "
                                        "persetujuan lama gugur bila ada perubahan"),
        (CHECK_RULESET_NAME, check_ruleset_payload,
         f"pull request hanya dapat digabung setelah pemeriksaan draf '{DRAFT_CHECK}' ({CHECK_WORKFLOW}) lulus"),
    ]
    changes = []
    for name, payload, rules in wanted:
        if any(r.get("name") == name for r in state.rulesets):
            changes.append(Change(f"ruleset '{name}' untuk cabang {branch}: {OK}"))
            continue

        def apply(payload=payload) -> str:
            ok, detail = gh.create_ruleset(payload(branch))
            return "ruleset dibuat" if ok else fall_back(detail)

        changes.append(Change(f"ruleset '{name}' dibuat untuk cabang {branch}: {rules} "
                              "(bila ruleset tidak tersedia: perlindungan cabang klasik)", apply))
    return changes


def write_local_codeowners(root: Path, settings: Settings) -> bool:
    """Write .github/CODEOWNERS in the checkout; True when it changed."""
    path = root / CODEOWNERS_PATH
    wanted = codeowners_text(settings)
    if path.is_file() and path.read_text(encoding="utf-8") == wanted:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(wanted, encoding="utf-8")
    return True


def run(gh: GitHubRepo, settings: Settings, *, branch: str = "main", dry_run: bool = False,
        echo: Callable[[str], None] = print) -> list[Change]:
    changes = plan(gh, settings, branch)
    needed = [c for c in changes if c.needed]
    if dry_run:
        echo(f"Rencana penyiapan {gh.full_name} (tidak ada yang diubah):")
        for change in changes:
            echo(f"  {'+' if change.needed else '='} {change.what}")
        echo(f"{len(needed)} perubahan akan dilakukan." if needed else "Semua sudah sesuai; tidak ada perubahan.")
        return changes
    for change in needed:
        result = change.apply()
        echo(f"  + {change.what} — {result}")
    echo(f"Penyiapan {gh.full_name} selesai: {len(needed)} perubahan." if needed
         else f"Penyiapan {gh.full_name}: semua sudah sesuai; tidak ada perubahan.")
    return changes
