import secrets
import time
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from tests.personas import PERSONAS, World, build_world


@pytest.fixture(autouse=True, scope="session")
def _media_in_a_temporary_folder(tmp_path_factory: Any) -> Any:
    """Uploaded files of the tests go to a temporary folder, not the project's media."""
    from django.conf import settings

    saved = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    yield
    settings.MEDIA_ROOT = saved


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Any:
    """Hashing with PBKDF2 costs ~0.3 s a password; tests create many people."""
    from django.conf import settings

    saved = settings.PASSWORD_HASHERS
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    settings.PASSWORD_HASHERS = saved


@pytest.fixture(autouse=True)
def _own_cache_namespace() -> Any:
    """Each test reads and writes its own cache keys (allauth's rate limits count there).

    A flush would do it on the embedded default, but on Redis it would also empty the cache of
    the other test processes running beside this one.
    """
    saved = cache.version
    cache.version = secrets.randbits(48)
    yield
    cache.version = saved


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def client_for(world: World) -> Any:
    """``client_for("levanger_lead")``: a test client signed in as that persona."""

    def make(persona: str) -> Client:
        assert persona in PERSONAS, persona
        client = Client()
        user = world.people[persona]
        if user.is_authenticated:
            client.force_login(user)
            if user.authenticator_set.exists():
                # As after a real sign-in with the second factor (allauth's record of it).
                session = client.session
                session["account_authentication_methods"] = [
                    {"method": "password", "at": time.time()},
                    {"method": "mfa", "at": time.time(), "type": "totp"},
                ]
                session["account_authentication_methods_user"] = str(user.pk)
                session.save()
        return client

    return make


@pytest.fixture
def tasks_in_process() -> Any:
    """Run Celery tasks at once in the test's process, as the embedded default does.

    The queue itself is tested against a real worker in ``test_celery_worker.py``.
    """
    from portal.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = saved


@pytest.fixture(scope="module")
def module_world(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """One world for a whole test module, for modules with hundreds of read-mostly tests.

    It is built inside a transaction that is rolled back when the module ends; each test
    runs in a savepoint inside it (pytest-django's ``db``), so a test's writes are undone as
    usual and the world is the same for every test.
    """
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def matrix_world(module_world: World, django_db_blocker: Any) -> World:
    """The module's world, and a procurement led by Levanger with Kristiansand (of another
    collaboration) as a participant, as the procurement form allowed before issue 8: what its
    pages show Levanger's lead is checked too."""
    from procurement.services.procurements import create_procurement

    with django_db_blocker.unblock():
        module_world.objects["procurement:cross"] = create_procurement(
            by=None,
            lead=module_world["org:levanger"],
            participants=[module_world["org:kristiansand"]],
            name="Zq-anskaffelse på tvers",
            kind="joint",
            supplier=module_world["org:supplier_b"],
        )
    return module_world
