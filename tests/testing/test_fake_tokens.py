"""Token identities in the fake GitHub: the workflow token limited to a job's permissions, app
installation tokens, people's own tokens, and the review-request rules that hang on who asks."""

from __future__ import annotations

import pytest
import requests

from jdih.testing.fakegithub import tokens
from jdih.testing.fakegithub.routes import ROUTES
from jdih.testing.fakegithub.server import FakeGitHub

KASUBBAG, STAF, PENGELOLA = "kasubbag-kapuas", "staf-hukum-kapuas", "pengelola-jdih-kapuas"
NOT_ACCESSIBLE = "Resource not accessible by integration"


def call(fake: FakeGitHub, token: str, method: str, path: str, body: dict | None = None) -> requests.Response:
    return requests.request(method, f"{fake.base_url}{path}", json=body, timeout=10,
                            headers={"Authorization": f"token {token}"})


@pytest.fixture
def fake(fake_github: FakeGitHub) -> FakeGitHub:
    fake_github.open_issue(KASUBBAG, "Disposisi", "isi")
    fake_github.open_pull(PENGELOLA, "draf/satu", title="Draf satu", head_sha="a" * 40)
    yield fake_github
    assert fake_github.schema_errors() == []


R = "/repos/kpu-kapuas/jdih-medsos"


def test_the_default_workflow_token_reads_contents_and_nothing_else(fake: FakeGitHub) -> None:
    token = fake.workflow_token()  # GitHub's restricted default: contents read, packages read, metadata read
    assert call(fake, token, "GET", R).status_code == 200
    assert call(fake, token, "GET", f"{R}/branches/main").status_code == 200
    for method, path, body in [("POST", f"{R}/issues/1/comments", {"body": "Siap"}),
                               ("GET", f"{R}/pulls/2/reviews", None),
                               ("PUT", f"{R}/contents/a.md", {"message": "Tambah", "content": "aXNp"}),
                               ("GET", "/user", None)]:
        refused = call(fake, token, method, path, body)
        assert (refused.status_code, refused.json()["message"]) == (403, NOT_ACCESSIBLE), (method, path)
        assert refused.json()["documentation_url"].startswith("https://docs.github.com/")


def test_a_job_gets_exactly_the_permissions_it_names(fake: FakeGitHub) -> None:
    token = fake.workflow_token({"issues": "write"})
    assert call(fake, token, "POST", f"{R}/issues/1/comments", {"body": "Siap"}).status_code == 201
    assert call(fake, token, "POST", f"{R}/issues/1/labels", {"labels": ["tahap-1"]}).status_code == 200
    # Unnamed permissions are none, contents included; issues does not cover pull requests.
    assert call(fake, token, "GET", f"{R}/contents/README.md").status_code == 403
    assert call(fake, token, "GET", f"{R}/pulls/2/files").status_code == 403
    # Labels and comments on a pull request work with pull-requests instead of issues.
    pulls = fake.workflow_token({"pull-requests": "read"})
    assert call(fake, pulls, "GET", f"{R}/issues/2/comments").status_code == 200
    assert call(fake, pulls, "POST", f"{R}/issues/2/comments", {"body": "Siap"}).status_code == 403


def test_no_job_permission_reaches_administration(fake: FakeGitHub) -> None:
    token = fake.workflow_token("write-all")
    for method, path, body in [
        ("PUT", f"{R}/branches/main/protection", {"required_status_checks": None, "enforce_admins": False,
                                                  "required_pull_request_reviews": None, "restrictions": None}),
        ("POST", f"{R}/rulesets", {"name": "x", "enforcement": "active"}),
        ("GET", f"{R}/keys", None),
        ("POST", f"{R}/pages", {"build_type": "workflow"}),
        ("GET", f"{R}/environments/jdih-terbitkan/secrets/public-key", None),
    ]:
        assert call(fake, token, method, path, body).status_code == 403, (method, path)
    assert call(fake, token, "GET", f"{R}/rulesets").status_code == 200  # metadata


