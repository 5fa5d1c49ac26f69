"""`kg serve`: the store as a read-only SPARQL 1.1 Protocol endpoint, served by kg itself.

There is no inner server: the only listening socket is this one, and every query reaches the engine through
the checks here. Queries run in worker processes (kg.serveworker) that hold the store open read-only with
the union default graph, so the named queries and ad-hoc SPARQL see the same data as `kg query`.

What is checked, on exactly the text the engine will run: the request body is never decoded by anything
but us (any Content-Encoding or Transfer-Encoding is refused, 415 / 411), every content type is either
understood (application/sparql-query, application/x-www-form-urlencoded) or refused (415); SERVICE in any
spelling is refused (403) since the engine would fetch whatever URL a query names; updates and the graph
store paths are refused (403). A query past --timeout is killed with its worker (503); a result larger than
--max-result-bytes is refused (413); results are sent complete, with their length, or not at all.

Connections (kg.servehttp): requests are read without a thread each and dropped if incomplete after
--read-timeout; complete ones go to a fixed pool of handler threads; a real listen backlog.
"""
from __future__ import annotations

import io
import ipaddress
import signal
import sys
import threading
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from collections.abc import Callable

from kg.errors import InputError, StoreError
from kg.servehttp import Complete, FrontServer, SocketWriter
from kg.serveworker import Answer, WorkerPool, text_answer
from kg.graph.sparqlcheck import unescape_codepoints, uses_service
from kg.graph.storefs import serving_lock
from kg.graph.store import store_path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 30
DEFAULT_MAX_RESULT_BYTES = 50 * 1024 * 1024
DEFAULT_READ_TIMEOUT_S = 10
DEFAULT_WORKERS = 2
MAX_REQUEST_BYTES = 10 * 1024 * 1024  # a query text larger than this is refused (413)
MAX_FIELDS = 100

QUERY_PATHS = frozenset({"/query", "/sparql"})
WRITE_PATHS = ("/update", "/store")
PAGE = Path(__file__).parent / "data" / "query_page.html"


@dataclass(frozen=True)
class ServeCommand:
    """What `kg serve` will run: the store, the user-facing address and the limits."""

    store: Path
    base_url: str
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout_s: int = DEFAULT_TIMEOUT_S
    max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES
    workers: int = DEFAULT_WORKERS
    read_timeout_s: float = DEFAULT_READ_TIMEOUT_S

    @property
    def query_url(self) -> str:
        """The SPARQL query endpoint (GET ?query= or POST)."""
        return self.base_url + "/query"


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve_command(
    store: str | Path | None = None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout_s: int = DEFAULT_TIMEOUT_S,
    public: bool = False,
    max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES,
    workers: int = DEFAULT_WORKERS,
    read_timeout_s: float = DEFAULT_READ_TIMEOUT_S,
) -> ServeCommand:
    """Check the options (nothing is started)."""
    path = store_path(store)
    if not (path / "CURRENT").exists():
        raise StoreError(f"{path}: no kg store here; build one with 'kg build ARTICLES --store {path}'")
    if not public and not is_loopback(host):
        raise InputError(
            f"--host {host} is not a loopback address; the endpoint has no authentication, "
            f"so pass --public to serve it beyond this machine"
        )
    if not 0 < port < 65536:
        raise InputError(f"--port {port} is out of range; choose 1-65535 (default {DEFAULT_PORT})")
    if timeout_s < 1:
        raise InputError(f"--timeout {timeout_s} must be at least 1 second")
    if max_result_bytes < 1:
        raise InputError(f"--max-result-bytes {max_result_bytes} must be at least 1")
    if not 1 <= workers <= 64:
        raise InputError(f"--workers {workers} must be 1-64 (each is a process holding the store open)")
    if not 0 < read_timeout_s <= 600:
        raise InputError(f"--read-timeout {read_timeout_s} must be more than 0 and at most 600 seconds")
    bind_host = f"[{host.strip('[]')}]" if ":" in host else host
    return ServeCommand(path.resolve(), f"http://{bind_host}:{port}", host=host.strip("[]"), port=port,
                        timeout_s=timeout_s, max_result_bytes=max_result_bytes, workers=workers,
                        read_timeout_s=read_timeout_s)


# ---------------------------------------------------------------- reading a request


