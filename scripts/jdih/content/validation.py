"""Turn pydantic validation errors into Indonesian problems with file, line, key and a fix.

Nothing of pydantic's English reaches the reader: its list of allowed values says "atau",
an unknown key gets "mungkin maksud Anda '…'?" from the model's own field names (difflib,
for drafts and the settings alike), and a date says how it is written and whether a time
goes with it.
"""

from __future__ import annotations

import difflib
import re
import types
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

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
    "time_type": "jam (JJ:MM)",
    "time_parsing": "jam (JJ:MM)",
    "url_parsing": "alamat web (https://...)",
    "url_scheme": "alamat web (https://...)",
    "url_type": "alamat web (https://...)",
}


# Dates: how each is written, with a correct example, and whether a time goes with it.
DATE_EXAMPLE = "2026-12-31"
_DATES = {
    **dict.fromkeys(("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"), (
        "tanggal TTTT-BB-HH tanpa jam", f"tulis tanggalnya saja, mis. {DATE_EXAMPLE}")),
    **dict.fromkeys(("datetime_type", "datetime_parsing", "datetime_from_date_parsing", "datetime_object_invalid"), (
        "tanggal TTTT-BB-HH, boleh dengan jam JJ:MM",
        f"tulis mis. {DATE_EXAMPLE}; jam tidak wajib, bila perlu tulis setelah tanggal, mis. {DATE_EXAMPLE} 09:00")),
}
UNKNOWN_KEY = "extra_forbidden"  # pydantic's error type for a key the model does not have
UNKNOWN_KEY_FIX = "hapus kunci ini atau periksa ejaannya (lihat templat/dokumentasi)"


def suggestion_fix(close: str) -> str:
    """The fix of an unknown key that looks like a known one (drafts and settings alike)."""
    return f"mungkin maksud Anda '{close}'? Perbaiki ejaannya, atau hapus kunci ini"


def _unwrap(annotation: Any) -> Any:
    """`X` of `Annotated[X, …]` and of `X | None`."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            kinds = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(kinds) != 1:
                return annotation
            annotation = kinds[0]
        else:
            return annotation


def known_keys(model: type[BaseModel], parent: tuple) -> list[str]:
    """The keys the model takes at `parent` (a pydantic `loc` without its last part): the field
    names of the model found there through fields, list items and dict values, or []."""
    current: Any = model
    for part in parent:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part) if isinstance(part, str) else None
            if field is None:
                return []
            current = field.annotation
            continue
        origin, args = get_origin(current), get_args(current)
        if origin in (list, tuple, set, frozenset) and isinstance(part, int) and args:
            current = args[0]
        elif origin is dict and len(args) == 2:
            current = args[1]
        else:
            return []
    current = _unwrap(current)
    return sorted(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _close_key(model: type[BaseModel] | None, loc: tuple) -> str | None:
    if model is None or not loc or not isinstance(loc[-1], str):
        return None
    close = difflib.get_close_matches(loc[-1], known_keys(model, loc[:-1]), n=1, cutoff=0.6)
    return close[0] if close else None


def _in_indonesian(expected: str) -> str:
    """pydantic's list of allowed values ("'a', 'b' or 'c'") with "atau"."""
    return re.sub(r"(['\"]) or (['\"])", r"\1 atau \2", str(expected))


def _found(value: Any) -> str:
    if value is None:
        return "kosong"
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(error: dict, model: type[BaseModel] | None = None) -> tuple[str, str]:
    """(what is wrong, how to fix) for one pydantic error, in Indonesian."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "wajib diisi tetapi tidak ada", "tambahkan kunci ini beserta nilainya"
    if kind == UNKNOWN_KEY:
        close = _close_key(model, tuple(error.get("loc") or ()))
        return "kunci tidak dikenal", suggestion_fix(close) if close else UNKNOWN_KEY_FIX
    if kind in _DATES:
        written, fix = _DATES[kind]
        return f"harus berupa {written}, ditemukan {_found(error.get('input'))}", fix
    if kind in _TYPE_NAMES:
        return (f"harus berupa {_TYPE_NAMES[kind]}, ditemukan {_found(error.get('input'))}",
                f"tulis nilai sebagai {_TYPE_NAMES[kind]}")
    if kind in ("literal_error", "enum"):
        return (f"nilai {_found(error.get('input'))} tidak dikenal",
                f"gunakan salah satu dari: {_in_indonesian(ctx.get('expected', ''))}")
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
    # pydantic's own words are English: say it plainly instead (the kind stays in Problem.kind).
    return (f"nilai {_found(error.get('input'))} tidak sah untuk kunci ini",
            "perbaiki nilainya seperti contoh di templat atau di README (Referensi pengaturan)")


def problems_from_error(exc: ValidationError, located: Located, filename: str,
                        key_prefix: str = "", model: type[BaseModel] | None = None) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(part for part in error["loc"] if part != "[key]")  # pydantic marks a dict's key so
        what, fix = _describe(error, model)
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
        raise ProblemsError(problems_from_error(exc, located, filename, model=model)) from None
