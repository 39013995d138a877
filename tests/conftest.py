"""Shared fixtures: the project root, and a copy of a dataset in a temp folder."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEMPLATES = ROOT / "overrides" / "generated"


@pytest.fixture
def valid_copy(tmp_path: Path) -> Path:
    """tmp_path/data holding the small valid fixture dataset; returns tmp_path."""
    shutil.copytree(FIXTURES / "valid", tmp_path / "data")
    return tmp_path
