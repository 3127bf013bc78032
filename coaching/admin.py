"""Back office for coaching. Verification goes through the services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.db.models import QuerySet

from coaching import services
from coaching.models import MentorProfile


class VerifiedFilter(admin.SimpleListFilter):
    title = "verified"
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(verified_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(verified_at__isnull=True)
        return queryset


@admin.register(MentorProfile)
class MentorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "headline", "years_of_experience", "is_verified", "verified_at", "verified_by"]
    list_select_related = ["user", "verified_by"]
    list_filter = [VerifiedFilter, "verified_at"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "headline"]
    fields = [
        "user",
        "headline",
        "bio",
        "expertise",
        "years_of_experience",
        "verified_at",
        "verified_by",
        "created_at",
        "updated_at",
    ]
    # Verification is recorded by the actions (who and when), never typed in.
    readonly_fields = ["user", "verified_at", "verified_by", "created_at", "updated_at"]
    actions = ["verify", "unverify"]

    def has_add_permission(self, request) -> bool:
        # Mentor profiles come from the mentor sign-up or the "Verify as mentor" user action.
        return False

    @admin.display(boolean=True, description="verified", ordering="verified_at")
    def is_verified(self, obj: MentorProfile) -> bool:
        return obj.is_verified

    def _report(self, request, done: str, changed: int) -> None:
        self.message_user(
            request,
            done.format(mentors=f"{changed} {model_ngettext(self.opts, changed)}"),
            messages.SUCCESS if changed else messages.INFO,
        )

    @admin.action(description="Verify selected mentors", permissions=["change"])
    def verify(self, request, queryset: QuerySet[MentorProfile]) -> None:
        changed = 0
        for mentor in queryset.select_related("user"):
            changed += not mentor.is_verified
            services.mentor_verify(user=mentor.user, verified_by=request.user)
        self._report(request, "Verified {mentors}.", changed)

    @admin.action(description="Remove verification of selected mentors", permissions=["change"])
    def unverify(self, request, queryset: QuerySet[MentorProfile]) -> None:
        changed = 0
        for mentor in queryset.select_related("user"):
            changed += mentor.is_verified
            services.mentor_unverify(user=mentor.user)
        self._report(request, "Removed the verification of {mentors}.", changed)
