"""The docs are run, so they cannot drift from the code (sqlite-utils' docs tests are the model).

- Every kg command is in README.md's table of commands.

- Every ```console block of README.md and docs/*.md is run against the seed build, command by command, and
  what it shows must be what kg prints. In a shown output, ``...`` inside a line stands for any text, and a
  line that is ``...`` alone (or ``... (a note)``) for any number of lines; nothing else is loose. A block
  runs in its own copy of the seed workspace (seeds/ and kg-store, built by ``kg build seeds --store
  kg-store``), so a command that writes changes no other block; that build command itself shows the output
  the session's build printed. kg prints no timings or absolute paths there; a new example that does puts
  ``...`` where they vary.
- The RDF model page (docs/rdf-model.md) names only IRIs the seed build mints and only terms of kg's ontology.
- The documented kg ask examples (docs/ask.md, README's section of the same title) are understood as the kind
  they are listed under.
"""
from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import SEED_BUILD, SeedWorkspace, run_kg
from pyoxigraph import NamedNode, Store

from kg.ask import parse
from kg.graph.vocab import DEFAULT_BASE, KG
from test_ask_frames import KNOWLEDGE

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
ELIDED = "..."
_FENCE = re.compile(r"^(\s*)```(\S*)\s*$")


@dataclass(frozen=True)
class Block:
    path: Path
    line: int  # of the opening fence, 1-based
    info: str  # the fence's language
    lines: tuple[str, ...]

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


@dataclass(frozen=True)
class Command:
    line: int
    argv: tuple[str, ...]  # after "kg"
    shown: tuple[str, ...]  # the output lines the docs show


def fenced_blocks(path: Path) -> list[Block]:
    blocks: list[Block] = []
    opened: tuple[int, str, str] | None = None
    body: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        fence = _FENCE.match(line)
        if opened is None and fence:
            opened, body = (number, fence.group(2), fence.group(1)), []
        elif opened is not None and fence and not fence.group(2):
            blocks.append(Block(path, opened[0], opened[1], tuple(body)))
            opened = None
        elif opened is not None:
            body.append(line.removeprefix(opened[2]))
    return blocks


def commands(block: Block) -> list[Command]:
    found: list[Command] = []
    for offset, line in enumerate(block.lines, 1):
        if line.startswith("$ "):
            words = shlex.split(line[2:])
            assert words[:1] == ["kg"], f"{block.where}: a console example runs kg only, not {line!r}"
            found.append(Command(block.line + offset, tuple(words[1:]), ()))
        else:
            assert found, f"{block.where}: a console example starts with a '$ kg ...' line"
            last = found[-1]
            found[-1] = Command(last.line, last.argv, (*last.shown, line))
    return found


def console_blocks() -> list[Block]:
    return [b for path in DOCS for b in fenced_blocks(path) if b.info == "console"]


def shown_pattern(shown: tuple[str, ...]) -> re.Pattern[str]:
    """The output the docs show, as a pattern for what kg printed (see the module's docstring)."""
    parts = []
    for line in shown:
        if line == ELIDED or line.startswith(ELIDED + " ("):
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append("[^\n]*".join(re.escape(piece) for piece in line.rstrip().split(ELIDED)) + r"\n")
    return re.compile("".join(parts))


