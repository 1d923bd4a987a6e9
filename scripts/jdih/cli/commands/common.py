"""What every command does the same way: the --pengaturan option, loading the office settings
(or saying in Indonesian why not), and connecting to GitHub."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import click

from jdih.content.problems import Problem, ProblemsError
from jdih.content.settings import Settings, load_settings, settings_path

if TYPE_CHECKING:
    from jdih.github.client import GitHubRepo

SETTINGS_HELP = ("Berkas pengaturan kantor (bawaan: variabel lingkungan JDIH_SETTINGS bila diisi, "
                 "atau site_config/jdih.yml).")

settings_option = click.option("--pengaturan", "settings_file", type=click.Path(dir_okay=False, path_type=Path),
                               default=None, help=SETTINGS_HELP)
"""`--pengaturan` as every command declares it; the command receives `settings_file`."""


class SettingsError(click.ClickException):
    """The settings file cannot be used. The message is what a command prints; `problems` locate
    each cause (file:line) for commands that list them, and `kind` says which case it is."""

    def __init__(self, message: str, problems: list[Problem], kind: Literal["missing", "unreadable", "invalid"]):
        super().__init__(message)
        self.problems = problems
        self.kind = kind


def settings_location(path: Path | None, root: Path | None = None) -> Path:
    """The settings file a command uses: --pengaturan, else JDIH_SETTINGS, else site_config/jdih.yml."""
    return path or settings_path(root or Path.cwd())


def cli_settings(path: Path | None, root: Path | None = None, *,
                 check: Callable[[Settings], object] | None = None) -> Settings:
    """Load the office settings for a command. `check` may refuse settings that load but cannot
    serve this command, by raising ValueError with an Indonesian message."""
    path = settings_location(path, root)
    try:
        settings = load_settings(path)
    except FileNotFoundError:
        fix = "jalankan perintah dari folder repositori atau sebutkan berkasnya dengan --pengaturan"
        raise SettingsError(f"berkas pengaturan {path} tidak ditemukan — {fix}",
                            [Problem(str(path), 1, "", "berkas pengaturan tidak ditemukan", fix)], "missing") from None
    except (OSError, UnicodeDecodeError):
        fix = "pastikan berkas YAML biasa berpengodean UTF-8 dan dapat dibaca"
        raise SettingsError(f"berkas pengaturan {path} tidak dapat dibaca — {fix}",
                            [Problem(str(path), 1, "", "berkas pengaturan tidak dapat dibaca", fix)],
                            "unreadable") from None
    except ProblemsError as exc:
        raise SettingsError(f"berkas pengaturan bermasalah:\n{exc}", exc.problems, "invalid") from None
    if check is not None:
        try:
            check(settings)
        except ValueError as exc:
            raise click.ClickException(f"{path}: {exc}") from None
    return settings


def cli_github(token: str | None = None, repository: str | None = None, api_url: str | None = None) -> GitHubRepo:
    """The one GitHub client (`jdih.github.client.connect`); missing values are a usage error."""
    from jdih.github.client import GitHubError, connect  # PyGithub only for commands that use GitHub

    try:
        return connect(token, repository, api_url)
    except GitHubError as exc:
        raise click.ClickException(str(exc)) from None
