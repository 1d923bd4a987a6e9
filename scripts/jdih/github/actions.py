"""Small helpers for GitHub Actions: step outputs, the step summary, masks and annotations.

Each takes the environment as an argument (default `os.environ`) so tests can point it at
files of their own; outside Actions the file-based ones do nothing and return False.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping

Echo = Callable[[str], None]


def in_actions(env: Mapping[str, str] | None = None) -> bool:
    return (env if env is not None else os.environ).get("GITHUB_ACTIONS") == "true"


def _append(variable: str, text: str, env: Mapping[str, str] | None) -> bool:
    path = (env if env is not None else os.environ).get(variable)
    if not path:
        return False
    with open(path, "a", encoding="utf-8") as stream:
        stream.write(text)
    return True


def set_output(name: str, value: str, env: Mapping[str, str] | None = None) -> bool:
    """Write a step output; a value with newlines uses the heredoc form with a random delimiter
    (a fixed one could appear in the value and end it early)."""
    if "\n" not in value and "\r" not in value:
        return _append("GITHUB_OUTPUT", f"{name}={value}\n", env)
    delimiter = f"JDIH_{secrets.token_hex(8)}"
    while delimiter in value:
        delimiter = f"JDIH_{secrets.token_hex(8)}"
    return _append("GITHUB_OUTPUT", f"{name}<<{delimiter}\n{value}\n{delimiter}\n", env)


def add_summary(markdown: str, env: Mapping[str, str] | None = None) -> bool:
    """Append Markdown to the job's summary page."""
    return _append("GITHUB_STEP_SUMMARY", markdown if markdown.endswith("\n") else markdown + "\n", env)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int | None) -> str:
    """A workflow command line, e.g. `::error file=a.md,line=3,title=…::message`."""
    props = ",".join(f"{key}={_escape_property(str(value))}" for key, value in properties.items()
                     if value is not None and value != "")
    return f"::{name}{' ' + props if props else ''}::{_escape_data(message)}"


def error(message: str, echo: Echo = print, **properties: str | int | None) -> None:
    echo(command("error", message, **properties))


def warning(message: str, echo: Echo = print, **properties: str | int | None) -> None:
    echo(command("warning", message, **properties))


def notice(message: str, echo: Echo = print, **properties: str | int | None) -> None:
    echo(command("notice", message, **properties))


def add_mask(value: str | None, echo: Echo = print) -> None:
    """Ask the runner to hide `value` in every later log line (each line of a multi-line value)."""
    for line in (value or "").splitlines():
        if line.strip():
            echo(f"::add-mask::{line}")
