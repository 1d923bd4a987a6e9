"""SOP step labels and what each event changes (pure decisions, then real webhook payloads)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from jdih.content.settings import load_settings
from jdih.github.client import PullInfo, ReviewInfo
from jdih.sop import review as s
from jdih.testing import WEBHOOK_EXAMPLES
from tests.conftest import ROOT  # noqa: E402

EXAMPLES = WEBHOOK_EXAMPLES


def example(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def test_labels_have_indonesian_descriptions_and_distinct_colours():
    assert set(s.STEP_LABELS) | {s.LABEL_DISPOSISI} == set(s.LABELS)
    colours = [colour for colour, _ in s.LABELS.values()]
    assert len(set(colours)) == len(colours)
    for colour, description in s.LABELS.values():
        assert len(colour) == 6 and int(colour, 16) >= 0
        assert 0 < len(description) <= 100
    assert s.LABELS[s.STEP_4][1] == "Tahap 4 SOP: sunting oleh staf sub bagian"


@pytest.mark.parametrize(("action", "draft", "merged", "expected"), [
    ("opened", False, False, "tahap-4-sunting"),
    ("opened", True, False, "tahap-3-konsep"),
    ("reopened", False, False, "tahap-4-sunting"),
    ("ready_for_review", False, False, "tahap-4-sunting"),
    ("converted_to_draft", True, False, "tahap-3-konsep"),
    ("closed", False, True, "tahap-6-terbit"),
    ("closed", False, False, None),
    ("synchronize", False, False, None),
    ("labeled", False, False, None),
])
def test_pull_step_for(action, draft, merged, expected):
    assert s.pull_step_for(action, draft, merged) == expected


@pytest.mark.parametrize(("state", "staf", "kasubbag", "expected"), [
    ("approved", True, False, s.ReviewOutcome("tahap-5-persetujuan", "kasubbag")),
    ("APPROVED", False, True, s.ReviewOutcome("tahap-5-persetujuan", None)),
    ("changes_requested", False, True, s.ReviewOutcome("tahap-4-sunting", "staf", rejection=True)),
    ("changes_requested", True, False, s.ReviewOutcome("tahap-4-sunting", None)),
    ("commented", True, False, s.ReviewOutcome(None, None)),
    ("approved", False, False, s.ReviewOutcome(None, None)),  # an outsider's approval changes nothing
])
def test_review_outcome(state, staf, kasubbag, expected):
    assert s.review_outcome(state, staf, kasubbag) == expected


def test_rejection_marker_round_trip():
    body = s.rejection_comment(2, [11, 12], "kasubbag-kapuas")
    assert body.startswith("<!-- jdih:penolakan n=2 ulasan=11,12 -->\n**Persetujuan Kasubbag: Tidak (2 kali).**")
    assert s.parse_rejections(["lain", body]) == (2, [11, 12])
    assert s.parse_rejections(["tanpa penanda"]) == (0, [])
    assert s.parse_rejections(["<!-- jdih:penolakan n=3 -->"]) == (3, [])


def test_step_of_labels_and_reviewers_for():
    assert s.step_of_labels(["bug", "tahap-4-sunting"]) == 4
    assert s.step_of_labels(["bug"]) is None
    assert s.reviewers_for(["Staf-A", "staf-b", "org/tim"], "staf-a") == ["staf-b", "org/tim"]
    assert s.touches_drafts(["README.md", "drafts/x.md"]) and not s.touches_drafts(["content/a.md"])


def review_of(payload: dict) -> ReviewInfo:
    """The payload's review as `GitHubRepo.reviews` returns it."""
    review = payload["review"]
    return ReviewInfo(review["id"], review["user"]["login"], review["state"].upper(), review.get("commit_id"),
                      dt.datetime.fromisoformat(review["submitted_at"].replace("Z", "+00:00")))


