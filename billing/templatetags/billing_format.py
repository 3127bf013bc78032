"""Formatting for the billing pages (values only; no queries)."""

from __future__ import annotations

from django import template

register = template.Library()

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


@register.filter
def plan_price(plan) -> str:
    """``Free``, ``$19 / month``, ``€9.50 / month``, ``CHF 12 / month``."""
    cents = plan.price_cents or 0
    if not cents:
        return "Free"
    amount = f"{cents // 100}" if cents % 100 == 0 else f"{cents / 100:.2f}"
    currency = (plan.currency or "USD").upper()
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{amount} / month" if symbol else f"{currency} {amount} / month"


@register.filter
def plan_quota(plan) -> str:
    per_day = plan.ai_generations_per_day
    if per_day is None:
        return "Unlimited AI generations"
    return f"{per_day} AI generation{'' if per_day == 1 else 's'} a day"
