import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached pages are keyed by the data version, which every test database starts again at 1."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Production serves hashed files listed by `collectstatic`; tests have not run it, so use plain names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def curated(db):
    """The curated records from the articles, loaded as `make run` loads them."""
    call_command("loaddata", "ceasefire", verbosity=0)
