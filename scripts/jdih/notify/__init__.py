"""WhatsApp notification: tell the office group, exactly once per post, that a post is live.

One module per concern:

* `message`   - the `Notification` (what was published) and its text, rendered from the
  office's Jinja2 template `site_config/templates/whatsapp.txt.j2`;
* `providers` - the HTTP request each gateway expects (generic webhook, Fonnte, WAHA,
  WhatsApp Cloud API), built as a `requests.PreparedRequest` so `--dry-run` shows the very
  bytes that would be sent;
* `transport` - sending with a timeout on every request and retries (exponential backoff
  with jitter) on timeouts, connection errors, 429 (honouring `Retry-After`) and 5xx;
  400/401/403/404 fail at once with an Indonesian message naming the setting to fix;
* `secrets`   - `redact()` for every error text, `::add-mask::` for GitHub Actions logs;
* `ledger`    - the record of what was sent;
* `service`   - `notify_all()`, which ties them together and never raises on a provider
  failure: the caller (the publish workflow) decides the exit status, so the site goes
  live even when WhatsApp is down.

Where the ledger lives
----------------------
The ledger is a marker comment on the merged pull request, one per post, edited as the
sending goes on ("sedang dikirim", "terkirim", "gagal"). We chose it because GitHub keeps
it across runs and machines (a fresh CI runner sees it), it does not depend on being able
to push to a protected `main` branch (a file carried by a publish commit would), and the
office can see on the pull request itself whether the group was told. For local runs and
the demo the same ledger can be a JSON file (`JsonFileLedger`).

What happens if the process dies between sending and recording
---------------------------------------------------------------
Before sending, the ledger records the intent ("sending") with the idempotency key and the
time; after the gateway accepts the message it records "sent" with the time, the provider
and the HTTP status. If the run dies after the gateway accepted the message but before
"sent" was recorded, the next run (the publish re-run or the scheduled retry workflow)
finds "sending" without "sent" and sends the message again, with the same idempotency key.
Delivery is therefore at-least-once: the group never misses a post, and in that rare case
may get it twice. The key (SHA-256 of the post id and the pull request number) is sent
where the provider accepts one - the generic webhook gets it in the `Idempotency-Key`
header and in the body, so a receiver that honours it drops the duplicate. Fonnte, WAHA
and the WhatsApp Cloud API have no idempotency key, so there a duplicate can reach the
group.

A post whose sending failed stays pending (recorded as "failed" with the reason, secrets
redacted) and is sent by the next run; a post recorded as "sent" is never sent again.
"""

from __future__ import annotations

from jdih.notify.ledger import (
    CommentLedger,
    CommentStore,
    JsonFileLedger,
    Ledger,
    LedgerEntry,
    MemoryCommentStore,
    PyGithubCommentStore,
)
from jdih.notify.message import Notification, idempotency_key, load_notifications, render_message
from jdih.notify.providers import NotifierConfigError, build_request, describe_request
from jdih.notify.secrets import mask_in_actions, redact
from jdih.notify.service import NotifyResult, notify_all
from jdih.notify.transport import DeliveryError, deliver

__all__ = [
    "CommentLedger", "CommentStore", "DeliveryError", "JsonFileLedger", "Ledger", "LedgerEntry",
    "MemoryCommentStore", "Notification", "NotifierConfigError", "NotifyResult",
    "PyGithubCommentStore", "build_request", "deliver", "describe_request", "idempotency_key",
    "load_notifications", "mask_in_actions", "notify_all", "redact", "render_message",
]
