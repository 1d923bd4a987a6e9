import datetime as dt
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

from jdih.content.settings import Sop
from jdih.reporting.report import (
    as_timelines,
    chart_svgs,
    in_period,
    monthly,
    report_csv,
    report_markdown,
    report_table,
    summarize,
)
from jdih.reporting.timeline import ItemEvents, Review

WIB = ZoneInfo("Asia/Jakarta")
SOP = Sop()
START, END = dt.date(2026, 10, 1), dt.date(2026, 11, 30)


def wib(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)


def review(role: str, state: str, *when: int) -> Review:
    login = {"kasubbag": "kasubbag-kapuas", "staf": "staf-hukum-kapuas"}[role]
    return Review(login=login, role=role, state=state, submitted_at=wib(*when))


ITEMS = [
    # across a weekend; Kasubbag took 15 minutes (late)
    ItemEvents(title="UU 7/2017", disposisi_number=3, disposisi_created_at=wib(2026, 11, 20, 14, 0),
               first_commit_at=wib(2026, 11, 23, 9, 0), pull_request_number=4,
               ready_for_review_at=wib(2026, 11, 23, 9, 20),
               reviews=[review("staf", "APPROVED", 2026, 11, 23, 9, 50),
                        review("kasubbag", "APPROVED", 2026, 11, 23, 10, 5)],
               merged_at=wib(2026, 11, 23, 10, 6), notified_at=wib(2026, 11, 23, 10, 10)),
    # two rejections, all within the standard (three passes)
    ItemEvents(title="Keputusan KPU", disposisi_number=5, disposisi_ordered_at=wib(2026, 11, 24, 7, 55),
               disposisi_created_at=wib(2026, 11, 24, 8, 0), first_commit_at=wib(2026, 11, 24, 8, 30),
               pull_request_number=6, ready_for_review_at=wib(2026, 11, 24, 9, 0),
               reviews=[review("staf", "APPROVED", 2026, 11, 24, 9, 20),
                        review("kasubbag", "CHANGES_REQUESTED", 2026, 11, 24, 9, 25),
                        review("staf", "APPROVED", 2026, 11, 24, 9, 50),
                        review("kasubbag", "CHANGES_REQUESTED", 2026, 11, 24, 10, 0),
                        review("staf", "APPROVED", 2026, 11, 24, 10, 10),
                        review("kasubbag", "APPROVED", 2026, 11, 24, 10, 12)],
               merged_at=wib(2026, 11, 24, 10, 13), notified_at=wib(2026, 11, 24, 10, 20)),
    # across closing time, no notification recorded
    ItemEvents(title="PKPU 8/2019", disposisi_number=1, disposisi_created_at=wib(2026, 10, 27, 8, 0),
               first_commit_at=wib(2026, 10, 27, 15, 0), pull_request_number=2,
               ready_for_review_at=wib(2026, 10, 27, 15, 45),
               reviews=[review("staf", "APPROVED", 2026, 10, 28, 7, 50),
                        review("kasubbag", "APPROVED", 2026, 10, 28, 7, 55)],
               merged_at=wib(2026, 10, 28, 8, 0)),
    # December: outside the period
    ItemEvents(title="Natal", disposisi_number=9, disposisi_created_at=wib(2026, 12, 23, 15, 0),
               first_commit_at=wib(2026, 12, 28, 8, 0)),
]


def period():
    return in_period(as_timelines(ITEMS, SOP), SOP, START, END)


def test_period_selects_by_first_event_and_sorts():
    assert [t.item.title for t in period()] == ["PKPU 8/2019", "UU 7/2017", "Keputusan KPU"]
    assert [t.item.title for t in in_period(as_timelines(ITEMS, SOP), SOP, dt.date(2026, 12, 1))] == ["Natal"]


def test_summary_per_step():
    summaries = summarize(period(), SOP)
    assert [(s.measured, s.within) for s in summaries] == [(1, 1), (3, 3), (3, 2), (3, 2), (3, 2), (2, 2)]
    assert [round(s.mean_minutes, 2) for s in summaries] == [5.0, 220.0, 31.67, 40.0, 12.33, 5.5]
    assert [(m.year, m.month, m.items, m.measured, m.within) for m in monthly(period(), SOP)] == [
        (2026, 10, 1, 1, 0), (2026, 11, 2, 2, 1)]


