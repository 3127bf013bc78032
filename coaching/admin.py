"""Back office for coaching. Verification and review hand-overs go through the services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import model_ngettext
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.template.response import TemplateResponse

from accounts.models import User
from coaching import services
from coaching.models import MentorProfile, ReviewComment, ReviewRequest


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


# --- Review requests ------------------------------------------------------------------------------


class ReassignForm(forms.Form):
    mentor = forms.ModelChoiceField(
        queryset=User.objects.none(),
        help_text="Only verified mentors are listed. The request becomes theirs; a previous mentor's draft is discarded.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = User.objects.filter(
            role=User.Role.MENTOR, is_active=True, mentor_profile__verified_at__isnull=False
        ).order_by("first_name", "email")
        self.fields["mentor"].label_from_instance = lambda user: f"{user.display_name} <{user.email}>"


class ReviewCommentInline(admin.TabularInline):
    model = ReviewComment
    extra = 0
    fields = ["section", "text", "created_at"]
    readonly_fields = ["section", "text", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReviewRequest)
class ReviewRequestAdmin(admin.ModelAdmin):
    list_display = ["resume", "requester", "status", "mentor", "target_role", "created_at", "completed_at", "rating"]
    list_select_related = ["resume", "requester", "mentor"]
    list_filter = ["status", "kind", "rating", "created_at", "completed_at"]
    search_fields = ["requester__email", "mentor__email", "resume__title", "target_role", "note"]
    date_hierarchy = "created_at"
    raw_id_fields = ["requester", "resume", "mentor"]
    inlines = [ReviewCommentInline]
    # State changes go through the actions (and the services), never a typed-in status.
    readonly_fields = [
        *("id", "requester", "kind", "resume", "note", "target_role", "status", "mentor"),
        *("claimed_at", "completed_at", "cancelled_at", "overall_feedback", "rating", "rating_comment"),
        *("rated_at", "email_sent_at", "created_at", "updated_at"),
    ]
    actions = ["reassign", "return_to_queue"]

    def get_queryset(self, request):
        # The resume's text and parsed data are never shown here.
        return (
            super()
            .get_queryset(request)
            .defer("resume__raw_text", "resume__parsed_data", "resume__content", "resume__feedback", "resume__layout")
        )

    def has_add_permission(self, request) -> bool:
        # Requests come from job seekers' "Ask a mentor" page.
        return False

    @admin.action(description="Reassign selected requests to a mentor…", permissions=["change"])
    def reassign(self, request, queryset: QuerySet[ReviewRequest]):
        form = ReassignForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            mentor = form.cleaned_data["mentor"]
            changed = 0
            for review in queryset:
                try:
                    services.review_reassign(review=review, mentor=mentor)
                except (ValidationError, PermissionDenied) as e:
                    self.message_user(
                        request, f"{review}: {' '.join(getattr(e, 'messages', [str(e)]))}", messages.WARNING
                    )
                else:
                    changed += 1
            self.message_user(
                request,
                f"Assigned {changed} {model_ngettext(self.opts, changed)} to {mentor.display_name}.",
                messages.SUCCESS if changed else messages.INFO,
            )
            return None  # back to the changelist
        context = {
            **self.admin_site.each_context(request),
            "title": "Reassign review requests",
            "subtitle": None,
            "opts": self.opts,
            "queryset": queryset.select_related("resume", "mentor"),
            "form": form,
            "action_name": "reassign",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "coaching/admin/reassign_confirmation.html", context)

    @admin.action(description="Return selected requests to the queue", permissions=["change"])
    def return_to_queue(self, request, queryset: QuerySet[ReviewRequest]) -> None:
        changed = 0
        for review in queryset.filter(status=ReviewRequest.Status.CLAIMED):
            services.review_return_to_queue(review=review)
            changed += 1
        self.message_user(
            request,
            f"Returned {changed} {model_ngettext(self.opts, changed)} to the queue."
            + ("" if changed == queryset.count() else " Only claimed requests can be returned."),
            messages.SUCCESS if changed else messages.INFO,
        )


@admin.register(ReviewComment)
class ReviewCommentAdmin(admin.ModelAdmin):
    list_display = ["request", "section", "created_at"]
    list_select_related = ["request__resume"]
    list_filter = ["section"]
    search_fields = ["text", "request__resume__title"]
    readonly_fields = ["request", "section", "text", "created_at", "updated_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("request__resume__raw_text", "request__resume__parsed_data", "request__resume__content")
        )

    def has_add_permission(self, request) -> bool:
        # Mentors write comments on the review page.
        return False
