"""`kg serve`: the store as a standard SPARQL 1.1 Protocol endpoint, run by the Oxigraph server itself.

Why the real server and not a handler of our own: it speaks the whole protocol (GET/POST, content
negotiation for JSON/XML/CSV/TSV results and every RDF syntax), has a query page, a per-query timeout,
and reads the same RocksDB store format as pyoxigraph (both 0.5.x, pinned together in pyproject.toml).
It runs read-only (`serve-read-only`) with the union default graph, so the named queries and ad-hoc
SPARQL see the same data as `kg query`.

Oxigraph listens only on an internal loopback port. The user-facing host/port is a small standard-library
guard in front of it (`_Guard`) because the server alone would (1) execute SPARQL `SERVICE <http://...>`
clauses, i.e. send HTTP requests to any host a query names (server-side request forgery), and (2) return
results of any size. The guard refuses SERVICE queries and writes (/update, /store) with 403 and answers
413 instead of a result larger than `--max-result-bytes`.
"""
from __future__ import annotations

import http.client
import ipaddress
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kg.errors import InputError, StoreError
from kg.store import store_path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 30
DEFAULT_MAX_RESULT_BYTES = 50 * 1024 * 1024
MAX_REQUEST_BYTES = 10 * 1024 * 1024  # a query text larger than this is refused (413)
MAX_PAGE_BYTES = 50 * 1024 * 1024  # the query page and its scripts are fixed files, well under this
UPSTREAM_HOST = "127.0.0.1"

QUERY_PATHS = frozenset({"/query", "/sparql"})  # /sparql is the endpoint the query page itself uses
PAGE_PATHS = frozenset({"/", "/yasgui.min.css", "/yasgui.min.js", "/logo.svg"})
WRITE_PATHS = ("/update", "/store")
HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
                        "trailer", "transfer-encoding", "upgrade", "host", "content-length"})


@dataclass(frozen=True)
class ServeCommand:
    """The Oxigraph command line (internal loopback port), the guard's address and the URLs users see."""

    argv: tuple[str, ...]
    base_url: str
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    upstream_port: int = 0
    timeout_s: int = DEFAULT_TIMEOUT_S
    max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES

    @property
    def query_url(self) -> str:
        """The SPARQL query endpoint (GET ?query= or POST)."""
        return self.base_url + "/query"


def oxigraph_binary() -> Path:
    """The `oxigraph` CLI from the PyPI package `oxigraph`: beside this Python first (a venv), then PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = beside if beside.is_file() else (Path(p) if (p := shutil.which("oxigraph")) else None)
    if found is None:
        raise InputError("the Oxigraph server is not installed; pip install 'kg[serve]' (PyPI package oxigraph 0.5)")
    return found


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _free_loopback_port() -> int:
    with socket.socket() as sock:
        sock.bind((UPSTREAM_HOST, 0))
        return sock.getsockname()[1]


def serve_command(
    store: str | Path | None = None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout_s: int = DEFAULT_TIMEOUT_S,
    public: bool = False,
    max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES,
) -> ServeCommand:
    """Check the options and build the read-only server command line (nothing is started)."""
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
    bind_host = f"[{host.strip('[]')}]" if ":" in host else host
    upstream_port = _free_loopback_port()
    argv = (
        str(oxigraph_binary()), "serve-read-only",
        "--location", str(path.resolve()),
        "--bind", f"{UPSTREAM_HOST}:{upstream_port}",  # internal only: users reach it through the guard
        "--union-default-graph",  # queries see the union of the article graphs, like `kg query`
        "--timeout-s", str(timeout_s),
    )
    return ServeCommand(argv, f"http://{bind_host}:{port}", host=host.strip("[]"), port=port,
                        upstream_port=upstream_port, timeout_s=timeout_s, max_result_bytes=max_result_bytes)


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def unescape_codepoints(text: str) -> str:
    r"""Apply SPARQL's \uXXXX / \UXXXXXXXX codepoint escapes (SPARQL 1.1 §19.2: done before parsing)."""

    def one(match: re.Match[str]) -> str:
        value = int(match.group(1) or match.group(2), 16)
        return chr(value) if value <= 0x10FFFF else match.group(0)

    # repeat to a fixed point: more than SPARQL does, but only ever finds more to refuse
    for _ in range(8):
        decoded = _ESCAPE.sub(one, text)
        if decoded == text:
            break
        text = decoded
    return text


def uses_service(text: str) -> bool:
    """True if the text could contain a SPARQL SERVICE clause.

    A plain case-insensitive substring test on the unescaped text: it also matches "service" inside a
    literal, an IRI, a prefixed name or a comment. Those false positives are accepted on purpose, since
    refusing a harmless query is safe and a SPARQL tokenizer of our own could disagree with Oxigraph's.
    """
    return "service" in unescape_codepoints(text).casefold()


def _request_texts(raw_query: str, body: bytes) -> list[str]:
    """Every reading of the request the server might parse as a query: raw and percent/form-decoded."""
    body_text = body.decode("utf-8", errors="replace")
    texts = [raw_query, urllib.parse.unquote_plus(raw_query), urllib.parse.unquote(raw_query),
             body_text, urllib.parse.unquote_plus(body_text), urllib.parse.unquote(body_text)]
    return texts


def _is_write(raw_query: str, body: bytes, content_type: str) -> bool:
    """An update sent to a query path (/sparql takes `update=` too); refused as a write."""
    if content_type.startswith("application/sparql-update"):
        return True
    params = urllib.parse.parse_qs(raw_query, keep_blank_values=True)
    if content_type.startswith("application/x-www-form-urlencoded"):
        for key, values in urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
            params.setdefault(key, []).extend(values)
    return "update" in params


