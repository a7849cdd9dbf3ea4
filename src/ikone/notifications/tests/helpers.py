"""Publishing test events and a local HTTP server that records webhook requests."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ikone.core.audit import Actor
from ikone.notifications.events import publish


def publish_adoption(cast: Any, key: str = "adoption.created:1", actor: Any = None) -> None:
    """An event like the one the reuse app publishes when a member records an adoption."""
    publish(
        kind="adoption.created",
        key=key,
        subject=cast.solution,
        actor=Actor.of(actor or cast.member),
        title=f"Landau in der Pfalz nutzt {cast.solution.name}",
        url=f"/loesungen/{cast.solution.slug}/",
        related=[cast.reuser_org, cast.owner_org, *cast.solution.services.all(), cast.network],
    )


class Receiver:
    """http.server in a thread; answers with `status` (a list: one per request, the last repeats)."""

    def __init__(self, statuses: list[int] | None = None) -> None:
        self.requests: list[dict[str, Any]] = []
        self.statuses = list(statuses or [204])
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.requests.append({"headers": dict(self.headers), "body": body, "path": self.path})
                status = receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Receiver":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()
