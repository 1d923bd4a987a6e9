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
