"""YAML that remembers where each key came from, so errors can name file and line.

Both readers of front matter — `load_located` here (lines kept, for `jdih periksa`) and the
fast path `jdih.content.files.read_front_matter` (libyaml, for the site build) — refuse the
same structures before any data is built, each with its line:

* **anchors and aliases** (``&x`` / ``*x``): a front matter never needs them, and nine lines
  of aliases (a "billion laughs") expand to 10⁹ items in anything that walks the data;
* **nesting deeper than** `MAX_DEPTH` (the format needs 3), which would otherwise recurse
  through the Python parser;
* **duplicate keys**, which YAML readers silently resolve to the last one: the line of the
  second is named.

`refuse_references` reads the event stream (libyaml when available, so it costs little) and
stops at the first anchor, alias or level too deep, so the answer takes the same few
milliseconds however big the bomb; `refuse_duplicates` walks the composed nodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from jdih.content.problems import Problem, ProblemsError

MAX_DEPTH = 10  # mappings/lists inside each other; a post needs 3 (legal_documents → item → key), settings 4
_EVENTS = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the event stream: libyaml when available
REFERENCE_FIX = "tulis nilainya langsung di setiap tempat, tanpa tanda '&' atau '*' di depan nama"


@dataclass
class Located:
    """Parsed YAML data plus the 1-based line of every key path in it."""

    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)
    first_line: int = 1  # line of the document's start in its file (front matter is offset)

    def line_of(self, path: tuple) -> int:
        """Line of the deepest known prefix of `path` (a pydantic error `loc`)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.first_line


def _walk(node: yaml.Node, path: tuple, lines: dict[tuple, int], offset: int) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            lines[path + (key,)] = key_node.start_mark.line + 1 + offset
            _walk(value_node, path + (key,), lines, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1 + offset
            _walk(item, path + (index,), lines, offset)


def _bad_value(text: str) -> tuple[int, str]:
    """(1-based line, text) of the first scalar PyYAML cannot construct (it raises without a mark)."""
    loader = yaml.SafeLoader(text)
    try:
        stack = [loader.get_single_node()]
        while stack:
            node = stack.pop(0)
            if isinstance(node, yaml.ScalarNode):
                try:
                    loader.construct_object(node)
                except (ValueError, OverflowError):
                    return node.start_mark.line + 1, node.value
            elif isinstance(node, yaml.MappingNode):
                stack.extend(value for pair in node.value for value in pair)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
    finally:
        loader.dispose()
    return 1, ""


def _reference_problem(event: yaml.Event, filename: str, line_offset: int) -> Problem | None:
    line = event.start_mark.line + 1 + line_offset
    if isinstance(event, yaml.AliasEvent):
        return Problem(filename, line, "", f"YAML memakai alias '*{event.anchor}'; alias dan jangkar (anchor) "
                                           "tidak diterima", REFERENCE_FIX)
    if getattr(event, "anchor", None):
        return Problem(filename, line, "", f"YAML memakai jangkar (anchor) '&{event.anchor}'; jangkar dan alias "
                                           "tidak diterima", REFERENCE_FIX)
    return None


def _depth_problem(filename: str, line: int) -> Problem:
    return Problem(filename, line, "", f"YAML bersarang terlalu dalam (lebih dari {MAX_DEPTH} tingkat)",
                   "kurangi tingkat bersarangnya: tulis pasangan 'kunci: nilai' dan daftar seperti di templat")


def _scan(text: str, filename: str, line_offset: int, loader: type) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        problem = _reference_problem(event, filename, line_offset)
        if problem is not None:
            raise ProblemsError([problem])
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise ProblemsError([_depth_problem(filename, event.start_mark.line + 1 + line_offset)])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def refuse_references(text: str, filename: str, line_offset: int = 0) -> None:
    """Raise ProblemsError at the first anchor, alias or level deeper than MAX_DEPTH (its line).

    Broken YAML is left to the loader, which names it in its own words; the pure-Python parser
    is asked again first, so that a text only libyaml refuses is still scanned."""
    try:
        _scan(text, filename, line_offset, _EVENTS)
    except yaml.YAMLError:
        if _EVENTS is yaml.SafeLoader:
            return
        try:
            _scan(text, filename, line_offset, yaml.SafeLoader)  # never recursive: a state machine
        except yaml.YAMLError:
            return


def refuse_duplicates(node: yaml.Node | None, filename: str, line_offset: int = 0) -> None:
    """Raise ProblemsError for every key written twice in one mapping (the line of the second),
    and for nesting deeper than MAX_DEPTH. Iterative; `node` must come from text without aliases.
    (The site build asks it of every post: the common case is one set per mapping.)"""
    problems: list[Problem] = []
    stack: list[tuple[yaml.Node, tuple, int]] = [(node, (), 1)] if node is not None else []
    while stack:
        current, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ProblemsError([_depth_problem(filename, current.start_mark.line + 1 + line_offset)])
        if isinstance(current, yaml.MappingNode):
            pairs = current.value
            keys = [key.value for key, _ in pairs if isinstance(key, yaml.ScalarNode)]
            if len(set(keys)) != len(keys):
                problems.extend(_duplicates(pairs, path, filename, line_offset))
            stack.extend((value, (*path, key.value), depth + 1) for key, value in pairs
                         if not isinstance(value, yaml.ScalarNode))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, (*path, index), depth + 1) for index, item in enumerate(current.value)
                         if not isinstance(item, yaml.ScalarNode))
    if problems:
        raise ProblemsError(problems)


