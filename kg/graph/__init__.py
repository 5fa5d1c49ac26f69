"""The graph: vocabulary, RDF writing, the store (embedded or remote), queries, exports and validation."""