def test_the_workflow_token_cannot_see_org_teams_nor_request_a_team_review(fake: FakeGitHub) -> None:
    fake.add_team_member("kpu-kapuas", "staf", STAF)
    membership = f"/orgs/kpu-kapuas/teams/staf/memberships/{STAF}"
    assert call(fake, fake.workflow_token("write-all"), "GET", membership).status_code == 404
    assert call(fake, fake.token_of(KASUBBAG), "GET", membership).status_code == 200
    token = fake.workflow_token({"pull-requests": "write"})
    asked = call(fake, token, "POST", f"{R}/pulls/2/requested_reviewers", {"team_reviewers": ["staf"]})
    assert asked.status_code == 422
    assert asked.json()["message"] == ("Reviews may only be requested from collaborators. One or more of the teams you "
                                       "specified is not a collaborator of the kpu-kapuas/jdih-medsos repository.")
    assert call(fake, token, "POST", f"{R}/pulls/2/requested_reviewers", {"reviewers": [STAF]}).status_code == 201
    assert fake.pull(2).requested_reviewers == [STAF]
    # A person's token may ask a team.
    assert call(fake, fake.token_of(KASUBBAG), "POST", f"{R}/pulls/2/requested_reviewers",
                {"team_reviewers": ["staf"]}).status_code == 201


def test_reviews_only_from_collaborators_and_an_invitation_is_not_enough(fake: FakeGitHub) -> None:
    message = ("Reviews may only be requested from collaborators. One or more of the users or teams you specified "
               "is not a collaborator of the kpu-kapuas/jdih-medsos repository.")
    fake.add_user("tamu-kapuas")
    for _ in ("not invited", "invited"):
        asked = call(fake, fake.token_of(KASUBBAG), "POST", f"{R}/pulls/2/requested_reviewers", {"reviewers": ["tamu-kapuas"]})
        assert (asked.status_code, asked.json()["message"]) == (422, message)
        fake.invite("tamu-kapuas")
    assert fake.repo.invitations == {"tamu-kapuas": "write"}
    fake.accept_invitation("tamu-kapuas")
    assert call(fake, "test-token", "POST", f"{R}/pulls/2/requested_reviewers", {"reviewers": ["tamu-kapuas"]}).status_code == 201


def test_test_token_keeps_every_permission_and_people_keep_their_own_tokens(fake: FakeGitHub) -> None:
    assert call(fake, "test-token", "POST", f"{R}/issues/1/comments", {"body": "Siap"}).status_code == 201
    assert call(fake, "test-token", "GET", "/user").json()["login"] == "github-actions[bot]"
    assert call(fake, fake.token_of(KASUBBAG), "GET", "/user").json()["login"] == KASUBBAG
    assert call(fake, fake.token_of(STAF), "GET", "/user").json()["login"] == STAF
    refused = call(fake, fake.token_of(STAF), "DELETE", f"{R}/branches/main/protection")
    assert (refused.status_code, refused.json()["message"]) == (403, "Must have admin rights to Repository.")
    assert tokens.identity_of_token(fake, fake.token_of(STAF)) == tokens.Identity(STAF, "User")
    assert tokens.identity_of_token(fake, "tidak-dikenal") is None


def test_an_app_installation_token_is_an_integration_with_its_permissions(fake: FakeGitHub) -> None:
    token = fake.app_token(4242, slug="jdih-terbit", permissions={"contents": "read", "pull_requests": "write"})
    identity = tokens.identity_of_token(fake, token)
    assert (identity.login, identity.actor_type, identity.app_id) == ("jdih-terbit[bot]", "Integration", 4242)
    assert call(fake, token, "GET", f"{R}/contents/README.md").status_code in (200, 404)
    refused = call(fake, token, "PUT", f"{R}/contents/a.md", {"message": "Tambah", "content": "aXNp"})
    assert (refused.status_code, refused.json()["message"]) == (403, NOT_ACCESSIBLE)
    assert call(fake, token, "GET", "/user").status_code == 403
    assert call(fake, fake.app_token(7), "POST", f"{R}/issues/1/comments", {"body": "Siap"}).status_code == 201
    # Its permissions, not a collaborator role, decide: contents write may write contents.
    writer = fake.app_token(8, slug="penulis", permissions={"contents": "write"})
    assert call(fake, writer, "PUT", f"{R}/contents/a.md", {"message": "Tambah", "content": "aXNp"}).status_code == 201


def test_job_permissions_are_checked_like_githubs_keys() -> None:
    assert tokens.normalise_permissions(None) == {"metadata": "read", "contents": "read", "packages": "read"}
    assert tokens.normalise_permissions({"pull-requests": "write", "id-token": "write"}) == {
        "metadata": "read", "pull_requests": "write", "id_token": "write"}
    assert tokens.normalise_permissions("read-all")["contents"] == "read"
    with pytest.raises(ValueError, match="administration"):
        tokens.normalise_permissions({"administration": "write"})
    with pytest.raises(ValueError, match="read, write or none"):
        tokens.normalise_permissions({"contents": "admin"})


def test_every_served_route_has_its_permission() -> None:
    assert set(ROUTES) - set(tokens.ROUTE_PERMISSIONS) == set()
