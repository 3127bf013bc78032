"""Filled in by its feature."""
