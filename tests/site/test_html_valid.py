"""Every page type of the built site is valid HTML: 0 errors from the Nu HTML checker (vnu.jar,
npm's `vnu-jar`, installed by `make vnu` into .cache/npm; it needs Java, Debian's
default-jre-headless, which .ci/run installs)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, build, copy_project

pytestmark = pytest.mark.slow

VNU = ROOT / ".cache" / "npm" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGE_FILES = {
    "home": "index.html",
    "post": "posts/2026/uu-7-2017-pemilihan-umum/index.html",
    "category": "kategori/peraturan/index.html",
    "category index": "kategori/index.html",
    "tag": "tagar/uupemilu/index.html",
    "tag index": "tagar/index.html",
    "archive": "arsip/index.html",
    "month": "arsip/2026/11/index.html",
    "search": "cari/index.html",
    "register": "agenda/index.html",
    "sop": "sop/index.html",
    "guides": "panduan/index.html",
    "guide": "panduan/staf/index.html",
    "about": "tentang/index.html",
    "404": "404.html",
}
# Documented false positives of vnu, each with its reason; a message is ignored only if it starts
# with one of these. None so far: every error found was fixed where the HTML is made.
FALSE_POSITIVES: dict[str, str] = {}


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        reason = "Java is not installed (apt-get install default-jre-headless; .ci/run does it)"
        if os.environ.get("CI"):
            pytest.fail(reason)  # in CI a skipped check would hide invalid pages
        pytest.skip(reason)
    if not VNU.exists():
        pytest.fail(f"no {VNU.relative_to(ROOT)}: run `make vnu` (npm install --prefix .cache/npm vnu-jar)")
    return java


def test_every_page_type_has_no_nu_checker_error(tmp_path: Path) -> None:
    java = _java()
    project = copy_project(tmp_path / "project")
    build(project, cache_dir=tmp_path / "cache")
    site = project / "site"
    files = [site / name for name in PAGE_FILES.values()]
    missing = [str(f.relative_to(site)) for f in files if not f.exists()]
    assert not missing, f"page types not built: {missing}"
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
                            capture_output=True, text=True, timeout=300)
    # vnu exits 1 when it found errors; its JSON report goes to stderr.
    report = json.loads(result.stderr or result.stdout)
    errors = [m for m in report["messages"]
              if not any(m.get("message", "").startswith(fp) for fp in FALSE_POSITIVES)]
    lines = [f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m.get('message')}" for m in errors]
    assert not errors, "Nu HTML checker errors:\n" + "\n".join(lines)
