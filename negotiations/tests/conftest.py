from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import reverse

from negotiations.models import DataVersion, FeaturedComparison
from negotiations.tests.factories import CounterpartFactory, DemandFactory, StateFactory, StatementFactory, TopicFactory
from negotiations.web import caching


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached pages are keyed by the data version, which every test database starts again at 1; so are the pages
    each process keeps while Redis is away."""
    cache.clear()
    caching.STAND_IN.clear()
    yield
    cache.clear()
    caching.STAND_IN.clear()


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


@pytest.fixture
def publish(db):
    """`publish()`: what a curator's save does once it commits (signals.py), which a test's open transaction never
    does: advance the data version, logging it. Returns the new version's number."""

    def advance():
        DataVersion.advance()
        return DataVersion.current().version

    return advance


@pytest.fixture
def hx():
    """The headers htmx sends when it swaps part of a page."""
    return {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def russia(db):
    return StateFactory(slug="russia", name="Russia", side="russia")


@pytest.fixture
def ukraine(db):
    return StateFactory(slug="ukraine", name="Ukraine", side="ukraine")


@pytest.fixture
def demand_on(db):
    """`demand_on(day, precision="day", **demand_fields)`: a term voiced in a statement of that date."""

    def make(day, precision="day", **kwargs):
        statement = StatementFactory(stated_on=day, date_precision=precision if day else "unknown")
        return DemandFactory(statement=statement, **kwargs)

    return make


@pytest.fixture
def memoranda(russia, ukraine):
    """Two memoranda built by the factories, so that no curator's correction of the real ones can break a test.

    Russia (2 June 2025): two territorial terms opposed by one Ukrainian term, a humanitarian term compatible
    with Ukraine's, and a language term nobody answers. Ukraine (1 June 2025): territory and humanitarian.
    """
    territory = TopicFactory(slug="territory", name="Territory", position=2)
    humanitarian = TopicFactory(slug="humanitarian", name="Humanitarian", position=3)
    language = TopicFactory(slug="language-identity-religion", name="Language, identity, religion", position=4)
    memorandum = {"kind": "official_document"}
    left = StatementFactory(
        slug="ru-memo", title="Russian memorandum", actor=russia, stated_on=date(2025, 6, 2), **memorandum
    )
    right = StatementFactory(
        slug="ua-memo", title="Ukrainian memorandum", actor=ukraine, stated_on=date(2025, 6, 1), **memorandum
    )
    terms = {
        "ru-recognise": DemandFactory(
            slug="ru-recognise", party=russia, topic=territory, statement=left, paraphrase="Recognise the annexations."
        ),
        "ru-withdraw": DemandFactory(
            slug="ru-withdraw", party=russia, topic=territory, statement=left, paraphrase="Withdraw from the regions."
        ),
        "ru-prisoners": DemandFactory(
            slug="ru-prisoners", party=russia, topic=humanitarian, statement=left, paraphrase="Exchange the dead."
        ),
        "ru-language": DemandFactory(
            slug="ru-language", party=russia, topic=language, statement=left, paraphrase="Protect the language."
        ),
        "ua-integrity": DemandFactory(
            slug="ua-integrity", party=ukraine, topic=territory, statement=right, paraphrase="Territorial integrity."
        ),
        "ua-prisoners": DemandFactory(
            slug="ua-prisoners", party=ukraine, topic=humanitarian, statement=right, paraphrase="All for all exchange."
        ),
    }
    CounterpartFactory(demand=terms["ru-recognise"], answer=terms["ua-integrity"], relation="opposed")
    CounterpartFactory(demand=terms["ru-withdraw"], answer=terms["ua-integrity"], relation="opposed")
    CounterpartFactory(demand=terms["ru-prisoners"], answer=terms["ua-prisoners"], relation="compatible")
    return SimpleNamespace(left=left, right=right, terms=terms)


@pytest.fixture
def featured(memoranda):
    """The two memoranda chosen as the home page's comparison, as a curator would in the admin."""
    return FeaturedComparison.objects.create(left=memoranda.left, right=memoranda.right)


@pytest.fixture
def curator(client, db):
    """A staff curator, logged in on `client`."""
    user = get_user_model().objects.create_superuser("curator", "curator@example.org", "a-long-password")
    client.force_login(user)
    return user


# The admin's inline formsets on each change form, by their prefix (the relation's name).
ADMIN_INLINES = {"statement": ("demands",), "demand": ("counterpart_links", "status_changes")}


def admin_form_data(record, **changes):
    """A record's admin change form as a curator posts it unchanged, with `changes` on top."""
    data = {}
    for name, value in model_to_dict(record).items():
        if name in {"id", "version"}:
            continue
        if isinstance(value, list):
            value = [getattr(item, "pk", item) for item in value]
        data[name] = "" if value is None else value
    for prefix in ADMIN_INLINES.get(record._meta.model_name, ()):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0"}
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
    return data | changes


@pytest.fixture
def edit_in_admin(client, curator):
    """`edit_in_admin(record, field=value, ...)`: a curator's save of the record's admin form."""

    def edit(record, **changes):
        url = reverse(f"admin:negotiations_{record._meta.model_name}_change", args=[record.pk])
        response = client.post(url, admin_form_data(record, **changes))
        form = response.context["adminform"].form if response.status_code == 200 else None
        assert response.status_code == 302, form.errors if form else response.status_code
        record.refresh_from_db()
        return response

    return edit
