"""Helpers for tests that start real servers on loopback: a free port, a bounded wait and a bounded stop,
and a listener that records every request it gets (to prove nothing was fetched)."""
from __future__ import annotations

import threading
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from collections.abc import Callable

import pytest


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    """Terminate, then kill: never wait unbounded for a server to go."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)


def wait_until_up(process: subprocess.Popen, base: str, what: str, kill: Callable[[], None] | None = None,
                  timeout: float = 30) -> None:
    """Poll ``base``/ until it answers 200; if the server dies or the time runs out, kill it (``kill``, default
    ``process.kill``, so reading its output cannot block) and fail with what it printed."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(base + "/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            if process.poll() is None:
                (kill or process.kill)()
            output = process.stdout.read().decode() if process.stdout else ""
            pytest.fail(f"{what} did not come up on {base}: {output}")
        time.sleep(0.2)


@contextmanager
def listening_target() -> Iterator[tuple[str, list[str]]]:
    """A local http.server on another loopback port that records every request it receives."""
    seen: list[str] = []

    class Record(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Record)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
