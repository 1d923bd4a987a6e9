"""CODEOWNERS as GitHub reads it, for the fake's merge rule "require review from code owners".

"About code owners" (https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners):
the file is `CODEOWNERS` in `.github/`, the root or `docs/` of the pull request's **base**
branch (searched in that order); each line is a pattern and owners; the **last** matching
pattern wins; patterns follow .gitignore rules (a leading `/` anchors to the root, a trailing
`/` means the directory and everything in it, `*` does not cross `/`, `**` does); a file whose
last matching line has no owners has none. With required code-owner review, every changed
file with owners needs an approval by one of its owners.
"""

from __future__ import annotations

import re

LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")


def _regex(pattern: str) -> re.Pattern[str]:
    anchored = pattern.startswith("/") or "/" in pattern.rstrip("/")
    directory = pattern.endswith("/")
    body = pattern.strip("/")
    out = ""
    i = 0
    while i < len(body):
        if body.startswith("**", i):
            out += ".*"
            i += 2
        elif body[i] == "*":
            out += "[^/]*"
            i += 1
        elif body[i] == "?":
            out += "[^/]"
            i += 1
        else:
            out += re.escape(body[i])
            i += 1
    prefix = "^" if anchored else "^(?:.*/)?"
    # "docs/*" matches docs/a.md but not docs/b/c.md (GitHub's own example); a plain name
    # matches the file or the directory with everything in it.
    last = body.rsplit("/", 1)[-1]
    suffix = "/.*$" if directory else "$" if "*" in last else "(?:/.*)?$"
    return re.compile(prefix + out + suffix)


def parse(text: str) -> list[tuple[re.Pattern[str], list[str]]]:
    rules = []
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        pattern, *owners = line.split()
        rules.append((_regex(pattern), [o.removeprefix("@").lower() for o in owners]))
    return rules


def owners_of(rules: list[tuple[re.Pattern[str], list[str]]], path: str) -> list[str]:
    """The owners of `path`: those of the last matching line (none when nothing matches)."""
    found: list[str] = []
    for regex, owners in rules:
        if regex.match(path):
            found = owners
    return found
