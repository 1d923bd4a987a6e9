import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from jdih.content.settings import load_settings
from jdih.reporting.register import (
    HEADERS,
    RegisterError,
    display_cells,
    load_ledger,
    register_csv,
    register_markdown,
    register_rows,
    write_register_xlsx,
)
from jdih.reporting.timeline import ItemEvents
from tests.conftest import ROOT  # noqa: E402

WIB = ZoneInfo("Asia/Jakarta")
SAMPLE = load_settings(ROOT / "site_config" / "jdih.yml")  # with its `people`
SETTINGS = SAMPLE.model_copy(update={"people": {}})  # every account shown as itself


def without_people(tmp_path: Path) -> str:
    """The sample settings file without its `people` section."""
    text = (ROOT / "site_config" / "jdih.yml").read_text(encoding="utf-8")
    text = re.sub(r"^people:\n(?:[ #].*\n)*", "", text, flags=re.MULTILINE)
    path = tmp_path / "tanpa-orang.yml"
    path.write_text(text, encoding="utf-8")
    assert not load_settings(path).people
    return str(path)


def write_post(content: Path, relative: str, title: str, provenance: str = "", disposisi: int | None = None) -> None:
    path = content / "posts" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["---", f"title: {title}", "date: 2026-11-02 09:00", "description: Ringkasan singkat.",
             "categories: [Peraturan]", "image:", "  src: gambar.png", "  alt: Sampul dokumen peraturan",
             "caption: Takarir.", "authors: [pengelola-jdih-kapuas]"]
    if disposisi:
        lines.append(f"disposisi: {disposisi}")
    if provenance:
        lines += ["provenance:", *("  " + line for line in provenance.strip().splitlines())]
    path.write_text("\n".join(lines + ["---", "", "Isi.", ""]), encoding="utf-8")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    # Written in an order unlike the approval order, to show the numbering sorts.
    write_post(content, "2027/imlek.md", "Libur | Imlek", """
pull_request: 30
disposisi: 29
author: pengelola-jdih-kapuas
editors: []
approver: kasubbag-kapuas
approved_at: 2027-01-04T08:00:00+07:00
merged_at: 2027-01-04T08:05:00+07:00
""")
    write_post(content, "2026/uu-7-2017/index.md", "UU 7/2017", """
pull_request: 2
disposisi: 1
author: pengelola-jdih-kapuas
editors: [staf-hukum-kapuas, staf-dua]
approver: kasubbag-kapuas
approved_at: 2026-11-02T08:40:00+07:00
merged_at: 2026-11-02T08:45:00+07:00
""")
    write_post(content, "2026/pkpu-8-2019/index.md", "PKPU 8/2019", """
pull_request: 4
disposisi: 3
author: pengelola-jdih-kapuas
editors: [staf-hukum-kapuas]
approver: kasubbag-kapuas
approved_at: 2026-12-31T16:30:00Z
merged_at: 2026-12-31T16:35:00Z
""")  # 31 Dec 23:30 WIB: still 2026
    write_post(content, "2026/tanpa-jejak.md", "Tanpa jejak", disposisi=8)
    return content


def ledger_file(tmp_path: Path) -> Path:
    path = tmp_path / "kabar.json"
    path.write_text(json.dumps({"version": 1, "posts": {
        "posts/2026/uu-7-2017/": {"post_id": "posts/2026/uu-7-2017/", "idempotency_key": "k", "state": "sent",
                                  "events": [{"state": "sending", "time": "2026-11-02T01:46:00+00:00"},
                                             {"state": "sent", "time": "2026-11-02T01:47:00+00:00"}]},
        "posts/2026/pkpu-8-2019/": {"post_id": "posts/2026/pkpu-8-2019/", "idempotency_key": "k2",
                                    "state": "failed",
                                    "events": [{"state": "failed", "time": "2026-12-31T16:40:00+00:00"}]},
    }}), encoding="utf-8")
    return path


def rows_for(content: Path, tmp_path: Path):
    events = [ItemEvents(title="UU 7/2017", disposisi_number=1, disposisi_created_at=dt.datetime(2026, 10, 30, 9, 0,
                                                                                                 tzinfo=WIB)),
              ItemEvents(title="Imlek", post_id="posts/2027/imlek/", disposisi_number=29,
                         disposisi_created_at=dt.datetime(2026, 12, 31, 17, 30, tzinfo=dt.UTC),
                         notified_at=dt.datetime(2027, 1, 4, 8, 10, tzinfo=WIB))]
    return register_rows(content, SETTINGS, load_ledger(ledger_file(tmp_path)), events)


