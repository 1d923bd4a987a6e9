"""Keep the gateway token out of every log line, error message and traceback."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from urllib.parse import parse_qsl, quote, quote_plus, urlsplit

REDACTED = "***"
MIN_PART = 4  # shorter URL parts (e.g. "v=1") are not worth hiding and would garble text


def _variants(secret: str) -> set[str]:
    # A token can appear percent-encoded in a URL that an exception message shows.
    return {secret, quote(secret, safe=""), quote_plus(secret, safe="")}


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """`text` with every secret (and its URL-encoded forms) replaced by `***`."""
    variants: set[str] = set()
    for secret in secrets:
        if secret:
            variants |= _variants(secret)
    for variant in sorted(variants, key=len, reverse=True):  # longest first: no partial leftovers
        text = text.replace(variant, REDACTED)
    return text


def url_secrets(url: str | None) -> list[str]:
    """The parts of a gateway URL that may be credentials: password and query values.

    requests' exceptions print the path and query of the URL, so these must be hidden
    wherever an error is shown.
    """
    if not url:
        return []
    parts = urlsplit(url)
    found = [parts.password or ""]
    found += [value for _, value in parse_qsl(parts.query, keep_blank_values=False)]
    return [value for value in found if len(value) >= MIN_PART]


def error_secrets(token: str | None, url: str | None) -> list[str]:
    """Everything hidden in error texts: the token, the URL's credentials, and the secret URL
    itself with its path (a webhook URL is often a credential on its own)."""
    found = [token or ""] + url_secrets(url)
    if url:
        parts = urlsplit(url)
        found.append(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if len(path) > 1:
            found.append(path)
    return [value for value in found if value]


def mask_in_actions(secrets: Iterable[str | None], env: Mapping[str, str],
                    echo: Callable[[str], None] = print) -> None:
    """In GitHub Actions, ask the runner to mask each secret in the log from now on.

    Must run before anything else is printed: the runner masks only later lines.
    """
    if env.get("GITHUB_ACTIONS") != "true":
        return
    seen: set[str] = set()
    for secret in secrets:
        # One command per line: a workflow command ends at the line break, so the rest of a
        # multi-line value (X's four keys) would be printed in clear, not masked.
        for line in (secret or "").splitlines():
            line = line.strip()
            if line and line not in seen:
                seen.add(line)
                echo(f"::add-mask::{line}")
