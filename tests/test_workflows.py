"""The workflows' YAML, run step by step in the simulator (tests/actions_sim.py) against real
git (a bare origin in tmp_path, CI clones of a copy of this project), the fake GitHub and the
local receiver standing in for the WhatsApp gateway."""

from __future__ import annotations

import copy
import datetime as dt
import html
import json
import re
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from jdih.content.clock import format_date
from jdih.notify.ledger import parse_comment
from jdih.testing import WEBHOOK_EXAMPLES
from jdih.testing.actions_sim import Scope, Simulator, Unsupported, condition, parse_key_values
from jdih.testing.pageshost import PagesHost
from jdih.testing.receiver import Reply
from tests.editorial_world import BOT, KASUBBAG, PENGELOLA, STAF, World, git, make_world

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
EXAMPLES = WEBHOOK_EXAMPLES
SITE = "https://kpu-kapuas.github.io/jdih-medsos/"
POST_ID = "posts/2026/uji-alur-terbit/"
TOKEN = "rahasia-gerbang-7f3a9c"
SKIP_INSTALL = {"pasang": "paket jdih sudah terpasang di venv pengujian"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def image_cache(tmp_path_factory) -> Path:
    """Processed images shared by this module's builds (the workflows' actions/cache)."""
    return tmp_path_factory.mktemp("jdih-cache")


def seed_project(seed: Path) -> None:
    # The committed project, not the working tree (other work in progress must not leak in).
    archive = subprocess.run(["git", "archive", "HEAD", "mkdocs.yml", "pyproject.toml", "content", "site_config"],
                             cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(seed)], input=archive, check=True)
    (seed / "drafts").mkdir()
    (seed / "drafts" / ".gitkeep").write_text("")
    settings = seed / "site_config" / "jdih.yml"
    # One attempt per run: the fault scenarios need no backoff waits.
    settings.write_text(settings.read_text().replace("max_attempts: 5", "max_attempts: 1"))
    (seed / ".gitignore").write_text("site/\n.cache/\npratinjau-situs/\n")


def make_project_world(tmp: Path) -> World:
    return make_world(tmp, fill=seed_project)


@pytest.fixture
def world(tmp_path):
    made = make_project_world(tmp_path)
    # deploy-pages serves the site here: the uploads after the deploy fetch from the live site
    made.pages_host = PagesHost()
    yield made
    made.pages_host.close()
    made.fake.stop()


def draft(title: str, disposisi: int | None, caption: str = "Kenali aturan pemilu. #Pemilu") -> str:
    lines = ["---", f'title: "{title}"', "date: 2026-11-24", "description: Ringkasan singkat konten ini.",
             "categories:", "  - Peraturan", "image:", "  src: gambar.png", "  alt: Sampul dokumen peraturan",
             "caption: |", f"  {caption}", "tags: [Pemilu2029]"]
    if disposisi:
        lines.append(f"disposisi: {disposisi}")
    lines += [f"authors: [{PENGELOLA}]", "---", "", f"Isi konten {title}.", ""]
    return "\n".join(lines)


IMAGE = (ROOT / "content" / "posts" / "2026" / "uu-7-2017-pemilihan-umum" / "gambar.png").read_bytes()


def approved_merge(world: World) -> tuple[int, int, str]:
    """Disposisi → draft pull request → staf and Kasubbag approve the head → merged (two hours
    ago: inside the retry workflow's window, past its grace period)."""
    world.fake.clock = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=2)
    disposisi = world.fake.open_issue(KASUBBAG, "Disposisi: Uji alur terbit", "Buat konten uji.",
                                      labels=["disposisi"])
    world.write_draft("operator", "konsep/uji-alur-terbit", "drafts/uji-alur-terbit/index.md",
                      draft("Uji Alur Terbit", disposisi), "Konsep: Uji Alur Terbit",
                      extra_files={"drafts/uji-alur-terbit/gambar.png": IMAGE})
    pull = world.open_pull(PENGELOLA, "konsep/uji-alur-terbit", "Konsep: Uji Alur Terbit",
                           body=f"Menindaklanjuti #{disposisi}")
    world.fake.submit_review(pull, STAF, "APPROVED")
    world.fake.advance(minutes=5)
    world.fake.submit_review(pull, KASUBBAG, "APPROVED")
    world.fake.advance(minutes=1)
    sha = world.merge(pull)
    return disposisi, pull, sha


def clone_at(world: World, name: str, sha: str) -> Path:
    """A fresh CI checkout (no git identity, as on a runner) at `sha`."""
    path = world.tmp / name
    git(world.tmp, "clone", "-q", str(world.origin), str(path))
    git(path, "checkout", "-q", "-B", "main", sha)
    return path


def push_payload(world: World, sha: str) -> dict:
    payload = json.loads((EXAMPLES / "push.event.0.json").read_text())
    payload.update(ref="refs/heads/main", after=sha, created=False, base_ref=None)
    payload["repository"] = copy.deepcopy(payload["repository"]) | {
        "full_name": world.fake.full_name, "name": world.fake.full_name.split("/")[1], "default_branch": "main"}
    payload["head_commit"] = (payload.get("head_commit") or {}) | {"id": sha}
    return payload


def dispatch_payload(world: World) -> dict:
    payload = json.loads((EXAMPLES / "workflow_dispatch.event.0.json").read_text())
    payload["ref"] = "refs/heads/main"
    payload["repository"] = payload["repository"] | {"full_name": world.fake.full_name}
    return payload


def simulator(world: World, workflow: str, event: str, payload: dict, tmp: Path, workspaces, *,
              secrets: dict, cache: Path, sha: str = "", run_id: int = 1001) -> Simulator:
    return Simulator(WORKFLOWS / workflow, event_name=event, payload=payload, tmp=tmp, workspace_for=workspaces,
                     repository=world.fake.full_name, api_url=world.fake.base_url, token=world.fake.token_of(BOT), token_for=world.fake.workflow_token,
                     secrets=secrets, base_env={"JDIH_GITHUB_WRITE_PAUSE": "0", "JDIH_CACHE_DIR": str(cache)},
                     skip_steps=SKIP_INSTALL, sha=sha, run_id=run_id, pages_host=world.pages_host)


def publish(world: World, sha: str, receiver, cache: Path, run_id: int):
    workspaces: dict[str, Path] = {}

    def workspace_for(job: str) -> Path:
        workspaces[job] = clone_at(world, f"ci-{run_id}-{job}", sha)
        return workspaces[job]

    run_dir = world.tmp / f"run-{run_id}"
    run_dir.mkdir()
    sim = simulator(world, "terbitkan.yml", "push", push_payload(world, sha), run_dir, workspace_for,
                    secrets={"WHATSAPP_URL": f"{receiver.url}/kirim", "WHATSAPP_TOKEN": TOKEN},
                    cache=cache, sha=sha, run_id=run_id)
    return sim.run(), workspaces


def bodies(world: World, number: int) -> list[str]:
    return [c.body for c in world.gh().comments(number)]


def all_logs(run) -> str:
    return "\n".join(job.log + "\n" + job.summary for job in run.jobs.values())