class _Guard(BaseHTTPRequestHandler):
    """Forwards query and query-page requests to Oxigraph; refuses SERVICE, writes and oversized results."""

    server_version = "kg-serve"
    upstream_port: int = 0
    timeout_s: int = DEFAULT_TIMEOUT_S
    max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES

    def log_message(self, format: str, *args: object) -> None:
        sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def do_GET(self) -> None:
        self._handle(b"")

    def do_POST(self) -> None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._refuse(411, "send the request body with a Content-Length")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return self._refuse(400, "bad Content-Length")
        if length < 0:
            return self._refuse(400, "bad Content-Length")
        if length > MAX_REQUEST_BYTES:
            return self._refuse(413, f"request body over {MAX_REQUEST_BYTES} bytes")
        self._handle(self.rfile.read(length))

    def _refuse(self, status: int, message: str) -> None:
        data = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.close_connection = True

    def _handle(self, body: bytes) -> None:
        split = urllib.parse.urlsplit(self.path)
        path = split.path or "/"
        if path.rstrip("/") in WRITE_PATHS or any(path.startswith(p + "/") for p in WRITE_PATHS):
            return self._refuse(403, "kg serve is read-only: /update and /store are refused")
        if path in QUERY_PATHS:
            content_type = self.headers.get("Content-Type", "").lower()
            if _is_write(split.query, body, content_type):
                return self._refuse(403, "kg serve is read-only: SPARQL updates are refused")
            if any(uses_service(text) for text in _request_texts(split.query, body)):
                return self._refuse(403, "SPARQL SERVICE (federated query) is refused by kg serve")
        elif path not in PAGE_PATHS or self.command != "GET":
            return self._refuse(404, f"not found: {path} (the SPARQL endpoint is /query)")
        self._forward(body, cap=path in QUERY_PATHS)

    def _forward(self, body: bytes, cap: bool) -> None:
        """Send the request to Oxigraph; buffer the answer (up to the cap for query results) and relay it."""
        limit = self.max_result_bytes if cap else MAX_PAGE_BYTES
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | {"accept-encoding"}}
        headers["Accept-Encoding"] = "identity"  # the size cap counts result bytes, not compressed ones
        if self.command == "POST":
            headers["Content-Length"] = str(len(body))
        connection = http.client.HTTPConnection(UPSTREAM_HOST, self.upstream_port, timeout=self.timeout_s + 30)
        try:
            try:
                connection.request(self.command, self.path, body=body if self.command == "POST" else None,
                                   headers=headers)
                response = connection.getresponse()
            except OSError as exc:
                return self._refuse(502, f"the Oxigraph server did not answer: {exc}")
            chunks: list[bytes] = []
            size = 0
            try:
                while chunk := response.read1(65536):
                    size += len(chunk)
                    if size > limit:
                        return self._refuse(
                            413, f"result is larger than --max-result-bytes {self.max_result_bytes}; "
                                 f"narrow the query (LIMIT, fewer variables)")
                    chunks.append(chunk)
            except (OSError, http.client.HTTPException) as exc:
                return self._refuse(502, f"the Oxigraph server broke off the result: {exc}")
            self.send_response(response.status, response.reason)
            for key, value in response.getheaders():
                if key.lower() not in HOP_BY_HOP and key.lower() != "server":
                    self.send_header(key, value)
            self.send_header("Content-Length", str(size))
            self.send_header("Connection", "close")
            self.end_headers()
            for chunk in chunks:
                self.wfile.write(chunk)
            self.close_connection = True
        finally:
            connection.close()  # also abandons a result cut off at the cap


def _guard_server(command: ServeCommand) -> ThreadingHTTPServer:
    """Bind the guard on the user-facing host/port (IPv4 or IPv6, as the host resolves)."""
    handler = type("KgServeGuard", (_Guard,), {"upstream_port": command.upstream_port,
                                                  "timeout_s": command.timeout_s,
                                                  "max_result_bytes": command.max_result_bytes})
    family = socket.getaddrinfo(command.host, command.port, type=socket.SOCK_STREAM)[0][0]
    server_class = type("KgServeHTTPServer", (ThreadingHTTPServer,),
                        {"address_family": family, "daemon_threads": True})
    return server_class((command.host, command.port), handler)


def _stop(process: subprocess.Popen[bytes]) -> int:
    if process.poll() is None:
        process.terminate()
        try:
            return process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.wait()


def serve(command: ServeCommand) -> int:
    """Run Oxigraph and the guard until the server stops or the caller is interrupted; returns its exit code.

    Ctrl-C and SIGTERM both stop the guard and then Oxigraph (waited for, so it closes the store cleanly).
    """
    try:
        guard = _guard_server(command)
    except OSError as exc:
        print(f"kg serve: cannot listen on {command.base_url}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    process = subprocess.Popen(command.argv)
    thread = threading.Thread(target=guard.serve_forever, name="kg-serve-guard", daemon=True)
    previous = None
    if threading.current_thread() is threading.main_thread():
        def on_term(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGTERM, on_term)
    try:
        thread.start()
        return process.wait()
    except KeyboardInterrupt:
        return _stop(process)
    finally:
        if thread.is_alive():
            guard.shutdown()
        guard.server_close()
        _stop(process)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


__all__ = ["DEFAULT_HOST", "DEFAULT_MAX_RESULT_BYTES", "DEFAULT_PORT", "ServeCommand", "is_loopback",
           "oxigraph_binary", "serve", "serve_command", "unescape_codepoints", "uses_service"]
