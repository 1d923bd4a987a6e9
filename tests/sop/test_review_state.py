"""The step label is computed from the pull request's whole state on every run, so a run that
GitHub cancels (the concurrency group keeps one pending run per pull request and cancels it when
a newer event arrives) loses nothing: the next run, whatever its event, sees what was missed.

Pure decisions first (`step_decision`), then `jdih peristiwa` on the fake GitHub and real git,
running only some of the events' runs, as happens when pending runs are cancelled."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from jdih.cli.main import main
from jdih.github.client import PullInfo, ReviewInfo
from jdih.sop import review as s
from tests.editorial_world import JPEG, KASUBBAG, PENGELOLA, STAF, World, draft_text

T0 = dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.UTC)


def pull_info(draft=False, state="open", merged=False, requested=()) -> PullInfo:
    return PullInfo(number=5, title="", body="", author=PENGELOLA, draft=draft, state=state, merged=merged,
                    merged_at=None, merge_commit_sha=None, head_sha="", head_ref="", base_ref="main", html_url="",
                    created_at=None, requested_users=tuple(requested))


def reviews(*steps: tuple[str, str]) -> list[ReviewInfo]:
    return [ReviewInfo(100 + i, user, state, None, T0 + dt.timedelta(minutes=i)) for i, (user, state) in
            enumerate(steps)]


def decide(pull: PullInfo, found: list[ReviewInfo]) -> s.StepDecision:
    return s.step_decision(pull, found, lambda login: login == STAF, lambda login: login == KASUBBAG)


@pytest.mark.parametrize(("pull", "steps", "label", "asked"), [
    (pull_info(), [], "tahap-4-sunting", "staf"),
    (pull_info(draft=True), [(STAF, "APPROVED")], "tahap-3-konsep", None),
    (pull_info(state="closed", merged=True), [(STAF, "APPROVED")], "tahap-6-terbit", None),
    (pull_info(state="closed"), [(KASUBBAG, "APPROVED")], None, None),  # closed without merging: left as is
    (pull_info(), [(STAF, "CHANGES_REQUESTED")], "tahap-4-sunting", None),
    (pull_info(), [(STAF, "APPROVED")], "tahap-5-persetujuan", "kasubbag"),
    (pull_info(), [(KASUBBAG, "APPROVED")], "tahap-5-persetujuan", None),
    (pull_info(), [(STAF, "APPROVED"), (KASUBBAG, "CHANGES_REQUESTED")], "tahap-4-sunting", "staf"),
    (pull_info(), [(STAF, "APPROVED"), (KASUBBAG, "CHANGES_REQUESTED"), (STAF, "APPROVED")],
     "tahap-5-persetujuan", "kasubbag"),
    # comments decide nothing: the latest approval or request for changes does
    (pull_info(), [(KASUBBAG, "APPROVED"), (KASUBBAG, "COMMENTED")], "tahap-5-persetujuan", None),
    (pull_info(), [(STAF, "APPROVED"), (STAF, "COMMENTED"), ("orang-luar", "APPROVED")],
     "tahap-5-persetujuan", "kasubbag"),
    # a dismissed approval (new commits pushed) no longer counts
    (pull_info(), [(STAF, "DISMISSED")], "tahap-4-sunting", "staf"),
])
def test_step_decision_from_the_state(pull, steps, label, asked):
    decision = decide(pull, reviews(*steps))
    assert (decision.label, decision.request_from) == (label, asked)


def test_reviews_count_in_submission_order_not_list_order():
    found = reviews((KASUBBAG, "CHANGES_REQUESTED"), (STAF, "APPROVED"))
    assert decide(pull_info(), list(reversed(found))).label == "tahap-5-persetujuan"
    assert [r.id for r in decide(pull_info(), found).rejections] == [100]


def test_a_role_is_asked_once():
    found = reviews((STAF, "APPROVED"))
    since = found[-1]
    assert s.still_to_ask([KASUBBAG], pull_info(), found, since) == [KASUBBAG]
    assert s.still_to_ask([KASUBBAG], pull_info(requested=[KASUBBAG]), found, since) == []
    commented = found + [ReviewInfo(200, KASUBBAG, "COMMENTED", None, since.submitted_at + dt.timedelta(minutes=1))]
    assert s.still_to_ask([KASUBBAG], pull_info(), commented, since) == []  # reviewed since: not asked again
    earlier = [ReviewInfo(99, KASUBBAG, "COMMENTED", None, since.submitted_at - dt.timedelta(minutes=1))] + found
    assert s.still_to_ask([KASUBBAG], pull_info(), earlier, since) == [KASUBBAG]  # before their turn: asked


# -- jdih peristiwa on the fake GitHub -------------------------------------------------------------


def ready_pull(world: World, slug: str = "uji-status") -> int:
    world.write_draft("operator", f"konsep/{slug}", f"drafts/{slug}/index.md",
                      draft_text("Uji Status", image="gambar.jpg"), "Konsep: Uji Status",
                      extra_files={f"drafts/{slug}/gambar.jpg": JPEG})
    return world.open_pull(PENGELOLA, f"konsep/{slug}", "Konsep: Uji Status")


def run_event(world: World, tmp_path, name: str, action: str, number: int, *extra: str, **kwargs) -> list[str]:
    """One run of the SOP events workflow: `jdih peristiwa` for this event only."""
    path = world.fake.write_event(tmp_path / f"{name}-{action}-{len(list(tmp_path.glob('*.json')))}.json",
                                  name, action, number, **kwargs)
    result = CliRunner().invoke(main, ["peristiwa", *extra],
                                env=world.env() | {"GITHUB_EVENT_NAME": name, "GITHUB_EVENT_PATH": str(path)})
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def step_labels(world: World, number: int) -> list[str]:
    return sorted(label for label in world.fake.issue(number).labels if label.startswith("tahap-"))


def test_an_approval_whose_run_was_cancelled_is_seen_by_the_comment_run(world, tmp_path, monkeypatch):
    monkeypatch.chdir(world.ci())
    number = ready_pull(world)
    run_event(world, tmp_path, "pull_request", "opened", number)
    assert step_labels(world, number) == ["tahap-4-sunting"]
    # The Kasubbag approves; a comment follows at once, and its run cancels the approval's pending run.
    world.fake.advance(minutes=3)
    world.fake.submit_review(number, KASUBBAG, "APPROVED")
    world.fake.advance(minutes=1)
    comment = world.fake.submit_review(number, STAF, "COMMENTED", "Sudah saya baca.")
    out = run_event(world, tmp_path, "pull_request_review", "submitted", number, review_id=comment)
    assert step_labels(world, number) == ["tahap-5-persetujuan"]
    assert out == [f"PR #{number} disetujui Kasubbag @{KASUBBAG}: label tahap-5-persetujuan dipasang; siap "
                   "digabung (Merge pull request)."]
    # The same run again (re-run, re-delivery) changes nothing.
    again = run_event(world, tmp_path, "pull_request_review", "submitted", number, review_id=comment)
    assert again == [f"Ulasan @{STAF} (commented) pada PR #{number}: tahap SOP tidak berubah."]
    assert step_labels(world, number) == ["tahap-5-persetujuan"]


def test_a_staf_approval_lost_to_a_comment_still_asks_the_kasubbag_once(world, tmp_path, monkeypatch):
    monkeypatch.chdir(world.ci())
    number = ready_pull(world)
    run_event(world, tmp_path, "pull_request", "opened", number)
    world.fake.advance(minutes=3)
    world.fake.submit_review(number, STAF, "APPROVED")
    world.fake.advance(minutes=1)
    comment = world.fake.submit_review(number, PENGELOLA, "COMMENTED", "Terima kasih.")
    out = run_event(world, tmp_path, "pull_request_review", "submitted", number, review_id=comment)
    assert out == [f"PR #{number} disetujui staf @{STAF}: label tahap-5-persetujuan dipasang; persetujuan diminta "
                   f"dari Kasubbag @{KASUBBAG}."]
    assert step_labels(world, number) == ["tahap-5-persetujuan"]
    assert world.fake.pull(number).requested_reviewers == [KASUBBAG]
    asked = [e.data for e in world.fake.issue(number).events if e.event == "review_requested"]
    assert asked[-1]["requested_reviewer"] == KASUBBAG
    run_event(world, tmp_path, "pull_request_review", "submitted", number, review_id=comment)
    assert [e.data for e in world.fake.issue(number).events if e.event == "review_requested"] == asked  # once


def test_a_rejection_whose_run_was_cancelled_is_counted_by_the_next_run(world, tmp_path, monkeypatch):
    monkeypatch.chdir(world.ci())
    number = ready_pull(world)
    run_event(world, tmp_path, "pull_request", "opened", number)
    world.fake.submit_review(number, STAF, "APPROVED")
    world.fake.advance(minutes=2)
    rejection = world.fake.submit_review(number, KASUBBAG, "CHANGES_REQUESTED", "Tambahkan tautan.")
    world.fake.advance(minutes=1)
    comment = world.fake.submit_review(number, PENGELOLA, "COMMENTED", "Baik, saya perbaiki.")
    out = run_event(world, tmp_path, "pull_request_review", "submitted", number, review_id=comment)
    assert out == [f"PR #{number}: Kasubbag @{KASUBBAG} meminta perubahan (penolakan ke-1); kembali ke "
                   f"tahap-4-sunting; ulasan diminta lagi dari @{STAF}."]
    assert step_labels(world, number) == ["tahap-4-sunting"]
    counters = [c.body for c in world.gh().comments(number) if "jdih:penolakan" in c.body]
    assert len(counters) == 1 and counters[0].startswith(f"<!-- jdih:penolakan n=1 ulasan={rejection} -->")
    assert STAF in world.fake.pull(number).requested_reviewers


def test_runs_out_of_order_follow_the_pull_request_not_their_event(world, tmp_path, monkeypatch):
    monkeypatch.chdir(world.ci())
    number = ready_pull(world)
    ready = world.fake.write_event(tmp_path / "ready.json", "pull_request", "ready_for_review", number)
    world.fake.convert_to_draft(number)
    # the later event's run went first; the earlier one (ready_for_review) runs last
    run_event(world, tmp_path, "pull_request", "converted_to_draft", number)
    result = CliRunner().invoke(main, ["peristiwa"], env=world.env() | {
        "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(ready)})
    assert result.exit_code == 0, result.output
    assert step_labels(world, number) == ["tahap-3-konsep"]  # it is a draft now, whatever the payload said


def test_a_review_request_github_refuses_is_a_warning_and_the_others_are_asked(world, tmp_path, monkeypatch):
    ci = world.ci()
    monkeypatch.chdir(ci)
    settings = tmp_path / "jdih.yml"
    settings.write_text((ci / "site_config" / "jdih.yml").read_text(encoding="utf-8").replace(
        f"staf: [{STAF}]", f"staf: [belum-menerima-undangan, {STAF}]"), encoding="utf-8")
    world.fake.add_user("belum-menerima-undangan")
    world.fake.invite("belum-menerima-undangan")  # invited, not accepted yet: not a collaborator
    number = ready_pull(world)
    out = run_event(world, tmp_path, "pull_request", "opened", number, "--pengaturan", str(settings))
    assert out[0] == (f"PR #{number}: label tahap-4-sunting dipasang; ulasan (sunting) diminta dari "
                      f"@belum-menerima-undangan, @{STAF}.")
    [warning] = out[1:]
    assert warning.startswith("PERINGATAN: GitHub menolak permintaan ulasan untuk @belum-menerima-undangan "
                              "(HTTP 422: akun itu belum menjadi kolaborator repositori ini).")
    assert f"{world.fake.base_url}/{world.fake.full_name}/invitations" in warning
    assert "menerima undangannya" in warning and "Settings → Collaborators" in warning
    assert world.fake.pull(number).requested_reviewers == [STAF]  # the other one is asked all the same
    assert step_labels(world, number) == ["tahap-4-sunting"]
    # Accepted later: the next run (any event) asks the one who was missed; nobody is asked twice.
    world.fake.accept_invitation("belum-menerima-undangan")
    again = run_event(world, tmp_path, "pull_request", "synchronize", number, "--pengaturan", str(settings))
    assert not [line for line in again if line.startswith("PERINGATAN")]
    assert sorted(world.fake.pull(number).requested_reviewers) == sorted([STAF, "belum-menerima-undangan"])


def test_ajukan_warns_about_a_refused_review_request_and_still_opens_the_pull_request(world, tmp_path, monkeypatch):
    path = world.clone("operator")
    monkeypatch.chdir(path)
    settings = tmp_path / "jdih.yml"
    settings.write_text((path / "site_config" / "jdih.yml").read_text(encoding="utf-8").replace(
        f"staf: [{STAF}]", f"staf: [{STAF}, belum-menerima-undangan]"), encoding="utf-8")
    env = world.env(PENGELOLA) | {"JDIH_SETTINGS": str(settings)}
    started = CliRunner().invoke(main, ["mulai", "Uji Undangan", "--tanggal", "2026-11-24"], env=env)
    assert started.exit_code == 0, started.output
    result = CliRunner().invoke(main, ["ajukan"], env=env)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == f"Label tahap-4-sunting dipasang; ulasan (sunting) diminta dari @{STAF}, @belum-menerima-undangan."
    assert lines[2].startswith("PERINGATAN: GitHub menolak permintaan ulasan untuk @belum-menerima-undangan")
    assert f"{world.fake.base_url}/{world.fake.full_name}/invitations" in lines[2]
    assert world.fake.pull(1).requested_reviewers == [STAF]
