"""Admin login throttling behind one appending proxy (PROXY_COUNT=1, as deploy.env.example sets it)."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

PROXY = "10.0.0.2"
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def behind_one_proxy(settings, db):
    settings.PROXY_COUNT = 1
    get_user_model().objects.create_superuser("curator", "c@example.org", "the-right-password")


def log_in(client, password, forwarded_for):
    # nginx's $proxy_add_x_forwarded_for appends the address it received the request from.
    return client.post(
        LOGIN, {"username": "curator", "password": password}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for
    )


def test_a_forged_forwarded_for_rotated_per_attempt_is_still_locked_out(client, behind_one_proxy):
    attacker = "198.51.100.7"
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "guess", f"10.77.0.{attempt}, {attacker}")
    response = log_in(client, "the-right-password", f"10.77.0.200, {attacker}")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_honest_clients_behind_the_proxy_are_counted_apart(client, behind_one_proxy):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "guess", "198.51.100.7")
    assert log_in(client, "the-right-password", "198.51.100.7").status_code == 429
    # Another curator, at another address, is not locked out by the first one's guesses.
    response = log_in(client, "the-right-password", "203.0.113.9")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_a_request_without_the_header_counts_the_socket_address(rf, settings):
    from negotiations.web.client_ip import client_ip

    settings.PROXY_COUNT = 1
    assert client_ip(rf.get("/", REMOTE_ADDR="192.0.2.1")) == "192.0.2.1"
    assert client_ip(rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="not-an-address")) == "192.0.2.1"
    settings.PROXY_COUNT = 2
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="10.77.0.1, 198.51.100.7, 10.0.0.3")
    assert client_ip(request) == "198.51.100.7"
