"""HTML views for accounts: the profile and its parts, the public page, settings,
API keys and notifications.

Views that change something answer htmx requests with just the fragment that
changed and everything else with a redirect (or a full page when a form has
errors), so each page also works without JavaScript.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import ModelForm
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import forms, selectors, services
from accounts.models import Profile
from careercoach.lib.choices import JobType

# --- Profile items: one set of views for every kind ----------------------------------------


@dataclass(frozen=True)
class ItemKind:
    slug: str  # in URLs and element ids
    form_class: type[ModelForm]
    title: str  # section heading
    noun: str  # "Add <noun>", "<Noun> saved."
    related_name: str  # on Profile, prefetched by selectors.profile_get_for_user

    @property
    def model(self) -> type:
        return self.form_class._meta.model

    @property
    def template(self) -> str:
        return f"accounts/partials/_item_{self.slug}.html"


ITEM_KINDS = {
    kind.slug: kind
    for kind in (
        ItemKind("experience", forms.ExperienceForm, "Experience", "position", "experiences"),
        ItemKind("education", forms.EducationForm, "Education", "education", "educations"),
        ItemKind("skill", forms.SkillForm, "Skills", "skill", "skills"),
        ItemKind("certification", forms.CertificationForm, "Certifications", "certification", "certifications"),
    )
}


@dataclass
class Section:
    """What the item-section fragment draws: the list, and at most one open form."""

    kind: ItemKind
    items: Sequence
    form: ModelForm | None = None
    editing: uuid.UUID | None = None
    notice: str = ""
    # After a move: the item and which of its move buttons gets keyboard focus.
    focus_item: uuid.UUID | None = None
    focus_direction: str = ""

    @property
    def adding(self) -> bool:
        return self.form is not None and self.editing is None


def _kind_or_404(slug: str) -> ItemKind:
    try:
        return ITEM_KINDS[slug]
    except KeyError:
        raise Http404("No such profile section.") from None


def _item_or_404(request, kind: ItemKind, item_id):
    return get_object_or_404(selectors.profile_item_list_for_user(user=request.user, model=kind.model), pk=item_id)


def _add_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _section_response(request, kind: ItemKind, *, form=None, item=None, notice: str = ""):
    items = selectors.profile_item_list_for_user(user=request.user, model=kind.model)
    section = Section(kind, list(items), form=form, editing=item.pk if item else None, notice=notice)
    return render(request, "accounts/profile_detail.html#item-section", {"section": section})


def _item_form_response(request, kind: ItemKind, form, item=None):
    # Errors come back with status 200: htmx does not swap 4xx responses by default.
    if request.htmx:
        return _section_response(request, kind, form=form, item=item)
    return render(request, "accounts/profile_item_form.html", {"kind": kind, "form": form, "item": item})


def _item_done(request, kind: ItemKind, notice: str):
    if request.htmx:
        return _section_response(request, kind, notice=notice)
    messages.success(request, notice)
    return redirect(f"{reverse('accounts:profile')}#section-{kind.slug}")


@login_required
@require_GET
def profile_section(request, kind):
    """One section of the profile page; htmx asks for it when a form is cancelled."""
    kind = _kind_or_404(kind)
    if not request.htmx:
        return redirect(f"{reverse('accounts:profile')}#section-{kind.slug}")
    return _section_response(request, kind)


@login_required
@require_http_methods(["GET", "POST"])
def profile_item_add(request, kind):
    kind = _kind_or_404(kind)
    profile = services.profile_ensure(user=request.user)
    form = kind.form_class(request.POST if request.method == "POST" else None, instance=kind.model(profile=profile))
    if form.is_bound and form.is_valid():
        try:
            services.profile_item_create(profile=profile, model=kind.model, data=form.cleaned_data)
        except ValidationError as e:
            _add_errors(form, e)
        else:
            return _item_done(request, kind, f"{kind.noun.capitalize()} added.")
    return _item_form_response(request, kind, form)


@login_required
@require_http_methods(["GET", "POST"])
def profile_item_edit(request, kind, item_id):
    kind = _kind_or_404(kind)
    item = _item_or_404(request, kind, item_id)
    form = kind.form_class(request.POST if request.method == "POST" else None, instance=item)
    if form.is_bound and form.is_valid():
        try:
            services.profile_item_update(item=item, data=form.cleaned_data)
        except ValidationError as e:
            _add_errors(form, e)
        else:
            return _item_done(request, kind, f"{kind.noun.capitalize()} saved.")
    return _item_form_response(request, kind, form, item=item)


@login_required
@require_http_methods(["GET", "POST"])
def profile_item_delete(request, kind, item_id):
    """GET asks for confirmation (the page people without JavaScript see); POST deletes."""
    kind = _kind_or_404(kind)
    item = _item_or_404(request, kind, item_id)
    if request.method == "GET":
        return render(request, "accounts/profile_item_confirm_delete.html", {"kind": kind, "item": item})
    services.profile_item_delete(item=item)
    return _item_done(request, kind, f"{kind.noun.capitalize()} deleted.")


@login_required
@require_POST
def profile_item_move(request, kind, item_id):
    kind = _kind_or_404(kind)
    item = _item_or_404(request, kind, item_id)
    form = forms.ItemMoveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Move up or down.")
    direction = form.cleaned_data["direction"]
    items = services.profile_item_move(item=item, offset=form.offset)
    notice = f"Moved “{item}” {direction}."
    if not request.htmx:
        return _item_done(request, kind, notice)
    focus = _move_focus(items, item, direction)
    section = Section(kind, items, notice=notice, focus_item=item.pk if focus else None, focus_direction=focus)
    return render(request, "accounts/profile_detail.html#item-section", {"section": section})


def _move_focus(items: list, item, direction: str) -> str:
    """Keep focus on the button just pressed, so moving again is one key away; once the
    item reaches the end of the list that button is disabled, so use the other one."""
    if len(items) < 2:
        return ""
    position = [other.pk for other in items].index(item.pk)
    at_end = position == (0 if direction == "up" else len(items) - 1)
    return {"up": "down", "down": "up"}[direction] if at_end else direction


# --- Profile ---------------------------------------------------------------------------------


def _profile_page(request, *, avatar_form=None):
    try:
        profile = selectors.profile_get_for_user(user=request.user)
    except Profile.DoesNotExist:  # users created outside sign-up may have none yet
        services.profile_ensure(user=request.user)
        profile = selectors.profile_get_for_user(user=request.user)
    sections = [Section(kind, getattr(profile, kind.related_name).all()) for kind in ITEM_KINDS.values()]
    job_types = [JobType(value).label for value in profile.desired_job_types if value in JobType.values]
    context = {
        "profile": profile,
        "sections": sections,
        "job_types": job_types,
        "avatar_form": avatar_form or forms.AvatarForm(),
    }
    return render(request, "accounts/profile_detail.html", context)


def _fragment_or_redirect(request, partial: str, context: dict, notice: str, anchor: str):
    if request.htmx:
        return render(request, f"accounts/profile_detail.html#{partial}", {**context, "notice": notice})
    messages.success(request, notice)
    return redirect(f"{reverse('accounts:profile')}#{anchor}")


@login_required
@require_GET
def profile_detail(request):
    return _profile_page(request)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    profile = services.profile_ensure(user=request.user)
    form = forms.ProfileForm(request.POST if request.method == "POST" else None, instance=profile, user=request.user)
    if form.is_bound and form.is_valid():
        try:
            services.profile_update(profile=profile, data=form.cleaned_data)
        except ValidationError as e:
            _add_errors(form, e)
        else:
            messages.success(request, "Your profile is saved.")
            return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.html", {"form": form})


@login_required
@require_POST
def profile_avatar_update(request):
    profile = services.profile_ensure(user=request.user)
    form = forms.AvatarForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.profile_avatar_set(profile=profile, upload=form.cleaned_data["avatar"])
        except ValidationError as e:
            form.add_error("avatar", e)
        else:
            context = {"profile": profile, "avatar_form": forms.AvatarForm()}
            return _fragment_or_redirect(request, "profile-header", context, "Profile picture updated.", "avatar")
    if request.htmx:
        return render(request, "accounts/profile_detail.html#profile-header", {"profile": profile, "avatar_form": form})
    return _profile_page(request, avatar_form=form)


@login_required
@require_POST
def profile_avatar_remove(request):
    profile = services.profile_avatar_remove(profile=services.profile_ensure(user=request.user))
    context = {"profile": profile, "avatar_form": forms.AvatarForm()}
    return _fragment_or_redirect(request, "profile-header", context, "Profile picture removed.", "avatar")


@login_required
@require_POST
def profile_visibility_update(request):
    form = forms.ProfileVisibilityForm(request.POST)
    form.is_valid()  # a lone optional checkbox: always valid
    is_public = form.cleaned_data["is_public"]
    profile = services.profile_visibility_set(profile=services.profile_ensure(user=request.user), is_public=is_public)
    notice = "Your public page is on." if is_public else "Your public page is off."
    return _fragment_or_redirect(request, "public-card", {"profile": profile}, notice, "public")


@login_required
@require_POST
def profile_public_link_regenerate(request):
    profile = services.profile_public_link_regenerate(profile=services.profile_ensure(user=request.user))
    notice = "Your public page has a new link. The old link no longer works."
    return _fragment_or_redirect(request, "public-card", {"profile": profile}, notice, "public")


@require_GET
def profile_public(request, slug):
    try:
        profile = selectors.profile_get_public(slug=slug)
    except Profile.DoesNotExist:
        raise Http404("No public profile here.") from None
    return render(request, "accounts/profile_public.html", {"profile": profile})


# --- Settings and API keys --------------------------------------------------------------------


@login_required
@require_GET
def account_settings(request):
    return render(request, "accounts/settings.html")


def _api_key_page(request, *, form, raw_key: str = "", notice: str = ""):
    keys = selectors.api_key_list_for_user(user=request.user)
    template = "accounts/api_key_list.html#key-panel" if request.htmx else "accounts/api_key_list.html"
    response = render(request, template, {"form": form, "api_keys": keys, "raw_key": raw_key, "notice": notice})
    if raw_key:
        # The secret is in this page only: keep it out of browser and proxy caches.
        add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def api_key_list(request):
    form = forms.ApiKeyCreateForm(request.POST if request.method == "POST" else None, user=request.user)
    if form.is_bound and form.is_valid():
        try:
            api_key, raw_key = services.api_key_create(user=request.user, **form.cleaned_data)
        except ValidationError as e:
            _add_errors(form, e)
        else:
            # Rendered, never redirected: the raw key must not outlive this response.
            notice = f"Key “{api_key.name}” created."
            return _api_key_page(
                request, form=forms.ApiKeyCreateForm(user=request.user), raw_key=raw_key, notice=notice
            )
    return _api_key_page(request, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def api_key_revoke(request, key_id):
    """GET asks for confirmation (without JavaScript); POST revokes."""
    api_key = get_object_or_404(selectors.api_key_list_for_user(user=request.user), pk=key_id)
    if request.method == "GET":
        return render(request, "accounts/api_key_confirm_revoke.html", {"api_key": api_key})
    services.api_key_revoke(api_key=api_key)
    notice = f"Key “{api_key.name}” revoked. Programs using it can no longer sign in."
    if request.htmx:
        return _api_key_page(request, form=forms.ApiKeyCreateForm(user=request.user), notice=notice)
    messages.success(request, notice)
    return redirect("accounts:api_keys")


# --- Notifications -----------------------------------------------------------------------------


def _notification_page(request, *, notice: str = ""):
    notifications = selectors.notification_list_for_user(user=request.user)
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    template = (
        "accounts/notification_list.html#notification-panel" if request.htmx else "accounts/notification_list.html"
    )
    return render(request, template, {"page": page, "notice": notice})


@login_required
@require_GET
def notification_list(request):
    return _notification_page(request)


@login_required
@require_POST
def notification_mark_all_read(request):
    count = services.notification_mark_all_read(user=request.user)
    notice = f"Marked {count} notification{'s' if count != 1 else ''} as read."
    if request.htmx:
        return _notification_page(request, notice=notice)
    messages.success(request, notice)
    return redirect("accounts:notifications")
