"""What every record page adds for a reader who cites it: the citation, its JSON-LD, and its corrections."""

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from negotiations.citing import citation
from negotiations.citing import history as changes


def corrections_context(kind, record):
    """What _corrected.html needs: the record's corrections since first published, and where they are listed."""
    return {
        "corrections": changes.corrections_of(kind, record.pk),
        "changes_url": f"{reverse('changes')}?record={kind}-{record.pk}",
    }


def record_context(request, kind, record, cite, json_ld=None, **cite_with):
    """`cite` is one of citation.of_*, called with `cite_with` (a statement's or term's `sources`); `json_ld` a dict
    (citation.quotation) or None."""
    return {
        "citation": cite(record, request.data_version, request.build_absolute_uri, timezone.localdate(), **cite_with),
        # ld_json escapes what could close the <script> element, so the text is safe inside it.
        "json_ld": mark_safe(citation.ld_json(json_ld)) if json_ld else "",  # noqa: S308
        **corrections_context(kind, record),
    }
