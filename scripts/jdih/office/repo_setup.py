"""`jdih siapkan`: make a GitHub repository ready for the SOP (idempotent, with a dry-run plan).

Labels for the SOP steps; the publish credential (the environment `jdih-terbitkan` that only
`main` may use, a write deploy key, and its private half as that environment's secret; see
`jdih.github.deploykey`); CODEOWNERS making the Kasubbag the owner of everything that shapes
the page or the pipeline (through a pull request once `main` is protected); protection of
main (rulesets: the Kasubbag's approval, and the draft check of `periksa-draf.yml` as a
required status check, each with the deploy keys as the only bypass actor; classic branch
protection where rulesets are not available, which no deploy key can pass); GitHub Pages
built by Actions, with the custom domain set through the Pages API. Each item is read first
and changed only when it differs, so a second run changes nothing. A private repository on
GitHub Free is recognised by GitHub's answers and stops the run with what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jdih.content.settings import Settings
from jdih.github import deploykey
from jdih.github.client import GitHubRepo, RepoState
from jdih.sop.publish import LABEL_SUBSTANTIVE
from jdih.sop.review import LABELS

# The step labels, and the one the Kasubbag puts on a correction the group must hear about.
SETUP_LABELS = {**LABELS, LABEL_SUBSTANTIVE: ("b60205", "Ralat substantif: kabar ralat dikirim ke grup WhatsApp "
                                                        "setelah digabung")}

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


# Everything that shapes the public page or the publishing pipeline: a change to any of it
# needs the Kasubbag's approval, or a pull request could e.g. drop the approval check from
# the publish workflow with one approval from any writer.
OWNED_PATHS = ("/drafts/", "/content/", "/.github/", "/scripts/", "/site_config/", "/mkdocs.yml", "/pyproject.toml")
CODEOWNERS_BRANCH = "jdih-siapkan/codeowners"
# The deploy keys as the one actor that may push to main without a pull request: the
# promotion commit of `jdih terbitkan` (schema `repository-ruleset-bypass-actor`: actor_id is
# null for DeployKey, and `pull_request` mode does not apply to it).
DEPLOY_KEY_BYPASS = {"actor_id": None, "actor_type": "DeployKey", "bypass_mode": "always"}
BRANCH_POLICY = {"protected_branches": False, "custom_branch_policies": True}
# GitHub's answers for what a private repository on GitHub Free does not have (the fake's
# routes_extra.py gives their sources).
PLAN_ANSWERS = ("Upgrade to GitHub Pro or make this repository public", "Your current plan does not support GitHub Pages")
PLAN_ADVICE = ("repositori ini privat, dan pada paket GitHub Free repositori privat tidak mendapat ruleset, "
               "perlindungan cabang, environment, maupun GitHub Pages. Pilih salah satu: (1) jadikan repositori "
               "publik (Settings → General → Danger Zone → Change visibility) setelah membaca bagian 'Apa yang "
               "menjadi publik' di README, atau (2) tingkatkan paket akun/organisasi ke GitHub Pro atau Team. "
               "Lalu jalankan 'jdih siapkan' lagi")


def codeowners_text(settings: Settings) -> str:
    owners = " ".join(f"@{name}" for name in settings.roles.kasubbag)
    lines = [f"{path} {owners}" for path in OWNED_PATHS]
    return ("# Dibuat oleh `jdih siapkan` dari site_config/jdih.yml (roles.kasubbag); jangan diubah dengan tangan.\n"
            "# Kasubbag Hukum dan SDM wajib menyetujui setiap perubahan draf, konten, pengaturan, tampilan,\n"
            "# program, dan alur kerja penerbitan (SOP tahap 5).\n" + "\n".join(lines) + "\n")


class PlanLimitError(Exception):
    """GitHub refused because of the owner's plan; the message is Indonesian and says what to do."""


