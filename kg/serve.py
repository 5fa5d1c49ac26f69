"""`kg serve`: the store as a standard SPARQL 1.1 Protocol endpoint, run by the Oxigraph server itself.

Why the real server and not a handler of our own: it speaks the whole protocol (GET/POST, content
negotiation for JSON/XML/CSV/TSV results and every RDF syntax), has a query page, a per-query timeout,
and reads the same RocksDB store format as pyoxigraph (both 0.5.x, pinned together in pyproject.toml).
It runs read-only (`serve-read-only`: /update answers 403) with the union default graph, so the named
queries and ad-hoc SPARQL see the same data as `kg query`.
"""
from __future__ import annotations

import ipaddress
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError, StoreError
from kg.store import store_path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 30


@dataclass(frozen=True)
class ServeCommand:
    """The server command line and the endpoint URLs it will answer on."""

    argv: tuple[str, ...]
    base_url: str

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


def serve_command(
    store: str | Path | None = None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout_s: int = DEFAULT_TIMEOUT_S,
    public: bool = False,
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
    bind_host = f"[{host.strip('[]')}]" if ":" in host else host
    argv = (
        str(oxigraph_binary()), "serve-read-only",
        "--location", str(path.resolve()),
        "--bind", f"{bind_host}:{port}",
        "--union-default-graph",  # queries see the union of the article graphs, like `kg query`
        "--timeout-s", str(timeout_s),
    )
    return ServeCommand(argv, f"http://{bind_host}:{port}")


def serve(command: ServeCommand) -> int:
    """Run the server until it stops or the caller is interrupted; returns its exit code."""
    process = subprocess.Popen(command.argv)
    try:
        return process.wait()
    except KeyboardInterrupt:
        # Ctrl-C reaches the whole foreground group; wait so the server closes the store cleanly
        process.terminate()
        try:
            return process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait()
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "ServeCommand", "is_loopback", "oxigraph_binary", "serve", "serve_command"]
