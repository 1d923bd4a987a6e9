"""YAML that remembers where each key came from, so errors can name file and line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from jdih.content.problems import Problem, ProblemsError


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
                except ValueError:
                    return node.start_mark.line + 1, node.value
            elif isinstance(node, yaml.MappingNode):
                stack.extend(value for pair in node.value for value in pair)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
    finally:
        loader.dispose()
    return 1, ""


def load_located(text: str, filename: str, line_offset: int = 0) -> Located:
    """Parse one YAML document; broken YAML raises ProblemsError pointing at the line."""
    try:
        loader = yaml.SafeLoader(text)  # parse once: the nodes give lines, the same nodes give data
        try:
            node = loader.get_single_node()
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
    except ValueError:  # a well-formed but impossible value, e.g. date 2026-13-45
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
    lines: dict[tuple, int] = {}
    if node is not None:
        _walk(node, (), lines, line_offset)
    return Located(data, lines, first_line=1 + line_offset)
