"""Back office for coaching. Verification and review hand-overs go through the services.

The AI coach: the "AI provider" page (one AISettings row: switch provider, test the
connection) and read-only views of what the coach produced, for support."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import model_ngettext
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from accounts.models import User
from coaching import services
from coaching.ai import providers
from coaching.models import (
    AISettings,
    Assessment,
    Conversation,
    CoverLetter,
    Generation,
    Goal,
    GoalMilestone,
    IndustryInsight,
    MentorProfile,
    Message,
    MockInterview,
    ReviewComment,
    ReviewRequest,
    Story,
)
from coaching.services import ai_settings as ai_settings_services


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


# --- The AI coach: provider ------------------------------------------------------------------------


class AISettingsForm(forms.ModelForm):
    base_url = forms.CharField(
        label="Base URL", max_length=500, required=False,
        help_text="Overrides AI_BASE_URL, e.g. http://localhost:11434/v1 for Ollama or http://ollama:11434/v1 in Docker.",
    )

    class Meta:
        model = AISettings
        fields = ["provider", "base_url", "model"]

    def clean_base_url(self) -> str:
        return ai_settings_services.ai_base_url_clean(self.cleaned_data["base_url"])

    def _get_validation_exclusions(self):
        # The model's URLField refuses host names without a dot; clean_base_url checked it.
        return {*super()._get_validation_exclusions(), "base_url"}


@admin.register(AISettings)
class AISettingsAdmin(admin.ModelAdmin):
    """One page, "AI provider": what is active now, a form to switch, and a connection test.
    The API key only comes from the environment and is never shown."""

    fields = ["provider", "base_url", "model", "updated_by", "updated_at"]  # the last test shows above the form
    readonly_fields = ["updated_by", "updated_at"]
    form = AISettingsForm

    def has_add_permission(self, request) -> bool:
        return False  # the single row is created on first visit

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # blank fields already mean "as configured"

    def get_urls(self):
        test = self.admin_site.admin_view(require_POST(self.test_connection_view))
        name = f"{self.opts.app_label}_{self.opts.model_name}_test_connection"
        return [path("test-connection/", test, name=name), *super().get_urls()]

    def _page_url(self, row: AISettings) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[row.pk],
                       current_app=self.admin_site.name)

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return redirect(self._page_url(ai_settings_services.ai_settings_get()))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        config = providers.active_config()
        context = {
            **(extra_context or {}),
            "active": config,
            "active_label": dict(AISettings.Provider.choices).get(config.name, config.name),
            "active_base_url": config.base_url or ("https://api.openai.com/v1" if config.name == providers.OPENAI else ""),
            "api_key_set": bool(config.api_key),
            "test_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_test_connection",
                                current_app=self.admin_site.name),
            "can_test": self.has_change_permission(request),
        }
        return super().change_view(request, object_id, form_url, extra_context=context)

    def save_model(self, request, obj: AISettings, form, change) -> None:
        saved = ai_settings_services.ai_settings_update(
            provider=obj.provider, base_url=obj.base_url, model=obj.model, updated_by=request.user
        )
        obj.pk, obj.updated_by, obj.updated_at = saved.pk, saved.updated_by, saved.updated_at

    def response_change(self, request, obj):
        # Stay on the page: it is the only one, and it shows what is active now.
        self.message_user(request, "Saved. New generations use this provider.", messages.SUCCESS)
        return HttpResponseRedirect(self._page_url(obj))

    def test_connection_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        row = ai_settings_services.ai_connection_test()
        self.message_user(request, row.last_test_message, messages.SUCCESS if row.last_test_ok else messages.ERROR)
        return HttpResponseRedirect(self._page_url(row))


# --- The AI coach: what it produced (read-only, for support) ----------------------------------------


class ReadOnlyAdmin(admin.ModelAdmin):
    """Users' own coaching rows: admins look (and may delete on request), never edit."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class MessageInline(ReadOnlyInline):
    model = Message
    fields = ["created_at", "role", "status", "content", "metadata"]
    readonly_fields = fields
    ordering = ["created_at"]


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "user", "job", "last_message_at", "created_at"]
    list_select_related = ["user", "job"]
    list_filter = ["created_at"]
    search_fields = ["user__email", "title"]
    date_hierarchy = "created_at"
    inlines = [MessageInline]
    exclude = ["resume"]  # its text is not the admin's business; the job and title say enough


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    """Messages across conversations, e.g. to find the replies of one model or a failure."""

    list_display = ["created_at", "role", "status", "conversation"]
    list_select_related = ["conversation"]
    list_filter = ["role", "status"]
    search_fields = ["conversation__user__email", "=conversation__id"]
    date_hierarchy = "created_at"
    raw_id_fields = ["conversation", "generation"]


