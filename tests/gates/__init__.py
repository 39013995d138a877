"""Helpers for the quality gates (tests/test_gates_*.py): build once, serve, drive Chromium."""