class Recorder:
    """Stands in for GitHubRepo in the pure handler tests (the fake GitHub covers the real calls).

    `pull` is the pull request's state as GitHub would return it now (a payload's
    `pull_request`, read when asked, so a test may change it); `reviews` its reviews."""

    repo_web_url = "https://github.com/kpu-kapuas/jdih-medsos"
    default_branch_name = "main"

    def __init__(self, files=("drafts/a.md",), labels=(), staf=("staf-hukum-kapuas",),
                 kasubbag=("kasubbag-kapuas",), pull=None, reviews=(), requested=(), refuse=()):
        self.files, self.labels, self.calls, self.bodies = list(files), list(labels), [], []
        self.roles = {"staf": set(staf), "kasubbag": set(kasubbag)}
        self.pull_json = pull if pull is not None else {"number": 1, "user": {"login": "pengelola-jdih-kapuas"}}
        self.review_list, self.requested, self.refuse = list(reviews), list(requested), set(refuse)

    def pull(self, number):
        data = self.pull_json
        merged = bool(data.get("merged")) or bool(data.get("merged_at"))
        return PullInfo(number=number, title="", body="", author=(data.get("user") or {}).get("login", ""),
                        draft=bool(data.get("draft")), state="closed" if merged else data.get("state", "open"),
                        merged=merged, merged_at=None, merge_commit_sha=None, head_sha="", head_ref="",
                        base_ref="main", html_url="", created_at=None, labels=tuple(self.labels),
                        requested_users=tuple(self.requested))

    def reviews(self, number):
        return list(self.review_list)

    def pull_files(self, number):
        return self.files

    def labels_of(self, number):
        return list(self.labels)

    def add_labels(self, number, names):
        self.calls.append(("add", number, tuple(names)))
        self.labels += names

    def remove_label(self, number, name):
        self.calls.append(("remove", number, name))
        self.labels.remove(name)

    def request_reviewers(self, number, names):
        self.calls.append(("request", number, tuple(names)))
        refused = [name for name in names if name in self.refuse]
        self.requested += [name for name in names if name not in refused and name not in self.requested]
        return refused

    def in_role(self, login, principals):
        return login in principals

    def comments(self, number):
        from jdih.github.client import CommentInfo
        return [CommentInfo(i, b, "bot", None) for i, b in enumerate(self.bodies)]

    def upsert_comment(self, number, marker, body):
        for i, existing in enumerate(self.bodies):
            if marker in existing:
                if existing == body:
                    return "sama"
                self.bodies[i] = body
                return "diperbarui"
        self.bodies.append(body)
        return "dibuat"


@pytest.fixture
def settings():
    return load_settings(ROOT / "site_config" / "jdih.yml")


def test_real_pull_request_opened_payload(settings):
    payload = example("pull_request.opened.0")
    gh = Recorder(labels=["bug"], pull=payload["pull_request"])
    out = []
    s.handle_event("pull_request", payload, gh, settings, ROOT, out.append)
    number = payload["pull_request"]["number"]
    assert gh.calls == [("add", number, ("tahap-4-sunting",)), ("request", number, ("staf-hukum-kapuas",))]
    assert out == [f"PR #{number}: label tahap-4-sunting dipasang; ulasan (sunting) diminta dari @staf-hukum-kapuas."]


def test_real_pull_request_payload_without_drafts_does_nothing(settings):
    payload = example("pull_request.opened.0")
    gh = Recorder(files=["README.md"])
    out = []
    s.handle_event("pull_request", payload, gh, settings, ROOT, out.append)
    assert gh.calls == []
    assert out == [f"PR #{payload['pull_request']['number']} tidak mengubah folder drafts/: bukan konten, "
                   "tidak ada tindakan SOP."]


