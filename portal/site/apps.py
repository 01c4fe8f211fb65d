from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site is an app of its own so that its management commands are found, and so that
    it can fill the other apps' extension points (the panels on rollout's pages) once all
    apps are loaded."""

    name = "portal.site"
    label = "portal_site"

    def ready(self) -> None:
        from portal.site import panels

        panels.register()