def test_merged_pull_request_is_published_announced_once_and_recorded(world, receiver, image_cache):
    disposisi, pull, sha = approved_merge(world)
    run, workspaces = publish(world, sha, receiver, image_cache, 1001)
    logs = all_logs(run)
    assert [job.result for job in run.jobs.values()] == ["success", "success", "success"], logs
    # promoted and pushed, built, deployed
    assert "content/posts/2026/uji-alur-terbit/index.md" in world.origin_files()
    assert not any(name.startswith("drafts/uji") for name in world.origin_files())
    assert (workspaces["bangun"] / "site" / POST_ID / "index.html").is_file()
    assert run.deployments == [{"path": str(workspaces["bangun"] / "site"), "page_url": world.pages_host.url}]
    # exactly one notification, with the permanent link
    assert len(receiver.requests) == 1
    sent = receiver.requests[0]
    assert sent.method == "POST" and sent.route == "/kirim"
    assert SITE + POST_ID in sent.body.decode()
    # the record on the merged pull request and the closed disposisi
    records = [b for b in bodies(world, pull) if "jdih:terbit post=" in b]
    assert len(records) == 1
    assert f"- Tautan: {SITE}{POST_ID}" in records[0] and " WIB" in records[0]
    assert "Kabar WhatsApp: ✅ terkirim ke grup WhatsApp" in records[0]
    assert "Linimasa SOP" in records[0]
    assert world.gh().issue(disposisi).state == "closed"
    assert any(SITE + POST_ID in b for b in bodies(world, disposisi))
    # the gateway token never reaches a log
    assert TOKEN not in logs and run.jobs["kabari"].step("kabari").env["WHATSAPP_TOKEN"] == TOKEN
    assert "WHATSAPP_TOKEN" not in run.jobs["bangun"].step("terbitkan").env
    # the notify job did all that with a sparse checkout: the code and the settings, no posts or images
    assert (workspaces["kabari"] / "site_config" / "jdih.yml").is_file()
    assert not (workspaces["kabari"] / "content").exists() and not (workspaces["kabari"] / "drafts").exists()

    # The register built by this run has the disposisi date (from the issue); the notice is sent
    # after the deploy, so it says "menunggu" (waiting), never "belum" (not sent).
    zone = ZoneInfo("Asia/Jakarta")
    opened = world.gh().issue(disposisi).created_at.astimezone(zone)
    row = register_row(workspaces["bangun"], POST_ID)
    assert row["Tanggal Disposisi"] == format_date(opened.date(), "d MMM y") and row["No. Disposisi"] == f"#{disposisi}"
    assert row["Kabar WhatsApp"] == "menunggu", row

    # "Re-run all jobs": the same commit again — nothing is sent twice, nothing duplicated.
    again, rebuilt = publish(world, sha, receiver, image_cache, 1002)
    assert again.conclusion == "success", all_logs(again)
    assert len(receiver.requests) == 1
    assert len([b for b in bodies(world, pull) if "jdih:terbit post=" in b]) == 1
    assert len([b for b in bodies(world, pull) if "jdih-kabar" in b]) == 1
    assert world.origin_subjects().count(f"Terbitkan: Uji Alur Terbit (#{pull})") == 1
    # ... and its register shows when the group was told (the bot's ledger comment on the pull request)
    [entry] = [e for e in map(parse_comment, bodies(world, pull)) if e is not None]
    sent_at = dt.datetime.fromisoformat(entry.last["time"]).astimezone(zone)
    row = register_row(rebuilt["bangun"], POST_ID)
    assert row["Kabar WhatsApp"] == f"{format_date(sent_at.date(), 'd MMM y')} {sent_at:%H.%M}", row
    assert row["Tanggal Disposisi"] == format_date(opened.date(), "d MMM y")


def register_row(workspace: Path, post_id: str) -> dict[str, str]:
    """{header: text} of the post's row in the register page the build job made."""
    page = (workspace / "site" / "agenda" / "index.html").read_text(encoding="utf-8")
    headers = re.findall(r"<th[^>]*>(.*?)</th>", page, flags=re.DOTALL)
    for row in re.findall(r"<tr>(.*?)</tr>", page, flags=re.DOTALL):
        texts = [html.unescape(re.sub(r"<[^>]+>", "", text)) for text in re.findall(r"<td[^>]*>(.*?)</td>", row,
                                                                                     flags=re.DOTALL)]
        cells = dict(zip(headers, texts, strict=False))
        if cells.get("Tautan") == post_id:
            return cells
    raise AssertionError(f"{post_id} not in the register")


def test_whatsapp_down_site_still_deployed_then_retry_sends_once(world, receiver, image_cache):
    disposisi, pull, sha = approved_merge(world)
    receiver.default = Reply(500, {"error": "gateway down"})
    run, workspaces = publish(world, sha, receiver, image_cache, 2001)
    assert run.jobs["bangun"].result == "success" and run.jobs["terapkan"].result == "success"
    assert len(run.deployments) == 1 and (workspaces["bangun"] / "site" / POST_ID / "index.html").is_file()
    kabari = run.jobs["kabari"]
    assert kabari.result == "failure"
    assert kabari.step("kabari").outcome == "failure" and kabari.step("kabari").conclusion == "success"
    final = kabari.steps[-1]
    assert final.outcome == "failure"
    assert "1 kabar WhatsApp tertunda" in final.log and f"«Uji Alur Terbit» {SITE}{POST_ID}" in final.log
    assert any(kind == "error" and "tertunda" in message for kind, message in kabari.annotations)
    assert len(receiver.requests) == 1
    record = next(b for b in bodies(world, pull) if "jdih:terbit post=" in b)
    assert "Kabar WhatsApp: ⏳ tertunda" in record

    # Later the gateway is back: the scheduled retry sends it, once.
    receiver.default = Reply(200, {"ok": True})
    retry_dir = world.tmp / "retry"
    retry_dir.mkdir()
    main_now = git(world.origin, "rev-parse", "main")
    for run_id in (3001, 3002):
        checkout = clone_at(world, f"ci-retry-{run_id}", main_now)
        sim = simulator(world, "kirim-ulang.yml", "workflow_dispatch", dispatch_payload(world), retry_dir,
                        lambda job, c=checkout: c, secrets={"WHATSAPP_URL": f"{receiver.url}/kirim",
                                                             "WHATSAPP_TOKEN": TOKEN},
                        cache=image_cache, sha=main_now, run_id=run_id)
        retried = sim.run()
        assert retried.conclusion == "success", all_logs(retried)
        listed = retried.jobs["kirim-ulang"].step("Siapkan daftar kabar").log
        # only the pending post (the sample posts on main came from no pull request here)
        assert listed.endswith("1 kabar disiapkan." if run_id == 3001 else "0 kabar disiapkan."), listed
    assert len(receiver.requests) == 2  # the failed attempt, then the one retry that succeeded
    record = next(b for b in bodies(world, pull) if "jdih:terbit post=" in b)
    assert "Kabar WhatsApp: ✅ terkirim" in record


# -- the draft check on a pull request ---------------------------------------------------------


def test_draft_check_keeps_one_preview_comment_and_lists_problems(world, image_cache):
    long_caption = "Takarir yang sangat panjang. " * 12
    world.write_draft("operator", "konsep/pratinjau", "drafts/uji-pratinjau/index.md",
                      draft("Uji Pratinjau", None, caption=long_caption.strip()), "Konsep: Uji Pratinjau",
                      extra_files={"drafts/uji-pratinjau/gambar.png": IMAGE})
    pull = world.open_pull(PENGELOLA, "konsep/pratinjau", "Konsep: Uji Pratinjau")
    workspace = clone_at(world, "ci-pr-1", git(world.origin, "rev-parse", "konsep/pratinjau"))
    run_dir = world.tmp / "pr-1"
    run_dir.mkdir()
    payload = world.fake.event_payload("pull_request", "opened", pull)
    sim = simulator(world, "periksa-draf.yml", "pull_request", payload, run_dir, lambda job: workspace,
                    secrets={}, cache=image_cache)
    run = sim.run()
    job = run.jobs["periksa"]
    # the caption is too long for X: the check itself fails (no continue-on-error), so the job —
    # the required status check on main — fails and the pull request cannot be merged
    assert (job.step("periksa").outcome, job.step("periksa").conclusion) == ("failure", "failure")
    assert job.result == "failure"
    # the preview is built and the comment written all the same, and the run says why it failed
    assert job.step("bangun").outcome == "success"
    assert run.artifacts == [("pratinjau-situs", workspace / "pratinjau-situs")]
    assert (workspace / "pratinjau-situs" / "posts" / "2026" / "uji-pratinjau" / "index.html").is_file()
    assert job.step("Perbarui komentar pratinjau").outcome == "success"
    assert any(kind == "error" and message.startswith("Ada masalah pada draf") for kind, message in job.annotations)
    previews = [b for b in bodies(world, pull) if b.startswith("<!-- jdih:pratinjau -->")]
    assert len(previews) == 1
    preview = previews[0]
    assert "### Uji Pratinjau" in preview
    # 12 × 29 − 1 = 347 characters, plus " #Pemilu2029 #JDIHKPU #KPUKapuas" (32) = 379;
    # X adds a space and the link counted as 23.
    assert "| Instagram | 379 karakter | 2.200 karakter | ✅ |" in preview
    assert "| Instagram (tagar) | 3 tagar | 30 tagar | ✅ |" in preview
    assert "| Facebook | 447 karakter | 63.206 karakter | ✅ |" in preview
    assert "| X | 403 karakter | 280 karakter | ❌ terlalu panjang |" in preview
    assert "takarir terlalu panjang untuk X" in preview
    assert "**WhatsApp**" in preview and f"{SITE}posts/2026/uji-pratinjau/" in preview

    # Second push fixes the caption: the same comment is edited, not duplicated.
    fixed = world.write_draft("operator", "konsep/pratinjau", "drafts/uji-pratinjau/index.md",
                              draft("Uji Pratinjau", None, caption="Takarir pendek. #Pemilu"), "Perbaiki takarir")
    world.fake.push_to_pull(pull, fixed)
    workspace2 = clone_at(world, "ci-pr-2", fixed)
    run_dir2 = world.tmp / "pr-2"
    run_dir2.mkdir()
    payload = world.fake.event_payload("pull_request", "synchronize", pull)
    sim = Simulator(WORKFLOWS / "periksa-draf.yml", event_name="pull_request", payload=payload, tmp=run_dir2,
                    workspace_for=lambda job: workspace2, repository=world.fake.full_name,
                    api_url=world.fake.base_url, token=world.fake.token_of(BOT), token_for=world.fake.workflow_token, secrets={},
                    base_env={"JDIH_GITHUB_WRITE_PAUSE": "0", "JDIH_CACHE_DIR": str(image_cache)},
                    skip_steps=SKIP_INSTALL, run_id=1102)
    second = sim.run()
    assert second.conclusion == "success", all_logs(second)
    previews = [b for b in bodies(world, pull) if b.startswith("<!-- jdih:pratinjau -->")]
    assert len(previews) == 1
    assert "✅ Tidak ada masalah" in previews[0] and fixed[:7] in previews[0]


