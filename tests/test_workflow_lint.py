"""The workflows pass zizmor (offline), actionlint and GitHub's workflow schema, and each
tool is shown to catch a broken workflow (so a silent tool cannot pass these tests)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent
FILES = sorted(WORKFLOWS.glob("*.yml"))
PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")

BROKEN = """\
name: rusak
on: pull_request_target
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
      - run: echo ${{ steps.nope.outputs.x }
"""


def tool(name: str) -> str:
    path = BIN / name
    assert path.exists(), f"{name} is missing from the venv ({path}): pip install -e '.[dev]'"
    return str(path)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_the_four_workflows_exist():
    assert [path.name for path in FILES] == ["kirim-ulang.yml", "periksa-draf.yml", "peristiwa-sop.yml",
                                             "terbitkan.yml"]


def test_zizmor_offline_has_no_findings():
    result = run(tool("zizmor"), "--offline", "--no-progress", str(WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout, result.stdout


def test_actionlint_has_no_findings():
    result = run(tool("actionlint"), *map(str, FILES))
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_github_workflow_schema():
    result = run(tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, FILES))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_each_tool_catches_a_broken_workflow(tmp_path):
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    bad = folder / "rusak.yml"
    bad.write_text(BROKEN)
    zizmor = run(tool("zizmor"), "--offline", "--no-progress", str(folder))
    assert zizmor.returncode != 0 and "dangerous-triggers" in zizmor.stdout and "template-injection" in zizmor.stdout
    actionlint = run(tool("actionlint"), str(bad))
    assert actionlint.returncode != 0 and "rusak.yml" in actionlint.stdout
    bad.write_text("name: rusak\non: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    timeout-minutes: soon\n    steps: []\n")
    schema = run(tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(bad))
    assert schema.returncode != 0


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_least_privilege_and_pins(path):
    text = path.read_text()
    data = yaml.safe_load(text)
    assert data["permissions"] == {}
    assert "pull_request_target" not in text
    for name, job in data["jobs"].items():
        assert "permissions" in job, name
        assert isinstance(job.get("timeout-minutes"), int), name
        for step in job.get("steps", []):
            if "uses" in step:
                line = next(line.strip() for line in text.splitlines() if step["uses"] in line)
                assert PIN.match(line.removeprefix("uses: ")), line
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, name
            # secrets only in the env of the step that needs them, never in a command line
            assert "secrets." not in step.get("run", ""), step
    assert "secrets." not in yaml.safe_dump(data.get("env", {}))
