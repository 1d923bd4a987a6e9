"""`jdih laporan` (SOP performance against the standard times) and `jdih agenda` (the register)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import click

from jdih.cli.commands.common import cli_settings, settings_option
from jdih.content.problems import ProblemsError
from jdih.content.settings import Settings

DATE = click.DateTime(formats=["%Y-%m-%d"])


def _settings(settings_file: Path | None) -> Settings:
    from jdih.reporting.worktime import is_working_day

    # an unknown holiday country (ValueError) fails here, once, naming the settings file
    return cli_settings(settings_file, check=lambda settings: is_working_day(dt.date.today(), settings.sop))


def _github_repo() -> Any:
    """The repository's PyGithub object, from the one client (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL)."""
    from jdih.github.client import ApiError, GitHubConfigError, connect

    try:
        gh = connect()
    except GitHubConfigError:
        raise click.ClickException("data diambil dari GitHub, tetapi GITHUB_TOKEN dan GITHUB_REPOSITORY belum diisi — "
                                   "isi keduanya (mis. GITHUB_REPOSITORY=kantor/jdih-medsos), atau berikan "
                                   "--data <berkas.json> untuk bekerja tanpa GitHub") from None
    try:
        return gh.pygithub_repo
    except ApiError as exc:
        raise click.ClickException(f"repositori {gh.full_name} tidak dapat dibuka di GitHub (HTTP {exc.status}) — "
                                   "periksa GITHUB_TOKEN, GITHUB_REPOSITORY dan GITHUB_API_URL") from None


def _events(data_file: Path | None, settings: Settings) -> list:
    from jdih.reporting.timeline import load_events
    from jdih.sop.history import events_from_github

    if data_file is not None:
        try:
            return load_events(data_file)
        except FileNotFoundError:
            raise click.ClickException(f"{data_file}: berkas data tidak ditemukan — periksa nama berkasnya") from None
        except json.JSONDecodeError as exc:
            raise click.ClickException(f"{data_file}:{exc.lineno}: berkas data bukan JSON yang sah ({exc.msg})") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise click.ClickException(f"{data_file}: isi berkas data tidak sah ({exc}) — tulis daftar JSON "
                                       "seperti keluaran --simpan-data") from None
    from jdih.github.client import ApiError

    try:
        return events_from_github(_github_repo(), None, settings)
    except ApiError as exc:
        raise click.ClickException(f"data GitHub tidak dapat dibaca (HTTP {exc.status}) — periksa izin token "
                                   "(issues dan pull requests: read)") from None


def _write(text: str, output: Path | None, csv_file: bool = False) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    # A byte-order mark makes Excel read a CSV file as UTF-8 (it guesses ANSI otherwise).
    output.write_text(text, encoding="utf-8-sig" if csv_file else "utf-8")


@click.command("laporan")
@click.option("--dari", "start", type=DATE, default=None,
              help="Tanggal awal periode (TTTT-BB-HH), menurut tanggal disposisi. Bawaan: tanpa batas.")
@click.option("--sampai", "end", type=DATE, default=None,
              help="Tanggal akhir periode (TTTT-BB-HH), ikut dihitung. Bawaan: tanpa batas.")
@click.option("--format", "output_format", type=click.Choice(["tabel", "csv", "markdown"]), default="tabel",
              show_default=True, help="Bentuk laporan: tabel di layar, CSV untuk lembar kerja, atau Markdown.")