EXPECTED_TABLE = """\
Laporan mutu baku SOP — 1 Oktober 2026 s.d. 30 November 2026 (3 konten)
Waktu dihitung sebagai waktu kerja WIB: pukul 07.30–16.00, Senin–Jumat, di luar hari libur nasional dan cuti bersama; 1 hari = 510 menit kerja.

Langkah                                             Waktu baku  Rata-rata       Sesuai waktu baku
--------------------------------------------------  ----------  --------------  -----------------
1. Disposisi                                        10 menit    5 menit         1 dari 1 (100%)
2. Menghimpun bahan dan mengarahkan konsep          1 hari      3 jam 40 menit  3 dari 3 (100%)
3. Membuat dan menyerahkan konsep                   30 menit    32 menit        2 dari 3 (67%)
4. Menyunting                                       30 menit    40 menit        2 dari 3 (67%)
5. Persetujuan Kasubbag                             10 menit    12 menit        2 dari 3 (67%)
6. Mengunggah dan mengirim tautan ke grup WhatsApp  15 menit    6 menit         2 dari 2 (100%)

Konten yang seluruh langkah terukurnya sesuai waktu baku: 1 dari 3 (33%).

Konten            L1             L2              L3          L4          L5          L6             Ditolak  Jumlah
----------------  -------------  --------------  ----------  ----------  ----------  -------------  -------  --------------
#2 PKPU 8/2019    tidak terukur  7 jam           45 menit *  35 menit *  5 menit     belum selesai  0        8 jam 25 menit
#4 UU 7/2017      tidak terukur  3 jam 30 menit  20 menit    30 menit    15 menit *  4 menit        0        4 jam 39 menit
#6 Keputusan KPU  5 menit        30 menit        30 menit    55 menit    17 menit    7 menit        2        2 jam 24 menit

* melewati waktu baku. Jumlah = waktu kerja seluruh langkah yang terukur.
"""

EXPECTED_CSV = """\
pull_request,disposisi,judul,langkah,nama_langkah,pelaksana,mulai,selesai,menit_kerja,menit_baku,putaran,terlambat,keterangan
2,1,PKPU 8/2019,1,Disposisi,kasubbag,,2026-10-27 08:00,,10,1,,"tidak terukur: hanya waktu pembuatan issue disposisi yang tercatat, saat perintah diberikan tidak tercatat"
2,1,PKPU 8/2019,2,Menghimpun bahan dan mengarahkan konsep,staf,2026-10-27 08:00,2026-10-27 15:00,420,510,1,tidak,
2,1,PKPU 8/2019,3,Membuat dan menyerahkan konsep,pengelola,2026-10-27 15:00,2026-10-27 15:45,45,30,1,ya,
2,1,PKPU 8/2019,4,Menyunting,staf,2026-10-27 15:45,2026-10-28 07:50,35,30,1,ya,
2,1,PKPU 8/2019,5,Persetujuan Kasubbag,kasubbag,2026-10-28 07:50,2026-10-28 07:55,5,10,1,tidak,
2,1,PKPU 8/2019,6,Mengunggah dan mengirim tautan ke grup WhatsApp,pengelola,2026-10-28 08:00,,,15,1,,belum selesai: belum ada catatan kabar WhatsApp terkirim
4,3,UU 7/2017,1,Disposisi,kasubbag,,2026-11-20 14:00,,10,1,,"tidak terukur: hanya waktu pembuatan issue disposisi yang tercatat, saat perintah diberikan tidak tercatat"
4,3,UU 7/2017,2,Menghimpun bahan dan mengarahkan konsep,staf,2026-11-20 14:00,2026-11-23 09:00,210,510,1,tidak,
4,3,UU 7/2017,3,Membuat dan menyerahkan konsep,pengelola,2026-11-23 09:00,2026-11-23 09:20,20,30,1,tidak,
4,3,UU 7/2017,4,Menyunting,staf,2026-11-23 09:20,2026-11-23 09:50,30,30,1,tidak,
4,3,UU 7/2017,5,Persetujuan Kasubbag,kasubbag,2026-11-23 09:50,2026-11-23 10:05,15,10,1,ya,
4,3,UU 7/2017,6,Mengunggah dan mengirim tautan ke grup WhatsApp,pengelola,2026-11-23 10:06,2026-11-23 10:10,4,15,1,tidak,
6,5,Keputusan KPU,1,Disposisi,kasubbag,2026-11-24 07:55,2026-11-24 08:00,5,10,1,tidak,
6,5,Keputusan KPU,2,Menghimpun bahan dan mengarahkan konsep,staf,2026-11-24 08:00,2026-11-24 08:30,30,510,1,tidak,
6,5,Keputusan KPU,3,Membuat dan menyerahkan konsep,pengelola,2026-11-24 08:30,2026-11-24 09:00,30,30,1,tidak,
6,5,Keputusan KPU,4,Menyunting,staf,2026-11-24 09:00,2026-11-24 10:10,55,90,3,tidak,
6,5,Keputusan KPU,5,Persetujuan Kasubbag,kasubbag,2026-11-24 09:20,2026-11-24 10:12,17,30,3,tidak,
6,5,Keputusan KPU,6,Mengunggah dan mengirim tautan ke grup WhatsApp,pengelola,2026-11-24 10:13,2026-11-24 10:20,7,15,1,tidak,
"""

