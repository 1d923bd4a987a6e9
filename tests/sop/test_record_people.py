"""The publish record on the merged pull request names the approver as a person (`people`), with
the account as @mention after it; only the account where no person is configured. The record is
read back (`parse_record`, for the retry workflow's list) with the account either way."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner

from jdih.content.settings import load_settings
from jdih.sop.record import parse_record, record_comment
from tests.conftest import ROOT

WIB = dt.timezone(dt.timedelta(hours=7))
ENTRY = {"post_id": "posts/2026/uu-pemilu/", "title": "Mengenal UU Pemilu", "approver": "kasubbag-kapuas",
         "url": "https://kpu-kapuas.github.io/jdih-medsos/posts/2026/uu-pemilu/", "date": "2026-11-25",
         "pull_request": 7, "disposisi": 3}
PUBLISHED = dt.datetime(2026, 11, 25, 10, 5, tzinfo=WIB)


def test_the_record_names_the_person_and_keeps_the_account_it_is_read_back_by():
    settings = load_settings(ROOT / "site_config" / "jdih.yml")
    name = settings.display_name("kasubbag-kapuas")
    assert name != "kasubbag-kapuas"  # the sample settings name the Kasubbag
    body = record_comment(ENTRY, PUBLISHED, "✅ terkirim", None, where=settings, approver_name=name)
    assert f"- Disetujui oleh: {name} (@kasubbag-kapuas)\n" in body
    found = parse_record(body)
    assert found is not None and found.approver == "kasubbag-kapuas" and found.disposisi == 3

    plain = record_comment(ENTRY, PUBLISHED, "✅ terkirim", None, where=settings,
                           approver_name=settings.model_copy(update={"people": {}}).display_name("kasubbag-kapuas"))
    assert "- Disetujui oleh: @kasubbag-kapuas\n" in plain  # no person: the account alone
    assert parse_record(plain).approver == "kasubbag-kapuas"


def test_catat_writes_the_person_into_the_record(tmp_path, fake_github, monkeypatch):
    from jdih.cli.main import main
    from jdih.testing.fakegithub.server import ROLE_USERS

    settings_file = tmp_path / "site_config" / "jdih.yml"
    settings_file.parent.mkdir()
    settings_file.write_text((ROOT / "site_config" / "jdih.yml").read_text(encoding="utf-8"), encoding="utf-8")
    settings = load_settings(settings_file)
    pull = fake_github.open_pull(ROLE_USERS["pengelola"], "konsep/uu-pemilu", title="Konsep: UU Pemilu")
    fake_github.merge_pull(pull, ROLE_USERS["kasubbag"])
    (tmp_path / "kabar.json").write_text(json.dumps([ENTRY | {"pull_request": pull, "disposisi": None}]),
                                         encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    env = {"GITHUB_TOKEN": "test-token", "GITHUB_REPOSITORY": fake_github.full_name,
           "GITHUB_API_URL": fake_github.base_url, "JDIH_GITHUB_WRITE_PAUSE": "0", "JDIH_SETTINGS": str(settings_file),
           "JDIH_NOW": "2026-11-25T10:05:00+07:00", "GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None,
           "GITHUB_OUTPUT": None}
    result = CliRunner().invoke(main, ["catat", "--berkas", str(tmp_path / "kabar.json")], env=env)
    assert result.exit_code == 0, result.output
    repo = fake_github.client().get_repo(fake_github.full_name)
    record = next(c.body for c in repo.get_issue(pull).get_comments() if "jdih:terbit post=" in c.body)
    assert f"- Disetujui oleh: {settings.display_name('kasubbag-kapuas')} (@kasubbag-kapuas)\n" in record
