"""The whole SOP as one scenario, on real git and the fake GitHub, through the `jdih` CLI:

disposisi → web-UI draft pull request → staf review with changes → Kasubbag requests
changes (the "Tidak" loop) → fix → staf approves → Kasubbag approves and merges → promotion.
"""

from __future__ import annotations

import json
import os
from urllib.parse import unquote

from click.testing import CliRunner

from jdih.cli.main import main
from jdih.github import deploykey
from jdih.github.client import GitHubRepo
from jdih.office import repo_setup
from jdih.sop.disposisi import FIELD_TITLE, FIELD_WHAT, issue_body
from jdih.testing import fakessh
from jdih.testing.fakegithub.routes_setup import environment_secrets
from tests.editorial_world import BOT, JPEG, KASUBBAG, PENGELOLA, STAF, git

DRAFT = "drafts/mengenal-uu-pemilu/index.md"  # the disposisi link's file: the draft's own folder


def fill(template: str) -> str:
    """What the operator types into the pre-filled template in the web editor."""
    filled = (template
              .replace('description: ""', 'description: "Ringkasan UU Pemilu bagi pemilih."')
              .replace("categories:\n  -\n", "categories:\n  - Peraturan\n")
              .replace('  src: ""\n  alt: ""', '  src: media/uu-pemilu.jpg\n  alt: "Sampul buku UU Pemilu"')
              .replace("caption: |\n", "caption: |\n  Kenali UU Pemilu bersama KPU Kabupaten Kapuas.\n", 1))
    return filled + "\nUndang-Undang Nomor 7 Tahun 2017 mengatur pemilihan umum.\n"


