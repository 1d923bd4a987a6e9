"""What the Facebook and Instagram providers share: Meta's Graph API, its requests and its
errors read into Indonesian reasons that name the secret or the setting to fix.

Graph answers every refusal with one body, `{"error": {"message", "type", "code",
"error_subcode", "fbtrace_id"}}`, and a code that says what to do
(https://developers.facebook.com/docs/graph-api/guides/error-handling):
190 (and 102) — the token expired or was revoked: get a new one; 10 and 200–299 — a permission
is missing; 4, 17, 32, 613, 80001 and 341 — throttling, wait and retry; 1 and 2 — a temporary
problem at Meta, retry. How long to wait comes from Meta's usage headers (`graph_wait`);
Instagram's publishing limit is left to a later run. The token travels as the `access_token` parameter, so `GraphClient`
adds it to `Http.secrets` before anything is sent: no reason can show it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import requests

from jdih.social.base import Explain, Http, ProviderError

GRAPH_URL = "https://graph.facebook.com"
ENVIRONMENT = "jdih-terbitkan"  # the GitHub environment holding the secrets (jdih.github.deploykey)

TOKEN_CODES = {190, 102}
PERMISSION_CODES = {3, 10} | set(range(200, 300))
THROTTLE_CODES = {4, 17, 32, 341, 613, 80001}
TRANSIENT_CODES = {1, 2}
# error-handling guide, "Authentication Error Subcodes"
TOKEN_SUBCODES = {
    458: "izin aplikasi Meta kantor sudah dicabut dari akun/Halaman",
    459: "akun Facebook pemilik token sedang diperiksa Facebook (checkpoint) — masuk ke facebook.com dan "
         "selesaikan pemeriksaannya",
    460: "kata sandi akun Facebook pemilik token telah diganti",
    463: "masa berlakunya habis",
    464: "akun Facebook pemilik token belum dikonfirmasi",
    467: "token tidak sah lagi (pemiliknya keluar/log out atau token dicabut)",
    492: "pemilik token bukan lagi pengelola Halaman",
}


@dataclass(frozen=True)
class Where:
    """What a reason names: the platform, the secret holding the token, the id setting."""

    label: str  # "Facebook", "Instagram"
    token_env: str  # e.g. FACEBOOK_PAGE_TOKEN
    id_setting: str  # e.g. posting.facebook.page_id
    id_value: str
    permissions: str  # what the token needs, for permission errors


def graph_error(response: requests.Response) -> dict[str, Any] | None:
    """The `error` object of a Graph answer, or None when there is none."""
    try:
        body = response.json()
    except ValueError:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else None


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def explain_graph(where: Where, special: dict[tuple[int, int | None], tuple[str, bool]] | None = None) -> Explain:
    """An `Explain` for Graph answers. `special` maps (code, subcode) — or (code, None) for any
    subcode — to a platform's own (reason, permanent)."""

    def explain(response: requests.Response) -> tuple[str, bool] | None:
        error = graph_error(response)
        if error is None:
            return None  # a 2xx without an error, or a bare 5xx/429 that Http handles itself
        code, subcode = _as_int(error.get("code")), _as_int(error.get("error_subcode"))
        message = " ".join(str(error.get("error_user_msg") or error.get("message") or "").split())[:200]
        trace = str(error.get("fbtrace_id") or "")
        tail = f" (kode Graph {code}" + (f"/{subcode}" if subcode is not None else "") + \
               (f", fbtrace_id {trace})" if trace else ")")
        if special:
            for key in ((code, subcode), (code, None)):
                if key in special:
                    reason, permanent = special[key]
                    return reason + tail, permanent
        if code in TOKEN_CODES:
            why = TOKEN_SUBCODES.get(subcode or 0, "token ditolak Meta")
            return (f"token {where.label} sudah kedaluwarsa atau dicabut ({why}) — buat token baru (token Halaman "
                    f"yang tidak kedaluwarsa, lihat panduan «Akun media sosial» di situs) dan simpan di "
                    f"secret {where.token_env} di lingkungan {ENVIRONMENT}" + tail), True
        if code in PERMISSION_CODES:
            return (f"token {where.label} di secret {where.token_env} tidak punya izin yang dibutuhkan "
                    f"({where.permissions}) — buat token baru dengan izin itu dan simpan di secret "
                    f"{where.token_env} di lingkungan {ENVIRONMENT}. Pesan Meta: {message}" + tail), True
        if code in THROTTLE_CODES or error.get("is_transient") is True:
            return f"{where.label} membatasi jumlah permintaan untuk sementara; dicoba lagi nanti" + tail, False
        if code in TRANSIENT_CODES or response.status_code >= 500:
            return f"Graph API {where.label} sedang bermasalah; dicoba lagi nanti" + tail, False
        if code == 100 and subcode == 33:
            return (f"{where.label} tidak mengenal ID {where.id_value!r} atau token di secret {where.token_env} "
                    f"bukan untuk akun itu — periksa {where.id_setting} di site_config/jdih.yml, atau buat token "
                    f"untuk akun tersebut" + tail), True
        return f"{where.label} menolak unggahan: {message}" + tail, True

    return explain


