"""allauth adapters: the portal has no open sign-up; people are invited."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        # An OpenID Connect login only signs in a person who already has an account
        # with the same e-mail address (see SOCIALACCOUNT_EMAIL_AUTHENTICATION).
        return False
