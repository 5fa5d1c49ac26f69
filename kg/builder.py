"""The whole flow for a batch: ingest -> nlp -> extract -> link -> rdf -> validate -> store."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, UTC
from pathlib import Path, PurePath
from collections.abc import Callable, Iterable, Iterator, Sequence


from kg import __version__
from kg.ingest import JSONL_SUFFIX, Ingested, discover, read_articles, read_metadata
from kg.model import DEFAULT_MODEL, Article
from kg.executor import ModelMeta, batches
from kg.graph.rdf import Minter, NamedNode, RunInfo
from kg.graph.store import KgStore
from kg.graph.validation import Violation



@dataclass
class BuildReport:
    """What a build did; the CLI prints it, the library never does."""

    built: list[str] = field(default_factory=list)  # files
    unchanged: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    events: int = 0
    reports: int = 0
    quads: int = 0
    violations: list[tuple[str, Violation]] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.violations


def _fresh(items: Iterable[Ingested], store: KgStore, mint: Minter, run_iri: str,
           report: BuildReport, force: bool, stale: dict[str, list[NamedNode]]) -> Iterator[Article]:
    """Articles whose graph is missing or stale; the rest are counted as unchanged.

    ``stale`` collects, per article id, the graphs stored from the same file under another id (an article that
    got or lost a url, or one built before ids came from its source): they are dropped once the new graph is in."""
    seen: dict[str, str] = {}
    seen_text: dict[str, str] = {}  # url-less articles by content hash: one text under two names is built once
    for item in items:
        report.warnings.extend(item.warnings)
        if item.error:
            report.failed.append(item.error)
        article = item.article
        if article is None:
            continue
        twin = seen.get(article.id) or (seen_text.get(article.content_hash) if article.url is None else None)
        if twin is not None:
            report.warnings.append(f"{article.file}: same article as {twin}; built once")
            continue
        seen[article.id] = article.file
        if article.url is None:
            seen_text.setdefault(article.content_hash, article.file)
        graph, node = mint.graph(article.id), mint.article(article.id)
        # same file, other id: the same source, unless both have urls and different texts (two stories that
        # were built from same-named files in different folders)
        old = [g for g, url, text_hash in store.articles_from(article.file, besides=graph)
               if url is None or article.url is None or text_hash == article.content_hash]
        stored_hash = store.content_hash(graph, node)
        unchanged = (stored_hash == article.content_hash
                     and _same_metadata(store.article_metadata(graph, node), article)
                     and store.files_of(graph, node) == [article.file])  # a renamed file with a url rebuilds
        if unchanged and not force and store.run_of(graph) == run_iri:
            report.unchanged.append(article.file)
            for g in old:  # left by a build interrupted between writing the new graph and dropping these
                store.remove_graph(g)
            continue
        if stored_hash is None and not old:
            _renamed(store, article, report)
        stale[article.id] = old
        yield article


def _renamed(store: KgStore, article: Article, report: BuildReport) -> None:
    """A new url-less article whose text is stored under another name: most likely a renamed file."""
    if article.url is not None:
        return
    others = sorted({f for _, f in store.files_with_text(article.content_hash) if f != article.file})
    if others:
        report.warnings.append(f"{article.file}: same text as {', '.join(others)}, already stored; built as its "
                               f"own article (if it was renamed, drop the old one with kg remove {others[0]})")


def _same_metadata(stored: tuple[str | None, ...], article: Article) -> bool:
    """Whether the stored graph has the article's metadata (KgStore.article_metadata): a fixed date rebuilds."""
    url, headline, publishers, day = stored
    iso = article.date_published.isoformat() if article.date_published else None
    publisher_same = article.publisher in (publishers or "").split("\x1f") if article.publisher else publishers is None
    return (url, headline, day) == (article.url, article.headline, iso) and publisher_same


