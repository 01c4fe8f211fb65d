"""Small typed readers of environment variables that fail loudly on a bad value.

A variable that is set but cannot be parsed raises ``ImproperlyConfigured`` naming the
variable and the value, so a typo in production stops the start instead of being guessed at.
A required variable (``default=None``) that is missing raises too.
"""

import os
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_MISSING: Any = object()


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def _missing(name: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"The environment variable {name} is required here.")


def env_str(name: str, default: str | None = _MISSING) -> str:
    """A string; ``default=None`` or no default makes the variable required."""
    value = _raw(name)
    if value is not None:
        return value
    if default is None or default is _MISSING:
        raise _missing(name)
    return default


def env_bool(name: str, default: bool) -> bool:
    """``true/false``, ``yes/no``, ``on/off`` or ``1/0``; anything else is an error."""
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true or false).")


def env_int(name: str, default: int) -> int:
    """A whole number; anything else is an error."""
    value = _raw(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_list(name: str, default: list[str] | None) -> list[str]:
    """A comma-separated list; ``default=None`` makes the variable required."""
    value = _raw(name)
    if value is None:
        if default is None:
            raise _missing(name)
        return list(default)
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(f"{name}={value!r} holds no items.")
    return items


def parse_database_url(url: str, *, conn_max_age: int = 60) -> dict[str, Any]:
    """``sqlite:///path`` or ``postgres://user:pass@host:port/name``. A PostgreSQL connection
    is kept ``conn_max_age`` seconds (``DATABASE_CONN_MAX_AGE`` overrides it) and checked
    before reuse, unless ``DATABASE_POOL`` turns on psycopg's pool."""
    if not url.startswith(("sqlite:", "postgres:", "postgresql:", "pgsql:")):
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r}: only sqlite:/// and postgres:// are supported."
        )
    try:
        config: dict[str, Any] = environ.Env.db_url_config(url)
    except Exception as exc:  # environ raises several kinds for a malformed URL
        raise ImproperlyConfigured(f"DATABASE_URL={url!r} cannot be parsed: {exc}") from None
    if config["ENGINE"].endswith("postgresql"):
        config.setdefault("OPTIONS", {})
        if env_bool("DATABASE_POOL", default=False):
            config["OPTIONS"]["pool"] = True
            config["CONN_MAX_AGE"] = 0
        else:
            config["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", default=conn_max_age)
            config["CONN_HEALTH_CHECKS"] = True
    config["ATOMIC_REQUESTS"] = False
    return config


def parse_cache_url(url: str) -> dict[str, Any]:
    """``redis://host:port/db`` for Django's own Redis cache backend."""
    if not url.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured(f"REDIS_URL={url!r} must start with redis:// or rediss://.")
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "portal",
    }


def parse_email_url(url: str) -> dict[str, Any]:
    """``consolemail://``, ``smtp://user:pass@host:25``, ``smtp+tls://…`` or ``smtp+ssl://…``."""
    try:
        return dict(environ.Env.email_url_config(url))
    except Exception as exc:
        raise ImproperlyConfigured(f"EMAIL_URL={url!r} cannot be parsed: {exc}") from None
