"""What validation returns: plain frozen values that read as text, JSON or JUnit XML (never printed here)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib.namespace import SH

from kg.graph.vocab import PREFIXES

SHAPES_NS = "https://w3id.org/newskg/shapes#"
_PREFIXES: dict[str, str] = {**PREFIXES, "kgsh": SHAPES_NS, "sh": str(SH)}


def compact(iri: str) -> str:
    """An IRI with a known prefix shortened (kg:Report), else unchanged."""
    for prefix, ns in _PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result, in plain strings (IRIs in full)."""

    focus: str
    path: str | None
    shape: str
    message: str
    severity: str
    value: str | None

    def to_json(self) -> dict[str, str | None]:
        """This result as a JSON-ready dict."""
        return {
            "focus": self.focus,
            "path": self.path,
            "shape": self.shape,
            "message": self.message,
            "severity": self.severity,
            "value": self.value,
        }

    def to_text(self) -> str:
        """A readable block: shape, focus node, path, value and message."""
        lines = [
            f"{self.severity}: {self.message}",
            f"  shape: {compact(self.shape)}",
            f"  focus: {compact(self.focus)}",
        ]
        if self.path is not None:
            lines.append(f"  path:  {compact(self.path)}")
        if self.value is not None:
            lines.append(f"  value: {compact(self.value)}")
        return "\n".join(lines)


@dataclass(frozen=True)
class ValidationReport:
    """Whether the data conforms, every result, and how many triples were checked."""

    conforms: bool
    violations: tuple[Violation, ...]
    triples: int

    def to_json(self) -> dict[str, Any]:
        """The report as a JSON-ready dict."""
        return {
            "conforms": self.conforms,
            "triples": self.triples,
            "violations": [v.to_json() for v in self.violations],
        }

    def to_text(self) -> str:
        """A readable report: a summary line, then one block per violation."""
        head = f"{'Conforms' if self.conforms else 'Does not conform'}: {self.triples} triples"
        if not self.violations:
            return head
        head += f", {len(self.violations)} violation(s)"
        return "\n\n".join([head, *(v.to_text() for v in self.violations)])


@dataclass(frozen=True)
class Origin:
    """Where in the source article a violation's focus node came from, when the data says so."""

    article_file: str | None
    start: int | None
    end: int | None

    def to_text(self) -> str:
        """``000_x.txt chars 10-52`` (either part may be missing)."""
        where = self.article_file or "article"
        return f"{where} chars {self.start}-{self.end}" if self.start is not None else where


@dataclass(frozen=True)
class FileReport:
    """One data file (or store) checked: its report and, per violation, the article origin if known."""

    name: str
    report: ValidationReport
    origins: tuple[Origin | None, ...]

    def to_json(self) -> dict[str, Any]:
        """The report with ``file`` on it and ``article_file``/``start``/``end`` on each violation."""
        doc = {"file": self.name, **self.report.to_json()}
        for item, origin in zip(doc["violations"], self.origins):
            item.update(_origin_json(origin))
        return doc


@dataclass(frozen=True)
class DataReport:
    """Every file checked; conforms only if all do."""

    files: tuple[FileReport, ...]

    @property
    def conforms(self) -> bool:
        """True when every file conforms."""
        return all(f.report.conforms for f in self.files)

    def to_dict(self) -> dict[str, Any]:
        """``{"conforms": ..., "files": [...]}``."""
        return {"conforms": self.conforms, "files": [f.to_json() for f in self.files]}

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON text (a str, as ``to_text`` and ``to_junit`` are), every value exact."""
        import json

        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def to_text(self) -> str:
        """Per file: a summary line naming it, then one block per violation with its article origin."""
        blocks: list[str] = []
        for f in self.files:
            report = f.report
            head = f"{f.name}: {'conforms' if report.conforms else 'does not conform'} ({report.triples} triples"
            head += f", {len(report.violations)} violation(s))" if report.violations else ")"
            blocks.append(head)
            for v, origin in zip(report.violations, f.origins):
                block = v.to_text()
                if origin is not None:
                    block += f"\n  source: {origin.to_text()}"
                blocks.append(block)
        return "\n\n".join(blocks)

    def to_junit(self) -> str:
        """JUnit XML as CI systems read it: one testcase per file, one failure per violation."""
        from xml.etree import ElementTree as ET

        failures = sum(len(f.report.violations) for f in self.files)
        failed = sum(1 for f in self.files if f.report.violations)
        suites = ET.Element("testsuites", name="kg validate", tests=str(len(self.files)), failures=str(failed))
        suite = ET.SubElement(suites, "testsuite", name="kg validate", tests=str(len(self.files)),
                              failures=str(failed), errors="0", skipped="0")
        suite.set("violations", str(failures))
        for f in self.files:
            case = ET.SubElement(suite, "testcase", classname="kg.validate", name=f.name, file=f.name)
            for v, origin in zip(f.report.violations, f.origins):
                message = f"{compact(v.shape)}: {v.message} (focus {compact(v.focus)})"
                body = v.to_text() + (f"\n  source: {origin.to_text()}" if origin is not None else "")
                failure = ET.SubElement(case, "failure", message=message, type=v.severity)
                failure.text = body
        ET.indent(suites)
        return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _origin_json(origin: Origin | None) -> dict[str, Any]:
    """The origin fields of a JSON violation (null when unknown)."""
    if origin is None:
        return {"article_file": None, "start": None, "end": None}
    return {"article_file": origin.article_file, "start": origin.start, "end": origin.end}
