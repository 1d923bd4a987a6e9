"""The settings and CLI references are generated from the code, and README's copies are checked."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Literal

import click
from click.testing import CliRunner
from pydantic import BaseModel, Field

from jdih.cli import reference
from jdih.cli.main import COMMANDS, main
from jdih.content.settings import Settings, load_settings
from tests.conftest import ROOT  # noqa: E402

README = ROOT / "README.md"
PER_PAGE = Settings.model_fields["site"].annotation.model_fields["posts_per_page"]


class Step(BaseModel):
    number: int = Field(ge=1, le=6, description="Nomor langkah.")
    role: Literal["a", "b"]


class Inner(BaseModel):
    start: dt.time = Field(dt.time(7, 30), description="Jam mulai.")
    domain: str | None = Field(None, description="Domain | khusus.")


class Outer(BaseModel):
    name: str = Field(min_length=1, description="Nama <kantor>.")
    inner: Inner = Field(default_factory=Inner)
    tags: list[str] = Field(default_factory=lambda: ["x", "y"], description="Tagar.")
    steps: list[Step] = Field(default_factory=lambda: [Step(number=1, role="a")], description="Langkah.")


def test_settings_reference_of_a_small_model_exactly():
    assert reference.settings_reference(Outer) == (
        "| Kunci | Jenis | Bawaan | Wajib | Keterangan |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| `name` | teks (min. 1 karakter) | — | ya | Nama &lt;kantor>. |\n"
        "| `inner` | bagian | — | tidak |  |\n"
        "| `inner.start` | jam (JJ:MM) | `07:30` | tidak | Jam mulai. |\n"
        "| `inner.domain` | teks, boleh kosong | `null` | tidak | Domain \\| khusus. |\n"
        "| `tags` | daftar teks | `[x, y]` | tidak | Tagar. |\n"
        "| `steps` | daftar butir (lihat di bawah) | 1 butir (lihat SOP) | tidak | Langkah. |\n"
        "| `steps[].number` | bilangan bulat (≥ 1, ≤ 6) | — | ya | Nomor langkah. |\n"
        "| `steps[].role` | salah satu dari `a`, `b` | — | ya |  |\n")


def _key_paths(data, prefix="", mappings=frozenset()):
    """Key paths of a settings dump, walked from the data (not from the schema); the keys inside
    the `mappings` paths are not walked."""
    for key, value in data.items():
        path = f"{prefix}{key}"
        yield path
        if path in mappings:
            continue
        if isinstance(value, dict):
            yield from _key_paths(value, path + ".", mappings)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            yield from _key_paths(value[0], path + "[].", mappings)


def test_settings_reference_covers_every_key_of_the_real_settings():
    text = reference.settings_reference()
    rows = {line.split(" | ")[0].removeprefix("| ").strip("`"): line for line in text.splitlines()[2:]}
    settings = load_settings(ROOT / "site_config" / "jdih.yml")
    # A mapping's keys (office.social: platform → URL; people: account → person) are the office's
    # data, not settings keys: the reference has one row for the mapping.
    mappings = {key for key, line in rows.items() if line.split(" | ")[1] == "dict"}
    paths = list(_key_paths(settings.model_dump(mode="json"), mappings=mappings))
    assert set(paths) == set(rows)
    assert rows["site.posts_per_page"] == (
        f"| `site.posts_per_page` | bilangan bulat (≥ 1, ≤ 100) | `{PER_PAGE.default}` | tidak | "
        f"{PER_PAGE.description} |")
    assert rows["roles.kasubbag"].startswith("| `roles.kasubbag` | daftar teks (min. 1 butir) | — | ya | ")


def _toy_group() -> click.Group:
    class Lazy(click.Group):
        def list_commands(self, ctx):
            return ["kirim", "tidak-ada"]

        def get_command(self, ctx, name):
            if name == "kirim":
                @click.command(options_metavar="[PILIHAN]")
                @click.argument("berkas")
                @click.option("--ke", default="main", show_default=True, help="Cabang tujuan <nama>.")
                @click.option("--uji", is_flag=True, help="Uji coba saja.")
                def kirim(berkas, ke, uji):
                    """Mengirim BERKAS.

                    Paragraf kedua
                    dua baris."""
                return kirim
            return None

    return Lazy(name="jdih", context_settings={"help_option_names": ["-h", "--help"]})


def test_cli_reference_of_a_lazy_group_exactly():
    import jdih.cli.main  # noqa: F401 - installs the Indonesian words of Click, as the real command does

    assert reference.cli_reference(_toy_group()) == (
        "### `jdih kirim`\n"
        "\n"
        "```text\n"
        "jdih kirim [PILIHAN] BERKAS\n"
        "```\n"
        "\n"
        "Mengirim BERKAS.\n"
        "\n"
        "Paragraf kedua dua baris.\n"
        "\n"
        "| Pilihan | Keterangan |\n"
        "| --- | --- |\n"
        "| `--ke TEXT` | Cabang tujuan &lt;nama>. [bawaan: main] |\n"
        "| `--uji` | Uji coba saja. |\n"
        "| `-h, --help` | Tampilkan bantuan ini lalu keluar. |\n"
        "\n"
        "Belum terpasang: `jdih tidak-ada`.\n")


def test_cli_reference_documents_every_loaded_command_and_option():
    text = reference.cli_reference()
    ctx = click.Context(main)
    for name in sorted(COMMANDS):
        command = main.get_command(ctx, name)
        if command is None:
            assert f"`jdih {name}`" in text.split("Belum terpasang:")[-1]
            continue
        section = text.split(f"### `jdih {name}`\n", 1)[1].split("\n### ", 1)[0]
        for param in command.params:
            if isinstance(param, click.Option):
                assert f"| `{param.opts[0]}" in section or f", {param.opts[0]}" in section, (name, param.opts)
                assert " ".join(param.help.split()).replace("<", "&lt;").replace("|", "\\|") in section, \
                    (name, param.opts)


MARKED = """# Judul