def test_draft_check_from_a_fork_skips_the_comment_with_a_notice(world, image_cache):
    world.write_draft("operator", "konsep/fork", "drafts/uji-fork/index.md", draft("Uji Fork", None),
                      "Konsep: Uji Fork", extra_files={"drafts/uji-fork/gambar.png": IMAGE})
    pull = world.open_pull(PENGELOLA, "konsep/fork", "Konsep: Uji Fork")
    payload = world.fake.event_payload("pull_request", "opened", pull)
    payload["pull_request"]["head"]["repo"]["full_name"] = "orang-lain/jdih-medsos"
    workspace = clone_at(world, "ci-fork", git(world.origin, "rev-parse", "konsep/fork"))
    run_dir = world.tmp / "fork"
    run_dir.mkdir()
    sim = simulator(world, "periksa-draf.yml", "pull_request", payload, run_dir, lambda job: workspace,
                    secrets={}, cache=image_cache)
    run = sim.run()
    assert run.conclusion == "success", all_logs(run)
    assert not [b for b in bodies(world, pull) if "jdih:pratinjau" in b]
    assert any(kind == "notice" and "fork" in message for kind, message in run.jobs["periksa"].annotations)
    assert "## Pratinjau draf" in run.jobs["periksa"].summary


# -- SOP events ------------------------------------------------------------------------------


def test_sop_events_workflow_labels_a_ready_pull_request(world):
    world.write_draft("operator", "konsep/sop", "drafts/uji-sop.md", draft("Uji SOP", None), "Konsep: Uji SOP")
    pull = world.open_pull(PENGELOLA, "konsep/sop", "Konsep: Uji SOP")
    payload = world.fake.event_payload("pull_request", "opened", pull)
    workspace = clone_at(world, "ci-sop", git(world.origin, "rev-parse", "main"))
    run_dir = world.tmp / "sop"
    run_dir.mkdir()
    sim = Simulator(WORKFLOWS / "peristiwa-sop.yml", event_name="pull_request", payload=payload, tmp=run_dir,
                    workspace_for=lambda job: workspace, repository=world.fake.full_name,
                    api_url=world.fake.base_url, token=world.fake.token_of(BOT), token_for=world.fake.workflow_token,
                    base_env={"JDIH_GITHUB_WRITE_PAUSE": "0"}, skip_steps=SKIP_INSTALL)
    run = sim.run()
    assert run.conclusion == "success", all_logs(run)
    assert "tahap-4-sunting" in world.gh().labels_of(pull)
    assert STAF in world.gh().pull(pull).requested_users


# -- the simulator itself ----------------------------------------------------------------------


def test_simulator_refuses_what_it_does_not_emulate(tmp_path):
    scope = Scope({"steps": {"a": {"outcome": "failure"}}, "github": {"event_name": "push"}},
                  lambda fn: {"success": True, "failure": False, "always": True, "cancelled": False}[fn])
    assert condition("steps.a.outcome == 'FAILURE' || failure()", scope) is True
    assert condition("github.event_name == 'pull_request'", scope) is False
    assert condition("${{ !cancelled() }}", scope) is True
    with pytest.raises(Unsupported, match="function hashFiles"):
        condition("hashFiles('x') != ''", scope)
    with pytest.raises(Unsupported, match="context 'runner'"):
        condition("runner.os == 'Linux'", scope)
    workflow = tmp_path / "w.yml"
    workflow.write_text("on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n"
                        "      - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea\n")
    sim = Simulator(workflow, event_name="push", payload={}, tmp=tmp_path, workspace_for=lambda job: tmp_path,
                    repository="a/b", api_url="http://127.0.0.1:9", token="t")
    with pytest.raises(Unsupported, match="not emulated"):
        sim.run()
    assert parse_key_values("a=1\nb<<EOF\nx\ny\nEOF\n") == {"a": "1", "b": "x\ny"}


def test_publish_failing_before_deploy_sends_nothing_then_the_fixed_run_sends_once(world, receiver, image_cache):
    # A published post on main is broken (hand edit): the build fails after the promotion.
    ops = world.clone("operator")
    git(ops, "pull", "-q", "origin", "main")
    broken = ops / "content" / "posts" / "2026" / "uu-7-2017-pemilihan-umum" / "index.md"
    good = broken.read_text()
    broken.write_text(good.replace("description:", "deskripsi:", 1))
    git(ops, "commit", "-qam", "Sunting langsung yang merusak")
    git(ops, "push", "-q", "origin", "main")
    disposisi, pull, sha = approved_merge(world)
    run, _ = publish(world, sha, receiver, image_cache, 4001)
    assert run.jobs["bangun"].result == "failure"
    assert run.jobs["terapkan"].result == "skipped" and run.jobs["kabari"].result == "skipped"
    assert run.deployments == [] and receiver.requests == []
    assert not [b for b in bodies(world, pull) if "jdih:terbit post=" in b or "jdih-kabar" in b]
    assert world.gh().issue(disposisi).state == "open"
    # The promotion itself was pushed; the fix is merged and the next publish run announces the post.
    assert "content/posts/2026/uji-alur-terbit/index.md" in world.origin_files()
    git(ops, "switch", "-q", "main")
    git(ops, "pull", "-q", "origin", "main")
    broken.write_text(good)
    git(ops, "commit", "-qam", "Perbaiki konten")
    git(ops, "push", "-q", "origin", "main")
    fixed = git(world.origin, "rev-parse", "main")
    again, _ = publish(world, fixed, receiver, image_cache, 4002)
    assert again.jobs["bangun"].result == "success" and len(again.deployments) == 1
    # This run promoted nothing new, so its own list is empty; the retry workflow sends the post.
    retry_dir = world.tmp / "retry-4"
    retry_dir.mkdir()
    checkout = clone_at(world, "ci-retry-4", fixed)
    sim = simulator(world, "kirim-ulang.yml", "schedule", {"schedule": "*/30 0-9 * * 1-5"}, retry_dir,
                    lambda job: checkout, secrets={"WHATSAPP_URL": f"{receiver.url}/kirim", "WHATSAPP_TOKEN": TOKEN},
                    cache=image_cache, sha=fixed, run_id=4003)
    assert sim.run().conclusion == "success"
    assert len(receiver.requests) == 1 and SITE + POST_ID in receiver.requests[0].body.decode()
    assert world.gh().issue(disposisi).state == "closed"


