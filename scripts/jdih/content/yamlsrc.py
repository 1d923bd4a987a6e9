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

**Broken YAML is told in Indonesian, at the line to fix** (`broken_yaml`): the parser's
English is never shown. A tab says "ganti tab dengan spasi" on the tab's line; a ``#``
inside a flow list (``tags: [#PKPU, Dasar Hukum]``, which YAML reads as the start of a
comment, so the parser only complains lines later) is named on its own line with the line
rewritten both ways; an impossible date (``2026-02-30``) names its key, says what is wrong
(February 2026 has 28 days) and shows a correct example, with the caller's word on whether a
time is needed (`load_located`'s `date_hint`).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
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


def _bad_value(text: str) -> tuple[int, str, tuple]:
    """(1-based line, text, key path) of the first scalar PyYAML cannot construct (it raises
    without a mark), in document order."""
    loader = yaml.SafeLoader(text)
    try:
        stack: list[tuple[yaml.Node, tuple]] = [(loader.get_single_node(), ())]
        while stack:
            node, path = stack.pop(0)
            if isinstance(node, yaml.ScalarNode):
                try:
                    loader.construct_object(node)
                except (ValueError, OverflowError):
                    return node.start_mark.line + 1, node.value, path
            elif isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    stack.extend([(key, path), (value, (*path, key.value))])
            elif isinstance(node, yaml.SequenceNode):
                stack.extend((item, (*path, index)) for index, item in enumerate(node.value))
    finally:
        loader.dispose()
    return 1, "", ()


# -- impossible dates ---------------------------------------------------------------------------

_DATE_VALUE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?")
_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember")


def _date_problem(value: str) -> tuple[str, str] | None:
    """(what is wrong, a correct example) for a date or a moment YAML recognised but the calendar
    does not have (2026-02-30, 2026-13-01, 2026-11-24 25:00), or None for any other value."""
    match = _DATE_VALUE.match(value)
    if match is None:
        return None
    year, month, day = (int(match.group(n)) for n in (1, 2, 3))
    if not 1 <= month <= 12:
        return (f"tanggal '{value}' tidak ada di kalender: bulan {match.group(2)} tidak ada (bulan ditulis 01 "
                f"sampai 12)", f"{year:04d}-12-31")
    last = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if not 1 <= day <= last:
        return (f"tanggal '{value}' tidak ada di kalender: {_MONTHS[month - 1]} {year} hanya sampai tanggal "
                f"{last}", f"{year:04d}-{month:02d}-{last:02d}")
    if match.group(4) is not None:
        hour, minute = int(match.group(4)), int(match.group(5))
        second = int(match.group(6) or 0)
        if hour > 23 or minute > 59 or second > 59:
            return (f"jam pada '{value}' tidak ada (jam ditulis 00:00 sampai 23:59)",
                    f"{year:04d}-{month:02d}-{day:02d} 09:00")
    return None


# -- the parser's errors, in Indonesian ----------------------------------------------------------

# A line whose flow list or mapping (`key: [`, `key: {`) meets a '#' that YAML reads as a comment.
_FLOW_START = re.compile(r"^(?P<lead>\s*(?:-\s+)?[^\s#'\"][^:#]*:[ \t]*)(?P<flow>[\[{].*)$")
_KEY_LINE = re.compile(r"^(?P<indent> *)(?:- +)?(?P<key>[^\s#'\"\[\]{},:][^:#]*?)[ \t]*:(?:[ \t]|$)")
QUOTE_FIX = 'beri tanda kutip ganda pada nilainya, mis. title: "Judul: Anak Judul"'
GENERAL_FIX = "periksa indentasi (spasi, bukan tab), tanda titik dua setelah nama kunci, dan tanda kutip pada baris ini"
TAB_FIX = "ganti tab dengan spasi (dua spasi untuk setiap tingkat indentasi)"


def _comment_in_flow(line: str) -> int | None:
    """The index of a '#' that starts a comment inside an unclosed flow collection on `line`."""
    match = _FLOW_START.match(line)
    if match is None:
        return None
    depth, quote, previous = 0, "", " "
    for index in range(match.start("flow"), len(line)):
        char = line[index]
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"" and previous in "[{, \t":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return None
        elif char == "#" and depth > 0 and previous in "[{, \t":
            return index
        previous = char
    return None


def _unclosed_flow(lines: list[str], upto: int) -> int | None:
    """The last line (0-based, at most `upto`) whose flow list or mapping (`key: [`) is still open
    at its end, else None."""
    for index in range(min(upto, len(lines) - 1), -1, -1):
        match = _FLOW_START.match(lines[index])
        if match is None:
            continue
        depth, quote = 0, ""
        for char in lines[index][match.start("flow"):]:
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char == "#" and depth == 0:
                break
            elif char in "[{":
                depth += 1
            elif char in "]}":
                depth -= 1
        if depth > 0:
            return index
    return None


def _flow_fixes(line: str) -> tuple[str, str]:
    """`line` with its '#'-items rewritten: (without the '#', quoted)."""
    match = _FLOW_START.match(line)
    lead, flow = match.group("lead"), match.group("flow")
    item = re.compile(r"(?P<before>[\[{,][ \t]*)#(?P<name>[^,\]}]*?)(?P<after>[ \t]*(?=[,\]}]|$))")
    dropped = item.sub(lambda m: f"{m['before']}{m['name']}{m['after']}", flow)
    quoted = item.sub(lambda m: f'{m["before"]}"#{m["name"]}"{m["after"]}', flow)
    close = "]" if flow.startswith("[") else "}"
    if not dropped.rstrip().endswith(close):
        dropped, quoted = dropped.rstrip() + close, quoted.rstrip() + close
    return (lead + dropped).strip(), (lead + quoted).strip()


def _key_at(lines: list[str], index: int) -> str:
    """The dotted key written on line `index` (0-based), its parents found by indentation, or ''."""
    match = _KEY_LINE.match(lines[index]) if index < len(lines) else None
    if match is None:
        return ""
    keys, indent = [match.group("key").strip()], len(match.group("indent"))
    for above in reversed(lines[:index]):
        parent = _KEY_LINE.match(above)
        if parent is not None and len(parent.group("indent")) < indent and not above.lstrip().startswith("-"):
            keys.insert(0, parent.group("key").strip())
            indent = len(parent.group("indent"))
            if indent == 0:
                break
    return ".".join(keys)


def _tab_line(lines: list[str], upto: int) -> int | None:
    """The first line (0-based, at most `upto`) with a tab in its indentation, else `upto` when
    that line holds a tab anywhere, else None."""
    for index, line in enumerate(lines[:upto + 1]):
        if "\t" in line[:len(line) - len(line.lstrip(" \t"))]:
            return index
    return upto if upto < len(lines) and "\t" in lines[upto] else None


def _explain(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int | None, str, str]:
    """(0-based line, or None for the problem's own, what, fix) for a parser error."""
    mark = exc.problem_mark or exc.context_mark
    opened = _unclosed_flow(lines, mark.line if mark is not None else len(lines) - 1)
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    found = re.search(r"found '([^']*)'|got '([^']*)'", problem)
    token = next((group for group in found.groups() if group), "") if found else ""
    if "escape" in problem:
        return None, "garis miring terbalik '\\' di dalam tanda kutip ganda dibaca sebagai kode khusus", \
            "tulis nilainya di antara tanda kutip tunggal ('…'), atau tulis garis miring terbalik dua kali ('\\\\')"
    if "quoted scalar" in context and exc.context_mark is not None:
        # An unclosed quote fails at the end of the text; the quote's own line is the clue.
        return exc.context_mark.line, "tanda kutip dibuka tetapi tidak ditutup", \
            "tutup tanda kutipnya di akhir nilai, pada baris yang sama"
    character = re.search(r"found character '(.*)' that cannot start any token", problem)
    if character is not None:
        shown = character.group(1)
        return None, f"nilai tidak boleh diawali tanda '{shown}'", \
            f'beri tanda kutip ganda pada nilainya, mis. title: "{shown}…"'
    if "mapping values are not allowed" in problem:
        return None, "tanda titik dua ':' tidak diharapkan di sini", \
            (f"{QUOTE_FIX}; bila baris di atasnya kehilangan titik dua setelah nama kuncinya, tambahkan "
             "titik dua itu")
    if "could not find expected ':'" in problem or "simple key" in context:
        return (exc.context_mark.line if exc.context_mark else None), \
            "baris ini tidak berbentuk 'kunci: nilai' (tanda titik dua setelah nama kunci tidak ditemukan)", \
            "tambahkan ':' setelah nama kunci, atau gabungkan baris ini dengan nilai di atasnya (dalam tanda kutip)"
    if problem.startswith(("expected ',' or ']'", "expected ',' or '}'")) or \
            ("flow" in context and token == "<stream end>"):
        close = "]" if "']'" in problem or "[" in (lines[opened] if opened is not None else "") else "}"
        return opened if opened is not None else (exc.context_mark.line if exc.context_mark else None), \
            f"daftar dalam kurung {'[ ]' if close == ']' else '{ }'} tidak tertutup, atau butirnya tidak dipisah koma", \
            (f"tutup dengan '{close}' di baris yang sama dan pisahkan butirnya dengan koma, "
             + ("mis. tags: [Pemilu2029, DasarHukum]" if close == "]" else "mis. image: {src: gambar.jpg, alt: \"…\"}"))
    if "block scalar" in context:
        return None, "tanda '|' atau '>' harus diakhiri baris baru", \
            "tulis takarirnya mulai di baris berikutnya, dengan dua spasi di awal setiap baris"
    if problem.startswith("expected <block end>") or "did not find expected key" in problem \
            or "did not find expected '-'" in problem:
        if token == "<scalar>":
            return None, "ada teks yang tidak diharapkan pada baris ini", \
                ("tulis seluruh nilai di dalam tanda kutip (tidak ada teks setelah tanda kutip penutup), dan "
                 "beri setiap baris takarir di bawah 'caption: |' dua spasi di awalnya")
        if token == "-":
            return None, "butir daftar '- ' tidak pada tempatnya", \
                "tulis butir daftar di bawah kuncinya dengan indentasi yang sama, mis. '  - Peraturan' di bawah 'categories:'"
        return None, "indentasi baris ini tidak cocok dengan baris di atasnya", \
            ("samakan jumlah spasi di awal baris ini dengan kunci lain pada tingkat yang sama (mis. 'src:' dan "
             "'alt:' di bawah 'image:' sama-sama dua spasi)")
    if "block sequence entries are not allowed" in problem:
        return None, "butir daftar '- ' tidak boleh ditulis di baris yang sama dengan kuncinya", \
            "tulis butirnya di baris berikutnya, dengan dua spasi di awal, mis. '  - Peraturan'"
    if problem.startswith("expected the node content"):
        return None, "nilai pada baris ini hilang atau diawali tanda yang tidak diharapkan", \
            'beri tanda kutip ganda pada nilainya, mis. title: "…"'
    if "single document" in context or "another document" in problem:
        return None, "baris '---' muncul lebih dari sekali", \
            "hapus baris '---' yang di tengah: isian diawali dan diakhiri satu baris '---'"
    if "expected a comment or a line break" in problem:
        return None, "ada teks setelah nilai pada baris ini", \
            "tulis seluruh nilai di dalam tanda kutip, atau pindahkan teks itu ke baris sendiri"
    return None, "penulisan YAML pada baris ini tidak dapat dibaca", GENERAL_FIX


def broken_yaml(exc: yaml.YAMLError, text: str, filename: str, line_offset: int = 0) -> Problem:
    """The one problem of a text the YAML parser refuses: in Indonesian, at the line to fix
    (see the module), never the parser's English."""
    lines = text.split("\n")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    at = mark.line if mark is not None else 0
    for index, line in enumerate(lines[:at + 1]):
        comment = _comment_in_flow(line)
        if comment is not None:
            dropped, quoted = _flow_fixes(line)
            return Problem(
                filename, index + 1 + line_offset, _key_at(lines, index),
                "YAML rusak: tanda '#' di dalam daftar [ … ] dibaca sebagai awal catatan (komentar), sehingga sisa "
                "baris ini terbuang dan daftarnya tidak tertutup",
                f"tulis tanpa tanda '#': {dropped}; atau beri tanda kutip: {quoted}")
    tab = _tab_line(lines, at)
    if tab is not None and ("\t" in (getattr(exc, "problem", "") or "") or "tab" in (getattr(exc, "problem", "") or "")
                            or "\t" in lines[tab]):
        return Problem(filename, tab + 1 + line_offset, _key_at(lines, tab),
                       "YAML rusak: baris ini memakai karakter tab, sedangkan YAML hanya menerima spasi", TAB_FIX)
    if isinstance(exc, yaml.MarkedYAMLError):
        own, what, fix = _explain(exc, lines)
        index = own if own is not None else at
    else:
        index, what, fix = 0, "penulisan YAML tidak dapat dibaca", GENERAL_FIX
    return Problem(filename, index + 1 + line_offset, "", f"YAML rusak: {what}", fix)


def bad_value_problem(text: str, filename: str, line_offset: int = 0,
                      date_hint: Callable[[tuple, str], str] | None = None) -> Problem:
    """The problem of a well-formed value the calendar (or Python) cannot hold, e.g. 2026-02-30."""
    line, value, path = _bad_value(text)
    key = ".".join(str(part) for part in path)
    date = _date_problem(value)
    if date is not None:
        what, example = date
        hint = date_hint(path, example[:10]) if date_hint is not None else ""
        fix = f"tulis tanggal yang benar sebagai TTTT-BB-HH, mis. {example}" + (f"; {hint}" if hint else "")
        return Problem(filename, line + line_offset, key, what, fix)
    return Problem(filename, line + line_offset, key, f"nilai '{value}' tidak sah",
                   "periksa nilai pada baris ini dan tulis seperti contoh di templat")


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


def load_located(text: str, filename: str, line_offset: int = 0,
                 date_hint: Callable[[tuple, str], str] | None = None) -> Located:
    """Parse one YAML document; broken YAML raises ProblemsError pointing at the line (in
    Indonesian: `broken_yaml`), and so do anchors, aliases, nesting deeper than MAX_DEPTH and
    duplicate keys (see the module). `date_hint(key path, example date)`: what to add to an
    impossible date's fix, e.g. whether a time is needed."""
    refuse_references(text, filename, line_offset)  # before any node is built: a bomb is never expanded
    try:
        loader = yaml.SafeLoader(text)  # parse once: the nodes give lines, the same nodes give data
        try:
            node = loader.get_single_node()
            refuse_duplicates(node, filename, line_offset)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise ProblemsError([broken_yaml(exc, text, filename, line_offset)]) from None
    except (ValueError, OverflowError):  # a well-formed but impossible value, e.g. date 2026-02-30
        raise ProblemsError([bad_value_problem(text, filename, line_offset, date_hint)]) from None
    except RecursionError:  # refused above; kept so that no text gives a traceback
        raise ProblemsError([_depth_problem(filename, 1 + line_offset)]) from None
    lines: dict[tuple, int] = {}
    if node is not None:
        _walk(node, (), lines, line_offset)
    return Located(data, lines, first_line=1 + line_offset)
