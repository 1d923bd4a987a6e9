import xml.etree.ElementTree as ET

from jdih.reporting.charts import LATE, WITHIN, MonthBar, StepBar, monthly_chart, step_chart

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return [t.text for t in root.findall("svg:text", NS)]


def test_step_chart_bars_markers_and_words():
    bars = [
        StepBar("4. Menyunting", actual=60.0, standard=30.0, actual_text="1 jam", standard_text="30 menit",
                note="1 dari 2 konten sesuai waktu baku"),
        StepBar("5. Persetujuan <Kasubbag> & staf", actual=5.0, standard=10.0, actual_text="5 menit",
                standard_text="10 menit", note="2 dari 2 konten sesuai waktu baku"),
        StepBar("1. Disposisi", actual=None, standard=10.0, actual_text="—", standard_text="10 menit",
                note="tidak terukur"),
    ]
    svg = step_chart(bars, "uji")
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "uji-judul uji-uraian"
    assert root.find("svg:title", NS).text == "Rata-rata waktu kerja per langkah SOP dibanding waktu baku"
    assert root.find("svg:desc", NS).text == (
        "4. Menyunting: rata-rata 1 jam, waktu baku 30 menit, 1 dari 2 konten sesuai waktu baku. "
        "5. Persetujuan <Kasubbag> & staf: rata-rata 5 menit, waktu baku 10 menit, 2 dari 2 konten sesuai "
        "waktu baku. 1. Disposisi: tidak terukur, waktu baku 10 menit.")
    rects = root.findall("svg:rect", NS)[1:]  # after the white background
    # Row scale = max(actual, standard) × 1.25 over 600 px: 60 → 480 px (late, red); 5 of 12.5 → 240 px.
    assert [(r.get("width"), r.get("fill")) for r in rects] == [("480", LATE), ("240", WITHIN), ("600", "none")]
    # The standard marker: 30 of 75 → 16 + 240; 10 of 12.5 → 16 + 480; 10 of 12.5 → 496.
    assert [line.get("x1") for line in root.findall("svg:line", NS)] == ["256", "496", "496"]
    assert texts(root)[1:] == [
        "4. Menyunting", "rata-rata 1 jam (melewati waktu baku); baku 30 menit; 1 dari 2 konten sesuai waktu baku",
        "5. Persetujuan <Kasubbag> & staf",
        "rata-rata 5 menit (sesuai waktu baku); baku 10 menit; 2 dari 2 konten sesuai waktu baku",
        "1. Disposisi", "tidak terukur; baku 10 menit"]
    assert step_chart(bars, "uji") == svg  # deterministic


def test_monthly_chart_heights_and_labels():
    svg = monthly_chart([MonthBar("Oktober 2026", 0, 1), MonthBar("November 2026", 3, 4)], "bulan")
    root = parse(svg)
    assert root.find("svg:desc", NS).text == "Oktober 2026: 0% (0 dari 1 konten). November 2026: 75% (3 dari 4 konten)."
    bars = root.findall("svg:rect", NS)[1:]
    assert [(b.get("y"), b.get("height")) for b in bars] == [("208", "0"), ("88", "120")]
    assert texts(root) == ["Kepatuhan waktu baku per bulan", "0%", "50%", "100%", "0% (0/1)", "Oktober 2026",
                           "75% (3/4)", "November 2026"]


def test_monthly_chart_without_data_says_so():
    root = parse(monthly_chart([], "kosong"))
    assert root.find("svg:desc", NS).text == "Belum ada konten yang terukur."
    assert texts(root)[-1] == "Belum ada konten yang terukur."