def test_refused_draft_stays_out_while_the_run_deploys_and_ends_failed(world, receiver, image_cache):
    world.write_draft("operator", "konsep/tanpa-izin", "drafts/tanpa-izin/index.md", draft("Tanpa Izin", None),
                      "Konsep: Tanpa Izin", extra_files={"drafts/tanpa-izin/gambar.png": IMAGE})
    pull = world.open_pull(PENGELOLA, "konsep/tanpa-izin", "Konsep: Tanpa Izin")
    world.fake.submit_review(pull, STAF, "APPROVED")  # staf only: no Kasubbag approval
    sha = world.merge(pull)
    run, workspaces = publish(world, sha, receiver, image_cache, 5001)
    assert run.jobs["bangun"].step("terbitkan").outcome == "failure"
    assert run.jobs["bangun"].result == "success" and len(run.deployments) == 1
    assert not (workspaces["bangun"] / "site" / "posts" / "2026" / "tanpa-izin").exists()
    assert "drafts/tanpa-izin/index.md" in world.origin_files()
    assert receiver.requests == []
    final = run.jobs["kabari"].steps[-1]
    assert run.jobs["kabari"].result == "failure" and final.outcome == "failure"
    assert "Ada draf yang tidak diterbitkan (ditolak atau penerbitan gagal)" in final.log
    assert "hanya disetujui oleh @staf-hukum-kapuas, yang bukan Kasubbag" in run.jobs["bangun"].step("terbitkan").log


def test_sop_events_workflow_answers_a_new_disposisi(world):
    number = world.fake.open_issue(KASUBBAG, "Disposisi: Sosialisasi PKPU 8", "Buat konten sosialisasi.",
                                   labels=["disposisi"])
    payload = world.fake.event_payload("issues", "opened", number)
    workspace = clone_at(world, "ci-issue", git(world.origin, "rev-parse", "main"))
    run_dir = world.tmp / "issue"
    run_dir.mkdir()
    sim = Simulator(WORKFLOWS / "peristiwa-sop.yml", event_name="issues", payload=payload, tmp=run_dir,
                    workspace_for=lambda job: workspace, repository=world.fake.full_name,
                    api_url=world.fake.base_url, token=world.fake.token_of(BOT), token_for=world.fake.workflow_token,
                    base_env={"JDIH_GITHUB_WRITE_PAUSE": "0"}, skip_steps=SKIP_INSTALL)
    assert sim.run().conclusion == "success"
    comments = bodies(world, number)
    assert len(comments) == 1 and "/new/main?filename=drafts/" in comments[0]
    assert "tahap-1-disposisi" in world.gh().labels_of(number)


SYNTHETIC = """\
name: uji
on:
  workflow_dispatch:
env:
  TINGKAT: alur
jobs:
  satu:
    runs-on: ubuntu-latest
    timeout-minutes: 1
    env:
      TINGKAT_JOB: pekerjaan
    outputs:
      nilai: ${{ steps.tulis.outputs.nilai }}
    steps:
      - id: tulis
        env:
          RAHASIA: ${{ secrets.RAHASIA }}
          MASUKAN: ${{ inputs.siapa }}
        run: |
          echo "::add-mask::$RAHASIA"
          echo "rahasia=$RAHASIA tingkat=$TINGKAT/$TINGKAT_JOB masukan=$MASUKAN"
          echo "nilai=$(pwd | xargs basename)" >> "$GITHUB_OUTPUT"
          echo "DARI_ENV=ya" >> "$GITHUB_ENV"
        working-directory: sub
      - id: pipa
        shell: bash
        continue-on-error: true
        run: false | true
      - id: tanpa-pipefail
        run: false | true
      - if: steps.pipa.outcome == 'failure' && env.DARI_ENV == 'ya'
        run: echo "pipefail terasa, GITHUB_ENV terbaca"
      - if: failure()
        run: echo "tidak boleh jalan"
  dua:
    needs: satu
    runs-on: ubuntu-latest
    timeout-minutes: 1
    steps:
      - env:
          DARI_SATU: ${{ needs.satu.outputs.nilai }}
        run: test "$DARI_SATU" = sub && exit 3
  tiga:
    needs: dua
    if: always() && needs.dua.result == 'failure'
    runs-on: ubuntu-latest
    timeout-minutes: 1
    steps:
      - run: echo "jalan setelah dua gagal"
"""


def test_simulator_wiring(tmp_path):
    workflow = tmp_path / "uji.yml"
    workflow.write_text(SYNTHETIC)
    (tmp_path / "ws" / "sub").mkdir(parents=True)
    sim = Simulator(workflow, event_name="workflow_dispatch", payload={"inputs": {"siapa": "operator"}},
                    tmp=tmp_path, workspace_for=lambda job: tmp_path / "ws", repository="a/b",
                    api_url="http://127.0.0.1:9", token="t", secrets={"RAHASIA": "s3kr3t-nilai"},
                    inputs={"siapa": "operator"})
    run = sim.run()
    satu = run.jobs["satu"]
    assert satu.step("tulis").log == "rahasia=*** tingkat=alur/pekerjaan masukan=operator"
    assert satu.step("pipa").outcome == "failure" and satu.step("pipa").conclusion == "success"
    assert satu.step("tanpa-pipefail").outcome == "success"  # the default shell is `bash -e`, no pipefail
    assert [s.outcome for s in satu.steps[3:]] == ["success", "skipped"]
    assert satu.steps[3].log == "pipefail terasa, GITHUB_ENV terbaca"
    assert satu.result == "success" and satu.outputs == {"nilai": "sub"}
    assert run.jobs["dua"].result == "failure" and run.jobs["dua"].steps[0].note == "exit 3"
    assert run.jobs["tiga"].result == "success" and run.conclusion == "failure"


# -- triggers, the shared setup, cache keys, pins ---------------------------------------------------

# What is published or how: a pull request touching any of it must be checked, a push to main
# touching any of it must publish.
PUBLISHING_PATHS = ["drafts/**", "content/**", "site_config/**", "mkdocs.yml", "scripts/**", "pyproject.toml",
                    ".github/workflows/**"]
CHANGED = {
    "drafts/**": "drafts/uji/index.md", "content/**": "content/posts/2026/a/gambar.png",
    "site_config/**": "site_config/templates/whatsapp.txt.j2", "mkdocs.yml": "mkdocs.yml",
    "scripts/**": "scripts/jdih/sop/review.py", "pyproject.toml": "pyproject.toml",
    ".github/workflows/**": ".github/workflows/terbitkan.yml",
}


def filter_matches(pattern: str, path: str) -> bool:
    """GitHub's filter pattern: `**` any characters, `*` any but `/` (workflow syntax, "Filter
    pattern cheat sheet"); the whole path must match."""
    import re

    regex = re.escape(pattern).replace(r"\*\*", "\0").replace(r"\*", "[^/]*").replace("\0", ".*")
    return re.fullmatch(regex, path) is not None


def push_runs(paths: list[str], changed: list[str]) -> bool:
    """A push runs the workflow when any changed file matches one of `paths` (no negations here)."""
    return any(filter_matches(pattern, name) for pattern in paths for name in changed)


def on(workflow: str) -> dict:
    import yaml

    data = yaml.safe_load((WORKFLOWS / workflow).read_text(encoding="utf-8"))
    return data.get("on", data.get(True))


def test_path_filters_cover_what_is_published_and_how():
    assert filter_matches("content/**", "content/posts/2026/a/index.md") and not filter_matches("content/*", "content/a/b")
    # the draft check runs for every pull request: no path filter can leave its required check waiting
    check = on("periksa-draf.yml")
    assert check["pull_request"] is None or not {"paths", "paths-ignore"} & set(check["pull_request"])
    publish = on("terbitkan.yml")["push"]
    assert publish["branches"] == ["main"] and sorted(publish["paths"]) == sorted(PUBLISHING_PATHS)
    for pattern, name in CHANGED.items():
        assert push_runs(publish["paths"], [name]), (pattern, name)
        assert push_runs(publish["paths"], ["README.md", name])
    for name in ("README.md", "tests/test_workflows.py", "Makefile", "LICENSE"):
        assert not push_runs(publish["paths"], [name]), name