def _plan_limited(detail: str) -> bool:
    return any(answer in detail for answer in PLAN_ANSWERS)


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
        "bypass_actors": [dict(DEPLOY_KEY_BYPASS)],
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
        # The promotion commit has no status checks of its own: without the bypass, a required
        # check refuses every direct push, the deploy key's too.
        "bypass_actors": [dict(DEPLOY_KEY_BYPASS)],
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
    notice: bool = False  # nothing to do here, but a person must know (shown on every run, with "!")

    @property
    def needed(self) -> bool:
        return self.apply is not None


def plan(gh: GitHubRepo, settings: Settings, branch: str = "main", state: RepoState | None = None) -> list[Change]:
    state = state or gh.read_state(branch)
    if _plan_limited(state.rulesets_detail):
        raise PlanLimitError(f"{gh.full_name}: {PLAN_ADVICE}")
    changes: list[Change] = []
    for name, (colour, description) in SETUP_LABELS.items():
        have = state.labels.get(name)
        if have is None:
            changes.append(Change(f"label '{name}' dibuat ({description})",
                                  lambda n=name, c=colour, d=description: (gh.create_label(n, c, d), "dibuat")[1]))
        elif have.color.lower() != colour or have.description != description:
            changes.append(Change(f"label '{name}' diperbarui (warna/keterangan)",
                                  lambda n=name, c=colour, d=description: (gh.update_label(n, c, d), "diperbarui")[1]))
        else:
            changes.append(Change(f"label '{name}': {OK}"))

    changes += _credential_changes(gh)
    changes.append(_codeowners_change(gh, settings, state, branch))
    changes += _protection_changes(gh, state, branch)

    if state.pages is None:
        changes.append(Change("GitHub Pages diaktifkan, dibangun oleh GitHub Actions",
                              lambda: _checked(gh.enable_pages(exists=False), "Pages")))
    elif state.pages.get("build_type") != "workflow":
        changes.append(Change("GitHub Pages diubah agar dibangun oleh GitHub Actions (build_type: workflow)",
                              lambda: _checked(gh.enable_pages(exists=True), "Pages")))
    else:
        changes.append(Change(f"GitHub Pages (GitHub Actions): {OK}"))
    domain = (settings.site.custom_domain or "").strip() or None
    have = (state.pages or {}).get("cname") or None
    if domain != have:
        # With a Pages deployment from Actions GitHub ignores a CNAME file: the domain is set
        # through the API ("Managing a custom domain for your GitHub Pages site").
        what = f"domain khusus GitHub Pages diatur: {domain}" if domain else f"domain khusus GitHub Pages ({have}) dihapus"
        changes.append(Change(what, lambda: _checked(gh.set_pages_domain(domain), "domain khusus Pages")))
    elif domain:
        changes.append(Change(f"domain khusus GitHub Pages ({domain}): {OK}"))
    return changes


def _codeowners_change(gh: GitHubRepo, settings: Settings, state: RepoState, branch: str) -> Change:
    wanted = codeowners_text(settings)
    if state.codeowners == wanted:
        return Change(f"{CODEOWNERS_PATH}: {OK}")
    verb = "dibuat" if state.codeowners is None else "diperbarui"
    owners = ", ".join(f"@{name}" for name in settings.roles.kasubbag)
    message = f"CODEOWNERS: Kasubbag ({owners}) pemilik semua yang membentuk situs dan alur terbit"
    if not _main_protected(state):
        return Change(f"{CODEOWNERS_PATH} {verb} di cabang {branch}: pemilik {', '.join(OWNED_PATHS)} adalah {owners}",
                      lambda: (gh.put_file(CODEOWNERS_PATH, wanted, message, branch, state.codeowners_sha), verb)[1])
    # main refuses direct changes now: the new CODEOWNERS goes through the Kasubbag's review too.
    open_pull = next((p for p in gh.open_pulls(branch) if p.head_ref == CODEOWNERS_BRANCH), None)
    if open_pull is not None:
        return Change(f"{CODEOWNERS_PATH}: perubahan menunggu persetujuan Kasubbag di pull request #{open_pull.number}",
                      notice=True)

    def propose() -> str:
        if not gh.branch_exists(CODEOWNERS_BRANCH):
            gh.create_branch(CODEOWNERS_BRANCH, branch)
        sha = gh.file_sha(CODEOWNERS_PATH, CODEOWNERS_BRANCH)
        gh.put_file(CODEOWNERS_PATH, wanted, message, CODEOWNERS_BRANCH, sha)
        pull = gh.create_pull(f"CODEOWNERS {verb} oleh jdih siapkan", (
            "Berkas ini dibuat oleh `jdih siapkan` dari `site_config/jdih.yml` (`roles.kasubbag`).\n\n"
            f"Setelah digabung, setiap perubahan pada {', '.join(f'`{p}`' for p in OWNED_PATHS)} wajib disetujui "
            f"Kasubbag ({owners})."), CODEOWNERS_BRANCH, branch)
        return f"pull request #{pull.number} dibuka; minta Kasubbag menyetujui dan menggabungkannya"

    return Change(f"{CODEOWNERS_PATH} {verb} lewat pull request (cabang {branch} sudah dilindungi): pemilik "
                  f"{', '.join(OWNED_PATHS)} adalah {owners}", propose)


