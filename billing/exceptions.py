"""Domain errors of billing."""

from datetime import datetime


class QuotaExceeded(Exception):
    """The user has used today's AI generations. Nothing was generated or counted."""

    def __init__(self, *, limit: int, resets_at: datetime, plan_name: str):
        self.limit = limit
        self.resets_at = resets_at
        self.plan_name = plan_name
        super().__init__(
            f"You have used all {limit} AI generations of your {plan_name} plan today. "
            f"They reset at {resets_at:%H:%M} ({resets_at.tzname()})."
        )
