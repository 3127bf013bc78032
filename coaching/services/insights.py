"""Filled in by the insights feature."""


def insights_refresh_due() -> int:
    return 0
