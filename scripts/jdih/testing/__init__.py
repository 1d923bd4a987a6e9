"""Test doubles shipped with the package, so `jdih demo` runs in every office repository.

- `fakegithub`: GitHub's REST API on 127.0.0.1, at least as strict as GitHub, every response
  validated against GitHub's own OpenAPI description (`github/rest-api-subset.json`).
- `receiver`: a WhatsApp gateway / webhook receiver on 127.0.0.1.
- `actions_sim`: runs a workflow's steps the way GitHub Actions would.

Nothing at run time imports this package except `jdih.dev` (the rehearsal and benchmarks);
an import-linter contract in `pyproject.toml` enforces it.
"""

from pathlib import Path

# GitHub's API description and real webhook payloads (MIT, octokit; see github/README.md).
GITHUB_REFERENCE = Path(__file__).resolve().parent / "github"
WEBHOOK_EXAMPLES = GITHUB_REFERENCE / "webhook-examples"
