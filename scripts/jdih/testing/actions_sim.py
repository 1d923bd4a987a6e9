"""A small GitHub Actions simulator: run a workflow's jobs and `run:` steps for real, locally.

It proves the YAML wiring (step order, `if:`, `env:`, outputs between steps and jobs,
`continue-on-error`, secrets only where declared) against real git, the fake GitHub and
the local receiver. Deliberately strict: an expression, context, shell or action it does
not know raises `Unsupported`, so the workflows cannot drift into something untested.

What it emulates, as GitHub-hosted runners do:

* environment: CI, GITHUB_ACTIONS, GITHUB_EVENT_NAME, GITHUB_EVENT_PATH (the payload
  given), GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_ENV / GITHUB_PATH (fresh files per
  step, read back after it), GITHUB_WORKSPACE, GITHUB_REPOSITORY, GITHUB_API_URL,
  GITHUB_SERVER_URL, GITHUB_SHA, GITHUB_REF, GITHUB_RUN_ID, RUNNER_TEMP; GITHUB_TOKEN
  only where a step's `env:` puts it (as on GitHub); the venv's bin first on PATH;
* `env:` at workflow, job and step level; `${{ }}` with the contexts github, env,
  secrets, steps, needs, inputs and the operators ==, !=, !, &&, || and parentheses,
  plus success(), failure(), always(), cancelled();
* shells: the default (`bash -e`) and `shell: bash` (`bash --noprofile --norc -eo pipefail`);
  `working-directory`; `continue-on-error`; `timeout-minutes` of the job;
* workflow commands in the log: ::add-mask:: (later log text masked), ::error::,
  ::warning::, ::notice:: (kept as annotations);
* `uses:` — only the actions in `PINS`, each at its verified commit (`actions/x@<sha>`, the
  tag in the comment), and for each only the inputs it declares and the simulator treats
  (`INPUTS`; an unknown input, or a known one it does not treat, raises `Unsupported`):
  checkout v7.0.1 (the job's workspace is already a clone, from `workspace_for`;
  `sparse-checkout` is applied to it with `git sparse-checkout`, cone mode or not);
  setup-python v7.0.0 (the running interpreter, which must match `python-version`; outputs
  python-version, python-path, cache-hit "false"); cache v5.0.5 and cache/restore v5.0.5
  (the key is checked as the action checks it — at most 512 characters, no comma, at most
  10 keys —, nothing is stored: always a miss, cache-hit "false"); upload-artifact v7.0.0
  and upload-pages-artifact v5.0.0 (the path must exist; recorded); deploy-pages v5.0.0
  (needs an uploaded Pages artifact; recorded, output page_url). Any other action raises
  `Unsupported`.
* `skip_steps={step_id: reason}` skips a step explicitly with a log line (e.g. the
  `pip install .` that would reinstall the package into the shared venv).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

VENV_BIN = Path(sys.executable).parent
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
STATUS_FUNCTIONS = ("success", "failure", "always", "cancelled")
CONTEXTS = ("github", "env", "secrets", "steps", "needs", "inputs")


SKIP_MARKERS = ("[skip ci]", "[ci skip]", "[no ci]", "[skip actions]", "[actions skip]")


def push_triggers_workflows(push: dict[str, Any], head_message: str = "") -> bool:
    """Whether a push (an entry of the fake's ``pushes``) starts `on: push` workflows.

    "Triggering a workflow from a workflow": events made with the repository's GITHUB_TOKEN
    create no new workflow run (except workflow_dispatch and repository_dispatch); a push with
    a deploy key, a GitHub App token or a person's token does. And "Skipping workflow runs":
    a pushed commit whose message says [skip ci] (or the like) starts none either."""
    if push.get("actor_type") == "GitHubActions":
        return False
    return not any(marker in head_message for marker in SKIP_MARKERS)


class Unsupported(Exception):
    """The workflow uses something the simulator does not emulate."""


# -- expressions --------------------------------------------------------------------------

TOKEN = re.compile(r"""\s*(?:
    (?P<string>'(?:[^']|'')*')
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<op>==|!=|&&|\|\||!|\(|\)|,)
  | (?P<name>[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_*][A-Za-z0-9_-]*)*)
)""", re.VERBOSE)


def tokenize(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    text = text.strip()
    while position < len(text):
        match = TOKEN.match(text, position)
        if not match or match.end() == position:
            raise Unsupported(f"expression not supported by the simulator: {text!r} (at {text[position:]!r})")
        kind = match.lastgroup
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


@dataclass
class Scope:
    contexts: dict[str, Any]
    status: Callable[[str], bool]


class Parser:
    """Recursive descent: or → and → not → comparison → primary."""

    def __init__(self, text: str, scope: Scope):
        self.text, self.tokens, self.index, self.scope = text, tokenize(text), 0, scope

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (value is not None and token[1] != value):
            raise Unsupported(f"expression not supported by the simulator: {self.text!r}")
        self.index += 1
        return token

    def parse(self) -> Any:
        value = self.or_()
        if self.peek() is not None:
            raise Unsupported(f"expression not supported by the simulator: {self.text!r}")
        return value

    def or_(self) -> Any:
        value = self.and_()
        while self.peek() == ("op", "||"):
            self.take()
            right = self.and_()
            value = value if truthy(value) else right
        return value

    def and_(self) -> Any:
        value = self.not_()
        while self.peek() == ("op", "&&"):
            self.take()
            right = self.not_()
            value = right if truthy(value) else value
        return value

    def not_(self) -> Any:
        if self.peek() == ("op", "!"):
            self.take()
            return not truthy(self.not_())
        return self.comparison()

    def comparison(self) -> Any:
        left = self.primary()
        token = self.peek()
        if token in (("op", "=="), ("op", "!=")):
            self.take()
            right = self.primary()
            equal = loose_equal(left, right)
            return equal if token[1] == "==" else not equal
        return left

    def primary(self) -> Any:
        kind, value = self.take()
        if kind == "string":
            return value[1:-1].replace("''", "'")
        if kind == "number":
            return float(value) if "." in value else int(value)
        if value == "(":
            inner = self.or_()
            self.take(")")
            return inner
        if kind != "name":
            raise Unsupported(f"expression not supported by the simulator: {self.text!r}")
        if value in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[value]
        if self.peek() == ("op", "("):
            if value not in STATUS_FUNCTIONS:
                raise Unsupported(f"function {value}() is not supported by the simulator ({self.text!r})")
            self.take()
            self.take(")")
            return self.scope.status(value)
        return self.lookup(value)

    def lookup(self, dotted: str) -> Any:
        head, *rest = dotted.split(".")
        if head not in CONTEXTS:
            raise Unsupported(f"context '{head}' is not supported by the simulator ({self.text!r})")
        value: Any = self.scope.contexts.get(head, {})
        for part in rest:
            if part == "*":
                raise Unsupported(f"object filters are not supported by the simulator ({self.text!r})")
            if isinstance(value, dict):
                value = value.get(part, "" if head == "secrets" else None)
            else:
                value = None
        return value


def truthy(value: Any) -> bool:
    return value not in (None, False, 0, "", 0.0)


def loose_equal(left: Any, right: Any) -> bool:
    # Actions compares strings ignoring case; null equals null only.
    if isinstance(left, str) and isinstance(right, str):
        return left.casefold() == right.casefold()
    return left == right


def evaluate(text: str, scope: Scope) -> Any:
    return Parser(text, scope).parse()


def uses_status(text: str) -> bool:
    return any(name == value for kind, value in tokenize(text) for name in STATUS_FUNCTIONS if kind == "name")


def interpolate(value: Any, scope: Scope) -> Any:
    """Replace every `${{ … }}` in a string (recursively in lists and mappings)."""
    if isinstance(value, dict):
        return {key: interpolate(item, scope) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, scope) for item in value]
    if not isinstance(value, str):
        return value
    whole = EXPRESSION.fullmatch(value.strip())
    if whole:
        result = evaluate(whole.group(1), scope)
        return "" if result is None else (str(result).lower() if isinstance(result, bool) else result)

    def one(match: re.Match) -> str:
        result = evaluate(match.group(1), scope)
        if isinstance(result, bool):
            return str(result).lower()
        return "" if result is None else (json.dumps(result) if isinstance(result, (dict, list)) else str(result))

    return EXPRESSION.sub(one, value)


def condition(text: Any, scope: Scope) -> bool:
    """An `if:` value: `${{ }}` optional; without a status function it means success() && (…)."""
    if isinstance(text, bool):
        return text
    text = str(text).strip()
    whole = EXPRESSION.fullmatch(text)
    if whole:
        text = whole.group(1).strip()
    elif "${{" in text:
        raise Unsupported(f"if: with text around an expression is not supported: {text!r}")
    result = truthy(evaluate(text, scope))
    if not uses_status(text):
        return scope.status("success") and result
    return result


# -- files the runner reads back ----------------------------------------------------------


def parse_key_values(text: str) -> dict[str, str]:
    """GITHUB_OUTPUT / GITHUB_ENV syntax: `name=value` or `name<<DELIM` … `DELIM`."""
    values: dict[str, str] = {}
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.strip():
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body = []
            while index < len(lines) and lines[index] != delimiter:
                body.append(lines[index])
                index += 1
            if index >= len(lines):
                raise AssertionError(f"heredoc {delimiter!r} for {name!r} is never closed")
            index += 1
            values[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
        else:
            raise AssertionError(f"invalid line in a runner file: {line!r}")
    return values


# -- results --------------------------------------------------------------------------------


@dataclass
class StepResult:
    id: str | None
    name: str
    outcome: str  # success / failure / skipped
    conclusion: str
    outputs: dict[str, str] = field(default_factory=dict)
    log: str = ""
    env: dict[str, str] = field(default_factory=dict)  # the step's own env (after evaluation)
    note: str = ""


@dataclass
class JobResult:
    name: str
    result: str  # success / failure / skipped
    outputs: dict[str, str] = field(default_factory=dict)
    steps: list[StepResult] = field(default_factory=list)
    summary: str = ""
    annotations: list[tuple[str, str]] = field(default_factory=list)  # (kind, message)
    workspace: Path | None = None

    @property
    def log(self) -> str:
        return "\n".join(f"== {step.name} [{step.outcome}]{' ' + step.note if step.note else ''}\n{step.log}"
                         for step in self.steps)

    def step(self, key: str) -> StepResult:
        return next(s for s in self.steps if key in (s.id, s.name))


@dataclass
class Run:
    jobs: dict[str, JobResult] = field(default_factory=dict)
    artifacts: list[tuple[str, Path]] = field(default_factory=list)  # (name, path)
    pages_artifact: Path | None = None
    deployments: list[dict[str, str]] = field(default_factory=list)
    masks: set[str] = field(default_factory=set)

    @property
    def conclusion(self) -> str:
        results = [job.result for job in self.jobs.values()]
        return "failure" if "failure" in results else "success"


# -- the simulator --------------------------------------------------------------------------


# The actions the workflows may use, each at the commit its release tag points to (checked
# with `git rev-parse <tag>^{commit}` in a clone of the action's repository; every one runs on
# Node 24: `runs.using: node24`, upload-pages-artifact is a composite calling upload-artifact
# v7.0.0). A workflow pinned to another commit is refused, so a pin is changed here too.
PINS = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "actions/cache": ("27d5ce7f107fe9357f9df03efb73ab90386fccae", "v5.0.5"),
    "actions/cache/restore": ("27d5ce7f107fe9357f9df03efb73ab90386fccae", "v5.0.5"),
    "actions/upload-artifact": ("bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", "v7.0.0"),
    "actions/upload-pages-artifact": ("fc324d3547104276b827a68afc52ff2a11cc49c9", "v5.0.0"),
    "actions/deploy-pages": ("cd2ce8fcbc39b97be8ca5fce6e763baed58fa128", "v5.0.0"),
}
# Per action: the inputs its action.yml declares at that tag, and those the simulator treats
# (the others exist on GitHub but would make the run differ from the simulated one).
INPUTS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "actions/checkout": (frozenset({
        "repository", "ref", "token", "ssh-key", "ssh-known-hosts", "ssh-strict", "ssh-user", "persist-credentials",
        "path", "clean", "filter", "sparse-checkout", "sparse-checkout-cone-mode", "fetch-depth", "fetch-tags",
        "show-progress", "lfs", "submodules", "set-safe-directory", "github-server-url", "allow-unsafe-pr-checkout"}),
        frozenset({"persist-credentials", "fetch-depth", "sparse-checkout", "sparse-checkout-cone-mode"})),
    "actions/setup-python": (frozenset({
        "python-version", "python-version-file", "cache", "architecture", "check-latest", "token",
        "cache-dependency-path", "update-environment", "allow-prereleases", "freethreaded", "pip-version"}),
        frozenset({"python-version"})),
    "actions/cache": (frozenset({
        "path", "key", "restore-keys", "upload-chunk-size", "enableCrossOsArchive", "fail-on-cache-miss",
        "lookup-only", "save-always"}), frozenset({"path", "key", "restore-keys"})),
    "actions/cache/restore": (frozenset({
        "path", "key", "restore-keys", "enableCrossOsArchive", "fail-on-cache-miss", "lookup-only"}),
        frozenset({"path", "key", "restore-keys"})),
    "actions/upload-artifact": (frozenset({
        "name", "path", "if-no-files-found", "retention-days", "compression-level", "overwrite",
        "include-hidden-files", "archive"}), frozenset({"name", "path", "retention-days", "if-no-files-found"})),
    "actions/upload-pages-artifact": (frozenset({"name", "path", "retention-days", "include-hidden-files"}),
                                      frozenset({"path", "retention-days"})),
    "actions/deploy-pages": (frozenset({"token", "timeout", "error_count", "reporting_interval", "artifact_name",
                                        "preview"}), frozenset()),
}
REQUIRED_INPUTS = {"actions/cache": ("path", "key"), "actions/cache/restore": ("path", "key"),
                   "actions/upload-artifact": ("path",), "actions/setup-python": ("python-version",)}
KNOWN_ACTIONS = set(PINS)


class Simulator:
    def __init__(self, workflow: Path, *, event_name: str, payload: dict, tmp: Path,
                 workspace_for: Callable[[str], Path], repository: str, api_url: str,
                 token: str, secrets: dict[str, str] | None = None, inputs: dict[str, str] | None = None,
                 base_env: dict[str, str] | None = None, skip_steps: dict[str, str] | None = None,
                 sha: str = "", ref: str = "refs/heads/main", run_id: int = 1001,
                 server_url: str | None = None, pages_url: str = "https://kpu-kapuas.github.io/jdih-medsos/",
                 environment_secrets: Callable[[str, str], dict[str, str] | None] | None = None,
                 token_for: Callable[[Any], str] | None = None, pages_host: Any = None):
        self.path = workflow
        self.data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
        self.on = self.data.get("on", self.data.get(True))  # PyYAML reads a bare `on` as True
        self.event_name, self.payload, self.tmp = event_name, payload, tmp
        self.workspace_for = workspace_for
        self.repository, self.api_url, self.token = repository, api_url, token
        self.secrets, self.inputs = dict(secrets or {}), dict(inputs or {})
        self.base_env, self.skip_steps = dict(base_env or {}), dict(skip_steps or {})
        self.sha, self.ref, self.run_id = sha, ref, run_id
        self.server_url = server_url or api_url
        self.pages_url = pages_url
        # A `jdih.testing.pageshost.PagesHost`: deploy-pages then really serves the site (page_url
        # is its address); without one the deployment is only recorded.
        self.pages_host = pages_host
        # (environment name, ref) → that environment's secrets, or None when its deployment
        # branches refuse the ref; e.g. jdih.testing.fakegithub.routes_setup.environment_secrets.
        self.environment_secrets = environment_secrets or (lambda name, ref: {})
        # The job's `permissions:` (else the workflow's) → that job's GITHUB_TOKEN, as GitHub
        # mints one per job ("Controlling permissions for GITHUB_TOKEN"); e.g. fake.workflow_token.
        self.token_for = token_for
        self.run_state = Run()
        self.event_path = tmp / f"event-{run_id}.json"
        self.event_path.write_text(json.dumps(payload), encoding="utf-8")
        validate_expressions(self.data)

    # -- triggers ---------------------------------------------------------------------------

    def triggered(self) -> bool:
        # "Skipping workflow runs": push and pull_request workflows are not triggered when the
        # pushed commit's message (the pull request's head commit) says [skip ci] or the like.
        head = (self.payload.get("head_commit") or {}).get("message") or ""
        if self.event_name in ("push", "pull_request") and any(marker in head for marker in SKIP_MARKERS):
            return False
        on = self.on
        if isinstance(on, str):
            return on == self.event_name
        if isinstance(on, list):
            return self.event_name in on
        if self.event_name not in on:
            return False
        spec = on[self.event_name] or {}
        types = spec.get("types") if isinstance(spec, dict) else None
        return not types or self.payload.get("action") in types

    # -- contexts -----------------------------------------------------------------------------

    def github_context(self, workspace: Path, token: str | None = None) -> dict[str, Any]:
        return {"event_name": self.event_name, "event": self.payload, "repository": self.repository,
                "repository_owner": self.repository.split("/")[0], "sha": self.sha, "ref": self.ref,
                "run_id": str(self.run_id), "run_attempt": "1", "token": token or self.token,
                "server_url": self.server_url, "api_url": self.api_url, "workspace": str(workspace),
                "actor": (self.payload.get("sender") or {}).get("login", ""), "job": ""}

    def runner_env(self, workspace: Path, temp: Path) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items()
               if key in ("HOME", "LANG", "LC_ALL", "TMPDIR", "USER", "TZ")}
        env.update({
            "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": self.event_name,
            "GITHUB_EVENT_PATH": str(self.event_path), "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_REPOSITORY": self.repository, "GITHUB_REPOSITORY_OWNER": self.repository.split("/")[0],
            "GITHUB_API_URL": self.api_url, "GITHUB_SERVER_URL": self.server_url, "GITHUB_SHA": self.sha,
            "GITHUB_REF": self.ref, "GITHUB_RUN_ID": str(self.run_id), "GITHUB_RUN_ATTEMPT": "1",
            "RUNNER_TEMP": str(temp), "RUNNER_OS": "Linux", "NO_MKDOCS_2_WARNING": "1",
        })
        env.update(self.base_env)
        return env

    # -- running ------------------------------------------------------------------------------

    def run(self, only: list[str] | None = None) -> Run:
        if not self.triggered():
            raise AssertionError(f"{self.path.name} is not triggered by {self.event_name} "
                                 f"({self.payload.get('action')})")
        jobs = self.data["jobs"]
        done: dict[str, JobResult] = self.run_state.jobs
        pending = [name for name in jobs if only is None or name in only]
        while pending:
            ready = [name for name in pending if all(n in done for n in _needs(jobs[name]))]
            if not ready:
                raise Unsupported(f"unresolvable needs among {pending}")
            for name in ready:
                done[name] = self.run_job(name)
                pending.remove(name)
        return self.run_state

    def run_job(self, name: str) -> JobResult:
        job = self.data["jobs"][name]
        if "uses" in job or "services" in job or "container" in job or "strategy" in job:
            raise Unsupported(f"job {name}: reusable workflows, services, containers and matrices are not emulated")
        needs = {n: {"result": self.run_state.jobs[n].result, "outputs": self.run_state.jobs[n].outputs}
                 for n in _needs(job)}
        workspace = self.workspace_for(name)
        temp = self.tmp / f"runner-temp-{self.run_id}-{name}"
        shutil.rmtree(temp, ignore_errors=True)
        temp.mkdir(parents=True)
        result = JobResult(name, "success", workspace=workspace)
        needs_ok = all(n["result"] == "success" for n in needs.values())
        token = None
        if self.token_for is not None:
            token = self.token_for(job["permissions"] if "permissions" in job else self.data.get("permissions"))
        job_scope = Scope({"github": self.github_context(workspace, token), "needs": needs, "secrets": self.secrets,
                           "inputs": self.inputs, "env": {}, "steps": {}},
                          lambda fn: {"success": needs_ok, "failure": not needs_ok, "always": True,
                                      "cancelled": False}[fn])
        if not condition(job.get("if", "success()"), job_scope):
            result.result = "skipped"
            return result
        # Repository secrets reach every job on every branch; an environment's secrets only the
        # jobs that name it, and only once its deployment branches admit the ref, else GitHub
        # fails the job before its first step ("Using environments for deployment",
        # https://docs.github.com/en/actions/how-tos/deploy/configure-and-manage-deployments/manage-environments).
        secrets = dict(self.secrets)
        environment = job.get("environment")
        if environment is not None:
            env_name = environment if isinstance(environment, str) else environment.get("name", "")
            from_env = self.environment_secrets(str(interpolate(env_name, job_scope)), self.ref)
            if from_env is None:
                result.result = "failure"
                result.steps.append(StepResult(None, "environment", "failure", "failure",
                                               note=f"Branch \"{self.ref.removeprefix('refs/heads/')}\" is not allowed "
                                                    f"to deploy to {env_name} due to environment protection rules."))
                return result
            secrets.update(from_env)
        job_scope.contexts["secrets"] = secrets
        env: dict[str, str] = {}
        for level in (self.data.get("env") or {}, job.get("env") or {}):
            job_scope.contexts["env"] = dict(env)
            env.update({k: str(interpolate(v, job_scope)) for k, v in level.items()})
        runner_env = self.runner_env(workspace, temp)
        steps_ctx: dict[str, dict[str, Any]] = {}
        failed = False
        timeout = 60 * int(job.get("timeout-minutes", 360))
        extra_env: dict[str, str] = {}
        extra_path: list[str] = []
        defaults = ((job.get("defaults") or {}).get("run") or {}) or ((self.data.get("defaults") or {}).get("run") or {})
        for index, step in enumerate(job.get("steps", [])):
            step_id = step.get("id")
            label = step.get("name") or step.get("uses") or (step.get("run") or "").splitlines()[0]
            scope = Scope({"github": job_scope.contexts["github"], "needs": needs, "secrets": secrets,
                           "inputs": self.inputs, "env": {**env, **extra_env}, "steps": steps_ctx},
                          lambda fn, f=failed: {"success": not f, "failure": f, "always": True,
                                                "cancelled": False}[fn])
            if not condition(step.get("if", "success()"), scope):
                outcome = StepResult(step_id, label, "skipped", "skipped")
            elif step_id in self.skip_steps:
                outcome = StepResult(step_id, label, "success", "success",
                                     note=f"(dilewati oleh simulator: {self.skip_steps[step_id]})")
            else:
                step_env = {k: str(interpolate(v, scope)) for k, v in (step.get("env") or {}).items()}
                full_env = {**runner_env, **env, **extra_env, **step_env}
                if extra_path:
                    full_env["PATH"] = ":".join(extra_path) + ":" + full_env["PATH"]
                if "uses" in step:
                    outcome = self.use(step, label, scope, workspace, name)
                else:
                    outcome = self.shell(step, label, scope, full_env, workspace, temp, index, timeout, defaults,
                                         extra_env, extra_path, result)
                outcome.env = step_env
                if outcome.outcome == "failure" and truthy(interpolate(step.get("continue-on-error", False), scope)):
                    outcome.conclusion = "success"
            if outcome.conclusion == "failure":
                failed = True
            if step_id:
                steps_ctx[step_id] = {"outputs": outcome.outputs, "outcome": outcome.outcome,
                                      "conclusion": outcome.conclusion}
            result.steps.append(outcome)
        result.result = "failure" if failed else "success"
        out_scope = Scope({"github": job_scope.contexts["github"], "needs": needs, "secrets": secrets,
                           "inputs": self.inputs, "env": env, "steps": steps_ctx}, lambda fn: True)
        result.outputs = {k: str(interpolate(v, out_scope)) for k, v in (job.get("outputs") or {}).items()}
        return result

    def shell(self, step, label, scope, env, workspace, temp, index, timeout, defaults, extra_env, extra_path,
              job: JobResult) -> StepResult:
        shell = step.get("shell", defaults.get("shell"))
        if shell is None:
            command = ["bash", "-e"]
        elif shell == "bash":
            command = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]
        else:
            raise Unsupported(f"shell {shell!r} is not emulated")
        script = str(interpolate(step["run"], scope))
        files = {name: temp / f"{name.lower()}-{index}" for name in
                 ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_ENV", "GITHUB_PATH")}
        for name, path in files.items():
            path.write_text("")
            env[name] = str(path)
        script_path = temp / f"step-{index}.sh"
        script_path.write_text(script, encoding="utf-8")
        directory = step.get("working-directory", defaults.get("working-directory"))
        cwd = workspace / str(interpolate(directory, scope)) if directory else workspace
        try:
            completed = subprocess.run([*command, str(script_path)], cwd=cwd, env=env, capture_output=True,
                                       text=True, timeout=timeout)
            code, output = completed.returncode, completed.stdout + completed.stderr
        except subprocess.TimeoutExpired as exc:
            code, output = 124, f"{exc.stdout or ''}{exc.stderr or ''}\n(timeout-minutes reached)"
        log = self.commands(output, job)
        outputs = parse_key_values(files["GITHUB_OUTPUT"].read_text(encoding="utf-8"))
        job.summary += files["GITHUB_STEP_SUMMARY"].read_text(encoding="utf-8")
        extra_env.update(parse_key_values(files["GITHUB_ENV"].read_text(encoding="utf-8")))
        extra_path[:0] = [line for line in files["GITHUB_PATH"].read_text().splitlines() if line.strip()]
        status = "success" if code == 0 else "failure"
        return StepResult(step.get("id"), label, status, status, outputs, log, note="" if code == 0 else f"exit {code}")

    def commands(self, output: str, job: JobResult) -> str:
        """Apply workflow commands the way the runner does, and mask the log."""
        lines = []
        for line in output.splitlines():
            match = re.match(r"^::(add-mask|error|warning|notice)(?: [^:]*)?::(.*)$", line)
            if match and match.group(1) == "add-mask":
                self.run_state.masks.add(match.group(2))
                continue
            if match:
                message = match.group(2).replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
                job.annotations.append((match.group(1), self.mask(message)))
            lines.append(self.mask(line))
        return "\n".join(lines)

    def mask(self, text: str) -> str:
        for secret in sorted((s for s in self.run_state.masks if s), key=len, reverse=True):
            text = text.replace(secret, "***")
        return text

    def use(self, step, label, scope, workspace: Path, job: str) -> StepResult:
        action, _, ref = step["uses"].partition("@")
        if action not in KNOWN_ACTIONS:
            raise Unsupported(f"action {step['uses']} is not emulated")
        if not re.fullmatch(r"[0-9a-f]{40}", ref):
            raise Unsupported(f"{step['uses']}: actions must be pinned by commit SHA")
        sha, tag = PINS[action]
        if ref != sha:
            raise Unsupported(f"{step['uses']}: only {action}@{sha} ({tag}, verified) is emulated")
        declared, treated = INPUTS[action]
        raw = step.get("with") or {}
        for name in raw:
            if name not in declared:
                raise Unsupported(f"{action} {tag} has no input '{name}'")
            if name not in treated:
                raise Unsupported(f"{action}: input '{name}' is not emulated")
        for name in REQUIRED_INPUTS.get(action, ()):
            if name not in raw:
                raise Unsupported(f"{action}: input '{name}' is required")
        with_ = {k: interpolate(v, scope) for k, v in raw.items()}
        result = StepResult(step.get("id"), label, "success", "success")
        if action == "actions/setup-python":
            wanted = str(with_["python-version"])
            running = ".".join(str(part) for part in sys.version_info[:3])
            if not (running == wanted or running.startswith(wanted + ".")):
                raise Unsupported(f"setup-python: python-version {wanted} asked, the simulator runs {running}")
            result.outputs = {"python-version": running, "python-path": sys.executable, "cache-hit": "false"}
            result.log = f"setup-python: Python {running} ({sys.executable})"
        elif action in ("actions/cache", "actions/cache/restore"):
            key = str(with_["key"])
            restore = [line.strip() for line in str(with_.get("restore-keys") or "").splitlines() if line.strip()]
            for one in [key, *restore]:
                if not one or len(one) > 512 or "," in one:
                    result.outcome = result.conclusion = "failure"
                    result.log = f"{action}: kunci tidak sah {one!r} (1–512 karakter, tanpa koma)"
                    return result
            if 1 + len(restore) > 10:
                result.outcome = result.conclusion = "failure"
                result.log = f"{action}: paling banyak 10 kunci"
                return result
            result.outputs = {"cache-hit": "false"}
            if action.endswith("/restore"):
                result.outputs |= {"cache-primary-key": key, "cache-matched-key": ""}
            result.log = f"{action}: tidak ada tembolok di simulator (kunci {key}, path {with_['path']!r})"
        elif action == "actions/checkout":
            if not (workspace / ".git").exists():
                raise AssertionError(f"job {job}: the workspace {workspace} is not a git clone")
            patterns = [line.strip() for line in str(with_.get("sparse-checkout") or "").splitlines() if line.strip()]
            if patterns:
                cone = str(with_.get("sparse-checkout-cone-mode", "true")).lower() != "false"
                subprocess.run(["git", "sparse-checkout", "set", "--cone" if cone else "--no-cone", *patterns],
                               cwd=workspace, check=True, capture_output=True)
                result.log = f"checkout: ruang kerja {workspace}, hanya {', '.join(patterns)} (sparse-checkout)"
            else:
                result.log = f"checkout: ruang kerja {workspace} sudah berupa salinan git"
        elif action in ("actions/upload-artifact", "actions/upload-pages-artifact"):
            default = "_site/" if action.endswith("pages-artifact") else None
            relative = with_.get("path", default)
            path = workspace / str(relative)
            if not path.exists():
                # upload-pages-artifact's tar fails; upload-artifact does what if-no-files-found says
                mode = "error" if action.endswith("pages-artifact") else str(with_.get("if-no-files-found", "warn"))
                if mode not in ("error", "warn", "ignore"):
                    raise Unsupported(f"{action}: if-no-files-found '{mode}' is not one of error, warn, ignore")
                result.log = f"{action}: {path} tidak ada"
                if mode == "error":
                    result.outcome = result.conclusion = "failure"
                return result
            if action.endswith("pages-artifact"):
                self.run_state.pages_artifact = path
            else:
                self.run_state.artifacts.append((str(with_.get("name", "artifact")), path))
            result.log = f"{action}: {path} direkam"
        elif action == "actions/deploy-pages":
            if self.run_state.pages_artifact is None:
                result.outcome = result.conclusion = "failure"
                result.log = "deploy-pages: tidak ada artefak Pages yang diunggah"
                return result
            page_url = self.pages_url
            if self.pages_host is not None:
                page_url = self.pages_host.publish(self.run_state.pages_artifact)
            self.run_state.deployments.append({"path": str(self.run_state.pages_artifact), "page_url": page_url})
            result.outputs = {"page_url": page_url}
            result.log = f"deploy-pages: {self.run_state.pages_artifact} → {page_url}"
        return result


def validate_expressions(node: Any) -> None:
    """Every `${{ }}` anywhere in the workflow must be in the supported subset (also those the
    simulator never evaluates, e.g. concurrency groups), so nothing unsupported slips in."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "if" and isinstance(value, str) and "${{" not in value:
                Parser(value, Scope({}, lambda fn: True)).parse()
            validate_expressions(value)
    elif isinstance(node, list):
        for item in node:
            validate_expressions(item)
    elif isinstance(node, str):
        for match in EXPRESSION.finditer(node):
            Parser(match.group(1), Scope({}, lambda fn: True)).parse()


def _needs(job: dict) -> list[str]:
    needs = job.get("needs") or []
    return [needs] if isinstance(needs, str) else list(needs)
