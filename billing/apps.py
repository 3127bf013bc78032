from django.apps import AppConfig


class BillingConfig(AppConfig):
    """Plans, subscriptions, payments and usage quotas."""

    name = "billing"
    verbose_name = "Billing"
