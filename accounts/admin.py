"""Back office for accounts.

Moderation (suspend, reactivate, verify as mentor, revoke a key) goes through the
services, which keep the status/is_active pair, sessions and audit fields in step;
those fields are read-only here.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import model_ngettext
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.template.response import TemplateResponse

from accounts import selectors, services
from accounts.models import (
    PROFILE_FIELD_GROUPS,
    ApiKey,
    Certification,
    Education,
    Experience,
    Notification,
    Profile,
    Skill,
    User,
)
from coaching import services as coaching_services
from coaching.models import MentorProfile

# Django 6 makes https the default scheme of typed-in links; use it now.
URL_FIELD_OVERRIDES = {models.URLField: {"assume_scheme": "https"}}

# --- Users ---------------------------------------------------------------------------------


class UserCreationForm(auth_forms.BaseUserCreationForm):
    """Django's creation form, keyed on the email address instead of a username."""

    class Meta:
        model = User
        fields = ("email",)

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).strip()
        # The database compares emails case-insensitively; say so before it refuses.
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError("A user with this email address already exists.")
        return email


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class UserSuspendForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Shown to the user when they try to log in.",
    )


class ProfileInline(admin.StackedInline):
    model = Profile
    formfield_overrides = URL_FIELD_OVERRIDES
    can_delete = False
    extra = 0
    max_num = 1
    show_change_link = True
    readonly_fields = ["avatar", "public_slug", "created_at", "updated_at"]
    fieldsets = [
        (legend, {"fields": list(names), "classes": [] if legend == "About" else ["collapse"]})
        for legend, names in PROFILE_FIELD_GROUPS
        if legend != "Public page"
    ] + [
        # The avatar is read-only: uploads must go through the service that checks and re-encodes them.
        ("Public page", {"fields": ["is_public", "public_slug", "avatar", "created_at", "updated_at"]}),
    ]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ["email", "name", "role", "status", "is_staff", "date_joined", "last_login"]
    list_filter = ["role", "status", "is_staff", "date_joined"]
    search_fields = ["email", "first_name", "last_name"]
    ordering = ["email"]
    # Status fields change only through the actions, which end sessions and record when.
    readonly_fields = [
        "date_joined",
        "last_login",
        "updated_at",
        "status",
        "status_reason",
        "status_changed_at",
        "is_active",
    ]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            "Personal info",
            {
                "fields": [
                    "first_name",
                    "last_name",
                    "phone_number",
                    "experience_level",
                    "timezone",
                    "preferred_language",
                    "achievement_score",
                ]
            },
        ),
        (
            "Role and status",
            {
                "fields": ["role", "status", "status_reason", "status_changed_at", "is_active"],
                "description": "Use the Suspend and Reactivate actions on the user list to change the status.",
            },
        ),
        (
            "Permissions",
            {"fields": ["is_staff", "is_superuser", "groups", "user_permissions"], "classes": ["collapse"]},
        ),
        ("Important dates", {"fields": ["date_joined", "last_login", "updated_at"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    actions = ["suspend_users", "reactivate_users", "verify_as_mentor"]

    def get_inlines(self, request, obj):
        # The profile is created with the user (save_model); editing starts on the change page.
        return [ProfileInline] if obj is not None else []

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            services.user_created_by_admin(user=obj)

    @admin.display(description="name", ordering="last_name")
    def name(self, obj: User) -> str:
        return obj.get_full_name()

    def _report(self, request, done: str, changed: int, unchanged: int, already: str) -> None:
        """Say how many users changed, e.g. ``done="Suspended {users}."`` → "Suspended 2 users."."""
        message = done.format(users=f"{changed} {model_ngettext(self.opts, changed)}")
        if unchanged:
            message += f" {unchanged} {model_ngettext(self.opts, unchanged)} {already}."
        self.message_user(request, message, messages.SUCCESS if changed else messages.INFO)

    @admin.action(description="Suspend selected users…", permissions=["change"])
    def suspend_users(self, request, queryset: QuerySet[User]):
        form = UserSuspendForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            changed = unchanged = 0
            for user in queryset:
                if user.pk == request.user.pk:
                    self.message_user(request, "You cannot suspend yourself; skipped your account.", messages.WARNING)
                    continue
                was_suspended = user.is_suspended
                services.user_suspend(user=user, reason=form.cleaned_data["reason"])
                if was_suspended:
                    unchanged += 1
                else:
                    changed += 1
            self._report(request, "Suspended {users}.", changed, unchanged, "already suspended (reason updated)")
            return None  # back to the changelist
        context = {
            **self.admin_site.each_context(request),
            "title": "Suspend users",
            "subtitle": None,
            "opts": self.opts,
            "queryset": queryset,
            "form": form,
            "action_name": "suspend_users",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/accounts/user/suspend_confirmation.html", context)

    @admin.action(description="Reactivate selected users", permissions=["change"])
    def reactivate_users(self, request, queryset: QuerySet[User]) -> None:
        changed = unchanged = 0
        for user in queryset:
            was_active = user.status == User.Status.ACTIVE
            services.user_reactivate(user=user)
            if was_active:
                unchanged += 1
            else:
                changed += 1
        self._report(request, "Reactivated {users}.", changed, unchanged, "already active")

    @admin.action(description="Verify selected users as mentors", permissions=["change"])
    def verify_as_mentor(self, request, queryset: QuerySet[User]) -> None:
        verified = set(
            MentorProfile.objects.filter(user__in=queryset, verified_at__isnull=False).values_list("user_id", flat=True)
        )
        changed = unchanged = 0
        for user in queryset:
            already = user.role == User.Role.MENTOR and user.pk in verified
            coaching_services.mentor_verify(user=user, verified_by=request.user)
            if already:
                unchanged += 1
            else:
                changed += 1
        done = "Verified {users} as a mentor." if changed == 1 else "Verified {users} as mentors."
        self._report(request, done, changed, unchanged, "already verified")


# --- Profiles and their parts ------------------------------------------------------------------


class _ProfileItemInline(admin.TabularInline):
    formfield_overrides = URL_FIELD_OVERRIDES
    extra = 0
    show_change_link = True
    ordering = ["sort_order", "created_at"]


class ExperienceInline(_ProfileItemInline):
    model = Experience
    fields = ["sort_order", "title", "company", "location", "work_mode", "start_date", "end_date", "is_current"]


class EducationInline(_ProfileItemInline):
    model = Education
    fields = ["sort_order", "degree", "institution", "field_of_study", "start_date", "end_date", "is_current", "gpa"]


SKILL_NAME_TAKEN = "This profile already has a skill with this name."


class SkillInlineFormSet(forms.BaseInlineFormSet):
    """Skill names are unique per profile, ignoring case. Django skips that check in
    inlines (the constraint involves the parent key), and the database would answer
    with an IntegrityError; the inline lists all of the profile's skills, so
    comparing its rows is enough."""

    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            name = getattr(form, "cleaned_data", {}).get("name")
            if not name or (self.can_delete and self._should_delete_form(form)):
                continue
            if name.lower() in seen:
                form.add_error("name", SKILL_NAME_TAKEN)
            seen.add(name.lower())


class SkillAdminForm(forms.ModelForm):
    class Meta:
        model = Skill
        fields = ["profile", "sort_order", "name", "category", "level", "years_of_experience", "endorsements"]

    def clean(self):
        cleaned = super().clean()
        profile, name = cleaned.get("profile"), cleaned.get("name")
        if (
            profile
            and name
            and selectors.skill_name_taken(profile_id=profile.pk, name=name, exclude_pk=self.instance.pk)
        ):
            self.add_error("name", SKILL_NAME_TAKEN)
        return cleaned


class SkillInline(_ProfileItemInline):
    model = Skill
    formset = SkillInlineFormSet
    fields = ["sort_order", "name", "category", "level", "years_of_experience", "endorsements"]


class CertificationInline(_ProfileItemInline):
    model = Certification
    fields = [
        "sort_order",
        "name",
        "issuing_organization",
        "issue_date",
        "expiry_date",
        "does_not_expire",
        "credential_id",
    ]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "headline", "current_title", "city", "country", "is_public", "updated_at"]
    formfield_overrides = URL_FIELD_OVERRIDES
    list_select_related = ["user"]
    list_filter = ["is_public", "desired_work_mode", "willing_to_relocate", "updated_at"]
    search_fields = [
        "user__email",
        "user__first_name",
        "user__last_name",
        "headline",
        "current_title",
        "current_company",
    ]
    readonly_fields = ["user", "avatar", "public_slug", "created_at", "updated_at"]
    fieldsets = [(None, {"fields": ["user"]}), *ProfileInline.fieldsets]
    inlines = [ExperienceInline, EducationInline, SkillInline, CertificationInline]

    def get_queryset(self, request):
        # str(profile) names its user: the autocomplete widgets of the item admins list profiles.
        return super().get_queryset(request).select_related("user")

    def has_add_permission(self, request) -> bool:
        # Every user gets a profile when the user is created.
        return False


class _ProfileItemAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_select_related = ["profile__user"]
    autocomplete_fields = ["profile"]
    readonly_fields = ["id", "created_at", "updated_at"]

    @admin.display(description="owner", ordering="profile__user__email")
    def owner(self, obj) -> str:
        return obj.profile.user.email


@admin.register(Experience)
class ExperienceAdmin(_ProfileItemAdmin):
    list_display = ["title", "company", "owner", "work_mode", "start_date", "end_date", "is_current"]
    list_filter = ["is_current", "work_mode", "start_date"]
    search_fields = ["title", "company", "location", "profile__user__email"]


@admin.register(Education)
class EducationAdmin(_ProfileItemAdmin):
    list_display = ["degree", "institution", "field_of_study", "owner", "start_date", "end_date", "is_current"]
    list_filter = ["is_current", "start_date"]
    search_fields = ["degree", "institution", "field_of_study", "profile__user__email"]


@admin.register(Skill)
class SkillAdmin(_ProfileItemAdmin):
    form = SkillAdminForm
    list_display = ["name", "category", "level", "years_of_experience", "endorsements", "owner"]
    list_filter = ["level", "category"]
    search_fields = ["name", "category", "profile__user__email"]


@admin.register(Certification)
class CertificationAdmin(_ProfileItemAdmin):
    list_display = ["name", "issuing_organization", "owner", "issue_date", "expiry_date", "does_not_expire"]
    list_filter = ["does_not_expire", "issue_date", "expiry_date"]
    search_fields = ["name", "issuing_organization", "credential_id", "profile__user__email"]


# --- API keys and notifications ---------------------------------------------------------------------


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "prefix",
        "scope_list",
        "is_active",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "created_at",
    ]
    list_select_related = ["user"]
    list_filter = ["is_active", "created_at", "expires_at"]
    search_fields = ["name", "prefix", "user__email"]
    # The hash is never shown: it is the only thing standing in for the secret.
    fields = [
        "user",
        "name",
        "prefix",
        "scopes",
        "is_active",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "created_at",
        "updated_at",
    ]
    readonly_fields = [
        "user",
        "prefix",
        "scopes",
        "is_active",
        "last_used_at",
        "revoked_at",
        "created_at",
        "updated_at",
    ]
    actions = ["revoke"]

    @admin.display(description="scopes")
    def scope_list(self, obj: ApiKey) -> str:
        return ", ".join(obj.scopes)

    def has_add_permission(self, request) -> bool:
        # Keys are created by their owner in settings: only they may ever see the raw key.
        return False

    @admin.action(description="Revoke selected API keys", permissions=["change"])
    def revoke(self, request, queryset: QuerySet[ApiKey]) -> None:
        changed = 0
        for api_key in queryset:
            if api_key.is_active:
                changed += 1
            services.api_key_revoke(api_key=api_key)
        noun = "API key" if changed == 1 else "API keys"
        self.message_user(request, f"Revoked {changed} {noun}.", messages.SUCCESS if changed else messages.INFO)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "text", "user", "read_at", "created_at"]
    list_select_related = ["user"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["text", "kind", "user__email"]
    autocomplete_fields = ["user"]
    readonly_fields = ["id", "created_at", "updated_at"]
