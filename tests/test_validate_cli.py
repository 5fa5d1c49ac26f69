"""`kg validate` on RDF files: formats by extension, exit codes, text/json/junit reports, user shapes, pre-commit."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pyoxigraph
import pytest
import yaml
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "tests" / "cases" / "valid_article.trig"
REPORT = "https://w3id.org/newskg/id/report/r1"
QUOTE = REPORT + "/evidence/quote"
runner = CliRunner()


def broken_text() -> str:
    """The valid article with a polarity outside the closed list and a non-string quote."""
    text = CASE.read_text(encoding="utf-8")
    text = text.replace("kg:polarity kg:Asserted", "kg:polarity kg:Maybe")
    start = text.index('oa:exact "')
    end = text.index('" .', start)
    return text[:start] + "oa:exact 42" + text[end + 1:]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """The valid case in every format kg reads, and a broken TriG."""
    quads = list(pyoxigraph.parse(path=str(CASE), format=pyoxigraph.RdfFormat.TRIG))
    out = {}
    for name, fmt in (("good.trig", pyoxigraph.RdfFormat.TRIG), ("good.nq", pyoxigraph.RdfFormat.N_QUADS),
                      ("good.jsonld", pyoxigraph.RdfFormat.JSON_LD)):
        out[name] = tmp_path / name
        pyoxigraph.serialize(quads, str(out[name]), fmt)
    out["good.ttl"] = tmp_path / "good.ttl"
    pyoxigraph.serialize([q.triple for q in quads], str(out["good.ttl"]), pyoxigraph.RdfFormat.TURTLE)
    out["bad.trig"] = tmp_path / "bad.trig"
    out["bad.trig"].write_text(broken_text(), encoding="utf-8")
    return out


def test_valid_files_in_every_format_exit_0(files: dict[str, Path]) -> None:
    good = [str(files[n]) for n in ("good.trig", "good.nq", "good.jsonld", "good.ttl")]
    result = runner.invoke(app, ["validate", *[a for f in good for a in ("--data", f)]])
    assert result.exit_code == 0, result.output
    for f in good:
        assert f"{f}: conforms (69 triples)" in result.output


def test_broken_file_exit_1_names_file_focus_path_shape_message_and_article_offsets(files: dict[str, Path]) -> None:
    result = runner.invoke(app, ["validate", "--data", str(files["bad.trig"]), "--format", "json"])
    assert result.exit_code == 1, result.output
    doc = json.loads(result.output)
    assert doc["conforms"] is False
    [report] = doc["files"]
    assert report["file"] == str(files["bad.trig"])
    by_focus = {v["focus"]: v for v in report["violations"]}
    assert set(by_focus) == {REPORT, QUOTE}
    polarity = by_focus[REPORT]
    assert polarity["path"] == "https://w3id.org/newskg/ontology#polarity"
    assert polarity["shape"].endswith("ReportShape/polarity")
    assert "kg:polarity" in polarity["message"]
    assert polarity["value"] == "https://w3id.org/newskg/ontology#Maybe"
    # the article file and character span come from the report's own evidence selectors
    for v in by_focus.values():
        assert (v["article_file"], v["start"], v["end"]) == ("000_82943735f7b19b7c.txt", 1024, 1076)


def test_text_report_names_everything(files: dict[str, Path]) -> None:
    result = runner.invoke(app, ["validate", str(files["good.nq"]), str(files["bad.trig"])])
    assert result.exit_code == 1
    assert f"{files['good.nq']}: conforms" in result.output
    assert f"{files['bad.trig']}: does not conform (69 triples, 2 violation(s))" in result.output
    assert f"focus: {REPORT}" in result.output
    assert "path:  kg:polarity" in result.output
    assert "shape: kgsh:ReportShape/polarity" in result.output
    assert "source: 000_82943735f7b19b7c.txt chars 1024-1076" in result.output


def test_junit_one_testcase_per_file_one_failure_per_violation(files: dict[str, Path]) -> None:
    result = runner.invoke(app, ["validate", "--data", str(files["good.trig"]), "--data", str(files["bad.trig"]),
                                 "-f", "junit"])
    assert result.exit_code == 1
    root = ET.fromstring(result.output.encode("utf-8"))
    assert root.tag == "testsuites"
    [suite] = root.findall("testsuite")
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) == {str(files["good.trig"]), str(files["bad.trig"])}
    assert cases[str(files["good.trig"])].findall("failure") == []
    failures = cases[str(files["bad.trig"])].findall("failure")
    assert len(failures) == 2
    assert any("ReportShape/polarity" in f.get("message", "") and REPORT in f.get("message", "") for f in failures)
    assert all("000_82943735f7b19b7c.txt chars 1024-1076" in (f.text or "") for f in failures)


def test_users_own_shapes_dir_is_used(files: dict[str, Path], tmp_path: Path) -> None:
    shapes = tmp_path / "myshapes"
    shapes.mkdir()
    # a house rule kg's shapes do not have: every article needs a schema:author
    (shapes / "house.ttl").write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <https://schema.org/> .
<urn:house#ArticleAuthor> a sh:NodeShape ; sh:targetClass schema:NewsArticle ;
  sh:property [ sh:path schema:author ; sh:minCount 1 ; sh:message "house rule: an article needs an author" ] .
""", encoding="utf-8")
    result = runner.invoke(app, ["validate", "--data", str(files["good.trig"]), "--shapes", str(shapes)])
    assert result.exit_code == 1, result.output
    assert "house rule: an article needs an author" in result.output
    assert "source: 000_82943735f7b19b7c.txt" in result.output  # the article node names its own file
    # the broken polarity is no violation under the user's shapes: kg's shapes were not used
    bad = runner.invoke(app, ["validate", "--data", str(files["bad.trig"]), "--shapes", str(shapes)])
    assert "kg:polarity" not in bad.output