@admin.register(MockInterview)
class MockInterviewAdmin(ReadOnlyAdmin):
    list_display = ["title", "user", "interview_type", "difficulty", "status", "overall_score", "provider",
                    "completed_at"]
    list_select_related = ["user"]
    list_filter = ["status", "interview_type", "difficulty", "provider"]
    search_fields = ["user__email", "title", "target_role", "target_company"]
    date_hierarchy = "created_at"


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["title", "user", "category", "difficulty", "status", "score", "provider", "completed_at"]
    list_select_related = ["user"]
    list_filter = ["status", "difficulty", "provider", "category"]
    search_fields = ["user__email", "title", "category"]
    date_hierarchy = "created_at"


@admin.register(CoverLetter)
class CoverLetterAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "user", "company_name", "job_title", "tone", "status", "provider", "generated_at"]
    list_select_related = ["user"]
    list_filter = ["status", "tone", "provider"]
    search_fields = ["user__email", "title", "company_name", "job_title"]
    date_hierarchy = "created_at"
    exclude = ["resume", "job", "application"]


class GoalMilestoneInline(ReadOnlyInline):
    model = GoalMilestone
    fields = ["sort_order", "title", "done_at"]
    readonly_fields = fields


@admin.register(Goal)
class GoalAdmin(ReadOnlyAdmin):
    list_display = ["title", "user", "period", "status", "priority", "progress", "target_date", "completed_at"]
    list_select_related = ["user"]
    list_filter = ["status", "period", "priority"]
    search_fields = ["user__email", "title"]
    date_hierarchy = "created_at"
    inlines = [GoalMilestoneInline]


@admin.register(GoalMilestone)
class GoalMilestoneAdmin(ReadOnlyAdmin):
    list_display = ["title", "goal", "done_at", "sort_order"]
    list_select_related = ["goal"]
    search_fields = ["goal__user__email", "title", "goal__title"]
    raw_id_fields = ["goal"]


@admin.register(Story)
class StoryAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "user", "period_kind", "period_start", "period_end", "status", "provider"]
    list_select_related = ["user"]
    list_filter = ["status", "period_kind", "provider"]
    search_fields = ["user__email", "title"]
    date_hierarchy = "period_start"


@admin.register(IndustryInsight)
class IndustryInsightAdmin(admin.ModelAdmin):
    """Shared rows computed from the job catalog. Only ``next_update`` is editable: set it in
    the past and the beat task refreshes the insight on its next run."""

    list_display = ["name", "industry", "status", "demand_level", "growth_rate", "sample_size", "provider",
                    "last_updated", "next_update"]
    list_filter = ["status", "demand_level", "provider"]
    search_fields = ["name", "industry"]

    def has_add_permission(self, request) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.opts.concrete_fields if f.name != "next_update"]


@admin.register(Generation)
class GenerationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "status", "user", "provider", "model", "finished_at"]
    list_select_related = ["user"]
    list_filter = ["kind", "status", "provider"]
    search_fields = ["user__email", "=id", "=target_id"]
    date_hierarchy = "created_at"
    raw_id_fields = ["user", "usage_record", "retry_of"]
