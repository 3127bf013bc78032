"""Back office for billing: plan quotas edited in the list, "Make default", plan
assignment through the service (changing the user's quota), the read-only usage ledger."""

from __future__ import annotations

import pytest
from django.contrib.admin import helpers
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import User
from billing import selectors, services
from billing.models import Plan, PlanAssignment, UsageRecord
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PLANS = reverse("admin:billing_plan_changelist")
ASSIGNMENTS = reverse("admin:billing_planassignment_changelist")
USAGE = reverse("admin:billing_usagerecord_changelist")


@pytest.fixture
def admin_user():
    return UserFactory(email="root@example.com", is_staff=True, is_superuser=True, role=User.Role.ADMIN)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _plan(code: str) -> Plan:
    return Plan.objects.get(code=code)


# --- Plans -----------------------------------------------------------------------------------


@pytest.mark.parametrize("params", [{}, {"is_active__exact": "1"}, {"o": "4"}, {"o": "-8"}])
def test_plan_changelist_renders(admin_client, owner, params):
    services.plan_assign(user=owner, plan=_plan("PREMIUM"))
    response = admin_client.get(PLANS, params)
    assert response.status_code == 200
    assert {plan.code for plan in response.context["cl"].result_list} == {"FREE", "PREMIUM", "ENTERPRISE"}


def test_plan_list_shows_code_quota_price_and_default(admin_client):
    response = admin_client.get(PLANS)
    rows = {row.code: row for row in response.context["cl"].result_list}
    assert rows["FREE"].is_default and not rows["PREMIUM"].is_default
    html = response.content.decode()
    assert "19.00 USD" in html and "free" in html
    assert 'name="form-0-ai_generations_per_day"' in html  # quotas are editable in the list


def test_quota_edited_in_the_list_changes_the_users_allowance(admin_client, owner):
    plans = list(Plan.objects.order_by("sort_order", "pk"))
    data = {
        "form-TOTAL_FORMS": str(len(plans)), "form-INITIAL_FORMS": str(len(plans)), "_save": "Save",
    }
    for index, plan in enumerate(plans):
        data.update({
            f"form-{index}-id": str(plan.pk),
            f"form-{index}-ai_generations_per_day": "3" if plan.code == "FREE" else (plan.ai_generations_per_day or ""),
            f"form-{index}-is_active": "on",
            f"form-{index}-sort_order": str(plan.sort_order),
        })
    response = admin_client.post(PLANS, data)
    assert response.status_code == 302, response.context and response.context["cl"].formset.errors
    assert _plan("FREE").ai_generations_per_day == 3
    assert _plan("ENTERPRISE").ai_generations_per_day is None  # empty stays unlimited
    assert selectors.quota_status(user=owner).limit == 3


def test_make_default_action(admin_client, owner):
    response = admin_client.post(
        PLANS, {"action": "make_default", helpers.ACTION_CHECKBOX_NAME: [_plan("PREMIUM").pk]}
    )
    assert response.status_code == 302
    assert list(Plan.objects.filter(is_default=True).values_list("code", flat=True)) == ["PREMIUM"]
    assert selectors.quota_status(user=owner).limit == 100
    assert "Premium is now the default plan." in [str(m) for m in get_messages(response.wsgi_request)]


def test_make_default_refuses_two_plans(admin_client):
    response = admin_client.post(
        PLANS,
        {"action": "make_default", helpers.ACTION_CHECKBOX_NAME: [_plan("PREMIUM").pk, _plan("ENTERPRISE").pk]},
    )
    assert response.status_code == 302
    assert list(Plan.objects.filter(is_default=True).values_list("code", flat=True)) == ["FREE"]
    assert "Select exactly one plan" in " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_plan_change_page_keeps_the_default_flag_read_only(admin_client):
    response = admin_client.get(reverse("admin:billing_plan_change", args=[_plan("FREE").pk]))
    assert response.status_code == 200
    assert "is_default" not in response.context["adminform"].form.fields
    assert "ai_generations_per_day" in response.context["adminform"].form.fields


