"""RDF files handed to ``kg validate``: the syntax from the extension (or ``--syntax``), read into quads.

The extensions are the ones editors, pre-commit and ``kg export --format NAME`` users give files: the short
registered ones (``.ttl``, ``.nq``...) and the format names themselves (``x.turtle``, ``x.nquads``...).
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph

from kg.errors import InputError

DATA_FORMATS: dict[str, pyoxigraph.RdfFormat] = {
    ".ttl": pyoxigraph.RdfFormat.TURTLE,
    ".turtle": pyoxigraph.RdfFormat.TURTLE,
    ".trig": pyoxigraph.RdfFormat.TRIG,
    ".nq": pyoxigraph.RdfFormat.N_QUADS,
    ".nquads": pyoxigraph.RdfFormat.N_QUADS,
    ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
    ".ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
    ".jsonld": pyoxigraph.RdfFormat.JSON_LD,
    ".json": pyoxigraph.RdfFormat.JSON_LD,
    ".rdf": pyoxigraph.RdfFormat.RDF_XML,
    ".owl": pyoxigraph.RdfFormat.RDF_XML,
    ".n3": pyoxigraph.RdfFormat.N3,
}
# --syntax NAME for a file whose extension says nothing; the names `kg export --format` takes, and two more.
SYNTAXES: dict[str, pyoxigraph.RdfFormat] = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "nquads": pyoxigraph.RdfFormat.N_QUADS,
    "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "rdfxml": pyoxigraph.RdfFormat.RDF_XML,
    "n3": pyoxigraph.RdfFormat.N3,
}


def data_format(path: Path, syntax: str | None = None) -> pyoxigraph.RdfFormat:
    """The syntax of one RDF file: ``syntax`` when given, else by extension; InputError lists the choices."""
    if syntax is not None:
        chosen = SYNTAXES.get(syntax.lower())
        if chosen is None:
            raise InputError(f"--syntax {syntax!r} is unknown; choose one of {', '.join(SYNTAXES)}")
        return chosen
    rdf_format = DATA_FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        raise InputError(
            f"{path}: unknown RDF file extension {path.suffix!r}; use one of {' '.join(DATA_FORMATS)}, "
            f"or name the syntax with --syntax ({'|'.join(SYNTAXES)})"
        )
    return rdf_format


def read_data_file(path: Path, syntax: str | None = None) -> list[pyoxigraph.Quad]:
    """All quads of one RDF file; InputError names the file and the fix."""
    if path.is_dir():
        raise InputError(f"{path}: is a folder; pass RDF files, or validate a store with --store {path}")
    if path.exists() and not path.is_file():  # a FIFO or a device would block or never end
        raise InputError(f"{path}: not a regular file; save the data to a file first")
    rdf_format = data_format(path, syntax)
    try:
        return list(pyoxigraph.parse(path=str(path), format=rdf_format))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror or exc}); check the path") from None
    except SyntaxError as exc:
        raise InputError(f"{path}: not valid {rdf_format.name} ({_first_line(exc)}); fix the syntax") from None


def _first_line(exc: Exception) -> str:
    """The first line of an exception's message (parsers add context lines)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else "no detail"
