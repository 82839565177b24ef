"""/about/: what the dashboard is for, what it covers, the codebook, the provenance rules, how to cite."""

from django.template.response import TemplateResponse

from negotiations import codebook
from negotiations.citing import citation, coverage
from negotiations.models import (
    Actor,
    Counterpart,
    DateBasis,
    DatePrecision,
    Demand,
    Relation,
    Stance,
    Statement,
    StatusChange,
    Topic,
    Wording,
)
from negotiations.statuses import TermStatus
from negotiations.web.pages import public_page


@public_page
def about(request):
    covered = coverage.of(request.data_version)
    examples = {
        basis: Statement.objects.filter(date_basis=basis).select_related("actor").order_by("-stated_on", "pk").first()
        for basis in DateBasis.values
    }
    context = {
        "counts": [
            ("Sources whose text is held", covered.held),
            ("Publications cited but not held", covered.cited),
            ("Actors", Actor.objects.count()),
            ("Statements", Statement.objects.count()),
            ("Terms (demands)", Demand.objects.count()),
            ("Links between terms", Counterpart.objects.count()),
            ("Recorded changes of a term's status", StatusChange.objects.count()),
        ],
        "span": {"first": covered.first, "last": covered.last},
        "topics": Topic.objects.all(),
        "stances": [(label, codebook.STANCES[value]) for value, label in Stance.choices],
        "statuses": [(value, label, codebook.STATUSES[value]) for value, label in TermStatus.choices],
        "status_rule": codebook.STATUS_RULE,
        "status_as_of_rule": codebook.STATUS_AS_OF_RULE,
        "relations": [(value, label, codebook.RELATIONS[value]) for value, label in Relation.choices],
        "relation_rule": codebook.RELATION_RULE,
        "grid_differences_rule": codebook.GRID_DIFFERENCES_RULE,
        "commentary_rule": codebook.COMMENTARY_RULE,
        "precisions": [(label, codebook.DATE_PRECISIONS[value]) for value, label in DatePrecision.choices],
        "bases": [(label, codebook.DATE_BASES[value], examples[value]) for value, label in DateBasis.choices],
        "wordings": [(label, codebook.WORDINGS[value]) for value, label in Wording.choices],
        "wording_rule": codebook.WORDING_RULE,
        "licence": citation.LICENCE,
        "site": citation.SITE,
    }
    return TemplateResponse(request, "negotiations/about.html", context)