def test_plans_cannot_be_deleted(admin_client):
    response = admin_client.post(reverse("admin:billing_plan_delete", args=[_plan("PREMIUM").pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Plan.objects.filter(code="PREMIUM").exists()


# --- Plan assignments ------------------------------------------------------------------------


def test_assignment_changelist_renders(admin_client, owner, stranger, django_assert_max_num_queries):
    services.plan_assign(user=owner, plan=_plan("PREMIUM"))
    admin_client.get(ASSIGNMENTS)
    for user in UserFactory.create_batch(8):
        services.plan_assign(user=user, plan=_plan("ENTERPRISE"))
    with django_assert_max_num_queries(12):
        response = admin_client.get(ASSIGNMENTS, {"q": "example"})
    assert response.status_code == 200
    assert admin_client.get(ASSIGNMENTS, {"plan__id__exact": _plan("PREMIUM").pk}).status_code == 200


def test_assignment_add_page_uses_autocomplete_for_the_user(admin_client):
    response = admin_client.get(reverse("admin:billing_planassignment_add"))
    assert response.status_code == 200
    assert "admin-autocomplete" in response.content.decode()
    autocomplete = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "owner", "app_label": "billing", "model_name": "planassignment", "field_name": "user"},
    )
    assert autocomplete.status_code == 200


def test_assigning_a_plan_in_the_admin_changes_the_users_quota(admin_client, admin_user, owner):
    for _ in range(10):
        services.usage_consume(user=owner, action=UsageRecord.Action.AI_CHAT)
    assert selectors.quota_status(user=owner).exhausted
    response = admin_client.post(
        reverse("admin:billing_planassignment_add"),
        {"user": owner.pk, "plan": _plan("PREMIUM").pk, "note": "Asked by email"},
    )
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assignment = PlanAssignment.objects.get(user=owner)
    assert (assignment.plan.code, assignment.assigned_by, assignment.note) == ("PREMIUM", admin_user, "Asked by email")
    status = selectors.quota_status(user=owner)
    assert (status.limit, status.remaining, status.exhausted) == (100, 90, False)
    services.usage_consume(user=owner, action=UsageRecord.Action.AI_CHAT)  # works again


def test_changing_an_assignment_in_the_admin_goes_through_the_service(admin_client, admin_user, owner):
    assignment = services.plan_assign(user=owner, plan=_plan("PREMIUM"), note="trial")
    response = admin_client.post(
        reverse("admin:billing_planassignment_change", args=[assignment.pk]),
        {"plan": _plan("ENTERPRISE").pk, "note": "contract signed"},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.plan.code, assignment.assigned_by, assignment.note) == (
        "ENTERPRISE", admin_user, "contract signed"
    )
    assert selectors.quota_status(user=owner).limit is None
    assert PlanAssignment.objects.count() == 1


def test_a_second_assignment_for_the_same_user_is_a_form_error(admin_client, owner):
    services.plan_assign(user=owner, plan=_plan("PREMIUM"))
    response = admin_client.post(
        reverse("admin:billing_planassignment_add"), {"user": owner.pk, "plan": _plan("ENTERPRISE").pk}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert PlanAssignment.objects.get(user=owner).plan.code == "PREMIUM"


def test_deleting_the_assignment_puts_the_user_back_on_the_default(admin_client, owner):
    assignment = services.plan_assign(user=owner, plan=_plan("PREMIUM"))
    response = admin_client.post(reverse("admin:billing_planassignment_delete", args=[assignment.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert selectors.quota_status(user=owner).plan.code == "FREE"


# --- Usage records ---------------------------------------------------------------------------


@pytest.fixture
def records(owner, stranger):
    kept = services.usage_consume(user=owner, action=UsageRecord.Action.AI_CHAT, metadata={"kind": "CHAT_REPLY"})
    refunded = services.usage_consume(user=stranger, action=UsageRecord.Action.AI_QUIZ)
    services.usage_refund(record_id=refunded.pk)
    return kept, refunded


@pytest.mark.parametrize(
    "params",
    [
        {}, {"action__exact": "AI_QUIZ"}, {"refunded": "yes"}, {"refunded": "no"}, {"q": "owner@example.com"},
        {"created_at__gte": "2020-01-01 00:00:00+00:00"}, {"created_at__year": "2026"}, {"o": "-1"},
    ],
)
def test_usage_changelist_renders(admin_client, records, params):
    assert admin_client.get(USAGE, params).status_code == 200


def test_usage_filters_and_search(admin_client, records):
    kept, refunded = records

    def listed(params):
        return {r.pk for r in admin_client.get(USAGE, params).context["cl"].result_list}

    assert listed({"refunded": "yes"}) == {refunded.pk}
    assert listed({"refunded": "no"}) == {kept.pk}
    assert listed({"action__exact": "AI_CHAT"}) == {kept.pk}
    assert listed({"q": "stranger@example.com"}) == {refunded.pk}
    assert admin_client.get(USAGE).context["cl"].date_hierarchy == "created_at"


def test_usage_changelist_query_count_does_not_grow(admin_client, owner, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    UsageRecord.objects.create(user=owner, action="AI_CHAT")
    admin_client.get(USAGE)  # warm up (session, content types)
    with CaptureQueriesContext(connection) as first:
        assert admin_client.get(USAGE).status_code == 200
    UsageRecord.objects.bulk_create([UsageRecord(user=UserFactory(), action="AI_CHAT") for _ in range(15)])
    with django_assert_num_queries(len(first.captured_queries)):
        assert admin_client.get(USAGE).status_code == 200


def test_usage_records_are_read_only(admin_client, records):
    kept, _ = records
    change_url = reverse("admin:billing_usagerecord_change", args=[kept.pk])
    response = admin_client.get(change_url)
    assert response.status_code == 200
    assert not response.context["adminform"].form.fields  # every field read-only
    assert admin_client.get(reverse("admin:billing_usagerecord_add")).status_code == 403
    assert admin_client.post(change_url, {"action": "AI_QUIZ"}).status_code == 403
    assert admin_client.post(reverse("admin:billing_usagerecord_delete", args=[kept.pk]), {"post": "yes"}).status_code == 403
    kept.refresh_from_db()
    assert kept.action == UsageRecord.Action.AI_CHAT