def build(
    paths: Sequence[Path],
    store: KgStore,
    metadata: Path | None = None,
    model: str = DEFAULT_MODEL,
    jobs: int = 1,
    batch_size: int = 8,
    validate: bool = True,
    force: bool = False,
    progress: Callable[[Article], None] | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    fast: bool | None = None,
) -> BuildReport:
    """Build (or update) the graph of every article under ``paths`` into ``store``; ``fast=False`` (or
    ``KG_FAST=0``) parses without kg's speed-ups (kg.extract.speedups).

    The spaCy pipeline loads only when some article needs parsing (see kg.executor)."""
    from kg.executor import ensure_model, extract_all, installed_model_meta

    ensure_model(model)
    discover(paths)  # a mistyped path or an unusable --metadata fails at once, before the model loads
    if metadata is not None:
        read_metadata(metadata)
    report = BuildReport()
    mint = Minter(store.base)
    info = installed_model_meta(model) or _loaded_model_meta(model)
    run = RunInfo(__version__, info.name, info.version, datetime.now(UTC))
    store.load_ontology()
    stale: dict[str, list[NamedNode]] = {}
    todo = _fresh(read_articles(paths, metadata), store, mint, mint.run(run).value, report, force, stale)
    results = extract_all(todo, model, run, store.base, validate, jobs, batch_size, executor, scheduler, fast)
    for chunk in batches(results, batch_size):  # one store transaction per batch of new graphs
        graphs = [(done, done.quads()) for done in chunk]
        store.replace_graphs([(mint.graph(done.article.id), quads) for done, quads in graphs])
        for done, _ in graphs:  # after the new graph is in: a crash here leaves a duplicate the next build drops
            for old in stale.pop(done.article.id, []):
                store.remove_graph(old)
        for done, quads in graphs:
            report.violations.extend((done.article.file, v) for v in done.violations)
            report.built.append(done.article.file)
            report.events += done.events
            report.reports += done.reports
            report.quads += len(quads)
            if progress:
                progress(done.article)
    return report


def _loaded_model_meta(model: str) -> ModelMeta:
    """Name and version from the loaded pipeline, for a package without a readable meta.json."""
    from kg.executor import pipeline
    from kg.extract.nlp import model_info

    info = model_info(pipeline(model))
    return ModelMeta(info.name, info.version)


@dataclass(frozen=True)
class Removed:
    """What ``remove`` did with each name it was given."""

    removed: dict[str, list[str]]  # name given -> the stored kg:file names whose graphs were dropped
    missing: dict[str, list[str]]  # name given -> stored names it may have meant (same file name elsewhere)


def remove(files: Sequence[str], store: KgStore) -> Removed:
    """Drop the graphs built from these files: a stored ``kg:file`` name, or the path built from.

    A stored name is the path relative to the folder given to ``kg build`` (or a given file's name), so for
    ``seeds/003.txt`` the longest tail of the path that is stored is taken: ``seeds/003.txt``, else ``003.txt``.
    A .jsonl path drops every article of that file (``batch.jsonl#1``, ``#2`` ...)."""
    removed: dict[str, list[str]] = {}
    missing: dict[str, list[str]] = {}
    stored: list[str] | None = None
    for given in files:
        names: list[str] = []
        for candidate in _tails(given):
            graphs = store.graph_for_file(candidate)
            names = [candidate] if graphs else []
            if not graphs and candidate.lower().endswith(JSONL_SUFFIX):
                stored = store.stored_files() if stored is None else stored
                names = [f for f in stored if f.startswith(candidate + "#")]
                graphs = [g for f in names for g in store.graph_for_file(f)]
            if graphs:
                for g in graphs:
                    store.remove_graph(g)
                break
        if names:
            removed[given] = names
        else:
            stored = store.stored_files() if stored is None else stored
            tail = "/" + PurePath(given).name
            missing[given] = [f for f in stored if f.endswith(tail)][:3]
    return Removed(removed, missing)


def _tails(given: str) -> list[str]:
    """``a/b/c.txt``, ``b/c.txt``, ``c.txt``: the name as given, then shorter tails of its path."""
    parts = [p for p in PurePath(given).parts if p not in ("/", ".", "")]
    tails = [given, *("/".join(parts[i:]) for i in range(len(parts)))]
    return list(dict.fromkeys(t for t in tails if t))
