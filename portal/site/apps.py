from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site is an app of its own so that its management commands are found."""

    name = "portal.site"
    label = "portal_site"
