"""GitHub's REST schema (the shared OpenAPI subset plus its set-up paths) as a response validator.

The document is OpenAPI 3.0, whose schemas say ``nullable: true`` instead of JSON
Schema's ``type: [..., "null"]``; it is rewritten once on load so that a JSON Schema
2020-12 validator (with the document registered in a ``referencing`` registry, so
``$ref`` resolves) checks response bodies the way GitHub's schema means them.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from jdih.testing import GITHUB_REFERENCE

SPEC_PATH = GITHUB_REFERENCE / "rest-api-subset.json"
# The set-up endpoints (deploy keys, environments, secrets, ...), cut from the same release;
# see rest-api-setup.md. Loaded together with the subset as one document.
SETUP_SPEC_PATH = GITHUB_REFERENCE / "rest-api-setup.json"
SPEC_URI = "urn:github-rest-api-subset"
METHODS = ("get", "post", "put", "patch", "delete")

# Endpoints outside the shared subset that PyGithub needs on the way to one inside it
# (``repo.get_commit(sha)`` fetches the commit before ``Commit.get_pulls()``), with the
# component schema GitHub documents for them.
EXTRA_OPERATIONS: dict[tuple[str, str], dict[int, str]] = {
    ("GET", "/repos/{owner}/{repo}/commits/{ref}"): {200: "commit"},
}

_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _nullable_to_json_schema(node: Any) -> Any:
    """Rewrite OpenAPI 3.0 ``nullable`` into JSON Schema (bottom-up, in place)."""
    if isinstance(node, list):
        return [_nullable_to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _nullable_to_json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False) is True:
        if "type" in node and not isinstance(node["type"], list):
            node["type"] = [node["type"], "null"]
            if "enum" in node and None not in node["enum"]:
                node["enum"] = [*node["enum"], None]
        else:
            # A $ref/allOf/oneOf that may also be null.
            node = {"anyOf": [node, {"type": "null"}]}
    return node


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())

    @checker.checks("date-time")
    def _date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if not _DATE_TIME.match(value):
            return False
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True

    @checker.checks("uri")
    def _uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme in ("mailto", "urn"))

    return checker


def _pointer_escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    regex: re.Pattern[str]


class ApiSchema:
    """Response schemas of the shared OpenAPI subset, by (method, path template, status)."""

    def __init__(self, path: Path = SPEC_PATH, extra: Path | None = SETUP_SPEC_PATH) -> None:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if extra is not None:
            more = json.loads(extra.read_text(encoding="utf-8"))
            raw["paths"].update(more["paths"])
            for kind, items in more["components"].items():
                raw["components"].setdefault(kind, {}).update(items)
        self.version: str = raw["openapi"]
        # OpenAPI 3.1 is JSON Schema already; only 3.0 needs the nullable rewrite.
        self.document = _nullable_to_json_schema(raw) if self.version.startswith("3.0") else raw
        resource = Resource.from_contents(self.document, default_specification=DRAFT202012)
        self.registry = Registry().with_resource(SPEC_URI, resource)
        self.format_checker = _format_checker()
        self.operations: list[Operation] = []
        for template, item in self.document["paths"].items():
            pattern = re.sub(r"\\\{(\w+)\\\}", lambda m: f"(?P<{m.group(1)}>[^/]+)", re.escape(template))
            # A file path and a branch name ("draf/slug", as PyGithub sends it) may span slashes.
            pattern = pattern.replace("(?P<path>[^/]+)", "(?P<path>.*)").replace("(?P<branch>[^/]+)", "(?P<branch>.+)")
            for method in METHODS:
                if method in item:
                    self.operations.append(Operation(method.upper(), template, re.compile(f"^{pattern}$")))
        for method, template in EXTRA_OPERATIONS:
            pattern = re.sub(r"\\\{(\w+)\\\}", lambda m: f"(?P<{m.group(1)}>[^/]+)", re.escape(template))
            self.operations.append(Operation(method, template, re.compile(f"^{pattern}$")))

    def match(self, method: str, path: str) -> tuple[str, dict[str, str]] | None:
        """The path template (and its raw parameters) that a concrete request path is for.

        The most specific template wins: ".../branches/{branch}/protection" over
        ".../branches/{branch}", since a branch name may contain slashes.
        """
        best: tuple[str, dict[str, str]] | None = None
        best_literal = -1
        for op in self.operations:
            if op.method != method.upper():
                continue
            found = op.regex.match(path)
            if found:
                literal = len(re.sub(r"\{\w+\}", "", op.template))
                if literal > best_literal:
                    best, best_literal = (op.template, found.groupdict()), literal
        return best

    def templates(self) -> list[tuple[str, str]]:
        return [(op.method, op.template) for op in self.operations]

    def response_pointer(self, method: str, template: str, status: int) -> str | None:
        """JSON pointer to the schema for this response, or None when it has no body.

        Raises KeyError when the operation does not document the status at all.
        """
        extra = EXTRA_OPERATIONS.get((method.upper(), template))
        if extra is not None:
            return f"/components/schemas/{_pointer_escape(extra[status])}"
        op_pointer = f"/paths/{_pointer_escape(template)}/{method.lower()}/responses"
        responses = self.document["paths"][template][method.lower()]["responses"]
        response = responses[str(status)]
        pointer = f"{op_pointer}/{status}"
        if "$ref" in response:
            name = response["$ref"].rsplit("/", 1)[-1]
            response = self.document["components"]["responses"][name]
            pointer = f"/components/responses/{_pointer_escape(name)}"
        content = response.get("content")
        if not content:
            return None
        media = "application/json" if "application/json" in content else next(iter(content))
        return f"{pointer}/content/{_pointer_escape(media)}/schema"

    def request_errors(self, method: str, template: str, body: Any) -> list[str]:
        """How a JSON request body breaks the operation's documented ``requestBody``."""
        operation = self.document["paths"].get(template, {}).get(method.lower())
        content = ((operation or {}).get("requestBody") or {}).get("content") or {}
        if "application/json" not in content or "schema" not in content["application/json"]:
            return []
        pointer = f"/paths/{_pointer_escape(template)}/{method.lower()}/requestBody/content/application~1json/schema"
        validator = self.validator_for(pointer)
        schema = content["application/json"]["schema"]
        if isinstance(body, dict) and isinstance(schema, dict):
            # GitHub takes an optional top-level field sent as null as not sent (PyGithub
            # sends e.g. "lock_branch": null in a protection update).
            required = set(schema.get("required", []))
            body = {key: value for key, value in body.items() if value is not None or key in required}
        return [
            f"{'/'.join(map(str, e.absolute_path)) or 'body'}: {e.message}"
            for e in sorted(validator.iter_errors(body), key=lambda e: list(map(str, e.absolute_path)))
        ]

    def error_schema_name(self, method: str, template: str, status: int) -> str | None:
        """The component schema name of a documented error response ("validation-error", ...)."""
        try:
            pointer = self.response_pointer(method, template, status)
        except KeyError:
            return None
        if pointer is None:
            return None
        node: Any = self.document
        for token in pointer.strip("/").split("/"):
            node = node[token.replace("~1", "/").replace("~0", "~")]
        ref = node.get("$ref", "")
        return ref.rsplit("/", 1)[-1] or None

    def validator_for(self, pointer: str) -> Draft202012Validator:
        return _validator(self, pointer)

    def errors(self, method: str, template: str, status: int, body: Any) -> list[str]:
        """Every way this response body breaks GitHub's schema (empty list: valid)."""
        try:
            pointer = self.response_pointer(method, template, status)
        except KeyError:
            if status >= 400:
                # Undocumented error statuses (e.g. 401) carry GitHub's basic error.
                pointer = "/components/schemas/basic-error"
            else:
                return [f"{method} {template}: status {status} is not documented"]
        if pointer is None and status >= 400 and body not in (None, b"", ""):
            # Documented without content (e.g. "Unprocessable Entity if user is not a
            # collaborator"), yet GitHub still sends its basic error body.
            pointer = "/components/schemas/basic-error"
        if pointer is None:
            return [] if body in (None, b"", "") else [f"{method} {template} {status}: expected no body"]
        validator = self.validator_for(pointer)
        found = sorted(validator.iter_errors(body), key=lambda e: list(map(str, e.absolute_path)))
        if status >= 400:
            # Some error responses are a oneOf of two schemas without required fields
            # (repository-rule-violation-error | basic-error): every body matches both, so
            # the oneOf can never pass. Matching more than one alternative is accepted there.
            found = [e for e in found if not (e.validator == "oneOf" and "is valid under each of" in e.message)]
        return [f"{method} {template} {status}: {'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in found]

    def schema_errors(self, schema_name: str, body: Any) -> list[str]:
        """Errors of ``body`` against ``#/components/schemas/<schema_name>``."""
        validator = self.validator_for(f"/components/schemas/{_pointer_escape(schema_name)}")
        return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in validator.iter_errors(body)]


@cache
def _validator(schema: ApiSchema, pointer: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": f"{SPEC_URI}#{pointer}"},
        registry=schema.registry,
        format_checker=schema.format_checker,
    )


@lru_cache(maxsize=1)
def load_schema() -> ApiSchema:
    """The shared schema, parsed once per process."""
    return ApiSchema()


def example(name: str) -> Any:
    """A deep copy of one of the document's own examples (``components/examples``)."""
    return copy.deepcopy(load_schema().document["components"]["examples"][name]["value"])
