"""kg: news articles to a validated RDF knowledge graph with provenance."""
__version__ = "0.1.0"
