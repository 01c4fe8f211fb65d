"""The site's URLs plus one that the permission matrix does not know: used to prove that the
matrix test fails for a URL without a row."""

from django.urls import path

from portal.site import pages
from portal.site.urls import urlpatterns as site_patterns

urlpatterns = [
    *site_patterns,
    path("not-in-the-matrix/", pages.privacy, name="page-without-matrix-row"),
]
