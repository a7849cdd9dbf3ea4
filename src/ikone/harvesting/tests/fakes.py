"""Faithful local fakes of harvest sources: a threaded HTTP server on 127.0.0.1 that answers
routes with recorded bodies, honours If-None-Match, and can misbehave on purpose (slow,
endless redirects, huge bodies)."""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

RECORDINGS = Path(__file__).parent / "recordings" / "publiccode"
REAL_FILES = sorted(RECORDINGS.glob("*.yml"))
VALID_FILES = [p for p in REAL_FILES if p.name != "aitema-terminvergabe.yml"]
INVALID_FILE = RECORDINGS / "aitema-terminvergabe.yml"
CORPUS = Path(__file__).parent / "recordings" / "corpus" / "publiccode.jsonl.gz"


@dataclass(frozen=True)
class Recorded:
    """A real publiccode.yml file of the corpus: where it was read (repository, path, commit),
    the licence it declares itself, and its text unchanged."""

    repo: str
    path: str
    commit: str
    license: str | None
    text: str


def corpus() -> list[Recorded]:
    """The recorded publiccode.yml files of public repositories (see recordings/corpus/README.md),
    one per repository and text, sorted by repository."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return [Recorded(r["repo"], r["path"], r["commit"], r["license"], r["text"]) for r in rows]


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay_per_chunk: float = 0.0  # seconds between 1 KB chunks (a slow server)
    etag: bool = True


@dataclass
class Fake:
    base: str
    routes: dict[str, Route]
    requests: list[tuple[str, dict[str, str]]]
    dynamic: Callable[[str], Route | None] | None = None  # answers paths the routes don't name


def _handler(fake: Fake) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            fake.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = (
                fake.routes.get(self.path)
                or fake.routes.get(unquote(self.path))
                or fake.routes.get(self.path.split("?", 1)[0])
            )
            if route is None and fake.dynamic is not None:
                route = fake.dynamic(self.path)
            if route is None:
                self._send(404, b'{"message":"Not Found"}', "application/json")
                return
            tag = '"' + hashlib.sha1(route.body).hexdigest() + '"' if route.etag else ""  # noqa: S324 - a test etag
            if tag and self.headers.get("If-None-Match") == tag and route.status == 200:
                self.send_response(304)
                self.send_header("ETag", tag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            headers = dict(route.headers)
            if tag:
                headers["ETag"] = tag
            self._send(route.status, route.body, route.content_type, headers, route.delay_per_chunk)

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str,
            headers: dict[str, str] | None = None,
            delay: float = 0,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            try:
                for start in range(0, len(body), 1024):
                    self.wfile.write(body[start : start + 1024])
                    if delay:
                        self.wfile.flush()
                        time.sleep(delay)
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler


@contextmanager
def serve(routes: dict[str, Route] | None = None, *, host: str = "127.0.0.1") -> Iterator[Fake]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(Fake("", {}, [])))
    fake = Fake(base=f"http://{host}:{server.server_address[1]}", routes=routes or {}, requests=[])
    server.RequestHandlerClass = _handler(fake)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


def yaml_route(text: str | bytes, content_type: str = "application/vnd.github.raw; charset=utf-8") -> Route:
    return Route(body=text.encode() if isinstance(text, str) else text, content_type=content_type)


def with_url(text: str, url: str, name: str | None = None) -> str:
    """A recorded file with another repository `url` (and optionally `name`)."""
    lines = []
    for line in text.splitlines():
        if line.startswith("url:"):
            line = f"url: {url}"
        elif name is not None and line.startswith("name:"):
            line = f"name: {name}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def github_org(
    fake: Fake,
    org: str,
    repos: dict[str, str],
    *,
    pushed_at: str = "2026-11-01T10:00:00Z",
    page_size: int = 100,
) -> None:
    """Routes of a GitHub organisation whose repositories carry the given publiccode.yml texts
    (a repository without text has no publiccode.yml: 404); `page_size` repositories a page."""
    names = sorted(repos)
    pages = [names[i : i + page_size] for i in range(0, len(names), page_size)] or [[]]
    for number, page in enumerate(pages, start=1):
        path = f"/orgs/{org}/repos?per_page=100" + (f"&page={number}" if number > 1 else "")
        headers = {}
        if number < len(pages):
            headers["Link"] = f'<{fake.base}/orgs/{org}/repos?per_page=100&page={number + 1}>; rel="next"'
        body = [
            {
                "id": 1000 + names.index(name),
                "node_id": f"R_{name}",
                "name": name,
                "full_name": f"{org}/{name}",
                "private": False,
                "owner": {"login": org, "type": "Organization"},
                "html_url": f"https://github.com/{org}/{name}",
                "description": None,
                "fork": False,
                "archived": False,
                "default_branch": "main",
                "pushed_at": pushed_at,
            }
            for name in page
        ]
        fake.routes[path] = Route(body=json.dumps(body).encode(), headers=headers, etag=False)
    for name, text in repos.items():
        if text:
            fake.routes[f"/repos/{org}/{name}/contents/publiccode.yml?ref=main"] = yaml_route(text)


def gitlab_group(fake: Fake, group: str, repos: dict[str, str]) -> None:
    body = [
        {
            "id": 500 + i,
            "name": name,
            "path_with_namespace": f"{group}/{name}",
            "web_url": f"https://gitlab.example/{group}/{name}",
            "default_branch": "main",
            "last_activity_at": "2026-11-01T10:00:00.000Z",
        }
        for i, name in enumerate(sorted(repos))
    ]
    fake.routes[f"/api/v4/groups/{group}/projects?per_page=100&include_subgroups=true"] = Route(
        body=json.dumps(body).encode(), etag=False
    )
    for i, name in enumerate(sorted(repos)):
        fake.routes[f"/api/v4/projects/{500 + i}/repository/files/publiccode.yml/raw?ref=main"] = yaml_route(
            repos[name], "text/plain; charset=utf-8"
        )


def developers_italia(fake: Fake, software: list[dict[str, Any]], *, page_size: int = 2) -> None:
    """Routes of a software API in the shape of api.developers.italia.it/v1/software: items
    `{"id", "url", "aliases", "publiccodeYml", "active", "createdAt", "updatedAt"}`, pages of
    `page_size` linked by `links.next` = "?page[after]=<cursor>"."""
    pages = [software[i : i + page_size] for i in range(0, len(software), page_size)] or [[]]
    for number, page in enumerate(pages):
        path = "/v1/software?page[size]=100" if number == 0 else f"/v1/software?page[after]=c{number}"
        following = f"?page[after]=c{number + 1}" if number + 1 < len(pages) else None
        previous = f"?page[before]=c{number}" if number else None
        body = {"data": page, "links": {"prev": previous, "next": following}}
        fake.routes[path] = Route(body=json.dumps(body).encode(), etag=False)


def software_item(
    uuid: str, text: str, url: str, *, active: bool = True, updated: str = "2026-10-01T08:00:00Z"
) -> dict[str, Any]:
    return {
        "id": uuid,
        "url": url,
        "aliases": [],
        "publiccodeYml": text,
        "active": active,
        "createdAt": "2024-03-01T08:00:00Z",
        "updatedAt": updated,
    }


def feed_item(
    slug: str,
    document: dict[str, Any] | None,
    changed_at: str,
    *,
    base: str = "https://a.example",
    deleted: bool = False,
    services: list[str] | None = None,
    usage: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """One item of the ikone federation feed (FEED contract)."""
    return {
        "id": slug,
        "url": (document or {}).get("url", f"https://github.com/example/{slug}"),
        "changed_at": changed_at,
        "deleted": deleted,
        "page_url": None if deleted else f"{base}/katalog/{slug}/",
        "publiccode_url": None if deleted else f"{base}/api/v1/solutions/{slug}/publiccode.yml",
        "publiccode": None if deleted else document,
        "services": [] if deleted else services or [],
        "usage": [] if deleted else usage or [],
    }


class PeerFeed:
    """The federation feed of a fake ikone instance: answers `changed_since`, `limit`, `offset`."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def page(self, changed_since: str, limit: int, offset: int) -> dict[str, Any]:
        matching = sorted(
            (i for i in self.items if not changed_since or i["changed_at"] >= changed_since),
            key=lambda i: (i["changed_at"], i["id"]),
        )
        return {
            "count": len(matching),
            "latest": matching[-1]["changed_at"] if matching else None,
            "items": matching[offset : offset + limit],
        }

    def install(self, fake: Fake) -> None:
        """Answer the feed's path with the current items (queries parsed as ikone does)."""
        fake.dynamic = self.route

    def route(self, path: str) -> Route | None:
        parts = urlsplit(path)
        if parts.path != "/api/v1/federation/solutions":
            return None
        query = parse_qs(parts.query)
        since = query.get("changed_since", [""])[0]
        limit = int(query.get("limit", ["100"])[0])
        offset = int(query.get("offset", ["0"])[0])
        return Route(body=json.dumps(self.page(since, limit, offset)).encode())