EXPECTED_CSV = """\
No. Agenda,Tanggal Disposisi,No. Disposisi,Judul,Penyusun,Penyunting,Penyetuju,Tanggal Persetujuan,Tanggal Terbit,Tautan,Kabar WhatsApp,Unggahan Instagram,Unggahan Facebook,Unggahan Telegram,Unggahan X
001/JDIH/2026,2026-10-30,1,UU 7/2017,pengelola-jdih-kapuas,staf-hukum-kapuas; staf-dua,kasubbag-kapuas,2026-11-02,2026-11-02,https://kpu-kapuas.github.io/jdih-medsos/posts/2026/uu-7-2017/,2026-11-02 08:47,,,,
002/JDIH/2026,,3,PKPU 8/2019,pengelola-jdih-kapuas,staf-hukum-kapuas,kasubbag-kapuas,2026-12-31,2026-12-31,https://kpu-kapuas.github.io/jdih-medsos/posts/2026/pkpu-8-2019/,belum,,,,
001/JDIH/2027,2027-01-01,29,Libur | Imlek,pengelola-jdih-kapuas,,kasubbag-kapuas,2027-01-04,2027-01-04,https://kpu-kapuas.github.io/jdih-medsos/posts/2027/imlek/,2027-01-04 08:10,,,,
—,,8,Tanpa jejak,pengelola-jdih-kapuas,,,,,https://kpu-kapuas.github.io/jdih-medsos/posts/2026/tanpa-jejak/,belum,,,,
"""

EXPECTED_MARKDOWN = """\
| No. Agenda | Tanggal Disposisi | No. Disposisi | Judul | Penyusun | Penyunting | Penyetuju | Tanggal Persetujuan | Tanggal Terbit | Tautan | Kabar WhatsApp | Unggahan Media Sosial |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
| 001/JDIH/2026 | 30 Okt 2026 | #1 | UU 7/2017 | pengelola-jdih-kapuas | staf-hukum-kapuas; staf-dua | kasubbag-kapuas | 2 Nov 2026 | 2 Nov 2026 | [posts/2026/uu-7-2017/](https://kpu-kapuas.github.io/jdih-medsos/posts/2026/uu-7-2017/) | 2 Nov 2026 08.47 | — |
| 002/JDIH/2026 | — | #3 | PKPU 8/2019 | pengelola-jdih-kapuas | staf-hukum-kapuas | kasubbag-kapuas | 31 Des 2026 | 31 Des 2026 | [posts/2026/pkpu-8-2019/](https://kpu-kapuas.github.io/jdih-medsos/posts/2026/pkpu-8-2019/) | menunggu | — |
| 001/JDIH/2027 | 1 Jan 2027 | #29 | Libur \\| Imlek | pengelola-jdih-kapuas | — | kasubbag-kapuas | 4 Jan 2027 | 4 Jan 2027 | [posts/2027/imlek/](https://kpu-kapuas.github.io/jdih-medsos/posts/2027/imlek/) | 4 Jan 2027 08.10 | — |
| — | — | #8 | Tanpa jejak | pengelola-jdih-kapuas | — | — | — | — | [posts/2026/tanpa-jejak/](https://kpu-kapuas.github.io/jdih-medsos/posts/2026/tanpa-jejak/) | menunggu | — |

Jumlah: 4 konten.
"""


NO_UPLOADS = [None] * 4  # the xlsx's four platform columns, no upload record


def test_only_posts_by_the_rule_are_in_the_register(content):
    """Hidden, scratch and README files, and a folder post's other Markdown, are not posts
    (the rule of jdih.content.files, as for `jdih periksa` and the site)."""
    (content / "posts/2026/.tersembunyi.md").write_text("bukan konten\n", encoding="utf-8")
    (content / "posts/2026/README.md").write_text("# Konten 2026\n", encoding="utf-8")
    write_post(content, "2026/_contoh.md", "Contoh")
    write_post(content, "2026/uu-7-2017/lampiran.md", "Lampiran UU 7/2017")
    assert sorted(row.post_id for row in register_rows(content, SETTINGS)) == [
        "posts/2026/pkpu-8-2019/", "posts/2026/tanpa-jejak/", "posts/2026/uu-7-2017/", "posts/2027/imlek/"]


def test_register_csv_in_full(content, tmp_path):
    assert register_csv(rows_for(content, tmp_path)) == EXPECTED_CSV


def test_register_markdown_in_full(content, tmp_path):
    assert register_markdown(rows_for(content, tmp_path)) == EXPECTED_MARKDOWN