EXPECTED_MARKDOWN = """\
Periode: 1 Oktober 2026 s.d. 30 November 2026 (3 konten). Waktu dihitung sebagai waktu kerja WIB: pukul 07.30–16.00, Senin–Jumat, di luar hari libur nasional dan cuti bersama; 1 hari = 510 menit kerja.

## Ringkasan per langkah

| Langkah | Waktu baku | Rata-rata waktu kerja | Sesuai waktu baku |
| --- | --- | --- | --- |
| 1. Disposisi | 10 menit | 5 menit | 1 dari 1 (100%) |
| 2. Menghimpun bahan dan mengarahkan konsep | 1 hari | 3 jam 40 menit | 3 dari 3 (100%) |
| 3. Membuat dan menyerahkan konsep | 30 menit | 32 menit | 2 dari 3 (67%) |
| 4. Menyunting | 30 menit | 40 menit | 2 dari 3 (67%) |
| 5. Persetujuan Kasubbag | 10 menit | 12 menit | 2 dari 3 (67%) |
| 6. Mengunggah dan mengirim tautan ke grup WhatsApp | 15 menit | 6 menit | 2 dari 2 (100%) |

Konten yang seluruh langkah terukurnya sesuai waktu baku: 1 dari 3 (33%).

## Rincian per konten

| Konten | Langkah 1 | Langkah 2 | Langkah 3 | Langkah 4 | Langkah 5 | Langkah 6 | Ditolak | Jumlah |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
| #2 PKPU 8/2019 | tidak terukur | 7 jam | 45 menit (melewati waktu baku) | 35 menit (melewati waktu baku) | 5 menit | belum selesai | 0 | 8 jam 25 menit |
| #4 UU 7/2017 | tidak terukur | 3 jam 30 menit | 20 menit | 30 menit | 15 menit (melewati waktu baku) | 4 menit | 0 | 4 jam 39 menit |
| #6 Keputusan KPU | 5 menit | 30 menit | 30 menit | 55 menit | 17 menit | 7 menit | 2 | 2 jam 24 menit |

## Langkah yang tidak terukur atau belum selesai

- Langkah 1 — tidak terukur: hanya waktu pembuatan issue disposisi yang tercatat, saat perintah diberikan tidak tercatat. Konten: #2 PKPU 8/2019, #4 UU 7/2017.
- Langkah 6 — belum selesai: belum ada catatan kabar WhatsApp terkirim. Konten: #2 PKPU 8/2019.
"""


def test_report_table_in_full():
    assert report_table(period(), SOP, START, END) == EXPECTED_TABLE


def test_report_csv_in_full():
    assert report_csv(period(), SOP) == EXPECTED_CSV


def test_report_markdown_in_full():
    assert report_markdown(period(), SOP, START, END, charts=False) == EXPECTED_MARKDOWN


