"""The settings and CLI references, generated from the code so the README cannot drift.

    python -m jdih.cli.reference                     # print both references
    python -m jdih.cli.reference --periksa README.md # exit 1 with a diff when README's blocks differ
    python -m jdih.cli.reference --tulis README.md   # rewrite README's blocks in place

README holds each reference between `<!-- mulai: NAME -->` and `<!-- selesai: NAME -->`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import annotated_types
import click
import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from jdih.cli import clilocale
from jdih.content.settings import Settings

# -- settings ----------------------------------------------------------------------------------

_TYPE_NAMES: dict[Any, str] = {
    str: "teks", int: "bilangan bulat", float: "angka", bool: "`true` / `false`",
    dt.time: "jam (JJ:MM)", dt.date: "tanggal (TTTT-BB-HH)", dt.datetime: "tanggal dan jam",
}


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell (and outside one: no stray HTML tags)."""
    return " ".join(str(text).split()).replace("|", "\\|").replace("<", "&lt;")


def _model(annotation: Any) -> type[BaseModel] | None:
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _list_item(annotation: Any) -> Any:
    if typing.get_origin(annotation) is list:
        args = typing.get_args(annotation)
        return args[0] if args else Any
    return None


def _without_none(annotation: Any) -> tuple[Any, bool]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) < len(typing.get_args(annotation)):
            return (args[0] if len(args) == 1 else typing.Union[tuple(args)]), True
    return annotation, False


def type_name(annotation: Any) -> str:
    annotation, optional = _without_none(annotation)
    if typing.get_origin(annotation) is typing.Annotated:  # e.g. content.safety.Text: a str with a validator
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) is Literal:
        name = "salah satu dari " + ", ".join(f"`{v}`" for v in typing.get_args(annotation))
    elif (item := _list_item(annotation)) is not None:
        name = "daftar butir (lihat di bawah)" if _model(item) else f"daftar {type_name(item)}"
    elif _model(annotation):
        name = "bagian"
    else:
        name = _TYPE_NAMES.get(annotation, getattr(annotation, "__name__", str(annotation)))
    return f"{name}, boleh kosong" if optional else name


def _bounds(info: FieldInfo) -> str:
    parts = []
    for item in info.metadata:
        if isinstance(item, annotated_types.Ge):
            parts.append(f"≥ {item.ge}")
        elif isinstance(item, annotated_types.Gt):
            parts.append(f"> {item.gt}")
        elif isinstance(item, annotated_types.Le):
            parts.append(f"≤ {item.le}")
        elif isinstance(item, annotated_types.Lt):
            parts.append(f"< {item.lt}")
        elif isinstance(item, annotated_types.MinLen) and item.min_length:
            parts.append(f"min. {item.min_length} {'butir' if _list_item(info.annotation) is not None else 'karakter'}")
        elif isinstance(item, annotated_types.MaxLen):
            parts.append(f"maks. {item.max_length}")
    return f" ({', '.join(parts)})" if parts else ""


def _yaml_value(value: Any) -> str:
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    if value == "":
        return '""'
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def default_text(info: FieldInfo) -> str:
    if info.is_required():
        return "—"
    value = info.get_default(call_default_factory=True)
    if isinstance(value, BaseModel):
        return "—"
    if isinstance(value, list) and value and isinstance(value[0], BaseModel):
        return f"{len(value)} butir (lihat SOP)"
    return f"`{_cell(_yaml_value(value))}`"


def _rows(model: type[BaseModel], prefix: str) -> list[list[str]]:
    rows = []
    for name, info in model.model_fields.items():
        key = f"{prefix}{name}"
        nested = _model(info.annotation)
        item = _list_item(info.annotation)
        rows.append([f"`{key}`", type_name(info.annotation) + _bounds(info), default_text(info),
                     "ya" if info.is_required() else "tidak", _cell(info.description or "")])
        if nested is not None:
            rows += _rows(nested, key + ".")
        elif item is not None and _model(item) is not None:
            rows += _rows(_model(item), key + "[].")
    return rows


def settings_reference(model: type[BaseModel] = Settings) -> str:
    """One Markdown table of every key of the settings file, nested models and lists of models
    included (`sop.steps[].minutes`)."""
    head = ["Kunci", "Jenis", "Bawaan", "Wajib", "Keterangan"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in _rows(model, "")]
    return "\n".join(lines) + "\n"


# -- CLI ---------------------------------------------------------------------------------------


def _help_paragraphs(text: str) -> str:
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.replace("\b", "").strip()) if p.strip()]
    return "\n\n".join(p.replace("<", "&lt;") for p in paragraphs)