def test_the_whole_sop(world, monkeypatch, tmp_path):
    fake = world.fake
    ci = world.ci()
    monkeypatch.chdir(ci)
    for key, value in world.env(BOT).items():
        monkeypatch.setenv(key, value)
    runner = CliRunner()
    events = tmp_path / "events"
    events.mkdir()

    def event(name: str, action: str, number: int, **kwargs) -> list[str]:
        path = fake.write_event(events / f"{name}.{action}.{len(list(events.iterdir()))}.json", name, action, number,
                                **kwargs)
        result = runner.invoke(main, ["peristiwa"], env={"GITHUB_EVENT_NAME": name, "GITHUB_EVENT_PATH": str(path)})
        assert result.exit_code == 0, result.output
        return result.output.splitlines()

    def labels(number: int) -> list[str]:
        return sorted(fake.issue(number).labels)

    # 1. Kasubbag gives the disposisi through the issue form (08:00 WIB)
    fake.clock = fake.clock.replace(hour=1, minute=0)
    body = issue_body({FIELD_TITLE: "Mengenal UU Pemilu", FIELD_WHAT: "Ringkasan UU Nomor 7 Tahun 2017"})
    disposisi = fake.open_issue(KASUBBAG, "Disposisi: Mengenal UU Pemilu", body, labels=["disposisi", "tahap-1-disposisi"])
    assert event("issues", "opened", disposisi) == [
        f"Disposisi #{disposisi}: komentar berisi tautan pembuatan draf {DRAFT} dikirim."]
    [comment] = world.gh().comments(disposisi)
    link = comment.body.split("](", 1)[1].split(")", 1)[0]
    prefix = f"{fake.base_url}/kpu-kapuas/jdih-medsos/new/main?filename={DRAFT}&value="
    assert link.startswith(prefix)
    template = unquote(link[len(prefix):])
    assert f"disposisi: {disposisi}\n" in template and 'title: "Mengenal UU Pemilu"' in template

    # 2-3. The operator follows the link in the web editor: "Create a new branch … Propose changes" (draft PR)
    fake.advance(hours=2)
    world.write_draft("web", "pengelola-jdih-kapuas-patch-1", DRAFT, template, "Create index.md")
    number = world.open_pull(PENGELOLA, "pengelola-jdih-kapuas-patch-1", "Create index.md",
                             f"Menindaklanjuti #{disposisi}", draft=True)
    assert event("pull_request", "opened", number) == [
        f"PR #{number} masih draf: label tahap-3-konsep dipasang. Klik 'Ready for review' bila konsep siap disunting."]
    assert labels(number) == ["tahap-3-konsep"] and fake.pull(number).requested_reviewers == []

    fake.advance(minutes=20)
    filled = world.write_draft("web", "pengelola-jdih-kapuas-patch-1", DRAFT, fill(template),
                               "Lengkapi draf", extra_files={"drafts/mengenal-uu-pemilu/media/uu-pemilu.jpg": JPEG})
    fake.push_to_pull(number, filled, author=PENGELOLA)
    fake.mark_ready(number)
    assert event("pull_request", "ready_for_review", number) == [
        f"PR #{number}: label tahap-4-sunting dipasang; ulasan (sunting) diminta dari @{STAF}."]
    assert labels(number) == ["tahap-4-sunting"] and fake.pull(number).requested_reviewers == [STAF]

    # 4. Staf edits: asks for a change, commits a correction, then approves
    fake.advance(minutes=10)
    review = fake.submit_review(number, STAF, "CHANGES_REQUESTED", "Ringkasan perlu menyebut tahun.")
    assert event("pull_request_review", "submitted", number, review_id=review) == [
        f"PR #{number}: staf @{STAF} meminta perubahan; tetap di tahap-4-sunting (sunting)."]
    fake.advance(minutes=5)
    edited = world.write_draft("staf", "pengelola-jdih-kapuas-patch-1", DRAFT,
                               fill(template).replace("bagi pemilih", "bagi pemilih (2017)"), "Sunting ringkasan")
    fake.push_to_pull(number, edited, author=STAF)
    fake.advance(minutes=5)
    review = fake.submit_review(number, STAF, "APPROVED")
    assert event("pull_request_review", "submitted", number, review_id=review) == [
        f"PR #{number} disetujui staf @{STAF}: label tahap-5-persetujuan dipasang; persetujuan diminta dari "
        f"Kasubbag @{KASUBBAG}."]
    assert labels(number) == ["tahap-5-persetujuan"] and fake.pull(number).requested_reviewers == [KASUBBAG]

    # 5. Kasubbag says "Tidak": back to step 4, counted
    fake.advance(minutes=8)
    review = fake.submit_review(number, KASUBBAG, "CHANGES_REQUESTED", "Tambahkan tautan dokumen.")
    assert event("pull_request_review", "submitted", number, review_id=review) == [
        f"PR #{number}: Kasubbag @{KASUBBAG} meminta perubahan (penolakan ke-1); kembali ke tahap-4-sunting; "
        f"ulasan diminta lagi dari @{STAF}."]
    assert labels(number) == ["tahap-4-sunting"] and fake.pull(number).requested_reviewers == [STAF]
    counters = [c.body for c in world.gh().comments(number) if "jdih:penolakan" in c.body]
    assert counters == [f"<!-- jdih:penolakan n=1 ulasan={review} -->\n**Persetujuan Kasubbag: Tidak (1 kali).** "
                        f"Terakhir oleh @{KASUBBAG}. Sesuai SOP, draf kembali ke tahap 4 (sunting): staf memperbaiki "
                        "draf sesuai catatan Kasubbag, menyetujuinya kembali, lalu Kasubbag memeriksa ulang."]

    # the fix, the staf approves again, Kasubbag approves and merges
    fake.advance(minutes=15)
    fixed = world.write_draft("web", "pengelola-jdih-kapuas-patch-1", DRAFT,
                              fill(template).replace("bagi pemilih", "bagi pemilih (2017)")
                              .replace("legal_documents: []", "legal_documents:\n  - type: Undang-Undang\n"
                                       "    number: \"7\"\n    year: 2017\n    title: Pemilihan Umum"),
                              "Tambah dokumen hukum")
    fake.push_to_pull(number, fixed, author=PENGELOLA)
    fake.advance(minutes=5)
    review = fake.submit_review(number, STAF, "APPROVED")
    assert event("pull_request_review", "submitted", number, review_id=review)[0].startswith(
        f"PR #{number} disetujui staf @{STAF}: label tahap-5-persetujuan dipasang")
    assert fake.pull(number).requested_reviewers == [KASUBBAG]
    fake.advance(minutes=6)
    review = fake.submit_review(number, KASUBBAG, "APPROVED")
    assert event("pull_request_review", "submitted", number, review_id=review) == [
        f"PR #{number} disetujui Kasubbag @{KASUBBAG}: label tahap-5-persetujuan dipasang; siap digabung "
        "(Merge pull request)."]
    fake.advance(minutes=1)
    merge_sha = world.merge(number)
    assert event("pull_request", "closed", number) == [
        f"PR #{number} digabung: label tahap-6-terbit dipasang; draf siap diterbitkan."]
    assert labels(number) == ["tahap-6-terbit"]
    counters = [c.body for c in world.gh().comments(number) if "jdih:penolakan" in c.body]
    assert len(counters) == 1 and "n=1" in counters[0]  # the count stays visible

    # 6a. The publish workflow promotes it on main, set up as `jdih siapkan` sets an office up:
    #     main is protected, and only the deploy key (the environment secret) may push to it,
    #     over the fake's SSH, past the rulesets the fake enforces.
    git(ci, "pull", "-q", "origin", "main")
    admin = GitHubRepo(fake.token_of(KASUBBAG), fake.full_name, fake.base_url, write_pause=0)
    repo_setup.run(admin, world.settings, echo=lambda _: None)
    key = environment_secrets(fake.repo, deploykey.ENVIRONMENT, "refs/heads/main")[deploykey.SECRET]
    ssh_bin = fakessh.install_as_ssh(tmp_path / "ssh-bin")
    output = tmp_path / "github_output"
    result = runner.invoke(main, ["terbitkan", "--hasil", str(tmp_path / "hasil.json")],
                           env={"GITHUB_OUTPUT": str(output), deploykey.SECRET: key, "RUNNER_TEMP": str(tmp_path),
                                "GITHUB_SERVER_URL": fake.html_base, fakessh.ENV: fake.base_url,
                                deploykey.KNOWN_HOSTS_ENV: "127.0.0.1 ssh-ed25519 AAAA",
                                "PATH": f"{ssh_bin}:{os.environ['PATH']}"})
    assert result.exit_code == 0, result.output
    [push] = [p for p in fake.pushes if p["ref"] == "refs/heads/main"]
    assert push["actor_type"] == "DeployKey" and push["bypassed"]
    assert output.read_text() == "promoted=1\n"
    [promoted] = json.loads((tmp_path / "hasil.json").read_text())["promoted"]
    assert promoted == {"post_id": "posts/2026/mengenal-uu-pemilu/", "path": "content/posts/2026/mengenal-uu-pemilu/index.md",
                        "title": "Mengenal UU Pemilu", "pull_request": number, "disposisi": disposisi,
                        "approver": KASUBBAG, "approved_at": "2026-11-02T11:14:00+07:00",
                        "merged_at": "2026-11-02T11:15:00+07:00", "publish_at": None, "live": True, "draft": DRAFT}
    published = git(world.origin, "show", "main:content/posts/2026/mengenal-uu-pemilu/index.md")
    stamped = published.split("provenance:\n", 1)[1].split("\n---\n", 1)[0]
    assert stamped == (
        f"  pull_request: {number}\n"
        f"  pull_request_url: {fake.base_url}/kpu-kapuas/jdih-medsos/pull/{number}\n"
        f"  disposisi: {disposisi}\n"
        f"  author: {PENGELOLA}\n"
        f"  editors:\n  - {STAF}\n"
        f"  approver: {KASUBBAG}\n"
        "  approved_at: 2026-11-02 11:14:00+07:00\n"
        "  merged_at: 2026-11-02 11:15:00+07:00\n"
        f"  merge_commit: {merge_sha}")
    assert "  - type: Undang-Undang" in published and "bagi pemilih (2017)" in published
    assert git(world.origin, "log", "-1", "--format=%s", "main") == f"Terbitkan: Mengenal UU Pemilu (#{number})"
