"""Production settings, headers, admin login throttling, and that public pages never write."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from negotiations.links import web_address
from negotiations.models import Actor, Counterpart, Demand, Source, Statement, Topic
from negotiations.tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_content_security_policy_allows_nothing_inline(client, memoranda):
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"


def test_security_headers_on_every_page(client, memoranda):
    response = client.get("/compare/", secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_csrf_cookie_is_secure_and_host_only(client, db):
    response = client.get("/admin/login/")
    csrf = response.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["path"] == "/" and not csrf["domain"]


def test_session_cookie_is_secure_and_http_only(client, db):
    client.get("/admin/login/")
    user = get_user_model().objects.create_superuser("curator", "c@example.org", "a-long-password-1")
    response = client.post("/admin/login/?next=/admin/", {"username": user.username, "password": "a-long-password-1"})
    session = response.cookies["__Host-sessionid"]
    assert session["secure"] and session["httponly"]


def test_admin_login_locks_a_username_and_address_after_five_failures(client, db):
    get_user_model().objects.create_superuser("curator", "c@example.org", "the-right-password")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/?next=/admin/", {"username": "curator", "password": "guess"})
    response = client.post("/admin/login/?next=/admin/", {"username": "curator", "password": "the-right-password"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address is not locked out by this one's guesses.
    other = client.post(
        "/admin/login/?next=/admin/",
        {"username": "curator", "password": "the-right-password"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert other.status_code == 302


def test_check_deploy_passes_with_production_settings():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "a-production-secret-that-is-long-and-random-enough-0123456789-abcdefghij",
        "ALLOWED_HOSTS": "positions.example.org",
        "DJANGO_REQUIRE_SECRET_KEY": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def every_url(resolver=None, prefix=""):
    """Every URL pattern with sample arguments, the admin's included."""
    resolver = resolver or get_resolver()
    # Any term's slug: the sweep must reach a real record without naming one a curator may rename.
    slug = Demand.objects.values_list("slug", flat=True).first()
    samples = {"slug": slug, "pk": "1", "object_id": "1", "app_label": "negotiations"}
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from every_url(pattern, prefix + route)
        elif isinstance(pattern, URLPattern):
            path = prefix + route
            for name, value in samples.items():
                path = path.replace(f"<slug:{name}>", value).replace(f"<int:{name}>", value)
                path = path.replace(f"<path:{name}>", value).replace(f"<{name}>", value)
            if "<" in path or "(?P" in path or "^" in path:
                continue
            yield "/" + path


def counts():
    return [model.objects.count() for model in (Topic, Actor, Source, Statement, Demand, Counterpart)]


def write_everywhere(client, method):
    """Each URL with the response of an anonymous write to it."""
    urls = list(every_url())
    assert "/compare/" in urls and "/admin/negotiations/demand/" in urls
    for url in urls:
        yield url, getattr(client, method)(url, {"name": "x", "slug": "x"} if method == "post" else None)


# The every-URL sweeps run on the curated records on purpose: every page, the admin's too, with whole-site data.
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_anonymous_writes_change_nothing(curated, method):
    before = counts()
    for _ in write_everywhere(Client(enforce_csrf_checks=True), method):
        pass
    assert counts() == before


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_anonymous_writes_never_succeed_anywhere(curated, method):
    client = Client(enforce_csrf_checks=True)
    for url, response in write_everywhere(client, method):
        if url == "/admin/login/" and response.status_code == 200:
            # The login view answers any method with its form; nothing is written and no one is logged in.
            assert "_auth_user_id" not in client.session
            continue
        assert response.status_code in {302, 400, 403, 404, 405}, (method, url, response.status_code)
        if url.startswith("/admin/") and response.status_code == 302:
            assert "/admin/login/" in response["Location"], url


def test_anonymous_admin_pages_redirect_to_login(client, curated):
    for url in every_url():
        if url.startswith("/admin/") and "login" not in url and "logout" not in url:
            response = client.get(url)
            assert response.status_code in {302, 404}, url
            if response.status_code == 302:
                assert response["Location"].startswith("/admin/login/"), url


def test_public_views_answer_head(client, memoranda):
    for url in ["/", "/compare/", "/grid/", "/demands/", "/timeline/", "/actors/", "/statements/", "/sources/"]:
        assert client.head(url).status_code == 200, url


@pytest.mark.parametrize("field", ["url", "archived_url"])
@pytest.mark.parametrize("address", ["javascript:alert(document.cookie)", "JavaScript:alert(1)", "data:text/html,x"])
def test_a_source_address_that_is_not_http_is_refused_even_outside_the_admin(db, field, address):
    # Set by a script or the shell, a javascript: address skipped the form's validation and became a live link on
    # the source's page (issue 21): the database refuses it, and the model's validation too.
    source = SourceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.filter(pk=source.pk).update(**{field: address})
    setattr(source, field, address)
    with pytest.raises(ValidationError):
        source.full_clean()


def test_a_source_address_over_https_or_http_is_kept_and_linked(client, db):
    source = SourceFactory(url="https://example.org/a", archived_url="http://web.archive.org/web/2025/x")
    source.full_clean()
    html = client.get(source.get_absolute_url()).content.decode()
    assert 'href="https://example.org/a">' in html and 'href="http://web.archive.org/web/2025/x">' in html


@pytest.mark.parametrize(
    ("address", "linked"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("HTTP://example.org/", "HTTP://example.org/"),
        ("javascript:alert(1)", ""),
        (" javascript:alert(1)", ""),
        ("//evil.example/", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_pages_link_only_web_addresses(address, linked):
    assert web_address(address) == linked
