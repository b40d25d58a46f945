"""Test-session settings shared by every test module."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_CACHE_DIR: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    """The compiled-pattern cache of this session's runs (in process and in subprocesses) lives
    in a fresh folder, so tests neither read nor write the user's cache."""
    global _CACHE_DIR
    if "UNIONPARSE_CACHE_DIR" not in os.environ:
        _CACHE_DIR = tempfile.mkdtemp(prefix="unionparse-test-cache-")
        os.environ["UNIONPARSE_CACHE_DIR"] = _CACHE_DIR


def pytest_unconfigure(config: pytest.Config) -> None:
    if _CACHE_DIR is not None:
        shutil.rmtree(_CACHE_DIR, ignore_errors=True)