def test_real_closed_payloads(settings):
    payload = example("pull_request.closed.3")
    assert not payload["pull_request"]["merged"]  # closed without merging: the step stays
    gh = Recorder(labels=["tahap-5-persetujuan"], pull=payload["pull_request"])
    out = []
    s.handle_event("pull_request", payload, gh, settings, ROOT, out.append)
    assert gh.calls == []
    payload["pull_request"]["merged"] = True  # the examples hold no merge; mark this one merged
    payload["pull_request"]["merged_at"] = payload["pull_request"]["closed_at"]
    out = []
    s.handle_event("pull_request", payload, gh, settings, ROOT, out.append)
    number = payload["pull_request"]["number"]
    assert gh.calls == [("remove", number, "tahap-5-persetujuan"), ("add", number, ("tahap-6-terbit",))]
    assert out == [f"PR #{number} digabung: label tahap-6-terbit dipasang; draf siap diterbitkan."]


def test_real_review_payload_staf_approval(settings):
    payload = example("pull_request_review.submitted.0")
    payload["review"]["state"] = "approved"
    reviewer = payload["review"]["user"]["login"]
    gh = Recorder(labels=["tahap-4-sunting"], staf=(reviewer,), pull=payload["pull_request"],
                  reviews=[review_of(payload)])
    out = []
    settings = settings.model_copy(update={"roles": settings.roles.model_copy(update={"staf": [reviewer]})})
    s.handle_event("pull_request_review", payload, gh, settings, ROOT, out.append)
    number = payload["pull_request"]["number"]
    assert gh.calls == [("remove", number, "tahap-4-sunting"), ("add", number, ("tahap-5-persetujuan",)),
                        ("request", number, ("kasubbag-kapuas",))]
    assert out == [f"PR #{number} disetujui staf @{reviewer}: label tahap-5-persetujuan dipasang; persetujuan "
                   "diminta dari Kasubbag @kasubbag-kapuas."]


def test_real_review_payload_commented_changes_nothing(settings):
    payload = example("pull_request_review.submitted.0")
    assert payload["review"]["state"] == "commented"
    # the staf was asked when the pull request became ready (step 4)
    gh = Recorder(labels=["tahap-4-sunting"], pull=payload["pull_request"], reviews=[review_of(payload)],
                  requested=["staf-hukum-kapuas"])
    out = []
    s.handle_event("pull_request_review", payload, gh, settings, ROOT, out.append)
    assert gh.calls == []
    assert out[0].endswith("(commented) pada PR #" + str(payload["pull_request"]["number"]) + ": tahap SOP tidak berubah.")


def test_kasubbag_rejection_counted_once_per_review(settings):
    payload = example("pull_request_review.submitted.0")
    payload["review"]["state"] = "changes_requested"
    payload["review"]["user"]["login"] = "kasubbag-kapuas"
    payload["pull_request"]["user"]["login"] = "pengelola-jdih-kapuas"
    gh = Recorder(labels=["tahap-5-persetujuan"], pull=payload["pull_request"], reviews=[review_of(payload)])
    out = []
    s.handle_event("pull_request_review", payload, gh, settings, ROOT, out.append)
    s.handle_event("pull_request_review", payload, gh, settings, ROOT, out.append)  # re-delivered
    assert s.parse_rejections(gh.bodies) == (1, [payload["review"]["id"]])
    payload["review"]["id"] += 1
    payload["review"]["submitted_at"] = "2030-01-01T00:00:00Z"  # a later review
    gh.review_list.append(review_of(payload))
    s.handle_event("pull_request_review", payload, gh, settings, ROOT, out.append)
    assert s.parse_rejections(gh.bodies)[0] == 2
    assert len(gh.bodies) == 1  # one comment, updated in place
    number = payload["pull_request"]["number"]
    assert out[-1] == (f"PR #{number}: Kasubbag @kasubbag-kapuas meminta perubahan (penolakan ke-2); kembali ke "
                       "tahap-4-sunting; ulasan diminta lagi dari @staf-hukum-kapuas.")
    assert gh.labels == ["tahap-4-sunting"]


def test_real_issue_opened_without_disposisi_label_does_nothing(settings):
    payload = example("issues.opened.15")
    gh = Recorder()
    out = []
    s.handle_event("issues", payload, gh, settings, ROOT, out.append)
    assert gh.calls == [] and gh.bodies == []
    assert out == [f"Issue #{payload['issue']['number']} (opened) bukan disposisi baru: tidak ada tindakan."]