def jdih_jobs() -> list[tuple[str, str, list[dict]]]:
    import yaml

    found = []
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for name, job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].items():
            steps = job.get("steps", [])
            if any("jdih " in (step.get("run") or "") for step in steps):
                found.append((path.name, name, steps))
    return found


def test_every_job_sets_up_python_and_jdih_the_same_way():
    jobs = jdih_jobs()
    assert sorted((workflow, job) for workflow, job, _ in jobs) == [
        ("kirim-ulang.yml", "kirim-ulang"), ("periksa-draf.yml", "periksa"), ("peristiwa-sop.yml", "peristiwa"),
        ("terbitkan.yml", "bangun"), ("terbitkan.yml", "kabari")]
    shared = None
    for workflow, job, steps in jobs:
        ids = [step.get("id") for step in steps]
        start = ids.index("python")
        block = steps[start:start + 4]
        assert [step.get("id") for step in block] == ["python", "kunci", "venv", "pasang"], (workflow, job)
        assert block[3]["if"] == "steps.venv.outputs.cache-hit != 'true'"
        assert "--editable ." in block[3]["run"]
        assert all("pip install" not in (step.get("run") or "") for step in steps if step.get("id") != "pasang")
        assert "cache" not in block[0].get("with", {})  # no pip cache restored on every run
        shared = shared or block
        assert block == shared, (workflow, job)


def cache_keys(tmp_path, repo, python="3.11.14") -> dict[str, str]:
    import yaml

    steps = yaml.safe_load((WORKFLOWS / "terbitkan.yml").read_text(encoding="utf-8"))["jobs"]["bangun"]["steps"]
    script = next(step for step in steps if step.get("id") == "kunci")["run"]
    output, path_file = tmp_path / "output", tmp_path / "path"
    output.write_text("")
    path_file.write_text("")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "RUNNER_OS": "Linux", "PYTHON_VERSION": python,
           "GITHUB_WORKSPACE": str(repo), "GITHUB_OUTPUT": str(output), "GITHUB_PATH": str(path_file)}
    subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=repo, env=env, check=True)
    assert path_file.read_text() == f"{tmp_path}/.cache/jdih-venv/bin\n"
    return parse_key_values(output.read_text())


def test_cache_keys_follow_the_images_and_the_environment(tmp_path):
    repo = tmp_path / "repo"
    (repo / "drafts" / "uji").mkdir(parents=True)
    (repo / "content" / "assets").mkdir(parents=True)
    (repo / "content" / "posts" / "2026").mkdir(parents=True)
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (repo / "drafts" / "uji" / "index.md").write_text("---\ntitle: Uji\n---\n")
    (repo / "drafts" / "uji" / "gambar.png").write_bytes(IMAGE)
    (repo / "content" / "assets" / "logo.svg").write_text("<svg/>")
    git(tmp_path, "init", "-q", str(repo))

    def keys():
        git(repo, "add", "-A")
        return cache_keys(tmp_path, repo)

    first = keys()
    assert first["gambar"].startswith("jdih-gambar-") and len(first["gambar"]) == len("jdih-gambar-") + 16
    assert first["venv"].startswith("jdih-venv-Linux-runner-py3.11.14-")
    assert len(first["venv"]) <= 512 and "," not in first["venv"] + first["gambar"]
    (repo / "drafts" / "uji" / "index.md").write_text("---\ntitle: Uji lagi\n---\n")  # Markdown: same keys
    assert keys() == first
    target = repo / "content" / "posts" / "2026" / "uji"
    (repo / "drafts" / "uji").rename(target)  # a promotion moves the image: same image key
    assert keys() == first
    (target / "gambar.png").write_bytes(IMAGE + b"\0")  # another image content: a new key
    changed = keys()
    assert changed["gambar"] != first["gambar"] and changed["venv"] == first["venv"]
    (repo / "content" / "assets" / "logo.svg").write_text("<svg>baru</svg>")  # the logo counts
    assert keys()["gambar"] != changed["gambar"]
    (repo / "pyproject.toml").write_text('[project]\nname = "y"\n')  # the dependencies: a new environment
    assert keys()["venv"] != first["venv"]
    assert cache_keys(tmp_path, repo, python="3.11.15")["venv"] != keys()["venv"]  # so does another Python


def test_every_action_is_pinned_to_its_verified_release():
    import re

    from jdih.testing.actions_sim import PINS

    seen = set()
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.search(r"uses: ([\w./-]+)@(\S+)(?: # (\S+))?$", line)
            if match:
                action, sha, tag = match.groups()
                assert PINS.get(action) == (sha, tag), (path.name, line)
                seen.add(action)
    assert seen == set(PINS)  # and the simulator emulates nothing the workflows do not use


def test_simulator_refuses_unknown_inputs_and_unverified_commits(tmp_path):
    (tmp_path / "ws").mkdir()
    git(tmp_path, "init", "-q", str(tmp_path / "ws"))

    def run_step(step: str):
        workflow = tmp_path / "w.yml"
        workflow.write_text("on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n" + step)
        return Simulator(workflow, event_name="push", payload={}, tmp=tmp_path, workspace_for=lambda job: tmp_path / "ws",
                         repository="a/b", api_url="http://127.0.0.1:9", token="t").run()

    checkout = "      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1\n"
    assert run_step(checkout).conclusion == "success"
    with pytest.raises(Unsupported, match="has no input 'fetch-dept'"):
        run_step(checkout + "        with:\n          fetch-dept: 0\n")
    with pytest.raises(Unsupported, match="input 'ref' is not emulated"):
        run_step(checkout + "        with:\n          ref: lain\n")
    with pytest.raises(Unsupported, match="only actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1"):
        run_step("      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8\n")
    with pytest.raises(Unsupported, match="input 'key' is required"):
        run_step("      - uses: actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae\n        with:\n"
                 "          path: x\n")
    with pytest.raises(Unsupported, match="python-version 3.9 asked"):
        run_step("      - uses: actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97\n        with:\n"
                 "          python-version: '3.9'\n")
    bad_key = run_step("      - uses: actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae\n        with:\n"
                       "          path: x\n          key: a,b\n")
    assert bad_key.jobs["j"].steps[0].outcome == "failure" and "tanpa koma" in bad_key.jobs["j"].steps[0].log


def test_sop_events_workflow_sees_an_approval_whose_run_was_cancelled(world):
    """The Kasubbag approves, a comment follows at once: the approval's pending run is cancelled by
    the comment's (concurrency), and the comment's run alone puts the pull request at step 5."""
    world.write_draft("operator", "konsep/setuju", "drafts/uji-setuju.md", draft("Uji Setuju", None),
                      "Konsep: Uji Setuju")
    pull = world.open_pull(PENGELOLA, "konsep/setuju", "Konsep: Uji Setuju")
    world.fake.submit_review(pull, KASUBBAG, "APPROVED")
    world.fake.advance(minutes=1)
    comment = world.fake.submit_review(pull, STAF, "COMMENTED", "Catatan kecil.")
    payload = world.fake.event_payload("pull_request_review", "submitted", pull, review_id=comment)
    workspace = clone_at(world, "ci-setuju", git(world.origin, "rev-parse", "main"))
    run_dir = world.tmp / "setuju"
    run_dir.mkdir()
    sim = Simulator(WORKFLOWS / "peristiwa-sop.yml", event_name="pull_request_review", payload=payload, tmp=run_dir,
                    workspace_for=lambda job: workspace, repository=world.fake.full_name,
                    api_url=world.fake.base_url, token=world.fake.token_of(BOT), token_for=world.fake.workflow_token,
                    base_env={"JDIH_GITHUB_WRITE_PAUSE": "0"}, skip_steps=SKIP_INSTALL)
    run = sim.run()
    assert run.conclusion == "success", all_logs(run)
    assert [label for label in world.gh().labels_of(pull) if label.startswith("tahap-")] == ["tahap-5-persetujuan"]
    assert f"disetujui Kasubbag @{KASUBBAG}" in run.jobs["peristiwa"].step("Tangani peristiwa").log


# -- SOP step 6a: the office's own accounts -------------------------------------------------------