class Refused(Exception):
    """A request refused before it reaches the engine: status and one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _form(text: str) -> dict[str, list[str]]:
    try:
        return urllib.parse.parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict",
                                     max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError) as exc:
        raise Refused(400, f"bad form or query-string encoding ({exc}); send UTF-8, percent-encoded") from None


def _media(header: str) -> tuple[str, dict[str, str]]:
    media, *params = [p.strip() for p in header.split(";")]
    parsed = {}
    for param in params:
        key, _, value = param.partition("=")
        parsed[key.strip().lower()] = value.strip().strip('"').lower()
    return media.lower(), parsed


def query_request(method: str, raw_query: str, headers: Any, body: bytes) -> dict[str, Any]:
    """The query request the engine will run, from a GET or POST; Refused for anything else."""
    encoding = headers.get("Content-Encoding", "").strip().lower()
    if encoding not in ("", "identity"):
        raise Refused(415, f"Content-Encoding {encoding!r} is refused; send the request uncompressed")
    params = _form(raw_query)
    if method == "POST":
        media, options = _media(headers.get("Content-Type", ""))
        if options.get("charset", "utf-8") not in ("utf-8", "utf8"):
            raise Refused(415, f"charset {options['charset']!r} is refused; send UTF-8")
        if media == "application/sparql-query":
            try:
                params.setdefault("query", []).append(body.decode("utf-8"))
            except UnicodeDecodeError:
                raise Refused(400, "the query is not valid UTF-8") from None
        elif media == "application/x-www-form-urlencoded":
            try:
                form = _form(body.decode("utf-8"))
            except UnicodeDecodeError:
                raise Refused(400, "the form body is not valid UTF-8") from None
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        elif media == "application/sparql-update":
            raise Refused(403, "kg serve is read-only: SPARQL updates are refused")
        else:
            raise Refused(415, f"Content-Type {media or '(none)'!r} is refused; send application/sparql-query "
                               f"or application/x-www-form-urlencoded")
    if "update" in params:
        raise Refused(403, "kg serve is read-only: SPARQL updates are refused")
    queries = params.get("query", [])
    if len(queries) != 1:
        raise Refused(400, f"send exactly one query (got {len(queries)}): ?query=... or a POST body")
    if uses_service(queries[0]):
        raise Refused(403, "SPARQL SERVICE (federated query) is refused by kg serve")
    return {"query": queries[0], "accept": headers.get("Accept", ""),
            "default_graphs": params.get("default-graph-uri", []),
            "named_graphs": params.get("named-graph-uri", [])}


# ---------------------------------------------------------------- the HTTP side


class _Handler(BaseHTTPRequestHandler):
    server: _Server  # type: ignore[assignment]
    request: Complete
    server_version = "kg-serve"

    def version_string(self) -> str:
        return self.server_version

    def setup(self) -> None:
        # the front server has read the whole request already: parse it from memory, answer on the socket
        self.connection = self.request.sock
        self.connection.settimeout(self.server.command.read_timeout_s)  # per send; the write deadline bounds all
        self.rfile = io.BytesIO(self.request.data)
        self.wfile = SocketWriter(self.connection)

    def finish(self) -> None:
        pass  # nothing buffered; the front server closes the socket

    def log_message(self, format: str, *args: object) -> None:
        sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_POST  # refused below, with a reason

    def _handle(self) -> None:
        try:
            answer = self._answer()
        except Refused as exc:
            answer = text_answer(exc.status, str(exc))
        self._send(answer)

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding"):
            raise Refused(411, "Transfer-Encoding is refused; send the request body with a Content-Length")
        if len(self.headers.get_all("Content-Length") or ()) > 1:
            raise Refused(400, "more than one Content-Length")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise Refused(400, "bad Content-Length") from None
        if length < 0:
            raise Refused(400, "bad Content-Length")
        if length > MAX_REQUEST_BYTES:
            raise Refused(413, f"request body over {MAX_REQUEST_BYTES} bytes")
        body = self.rfile.read(length)
        if len(body) < length:
            raise Refused(400, "the request body ended early")
        return body

    def _answer(self) -> Answer:
        split = urllib.parse.urlsplit(self.path)
        path = split.path or "/"
        if path.rstrip("/") in WRITE_PATHS or any(path.startswith(p + "/") for p in WRITE_PATHS):
            raise Refused(403, "kg serve is read-only: /update and /store are refused")
        if path == "/" and self.command in ("GET", "HEAD"):
            return Answer(200, "text/html; charset=utf-8", PAGE.read_bytes())
        if path not in QUERY_PATHS:
            raise Refused(404, f"not found: {path} (the SPARQL endpoint is /query)")
        if self.command not in ("GET", "POST"):
            raise Refused(405, f"{self.command} is refused; query with GET ?query=... or POST")
        body = self._body() if self.command == "POST" else b""
        return self.server.pool.run(query_request(self.command, split.query, self.headers, body))

    def _send(self, answer: Answer) -> None:
        self.server.write_deadline(self.connection)
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; "
                                                    "style-src 'unsafe-inline'; connect-src 'self'")
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)
        self.close_connection = True


class _Server(FrontServer):
    """The front server with what the handler needs: the options and the worker pool."""

    def __init__(self, command: ServeCommand, pool: WorkerPool) -> None:
        self.command, self.pool = command, pool
        super().__init__(command.host, command.port, _Handler, command.read_timeout_s, MAX_REQUEST_BYTES)


def serve(command: ServeCommand, on_ready: Callable[[], object] | None = None) -> int:
    """Serve until interrupted (Ctrl-C, SIGTERM), then stop every worker; returns the exit code (0).

    ``on_ready`` is called once the port is bound and every worker has opened the store. A port that
    cannot be bound is an InputError, a store the workers cannot open a StoreError (nothing is left running).
    """
    with serving_lock(command.store):  # a build into a served store is refused while this holds
        return _serve(command, on_ready)


def _serve(command: ServeCommand, on_ready: Callable[[], object] | None) -> int:
    pool = WorkerPool(command.store, command.workers, command.timeout_s, command.max_result_bytes)
    previous = None
    if threading.current_thread() is threading.main_thread():
        def on_term(_signum: int, _frame: object) -> None:
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGTERM, on_term)
    server: _Server | None = None
    try:
        try:
            server = _Server(command, pool)
        except OSError as exc:
            raise InputError(f"cannot listen on {command.base_url}: {exc.strerror or exc}; "
                             f"choose another --port or --host") from None
        pool.start()
        if on_ready is not None:
            on_ready()
        server.serve_forever()
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        if server is not None:
            server.server_close()
        pool.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


__all__ = ["DEFAULT_HOST", "DEFAULT_MAX_RESULT_BYTES", "DEFAULT_PORT", "Refused", "ServeCommand", "is_loopback",
           "query_request", "serve", "serve_command", "unescape_codepoints", "uses_service"]
