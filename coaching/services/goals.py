"""Filled in by the goals feature."""


def goal_reminders_send() -> int:
    return 0
