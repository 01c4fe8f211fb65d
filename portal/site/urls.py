"""The site's URLs. Paths are Norwegian, as users see them; names are English."""

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from portal import views
from portal.site import pages

portal_patterns = [
    path("", pages.home, name="home"),
    path("tilgjengelighet/", pages.accessibility_statement, name="accessibility"),
    path("personvern/", pages.privacy, name="privacy"),
    path("health/", pages.health, name="health"),
    path("organisasjoner/", views.organisation_list, name="organisation-list"),
    path("organisasjoner/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("invitasjoner/", views.invitation_list, name="invitation-list"),
    path("invitasjon/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("historikk/", views.history_list, name="history-list"),
]

# The admin signs in through the portal's own login (allauth), with its rate limits and the
# second factor; never through the admin's password-only form.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    path("", include("rollout.urls")),
    path("", include("procurement.urls")),
    path("", include("knowledge.urls")),
    path("api/v1/", include("portal.site.api_urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler404 = pages.not_found

# Uploaded files are never served from MEDIA_URL: each is downloaded through a view that asks
# the access layer (e.g. rollout:criterion-evidence).