def _main_protected(state: RepoState) -> bool:
    names = {r.get("name") for r in state.rulesets}
    return bool(names & {RULESET_NAME, CHECK_RULESET_NAME}) or state.protection is not None


def _credential_changes(gh: GitHubRepo) -> list[Change]:
    """The environment only main may use, the write deploy key, and its secret (in this order:
    the secret needs the environment)."""
    env_name, changes = deploykey.ENVIRONMENT, []
    environment = gh.environment(env_name)
    policy = (environment or {}).get("deployment_branch_policy")
    branches = gh.environment_branches(env_name) if environment is not None else []
    if environment is None or policy != BRANCH_POLICY or deploykey.BRANCH not in branches:
        verb = "dibuat" if environment is None else "diatur"

        def restrict() -> str:
            _checked(gh.put_environment(env_name, BRANCH_POLICY), f"environment {env_name}")
            if deploykey.BRANCH not in gh.environment_branches(env_name):
                _checked(gh.add_environment_branch(env_name, deploykey.BRANCH), f"cabang environment {env_name}")
            return verb

        changes.append(Change(f"environment '{env_name}' {verb}: hanya cabang {deploykey.BRANCH} yang boleh "
                              "memakainya (dan membaca kuncinya)", restrict))
    else:
        changes.append(Change(f"environment '{env_name}' (hanya cabang {deploykey.BRANCH}): {OK}"))
    others = [b for b in branches if b != deploykey.BRANCH]
    if others:
        changes.append(Change(f"PERHATIAN: environment '{env_name}' juga mengizinkan {', '.join(others)} — hapus di "
                              f"Settings → Environments → {env_name}, agar hanya {deploykey.BRANCH} yang dapat terbit",
                              notice=True))

    keys = gh.deploy_keys()
    ours = [k for k in keys if k.get("title") == deploykey.KEY_TITLE]
    has_secret = environment is not None and gh.has_environment_secret(env_name, deploykey.SECRET)
    if len(ours) == 1 and not ours[0].get("read_only") and has_secret:
        changes.append(Change(f"kunci terbit (deploy key '{deploykey.KEY_TITLE}', secret {deploykey.SECRET}): {OK}"))
    else:
        def new_key() -> str:
            for key in ours:
                gh.delete_deploy_key(key["id"])
            private, public = deploykey.generate()
            _checked(gh.add_deploy_key(deploykey.KEY_TITLE, public), "deploy key")
            gh.put_environment_secret(env_name, deploykey.SECRET, private)
            return "kunci baru dibuat; kunci privatnya hanya tersimpan sebagai secret (tidak ditampilkan)"

        changes.append(Change(f"kunci terbit dibuat: deploy key '{deploykey.KEY_TITLE}' (boleh menulis) dan secret "
                              f"{deploykey.SECRET} di environment '{env_name}'", new_key))
    for key in keys:
        if key.get("title") != deploykey.KEY_TITLE and not key.get("read_only"):
            changes.append(Change(f"PERHATIAN: deploy key lain '{key.get('title')}' boleh menulis, sehingga juga dapat "
                                  f"melewati ruleset cabang {deploykey.BRANCH} — hapus bila tidak dipakai "
                                  "(Settings → Deploy keys)", notice=True))
    return changes


