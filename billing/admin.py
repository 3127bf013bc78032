"""Back office for billing: plans and their daily AI quotas, who is on which plan (until
Stripe checkout arrives, admins assign plans here), and the usage ledger (read-only)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count

from billing import services
from billing.models import Plan, PlanAssignment, UsageRecord


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = [
        "name", "code", "ai_generations_per_day", "price", "is_default", "is_active", "sort_order", "assigned_users",
    ]
    list_display_links = ["name"]
    # The daily quotas are edited right in the list.
    list_editable = ["ai_generations_per_day", "is_active", "sort_order"]
    list_filter = ["is_active", "is_default"]
    actions = ["make_default"]
    # One default plan (a partial unique index): it only changes through the action,
    # which clears the old default in the same transaction.
    readonly_fields = ["is_default", "created_at", "updated_at"]
    fields = [
        "code", "name", "description", "ai_generations_per_day", "price_cents", "currency", "stripe_price_id",
        "is_active", "sort_order", "is_default", "created_at", "updated_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(assignment_count=Count("assignments"))

    @admin.display(description="price / month", ordering="price_cents")
    def price(self, plan: Plan) -> str:
        if not plan.price_cents:
            return "free"
        return f"{plan.price_cents / 100:.2f} {plan.currency}"

    @admin.display(description="assigned users", ordering="assignment_count")
    def assigned_users(self, plan: Plan) -> int:
        return plan.assignment_count

    def has_delete_permission(self, request, obj=None) -> bool:
        # Plans are referenced by code and by assignments; deactivate one instead.
        return False

    @admin.action(description="Make default (the plan of every user without an assignment)")
    def make_default(self, request, queryset):
        plans = list(queryset[:2])
        if len(plans) != 1:
            self.message_user(request, "Select exactly one plan to make it the default.", messages.ERROR)
            return
        plan = services.plan_set_default(plan=plans[0])
        self.message_user(request, f"{plan.name} is now the default plan.", messages.SUCCESS)


@admin.register(PlanAssignment)
class PlanAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "plan", "assigned_by", "note", "updated_at"]
    list_filter = ["plan"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user", "plan", "assigned_by"]
    autocomplete_fields = ["user"]
    readonly_fields = ["assigned_by", "created_at", "updated_at"]
    fields = ["user", "plan", "note", "assigned_by", "created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        # An assignment belongs to one user; move a user by editing their own assignment.
        return [*self.readonly_fields, "user"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        # Through the service (locks the user's assignment, records who assigned it).
        assignment = services.plan_assign(user=obj.user, plan=obj.plan, assigned_by=request.user, note=obj.note)
        obj.pk = assignment.pk
        obj.assigned_by = assignment.assigned_by
        obj.created_at, obj.updated_at = assignment.created_at, assignment.updated_at
        obj._state.adding = False


class RefundedFilter(admin.SimpleListFilter):
    title = "refunded"
    parameter_name = "refunded"

    def lookups(self, request, model_admin):
        return [("yes", "Refunded (not counted)"), ("no", "Counted")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(refunded_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(refunded_at__isnull=True)
        return queryset


@admin.register(UsageRecord)
class UsageRecordAdmin(admin.ModelAdmin):
    """The ledger: written only by billing.services (usage_consume / usage_refund)."""

    list_display = ["created_at", "user", "action", "counted", "refunded_at"]
    list_filter = ["action", RefundedFilter, "created_at"]
    search_fields = ["user__email"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    show_full_result_count = False
    fields = ["id", "user", "action", "created_at", "refunded_at", "metadata"]
    readonly_fields = fields

    @admin.display(boolean=True, description="counted")
    def counted(self, record: UsageRecord) -> bool:
        return record.refunded_at is None

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
