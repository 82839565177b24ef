import pytest
from django.core.management import call_command


@pytest.fixture
def curated(db):
    """The curated records from the articles, loaded as `make run` loads them."""
    call_command("loaddata", "ceasefire", verbosity=0)
