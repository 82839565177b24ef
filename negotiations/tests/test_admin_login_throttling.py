"""Admin login throttling behind one appending proxy (PROXY_COUNT=1 and TRUSTED_PROXIES, as deploy.env.example sets
them): per username and address, per address over every username, and never at an address a client wrote."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured

from config.settings import networks
from negotiations.web.client_ip import client_ip

PROXY = "10.0.0.2"
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def behind_one_proxy(settings, db):
    settings.PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = [f"{PROXY}/32"]
    get_user_model().objects.create_superuser("curator", "c@example.org", "the-right-password")


def log_in(client, password, forwarded_for, *, username="curator", peer=PROXY):
    # nginx's $proxy_add_x_forwarded_for appends the address it received the request from.
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded_for
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
    settings.PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["192.0.2.1/32"]
    assert client_ip(rf.get("/", REMOTE_ADDR="192.0.2.1")) == "192.0.2.1"
    assert client_ip(rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="not-an-address")) == "192.0.2.1"


def test_behind_two_proxies_the_address_the_outer_one_appended_is_counted(rf, settings):
    settings.PROXY_COUNT = 2
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="10.77.0.1, 198.51.100.7, 10.0.0.3")
    assert client_ip(request) == "198.51.100.7"
    # Someone reaching the inner proxy directly: it appends their own address, which is not a trusted proxy's.
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="10.77.0.1, 198.51.100.66")
    assert client_ip(request) == "198.51.100.66"


@pytest.mark.parametrize("trusted", [["127.0.0.0/8", "::1/128"], ["10.0.0.0/8"]])
def test_a_forwarded_for_from_a_peer_that_is_not_a_trusted_proxy_is_ignored(rf, settings, trusted):
    # With PROXY_COUNT=1, anyone reaching gunicorn directly picked the address counted against them (issue 21).
    settings.PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = trusted
    request = rf.get("/", REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_FOR="10.77.0.9")
    assert client_ip(request) == "203.0.113.50"


def test_trusted_proxies_default_to_loopback_and_a_typo_is_refused():
    assert settings.TRUSTED_PROXIES == ["127.0.0.0/8", "::1/128"]
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        networks(["10.0.0.2", "10.0.0.5/24"], "TRUSTED_PROXIES")  # host bits set: which network was meant?


def test_a_client_reaching_gunicorn_directly_cannot_rotate_its_address_out_of_a_lockout(client, behind_one_proxy):
    attacker = "203.0.113.50"
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "guess", f"10.77.0.{attempt}", peer=attacker)
    response = log_in(client, "the-right-password", "10.77.0.200", peer=attacker)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_address_trying_username_after_username_is_locked_out(client, behind_one_proxy):
    # 160 failures over 40 usernames from one address locked nothing (issue 21): each username and address pair
    # stayed under its limit. The address's failures over every username have a limit of their own.
    attacker = "198.51.100.7"
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        assert log_in(client, "guess", attacker, username=f"user{n}").status_code == 200
    assert log_in(client, "guess", attacker, username="one-more").status_code == 429
    response = log_in(client, "the-right-password", attacker)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # A curator elsewhere is not locked out by it.
    assert log_in(client, "the-right-password", "203.0.113.9").status_code == 302


def test_a_few_mistakes_by_curators_sharing_an_address_lock_no_one_else(client, behind_one_proxy):
    office = "198.51.100.20"
    for username in ["ana", "bo", "cy"]:
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            log_in(client, "typo", office, username=username)
    assert log_in(client, "the-right-password", office).status_code == 302