@pytest.fixture
def social_world(tmp_path):
    """A world whose settings switch on all four platforms, with the office's accounts on the
    stand-ins (Graph API, Telegram Bot API, X API) and the site served after each deploy."""
    from jdih.testing.fakesocial.office import OfficeAccounts

    def fill(seed: Path) -> None:
        seed_project(seed)
        settings = seed / "site_config" / "jdih.yml"
        data = yaml.safe_load(settings.read_text(encoding="utf-8"))
        data["posting"] = OfficeAccounts.posting("instagram", "facebook", "telegram", "x")
        settings.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    made = make_world(tmp_path, fill=fill)
    made.pages_host = PagesHost()
    made.accounts = OfficeAccounts().start()
    # Pages is on (as `jdih siapkan` leaves it), served by the hosting stand-in
    made.fake.repo.pages = {"build_type": "workflow", "served_at": made.pages_host.url}
    yield made
    made.accounts.stop()
    made.pages_host.close()
    made.fake.stop()


def social_sim(world, workflow: str, event: str, payload: dict, run_dir: Path, workspaces, receiver, cache: Path,
               sha: str, run_id: int) -> Simulator:
    return Simulator(WORKFLOWS / workflow, event_name=event, payload=payload, tmp=run_dir, workspace_for=workspaces,
                     repository=world.fake.full_name, api_url=world.fake.base_url, token=world.fake.token_of(BOT),
                     token_for=world.fake.workflow_token,
                     secrets={"WHATSAPP_URL": f"{receiver.url}/kirim", "WHATSAPP_TOKEN": TOKEN},
                     # the office stores the platforms' tokens in the main-only environment
                     environment_secrets=lambda name, ref: (
                         {} if name != "jdih-terbitkan"
                         else world.accounts.secrets if ref == "refs/heads/main" else None),
                     base_env={"JDIH_GITHUB_WRITE_PAUSE": "0", "JDIH_CACHE_DIR": str(cache), **world.accounts.env},
                     skip_steps=SKIP_INSTALL, sha=sha, run_id=run_id, pages_host=world.pages_host)


def social_publish(world, sha: str, receiver, cache: Path, run_id: int):
    workspaces: dict[str, Path] = {}

    def workspace_for(job: str) -> Path:
        workspaces[job] = clone_at(world, f"ci-{run_id}-{job}", sha)
        return workspaces[job]

    run_dir = world.tmp / f"run-{run_id}"
    run_dir.mkdir()
    return social_sim(world, "terbitkan.yml", "push", push_payload(world, sha), run_dir, workspace_for, receiver,
                      cache, sha, run_id).run()


def retry(world, receiver, cache: Path, run_id: int):
    retry_dir = world.tmp / f"retry-{run_id}"
    retry_dir.mkdir()
    main_now = git(world.origin, "rev-parse", "main")
    checkout = clone_at(world, f"ci-retry-{run_id}", main_now)
    return social_sim(world, "kirim-ulang.yml", "workflow_dispatch", dispatch_payload(world), retry_dir,
                      lambda job: checkout, receiver, cache, main_now, run_id).run()


def upload_record(world, pull: int):
    from jdih.social.ledger import parse_comment

    return next(found for body in bodies(world, pull) if (found := parse_comment(body)) is not None)


def test_step_6a_posts_to_every_platform_once_and_the_group_gets_the_links(social_world, receiver, image_cache):
    world, accounts = social_world, social_world.accounts
    disposisi, pull, sha = approved_merge(world)
    run = social_publish(world, sha, receiver, image_cache, 5001)
    assert run.conclusion == "success", all_logs(run)
    # Facebook: one Page photo post; Instagram: one published container; Telegram: one photo; X: one post
    assert len(accounts.graph.posts) == 1
    assert len(accounts.graph.media) == 1
    channel = accounts.telegram.posts(-1001234567890)
    assert len(channel) == 1
    assert len(accounts.x.posts) == 1
    # every image the platforms took came from the live site, after the deploy
    fetched = accounts.graph.calls_to("POST", f"/{accounts.posting('instagram')['instagram']['user_id']}/media")
    assert fetched and all(call.params["image_url"].startswith(world.pages_host.url) for call in fetched)
    found = upload_record(world, pull)
    assert [name for name, _ in found.links()] == ["instagram", "facebook", "telegram", "x"]
    assert found.waiting() == []
    links = dict(found.links())
    assert links["telegram"].startswith("https://t.me/jdihkpukapuas/")
    assert links["x"].startswith("https://x.com/")
    # SOP step 6b: the WhatsApp message carries the page and the four links, compared in full
    [sent] = receiver.requests
    assert sent.json["text"] == (
        "*Konten baru JDIH KPU Kabupaten Kapuas*\n\nUji Alur Terbit\n\n"
        f"{SITE}{POST_ID}\n\n"
        "Di akun media sosial kantor:\n"
        f"Instagram: {links['instagram']}\nFacebook: {links['facebook']}\n"
        f"Telegram: {links['telegram']}\nX: {links['x']}\n\n"
        f"Terbit {format_date(sent_date(world, pull))}"
        ", disetujui oleh Dra. Siti Rahmawati, M․H., Kasubbag Hukum dan SDM.\n"
        "Mohon dibagikan. Terima kasih.\n\nSubbagian Hukum dan SDM\nSekretariat KPU Kabupaten Kapuas\n")
    record = next(b for b in bodies(world, pull) if "jdih:terbit post=" in b)
    assert f"- Media sosial: Instagram ✅ {links['instagram']}; Facebook ✅ {links['facebook']}" in record
    # the retry workflow finds nothing to do: nothing is posted or sent again
    again = retry(world, receiver, image_cache, 5002)
    assert again.conclusion == "success", all_logs(again)
    assert len(accounts.graph.media) == 1 and len(accounts.telegram.posts(-1001234567890)) == 1
    assert len(accounts.x.posts) == 1 and len(receiver.requests) == 1


def sent_date(world, pull: int) -> dt.date:
    merged = world.fake.client().get_repo(world.fake.full_name).get_pull(pull).merged_at
    return merged.astimezone(ZoneInfo("Asia/Jakarta")).date()


def test_a_platform_down_stays_pending_and_the_retry_posts_it_once(social_world, receiver, image_cache):
    world, accounts = social_world, social_world.accounts
    disposisi, pull, sha = approved_merge(world)
    accounts.graph.fail_next(100, status=503, on="/media")  # Instagram's container endpoint is down
    run = social_publish(world, sha, receiver, image_cache, 6001)
    kabari = run.jobs["kabari"]
    assert kabari.step("unggah").outcome == "failure" and kabari.result == "failure"
    assert "Ada unggahan media sosial yang tertunda" in kabari.steps[-1].log
    found = upload_record(world, pull)
    assert found.waiting() == ["instagram"] and found.platforms["instagram"].state == "failed"
    assert "Graph API Instagram sedang bermasalah" in found.platforms["instagram"].reason
    [sent] = receiver.requests
    assert "Menyusul di Instagram.\n" in sent.json["text"]
    assert "Facebook: https://" in sent.json["text"]
    # the Graph API is back: the retry posts Instagram once, and the group is not told twice
    accounts.graph.faults.clear()
    for run_id in (6002, 6003):
        again = retry(world, receiver, image_cache, run_id)
        assert again.conclusion == "success", all_logs(again)
    assert len(accounts.graph.media) == 1, all_logs(again)
    assert upload_record(world, pull).waiting() == []
    assert len(receiver.requests) == 1
    assert len(accounts.telegram.posts(-1001234567890)) == 1 and len(accounts.x.posts) == 1


def test_an_expired_token_is_said_plainly_and_never_printed(social_world, receiver, image_cache):
    world, accounts = social_world, social_world.accounts
    accounts.graph.tokens[accounts.secrets["FACEBOOK_PAGE_TOKEN"]].state = "expired"
    disposisi, pull, sha = approved_merge(world)
    run = social_publish(world, sha, receiver, image_cache, 7001)
    logs = all_logs(run)
    found = upload_record(world, pull)
    reason = found.platforms["facebook"].reason
    assert "kedaluwarsa" in reason and "FACEBOOK_PAGE_TOKEN" in reason
    assert found.platforms["facebook"].permanent
    for secret in accounts.secrets.values():
        for part in secret.splitlines():
            assert part.split(": ")[-1] not in logs
            assert part.split(": ")[-1] not in "\n".join(bodies(world, pull))
    # the by-hand material is on the pull request meanwhile
    assert found.material["facebook"]["caption"]


