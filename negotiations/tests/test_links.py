"""A record's address built from its pattern resolved once is the address reverse() gives."""

import pytest
from django.urls import reverse

from negotiations.links import record_url


@pytest.mark.parametrize(
    "name,key",
    [("demand_detail", "ru-2025-06-02-ceasefire"), ("actor_detail", "a_b-9"), ("statement_detail", 42),
     ("source_detail", "tass-2025"), ("topic_detail", "2718281828")],
)  # fmt: skip
def test_a_records_address_is_the_one_reverse_gives(name, key):
    assert record_url(name, key) == reverse(name, args=[key])


def test_the_address_follows_the_script_prefix(settings):
    from django.urls import set_script_prefix

    set_script_prefix("/ceasefire/")
    try:
        assert record_url("actor_detail", "putin") == "/ceasefire/actors/putin/"
    finally:
        set_script_prefix("/")
