import datetime as dt
import json

import pytest
from click.testing import CliRunner

from jdih.content import clock
from jdih.content.clock import now
from jdih.content.problems import ProblemsError
from jdih.content.settings import Settings, Sop, load_settings
from tests.conftest import ROOT  # noqa: E402

UTC = dt.UTC
MOMENT = dt.datetime(2026, 11, 24, 2, 15, tzinfo=UTC)  # 09.15 in Jakarta


def test_real_time_by_default(monkeypatch):
    monkeypatch.delenv("JDIH_NOW", raising=False)
    before = dt.datetime.now(dt.UTC)
    assert before <= now() <= dt.datetime.now(dt.UTC)


def test_a_rehearsal_fixes_the_time(monkeypatch):
    monkeypatch.setenv("JDIH_NOW", "2026-11-23T10:36:00+07:00")
    assert now() == dt.datetime(2026, 11, 23, 3, 36, tzinfo=dt.UTC)


def test_a_time_without_zone_is_refused(monkeypatch):
    monkeypatch.setenv("JDIH_NOW", "2026-11-23T10:36:00")
    with pytest.raises(ValueError, match="harus memuat zona waktu"):
        now()


# -- the office time zone -------------------------------------------------------------------


@pytest.mark.parametrize("timezone, abbreviation, wall_clock", [
    ("Asia/Jakarta", "WIB", "09.15"),
    ("Asia/Pontianak", "WIB", "09.15"),
    ("Asia/Makassar", "WITA", "10.15"),
    ("Asia/Jayapura", "WIT", "11.15"),
])
def test_the_three_indonesian_zones_have_their_own_abbreviation(timezone, abbreviation, wall_clock):
    assert clock.abbreviation(timezone, MOMENT) == abbreviation
    assert clock.tanggal_jam(MOMENT, timezone) == f"24 November 2026 pukul {wall_clock} {abbreviation}"
    assert clock.tanggal_jam(MOMENT, Sop(timezone=timezone)) == clock.tanggal_jam(MOMENT, timezone)


def test_a_zone_without_letters_is_shown_as_its_offset():
    assert clock.abbreviation("Asia/Dubai", MOMENT) == "UTC+04"
    assert clock.tanggal_jam(MOMENT, "UTC") == "24 November 2026 pukul 02.15 UTC"


def test_the_zone_comes_from_the_settings_their_sop_a_zone_or_a_name():
    settings = load_settings(ROOT / "site_config" / "jdih.yml")
    jakarta = clock.office_zone("Asia/Jakarta")
    assert clock.zone_of(settings) is clock.zone_of(settings.sop) is clock.zone_of(None) is jakarta
    assert clock.zone_of("Asia/Makassar") is clock.office_zone("Asia/Makassar")  # cached
    fixed = dt.timezone(dt.timedelta(hours=9))
    assert clock.zone_of(fixed) is fixed


def test_an_unknown_zone_is_refused_with_the_fix(tmp_path):
    with pytest.raises(ValueError, match="zona waktu 'Asia/Makasar' tidak dikenal — tulis nama zona IANA"):
        clock.office_zone("Asia/Makasar")
    text = (ROOT / "site_config" / "jdih.yml").read_text(encoding="utf-8")
    broken = tmp_path / "jdih.yml"
    broken.write_text(text.replace("timezone: Asia/Jakarta", "timezone: WITA"), encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        load_settings(broken)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "timezone:" in row)
    assert [str(p) for p in caught.value.problems] == [
        f"{broken}:{line}: sop.timezone: zona waktu 'WITA' tidak dikenal — tulis nama zona IANA, mis. "
        "Asia/Jakarta (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT)"]


def test_the_office_date_and_now_follow_the_zone(monkeypatch):
    monkeypatch.setenv("JDIH_NOW", "2026-11-23T23:30:00+07:00")
    assert clock.today("Asia/Jakarta") == dt.date(2026, 11, 23)
    assert clock.today("Asia/Makassar") == dt.date(2026, 11, 24)  # already past midnight in WITA
    assert clock.office_now("Asia/Jayapura").isoformat() == "2026-11-24T01:30:00+09:00"
    assert clock.abbreviation("Asia/Makassar") == "WITA"


# -- Indonesian texts -----------------------------------------------------------------------


def test_indonesian_texts():
    assert clock.tanggal(dt.date(2026, 1, 2)) == "2 Januari 2026"
    assert clock.tanggal(dt.datetime(2026, 11, 24, 17, 30, tzinfo=UTC)) == "25 November 2026"  # 00.30 WIB
    assert clock.tanggal(dt.datetime(2026, 11, 24, 17, 30, tzinfo=UTC), "Asia/Makassar") == "25 November 2026"
    assert clock.tanggal(dt.datetime(2026, 11, 24, 16, 30, tzinfo=UTC), "Asia/Jakarta") == "24 November 2026"
    assert clock.tanggal_jam(dt.datetime(2026, 11, 24, 9, 15)) == "24 November 2026 pukul 09.15 WIB"  # naive: office
    assert clock.tanggal_jam(dt.datetime(2026, 11, 24, 9, 15), "Asia/Jayapura") == "24 November 2026 pukul 09.15 WIT"
    assert clock.bulan_tahun(2026, 8) == "Agustus 2026"
    assert clock.format_date(dt.date(2026, 11, 24), "d MMM y") == "24 Nov 2026"
    assert clock.format_datetime(MOMENT, "d MMM y HH.mm", "Asia/Makassar") == "24 Nov 2026 10.15"
    assert clock.format_decimal(1.5) == "1,5" and clock.format_decimal(2500) == "2.500"