def test_register_xlsx_read_back(content, tmp_path):
    path = tmp_path / "agenda.xlsx"
    write_register_xlsx(rows_for(content, tmp_path), path, SETTINGS)
    sheet = load_workbook(path).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values == [
        ["No. Agenda", "Tanggal Disposisi", "No. Disposisi", "Judul", "Penyusun", "Penyunting", "Penyetuju",
         "Tanggal Persetujuan", "Tanggal Terbit", "Tautan", "Kabar WhatsApp", "Unggahan Instagram",
         "Unggahan Facebook", "Unggahan Telegram", "Unggahan X"],
        ["001/JDIH/2026", dt.datetime(2026, 10, 30), 1, "UU 7/2017", "pengelola-jdih-kapuas",
         "staf-hukum-kapuas; staf-dua", "kasubbag-kapuas", dt.datetime(2026, 11, 2), dt.datetime(2026, 11, 2),
         "https://kpu-kapuas.github.io/jdih-medsos/posts/2026/uu-7-2017/", dt.datetime(2026, 11, 2, 8, 47), *NO_UPLOADS],
        ["002/JDIH/2026", None, 3, "PKPU 8/2019", "pengelola-jdih-kapuas", "staf-hukum-kapuas", "kasubbag-kapuas",
         dt.datetime(2026, 12, 31), dt.datetime(2026, 12, 31),
         "https://kpu-kapuas.github.io/jdih-medsos/posts/2026/pkpu-8-2019/", "belum", *NO_UPLOADS],
        ["001/JDIH/2027", dt.datetime(2027, 1, 1), 29, "Libur | Imlek", "pengelola-jdih-kapuas", None,
         "kasubbag-kapuas", dt.datetime(2027, 1, 4), dt.datetime(2027, 1, 4),
         "https://kpu-kapuas.github.io/jdih-medsos/posts/2027/imlek/", dt.datetime(2027, 1, 4, 8, 10), *NO_UPLOADS],
        ["—", None, 8, "Tanpa jejak", "pengelola-jdih-kapuas", None, None, None, None,
         "https://kpu-kapuas.github.io/jdih-medsos/posts/2026/tanpa-jejak/", "belum", *NO_UPLOADS],
    ]
    assert sheet.title == "Buku Agenda"
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold is True
    assert sheet["B2"].number_format == "DD/MM/YYYY"
    assert sheet["K2"].number_format == "DD/MM/YYYY HH:MM"
    assert sheet["J2"].hyperlink.target == "https://kpu-kapuas.github.io/jdih-medsos/posts/2026/uu-7-2017/"
    assert sheet.column_dimensions["D"].width == 48
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$1:$1"


def test_simple_ledger_shapes(tmp_path):
    path = tmp_path / "kabar.json"
    path.write_text(json.dumps({"posts/2026/a/": "2026-11-02T09:00:00+07:00", "posts/2026/b/": None}), encoding="utf-8")
    assert load_ledger(path) == {"posts/2026/a/": dt.datetime(2026, 11, 2, 9, 0, tzinfo=WIB)}
    path.write_text(json.dumps([{"post_id": "posts/2026/a/", "sent_at": "2026-11-02T09:00:00+07:00"},
                                {"post_id": "posts/2026/b/"}]), encoding="utf-8")
    assert load_ledger(path) == {"posts/2026/a/": dt.datetime(2026, 11, 2, 9, 0, tzinfo=WIB)}


def test_bad_ledgers_say_what_to_do(tmp_path):
    path = tmp_path / "kabar.json"
    path.write_text("{\n  oops", encoding="utf-8")
    with pytest.raises(RegisterError) as error:
        load_ledger(path)
    assert str(error.value) == f"{path}:2: berkas catatan kabar bukan JSON yang sah (Expecting property name enclosed in double quotes)"
    path.write_text(json.dumps({"posts/2026/a/": "kemarin"}), encoding="utf-8")
    with pytest.raises(RegisterError) as error:
        load_ledger(path)
    assert str(error.value) == (f"{path}: waktu 'kemarin' tidak dapat dibaca — tulis seperti "
                                "'2026-11-24T09:00:00+07:00'")
    with pytest.raises(RegisterError) as error:
        load_ledger(tmp_path / "tidak-ada.json")
    assert str(error.value) == f"{tmp_path / 'tidak-ada.json'}: berkas catatan kabar tidak ditemukan — periksa nama berkasnya"


# --- `jdih agenda` ---------------------------------------------------------------------------

from click.testing import CliRunner  # noqa: E402

from jdih.cli.main import main  # noqa: E402
from jdih.reporting.timeline import dump_events  # noqa: E402

SETTINGS_FILE = str(ROOT / "site_config" / "jdih.yml")


def agenda(*args: str, env: dict[str, str] | None = None, settings: str = SETTINGS_FILE):
    return CliRunner().invoke(main, ["agenda", *args, "--pengaturan", settings],
                              env=env or {"GITHUB_TOKEN": "", "GITHUB_REPOSITORY": ""})


