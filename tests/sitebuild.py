"""Build a copy of the project's site in a temporary folder with the real `mkdocs build`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]


def copy_project(target: Path, with_content: bool = True) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "site_config", target / "site_config")
    if with_content:
        shutil.copytree(ROOT / "content", target / "content")
    else:
        (target / "content").mkdir()
    return target


def build(project: Path, cache_dir: Path | None = None, check: bool = True,
          now: str | None = None) -> subprocess.CompletedProcess:
    """`now`: the build's clock (JDIH_NOW, ISO with an offset), for what depends on the time."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if now is not None:
        env["JDIH_NOW"] = now
    env.pop("JDIH_SETTINGS", None)
    if cache_dir is not None:
        env["JDIH_CACHE_DIR"] = str(cache_dir)
    result = subprocess.run(MKDOCS + ["build", "--strict", "-q"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return result


class Elements(HTMLParser):
    """Every start tag with its attributes, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.scripts: list[str] = []  # "src=<src>" or the inline code
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            src = dict(attrs).get("src")
            self._in_script = src is None
            if src is not None:
                self.scripts.append(f"src={src}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)
        else:
            self.texts.append(data)


def parse(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def meta(elements: Elements) -> dict[str, str]:
    found = {}
    for tag, attrs in elements.elements:
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                found[key] = attrs.get("content") or ""
    return found
