"""Settings come from the environment and refuse values they cannot parse."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal import env

ROOT = Path(__file__).resolve().parent.parent


def _settings_in_subprocess(environ: dict[str, str], expr: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter with exactly ``environ`` and print ``expr``."""
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    clean.update(environ)
    code = f"import portal.settings as s; print({expr})"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("value", ["maybe", "2", "ja"])
def test_a_bad_boolean_is_refused(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SOME_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env.env_bool("SOME_FLAG", default=False)


def test_booleans_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_FLAG", "Off")
    assert env.env_bool("SOME_FLAG", default=True) is False
    monkeypatch.setenv("SOME_FLAG", "yes")
    assert env.env_bool("SOME_FLAG", default=False) is True


def test_a_bad_number_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_NUMBER", "thirty")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        env.env_int("SOME_NUMBER", default=1)


def test_a_required_value_that_is_missing_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOME_REQUIRED", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SOME_REQUIRED"):
        env.env_str("SOME_REQUIRED")


@pytest.mark.parametrize("url", ["mysql://root@localhost/portal", "not a url"])
def test_an_unsupported_database_url_is_refused(url: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env.parse_database_url(url)


def test_postgres_url_is_parsed() -> None:
    config = env.parse_database_url("postgres://portal:secret@db.example.no:5433/portal")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example.no", 5433, "portal")


def test_the_embedded_default_needs_no_environment() -> None:
    result = _settings_in_subprocess(
        {},
        "s.DEBUG, s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, "
        "s.EMAIL_BACKEND, s.CACHES['default']['BACKEND']",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "True django.db.backends.sqlite3 True django.core.mail.backends.console.EmailBackend "
        "django.core.cache.backends.locmem.LocMemCache"
    )


def test_database_and_redis_urls_switch_to_postgresql_and_a_broker() -> None:
    result = _settings_in_subprocess(
        {
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/portal",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
        "s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL, "
        "s.CACHES['default']['BACKEND']",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "False",
        "redis://127.0.0.1:6379/0",
        "django.core.cache.backends.redis.RedisCache",
    ]


def test_production_mode_requires_a_secret_key() -> None:
    result = _settings_in_subprocess(
        {"DEBUG": "false", "ALLOWED_HOSTS": "portal.example.no"}, "s.DEBUG"
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_mode_requires_allowed_hosts() -> None:
    result = _settings_in_subprocess({"DEBUG": "false", "SECRET_KEY": "x" * 60}, "s.DEBUG")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_mode_never_relaxes_mfa() -> None:
    result = _settings_in_subprocess(
        {
            "DEBUG": "false",
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "portal.example.no",
            "MFA_REQUIRED_FOR_STAFF": "false",
        },
        "s.DEBUG",
    )
    assert result.returncode != 0
    assert "MFA_REQUIRED_FOR_STAFF" in result.stderr


def test_a_typo_in_debug_stops_the_start() -> None:
    result = _settings_in_subprocess({"DEBUG": "flase"}, "s.DEBUG")
    assert result.returncode != 0
    assert "DEBUG='flase'" in result.stderr


def test_production_mode_passes_the_deploy_check() -> None:
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    clean.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": "k" * 30 + "-production-like-secret-0123456789",
            "ALLOWED_HOSTS": "portal.example.no",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_production_mode_sets_the_security_headers_and_session_limits() -> None:
    result = _settings_in_subprocess(
        {"DEBUG": "false", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "portal.example.no"},
        "s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.X_FRAME_OPTIONS, s.SECURE_REFERRER_POLICY, s.SESSION_IDLE_TIMEOUT, s.SESSION_MAX_AGE",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "31536000",
        "True",
        "True",
        "DENY",
        "same-origin",
        "1800",
        "43200",
    ]


def test_openid_connect_is_configured_only_by_environment() -> None:
    without = _settings_in_subprocess({}, "s.SOCIALACCOUNT_PROVIDERS")
    assert without.stdout.strip() == "{}"
    with_oidc = _settings_in_subprocess(
        {
            "OIDC_CLIENT_ID": "portal",
            "OIDC_CLIENT_SECRET": "s3cret",
            "OIDC_SERVER_URL": "https://idporten.example.no",
        },
        "s.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'][0]['settings']['server_url'], "
        "'allauth.socialaccount.providers.openid_connect' in s.INSTALLED_APPS",
    )
    assert with_oidc.returncode == 0, with_oidc.stderr
    assert with_oidc.stdout.split() == ["https://idporten.example.no", "True"]


def test_openid_connect_without_its_secret_is_refused() -> None:
    result = _settings_in_subprocess(
        {"OIDC_CLIENT_ID": "portal", "OIDC_SERVER_URL": "https://idporten.example.no"}, "1"
    )
    assert result.returncode != 0
    assert "OIDC_CLIENT_SECRET" in result.stderr


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 30 + "-production-like-secret-0123456789",
    "ALLOWED_HOSTS": "portal.example.no",
}
POSTGRES = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/portal"}
CONN = "s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS']"


def test_the_development_server_keeps_no_postgresql_connection_open() -> None:
    # DEBUG (make run): runserver's thread per request must not keep a connection each.
    result = _settings_in_subprocess(POSTGRES, CONN)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0 True"


def test_production_keeps_postgresql_connections_and_the_setting_wins() -> None:
    result = _settings_in_subprocess({**PRODUCTION, **POSTGRES}, CONN)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "60 True"
    result = _settings_in_subprocess(
        {**POSTGRES, "DATABASE_CONN_MAX_AGE": "30"}, "s.DATABASES['default']['CONN_MAX_AGE']"
    )
    assert result.stdout.strip() == "30"


def test_runserver_in_production_mode_keeps_no_connection_open() -> None:
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    clean.update({**PRODUCTION, **POSTGRES})
    code = (
        "import sys; sys.argv = ['manage.py', 'runserver']; import portal.settings as s; "
        "print(s.DATABASES['default']['CONN_MAX_AGE'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"


def test_every_setting_the_code_reads_is_defined_once_in_settings() -> None:
    # No default repeated beside a read: getattr(settings, "X", default) hides a setting that
    # settings.py never defines.
    repeated = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for app in ("portal", "rollout", "procurement", "knowledge")
        for path in (ROOT / app).rglob("*.py")
        for line in path.read_text().splitlines()
        if "getattr(settings," in line
    ]
    assert repeated == []
    from django.conf import settings

    for name in (
        "ROLLOUT_RECURRING_BLACKOUTS",
        "MILESTONE_REMINDER_DAYS",
        "PROCUREMENT_STABILISATION_WEEKS",
        "KNOWLEDGE_IMAGE_HOSTS",
    ):
        assert hasattr(settings, name), name