def events_file(tmp_path: Path) -> str:
    path = tmp_path / "peristiwa.json"
    path.write_text(dump_events([
        ItemEvents(title="UU 7/2017", disposisi_number=1, disposisi_created_at=dt.datetime(2026, 10, 30, 9, 0, tzinfo=WIB)),
        ItemEvents(title="Imlek", post_id="posts/2027/imlek/", disposisi_number=29,
                   disposisi_created_at=dt.datetime(2026, 12, 31, 17, 30, tzinfo=dt.UTC),
                   notified_at=dt.datetime(2027, 1, 4, 8, 10, tzinfo=WIB))]), encoding="utf-8")
    return str(path)


def test_agenda_csv_markdown_and_xlsx(content, tmp_path):
    common = ["--konten", str(content), "--ledger", str(ledger_file(tmp_path)), "--data", events_file(tmp_path)]
    plain = without_people(tmp_path)
    result = agenda("--format", "csv", *common, settings=plain)
    assert result.exit_code == 0, result.output
    assert result.output == EXPECTED_CSV
    csv_file = tmp_path / "agenda.csv"
    assert agenda("--format", "csv", "--keluaran", str(csv_file), *common, settings=plain).exit_code == 0
    assert csv_file.read_bytes() == b"\xef\xbb\xbf" + EXPECTED_CSV.encode("utf-8")  # BOM: Excel reads UTF-8
    result = agenda(*common, settings=plain)
    assert result.output == "# Buku Agenda JDIH Media Sosial — Sekretariat KPU Kabupaten Kapuas\n\n" + EXPECTED_MARKDOWN
    output = tmp_path / "keluaran" / "buku-agenda.xlsx"
    result = agenda("--format", "xlsx", "--keluaran", str(output), *common, settings=plain)
    assert result.output == f"Buku agenda (4 konten) ditulis ke {output}.\n"
    assert [c.value for c in load_workbook(output).active["A"]] == [
        "No. Agenda", "001/JDIH/2026", "002/JDIH/2026", "001/JDIH/2027", "—"]


def test_agenda_errors(content, tmp_path):
    result = agenda("--format", "xlsx", "--konten", str(content))
    assert result.exit_code == 1
    assert result.output == "Galat: format xlsx memerlukan --keluaran, mis. --keluaran buku-agenda.xlsx\n"
    broken = tmp_path / "kabar.json"
    broken.write_text("[", encoding="utf-8")
    result = agenda("--konten", str(content), "--ledger", str(broken))
    assert result.output == f"Galat: {broken}:1: berkas catatan kabar bukan JSON yang sah (Expecting value)\n"


def test_agenda_disposisi_dates_from_the_fake_github(content, fake_github):
    # Issue numbers follow creation order: #1 is the disposisi of "UU 7/2017", #3 that of "PKPU 8/2019".
    fake_github.open_issue("kasubbag-kapuas", "Disposisi: UU 7/2017", labels=["disposisi"],
                           at=dt.datetime(2026, 10, 30, 9, 0, tzinfo=WIB))
    fake_github.open_issue("kasubbag-kapuas", "Lain", at=dt.datetime(2026, 10, 30, 9, 0, tzinfo=WIB))
    fake_github.open_issue("kasubbag-kapuas", "Disposisi: PKPU", labels=["disposisi"],
                           at=dt.datetime(2026, 12, 1, 23, 0, tzinfo=dt.UTC))
    env = {"GITHUB_TOKEN": "test-token", "GITHUB_REPOSITORY": fake_github.full_name,
           "GITHUB_API_URL": fake_github.base_url}
    result = agenda("--format", "csv", "--konten", str(content), "--github", env=env)
    assert result.exit_code == 0, result.output
    assert [line.split(",")[:3] for line in result.output.splitlines()] == [
        ["No. Agenda", "Tanggal Disposisi", "No. Disposisi"], ["001/JDIH/2026", "2026-10-30", "1"],
        ["002/JDIH/2026", "2026-12-02", "3"], ["001/JDIH/2027", "", "29"], ["—", "", "8"]]


