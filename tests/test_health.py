"""/health/ reports the database, and the broker when one is configured."""

from typing import Any

from django.conf import settings
from django.test import Client, override_settings


def test_health_reports_the_database(db: Any, client: Client) -> None:
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["status"] == "ok"
    if settings.REDIS_URL:
        assert body["broker"] == "ok"
    else:
        assert body["broker"].startswith("not configured")


@override_settings(REDIS_URL="redis://127.0.0.1:1/0")
def test_an_unreachable_broker_makes_health_fail(db: Any, client: Client) -> None:
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")