@click.option("--keluaran", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Tulis laporan ke berkas ini (bawaan: tampilkan di layar).")
@click.option("--data", "data_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Berkas JSON peristiwa per konten (tanpa GitHub). Bawaan: ambil dari GitHub memakai "
                   "GITHUB_TOKEN, GITHUB_REPOSITORY dan GITHUB_API_URL.")
@click.option("--simpan-data", "save_data", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Simpan juga peristiwa yang dibaca ke berkas JSON ini, untuk dipakai lagi dengan --data.")
@click.option("--grafik", "charts_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Tulis grafik SVG (waktu per langkah, kepatuhan per bulan) ke folder ini; laporan Markdown "
                   "akan menautkannya.")
@settings_option
@click.option("--hanya-bila-tampil", "only_if_shown", is_flag=True,
              help="Hanya bila site.show_report: true (dipakai alur kerja Terbitkan untuk situs); "
                   "bila tidak, tidak melakukan apa pun dan tidak memanggil GitHub.")
def laporan(start: dt.datetime | None, end: dt.datetime | None, output_format: str, output: Path | None,
            data_file: Path | None, save_data: Path | None, charts_dir: Path | None,
            settings_file: Path | None, only_if_shown: bool) -> None:
    """Laporan mutu baku SOP: waktu kerja setiap langkah dibanding waktu bakunya, per konten.

    Waktu dihitung sebagai waktu kerja menurut zona waktu kantor (sop.timezone: jam kantor, hari
    kerja, di luar hari libur nasional dan cuti bersama). Langkah yang tidak tercatat ditandai "tidak terukur", bukan ditebak.
    """
    from jdih.reporting.report import as_timelines, chart_svgs, in_period, report_csv, report_markdown, report_table
    from jdih.reporting.timeline import dump_events

    start_day, end_day = (start.date() if start else None), (end.date() if end else None)
    if start_day and end_day and start_day > end_day:
        raise click.ClickException("--dari harus sebelum atau sama dengan --sampai — periksa kedua tanggal")
    settings = _settings(settings_file)
    if only_if_shown and not settings.site.show_report:
        click.echo("Laporan SOP tidak ditampilkan di situs (site.show_report: false) — dilewati.")
        return
    sop = settings.sop
    events = _events(data_file, settings)
    if save_data is not None:
        save_data.parent.mkdir(parents=True, exist_ok=True)
        save_data.write_text(dump_events(events), encoding="utf-8")
    timelines = in_period(as_timelines(events, sop), sop, start_day, end_day)

    links = None
    if charts_dir is not None:
        charts_dir.mkdir(parents=True, exist_ok=True)
        links = {}
        for name, svg in chart_svgs(timelines, sop).items():
            path = charts_dir / f"{name}.svg"
            path.write_text(svg, encoding="utf-8")
            base = output.parent if output is not None else Path.cwd()
            links[name] = Path(os.path.relpath(path, base)).as_posix()

    if output_format == "csv":
        text = report_csv(timelines, sop)
    elif output_format == "markdown":
        text = (f"# Laporan Mutu Baku SOP JDIH — {settings.office.short_name}\n\n"
                + report_markdown(timelines, sop, start_day, end_day, charts=False, chart_links=links))
    else:
        text = report_table(timelines, sop, start_day, end_day)
    _write(text, output, csv_file=output_format == "csv")
    if output is not None:
        click.echo(f"Laporan ({len(timelines)} konten) ditulis ke {output}.")


def _facts_from_github(posts: list, settings: Settings, previous: dict) -> dict:
    """What GitHub knows of each published post: its disposisi date (from the issue) and when
    the WhatsApp group was told (from the notifier's ledger comment on its pull request, written
    by a bot only); `previous` (an earlier --simpan-data file) spares what is already final."""
    from jdih.notify.ledger import PyGithubCommentStore
    from jdih.sop.history import register_facts

    repo = _github_repo()
    return register_facts(repo, posts, settings, PyGithubCommentStore(repo), previous,
                          repository=repo.full_name, echo=click.echo)


def _previous_facts(path: Path) -> dict:
    """The data an earlier run saved (the publish workflow keeps it in a cache); unreadable: none."""
    from jdih.reporting.register import RegisterError, load_register_data

    if not path.exists():
        return {}
    try:
        return load_register_data(path)
    except RegisterError as exc:
        click.echo(f"{exc}; data dibuat ulang dari GitHub.")
        return {}


def _save(text: str, path: Path) -> None:
    """Write then rename: a build never reads half a file."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, path)


@click.command("agenda")
@click.option("--format", "output_format", type=click.Choice(["csv", "xlsx", "markdown"]), default="markdown",
              show_default=True, help="Bentuk buku agenda: CSV, lembar kerja Excel (.xlsx) atau Markdown.")
@click.option("--keluaran", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Tulis buku agenda ke berkas ini (wajib untuk xlsx; bawaan: tampilkan di layar).")
@click.option("--konten", "content_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("content"),
              show_default=True, help="Folder konten yang berisi posts/.")
@click.option("--ledger", "ledger_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Buku catatan kiriman WhatsApp (berkas JSON dari `jdih kabari --ledger`) untuk kolom kabar.")
@click.option("--data", "data_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Berkas JSON peristiwa per konten (seperti `jdih laporan --data`) untuk tanggal disposisi.")
@click.option("--github", "use_github", is_flag=True,
              help="Ambil tanggal disposisi dan waktu kabar WhatsApp dari GitHub (GITHUB_TOKEN, GITHUB_REPOSITORY, "
                   "GITHUB_API_URL): dari isu disposisi dan catatan kabar bot di setiap pull request yang digabung.")
@click.option("--simpan-data", "save_data", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Dengan --github: simpan juga tanggal disposisi dan waktu kabar per konten ke berkas JSON ini, "
                   "untuk buku agenda di situs (alur kerja Terbitkan). Isi berkas yang sudah ada dipakai lagi: "
                   "yang sudah pasti (tanggal disposisi, kabar yang sudah terkirim) tidak ditanyakan ulang.")
@click.option("--hanya-bila-tampil", "only_if_shown", is_flag=True,
              help="Hanya bila site.show_register: true (dipakai alur kerja Terbitkan untuk situs); bila tidak, "
                   "tidak melakukan apa pun dan tidak memanggil GitHub.")
@settings_option
def agenda(output_format: str, output: Path | None, content_dir: Path, ledger_file: Path | None,
           data_file: Path | None, use_github: bool, save_data: Path | None, only_if_shown: bool,
           settings_file: Path | None) -> None:
    """Buku agenda: semua konten yang terbit, bernomor agenda, dengan disposisi, penyusun,
    penyunting, penyetuju, tanggal persetujuan dan terbit, tautan, dan kabar WhatsApp."""
    from jdih.reporting.register import (
        RegisterError,
        dump_register_data,
        load_ledger,
        read_posts,
        register_csv,
        register_markdown,
        register_rows,
        write_register_xlsx,
    )

    if output_format == "xlsx" and output is None:
        raise click.ClickException("format xlsx memerlukan --keluaran, mis. --keluaran buku-agenda.xlsx")
    if save_data is not None and not use_github:
        raise click.ClickException("--simpan-data memerlukan --github: datanya diambil dari GitHub")
    settings = _settings(settings_file)
    if only_if_shown and not settings.site.show_register:
        click.echo("Buku agenda tidak ditampilkan di situs (site.show_register: false) — dilewati.")
        return
    try:
        notified = load_ledger(ledger_file) if ledger_file is not None else None
    except RegisterError as exc:
        raise click.ClickException(str(exc)) from None
    events = _events(data_file, settings) if data_file is not None else []
    try:
        posts = read_posts(content_dir, settings)
    except ProblemsError as exc:
        raise click.ClickException(str(exc)) from None
    facts = None
    if use_github:
        from jdih.github.client import ApiError

        try:
            facts = _facts_from_github(posts, settings, _previous_facts(save_data) if save_data else {})
        except ApiError as exc:
            raise click.ClickException(f"data GitHub tidak dapat dibaca (HTTP {exc.status}) — periksa izin token "
                                       "(issues dan pull requests: read)") from None
        if save_data is not None:
            _save(dump_register_data(facts, dt.datetime.now(dt.UTC).replace(microsecond=0)), save_data)
            click.echo(f"Data buku agenda ({len(facts)} konten) disimpan ke {save_data}.")
    rows = register_rows(content_dir, settings, notified, events, posts=posts, facts=facts,
                         nip=output_format in ("csv", "xlsx"))

    if output_format == "xlsx":
        write_register_xlsx(rows, output, settings)
    elif output_format == "csv":
        _write(register_csv(rows, settings.sop.timezone), output, csv_file=True)
    else:
        _write(f"# Buku Agenda JDIH Media Sosial — {settings.office.name}\n\n"
               + register_markdown(rows, settings.sop.timezone), output)
    if output is not None:
        click.echo(f"Buku agenda ({len(rows)} konten) ditulis ke {output}.")