def test_agenda_notification_times_from_the_pull_request_ledger(content, fake_github):
    """With --github the register reads when the group was told from the notifier's marker comment."""
    from jdih.notify.ledger import CommentLedger, PyGithubCommentStore
    from jdih.notify.message import Notification

    for n in range(1, 30):  # pull request #30 is the one the 2027 post was merged by
        fake_github.open_issue("kasubbag-kapuas", f"Isi {n}")
    number = fake_github.open_pull("pengelola-jdih-kapuas", "konsep/imlek", title="Libur Imlek")
    assert number == 30
    fake_github.merge_pull(number, "kasubbag-kapuas")
    repo = fake_github.client().get_repo(fake_github.full_name)
    sent_at = dt.datetime(2027, 1, 4, 8, 9, tzinfo=WIB)
    notification = Notification(post_id="posts/2027/imlek/", title="Libur | Imlek",
                                url="https://kpu-kapuas.github.io/jdih-medsos/posts/2027/imlek/",
                                approver="kasubbag-kapuas", date=dt.date(2027, 1, 4), pull_request=number)
    CommentLedger(PyGithubCommentStore(repo)).record(notification, "sent", sent_at, provider="webhook",
                                                     http_status=200)
    env = {"GITHUB_TOKEN": "test-token", "GITHUB_REPOSITORY": fake_github.full_name,
           "GITHUB_API_URL": fake_github.base_url}
    result = agenda("--format", "csv", "--konten", str(content), "--github", env=env)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("001/JDIH/2027"))
    assert row.endswith(",2027-01-04 08:09,,,,")  # no upload record: the platform columns are empty


# --- people instead of accounts ------------------------------------------------------------------

def test_the_register_shows_people_and_an_account_only_where_no_person_is_configured(content, tmp_path):
    from jdih.content.settings import Person

    nip = "198001012005012001"
    settings = SAMPLE.model_copy(update={"people": SAMPLE.people | {
        "kasubbag-kapuas": Person(name="Dra. Uji Penyetuju", jabatan="Kasubbag Hukum dan SDM", nip=nip)}})
    rows = register_rows(content, settings, load_ledger(ledger_file(tmp_path)))
    markdown = register_markdown(rows, settings)
    kasubbag, staf = "Dra. Uji Penyetuju, Kasubbag Hukum dan SDM", settings.display_name("staf-hukum-kapuas")
    assert staf == f"{SAMPLE.people['staf-hukum-kapuas'].name}, {SAMPLE.people['staf-hukum-kapuas'].jabatan}"
    assert f"| {staf}; staf-dua | {kasubbag} |" in markdown  # staf-dua has no person: the account
    assert "kasubbag-kapuas" not in markdown and nip not in markdown  # no NIP on what the site shows
    csv_rows = register_csv(register_rows(content, settings, load_ledger(ledger_file(tmp_path)), nip=True))
    assert f'"{kasubbag}, NIP {nip}"' in csv_rows  # the office's own file carries it


# --- the register data from GitHub ------------------------------------------------------------------

def test_register_data_round_trip_and_what_the_cells_say(content, tmp_path):
    from jdih.reporting.register import PostFacts, dump_register_data, load_register_data

    facts = {
        "posts/2026/uu-7-2017/": PostFacts(1, dt.datetime(2026, 10, 29, 20, 0, tzinfo=dt.UTC), "sent",
                                           dt.datetime(2026, 11, 2, 8, 51, tzinfo=WIB)),
        "posts/2026/pkpu-8-2019/": PostFacts(3, None, "none", None, dt.datetime(2027, 1, 1, tzinfo=dt.UTC)),
        "posts/2027/imlek/": PostFacts(99, dt.datetime(2026, 12, 1, tzinfo=dt.UTC), None),  # another disposisi
    }
    path = tmp_path / "agenda.json"
    path.write_text(dump_register_data(facts, dt.datetime(2027, 1, 5, tzinfo=dt.UTC)), encoding="utf-8")
    assert load_register_data(path) == facts
    rows = {row.post_id: row for row in register_rows(content, SETTINGS, facts=load_register_data(path))}
    zone = ZoneInfo("Asia/Jakarta")
    cells = {post_id: display_cells(row, zone) for post_id, row in rows.items()}
    # sent: the time; asked but not sent yet: "menunggu"; never asked: "—" (not "belum")
    kabar = HEADERS.index("Kabar WhatsApp")
    assert cells["posts/2026/uu-7-2017/"][1] == "30 Okt 2026" and cells["posts/2026/uu-7-2017/"][kabar] == "2 Nov 2026 08.51"
    assert cells["posts/2026/pkpu-8-2019/"][1] == "—" and cells["posts/2026/pkpu-8-2019/"][kabar] == "menunggu"
    assert cells["posts/2027/imlek/"][1] == "—" and cells["posts/2027/imlek/"][kabar] == "—"  # #29, not #99
    assert cells["posts/2026/tanpa-jejak/"][kabar] == "—"
    csv_text = register_csv(list(rows.values()))
    assert ",belum,,,,\n" in csv_text and csv_text.endswith(",,,,,\n")  # pending / unknown in the spreadsheet
    path.write_text('{"version": 1, "posts": []}', encoding="utf-8")
    with pytest.raises(RegisterError, match="tidak dikenali"):
        load_register_data(path)


