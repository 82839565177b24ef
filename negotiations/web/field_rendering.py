"""How every query form's field is rendered: by one template, with one rule for where its message goes.

Django renders `{{ form.field.as_field_group }}` with the renderer's `field_template_name`, and builds each
field's widget attributes (required, aria-invalid, aria-describedby, maxlength from a CharField's max_length)
in its BoundField. The query forms (web/query.QueryForm and every form built on it, django-filter's
included) use the renderer below, so a field is written in `negotiations/_field.html` and nowhere else.

A field's message lives in `<p id="error-<its name in the URL>">`, present even when empty: an htmx request
swaps it out of band (_field_errors_oob.html), site.js writes a half-typed date's message into it, and the
input's aria-describedby points to it. Django's own convention (`id_from_error`) is not used.
"""

from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting


class QueryField(BoundField):
    @property
    def error_id(self):
        return f"error-{self.html_name}"

    @property
    def aria_describedby(self):
        """The message, when there is one (Django would name `<auto_id>_error`, an element no page has)."""
        if self.field.widget.attrs.get("aria-describedby"):
            return None
        described_by = [f"{self.auto_id}_helptext"] if self.help_text and self.auto_id else []
        if self.errors and not self.is_hidden:
            described_by.append(self.error_id)
        return " ".join(described_by)


class QueryFormRenderer(TemplatesSetting):
    """The project's templates (widgets from django.forms among them), the one field template, QueryField."""

    field_template_name = "negotiations/_field.html"
    bound_field_class = QueryField
