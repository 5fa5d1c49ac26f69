"""Shared fixtures: the real spaCy pipeline is loaded once per test session."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline()
