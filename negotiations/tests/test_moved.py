"""A record's old slug answers 301 to the record (models.FormerSlug, web/moved.py): a citation made before a
rename or a correction still lands on it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from negotiations.models import FormerSlug
from negotiations.tests.factories import DemandFactory, SourceFactory, StatementFactory


def rename(record, slug):
    record.slug = slug
    record.save()
    return record


@pytest.mark.django_db
def test_a_renamed_term_and_source_answer_301_at_their_old_address(client):
    term = rename(DemandFactory(slug="ua-2025-03-30-day-ceasefire-offer"), "ua-2025-03-offer-of-a-30-day-ceasefire")
    source = rename(SourceFactory(slug="kyiv-post-isw-2024-05-24"), "kyiv-post-2024-isw")
    response = client.get("/demands/ua-2025-03-30-day-ceasefire-offer/")
    assert response.status_code == 301
    assert response["Location"] == term.get_absolute_url()
    response = client.get("/sources/kyiv-post-isw-2024-05-24/")
    assert response.status_code == 301
    assert response["Location"] == source.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_the_rest_of_the_address_is_kept(client):
    term = rename(DemandFactory(slug="old-term"), "new-term")
    response = client.get("/demands/old-term/?format=x", HTTP_HX_REQUEST="true")
    assert response.status_code == 301
    assert response["Location"] == f"{term.get_absolute_url()}?format=x"


@pytest.mark.django_db
def test_a_comparison_naming_a_renamed_statement_answers_301_with_its_new_slug(client):
    left = rename(StatementFactory(slug="putin-2025-05-reuters-conditions"), "russian-sources-2025-05-conditions")
    right = StatementFactory(slug="ua-memo", actor__slug="ukraine", actor__side="ukraine")
    response = client.get("/compare/?left=putin-2025-05-reuters-conditions&right=ua-memo&relation=opposed")
    assert response.status_code == 301
    assert response["Location"] == f"/compare/?left={left.slug}&right={right.slug}&relation=opposed"
    response = client.get("/?left=putin-2025-05-reuters-conditions")
    assert response.status_code == 301
    assert response["Location"] == f"/?left={left.slug}"


@pytest.mark.django_db
def test_a_term_refiled_as_a_statement_leads_to_the_statement(client):
    statement = StatementFactory()
    FormerSlug.objects.create(
        kind=FormerSlug.Kind.DEMAND, slug="ru-isw-2024-conquer-more-territory", statement=statement
    )
    response = client.get("/demands/ru-isw-2024-conquer-more-territory/")
    assert response.status_code == 301
    assert response["Location"] == statement.get_absolute_url()


@pytest.mark.django_db
def test_an_address_no_record_ever_had_is_still_not_found(client):
    rename(DemandFactory(slug="old-term"), "new-term")
    assert client.get("/demands/never-a-term/").status_code == 404
    assert client.get("/sources/never-a-source/").status_code == 404
    assert client.get("/compare/?left=never-a-statement").status_code == 404
    assert client.get("/no/such/page/").status_code == 404
    # Only reading is redirected.
    assert client.post("/demands/old-term/").status_code == 405


@pytest.mark.django_db
def test_renaming_back_frees_the_old_address_and_a_rename_keeps_every_earlier_one(client):
    term = rename(rename(DemandFactory(slug="first"), "second"), "third")
    assert client.get("/demands/first/")["Location"] == "/demands/third/"
    assert client.get("/demands/second/")["Location"] == "/demands/third/"
    rename(term, "first")
    assert client.get("/demands/first/").status_code == 200
    assert not FormerSlug.objects.filter(slug="first").exists()
    assert client.get("/demands/third/")["Location"] == "/demands/first/"


@pytest.mark.django_db
def test_a_former_slug_leads_to_one_record_of_a_kind_its_address_can_lead_to():
    statement, source = StatementFactory(), SourceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        FormerSlug.objects.create(kind=FormerSlug.Kind.SOURCE, slug="x", statement=statement)
    with pytest.raises(IntegrityError), transaction.atomic():
        FormerSlug.objects.create(kind=FormerSlug.Kind.DEMAND, slug="y", statement=statement, source=source)
    with pytest.raises(IntegrityError), transaction.atomic():
        FormerSlug.objects.create(kind=FormerSlug.Kind.STATEMENT, slug="z")
    # A slug a record has now is its address: the admin says so.
    with pytest.raises(ValidationError, match="has this slug now"):
        FormerSlug(kind=FormerSlug.Kind.SOURCE, slug=source.slug, source=SourceFactory()).full_clean()
