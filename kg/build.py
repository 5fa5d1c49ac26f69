"""The whole flow for a batch: ingest -> nlp -> extract -> link -> rdf -> validate -> store."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from kg import __version__
from kg.ingest import Ingested, discover, read_articles, read_metadata
from kg.model import DEFAULT_MODEL, Article
from kg.executor import ModelMeta, batches
from kg.rdf import Minter, RunInfo
from kg.store import KgStore
from kg.validate import Violation



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
           report: BuildReport, force: bool) -> Iterator[Article]:
    """Articles whose graph is missing or stale; the rest are counted as unchanged."""
    seen: dict[str, str] = {}
    for item in items:
        report.warnings.extend(item.warnings)
        if item.error:
            report.failed.append(item.error)
        article = item.article
        if article is None:
            continue
        if article.id in seen:
            report.warnings.append(f"{article.file}: same article as {seen[article.id]}; built once")
            continue
        seen[article.id] = article.file
        graph = mint.graph(article.id)
        unchanged = (store.content_hash(graph, mint.article(article.id)) == article.content_hash
                     and _same_metadata(store.article_metadata(graph, mint.article(article.id)), article))
        if unchanged and not force and store.run_of(graph) == run_iri:
            report.unchanged.append(article.file)
            continue
        yield article


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
) -> BuildReport:
    """Build (or update) the graph of every article under ``paths`` into ``store``.

    The spaCy pipeline loads only when some article needs parsing (see kg.executor)."""
    from kg.executor import ensure_model, extract_all, installed_model_meta

    ensure_model(model)
    discover(paths)  # a mistyped path or an unusable --metadata fails at once, before the model loads
    if metadata is not None:
        read_metadata(metadata)
    report = BuildReport()
    mint = Minter(store.base)
    info = installed_model_meta(model) or _loaded_model_meta(model)
    run = RunInfo(__version__, info.name, info.version, datetime.now(timezone.utc))
    store.load_ontology()
    todo = _fresh(read_articles(paths, metadata), store, mint, mint.run(run).value, report, force)
    results = extract_all(todo, model, run, store.base, validate, jobs, batch_size, executor, scheduler)
    for chunk in batches(results, batch_size):  # one store transaction per batch of new graphs
        graphs = [(done, done.quads()) for done in chunk]
        store.replace_graphs([(mint.graph(done.article.id), quads) for done, quads in graphs])
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
    from kg.nlp import model_info

    info = model_info(pipeline(model))
    return ModelMeta(info.name, info.version)


def remove(files: Sequence[str], store: KgStore) -> list[str]:
    """Drop the graphs built from these file names; returns the names that had one."""
    removed = []
    for name in files:
        graphs = store.graph_for_file(name)
        for g in graphs:
            store.remove_graph(g)
        if graphs:
            removed.append(name)
    return removed