def _printed(output: str) -> str:
    lines = [line.rstrip() for line in output.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return "".join(line + "\n" for line in lines)


# ---------------------------------------------------------------- the console examples


def test_every_kg_example_is_a_console_block() -> None:
    """An example not tagged console would not be run: every block showing '$ kg' is one."""
    untagged = [b.where for path in DOCS for b in fenced_blocks(path)
                if b.info != "console" and any(line.startswith("$ kg") for line in b.lines)]
    assert not untagged, f"tag these blocks ```console so tests/test_docs.py runs them: {untagged}"
    assert len(console_blocks()) >= 3


def test_the_placeholder_convention() -> None:
    pattern = shown_pattern(("asks ...: captures", "...", "3 row(s)"))
    assert pattern.fullmatch("asks places: captures\n1 ───\n  place  Zaranj\n3 row(s)\n")
    assert pattern.fullmatch("asks places: captures\n3 row(s)\n")
    assert not pattern.fullmatch("asks places: captures\n4 row(s)\n")
    assert not pattern.fullmatch("asks places: captures and more\n3 row(s)\n")
    assert not shown_pattern(("a (b)",)).fullmatch("a b\n")  # nothing but '...' is loose


@pytest.mark.parametrize("block", console_blocks(), ids=lambda b: b.where)
def test_console_example_prints_what_the_docs_show(block: Block, seed_workspace: SeedWorkspace,
                                                   tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    shutil.copytree(seed_workspace.root, workspace)
    for command in commands(block):
        if command.argv == SEED_BUILD:
            output = seed_workspace.build_output
        else:
            result = run_kg(workspace, *command.argv)
            assert result.exit_code == 0 and result.exception is None, (command, result.output)
            output = result.output
        printed = _printed(output)
        assert shown_pattern(command.shown).fullmatch(printed), (
            f"{block.path.relative_to(ROOT)}:{command.line}: `kg {shlex.join(command.argv)}` printed\n{printed}\n"
            f"which the docs do not show; update them (... for what may vary)")


# ---------------------------------------------------------------- the commands


def _commands() -> list[str]:
    import typer.main

    from kg import cli

    return sorted(typer.main.get_command(cli.app).commands)


@pytest.mark.parametrize("name", _commands())
def test_every_command_is_in_the_readme_table(name: str) -> None:
    table = [line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines() if line.startswith("| `kg ")]
    assert any(re.match(rf"\| `kg {name}\b", line) or f"`kg {name}`" in line for line in table), (
        f"kg {name} is not in README.md's table of commands")


# ---------------------------------------------------------------- docs/rdf-model.md

_DATA_IRI = re.compile(r"\bid:([A-Za-z0-9/<>._-]+)")
_KG_TERM = re.compile(r"\bkg:([A-Za-z][A-Za-z0-9_]*)")


def _model_block() -> Block:
    (block,) = [b for b in fenced_blocks(ROOT / "docs" / "rdf-model.md") if b.info == "trig"]
    return block


def test_the_rdf_model_uses_only_ontology_terms() -> None:
    text = "\n".join(_model_block().lines)
    unknown = sorted(set(_KG_TERM.findall(text)) - KG.terms)
    assert not unknown, f"docs/rdf-model.md names kg: terms the ontology does not have: {unknown}"


def test_the_rdf_model_names_iris_the_seed_build_mints(seed_store_dir: Path) -> None:
    """Each id: IRI shown (a segment with <...> stands for any one segment) is one the seed build wrote."""
    store = Store.read_only(str(seed_store_dir))
    minted = {term.value.removeprefix(DEFAULT_BASE) for quad in store for term in (quad.subject, quad.object)
              if isinstance(term, NamedNode) and term.value.startswith(DEFAULT_BASE)}
    shown = sorted(set(_DATA_IRI.findall("\n".join(_model_block().lines))))
    assert len(shown) >= 10
    patterns = {iri: "/".join("[^/]+" if "<" in seg else re.escape(seg) for seg in iri.split("/")) for iri in shown}
    unminted = [f"id:{iri}" for iri, pattern in patterns.items() if not any(re.fullmatch(pattern, m) for m in minted)]
    assert not unminted, f"docs/rdf-model.md shows IRIs kg does not mint: {unminted}"


# ---------------------------------------------------------------- the kg ask examples

TITLE = "### What `kg ask` understands"
_KIND = re.compile(r"^- \*\*([a-z]+)\*\* — (.*)$")
_QUOTED = re.compile(r'"([^"]*)"')


def _section(path: Path) -> str | None:
    text = path.read_text(encoding="utf-8")
    if TITLE not in text:
        return None
    rest = text.split(TITLE, 1)[1]
    end = re.search(r"^#{1,3} ", rest, re.MULTILINE)
    return rest[: end.start()] if end else rest


def _examples(section: str) -> list[tuple[str, str]]:
    pairs = []
    for line in section.splitlines():
        if match := _KIND.match(line):
            pairs.extend((match.group(1), q) for q in _QUOTED.findall(match.group(2)))
    return pairs


def test_docs_page_lists_every_kind() -> None:
    section = _section(ROOT / "docs" / "ask.md")
    assert section is not None
    kinds = {kind for kind, _ in _examples(section)}
    assert kinds == {"places", "dates", "actors", "sources", "count", "yesno", "events", "conflicts"}


@pytest.mark.parametrize("path", [ROOT / "docs" / "ask.md", ROOT / "README.md"], ids=["docs", "readme"])
def test_documented_examples_are_understood_as_listed(path: Path) -> None:
    section = _section(path)
    if section is None:
        pytest.skip(f"{path.name} has no '{TITLE}' section")
    examples = _examples(section)
    assert len(examples) >= 16
    for kind, question in examples:
        frame = parse(question, KNOWLEDGE)
        assert frame.asks == kind, (question, frame.asks)
        assert not frame.ignored, (question, frame.ignored)
