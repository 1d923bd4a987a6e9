"""Meta's Graph API on 127.0.0.1: Facebook Page photos and posts, Instagram content publishing.

At least as strict as Meta where we rely on it; each rule carries its source. What it models:

- tokens (`add_page`, `add_ig_user`, `add_token`): a table of tokens per Page / IG user; an
  unknown token, an expired one (subcode 463), one whose owner changed the password (460) or
  removed the app (458) is refused with code 190; a token of another object is refused with
  code 100 / subcode 33; a token without the publishing permission with code 200;
- media are really downloaded from the URL given (`url`, `image_url`), so a page not yet
  deployed fails; Instagram takes only JPEG, at most 8 MiB, aspect ratio 4:5 to 1.91:1;
- Instagram containers move IN_PROGRESS → FINISHED after `polls_to_finish` status reads
  (ERROR for a bad image, EXPIRED after 24 hours); publishing one that is not FINISHED, or one
  already published, is refused; the 24-hour publishing limit (`publish_limit`, 50 by default)
  is enforced on media_publish and reported by content_publishing_limit;
- faults for tests: `fail_next` (5xx), `throttle_next` (a Graph rate-limit error or a 429),
  `delay_next` (an answer slower than the client's timeout);
- every request is recorded (`calls`), with the token replaced by its name in the table.

Sources:
- errors: https://developers.facebook.com/docs/graph-api/guides/error-handling
- Page photos: https://developers.facebook.com/docs/graph-api/photo-uploads and
  https://developers.facebook.com/docs/graph-api/reference/page/photos
- Page posts: https://developers.facebook.com/docs/pages/publishing
- Instagram: https://developers.facebook.com/docs/instagram-platform/content-publishing,
  .../instagram-graph-api/reference/ig-container, .../ig-user/media_publish,
  .../ig-user/content_publishing_limit, .../instagram-graph-api/reference/error-codes
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from jdih.testing.fakesocial.server import StandIn, fetch

# https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/ig-user/media_publish
# "An Instagram professional account can only publish 50 posts within a 24 hour moving period";
# the content_publishing_limit example answers quota_total 50, quota_duration 86400. (Newer
# wording of the publishing guide says 100; clients must read config.quota_total, as ours does.)
IG_PUBLISH_LIMIT = 50
IG_QUOTA_SECONDS = 86400
# https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes
# (2207004: "The image is too large to download. It should be less than 8 MiB.")
IG_MAX_BYTES = 8 * 1024 * 1024
# Content publishing guide, limitations: images' aspect ratio must be within 4:5 to 1.91:1.
IG_MIN_RATIO, IG_MAX_RATIO = 4 / 5, 1.91
IG_CAROUSEL_MIN, IG_CAROUSEL_MAX = 2, 10  # guide: "Carousels are limited to 10 images, videos, or a mix"
IG_CONTAINER_LIFETIME = dt.timedelta(hours=24)  # ig-container: "EXPIRED — not published within 24 hours"
FB_MAX_BYTES = 10 * 1024 * 1024  # Photo reference: static images "less than 10 MB" (the guide recommends < 4 MB)
FB_FORMATS = {"JPEG", "PNG", "GIF", "BMP", "TIFF"}  # photo-uploads guide, "Supported Formats"

VERSION = re.compile(r"^/v\d+\.\d+(/.*)$")


@dataclass
class Token:
    value: str
    name: str  # how the calls record it (the value never appears)
    owner: str  # the Page id or IG user id it acts for
    state: str = "valid"  # valid | expired | password_changed | app_removed
    can_publish: bool = True


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # without the version prefix and the query: "/123/photos"
    version: str  # "v23.0"
    params: dict[str, str]  # query and form together, access_token taken out
    token: str  # the token's name in the table, "unknown" or "" when none was sent


@dataclass
class Container:
    id: str
    owner: str
    image_url: str
    caption: str
    carousel_item: bool
    children: tuple[str, ...] = ()
    polls_left: int = 0
    problem: str = ""  # the error subcode the container ends in ("" when the image is good)
    created: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    published: bool = False
    alt_text: str = ""


class GraphError(Exception):
    """An answer with Graph's error body."""

    def __init__(self, status: int, code: int, message: str, *, subcode: int | None = None,
                 kind: str = "OAuthException", user_msg: str = ""):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.subcode, self.kind, self.user_msg = subcode, kind, user_msg

    def body(self, trace: str) -> dict[str, Any]:
        error: dict[str, Any] = {"message": self.message, "type": self.kind, "code": self.code}
        if self.subcode is not None:
            error["error_subcode"] = self.subcode
        if self.user_msg:
            error["error_user_msg"] = self.user_msg
        error["fbtrace_id"] = trace
        return {"error": error}