def test_report_markdown_embeds_the_charts_as_figures():
    text = report_markdown(period(), SOP, START, END)
    charts = chart_svgs(period(), SOP)
    assert list(charts) == ["laporan-waktu-per-langkah", "laporan-kepatuhan-per-bulan"]
    steps = ET.fromstring(charts["laporan-waktu-per-langkah"])
    desc = steps.find("{http://www.w3.org/2000/svg}desc").text
    assert ("4. Menyunting: rata-rata 40 menit, waktu baku 50 menit (rata-rata, 30 menit per putaran), "
            "2 dari 3 konten sesuai waktu baku.") in desc
    assert "1. Disposisi: rata-rata 5 menit, waktu baku 10 menit, 1 dari 1 konten sesuai waktu baku." in desc
    months = ET.fromstring(charts["laporan-kepatuhan-per-bulan"])
    assert months.find("{http://www.w3.org/2000/svg}desc").text == (
        "Oktober 2026: 0% (0 dari 1 konten). November 2026: 50% (1 dari 2 konten).")
    for name, svg in charts.items():
        block = f'<figure class="jdih-grafik" id="{name}">\n{svg}'
        assert block in text
        figure = text[text.index(block):text.index("</figure>", text.index(block)) + len("</figure>")]
        assert "\n\n" not in figure  # one raw HTML block for Markdown
        ET.fromstring(figure)  # well-formed
    assert text.replace(text[text.index("## Grafik"):text.index("## Rincian")], "") == EXPECTED_MARKDOWN


def test_markdown_renders_with_python_markdown():
    import markdown

    html = markdown.markdown(report_markdown(period(), SOP, START, END), extensions=["tables"])
    assert html.count("<svg ") == 2
    assert "<p><svg" not in html
    assert '<title id="laporan-kepatuhan-per-bulan-judul">' in html


# --- `jdih laporan` --------------------------------------------------------------------------

from pathlib import Path  # noqa: E402

from click.testing import CliRunner  # noqa: E402

from jdih.cli.main import main  # noqa: E402
from jdih.reporting.timeline import dump_events  # noqa: E402
from tests.conftest import ROOT  # noqa: E402

SETTINGS_FILE = str(ROOT / "site_config" / "jdih.yml")
NO_GITHUB = {"GITHUB_TOKEN": "", "GITHUB_REPOSITORY": ""}


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, [*args, "--pengaturan", SETTINGS_FILE], env=env or NO_GITHUB)


def data_file(tmp_path: Path) -> str:
    path = tmp_path / "peristiwa.json"
    path.write_text(dump_events(ITEMS), encoding="utf-8")
    return str(path)


