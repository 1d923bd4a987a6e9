"""Turn pydantic validation errors into Indonesian problems with file, line, key and a fix."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from jdih.content.problems import Problem, ProblemsError
from jdih.content.yamlsrc import Located

Model = TypeVar("Model", bound=BaseModel)

_TYPE_NAMES = {
    "string_type": "teks",
    "int_type": "bilangan bulat",
    "int_parsing": "bilangan bulat",
    "int_from_float": "bilangan bulat",
    "float_type": "angka",
    "float_parsing": "angka",
    "bool_type": "true atau false",
    "bool_parsing": "true atau false",
    "list_type": "daftar (baris-baris diawali '- ')",
    "dict_type": "pemetaan (kunci: nilai)",
    "model_type": "pemetaan (kunci: nilai)",
    "model_attributes_type": "pemetaan (kunci: nilai)",
    "date_type": "tanggal (TTTT-BB-HH)",
    "date_parsing": "tanggal (TTTT-BB-HH)",
    "date_from_datetime_parsing": "tanggal (TTTT-BB-HH)",
    "date_from_datetime_inexact": "tanggal (TTTT-BB-HH)",
    "datetime_type": "tanggal dan jam (TTTT-BB-HH JJ:MM)",
    "datetime_parsing": "tanggal dan jam (TTTT-BB-HH JJ:MM)",
    "datetime_from_date_parsing": "tanggal dan jam (TTTT-BB-HH JJ:MM)",
    "time_type": "jam (JJ:MM)",
    "time_parsing": "jam (JJ:MM)",
    "url_parsing": "alamat web (https://...)",
    "url_scheme": "alamat web (https://...)",
    "url_type": "alamat web (https://...)",
}


def _found(value: Any) -> str:
    if value is None:
        return "kosong"
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(error: dict) -> tuple[str, str]:
    """(what is wrong, how to fix) for one pydantic error, in Indonesian."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "wajib diisi tetapi tidak ada", "tambahkan kunci ini beserta nilainya"
    if kind == "extra_forbidden":
        return "kunci tidak dikenal", "hapus kunci ini atau periksa ejaannya (lihat templat/dokumentasi)"
    if kind in _TYPE_NAMES:
        return (f"harus berupa {_TYPE_NAMES[kind]}, ditemukan {_found(error.get('input'))}",
                f"tulis nilai sebagai {_TYPE_NAMES[kind]}")
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        return (f"nilai {_found(error.get('input'))} tidak dikenal",
                f"gunakan salah satu dari: {expected}")
    if kind in ("enum",):
        return (f"nilai {_found(error.get('input'))} tidak dikenal",
                f"gunakan salah satu dari: {ctx.get('expected', '')}")
    if kind in ("string_too_short", "too_short"):
        return "tidak boleh kosong", "isi nilainya"
    if kind in ("string_too_long", "too_long"):
        limit = ctx.get("max_length")
        return (f"terlalu panjang (maksimal {limit})", "persingkat isinya")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = next(iter(ctx.values()), "")
        words = {"greater_than": "lebih dari", "greater_than_equal": "paling kecil",
                 "less_than": "kurang dari", "less_than_equal": "paling besar"}[kind]
        return (f"harus {words} {bound}, ditemukan {_found(error.get('input'))}", "perbaiki angkanya")
    if kind == "value_error":
        # Our own validators raise ValueError("what — how"); keep both halves.
        message = str(ctx.get("error", error.get("msg", "")))
        if " — " in message:
            what, fix = message.split(" — ", 1)
            return what, fix
        return message, "perbaiki nilainya"
    message = str(error.get("msg", ""))
    if " — " in message:  # our own PydanticCustomError("kind", "what — how")
        what, fix = message.split(" — ", 1)
        return what, fix
    return (f"nilai tidak sah ({error.get('msg', kind)})", "perbaiki nilainya")


def problems_from_error(exc: ValidationError, located: Located, filename: str,
                        key_prefix: str = "") -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        what, fix = _describe(error)
        key = ".".join(str(part) for part in loc)
        if key_prefix:
            key = f"{key_prefix}.{key}" if key else key_prefix
        problems.append(Problem(filename, located.line_of(loc), key, what, fix, kind=error["type"]))
    return problems


def validate_located(model: type[Model], located: Located, filename: str,
                     context: dict[str, Any] | None = None) -> Model:
    """Validate parsed YAML against a model; every problem is reported, with its line.

    `context`: pydantic's validation context (e.g. the office time zone for a post's dates)."""
    data = located.data if located.data is not None else {}
    if not isinstance(data, dict):
        raise ProblemsError([Problem(filename, located.first_line, "",
                                     "isi berkas harus berupa pemetaan (kunci: nilai)",
                                     "mulai setiap baris dengan 'kunci: nilai'")])
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise ProblemsError(problems_from_error(exc, located, filename)) from None
