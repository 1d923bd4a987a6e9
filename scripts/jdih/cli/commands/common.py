"""What every command does the same way: load the office settings, or say in Indonesian why not."""

from __future__ import annotations

from pathlib import Path

import click

from jdih.content.problems import ProblemsError
from jdih.content.settings import Settings, load_settings, settings_path


def cli_settings(path: Path | None, root: Path | None = None) -> Settings:
    path = path or settings_path(root or Path.cwd())
    try:
        return load_settings(path)
    except FileNotFoundError:
        raise click.ClickException(f"berkas pengaturan {path} tidak ditemukan — jalankan perintah dari folder "
                                   "repositori atau sebutkan berkasnya dengan --pengaturan") from None
    except ProblemsError as exc:
        raise click.ClickException(f"berkas pengaturan bermasalah:\n{exc}") from None
