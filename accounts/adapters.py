"""django-allauth hooks: profile creation on sign-up and the inactive-account page."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render

from accounts import services


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            services.profile_ensure(user=user)
        return user

    def respond_user_inactive(self, request, user):
        # Only reached after a correct password, so telling why is safe.
        return render(
            request,
            "account/account_inactive.html",
            {"inactive_user_status": user.status, "inactive_reason": user.status_reason},
            status=403,
        )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        services.profile_ensure(user=user)
        return user