@pytest.mark.parametrize(("name", "content", "needle"), [
    ("data.csv", "<x/>", "unknown RDF file extension '.csv'"),  # .rdf is RDF/XML since issue 12
    ("data.rdf", "<x/>", "not valid RDF/XML"),
    ("broken.ttl", "<urn:a> <urn:b> .", "not valid Turtle"),
])
def test_unreadable_input_exit_2_one_line(tmp_path: Path, name: str, content: str, needle: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--data", str(path)])
    assert result.exit_code == 2
    assert needle in result.output
    assert str(path) in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_missing_file_and_unknown_format_exit_2(files: dict[str, Path], tmp_path: Path) -> None:
    missing = runner.invoke(app, ["validate", "--data", str(tmp_path / "nope.ttl")])
    assert missing.exit_code == 2 and "cannot read the file" in missing.output
    fmt = runner.invoke(app, ["validate", "--data", str(files["good.trig"]), "-f", "xml"])
    assert fmt.exit_code == 2 and "choose text, json or junit" in fmt.output


def test_store_validation_with_junit(tmp_path: Path) -> None:
    from kg.graph.store import open_store

    with open_store(tmp_path / "store") as kgs:
        kgs.store.load(path=str(CASE), format=pyoxigraph.RdfFormat.TRIG)
    result = runner.invoke(app, ["validate", "--store", str(tmp_path / "store"), "-f", "junit"])
    assert result.exit_code == 0, result.output
    [case] = ET.fromstring(result.output.encode()).iter("testcase")
    assert case.get("name") == str(tmp_path / "store") and case.findall("failure") == []


# ---------------------------------------------------------------- pre-commit


def test_pre_commit_hook_runs_on_matching_files(files: dict[str, Path], tmp_path: Path) -> None:
    """Runs the real pre-commit tool with our hook definition on a scratch git repository.

    The shipped hook is `language: python`, which makes pre-commit pip-install kg (spaCy and its model)
    into a hook venv: too slow for a test. So the test copies the shipped hook's id, entry, file pattern
    and flags into a local `language: system` hook that uses the kg on PATH: pre-commit itself still
    selects the files and passes them to the entry.
    """
    precommit = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    assert precommit, "pre-commit is not installed; pip install -e '.[test]'"
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "kg-validate" and hook["language"] == "python"
    local = {k: hook[k] for k in ("id", "name", "entry", "files", "types", "require_serial")}
    local["language"] = "system"
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(files["good.trig"], repo / "good.trig")
    shutil.copy(files["good.jsonld"], repo / "good.jsonld")
    (repo / "notes.txt").write_text("not RDF: must not be passed to the hook\n", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]}), encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pc-home"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=repo, env=env, capture_output=True, text=True, timeout=300)

    assert run("git", "init", "-q").returncode == 0
    assert run("git", "add", ".").returncode == 0
    ok = run(precommit, "run", "--all-files", "--verbose")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "good.trig: conforms" in ok.stdout and "good.jsonld: conforms" in ok.stdout
    assert "notes.txt" not in ok.stdout

    (repo / "bad.trig").write_text(broken_text(), encoding="utf-8")
    assert run("git", "add", "bad.trig").returncode == 0
    bad = run(precommit, "run", "--files", "bad.trig", "notes.txt")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "bad.trig: does not conform" in bad.stdout
    assert "kgsh:ReportShape/polarity" in bad.stdout
