"""A record as it stood at a data version: /demands/<slug>/?version=N, and the same on statement and source pages,
show the text of then with a banner saying what changed since; the current version (or none) shows the page as it
is. A bad version is a clear 400, a version never published a 404, one issued before the log a 410."""

import pytest

from negotiations.models import PublishedVersion, Source

pytestmark = pytest.mark.django_db

BANNER = "You are reading this as it stood at"


@pytest.fixture
def corrected(memoranda, publish):
    """The memoranda published as version `before`, then a term, its statement and their source corrected."""
    before = publish()
    demand = memoranda.terms["ru-recognise"]
    demand.paraphrase = "Recognise the annexations, corrected."
    demand.save()
    statement = memoranda.left
    statement.summary = "A corrected summary."
    statement.save()
    source = statement.source
    source.title = "A corrected headline"
    source.save()
    publish()
    return before, demand, statement, source


def test_a_term_at_a_past_version_shows_its_text_then_and_what_changed_since(client, corrected):
    before, demand, *_ = corrected
    response = client.get(f"/demands/{demand.slug}/?version={before}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Recognise the annexations.</h1>" in html
    assert "corrected" not in html.split('class="cite"')[0].split("as-of")[-1]  # the page's text is the old one
    assert BANNER in html and f"data version {before}" in html
    assert "Since then: paraphrase changed" in html
    assert f'href="/changes/?record=demand-{demand.pk}"' in html
    # The statement's source as it stood: its headline then.
    assert "A corrected headline" not in html


def test_the_current_version_or_none_shows_the_page_as_it_is_without_a_banner(client, corrected, publish):
    _, demand, *_ = corrected
    current = publish()
    for url in (f"/demands/{demand.slug}/", f"/demands/{demand.slug}/?version={current}"):
        html = client.get(url).content.decode()
        assert "Recognise the annexations, corrected." in html
        assert BANNER not in html


def test_a_statement_at_a_past_version_shows_its_summary_and_terms_then(client, corrected):
    before, demand, statement, _ = corrected
    html = client.get(f"/statements/{statement.pk}/?version={before}").content.decode()
    assert BANNER in html and "Since then: summary changed" in html
    assert "A corrected summary." not in html
    assert "Recognise the annexations." in html and "Recognise the annexations, corrected." not in html


def test_a_source_at_a_past_version_shows_its_title_then(client, corrected):
    before, _, _, source = corrected
    html = client.get(f"/sources/{source.slug}/?version={before}").content.decode()
    assert BANNER in html and "Since then: title changed" in html
    assert "A corrected headline" not in html.split('class="notice as-of"')[1].split("</div>", 1)[1]
    assert client.get(f"/sources/{source.slug}/").content.decode().count("A corrected headline") >= 1


def test_the_citation_of_a_past_version_names_that_version(client, corrected):
    before, demand, *_ = corrected
    citation = client.get(f"/demands/{demand.slug}/?version={before}").context["citation"]
    assert citation.data_version == before
    assert f"Data version {before} of" in citation.text()


def test_a_record_removed_since_is_shown_at_a_version_it_stood_in(client, memoranda, publish):
    before = publish()
    demand = memoranda.terms["ru-language"]
    slug = demand.slug
    demand.delete()
    publish()
    html = client.get(f"/demands/{slug}/?version={before}").content.decode()
    assert "Protect the language." in html
    assert "it was removed, on" in html


def test_a_record_added_after_the_version_is_a_404_that_says_so(client, memoranda, publish):
    from negotiations.tests.factories import DemandFactory

    before = publish()
    added = DemandFactory(slug="ru-added", party=memoranda.terms["ru-recognise"].party, statement=memoranda.left)
    publish()
    response = client.get(f"/demands/{added.slug}/?version={before}")
    assert response.status_code == 404
    assert f"was not in the record at data version {before}" in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", "١٢", "①", "1e3", "9" * 40, "' OR 1=1 --"])
def test_a_bad_version_is_a_400_with_a_message(client, memoranda, value):
    for url in (
        f"/demands/ru-recognise/?version={value}",
        f"/statements/{memoranda.left.pk}/?version={value}",
        f"/sources/{memoranda.left.source.slug}/?version={value}",
    ):
        response = client.get(url, {"version": value})
        assert response.status_code == 400, url
        assert "A data version is a whole number from 1 on" in response.content.decode()
        assert '<main id="main"' in response.content.decode()


def test_a_version_never_published_is_a_404_and_one_before_the_log_a_410(client, memoranda, publish):
    before = publish()
    current = publish()
    response = client.get(f"/demands/ru-recognise/?version={current + 1}")
    assert response.status_code == 404
    assert f"There is no data version {current + 1}" in response.content.decode()
    PublishedVersion.objects.filter(version=before).delete()
    response = client.get(f"/demands/ru-recognise/?version={before}")
    assert response.status_code == 410
    assert "cannot be rebuilt exactly" in response.content.decode()


def test_the_version_is_part_of_the_cache_key(client, corrected):
    """@public_page ignores the parameters of a page without a query form: each version is its own entry."""
    before, demand, *_ = corrected
    now = client.get(f"/demands/{demand.slug}/").content.decode()
    then = client.get(f"/demands/{demand.slug}/?version={before}").content.decode()
    assert "Recognise the annexations, corrected." in now and BANNER not in now
    assert BANNER in then


@pytest.mark.parametrize("terms", [1, 12])
def test_a_past_page_s_queries_do_not_grow_with_the_record(
    client, memoranda, publish, django_assert_num_queries, terms
):
    from negotiations.tests.factories import CounterpartFactory, DemandFactory

    demand = memoranda.terms["ru-recognise"]
    for n in range(terms):
        other = DemandFactory(
            slug=f"ua-more-{n}", party=memoranda.terms["ua-integrity"].party, statement=memoranda.right
        )
        CounterpartFactory(demand=demand, answer=other, relation="opposed")
    memoranda.left.source.cites.add(*Source.objects.exclude(pk=memoranda.left.source.pk)[:terms])
    before = publish()
    publish()
    # the data version, the log, the term's id; then the record as it stood, model by model: the term; its party,
    # topic and statement; the speaker, the source and its publisher; two levels of citations (two each) and the
    # sources cited; the links to it (two each way), the terms at their other end; its corrections (one) and what
    # changed since (two); its status changes (one, none recorded). No query per link, per citation or per term.
    with django_assert_num_queries(22):
        assert client.get(f"/demands/{demand.slug}/?version={before}").status_code == 200
