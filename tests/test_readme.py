"""Every README command block marked `<!-- runnable -->` runs, in a copy of the repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

BLOCK = re.compile(r"<!-- runnable -->\n```sh\n(.*?)```", re.DOTALL)


def runnable_blocks() -> list[str]:
    return BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))


def test_the_readme_has_runnable_blocks():
    assert len(runnable_blocks()) >= 2


def test_runnable_readme_blocks_succeed(tmp_path):
    repo = tmp_path / "repo"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    for name in filter(None, files.decode().split("\0")):
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}", NO_MKDOCS_2_WARNING="1",
               JDIH_CACHE_DIR=str(tmp_path / "cache"))
    for block in runnable_blocks():
        result = subprocess.run(["bash", "-eo", "pipefail", "-c", block], cwd=repo, env=env, capture_output=True,
                                text=True, timeout=600)
        assert result.returncode == 0, f"{block}\n{result.stdout}\n{result.stderr}"
    assert (repo / "site" / "index.html").is_file()
    assert (repo / "agenda.csv").read_text(encoding="utf-8-sig").startswith("No. Agenda,")
    assert (repo / "agenda.xlsx").stat().st_size > 1000
    katingan = tmp_path / "jdih-katingan"
    assert "KPU Kabupaten Katingan" in (katingan / "site" / "index.html").read_text(encoding="utf-8")


def _source_text() -> str:
    """The package's Python source with implicitly concatenated string literals joined, so a
    message split over several lines reads as one."""
    files = [*sorted((ROOT / "scripts" / "jdih").rglob("*.py")), ROOT / "tests" / "browser.py"]
    text = "\n".join(p.read_text(encoding="utf-8") for p in files)
    return re.sub(r"""(["'])\s*\n\s*(?:#[^\n]*\n\s*)*f?\1""", "", text)


def _troubleshooting_quotes() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Jika terjadi masalah", 1)[1]
    quotes = []
    for row in table.splitlines():
        if row.startswith("| ") and not row.startswith(("| ---", "| yang terlihat")):
            quotes += re.findall(r"`([^`]+)`", row.split(" | ")[0])
    return quotes


def _printed(tmp_path: Path) -> str:
    """What the commands print for the composed messages the table quotes (a bad draft, a bad
    setting): run for real, as an office would meet them."""
    jdih = Path(sys.executable).parent / "jdih"
    (tmp_path / "drafts").mkdir()
    (tmp_path / "site_config").mkdir()
    (tmp_path / "drafts" / "x.md").write_text("---\ntitle: Uji kategori\ndate: 2026-11-02 09:00\ndescription: Uji.\n"
                                             "categories: [Berita]\n---\n\nIsi.\n", encoding="utf-8")
    settings = (ROOT / "site_config" / "jdih.yml").read_text(encoding="utf-8")
    bad = re.sub(r"(?m)^(\s*posts_per_page:).*$", r"\1 sepuluh", settings)
    (tmp_path / "site_config" / "jdih.yml").write_text(bad, encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    runs = [[str(jdih), "periksa", "--pengaturan", str(ROOT / "site_config" / "jdih.yml"), "drafts/x.md"],
            [str(jdih), "status"]]
    return "\n".join(subprocess.run(run, cwd=tmp_path, env=env, capture_output=True, text=True).stdout
                     + subprocess.run(run, cwd=tmp_path, env=env, capture_output=True, text=True).stderr
                     for run in runs)


def test_every_message_the_troubleshooting_table_quotes_is_one_the_code_prints(tmp_path):
    """A quote may leave out parts with "…"; a word may stand for what the code fills in
    ({branch} → main). Everything else is in the code as written, or in what the commands
    print for a bad draft and a bad setting."""
    corpus = _source_text() + "\n" + _printed(tmp_path)
    quotes = _troubleshooting_quotes()
    assert len(quotes) >= 8
    missing = []
    for quote in quotes:
        for fragment in filter(None, (part.strip() for part in quote.split("…"))):
            if not re.search(r"[a-z]{3} [a-z]{3}", fragment):
                continue  # a command, a label or a file name: not a sentence the code prints
            if not _said(fragment.split(" "), corpus):
                missing.append(fragment)
    assert missing == []


def _pattern(words: list[str]) -> str:
    """Each word as written, or its core (without brackets and punctuation) as a placeholder."""
    parts = []
    for word in words:
        head, tail = re.match(r"^(\W*)", word).group(1), re.search(r"(\W*)$", word).group(1)
        parts.append(f"(?:{re.escape(word)}|{re.escape(head)}\\{{[^}}]+\\}}{re.escape(tail)})")
    return " ".join(parts)


def _said(words: list[str], corpus: str) -> bool:
    """The words are in the corpus, or a head of them ends in a placeholder ("… {error}")
    that the rest fills in."""
    if re.search(_pattern(words), corpus):
        return True
    return any(re.search(_pattern(words[:i]) + r" ?\{[^}]+\}[\"']", corpus)
               and re.search(r"[\"']" + _pattern(words[i:]), corpus)
               for i in range(2, len(words) - 1))


def test_the_quote_check_refuses_a_message_nobody_prints():
    corpus = _source_text()
    assert _said(["dorongan", "ke", "main", "ditolak", "GitHub", "("], corpus)
    assert not _said(["dorongan", "ke", "main", "diterima", "GitHub", "("], corpus)