def test_real_issue_opened_with_disposisi_label_gets_link(settings):
    payload = example("issues.opened.15")
    payload["issue"]["labels"].append({"name": "disposisi"})
    payload["issue"]["title"] = "Disposisi: Sosialisasi PKPU 8/2019"
    payload["issue"]["user"]["login"] = "kasubbag-kapuas"
    number = payload["issue"]["number"]
    gh = Recorder()
    out = []
    s.handle_event("issues", payload, gh, settings, ROOT, out.append)
    s.handle_event("issues", payload, gh, settings, ROOT, out.append)  # re-delivered: no second comment
    assert len(gh.bodies) == 1
    assert "https://github.com/kpu-kapuas/jdih-medsos/new/main?filename=drafts/sosialisasi-pkpu-8-2019/index.md&value=" \
        in gh.bodies[0]
    assert f"disposisi%3A%20{number}%0A" in gh.bodies[0]
    assert gh.calls[0] == ("add", number, ("tahap-1-disposisi",))
    assert out[:2] == [f"Disposisi #{number}: label tahap-1-disposisi dipasang.",
                       f"Disposisi #{number}: komentar berisi tautan pembuatan draf drafts/sosialisasi-pkpu-8-2019/index.md "
                       "dikirim."]
    assert out[-1].endswith("sudah ada, tidak diubah.")


def test_a_disposisi_from_outside_the_roles_gets_no_draft_link(settings):
    payload = example("issues.opened.15")  # opened by a GitHub user who has no SOP role
    payload["issue"]["labels"].append({"name": "disposisi"})
    author, number = payload["issue"]["user"]["login"], payload["issue"]["number"]
    assert settings.roles.role_of(author) is None
    gh = Recorder()
    out = []
    s.handle_event("issues", payload, gh, settings, ROOT, out.append)
    assert gh.calls == [] and gh.bodies == []
    assert out == [f"Disposisi #{number} dibuka oleh @{author}, yang tidak termasuk peran SOP (site_config/jdih.yml, "
                   "roles): tidak ada tautan draf, dan issue ini tidak dihitung dalam laporan SOP."]


def test_other_events_are_ignored(settings):
    out = []
    s.handle_event("push", example("push.event.0"), Recorder(), settings, ROOT, out.append)
    assert out == ["Peristiwa 'push' tidak memerlukan tindakan SOP."]


def test_load_event_requires_both_variables(tmp_path):
    with pytest.raises(ValueError, match="GITHUB_EVENT_NAME dan GITHUB_EVENT_PATH harus diisi"):
        s.load_event(None, None)
    path = tmp_path / "e.json"
    path.write_text('{"action": "opened"}')
    assert s.load_event("issues", str(path)) == ("issues", {"action": "opened"})


def test_staf_author_is_not_asked_to_review_own_draft(settings):
    payload = example("pull_request.opened.0")
    payload["pull_request"]["user"]["login"] = "staf-hukum-kapuas"
    gh = Recorder(pull=payload["pull_request"])
    out = []
    s.handle_event("pull_request", payload, gh, settings, ROOT, out.append)
    number = payload["pull_request"]["number"]
    assert gh.calls == [("add", number, ("tahap-4-sunting",))]
    assert out == [f"PR #{number}: label tahap-4-sunting dipasang; PERINGATAN: tidak ada staf selain penulis "
                   "@staf-hukum-kapuas — tambahkan akun staf lain di site_config/jdih.yml (roles.staf)."]


def test_draft_pull_request_payload_goes_to_step_3(settings):
    payload = example("pull_request.opened.0")
    payload["pull_request"]["draft"] = True
    gh = Recorder(labels=["tahap-4-sunting"], pull=payload["pull_request"])
    s.handle_event("pull_request", payload, gh, settings, ROOT, lambda _: None)
    assert gh.labels == ["tahap-3-konsep"] and not [c for c in gh.calls if c[0] == "request"]
