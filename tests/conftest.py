"""Shared fixtures: the packaged data, and a writable copy of it for breaking things."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import shaoxing as sx

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def data_path() -> Path:
    return sx.data_dir()


@pytest.fixture
def data_copy(tmp_path, data_path) -> Path:
    """A copy of data/ in a temporary folder, for tests that break a file."""
    dest = tmp_path / "data"
    shutil.copytree(data_path, dest)
    return dest


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a CSV in place (test helper); fails loudly if ``old`` is absent."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# Fixture notebooks (some fail on purpose) are inputs of the report-builder
# tests, not notebooks for nbval to run.
collect_ignore_glob = ["fixtures/*"]
