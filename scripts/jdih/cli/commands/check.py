"""`jdih periksa [PATH…]`: check drafts and posts, print every problem, exit 1 when any.

Warnings (what is allowed but probably a mistake: a draft's tag written like an existing tag in
another letter case, an account in `people` that is in no role, a file that starts with a byte
order mark) are printed too, marked
"peringatan", and change nothing about the exit status."""

from __future__ import annotations

from pathlib import Path

import click

from jdih.cli.commands.common import SettingsError, cli_settings, settings_location, settings_option
from jdih.content.problems import Problem
from jdih.content.settings import settings_warnings
from jdih.github import actions
from jdih.sop.check import bom_warnings, check_targets, collect_targets, tag_warnings

WARNING_LABEL = "peringatan"

EXIT_PROBLEMS = 1
EXIT_SETTINGS = 2


def summary(problems: list[Problem], files: int, warnings: int = 0) -> str:
    also = f" Ada {warnings} {WARNING_LABEL} (tidak menghalangi)." if warnings else ""
    if problems:
        broken = len({problem.file for problem in problems})
        return f"{len(problems)} masalah ditemukan di {broken} berkas.{also}"
    if files == 0:
        return "Tidak ada berkas untuk diperiksa." + also
    return f"Semua {files} berkas baik.{also}"


@click.command(name="periksa")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[JALUR]...")
@settings_option
def periksa(paths: tuple[Path, ...], settings_file: Path | None) -> None:
    """Memeriksa draf dan konten terbit, lalu menampilkan setiap masalah beserta cara
    memperbaikinya.

    JALUR boleh berupa berkas .md atau folder; tanpa JALUR, seluruh isi drafts/ dan
    content/posts/ diperiksa. Status keluar 1 bila ada masalah, 2 bila berkas
    pengaturan tidak dapat dipakai.
    """
    root = Path.cwd()
    try:
        settings = cli_settings(settings_file, root)
    except SettingsError as exc:  # listed like draft problems (file:line), with its own exit status
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        if exc.kind == "invalid":
            click.echo(f"Berkas pengaturan bermasalah ({len(exc.problems)} masalah); "
                       "perbaiki dulu sebelum memeriksa draf.", err=True)
        raise SystemExit(EXIT_SETTINGS) from None
    targets = collect_targets(paths, root)
    problems = check_targets(targets, settings, root)
    location = settings_location(settings_file, root)
    if location.is_absolute() and location.is_relative_to(root):
        location = location.relative_to(root)  # cwd is root: still readable, shorter to read
    warnings = settings_warnings(settings, location) + bom_warnings(targets, root) + tag_warnings(targets, root)
    for problem in problems:
        click.echo(str(problem))
    for warning in warnings:
        click.echo(f"{WARNING_LABEL}: {warning}")
        if actions.in_actions():  # on the pull request's changed lines too
            said = f"{warning.key}: {warning.message}" if warning.key else warning.message
            actions.warning(f"{said} — {warning.fix}", echo=click.echo,
                            file=warning.file, line=warning.line, title="Peringatan jdih periksa")
    click.echo(summary(problems, len(targets), len(warnings)))
    if problems:
        raise SystemExit(EXIT_PROBLEMS)