def _sent_ledger(repo, number: int, post_id: str, at: dt.datetime) -> None:
    from jdih.notify.ledger import CommentLedger, PyGithubCommentStore
    from jdih.notify.message import Notification

    notification = Notification(post_id=post_id, title="Judul", url=f"https://contoh.test/{post_id}",
                                approver="kasubbag-kapuas", date=at.date(), pull_request=number)
    CommentLedger(PyGithubCommentStore(repo)).record(notification, "sent", at, provider="webhook", http_status=200)


def test_agenda_saves_the_register_data_from_github_and_reuses_what_is_final(content, fake_github, tmp_path):
    """`jdih agenda --github --simpan-data`: disposisi dates from the issues, send times from the
    bot's ledger comment on each merged pull request; a comment from anyone else is no proof."""
    from jdih.notify.ledger import LedgerEntry, comment_body
    from jdih.reporting.register import load_register_data

    fake_github.open_issue("kasubbag-kapuas", "Disposisi: UU 7/2017", labels=["disposisi"],
                           at=dt.datetime(2026, 10, 30, 9, 0, tzinfo=WIB))                        # 1
    two = fake_github.open_pull("pengelola-jdih-kapuas", "konsep/uu", title="UU 7/2017")        # 2
    fake_github.merge_pull(two, "kasubbag-kapuas")
    fake_github.add_user("orang-luar")  # anyone may open an issue on a public repository
    fake_github.open_issue("orang-luar", "Bukan disposisi", at=dt.datetime(2026, 12, 1, tzinfo=WIB))  # 3
    four = fake_github.open_pull("pengelola-jdih-kapuas", "konsep/pkpu", title="PKPU 8/2019")   # 4
    fake_github.merge_pull(four, "kasubbag-kapuas")
    repo = fake_github.client().get_repo(fake_github.full_name)
    _sent_ledger(repo, two, "posts/2026/uu-7-2017/", dt.datetime(2026, 11, 2, 8, 51, tzinfo=WIB))
    forged = LedgerEntry("posts/2026/pkpu-8-2019/", "k", "sent", "PKPU", four,
                         [{"state": "sent", "time": "2027-01-01T08:00:00+07:00"}])
    fake_github.add_comment(four, "staf-hukum-kapuas", comment_body(forged))  # not a bot: ignored
    env = {"GITHUB_TOKEN": "test-token", "GITHUB_REPOSITORY": fake_github.full_name,
           "GITHUB_API_URL": fake_github.base_url}
    saved = tmp_path / "cache" / "agenda.json"
    result = agenda("--konten", str(content), "--github", "--simpan-data", str(saved), "--hanya-bila-tampil",
                    env=env)
    assert result.exit_code == 0, result.output
    assert f"Data buku agenda (4 konten) disimpan ke {saved}." in result.output
    facts = load_register_data(saved)
    uu, pkpu = facts["posts/2026/uu-7-2017/"], facts["posts/2026/pkpu-8-2019/"]
    assert uu.disposisi_number == 1 and uu.disposisi_created_at == dt.datetime(2026, 10, 30, 9, 0, tzinfo=WIB)
    assert uu.sent and uu.notified_at == dt.datetime(2026, 11, 2, 8, 51, tzinfo=WIB)
    assert pkpu.notification == "none" and pkpu.disposisi_created_at is None  # #3: opened by no one of the roles
    assert "| 30 Okt 2026 | #1 | UU 7/2017 |" in result.output and "| 2 Nov 2026 08.51 |" in result.output
    assert "menunggu" in result.output

    # The next run asks GitHub only about what may still change (PKPU's notice).
    before = len(fake_github.requests())
    assert agenda("--konten", str(content), "--github", "--simpan-data", str(saved), env=env).exit_code == 0
    asked = [entry.path for entry in fake_github.requests()[before:]]
    assert any(f"/issues/{four}/comments" in path for path in asked), asked
    assert not any(f"/issues/{two}/comments" in path or path.endswith("/issues/1") for path in asked), asked

    # Off when the site shows no register: nothing asked.
    plain = tmp_path / "tanpa-agenda.yml"
    plain.write_text((ROOT / "site_config" / "jdih.yml").read_text(encoding="utf-8")
                     .replace("show_register: true", "show_register: false"), encoding="utf-8")
    before = len(fake_github.requests())
    result = agenda("--github", "--simpan-data", str(tmp_path / "lain.json"), "--hanya-bila-tampil", env=env,
                    settings=str(plain))
    assert result.output == "Buku agenda tidak ditampilkan di situs (site.show_register: false) — dilewati.\n"
    assert len(fake_github.requests()) == before and not (tmp_path / "lain.json").exists()
    result = agenda("--simpan-data", str(saved))
    assert result.exit_code == 1 and "--simpan-data memerlukan --github" in result.output