# https://developers.facebook.com/docs/graph-api/overview/rate-limiting: a throttled call says in
# X-Business-Use-Case-Usage (Pages, Instagram) or X-App-Usage how many minutes until access
# returns ("estimated_time_to_regain_access").
USAGE_HEADERS = ("X-Business-Use-Case-Usage", "X-App-Usage")
QUOTA_WAIT = 3600.0  # Instagram's publishing limit (9/2207042): try again in a later run, not now


def graph_wait(response: requests.Response) -> float | None:
    """How long a refused Graph answer asks to wait, in seconds, or None."""
    error = graph_error(response) or {}
    if _as_int(error.get("code")) == 9 and _as_int(error.get("error_subcode")) == 2207042:
        return QUOTA_WAIT
    minutes = 0.0
    for name in USAGE_HEADERS:
        try:
            usage = json.loads(response.headers.get(name) or "null")
        except ValueError:
            continue
        entries = [usage] if isinstance(usage, dict) and "estimated_time_to_regain_access" in usage else (
            [item for items in usage.values() if isinstance(items, list) for item in items]
            if isinstance(usage, dict) else [])
        for entry in entries:
            if isinstance(entry, dict):
                minutes = max(minutes, float(_as_int(entry.get("estimated_time_to_regain_access")) or 0))
    return minutes * 60 if minutes > 0 else None


class GraphClient:
    """Sends Graph requests for one account: the version in the path, the token as
    `access_token` (form body for POST, query for GET), through `Http`."""

    def __init__(self, base_url: str, version: str, token: str, http: Http, where: Where,
                 explain: Explain | None = None):
        self.base = base_url.rstrip("/") + "/" + version.strip("/")
        self.token = token
        self.http = http
        self.where = where
        self.explain = explain or explain_graph(where)
        if token and token not in http.secrets:
            http.secrets.append(token)

    def post(self, path: str, data: dict[str, str], *, what: str) -> dict[str, Any]:
        request = requests.Request("POST", f"{self.base}/{path.lstrip('/')}",
                                   data={**data, "access_token": self.token})
        return self._json(self.http.send(request, self.explain, what=what, wait_of=graph_wait), what)

    def get(self, path: str, params: dict[str, str], *, what: str) -> dict[str, Any]:
        request = requests.Request("GET", f"{self.base}/{path.lstrip('/')}",
                                   params={**params, "access_token": self.token})
        return self._json(self.http.send(request, self.explain, what=what, wait_of=graph_wait), what)

    def _json(self, response: requests.Response, what: str) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise ProviderError(self.http.hide(f"{what} menjawab tanpa JSON yang dikenal (HTTP {response.status_code})"),
                                status=response.status_code)
        return body


def require_token(token: str, where: Where) -> None:
    if not token.strip():
        raise ProviderError(f"secret {where.token_env} kosong atau belum dibuat — simpan token {where.label} di "
                            f"secret {where.token_env} di lingkungan {ENVIRONMENT}", permanent=True)
    if not where.id_value.strip():
        raise ProviderError(f"{where.id_setting} kosong — isi ID akun {where.label} di site_config/jdih.yml",
                            permanent=True)
