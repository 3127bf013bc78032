from django.db import migrations

PLANS = [
    # code, name, AI generations per day (None = unlimited), monthly price in cents, order, default
    ("FREE", "Free", 10, 0, 0, True),
    ("PREMIUM", "Premium", 100, 1900, 1, False),
    ("ENTERPRISE", "Enterprise", None, 9900, 2, False),
]


def create_plans(apps, schema_editor):
    Plan = apps.get_model("billing", "Plan")
    for code, name, quota, price, order, default in PLANS:
        Plan.objects.get_or_create(
            code=code,
            defaults={
                "name": name, "ai_generations_per_day": quota, "price_cents": price,
                "sort_order": order, "is_default": default,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]
    operations = [migrations.RunPython(create_plans, migrations.RunPython.noop)]