@pytest.mark.parametrize("title", ['=HYPERLINK("http://contoh.example/","Klik")', "+1+1", "-2+3", "@SUM(A1)"])
def test_a_title_is_never_a_formula_in_the_csv_or_the_xlsx(content, tmp_path, title):
    """CSV injection (OWASP): a spreadsheet must show the title, not run it."""
    import dataclasses

    rows = rows_for(content, tmp_path)
    rows[0] = dataclasses.replace(rows[0], title=title)
    [_, first, *_] = list(csv.reader(io.StringIO(register_csv(rows))))
    assert first[3] == "'" + title
    path = tmp_path / "agenda.xlsx"
    write_register_xlsx(rows, path, SETTINGS)
    cell = load_workbook(path).active["D2"]
    assert (cell.value, cell.data_type) == (title, "s")


def test_the_sop_report_csv_never_starts_a_cell_with_a_formula():
    from jdih.content.settings import Sop
    from jdih.reporting.report import report_csv

    text = report_csv([ItemEvents(title="=1+1", pull_request_number=3)], Sop())
    assert all(row[2] == "'=1+1" for row in list(csv.reader(io.StringIO(text)))[1:])


# --- step 6a: the links of the uploads ------------------------------------------------------------

from jdih.reporting.timeline import Upload  # noqa: E402

IG = "https://www.instagram.com/p/DAbc123/"
FB = "https://www.facebook.com/kpukapuas/posts/pfbid02X"
HOSTILE = "https://instagram.com.penipu.example/p/DAbc123/"  # "Instagram" in the name, not on its hosts


def upload_facts(instagram: str = IG) -> dict:
    """The register data of `jdih agenda --github --simpan-data` for a post with an upload record:
    Instagram by the API, Facebook by the operator, Telegram waiting for the operator, X failed."""
    from jdih.reporting.register import PostFacts

    at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=WIB)
    uploads = (Upload("instagram", "sent", "auto", instagram, at), Upload("facebook", "sent", "manual", FB, at),
               Upload("telegram", "manual", "manual"), Upload("x", "failed", "auto"))
    return {"posts/2026/uu-7-2017/": PostFacts(1, None, "sent", at, at, uploads),
            "posts/2026/pkpu-8-2019/": PostFacts(3, None, "none", None, at, ())}  # read: no upload record


def test_the_register_files_carry_each_platforms_link(content, tmp_path):
    rows = register_rows(content, SETTINGS, facts=upload_facts())
    by_id = {row[9].rsplit("/jdih-medsos/", 1)[-1]: row for row in csv.reader(io.StringIO(register_csv(rows)))}
    header = next(csv.reader(io.StringIO(register_csv(rows))))
    assert header[-4:] == ["Unggahan Instagram", "Unggahan Facebook", "Unggahan Telegram", "Unggahan X"]
    assert by_id["posts/2026/uu-7-2017/"][-4:] == [IG, FB, "belum", "belum"]
    assert by_id["posts/2026/pkpu-8-2019/"][-4:] == ["", "", "", ""]  # no upload record: no claim
    path = tmp_path / "agenda.xlsx"
    write_register_xlsx(rows, path, SETTINGS)
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[1]][-4:] == header[-4:]
    assert [c.value for c in sheet[2]][-4:] == [IG, FB, "belum", "belum"]
    assert (sheet["L2"].hyperlink.target, sheet["M2"].hyperlink.target) == (IG, FB)
    assert sheet["N2"].hyperlink is None and [c.value for c in sheet[3]][-4:] == [None] * 4


def test_a_link_off_the_platforms_hosts_is_never_a_link(content, tmp_path):
    rows = register_rows(content, SETTINGS, facts=upload_facts(HOSTILE))
    markdown = register_markdown(rows)
    assert (f"| [Instagram]({IG})" not in markdown and HOSTILE not in markdown
            and "Instagram: sudah tayang, tautannya bukan alamat Instagram sehingga tidak ditampilkan; "
                f"[Facebook]({FB}); Telegram: menunggu; X: menunggu |" in markdown)
    path = tmp_path / "agenda.xlsx"
    write_register_xlsx(rows, path, SETTINGS)
    cell = load_workbook(path).active["L2"]
    assert cell.value == HOSTILE and cell.hyperlink is None  # the office's file keeps what was recorded
    good = register_markdown(register_rows(content, SETTINGS, facts=upload_facts()))
    assert f"[Instagram]({IG}); [Facebook]({FB}); Telegram: menunggu; X: menunggu |" in good
    assert good.count(" — |") >= 3  # the other posts: no upload record