def _command_section(name: str, command: click.Command, parent: click.Context, level: int) -> list[str]:
    ctx = click.Context(command, info_name=name, parent=parent, **command.context_settings)
    usage = " ".join([parent.command_path, name, *command.collect_usage_pieces(ctx)])
    lines = [f"{'#' * level} `{parent.command_path} {name}`", "", "```text", usage, "```", ""]
    if command.help:
        lines += [_help_paragraphs(command.help), ""]
    records = [param.get_help_record(ctx) for param in command.params if isinstance(param, click.Option)]
    records = [r for r in records if r is not None]
    if command.add_help_option and ctx.help_option_names:
        # Built here, not taken from Click's per-command cache, which keeps whichever names the
        # command was first run with (a test may run it outside the `jdih` group).
        records.append((", ".join(ctx.help_option_names), clilocale.gettext("Show this message and exit.")))
    if records:
        lines += ["| Pilihan | Keterangan |", "| --- | --- |"]
        lines += [f"| `{_cell(opts)}` | {_cell(text)} |" for opts, text in records]
        lines.append("")
    return lines


def cli_reference(group: click.Group | None = None, level: int = 3) -> str:
    """Every command of the `jdih` group (lazily loaded ones included): the usage line, the help
    text and every option with its help, as `--help` shows them. Commands whose module is not
    installed are listed as such rather than left out silently."""
    if group is None:
        from jdih.cli.main import main as group
    root = click.Context(group, info_name="jdih", **group.context_settings)
    lines = []
    missing = []
    for name in group.list_commands(root):
        command = group.get_command(root, name)
        if command is None:
            missing.append(name)
            continue
        lines += _command_section(name, command, root, level)
    if missing:
        lines += [f"Belum terpasang: {', '.join(f'`jdih {m}`' for m in missing)}.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# -- README blocks -----------------------------------------------------------------------------

BLOCKS: dict[str, Callable[[], str]] = {
    "referensi-pengaturan": settings_reference,
    "referensi-cli": cli_reference,
}


def _block_pattern(name: str) -> re.Pattern:
    return re.compile(rf"(<!-- mulai: {re.escape(name)} -->\n)(.*?)(<!-- selesai: {re.escape(name)} -->)", re.S)


class MarkersMissing(click.ClickException):
    exit_code = 2


def _generated() -> dict[str, str]:
    return {name: make() for name, make in BLOCKS.items()}


def missing_markers(text: str) -> list[str]:
    return [name for name in BLOCKS if not _block_pattern(name).search(text)]


def rewrite(text: str, generated: dict[str, str] | None = None) -> str:
    generated = generated or _generated()
    for name, body in generated.items():
        text = _block_pattern(name).sub(lambda m, body=body: m.group(1) + "\n" + body + "\n" + m.group(3), text, count=1)
    return text


def diff(text: str, filename: str = "README.md", generated: dict[str, str] | None = None) -> str:
    """A unified diff from README's text to the text it should have; empty when current."""
    wanted = rewrite(text, generated)
    return "".join(difflib.unified_diff(text.splitlines(keepends=True), wanted.splitlines(keepends=True),
                                        fromfile=f"{filename} (sekarang)", tofile=f"{filename} (dari kode)"))


def _read(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    missing = missing_markers(text)
    if missing:
        raise MarkersMissing(f"{path}: penanda blok tidak ditemukan untuk {', '.join(missing)} — tambahkan "
                             + " dan ".join(f"'<!-- mulai: {m} -->' … '<!-- selesai: {m} -->'" for m in missing))
    return text


@click.command(name="python -m jdih.cli.reference")
@click.option("--periksa", "check_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Periksa blok referensi di berkas ini (mis. README.md); status keluar 1 beserta perbedaannya "
                   "bila tidak sama dengan hasil dari kode.")
@click.option("--tulis", "write_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Tulis ulang blok referensi di berkas ini dari kode.")
def main(check_path: Path | None, write_path: Path | None) -> None:
    """Referensi pengaturan dan perintah `jdih`, dibuat dari kode. Tanpa pilihan: tampilkan keduanya."""
    if check_path is None and write_path is None:
        for name, body in _generated().items():
            click.echo(f"<!-- mulai: {name} -->\n\n{body}\n<!-- selesai: {name} -->\n")
        return
    if write_path is not None:
        text = _read(write_path)
        new = rewrite(text)
        if new != text:
            write_path.write_text(new, encoding="utf-8")
            click.echo(f"{write_path}: blok referensi diperbarui.")
        else:
            click.echo(f"{write_path}: blok referensi sudah sesuai.")
    if check_path is not None:
        text = _read(check_path)
        changes = diff(text, str(check_path))
        if changes:
            click.echo(changes, nl=False)
            click.echo(f"{check_path}: blok referensi tidak sama dengan kode — jalankan "
                       f"'python -m jdih.cli.reference --tulis {check_path}'.", err=True)
            raise SystemExit(1)
        click.echo(f"{check_path}: blok referensi sesuai dengan kode.")


if __name__ == "__main__":
    from jdih.cli import clilocale

    clilocale.install()
    main()