# -- an office in WITA, end to end ------------------------------------------------------------


def _makassar(text: str) -> str:
    assert "timezone: Asia/Jakarta" in text
    return text.replace("timezone: Asia/Jakarta", "timezone: Asia/Makassar")


def test_report_method_text_names_the_office_zone():
    from jdih.reporting.report import method_text, report_markdown
    from jdih.reporting.timeline import ItemEvents, timeline_markdown

    wita = Sop(timezone="Asia/Makassar")
    assert method_text(wita).startswith("Waktu dihitung sebagai waktu kerja WITA: pukul 07.30–16.00, Senin–Jumat")
    assert method_text(Sop()).startswith("Waktu dihitung sebagai waktu kerja WIB: pukul 07.30–16.00")
    item = ItemEvents(title="Uji", disposisi_number=1,
                      disposisi_created_at=dt.datetime(2026, 11, 23, 0, 30, tzinfo=UTC))  # 08.30 WITA
    report = report_markdown([item], wita)
    assert "waktu kerja WITA" in report and "WIB" not in report
    timeline = timeline_markdown(item, wita)
    assert timeline.startswith("#### Linimasa SOP (waktu kerja WITA)") and "23 Nov 2026 08.30" in timeline


def test_a_wita_office_gets_wita_on_its_post_page(tmp_path):
    from tests.sitebuild import build, copy_project

    project = copy_project(tmp_path / "p")
    settings = project / "site_config" / "jdih.yml"
    settings.write_text(_makassar(settings.read_text(encoding="utf-8")), encoding="utf-8")
    build(project, cache_dir=tmp_path / "cache")
    html = (project / "site" / "posts/2026/uu-7-2017-pemilihan-umum/index.html").read_text(encoding="utf-8")
    # date: 2026-11-02 09:00 (no offset) is office time; approved_at 08:40+07:00 is 09.40 WITA
    assert '<time datetime="2026-11-02T09:00:00+08:00" itemprop="datePublished">2 November 2026</time>' in html
    assert "Kasubbag Hukum dan SDM, 2 November 2026 pukul 09.40 WITA" in html
    assert "Diterbitkan 2 November 2026 pukul 09.00 WITA oleh JDIH" in html  # the print view's record
    assert 'data-zone="WITA"' in html  # the print time (set when printing) is in the office's zone too
    assert "WIB" not in html


def test_a_wita_office_gets_wita_in_the_pull_request_record(tmp_path, fake_github, monkeypatch):
    from jdih.cli.main import main
    from jdih.notify import CommentLedger, PyGithubCommentStore
    from jdih.notify.message import Notification
    from jdih.testing.fakegithub.server import ROLE_USERS

    settings_file = tmp_path / "site_config" / "jdih.yml"
    settings_file.parent.mkdir()
    settings_file.write_text(_makassar((ROOT / "site_config" / "jdih.yml").read_text(encoding="utf-8")),
                             encoding="utf-8")
    settings: Settings = load_settings(settings_file)
    pull = fake_github.open_pull(ROLE_USERS["pengelola"], "konsep/uu-pemilu", title="Konsep: UU Pemilu")
    fake_github.merge_pull(pull, ROLE_USERS["kasubbag"])
    entry = {"post_id": "posts/2026/uu-pemilu/", "title": "Mengenal UU Pemilu", "approver": "kasubbag-kapuas",
             "url": settings.site.url + "posts/2026/uu-pemilu/", "date": "2026-11-25", "pull_request": pull}
    (tmp_path / "kabar.json").write_text(json.dumps([entry]), encoding="utf-8")
    repo = fake_github.client().get_repo(fake_github.full_name)
    sent = dt.datetime(2026, 11, 25, 10, 7, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    CommentLedger(PyGithubCommentStore(repo), settings).record(Notification.from_dict(entry), "sent", sent,
                                                                provider="webhook", http_status=200)
    monkeypatch.chdir(tmp_path)
    env = {"GITHUB_TOKEN": "test-token", "GITHUB_REPOSITORY": fake_github.full_name,
           "GITHUB_API_URL": fake_github.base_url, "JDIH_GITHUB_WRITE_PAUSE": "0", "JDIH_SETTINGS": str(settings_file),
           "JDIH_NOW": "2026-11-25T10:05:00+07:00", "GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None,
           "GITHUB_OUTPUT": None}
    result = CliRunner().invoke(main, ["catat", "--berkas", str(tmp_path / "kabar.json")], env=env)
    assert result.exit_code == 0, result.output
    bodies = [c.body for c in repo.get_issue(pull).get_comments()]
    ledger = next(b for b in bodies if "jdih-kabar" in b)
    assert "✅ Terkirim ke grup WhatsApp pada 25 November 2026 pukul 11.07 WITA melalui webhook" in ledger
    record = next(b for b in bodies if "jdih:terbit post=" in b)
    assert record.splitlines()[0] == "<!-- jdih:terbit post=posts/2026/uu-pemilu/ waktu=2026-11-25T11:05:00+08:00 -->"
    assert "- Waktu terbit: 25 November 2026 pukul 11.05 WITA\n" in record
    assert "- Kabar WhatsApp: ✅ terkirim ke grup WhatsApp pada 25 November 2026 pukul 11.07 WITA\n" in record
    assert "#### Linimasa SOP (waktu kerja WITA)" in record
    assert "WIB" not in record and "WIB" not in ledger
