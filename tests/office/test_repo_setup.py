"""`jdih siapkan` against the fake GitHub: plan, apply, idempotence, fallbacks."""

from __future__ import annotations

import pytest
import yaml
from cryptography.hazmat.primitives import serialization

from jdih.content.settings import load_settings
from jdih.github import deploykey
from jdih.github.client import GitHubRepo
from jdih.office import repo_setup
from jdih.office.repo_setup import SETUP_LABELS as LABELS
from tests.conftest import ROOT  # noqa: E402

ADMIN = "kasubbag-kapuas"


@pytest.fixture
def settings():
    return load_settings(ROOT / "site_config" / "jdih.yml")


def connect(fake, login=ADMIN, cls=GitHubRepo):
    return cls(fake.token_of(login), fake.full_name, fake.base_url, write_pause=0)


def test_codeowners_text_and_committed_file(settings):
    text = repo_setup.codeowners_text(settings)
    assert text.splitlines()[-7:] == [f"{path} @kasubbag-kapuas" for path in (
        "/drafts/", "/content/", "/.github/", "/scripts/", "/site_config/", "/mkdocs.yml", "/pyproject.toml")]
    # the committed file is the generated one
    assert (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == text
    teams = settings.model_copy(update={"roles": settings.roles.model_copy(update={"kasubbag": ["kpu/kasubbag", "a"]})})
    assert "/drafts/ @kpu/kasubbag @a\n" in repo_setup.codeowners_text(teams)


def test_write_local_codeowners(tmp_path, settings):
    assert repo_setup.write_local_codeowners(tmp_path, settings) is True
    assert repo_setup.write_local_codeowners(tmp_path, settings) is False
    assert (tmp_path / ".github" / "CODEOWNERS").read_text() == repo_setup.codeowners_text(settings)


def test_dry_run_plans_everything_and_changes_nothing(fake_github, settings):
    out = []
    repo_setup.run(connect(fake_github), settings, dry_run=True, echo=out.append)
    assert out[0] == "Rencana penyiapan kpu-kapuas/jdih-medsos (tidak ada yang diubah):"
    assert "  + label 'tahap-4-sunting' dibuat (Tahap 4 SOP: sunting oleh staf sub bagian)" in out
    assert ("  + .github/CODEOWNERS dibuat di cabang main: pemilik /drafts/, /content/, /.github/, /scripts/, "
            "/site_config/, /mkdocs.yml, /pyproject.toml adalah @kasubbag-kapuas" in out)
    assert ("  + environment 'jdih-terbitkan' dibuat: hanya cabang main yang boleh memakainya (dan membaca "
            "kuncinya)") in out
    assert ("  + kunci terbit dibuat: deploy key 'jdih-terbitkan' (boleh menulis) dan secret JDIH_DEPLOY_KEY di "
            "environment 'jdih-terbitkan'") in out
    assert ("  + ruleset 'jdih-persetujuan-kasubbag' dibuat untuk cabang main: wajib pull request, wajib disetujui "
            "pemilik kode (Kasubbag), persetujuan lama gugur bila ada perubahan (bila ruleset tidak tersedia: "
            "perlindungan cabang klasik)") in out
    assert ("  + ruleset 'jdih-pemeriksaan-draf' dibuat untuk cabang main: pull request hanya dapat digabung "
            "setelah pemeriksaan draf 'Periksa dan pratinjau draf' (.github/workflows/periksa-draf.yml) lulus "
            "(bila ruleset tidak tersedia: perlindungan cabang klasik)") in out
    assert "  + GitHub Pages diaktifkan, dibangun oleh GitHub Actions" in out
    assert out[-1] == f"{len(LABELS) + 6} perubahan akan dilakukan."
    assert [e for e in fake_github.log if e.method != "GET"] == []


def test_apply_then_second_run_changes_nothing(fake_github, settings):
    gh = connect(fake_github)
    out = []
    repo_setup.run(gh, settings, echo=out.append)
    assert out[-1] == f"Penyiapan kpu-kapuas/jdih-medsos selesai: {len(LABELS) + 6} perubahan."
    labels = gh.repo_labels()
    for name, (colour, description) in LABELS.items():
        assert (labels[name].color, labels[name].description) == (colour, description)
    state = gh.read_state()
    assert state.codeowners == repo_setup.codeowners_text(settings)
    assert [(r["name"], r["enforcement"]) for r in state.rulesets] == [
        ("jdih-persetujuan-kasubbag", "active"), ("jdih-pemeriksaan-draf", "active")]
    stored = fake_github.repo.rulesets[0]
    assert stored["conditions"] == {"ref_name": {"include": ["refs/heads/main"], "exclude": []}}
    assert stored["rules"][0] == {"type": "pull_request", "parameters": {
        "required_approving_review_count": 1, "dismiss_stale_reviews_on_push": True,
        "require_code_owner_review": True, "require_last_push_approval": False,
        "required_review_thread_resolution": False}}
    check = fake_github.repo.rulesets[1]
    assert check["conditions"] == {"ref_name": {"include": ["refs/heads/main"], "exclude": []}}
    assert check["rules"] == [{"type": "required_status_checks", "parameters": {
        "required_status_checks": [{"context": "Periksa dan pratinjau draf"}],
        "strict_required_status_checks_policy": False}}]
    assert state.pages["build_type"] == "workflow"
    # the deploy keys are the one bypass actor of both rulesets
    assert stored["bypass_actors"] == check["bypass_actors"] == [
        {"actor_id": None, "actor_type": "DeployKey", "bypass_mode": "always"}]
    # the key: one write deploy key; its private half only in the environment only main may use
    [key] = fake_github.repo.deploy_keys
    assert (key["title"], key["read_only"]) == ("jdih-terbitkan", False)
    env = fake_github.repo.environments["jdih-terbitkan"]
    assert env["deployment_branch_policy"] == {"protected_branches": False, "custom_branch_policies": True}
    assert [(p["name"], p["type"]) for p in env["branch_policies"]] == [("main", "branch")]
    private = serialization.load_ssh_private_key(env["secrets"]["JDIH_DEPLOY_KEY"]["value"].encode(), None)
    public = private.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    assert key["key"] == public.decode()
    assert "PRIVATE KEY" not in "\n".join(out)  # never printed
    writes = len([e for e in fake_github.log if e.method != "GET"])
    out = []
    repo_setup.run(gh, settings, echo=out.append)
    assert out == ["Penyiapan kpu-kapuas/jdih-medsos: semua sudah sesuai; tidak ada perubahan."]
    assert len([e for e in fake_github.log if e.method != "GET"]) == writes
    out = []
    repo_setup.run(gh, settings, dry_run=True, echo=out.append)
    assert out[-1] == "Semua sudah sesuai; tidak ada perubahan."
    assert all(line.startswith("  = ") for line in out[1:-1])


def test_changed_label_and_legacy_pages_are_updated(fake_github, settings):
    fake_github.add_labels(fake_github.open_issue(ADMIN, "x"), "tahap-4-sunting")  # created with a random colour
    fake_github.repo.pages = {"build_type": "legacy", "source": {"branch": "main", "path": "/"}}
    plan = repo_setup.plan(connect(fake_github), settings)
    whats = [c.what for c in plan if c.needed]
    assert "label 'tahap-4-sunting' diperbarui (warna/keterangan)" in whats
    assert "GitHub Pages diubah agar dibangun oleh GitHub Actions (build_type: workflow)" in whats
    for change in plan:
        if change.needed:
            change.apply()
    assert fake_github.repo.pages["build_type"] == "workflow"
    assert connect(fake_github).repo_labels()["tahap-4-sunting"].color == LABELS["tahap-4-sunting"][0]


class NoRulesets(GitHubRepo):
    """GitHub where rulesets do not exist (older GitHub Enterprise Server): the fake cannot say so
    itself, so the ruleset endpoints answer 404 here; everything else reaches the fake."""

    def _raw(self, method, path, body=None):
        if path.startswith("/rulesets"):
            return 404, {"message": "Not Found"}
        return super()._raw(method, path, body)


def test_classic_branch_protection_when_rulesets_are_missing(fake_github, settings):
    gh = connect(fake_github, cls=NoRulesets)
    out = []
    repo_setup.run(gh, settings, dry_run=True, echo=out.append)
    assert ("  + perlindungan cabang main dipasang (ruleset tidak tersedia): wajib pull request, wajib disetujui "
            "pemilik kode (Kasubbag), persetujuan lama gugur bila ada perubahan, wajib lulus pemeriksaan "
            "'Periksa dan pratinjau draf'") in out
    repo_setup.run(gh, settings, echo=out.append)
    protection = gh.read_state().protection
    reviews = protection["required_pull_request_reviews"]
    assert reviews["require_code_owner_reviews"] is True and reviews["dismiss_stale_reviews"] is True
    assert reviews["required_approving_review_count"] == 1
    assert protection["required_status_checks"]["contexts"] == ["Periksa dan pratinjau draf"]
    assert protection["required_status_checks"]["strict"] is False
    out = []
    repo_setup.run(gh, settings, echo=out.append)
    # no bypass for deploy keys in classic protection: said on every run
    assert out == ["  ! PERHATIAN: tanpa ruleset, kunci terbit tidak dapat mendorong hasil penerbitan ke main; "
                   "jalankan 'jdih siapkan' di GitHub yang menyediakan ruleset (github.com, atau GitHub Enterprise "
                   "Server 3.11 ke atas)",
                   "Penyiapan kpu-kapuas/jdih-medsos: semua sudah sesuai; tidak ada perubahan."]


class RulesetRefused(GitHubRepo):
    """A plan without rulesets for private repositories: listing works, creating is refused."""

    def create_ruleset(self, payload):
        return False, "403 Upgrade to GitHub Pro or make this repository public to enable this feature."


def test_ruleset_refused_falls_back_to_branch_protection(fake_github, settings):
    out = []
    repo_setup.run(connect(fake_github, cls=RulesetRefused), settings, echo=out.append)
    line = next(line for line in out if "ruleset 'jdih-persetujuan-kasubbag'" in line)
    assert line.endswith("— ruleset tidak tersedia (403 Upgrade to GitHub Pro or make this repository public to "
                         "enable this feature.); perlindungan cabang klasik dipasang")
    # one classic protection holds both rules: the second ruleset's fallback finds it in place
    line = next(line for line in out if "ruleset 'jdih-pemeriksaan-draf'" in line)
    assert line.endswith("; perlindungan cabang klasik sudah sesuai")
    assert fake_github.repo.protection["main"]["required_status_checks"] == {
        "strict": False, "contexts": ["Periksa dan pratinjau draf"]}
    assert len([e for e in fake_github.log if e.method == "PUT" and e.template.endswith("/protection")]) == 1


def test_without_admin_rights_the_error_says_what_to_do(fake_github, settings):
    with pytest.raises(repo_setup.SetupError) as caught:
        repo_setup.run(connect(fake_github, login="github-actions[bot]"), settings, echo=lambda _: None)
    assert str(caught.value) == ("environment jdih-terbitkan tidak dapat diatur (403 Resource not accessible by "
                                 "integration) — jalankan dengan token pemilik/admin repositori")


def test_the_required_check_is_the_job_of_the_draft_check_workflow():
    """A required check that never reports blocks every merge: its context must be the job's
    name, and the workflow must run on every pull request (no paths filter)."""
    workflow = yaml.safe_load((ROOT / repo_setup.CHECK_WORKFLOW).read_text(encoding="utf-8"))
    names = [job.get("name", key) for key, job in workflow["jobs"].items()]
    assert repo_setup.DRAFT_CHECK in names
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert set(triggers) == {"pull_request"}
    assert not {"paths", "paths-ignore", "branches-ignore"} & set(triggers["pull_request"] or {})
    job = next(job for job in workflow["jobs"].values() if job.get("name") == repo_setup.DRAFT_CHECK)
    assert "if" not in job and "strategy" not in job  # no skipped job, no matrix suffix on the name


def test_an_office_set_up_before_the_check_gets_only_the_check_ruleset(fake_github, settings):
    gh = connect(fake_github)
    assert gh.create_ruleset(repo_setup.ruleset_payload("main"))[0]
    plan = repo_setup.plan(gh, settings)
    whats = [c.what for c in plan if "ruleset" in c.what]
    assert whats[0] == "ruleset 'jdih-persetujuan-kasubbag' untuk cabang main: sudah sesuai"
    assert whats[1].startswith("ruleset 'jdih-pemeriksaan-draf' dibuat untuk cabang main: ")
    next(c for c in plan if c.what == whats[1]).apply()
    assert [r["name"] for r in fake_github.repo.rulesets] == ["jdih-persetujuan-kasubbag", "jdih-pemeriksaan-draf"]


def test_classic_protection_without_the_check_is_brought_up_to_date(fake_github, settings):
    gh = connect(fake_github, cls=NoRulesets)
    old = repo_setup.protection_payload() | {"required_status_checks": None}
    assert gh.protect_branch("main", old)[0]
    [change] = [c for c in repo_setup.plan(gh, settings) if "perlindungan" in c.what]
    assert change.needed
    change.apply()
    assert gh.read_state().protection["required_status_checks"]["contexts"] == ["Periksa dan pratinjau draf"]


def test_a_private_repository_on_free_stops_with_what_to_do(fake_github, settings):
    fake_github.repo.private = True
    with pytest.raises(repo_setup.PlanLimitError) as caught:
        repo_setup.run(connect(fake_github), settings, echo=lambda _: None)
    message = str(caught.value)
    assert message.startswith("kpu-kapuas/jdih-medsos: repositori ini privat, dan pada paket GitHub Free")
    assert "jadikan repositori publik" in message and "GitHub Pro atau Team" in message
    assert "token pemilik/admin" not in message  # not the wrong advice
    assert [e for e in fake_github.log if e.method != "GET"] == []
    fake_github.repo.plan = "pro"  # a paid plan: the same repository can be set up
    repo_setup.run(connect(fake_github), settings, echo=lambda _: None)
    assert [r["name"] for r in fake_github.repo.rulesets] == ["jdih-persetujuan-kasubbag", "jdih-pemeriksaan-draf"]


def test_codeowners_goes_through_a_pull_request_once_main_is_protected(fake_github, settings):
    gh = connect(fake_github)
    repo_setup.run(gh, settings, echo=lambda _: None)
    changed = settings.model_copy(update={"roles": settings.roles.model_copy(update={"kasubbag": ["kasubbag-baru"]})})
    out = []
    repo_setup.run(gh, changed, echo=out.append)
    [line] = [line for line in out if "CODEOWNERS" in line]
    assert line.startswith("  + .github/CODEOWNERS diperbarui lewat pull request (cabang main sudah dilindungi)")
    [pull] = gh.open_pulls("main")
    assert pull.head_ref == repo_setup.CODEOWNERS_BRANCH and f"pull request #{pull.number} dibuka" in line
    # main itself is unchanged until the Kasubbag merges
    assert gh.read_state().codeowners == repo_setup.codeowners_text(settings)
    assert gh.file_sha(".github/CODEOWNERS", repo_setup.CODEOWNERS_BRANCH) is not None
    out = []
    repo_setup.run(gh, changed, echo=out.append)
    assert any(f"menunggu persetujuan Kasubbag di pull request #{pull.number}" in line for line in out)
    assert len(gh.open_pulls("main")) == 1


def test_a_ruleset_made_before_the_deploy_key_gets_it_as_bypass_actor(fake_github, settings):
    gh = connect(fake_github)
    old = repo_setup.ruleset_payload("main")
    del old["bypass_actors"]
    assert gh.create_ruleset(old)[0]
    change = next(c for c in repo_setup.plan(gh, settings) if "jdih-persetujuan-kasubbag" in c.what)
    assert change.what == ("ruleset 'jdih-persetujuan-kasubbag': deploy key (kunci terbit) ditambahkan sebagai "
                           "satu-satunya pelaku yang boleh mendorong ke main tanpa pull request")
    change.apply()
    stored = fake_github.repo.rulesets[0]
    assert stored["bypass_actors"] == [{"actor_id": None, "actor_type": "DeployKey", "bypass_mode": "always"}]
    assert stored["rules"] == old["rules"]  # the rules are kept


def test_a_second_write_deploy_key_is_reported(fake_github, settings):
    gh = connect(fake_github)
    _, public = deploykey.generate()
    assert gh.add_deploy_key("server-lama", public)[0]
    whats = [c.what for c in repo_setup.plan(gh, settings)]
    assert any(w.startswith("PERHATIAN: deploy key lain 'server-lama' boleh menulis") for w in whats)


def test_the_custom_domain_is_set_through_the_pages_api(fake_github, settings):
    gh = connect(fake_github)
    site = settings.site.model_copy(update={"custom_domain": "jdih.kpu-kapuas.go.id"})
    with_domain = settings.model_copy(update={"site": site})
    out = []
    repo_setup.run(gh, with_domain, echo=out.append)
    assert "  + domain khusus GitHub Pages diatur: jdih.kpu-kapuas.go.id — selesai" in out
    assert fake_github.repo.pages["cname"] == "jdih.kpu-kapuas.go.id"
    out = []
    repo_setup.run(gh, with_domain, echo=out.append)
    assert out == ["Penyiapan kpu-kapuas/jdih-medsos: semua sudah sesuai; tidak ada perubahan."]


def test_a_lost_secret_gets_a_new_key_and_the_old_key_goes(fake_github, settings):
    gh = connect(fake_github)
    repo_setup.run(gh, settings, echo=lambda _: None)
    [old] = fake_github.repo.deploy_keys
    del fake_github.repo.environments["jdih-terbitkan"]["secrets"]["JDIH_DEPLOY_KEY"]
    repo_setup.run(gh, settings, echo=lambda _: None)
    [new] = fake_github.repo.deploy_keys
    assert new["id"] != old["id"] and "JDIH_DEPLOY_KEY" in fake_github.repo.environments["jdih-terbitkan"]["secrets"]