def test_laporan_csv_and_table_from_a_data_file(tmp_path):
    data = data_file(tmp_path)
    result = run("laporan", "--data", data, "--dari", "2026-10-01", "--sampai", "2026-11-30", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output == EXPECTED_CSV
    result = run("laporan", "--data", data, "--dari", "2026-10-01", "--sampai", "2026-11-30")
    assert result.output == EXPECTED_TABLE


def test_laporan_markdown_with_chart_files(tmp_path):
    output = tmp_path / "docs" / "laporan.md"
    result = run("laporan", "--data", data_file(tmp_path), "--dari", "2026-10-01", "--sampai", "2026-11-30",
                 "--format", "markdown", "--keluaran", str(output), "--grafik", str(tmp_path / "docs" / "grafik"))
    assert result.exit_code == 0, result.output
    assert result.output == f"Laporan (3 konten) ditulis ke {output}.\n"
    charts = chart_svgs(period(), SOP)
    for name, svg in charts.items():
        assert (tmp_path / "docs" / "grafik" / f"{name}.svg").read_text(encoding="utf-8") == svg
    graphs = ("## Grafik\n\n"
              "![Rata-rata waktu kerja per langkah; garis tegak menandai waktu baku.]"
              "(grafik/laporan-waktu-per-langkah.svg)\n\n"
              "![Persentase konten per bulan yang seluruh langkah terukurnya sesuai waktu baku.]"
              "(grafik/laporan-kepatuhan-per-bulan.svg)\n\n")
    expected = EXPECTED_MARKDOWN.replace("## Rincian per konten", graphs + "## Rincian per konten")
    assert output.read_text(encoding="utf-8") == "# Laporan Mutu Baku SOP JDIH — KPU Kabupaten Kapuas\n\n" + expected


def test_laporan_errors_are_explained(tmp_path):
    result = run("laporan")
    assert result.exit_code == 1
    assert result.output == ("Galat: data diambil dari GitHub, tetapi GITHUB_TOKEN dan GITHUB_REPOSITORY belum "
                             "diisi — isi keduanya (mis. GITHUB_REPOSITORY=kantor/jdih-medsos), atau berikan "
                             "--data <berkas.json> untuk bekerja tanpa GitHub\n")
    result = run("laporan", "--data", data_file(tmp_path), "--dari", "2026-12-01", "--sampai", "2026-11-01")
    assert result.output == "Galat: --dari harus sebelum atau sama dengan --sampai — periksa kedua tanggal\n"
    bad = tmp_path / "rusak.json"
    bad.write_text('[{"title": "x", "merged_at": "2026-11-24T08:00:00"}]', encoding="utf-8")
    result = run("laporan", "--data", str(bad))
    assert result.output == (f"Galat: {bad}: isi berkas data tidak sah (waktu '2026-11-24T08:00:00' tanpa zona "
                             "waktu — tulis mis. '2026-11-24T09:00:00+07:00') — tulis daftar JSON seperti "
                             "keluaran --simpan-data\n")


def test_laporan_from_the_fake_github(fake_github, tmp_path):
    from tests.reporting.test_timeline import office_scenarios

    office_scenarios(fake_github)
    env = {"GITHUB_TOKEN": "test-token", "GITHUB_REPOSITORY": fake_github.full_name,
           "GITHUB_API_URL": fake_github.base_url}
    saved = tmp_path / "simpan.json"
    result = run("laporan", "--dari", "2026-11-01", "--sampai", "2026-11-30", "--format", "csv",
                 "--simpan-data", str(saved), env=env)
    assert result.exit_code == 0, result.output
    rows = [line.split(",")[:4] + line.split(",")[8:12] for line in result.output.splitlines()[1:]]
    # UU 7/2017 (weekend, two rejections), "Tanpa disposisi" and the new disposisi; Natal is December.
    assert [r for r in rows if r[0] == "1" or r[1] == "1"][:6] == [
        ["2", "1", "UU 7/2017", "1", "", "10", "1", ""],
        ["2", "1", "UU 7/2017", "2", "210", "510", "1", "tidak"],
        ["2", "1", "UU 7/2017", "3", "20", "30", "1", "tidak"],
        ["2", "1", "UU 7/2017", "4", "50", "90", "3", "tidak"],
        ["2", "1", "UU 7/2017", "5", "12", "30", "3", "tidak"],
        ["2", "1", "UU 7/2017", "6", "5", "15", "1", "tidak"]]
    assert len(rows) == 18
    offline = run("laporan", "--data", str(saved), "--dari", "2026-11-01", "--sampai", "2026-11-30", "--format", "csv")
    assert offline.output == result.output


def test_commands_have_help():
    for command in ("laporan", "agenda"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0
        assert "--keluaran" in result.output and "--format" in result.output


def test_laporan_refuses_an_unknown_holiday_country(tmp_path):
    settings = tmp_path / "jdih.yml"
    import yaml

    data = yaml.safe_load(Path(SETTINGS_FILE).read_text(encoding="utf-8"))
    data.setdefault("sop", {})["holidays_country"] = "XX"
    settings.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["laporan", "--data", data_file(tmp_path), "--pengaturan", str(settings)])
    assert result.exit_code == 1
    assert result.output == (f"Galat: {settings}: kode negara hari libur 'XX' tidak dikenal — periksa "
                             "sop.holidays_country (untuk Indonesia: ID)\n")


def test_only_if_shown_does_nothing_when_the_site_hides_the_report(tmp_path):
    # No GITHUB_TOKEN: had it tried GitHub, it would have failed.
    result = run("laporan", "--hanya-bila-tampil", "--simpan-data", str(tmp_path / "laporan.json"))
    assert (result.exit_code, result.output) == (
        0, "Laporan SOP tidak ditampilkan di situs (site.show_report: false) — dilewati.\n")
    assert not (tmp_path / "laporan.json").exists()


# --- step 6a: per platform, under step 6 -----------------------------------------------------------

def with_uploads():
    """UU 7/2017 (no upload record) and PKPU: Instagram by the API 8 minutes after the merge,
    Facebook by hand confirmed the next morning (40 working minutes), Telegram and X waiting."""
    from tests.reporting.test_timeline import uploaded_item

    return as_timelines([ITEMS[0], uploaded_item()], SOP)


def test_summary_of_step_6a_per_platform_against_step_6s_standard():
    from jdih.reporting.report import summarize_uploads

    assert [(s.label, s.standard, s.items, s.measured, s.within, s.mean_minutes, s.waiting)
            for s in summarize_uploads(with_uploads(), SOP)] == [
        ("6a. Unggah ke Instagram", 15, 1, 1, 1, 8.0, 0), ("6a. Unggah ke Facebook", 15, 1, 1, 0, 40.0, 0),
        ("6a. Unggah ke Telegram", 15, 1, 0, 0, None, 1), ("6a. Unggah ke X", 15, 1, 0, 0, None, 1)]
    # step 6 and the item's verdict stay the WhatsApp measurement
    assert [(s.measured, s.within) for s in summarize(with_uploads(), SOP)][5] == (2, 2)
    assert summarize_uploads(period(), SOP) == []


def test_report_markdown_shows_step_6a_rows_waiting_apart():
    text = report_markdown(with_uploads(), SOP, charts=False)
    assert ("| 6. Mengunggah dan mengirim tautan ke grup WhatsApp | 15 menit | 7 menit | 2 dari 2 (100%) |\n"
            "| 6a. Unggah ke Instagram | 15 menit | 8 menit | 1 dari 1 (100%) |\n"
            "| 6a. Unggah ke Facebook | 15 menit | 40 menit | 0 dari 1 (0%) |\n"
            "| 6a. Unggah ke Telegram | 15 menit | — | 1 belum selesai |\n"
            "| 6a. Unggah ke X | 15 menit | — | 1 belum selesai |\n") in text
    section = text[text.index("## Unggah ke media sosial (langkah 6a)"):text.index("## Langkah yang tidak terukur")]
    assert section == (
        "## Unggah ke media sosial (langkah 6a)\n\n"
        "Per platform, sejak penggabungan sampai konten tayang di akun kantor: otomatis sampai unggahan lewat API, "
        "oleh pengelola sampai konfirmasi /diunggah. Waktu bakunya waktu baku langkah 6 (15 menit); berjalan "
        "bersamaan dengan langkah 6, jadi tidak ditambahkan ke jumlah. Platform yang belum tayang bertanda belum "
        "selesai, bukan terlambat.\n\n"
        "| Konten | Instagram | Facebook | Telegram | X |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| #2 PKPU 8/2019 | 8 menit, otomatis | 40 menit, oleh pengelola (melewati waktu baku) | "
        "belum selesai, oleh pengelola | belum selesai, otomatis |\n\n")
    assert text.endswith(
        "- Langkah 6a (Telegram) — belum selesai: menunggu pengelola mengunggah dan mengonfirmasi dengan /diunggah "
        "telegram. Konten: #2 PKPU 8/2019.\n"
        "- Langkah 6a (X) — belum selesai: unggahan otomatis belum berhasil, dicoba ulang. Konten: #2 PKPU 8/2019.\n")


def test_report_csv_and_table_carry_step_6a():
    rows = [line for line in report_csv(with_uploads(), SOP).splitlines() if ",6a," in line]
    assert rows == [
        "2,,PKPU 8/2019,6a,Unggah ke Instagram (otomatis),pengelola,2026-11-24 15:50,2026-11-24 15:58,8,15,1,tidak,",
        "2,,PKPU 8/2019,6a,Unggah ke Facebook (oleh pengelola),pengelola,2026-11-24 15:50,2026-11-25 08:00,40,15,1,ya,",
        "2,,PKPU 8/2019,6a,Unggah ke Telegram (oleh pengelola),pengelola,2026-11-24 15:50,,,15,1,,belum selesai: "
        "menunggu pengelola mengunggah dan mengonfirmasi dengan /diunggah telegram",
        '2,,PKPU 8/2019,6a,Unggah ke X (otomatis),pengelola,2026-11-24 15:50,,,15,1,,"belum selesai: unggahan '
        'otomatis belum berhasil, dicoba ulang"']
    table = report_table(with_uploads(), SOP)
    assert ("Konten          Instagram    Facebook        Telegram           X\n"
            "--------------  -----------  --------------  -----------------  -----------------\n"
            "#2 PKPU 8/2019  8 menit (a)  40 menit (p) *  belum selesai (p)  belum selesai (a)\n") in table
    assert "6a. Unggah ke Telegram                              15 menit    —               1 belum selesai\n" in table