Teks bebas.

<!-- mulai: referensi-pengaturan -->
lama
<!-- selesai: referensi-pengaturan -->

Di antara.

<!-- mulai: referensi-cli -->
<!-- selesai: referensi-cli -->

Penutup.
"""


def run_reference(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jdih.cli.reference", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=60)


def test_write_then_check_then_drift_is_caught(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(MARKED, encoding="utf-8")

    first = run_reference("--periksa", "README.md", cwd=tmp_path)
    assert first.returncode == 1
    assert "-lama\n" in first.stdout and "+| Kunci | Jenis | Bawaan | Wajib | Keterangan |\n" in first.stdout
    assert first.stderr == ("README.md: blok referensi tidak sama dengan kode — jalankan "
                            "'python -m jdih.cli.reference --tulis README.md'.\n")

    written = run_reference("--tulis", "README.md", cwd=tmp_path)
    assert written.returncode == 0 and written.stdout == "README.md: blok referensi diperbarui.\n"
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Judul\n\nTeks bebas.\n\n<!-- mulai: referensi-pengaturan -->\n\n| Kunci |")
    assert "\n\n<!-- selesai: referensi-pengaturan -->\n\nDi antara.\n" in text
    assert text.endswith("<!-- selesai: referensi-cli -->\n\nPenutup.\n")
    assert "### `jdih periksa`\n" in text

    again = run_reference("--tulis", "README.md", cwd=tmp_path)
    assert again.stdout == "README.md: blok referensi sudah sesuai.\n"
    ok = run_reference("--periksa", "README.md", cwd=tmp_path)
    assert ok.returncode == 0 and ok.stdout == "README.md: blok referensi sesuai dengan kode.\n"

    row = "| `site.posts_per_page` | bilangan bulat (≥ 1, ≤ 100) | `{}` |"
    default, other = PER_PAGE.default, PER_PAGE.default + 1
    assert row.format(default) in text
    readme.write_text(text.replace(row.format(default), row.format(other)), encoding="utf-8")
    drift = run_reference("--periksa", "README.md", cwd=tmp_path)
    assert drift.returncode == 1
    assert "-" + row.format(other) in drift.stdout
    assert "+" + row.format(default) in drift.stdout


def test_missing_markers_are_named(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Judul\n\n<!-- mulai: referensi-cli -->\n<!-- selesai: referensi-cli -->\n", encoding="utf-8")
    result = CliRunner().invoke(reference.main, ["--periksa", str(readme)])
    assert result.exit_code == 2
    assert result.output == (f"Galat: {readme}: penanda blok tidak ditemukan untuk referensi-pengaturan — "
                             "tambahkan '<!-- mulai: referensi-pengaturan -->' … "
                             "'<!-- selesai: referensi-pengaturan -->'\n")


def test_the_real_readme_matches_the_code():
    text = README.read_text(encoding="utf-8")
    assert reference.missing_markers(text) == [], "README.md lost a reference block's markers"
    changes = reference.diff(text, "README.md")
    assert changes == "", "README.md is behind the code; run 'python -m jdih.cli.reference --tulis README.md'\n" \
        + changes


def test_without_options_both_references_are_printed(tmp_path):
    run = run_reference(cwd=tmp_path)
    assert run.returncode == 0
    assert run.stdout.startswith("<!-- mulai: referensi-pengaturan -->\n\n| Kunci | Jenis | Bawaan | Wajib | Keterangan |\n")
    first = min(COMMANDS)
    assert f"\n<!-- selesai: referensi-pengaturan -->\n\n<!-- mulai: referensi-cli -->\n\n### `jdih {first}`\n" \
        in run.stdout
    assert run.stdout.endswith("<!-- selesai: referensi-cli -->\n\n")