# -- a post's whole life: scheduled publication, corrections, withdrawal (issue 13) ---------------

SCHEDULE = {"schedule": "7,22,37,52 * * * *"}
SCHEDULED_ID = "posts/2026/uji-terjadwal/"
SCHEDULED_FILE = "content/posts/2026/uji-terjadwal/index.md"


def at_run(world: World, event: str, payload: dict, sha: str, receiver, cache: Path, run_id: int,
           now: dt.datetime):
    """One run of terbitkan.yml whose jdih commands see `now` (JDIH_NOW), each job on a fresh
    checkout of `sha`."""
    workspaces: dict[str, Path] = {}

    def workspace_for(job: str) -> Path:
        workspaces[job] = clone_at(world, f"ci-{run_id}-{job}", sha)
        return workspaces[job]

    run_dir = world.tmp / f"run-{run_id}"
    run_dir.mkdir()
    sim = Simulator(WORKFLOWS / "terbitkan.yml", event_name=event, payload=payload, tmp=run_dir,
                    workspace_for=workspace_for, repository=world.fake.full_name, api_url=world.fake.base_url,
                    token=world.fake.token_of(BOT), token_for=world.fake.workflow_token,
                    secrets={"WHATSAPP_URL": f"{receiver.url}/kirim", "WHATSAPP_TOKEN": TOKEN},
                    base_env={"JDIH_GITHUB_WRITE_PAUSE": "0", "JDIH_CACHE_DIR": str(cache),
                              "JDIH_NOW": now.isoformat()},
                    skip_steps=SKIP_INSTALL, sha=sha, run_id=run_id, pages_host=world.pages_host)
    return sim.run(), workspaces


def scheduled_merge(world: World, publish_at: dt.datetime) -> tuple[int, str]:
    """A draft with `publish_at`, approved by staf and Kasubbag and merged (fake clock: now)."""
    world.fake.clock = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=2)
    text = draft("Uji Terjadwal", None).replace(
        "tags: [Pemilu2029]", f"tags: [Pemilu2029]\npublish_at: {publish_at:%Y-%m-%d %H:%M}")
    world.write_draft("operator", "konsep/uji-terjadwal", "drafts/uji-terjadwal/index.md", text,
                      "Konsep: Uji Terjadwal", extra_files={"drafts/uji-terjadwal/gambar.png": IMAGE})
    pull = world.open_pull(PENGELOLA, "konsep/uji-terjadwal", "Konsep: Uji Terjadwal")
    world.fake.submit_review(pull, STAF, "APPROVED")
    world.fake.advance(minutes=5)
    world.fake.submit_review(pull, KASUBBAG, "APPROVED")
    world.fake.advance(minutes=1)
    return pull, world.merge(pull)


def reviewed_change(world: World, branch: str, path: str, edit, title: str, body: str = "",
                    labels: tuple[str, ...] = ()) -> tuple[int, str]:
    """A pull request changing a file of main (`edit(text) -> text`, or None to delete it),
    approved by the Kasubbag and merged."""
    ops = world.clone("operator")
    git(ops, "fetch", "-q", "origin")
    git(ops, "switch", "-q", "-C", branch, "origin/main")
    target = ops / path
    new = edit(target.read_text(encoding="utf-8"))
    if new is None:
        git(ops, "rm", "-rq", str(target.parent))
    else:
        target.write_text(new, encoding="utf-8")
    git(ops, "commit", "-qam", title)
    git(ops, "push", "-q", "origin", branch)
    pull = world.open_pull(PENGELOLA, branch, title, body=body)
    if labels:
        world.fake.add_labels(pull, *labels)
    world.fake.submit_review(pull, KASUBBAG, "APPROVED")
    world.fake.advance(minutes=1)
    return pull, world.merge(pull)


def main_sha(world: World) -> str:
    return git(world.origin, "rev-parse", "main")


def front_matter_at(world: World, path: str) -> dict:
    text = git(world.origin, "show", f"main:{path}")
    return yaml.safe_load(text.split("---", 2)[1])


def site_traces(site: Path, post_id: str) -> dict[str, bool]:
    """Where a post shows in a built site: its page, the home page, the feeds, the search index,
    the sitemap, the register and the upload manifest."""
    def has(relative: str) -> bool:
        path = site / relative
        return path.is_file() and post_id in path.read_text(encoding="utf-8")

    return {"page": (site / post_id / "index.html").is_file(), "home": has("index.html"),
            "feed.json": has("feed.json"), "feed.xml": has("feed.xml"), "search": has("cari/indeks.json"),
            "sitemap": has("sitemap.xml"), "register": has("agenda/index.html"), "manifest": has("jdih-unggah.json")}


def test_a_scheduled_post_waits_then_the_scheduled_run_publishes_and_notifies_once(world, receiver, image_cache):
    zone = ZoneInfo("Asia/Jakarta")
    merged_at = dt.datetime.now(dt.UTC).astimezone(zone).replace(second=0, microsecond=0) - dt.timedelta(hours=2)
    publish_at = merged_at + dt.timedelta(days=1)
    pull, sha = scheduled_merge(world, publish_at)

    # The push run: promoted (provenance stamped), not announced, not recorded as live.
    run, workspaces = at_run(world, "push", push_payload(world, sha), sha, receiver, image_cache, 8001,
                             merged_at + dt.timedelta(minutes=10))
    assert run.conclusion == "success", all_logs(run)
    assert SCHEDULED_FILE in world.origin_files()
    assert front_matter_at(world, SCHEDULED_FILE)["provenance"]["pull_request"] == pull
    assert "0 kabar disiapkan." in run.jobs["bangun"].step("kabar").log
    assert receiver.requests == []
    records = bodies(world, pull)
    assert not [b for b in records if "jdih:terbit post=" in b]
    [waiting] = [b for b in records if "jdih:terjadwal" in b]
    assert f"### ⏰ Terjadwal tayang {publish_at.day} " in waiting and f"{publish_at:%H.%M} WIB" in waiting
    assert run.jobs["bangun"].step("jadwal").outcome == "skipped"  # a push always builds: no schedule check
    # the deployed site does not show it anywhere before its time
    absent = site_traces(workspaces["bangun"] / "site", SCHEDULED_ID)
    assert not any(absent.values()), absent

    # A scheduled run before its time: the check finds nothing due; no build, no deploy.
    early, _ = at_run(world, "schedule", SCHEDULE, main_sha(world), receiver, image_cache, 8002,
                      publish_at - dt.timedelta(hours=1))
    assert early.conclusion == "success", all_logs(early)
    bangun = early.jobs["bangun"]
    assert bangun.step("jadwal").outputs == {"perlu": "false"}
    assert [step.outcome for step in bangun.steps[bangun.steps.index(bangun.step("jadwal")) + 1:]] == \
        ["skipped"] * 8  # no image cache, promotion, build or upload
    assert [early.jobs[name].result for name in ("terapkan", "kabari")] == ["skipped"] * 2
    assert early.deployments == [] and receiver.requests == []

    # After its time (the run due at it was dropped, as GitHub may do under load; this is the next
    # one, 12 minutes after): built, deployed, announced once and recorded as live.
    late = publish_at + dt.timedelta(minutes=12)
    due, workspaces = at_run(world, "schedule", SCHEDULE, main_sha(world), receiver, image_cache, 8003, late)
    assert due.conclusion == "success", all_logs(due)
    assert "Jadwal: «Uji Terjadwal» terjadwal tayang" in due.jobs["bangun"].step("jadwal").log
    assert len(due.deployments) == 1
    assert (workspaces["bangun"] / "site" / SCHEDULED_ID / "index.html").is_file()
    present = site_traces(workspaces["bangun"] / "site", SCHEDULED_ID)
    assert all(present.values()), present
    [sent] = receiver.requests
    assert SITE + SCHEDULED_ID in sent.body.decode()
    [live] = [b for b in bodies(world, pull) if "jdih:terbit post=" in b]
    assert "Kabar WhatsApp: ✅ terkirim" in live
    # The SOP timeline on the record: from the merge to the scheduled time is "menunggu jadwal",
    # and step 6 counts from the scheduled time (so it is not late by a day of waiting).
    [waiting_row] = [line for line in live.splitlines() if line.startswith("| Menunggu jadwal |")]
    assert "tidak dihitung sebagai keterlambatan" in waiting_row and f"{publish_at:%H.%M}" in waiting_row
    [step6] = [line for line in live.splitlines() if line.startswith("| 6. ")]
    assert step6.split("|")[2].strip().startswith(f"{publish_at.day} ") and "melewati" not in step6, step6
    assert "Langkah yang melewati waktu baku: tidak ada." in live  # a day of waiting is no lateness

    # The next scheduled run: nothing due any more, nothing sent again.
    again, _ = at_run(world, "schedule", SCHEDULE, main_sha(world), receiver, image_cache, 8004,
                      late + dt.timedelta(minutes=15))
    assert again.jobs["bangun"].step("jadwal").outputs == {"perlu": "false"}
    assert again.jobs["terapkan"].result == "skipped" and again.deployments == [] and len(receiver.requests) == 1