def _checked(result: tuple[bool, str], what: str) -> str:
    ok, detail = result
    if not ok and _plan_limited(detail):
        raise PlanLimitError(f"{what} tidak dapat diatur: {PLAN_ADVICE}")
    if not ok:
        raise SetupError(f"{what} tidak dapat diatur ({detail}) — jalankan dengan token pemilik/admin repositori")
    return "selesai"


class SetupError(Exception):
    pass


CLASSIC_WHAT = ("wajib pull request, wajib disetujui pemilik kode (Kasubbag), persetujuan lama gugur bila ada "
                f"perubahan, wajib lulus pemeriksaan '{DRAFT_CHECK}'")


def _protection_changes(gh: GitHubRepo, state: RepoState, branch: str) -> list[Change]:
    if not state.rulesets_available:
        # Classic protection has no bypass for deploy keys: the promotion push will be refused.
        warning = Change(f"PERHATIAN: tanpa ruleset, kunci terbit tidak dapat mendorong hasil penerbitan ke {branch}; "
                         "jalankan 'jdih siapkan' di GitHub yang menyediakan ruleset (github.com, atau GitHub "
                         "Enterprise Server 3.11 ke atas)", notice=True)
        if _protection_matches(state.protection):
            return [Change(f"perlindungan cabang {branch}: {OK}"), warning]
        return [Change(f"perlindungan cabang {branch} dipasang (ruleset tidak tersedia): {CLASSIC_WHAT}",
                       lambda: _checked(gh.protect_branch(branch, protection_payload()),
                                        f"perlindungan cabang {branch}")), warning]
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
        found = next((r for r in state.rulesets if r.get("name") == name), None)
        if found is not None:
            changes.append(_bypass_change(gh, found, branch))
            continue

        def apply(payload=payload) -> str:
            ok, detail = gh.create_ruleset(payload(branch))
            return "ruleset dibuat" if ok else fall_back(detail)

        changes.append(Change(f"ruleset '{name}' dibuat untuk cabang {branch}: {rules} "
                              "(bila ruleset tidak tersedia: perlindungan cabang klasik)", apply))
    return changes


def _bypass_change(gh: GitHubRepo, summary: dict, branch: str) -> Change:
    """An existing ruleset of ours keeps its rules and gets the deploy keys as bypass actor."""
    name = summary.get("name")
    full = gh.ruleset(summary["id"]) or {}
    actors = list(full.get("bypass_actors") or [])
    if any(a.get("actor_type") == "DeployKey" and a.get("bypass_mode", "always") == "always" for a in actors):
        return Change(f"ruleset '{name}' untuk cabang {branch}: {OK}")

    def add() -> str:
        return _checked(gh.update_ruleset(summary["id"], {"bypass_actors": [*actors, dict(DEPLOY_KEY_BYPASS)]}),
                        f"ruleset '{name}'")

    return Change(f"ruleset '{name}': deploy key (kunci terbit) ditambahkan sebagai satu-satunya pelaku yang boleh "
                  f"mendorong ke {branch} tanpa pull request", add)


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
            echo(f"  {'+' if change.needed else '!' if change.notice else '='} {change.what}")
        echo(f"{len(needed)} perubahan akan dilakukan." if needed else "Semua sudah sesuai; tidak ada perubahan.")
        return changes
    for change in needed:
        result = change.apply()
        echo(f"  + {change.what} — {result}")
    for change in changes:
        if change.notice:
            echo(f"  ! {change.what}")
    echo(f"Penyiapan {gh.full_name} selesai: {len(needed)} perubahan." if needed
         else f"Penyiapan {gh.full_name}: semua sudah sesuai; tidak ada perubahan.")
    return changes
