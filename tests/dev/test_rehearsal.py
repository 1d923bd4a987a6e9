"""`make demo` itself, in a temporary copy of the repository: the whole SOP rehearsed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def copy_repository(target: Path) -> Path:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    for name in filter(None, files.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)  # keeps mtimes: make sees the venv as up to date
    return target


def test_make_demo_rehearses_the_whole_sop(tmp_path):
    copy = copy_repository(tmp_path / "repo")
    venv = Path(sys.executable).parent.parent
    env = dict(os.environ, JDIH_CACHE_DIR=str(tmp_path / "cache"))
    # -o: never reinstall into the test's own venv from the copy (that would repoint its editable install)
    make = ["make", "--no-print-directory", "-C", str(copy), f"VENV={venv}",
            "-o", f"{venv}/.installed", "-o", f"{venv}/.installed-dev", "demo"]
    result = subprocess.run(make, env=env, capture_output=True, text=True, timeout=600)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    for step in range(1, 7):
        assert f"\nLangkah {step} — " in out
    assert "waktu baku 10 menit" in out and "waktu baku 1 hari kerja" in out
    assert "kembali ke tahap-4-sunting" in out and "penolakan ke-1" in out
    assert "✗" not in out and out.count("✓") >= 15
    assert "│ *Konten baru JDIH KPU Kabupaten Kapuas*" in out
    assert "│ https://kpu-kapuas.github.io/jdih-medsos/posts/2026/mengenal-pkpu-8-2019-tata-kerja-kpu/" in out
    assert "Laporan mutu baku SOP" in out and "4. Menyunting" in out
    assert "| 005/JDIH/2026 | 23 Nov 2026 | #1 | Mengenal PKPU Nomor 8 Tahun 2019" in out
    assert out.rstrip().endswith("buka http://127.0.0.1:8000/")
    assert "Gladi SOP selesai: semua langkah sesuai." in out
    # the browser path: the disposisi link's folder draft, the upload, the preview comment the Kasubbag reads
    assert "\nJalur peramban (tahap 1–3 lewat GitHub saja, tanpa jdih di komputer)\n" in out
    assert "/drafts/rapat-pleno-penetapan-daftar-pemilih/gambar.png?raw=true" in out
    # the built site is left in the copy's site/, the repository itself is untouched
    assert (copy / "site" / "posts/2026/mengenal-pkpu-8-2019-tata-kerja-kpu/index.html").is_file()
    assert (copy / "site" / "index.html").read_text(encoding="utf-8").count("Mengenal PKPU Nomor 8") >= 1
    status = subprocess.run(["git", "status", "--porcelain", "--", "content", "drafts"], cwd=ROOT,
                            capture_output=True, text=True).stdout
    assert status == ""
