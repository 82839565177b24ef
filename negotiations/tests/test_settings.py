"""Settings read from the environment refuse what they cannot read, and refuse to start in production
without a secret key of their own."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.settings import env_bool

SETUP = "import django; django.setup(); from django.conf import settings; print(len(settings.SECRET_KEY))"


def start_django(**env):
    clean = {name: value for name, value in os.environ.items() if name not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", SETUP],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_without_debug_and_without_a_secret_key_django_refuses_to_start():
    result = start_django(DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


def test_without_debug_and_with_a_secret_key_django_starts():
    result = start_django(DEBUG="0", SECRET_KEY="a-production-secret-that-is-long-and-random-enough-0123456789")
    assert result.returncode == 0, result.stderr


def test_with_debug_and_no_secret_key_a_developer_machine_still_starts():
    result = start_django(DEBUG="1")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("value", ["1", "true", "Yes", " on "])
def test_env_bool_reads_the_words_for_yes(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)
    assert env_bool("SOME_FLAG") is True


@pytest.mark.parametrize("value", ["0", "false", "No", "off", ""])
def test_env_bool_reads_the_words_for_no(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)
    assert env_bool("SOME_FLAG", True) is False


def test_env_bool_takes_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("SOME_FLAG", raising=False)
    assert env_bool("SOME_FLAG", True) is True


@pytest.mark.parametrize("value", ["ture", "enabled", "2"])
def test_env_bool_refuses_a_value_it_does_not_know(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG")


PREFIX = (
    "import django; django.setup(); from django.conf import settings; print(settings.CACHES['default']['KEY_PREFIX'])"
)


def cache_prefix(**env):
    clean = {name: value for name, value in os.environ.items() if name not in {"CACHE_KEY_PREFIX", "DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", PREFIX],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", "REDIS_URL": "redis://127.0.0.1:6379/0", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_two_deployments_sharing_a_redis_keep_their_pages_apart_by_their_database():
    # Issue 21: with one constant prefix, a 36-actor site and a 275-actor site on one Redis served identical pages.
    one = cache_prefix(DATABASE_URL="postgres://postgres@127.0.0.1:5432/site_one")
    other = cache_prefix(DATABASE_URL="postgres://postgres@127.0.0.1:5432/site_two")
    assert one != other
    # Every server of one deployment reads one database, and shares its pages.
    assert cache_prefix(DATABASE_URL="postgres://postgres@127.0.0.1:5432/site_one") == one
    assert cache_prefix(DATABASE_URL="postgres://postgres@127.0.0.1:5432/site_one", CACHE_KEY_PREFIX="mine") == "mine"


def test_the_sample_environments_placeholder_key_is_refused_without_debug():
    # Issue 21: `make serve` started with deploy.env.example's SECRET_KEY copied unchanged.
    sample = (settings.BASE_DIR / "deploy.env.example").read_text()
    placeholder = next(line.split("=", 1)[1] for line in sample.splitlines() if line.startswith("SECRET_KEY="))
    result = start_django(DEBUG="0", SECRET_KEY=placeholder)
    assert result.returncode != 0
    assert "placeholder" in result.stderr