def _duplicates(pairs: list, path: tuple, filename: str, line_offset: int) -> list[Problem]:
    problems = []
    seen: dict[tuple[str, str], int] = {}
    for key_node, _ in pairs:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        line = key_node.start_mark.line + 1 + line_offset
        identity = (key_node.tag, key_node.value)
        if identity in seen:
            problems.append(Problem(
                filename, line, ".".join(str(part) for part in (*path, key_node.value)),
                f"kunci '{key_node.value}' ditulis dua kali (pertama di baris {seen[identity]})",
                "hapus salah satunya: setiap kunci hanya boleh ditulis sekali"))
        else:
            seen[identity] = line
    return problems


def load_located(text: str, filename: str, line_offset: int = 0) -> Located:
    """Parse one YAML document; broken YAML raises ProblemsError pointing at the line, and so do
    anchors, aliases, nesting deeper than MAX_DEPTH and duplicate keys (see the module)."""
    refuse_references(text, filename, line_offset)  # before any node is built: a bomb is never expanded
    try:
        loader = yaml.SafeLoader(text)  # parse once: the nodes give lines, the same nodes give data
        try:
            node = loader.get_single_node()
            refuse_duplicates(node, filename, line_offset)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = (exc.problem or exc.context or "tidak dapat dibaca").strip()
        if exc.context_mark and "quoted scalar" in (exc.context or ""):
            # An unclosed quote fails at the end of the text; the quote's own line is the clue.
            mark, what = exc.context_mark, "tanda kutip dibuka tetapi tidak ditutup"
        line = (mark.line + 1 if mark else 1) + line_offset
        raise ProblemsError([Problem(
            filename, line, "",
            f"YAML rusak ({what})",
            "periksa indentasi, tanda titik dua, dan tanda kutip pada baris ini",
        )]) from None
    except (ValueError, OverflowError):  # a well-formed but impossible value, e.g. date 2026-13-45
        line, value = _bad_value(text)
        raise ProblemsError([Problem(
            filename, line + line_offset, "", f"nilai '{value}' tidak sah",
            "periksa nilai pada baris ini, mis. tanggal harus TTTT-BB-HH yang benar",
        )]) from None
    except yaml.YAMLError as exc:
        raise ProblemsError([Problem(
            filename, 1 + line_offset, "", f"YAML rusak ({exc})",
            "periksa penulisan YAML berkas ini",
        )]) from None
    except RecursionError:  # refused above; kept so that no text gives a traceback
        raise ProblemsError([_depth_problem(filename, 1 + line_offset)]) from None
    lines: dict[tuple, int] = {}
    if node is not None:
        _walk(node, (), lines, line_offset)
    return Located(data, lines, first_line=1 + line_offset)