# https://developers.facebook.com/docs/graph-api/guides/error-handling, "Authentication Error Subcodes"
TOKEN_SUBCODES = {"expired": 463, "password_changed": 460, "app_removed": 458}
TOKEN_MESSAGES = {
    "expired": "Error validating access token: Session has expired.",
    "password_changed": "Error validating access token: The session has been invalidated because the user "
                        "changed their password.",
    "app_removed": "Error validating access token: The user has not authorized application.",
}


class FakeGraph(StandIn):
    def __init__(self, *, polls_to_finish: int = 1, publish_limit: int = IG_PUBLISH_LIMIT,
                 now: Callable[[], dt.datetime] | None = None) -> None:
        super().__init__()
        self.polls_to_finish = polls_to_finish
        self.publish_limit = publish_limit
        self.now = now or (lambda: dt.datetime.now(dt.UTC))
        self.tokens: dict[str, Token] = {}
        self.pages: set[str] = set()
        self.ig_users: set[str] = set()
        self.calls: list[Call] = []
        self.photos: dict[str, dict[str, Any]] = {}  # photo id → {page, published, caption, url, attached}
        self.posts: dict[str, dict[str, Any]] = {}  # post id → {page, message, photos}
        self.containers: dict[str, Container] = {}
        self.media: dict[str, dict[str, Any]] = {}  # IG media id → {owner, container, permalink}
        self.published_at: dict[str, list[dt.datetime]] = {}  # IG user → times of media_publish
        self.faults: list[tuple[str, Any, str]] = []
        self._ids = itertools.count(17841400000000001)
        self._traces = itertools.count(1)
        self._lock = threading.RLock()

    # --- the table ---------------------------------------------------------------------------

    def add_token(self, value: str, owner: str, *, name: str = "", state: str = "valid",
                  can_publish: bool = True) -> Token:
        token = Token(value, name or f"token-{len(self.tokens) + 1}", owner, state, can_publish)
        self.tokens[value] = token
        return token

    def add_page(self, page_id: str, token: str, *, name: str = "page-token", state: str = "valid") -> None:
        self.pages.add(page_id)
        self.add_token(token, page_id, name=name, state=state)

    def add_ig_user(self, user_id: str, token: str, *, name: str = "ig-token", state: str = "valid") -> None:
        self.ig_users.add(user_id)
        self.add_token(token, user_id, name=name, state=state)

    # --- faults ------------------------------------------------------------------------------

    # Each fault hits the next `count` requests, or only those whose path (without the version)
    # ends with `on`, e.g. on="/media_publish".

    def fail_next(self, count: int = 1, status: int = 500, *, on: str = "") -> None:
        """The next `count` requests answer `status` (a 5xx: Graph's code 2, "API Service")."""
        self.faults += [("status", status, on)] * count

    def throttle_next(self, count: int = 1, code: int = 4, status: int = 400, *, on: str = "",
                      regain_minutes: int = 0) -> None:
        """The next `count` requests are throttled: Graph codes 4, 17, 32, 613 ("temporary issue
        due to throttling. Wait and retry"), with HTTP 400 — or `status=429` for a bare 429.
        `regain_minutes` goes in X-Business-Use-Case-Usage as estimated_time_to_regain_access
        (https://developers.facebook.com/docs/graph-api/overview/rate-limiting)."""
        self.faults += [("throttle", (code, status, regain_minutes), on)] * count

    def delay_next(self, count: int = 1, seconds: float = 2.0, *, on: str = "") -> None:
        """The next `count` answers come after `seconds` (to go past the client's timeout)."""
        self.faults += [("delay", seconds, on)] * count

    def calls_to(self, method: str, path: str) -> list[Call]:
        return [call for call in self.calls if call.method == method and call.path == path]

    # --- the server --------------------------------------------------------------------------

    def make_handler(self) -> type[BaseHTTPRequestHandler]:
        graph = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                self._answer("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._answer("POST")

            def do_DELETE(self) -> None:  # noqa: N802
                self._answer("DELETE")

            def _answer(self, method: str) -> None:
                parts = urlsplit(self.path)
                params = dict(parse_qsl(parts.query, keep_blank_values=True))
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                kind = self.headers.get("Content-Type", "")
                if raw and "json" in kind:
                    params.update({k: v if isinstance(v, str) else json.dumps(v) for k, v in json.loads(raw).items()})
                elif raw:
                    params.update(parse_qsl(raw.decode(), keep_blank_values=True))
                status, body, headers, delay = graph.handle(method, parts.path, params,
                                                            self.headers.get("Authorization", ""))
                if delay:
                    time.sleep(delay)
                payload = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=UTF-8")
                    self.send_header("Content-Length", str(len(payload)))
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args) -> None:
                pass

        return Handler

    def handle(self, method: str, path: str, params: dict[str, str],
               authorization: str = "") -> tuple[int, Any, dict[str, str], float]:
        """One request → (status, body, headers, delay)."""
        value = params.pop("access_token", "")
        if not value and authorization.lower().startswith(("bearer ", "oauth ")):
            value = authorization.split(" ", 1)[1].strip()
        token = self.tokens.get(value) if value else None
        match = VERSION.match(path)
        version = path.split("/")[1] if match else ""
        route = match.group(1) if match else path
        with self._lock:
            self.calls.append(Call(method, route, version, dict(params),
                                   token.name if token else ("unknown" if value else "")))
            fault = next((f for f in self.faults if route.endswith(f[2])), None)
            if fault is not None:
                self.faults.remove(fault)
        delay = 0.0
        if fault is not None:
            what, arg, _ = fault
            if what == "status":
                # error-handling guide: code 2 "API Service — temporary issue due to downtime"
                error = GraphError(arg, 2, "An unexpected error has occurred. Please retry your request later.")
                return arg, error.body(self._trace()), {}, 0.0
            if what == "throttle":
                code, status, minutes = arg
                error = GraphError(status, code, f"(#{code}) Application request limit reached")
                headers = {}
                if minutes:
                    owner = token.owner if token else "0"
                    headers["X-Business-Use-Case-Usage"] = json.dumps({owner: [{
                        "type": "pages", "call_count": 100, "total_cputime": 30, "total_time": 30,
                        "estimated_time_to_regain_access": minutes}]})
                return status, error.body(self._trace()), headers, 0.0
            delay = arg
        try:
            if not match:
                raise GraphError(400, 2500, "Unknown path components: " + path)
            self._authenticate(value, token)
            status, body = 200, self._route(method, route, params, token)
        except GraphError as error:
            status, body = error.status, error.body(self._trace())
        return status, body, {}, delay

    def _trace(self) -> str:
        return f"A{next(self._traces):010d}"

    def _new_id(self) -> str:
        return str(next(self._ids))

    # --- tokens ------------------------------------------------------------------------------

    def _authenticate(self, value: str, token: Token | None) -> None:
        # error-handling guide: 190 "Access token has expired / Obtain a new access token",
        # with the authentication subcodes; an absent token is code 104 in practice.
        if not value:
            raise GraphError(400, 104, "An access token is required to request this resource.")
        if token is None:
            raise GraphError(400, 190, "Invalid OAuth access token - Cannot parse access token")
        if token.state != "valid":
            raise GraphError(400, 190, TOKEN_MESSAGES[token.state], subcode=TOKEN_SUBCODES[token.state])

    def _own(self, token: Token, object_id: str, method: str) -> None:
        """The token acts for `object_id`; anything else is Graph's "does not exist, cannot be
        loaded due to missing permissions" (code 100, subcode 33)."""
        if token.owner != object_id:
            raise GraphError(400, 100, f"Unsupported {method.lower()} request. Object with ID '{object_id}' does not "
                             "exist, cannot be loaded due to missing permissions, or does not support this "
                             "operation.", subcode=33, kind="GraphMethodException")

    def _may_publish(self, token: Token, permission: str) -> None:
        # error-handling guide: 200-299 "API Permission — Permission is either not granted or has been removed"
        if not token.can_publish:
            raise GraphError(403, 200, f"(#200) The permission(s) {permission} are not available.")

    # --- routes ------------------------------------------------------------------------------

    def _route(self, method: str, route: str, params: dict[str, str], token: Token | None) -> Any:
        assert token is not None
        parts = [part for part in route.split("/") if part]
        if method == "POST" and len(parts) == 2 and parts[1] == "photos":
            return self._page_photo(parts[0], params, token)
        if method == "POST" and len(parts) == 2 and parts[1] == "feed":
            return self._page_feed(parts[0], params, token)
        if method == "POST" and len(parts) == 2 and parts[1] == "media":
            return self._ig_container(parts[0], params, token)
        if method == "POST" and len(parts) == 2 and parts[1] == "media_publish":
            return self._ig_publish(parts[0], params, token)
        if method == "GET" and len(parts) == 2 and parts[1] == "content_publishing_limit":
            return self._ig_limit(parts[0], params, token)
        if method == "GET" and len(parts) == 1:
            return self._read(parts[0], params, token)
        raise GraphError(400, 100, f"Unsupported {method.lower()} request.", kind="GraphMethodException")

    def _page(self, page_id: str, token: Token) -> None:
        if page_id not in self.pages:
            raise GraphError(400, 100, f"Unsupported post request. Object with ID '{page_id}' does not exist, "
                             "cannot be loaded due to missing permissions, or does not support this operation.",
                             subcode=33, kind="GraphMethodException")
        self._own(token, page_id, "POST")
        self._may_publish(token, "pages_manage_posts")

    def _page_photo(self, page_id: str, params: dict[str, str], token: Token) -> Any:
        # photo-uploads guide: "Provide the URL for the photo with the url parameter"; a single
        # photo "is immediately posted and the API returns the photo id as well as the post_id";
        # published=false uploads it without a story, for a multi-photo post.
        self._page(page_id, token)
        url = params.get("url", "")
        if not url:
            raise GraphError(400, 324, "(#324) Requires upload file")
        got = fetch(url, max_bytes=FB_MAX_BYTES)
        if not got.ok:
            raise GraphError(400, 324, "(#324) Missing or invalid image file")
        image = _image_info(got.body)
        if image is None or image[0] not in FB_FORMATS or len(got.body) > FB_MAX_BYTES:
            raise GraphError(400, 324, "(#324) Missing or invalid image file")
        published = params.get("published", "true").lower() not in ("false", "0")
        photo_id = self._new_id()
        self.photos[photo_id] = {"page": page_id, "published": published, "caption": params.get("caption", ""),
                                 "url": url, "attached": False, "alt": params.get("alt_text_custom", "")}
        if not published:
            return {"id": photo_id}
        post_id = f"{page_id}_{self._new_id()}"
        self.posts[post_id] = {"page": page_id, "message": params.get("caption", ""), "photos": [photo_id]}
        return {"id": photo_id, "post_id": post_id}

    def _page_feed(self, page_id: str, params: dict[str, str], token: Token) -> Any:
        # Pages publishing guide: POST /{page-id}/feed with message (and link); answers {"id": post id}.
        # photo-uploads guide, multi-photo: attached_media[N]={"media_fbid":"<unpublished photo id>"}.
        self._page(page_id, token)
        attached: list[str] = []
        keys = sorted((key for key in params if key.startswith("attached_media")),
                      key=lambda key: int(re.sub(r"\D", "", key) or 0))
        for key in keys:
            if not re.fullmatch(r"attached_media\[\d+\]", key):
                raise GraphError(400, 100, f"(#100) Param {key} must be an array.")
            try:
                media_fbid = str(json.loads(params[key])["media_fbid"])
            except (ValueError, KeyError, TypeError):
                raise GraphError(400, 100, '(#100) param attached_media must be an array of {"media_fbid": id}') from None
            photo = self.photos.get(media_fbid)
            if photo is None or photo["page"] != page_id:
                raise GraphError(400, 100, f"(#100) Invalid media_fbid {media_fbid}")
            if photo["published"] or photo["attached"]:
                # only unpublished photos can be attached, each once
                raise GraphError(400, 100, f"(#100) The photo {media_fbid} cannot be attached: it is already "
                                 "published or attached to another post")
            attached.append(media_fbid)
        if not attached and not params.get("message") and not params.get("link"):
            raise GraphError(400, 100, "(#100) Missing message or attachment")
        for media_fbid in attached:
            self.photos[media_fbid]["attached"] = True
        post_id = f"{page_id}_{self._new_id()}"
        self.posts[post_id] = {"page": page_id, "message": params.get("message", ""), "photos": attached,
                               "link": params.get("link", "")}
        return {"id": post_id}

    def _ig_user(self, user_id: str, token: Token, method: str) -> None:
        if user_id not in self.ig_users:
            raise GraphError(400, 100, f"Unsupported {method.lower()} request. Object with ID '{user_id}' does not "
                             "exist, cannot be loaded due to missing permissions, or does not support this "
                             "operation.", subcode=33, kind="GraphMethodException")
        self._own(token, user_id, method)

    def _ig_container(self, user_id: str, params: dict[str, str], token: Token) -> Any:
        # content publishing guide: POST /<IG_ID>/media with image_url (and caption, alt_text),
        # is_carousel_item=true for carousel items, media_type=CAROUSEL with children for the carousel.
        self._ig_user(user_id, token, "POST")
        self._may_publish(token, "instagram_content_publish")
        if params.get("media_type") == "CAROUSEL":
            children = tuple(child for child in params.get("children", "").split(",") if child)
            if not IG_CAROUSEL_MIN <= len(children) <= IG_CAROUSEL_MAX:
                raise GraphError(400, 100, f"(#100) The carousel must have between {IG_CAROUSEL_MIN} and "
                                 f"{IG_CAROUSEL_MAX} children.")
            for child in children:
                item = self.containers.get(child)
                if item is None or item.owner != user_id or not item.carousel_item:
                    raise GraphError(400, 100, f"(#100) Invalid child container {child}: create it with "
                                     "is_carousel_item=true for this account")
            container = Container(self._new_id(), user_id, "", params.get("caption", ""), False, children,
                                  self.polls_to_finish, created=self.now())
            self.containers[container.id] = container
            return {"id": container.id}
        if "video_url" in params or params.get("media_type") not in (None, "", "IMAGE"):
            raise GraphError(400, 100, "(#100) Only image posts are modelled by this stand-in")
        url = params.get("image_url", "")
        if not url:
            raise GraphError(400, 100, "(#100) The parameter image_url is required")
        # guide: "We cURL media used in publishing attempts, so the media must be hosted on a
        # publicly accessible server at the time of the attempt"; error codes: 9004 / 2207052.
        got = fetch(url, max_bytes=IG_MAX_BYTES)
        if not got.ok:
            raise GraphError(400, 9004, "The media could not be fetched from this uri: " + url, subcode=2207052,
                             user_msg="Media download has failed. The media URI doesn't meet our requirements.")
        container = Container(self._new_id(), user_id, url, params.get("caption", ""),
                              params.get("is_carousel_item", "").lower() == "true", (), self.polls_to_finish,
                              _ig_problem(got.body), created=self.now(), alt_text=params.get("alt_text", ""))
        self.containers[container.id] = container
        return {"id": container.id}

    def _status(self, container: Container, *, advance: bool) -> str:
        if container.published:
            return "PUBLISHED"
        if self.now() - container.created > IG_CONTAINER_LIFETIME:
            return "EXPIRED"
        if advance and container.polls_left > 0:
            container.polls_left -= 1
        children = [self.containers[child] for child in container.children]
        for child in children:
            if self._status(child, advance=advance) == "ERROR":
                return "ERROR"
        if container.polls_left > 0 or any(self._status(child, advance=False) != "FINISHED" for child in children):
            return "IN_PROGRESS"
        return "ERROR" if container.problem else "FINISHED"

    def _ig_publish(self, user_id: str, params: dict[str, str], token: Token) -> Any:
        # media_publish: publish a container (creation_id); the 50-per-24-hours limit "is enforced
        # on the POST /{ig-user-id}/media_publish endpoint"; carousels count as one.
        self._ig_user(user_id, token, "POST")
        self._may_publish(token, "instagram_content_publish")
        container = self.containers.get(params.get("creation_id", ""))
        if container is None or container.owner != user_id:
            raise GraphError(400, 100, "(#100) Invalid creation_id: no such container for this account")
        if container.carousel_item:
            raise GraphError(400, 100, "(#100) A carousel item cannot be published on its own; publish the carousel")
        if container.published:
            # not worded in the docs; Graph's invalid-parameter refusal for an unusable ID
            raise GraphError(400, 100, "(#100) The media container has already been published")
        status = self._status(container, advance=False)
        if status == "EXPIRED":
            raise GraphError(400, -2, "The media you are trying to access has expired. Please try to upload again.",
                             subcode=2207020)
        if status == "ERROR":
            raise GraphError(400, 9007, "Media upload has failed",
                             subcode=int(container.problem) if container.problem.isdigit() else 2207001)
        if status != "FINISHED":
            # error codes: 9007 / 2207027 "The media is not ready for publishing, please wait for a moment"
            raise GraphError(400, 9007, "Media ID is not available", subcode=2207027,
                             user_msg="The media is not ready for publishing, please wait for a moment")
        recent = [when for when in self.published_at.get(user_id, [])
                  if self.now() - when < dt.timedelta(seconds=IG_QUOTA_SECONDS)]
        if len(recent) >= self.publish_limit:
            # error codes: 9 / 2207042 "You reached maximum number of posts that is allowed to be published"
            raise GraphError(400, 9, "Application request limit reached", subcode=2207042,
                             user_msg="You reached maximum number of posts that is allowed to be published by "
                                      "Content Publish API.")
        container.published = True
        self.published_at.setdefault(user_id, []).append(self.now())
        media_id = self._new_id()
        self.media[media_id] = {"owner": user_id, "container": container.id,
                                "permalink": f"https://www.instagram.com/p/FAKE{media_id[-8:]}/"}
        return {"id": media_id}

    def _ig_limit(self, user_id: str, params: dict[str, str], token: Token) -> Any:
        # content_publishing_limit: fields quota_usage (default) and config {quota_total, quota_duration}
        self._ig_user(user_id, token, "GET")
        since = self.now() - dt.timedelta(seconds=IG_QUOTA_SECONDS)
        if params.get("since"):
            asked = dt.datetime.fromtimestamp(int(params["since"]), dt.UTC)
            if asked < since:
                raise GraphError(400, 100, "(#100) since must be a Unix timestamp no older than 24 hours")
            since = asked
        usage = sum(1 for when in self.published_at.get(user_id, []) if when >= since)
        fields = [name for name in params.get("fields", "quota_usage").split(",") if name]
        row: dict[str, Any] = {}
        for name in fields:
            if name == "quota_usage":
                row["quota_usage"] = usage
            elif name == "config":
                row["config"] = {"quota_total": self.publish_limit, "quota_duration": IG_QUOTA_SECONDS}
            else:
                raise GraphError(400, 100, f"(#100) Tried accessing nonexisting field ({name})")
        return {"data": [row]}

    def _read(self, object_id: str, params: dict[str, str], token: Token) -> Any:
        fields = [name for name in params.get("fields", "id").split(",") if name]
        if object_id in self.posts:
            post = self.posts[object_id]
            self._own(token, post["page"], "GET")
            values = {"id": object_id, "message": post["message"],
                      # Post node field permalink_url: "The permanent static URL to the post on www.facebook.com"
                      "permalink_url": f"https://www.facebook.com/{post['page']}/posts/{object_id.split('_')[1]}"}
        elif object_id in self.containers:
            container = self.containers[object_id]
            self._own(token, container.owner, "GET")
            status_code = self._status(container, advance="status_code" in fields)
            # ig-container: status "If status_code is ERROR, this value will be an error subcode"
            values = {"id": object_id, "status_code": status_code,
                      "status": f"Error: {container.problem}" if status_code == "ERROR" else status_code.title()}
        elif object_id in self.media:
            media = self.media[object_id]
            self._own(token, media["owner"], "GET")
            values = {"id": object_id, "permalink": media["permalink"]}
        else:
            raise GraphError(400, 100, f"Unsupported get request. Object with ID '{object_id}' does not exist, cannot "
                             "be loaded due to missing permissions, or does not support this operation.",
                             subcode=33, kind="GraphMethodException")
        unknown = [name for name in fields if name not in values]
        if unknown:
            raise GraphError(400, 100, f"(#100) Tried accessing nonexisting field ({unknown[0]})")
        return {name: values[name] for name in fields} | {"id": object_id}


def _image_info(data: bytes) -> tuple[str, int, int] | None:
    """(format, width, height) of an image, or None when it is not one."""
    try:
        from PIL import Image
    except ImportError:  # Pillow is a project dependency; without it, trust the JPEG magic only
        return ("JPEG", 1080, 1080) if data[:3] == b"\xff\xd8\xff" else None
    try:
        with Image.open(io.BytesIO(data)) as image:
            return (image.format or "", image.width, image.height)
    except Exception:
        return None


def _ig_problem(data: bytes) -> str:
    """The error subcode a container of this image ends in, or "" when Instagram takes it.
    Error codes reference: 2207004 too large (8 MiB), 2207005 format not supported (JPEG only),
    2207009 aspect ratio not supported (4:5 to 1.91:1)."""
    if len(data) > IG_MAX_BYTES:
        return "2207004"
    info = _image_info(data)
    if info is None or info[0] != "JPEG":
        return "2207005"
    ratio = info[1] / info[2] if info[2] else 0
    if not IG_MIN_RATIO - 1e-3 <= ratio <= IG_MAX_RATIO + 1e-3:
        return "2207009"
    return ""