def test_upload_records_round_trip_through_the_register_data(tmp_path):
    from jdih.reporting.register import dump_register_data, load_register_data

    path = tmp_path / "agenda.json"
    path.write_text(dump_register_data(upload_facts(), dt.datetime(2026, 11, 3, tzinfo=dt.UTC)), encoding="utf-8")
    assert load_register_data(path) == upload_facts()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["posts"]["posts/2026/uu-7-2017/"]["unggahan"] = [{"platform": "instagram", "state": "sent",
                                                            "sent_at": "kemarin"}]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(RegisterError) as error:
        load_register_data(path)
    assert str(error.value) == (f"{path}: data unggahan konten posts/2026/uu-7-2017/ tidak sah — buat ulang berkas "
                                "ini dengan `jdih agenda --github --simpan-data`")


def test_the_register_page_links_only_to_the_platforms_own_hosts(tmp_path):
    """The site's register page (a real `mkdocs build`): a real link per platform that is up, on
    its own hosts; a recorded link elsewhere is shown as text saying so, never as a link."""
    import html as html_lib

    from jdih.reporting.register import PostFacts, dump_register_data
    from jdih.site.config import REGISTER_DATA
    from tests.sitebuild import build, copy_project

    project = copy_project(tmp_path / "p")
    uu, pkpu = "posts/2026/uu-7-2017-pemilihan-umum/", "posts/2026/pkpu-tata-kerja-kpu-dan-sekretariat/"
    at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=WIB)
    data = project / REGISTER_DATA
    data.parent.mkdir(parents=True)
    data.write_text(dump_register_data({
        uu: PostFacts(None, None, "sent", at, at, (Upload("instagram", "sent", "auto", IG, at),
                                                   Upload("facebook", "sent", "manual", FB, at),
                                                   Upload("telegram", "manual", "manual"))),
        pkpu: PostFacts(None, None, "sent", at, at, (Upload("instagram", "sent", "manual", HOSTILE, at),
                                                     Upload("x", "sent", "auto", 'javascript:alert("x")', at))),
    }, at), encoding="utf-8")
    build(project, cache_dir=tmp_path / "cache")
    page = (project / "site" / "agenda" / "index.html").read_text(encoding="utf-8")
    cells = {}
    for row in re.findall(r"<tr>(.*?)</tr>", page, flags=re.DOTALL):
        found = dict(re.findall(r'<td data-label="([^"]+)">(.*?)</td>', row, flags=re.DOTALL))
        if found:
            cells[re.search(r">(posts/[^<]+)</a>", found["Tautan"]).group(1)] = found["Unggahan Media Sosial"]
    assert cells[uu] == (f'<a href="{IG}" rel="noopener">Instagram</a><br>'
                         f'<a href="{FB}" rel="noopener">Facebook</a><br>Telegram: menunggu')
    assert "<a " not in cells[pkpu] and "penipu" not in page and "javascript:" not in page
    assert html_lib.unescape(cells[pkpu]) == (
        "Instagram: sudah tayang, tautannya bukan alamat Instagram sehingga tidak ditampilkan<br>"
        "X: sudah tayang, tautannya bukan alamat X sehingga tidak ditampilkan")
    assert {cell for key, cell in cells.items() if key not in (uu, pkpu)} == {"—"}


def test_agenda_reads_the_upload_links_from_the_bots_upload_ledger_comment(content, fake_github):
    """`jdih agenda --github`: the links from the upload ledger comment the bot keeps on the merged
    pull request (the same listing as the WhatsApp ledger)."""
    from jdih.notify.ledger import PyGithubCommentStore
    from jdih.social import ledger as uploads_ledger

    for n in range(1, 30):  # pull request #30 is the one the 2027 post was merged by
        fake_github.open_issue("kasubbag-kapuas", f"Isi {n}")
    number = fake_github.open_pull("pengelola-jdih-kapuas", "konsep/imlek", title="Libur Imlek")
    fake_github.merge_pull(number, "kasubbag-kapuas")
    repo = fake_github.client().get_repo(fake_github.full_name)
    record = uploads_ledger.PostUploads(post_id="posts/2027/imlek/", title="Libur | Imlek", pull_request=number)
    at = dt.datetime(2027, 1, 4, 8, 9, tzinfo=WIB)
    uploads_ledger.record(record, "instagram", "sent", at, url=IG, mode="auto")
    uploads_ledger.record(record, "facebook", "manual", at, mode="manual")
    uploads_ledger.CommentUploadLedger(PyGithubCommentStore(repo), SETTINGS).put(record)
    env = {"GITHUB_TOKEN": "test-token", "GITHUB_REPOSITORY": fake_github.full_name,
           "GITHUB_API_URL": fake_github.base_url}
    result = agenda("--format", "csv", "--konten", str(content), "--github", env=env)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("001/JDIH/2027"))
    assert row.endswith(f",{IG},belum,,")  # Telegram and X: the record says nothing of them
    result = agenda("--konten", str(content), "--github", env=env)
    assert f"| [Instagram]({IG}); Facebook: menunggu |" in result.output
