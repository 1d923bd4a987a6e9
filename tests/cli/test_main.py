"""The `jdih` command as a whole: every command loads, speaks Indonesian and documents every option."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from jdih.cli.main import COMMANDS, main


def test_help_is_in_indonesian():
    result = CliRunner().invoke(main, prog_name="jdih", args=["--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Penggunaan: jdih [PILIHAN] PERINTAH [ARGUMEN]...\n")
    assert "  -h, --help  Tampilkan bantuan ini lalu keluar.\n" in result.output
    assert "Perintah:\n" in result.output


def test_unknown_command_is_explained_in_indonesian():
    result = CliRunner().invoke(main, prog_name="jdih", args=["terbang"])
    assert result.exit_code == 2
    assert result.output.endswith("Galat: Perintah 'terbang' tidak ada.\n")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_loads_and_documents_every_option(name):
    ctx = click.Context(main)
    command = main.get_command(ctx, name)
    assert command is not None, f"{name}: {COMMANDS[name]} cannot be loaded"
    assert command.help and command.help.strip(), f"{name} has no help text"
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help and param.help.strip(), f"{name} {param.opts}: no help"
    result = CliRunner().invoke(main, prog_name="jdih", args=[name, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Penggunaan: jdih {name} [PILIHAN]")


def test_console_script_runs_as_a_process():
    result = subprocess.run([sys.executable, "-m", "jdih.cli.main", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("jdih ")
