"""SHACL validation of kg's RDF against shapes/*.ttl, returned as plain values (never prints or exits).

Named ``validation`` (not ``validate``) so the package never shadows the API function ``kg.validate``.
engine: shapes, the fast pass and pyshacl; reports: the values returned; files: RDF files and stores.
"""
from kg.graph.rdf_files import DATA_FORMATS, read_data_file
from kg.graph.validation.engine import FastPass, ShapesError, clear_cache, fast_pass, validate_graph, validate_quads
from kg.graph.validation.files import validate_files, validate_store, validate_store_quads
from kg.graph.validation.reports import DataReport, FileReport, Origin, ValidationReport, Violation

__all__ = [
    "DATA_FORMATS",
    "DataReport",
    "FastPass",
    "FileReport",
    "Origin",
    "ShapesError",
    "ValidationReport",
    "Violation",
    "clear_cache",
    "fast_pass",
    "read_data_file",
    "validate_files",
    "validate_graph",
    "validate_quads",
    "validate_store",
    "validate_store_quads",
]