def test_a_scheduled_post_is_rescheduled_then_cancelled_and_nothing_is_announced(world, receiver, image_cache):
    zone = ZoneInfo("Asia/Jakarta")
    merged_at = dt.datetime.now(dt.UTC).astimezone(zone).replace(second=0, microsecond=0) - dt.timedelta(hours=2)
    publish_at = merged_at + dt.timedelta(hours=6)
    pull, sha = scheduled_merge(world, publish_at)
    run, _ = at_run(world, "push", push_payload(world, sha), sha, receiver, image_cache, 8101,
                    merged_at + dt.timedelta(minutes=10))
    assert run.conclusion == "success", all_logs(run)

    # Rescheduled a week later by a reviewed pull request: no revision, nothing due at the old time.
    later = publish_at + dt.timedelta(days=7)
    moved, moved_sha = reviewed_change(
        world, "jadwal/uji-terjadwal", SCHEDULED_FILE,
        lambda text: re.sub(r"(?m)^publish_at: .*$", f"publish_at: {later:%Y-%m-%d %H:%M}", text),
        "Jadwal ulang: Uji Terjadwal")
    pushed, _ = at_run(world, "push", push_payload(world, moved_sha), moved_sha, receiver, image_cache, 8102,
                       merged_at + dt.timedelta(minutes=30))
    assert pushed.conclusion == "success", all_logs(pushed)
    assert "revisions" not in front_matter_at(world, SCHEDULED_FILE)
    old_time, _ = at_run(world, "schedule", SCHEDULE, main_sha(world), receiver, image_cache, 8103,
                         publish_at + dt.timedelta(minutes=10))
    assert old_time.jobs["bangun"].step("jadwal").outputs == {"perlu": "false"}

    # Cancelled: the file deleted by a reviewed pull request; at the new time nothing is due or sent.
    gone, gone_sha = reviewed_change(world, "batal/uji-terjadwal", SCHEDULED_FILE, lambda text: None,
                                     "Batalkan: Uji Terjadwal")
    removed, _ = at_run(world, "push", push_payload(world, gone_sha), gone_sha, receiver, image_cache, 8104,
                        merged_at + dt.timedelta(minutes=50))
    assert removed.conclusion == "success", all_logs(removed)
    new_time, _ = at_run(world, "schedule", SCHEDULE, main_sha(world), receiver, image_cache, 8105,
                         later + dt.timedelta(minutes=10))
    assert new_time.jobs["bangun"].step("jadwal").outputs == {"perlu": "false"}
    assert receiver.requests == []


def test_corrections_are_stamped_and_only_a_substantive_one_is_announced(world, receiver, image_cache):
    disposisi, pull, sha = approved_merge(world)
    run, _ = publish(world, sha, receiver, image_cache, 8201)
    assert run.conclusion == "success", all_logs(run) and len(receiver.requests) == 1
    path = "content/posts/2026/uji-alur-terbit/index.md"

    # An unmarked correction: a revision stamped with the note under "Ralat", recorded, not announced.
    fix, fix_sha = reviewed_change(
        world, "ralat/ejaan", path, lambda text: text.replace("Isi konten", "Isi lengkap konten"),
        "Ralat ejaan", body="Perbaikan kecil.\n\n## Ralat\n\nSalah ketik di paragraf pertama.\n\n## Lain\n\nx")
    fixed, _ = publish(world, fix_sha, receiver, image_cache, 8202)
    assert fixed.conclusion == "success", all_logs(fixed)
    [revision] = front_matter_at(world, path)["revisions"]
    assert revision["note"] == "Salah ketik di paragraf pertama."
    assert revision["pull_request"] == fix and revision["approver"] == KASUBBAG and not revision["substantive"]
    assert world.origin_subjects()[0] == f"Ralat: Uji Alur Terbit (#{fix})"
    [note] = [b for b in bodies(world, fix) if "jdih:ralat" in b]
    assert "### ✏️ Ralat dicatat: Uji Alur Terbit" in note and "tidak dikirim" in note
    assert len(receiver.requests) == 1

    # A substantive one (label ralat-substantif): one "ralat" notice, and a re-run sends no second.
    big, big_sha = reviewed_change(
        world, "ralat/nomor", path, lambda text: text.replace("Isi lengkap", "Isi benar"),
        "Ralat nomor peraturan", labels=("ralat-substantif",))
    corrected, _ = publish(world, big_sha, receiver, image_cache, 8203)
    assert corrected.conclusion == "success", all_logs(corrected)
    revisions = front_matter_at(world, path)["revisions"]
    assert [r["pull_request"] for r in revisions] == [fix, big] and revisions[1]["substantive"]
    assert revisions[1]["note"] == "Ralat nomor peraturan"  # no "Ralat" heading: the title
    assert len(receiver.requests) == 2
    text = receiver.requests[1].json["text"]
    assert text.startswith("*Ralat konten JDIH") and "Yang diralat: Ralat nomor peraturan" in text
    assert SITE + POST_ID in text
    [note] = [b for b in bodies(world, big) if "jdih:ralat" in b]
    assert "Kabar ralat WhatsApp: ✅ terkirim" in note
    again, _ = publish(world, main_sha(world), receiver, image_cache, 8204)
    assert again.conclusion == "success", all_logs(again)
    assert len(receiver.requests) == 2
    assert len(front_matter_at(world, path)["revisions"]) == 2


def test_a_withdrawal_is_stamped_recorded_and_not_announced(world, receiver, image_cache):
    disposisi, pull, sha = approved_merge(world)
    run, _ = publish(world, sha, receiver, image_cache, 8301)
    assert run.conclusion == "success", all_logs(run)
    path = "content/posts/2026/uji-alur-terbit/index.md"
    out, out_sha = reviewed_change(
        world, "tarik/uji", path,
        lambda text: text.replace("tags: [Pemilu2029]", "tags: [Pemilu2029]\nwithdrawn:\n  reason: Peraturan dicabut."),
        "Tarik: Uji Alur Terbit")
    withdrawn, workspaces = publish(world, out_sha, receiver, image_cache, 8302)
    assert withdrawn.conclusion == "success", all_logs(withdrawn)
    # the URL stays, with the notice and noindex; the post is gone from every listing and index
    site = workspaces["bangun"] / "site"
    traces = site_traces(site, POST_ID)
    assert traces.pop("page") and traces.pop("register") and not any(traces.values()), traces
    notice = (site / POST_ID / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in notice and "Peraturan dicabut." in notice
    assert "og:image" not in notice and "Isi konten Uji Alur Terbit" not in notice
    stamp = front_matter_at(world, path)["withdrawn"]
    assert stamp["reason"] == "Peraturan dicabut." and stamp["approver"] == KASUBBAG
    assert stamp["pull_request"] == out and stamp["date"]
    [note] = [b for b in bodies(world, out) if "jdih:ditarik" in b]
    assert "### Ditarik: Uji Alur Terbit" in note and "- Alasan: Peraturan dicabut." in note
    assert len(receiver.requests) == 1  # only the first notice, when it went live
