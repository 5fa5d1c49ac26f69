"""The connection layer of `kg serve`: requests are read without a thread each, then handled by a fixed pool.

One thread accepts connections and reads them (non-blocking, selectors) until the request line, headers and
the body its Content-Length announces have all arrived; a connection still incomplete after --read-timeout
is dropped. Only complete requests reach the handler threads, so slow or silent clients (slowloris) cost a
socket and a small buffer, never a thread, and cannot keep real clients waiting. Past MAX_CONNECTIONS open
connections the server stops accepting and the kernel queues up to LISTEN_BACKLOG more.
"""
from __future__ import annotations

import contextlib
import io
import resource
import selectors
import socket
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from collections.abc import Callable

LISTEN_BACKLOG = 128
# open at once (reading, queued or answered): each is one file descriptor and a small buffer; keep some
# descriptors for the worker pipes and the store
MAX_CONNECTIONS = max(64, min(4096, resource.getrlimit(resource.RLIMIT_NOFILE)[0] - 128))
HANDLER_THREADS = 32  # requests handled at once; their queries then wait for a free worker process
MAX_HEADER_BYTES = 256 * 1024  # request line and headers; http.server itself allows 100 lines of 64 KiB
WRITE_TIMEOUT_S = 60  # a client must take the whole answer within this


@dataclass(frozen=True)
class Complete:
    """A request that has fully arrived: its socket (blocking again) and every byte read from it."""

    sock: socket.socket
    data: bytes


@dataclass
class _Pending:
    sock: socket.socket
    address: Any
    deadline: float
    data: bytearray = field(default_factory=bytearray)
    need: int | None = None  # total bytes once the headers are in


def _needed(data: bytearray, max_body: int) -> int | None:
    """Bytes the whole request takes once its headers are complete (None: not yet). A body the handler
    will refuse anyway (chunked, too long, bad length) is not waited for."""
    ends = [(i, len(sep)) for sep in (b"\r\n\r\n", b"\n\n") if (i := data.find(sep)) >= 0]
    if not ends:
        return None
    end, sep = min(ends)
    lengths = []
    for line in bytes(data[:end]).splitlines()[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"transfer-encoding":
            return end + sep
        if name.strip().lower() == b"content-length":
            try:
                lengths.append(int(value.strip()))
            except ValueError:
                return end + sep
    length = lengths[0] if len(lengths) == 1 else 0  # none, or several (refused): no body to wait for
    return end + sep + (length if 0 <= length <= max_body else 0)


class SocketWriter(io.BufferedIOBase):
    """The answer side of a connection (what socketserver uses, without its private class)."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._sock.sendall(data)
        return len(memoryview(data))


class FrontServer:
    """Listen, read requests to completion without blocking, hand them to ``handle`` on a bounded pool.

    ``handle(request, address, server)`` gets a Complete request; the socket is closed after it returns,
    and it can bound its own writing with ``server.write_deadline(sock)``.
    """

    def __init__(self, host: str, port: int, handle: Callable[..., object],
                 read_timeout_s: float, max_body: int) -> None:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        try:
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.socket.bind((host, port))
            self.socket.listen(LISTEN_BACKLOG)
        except OSError:
            self.socket.close()
            raise
        self.socket.setblocking(False)
        self.handle, self.read_timeout_s, self.max_body = handle, read_timeout_s, max_body
        self._threads = ThreadPoolExecutor(HANDLER_THREADS, thread_name_prefix="kg-serve")
        self._lock = threading.Lock()
        self._open = 0
        self._writing: dict[socket.socket, float] = {}
        self._stop = False

    def write_deadline(self, sock: socket.socket) -> None:
        with self._lock:
            self._writing[sock] = time.monotonic() + WRITE_TIMEOUT_S

    def serve_forever(self) -> None:
        selector = selectors.DefaultSelector()
        selector.register(self.socket, selectors.EVENT_READ, None)
        accepting = True
        try:
            while not self._stop:
                for key, _ in selector.select(0.2):
                    if key.data is None:
                        self._accept(selector)
                    else:
                        self._read(selector, key.data)
                self._sweep(selector)
                with self._lock:
                    full = self._open >= MAX_CONNECTIONS
                if full and accepting:
                    selector.unregister(self.socket)
                elif not full and not accepting:
                    selector.register(self.socket, selectors.EVENT_READ, None)
                accepting = not full
        finally:
            for key in list(selector.get_map().values()):
                if key.data is not None:
                    self._drop(selector, key.data)
            selector.close()

    def _accept(self, selector: selectors.BaseSelector) -> None:
        while True:
            with self._lock:
                if self._open >= MAX_CONNECTIONS:
                    return
            try:
                sock, address = self.socket.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # e.g. out of file descriptors: try again on the next round
                return
            sock.setblocking(False)
            with self._lock:
                self._open += 1
            pending = _Pending(sock, address, time.monotonic() + self.read_timeout_s)
            selector.register(sock, selectors.EVENT_READ, pending)

    def _read(self, selector: selectors.BaseSelector, pending: _Pending) -> None:
        try:
            chunk = pending.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""
        if not chunk:
            return self._drop(selector, pending)
        pending.data += chunk
        if pending.need is None:
            pending.need = _needed(pending.data, self.max_body)
            if pending.need is None and len(pending.data) > MAX_HEADER_BYTES:
                return self._drop(selector, pending)
        if pending.need is not None and len(pending.data) >= pending.need:
            selector.unregister(pending.sock)
            pending.sock.setblocking(True)
            request = Complete(pending.sock, bytes(pending.data))
            try:
                self._threads.submit(self._work, request, pending.address)
            except RuntimeError:  # shutting down
                self._close(pending.sock)

    def _sweep(self, selector: selectors.BaseSelector) -> None:
        """Drop requests still incomplete after the read timeout, and answers a client stopped taking."""
        now = time.monotonic()
        for key in list(selector.get_map().values()):
            if key.data is not None and key.data.deadline < now:
                self._drop(selector, key.data)
        with self._lock:
            late = [s for s, deadline in self._writing.items() if deadline < now]
        for sock in late:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # unblocks the handler thread writing to it

    def _drop(self, selector: selectors.BaseSelector, pending: _Pending) -> None:
        selector.unregister(pending.sock)
        self._close(pending.sock)

    def _close(self, sock: socket.socket) -> None:
        with self._lock:
            self._writing.pop(sock, None)
            self._open -= 1
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()

    def _work(self, request: Complete, address: Any) -> None:
        try:
            self.handle(request, address, self)
        except OSError:
            pass  # the client went away
        except Exception:  # noqa: BLE001 - one bad request must not stop the server
            import traceback

            traceback.print_exc(file=sys.stderr)
        finally:
            self._close(request.sock)

    def stop(self) -> None:
        self._stop = True

    def server_close(self) -> None:
        self._stop = True
        self.socket.close()
        self._threads.shutdown(wait=False, cancel_futures=True)


__all__ = ["HANDLER_THREADS", "LISTEN_BACKLOG", "MAX_CONNECTIONS", "Complete", "FrontServer", "SocketWriter"]
