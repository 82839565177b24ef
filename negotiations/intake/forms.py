"""The intake's forms: bringing a document in (pasted or uploaded, checked by its content), and a candidate's
proposed fields as the curator edits them before deciding. What a decision saves is checked by the admin's own
forms of Statement, Demand and Counterpart (review.py), so a refusal reads as it does there."""

import re

from django import forms
from django.template.defaultfilters import filesizeformat

from negotiations.models import Actor, Candidate, Relation, Statement

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
UPLOAD_EXTENSIONS = (".html", ".htm", ".txt")
# What opens an HTML page, read from its first kilobytes: the content decides, not the file's name.
HTML_START = re.compile(r"<\s*(!doctype\s+html|html|head|body|article|main|div|p|h1|meta|title)\b", re.IGNORECASE)
# Files that are not text at all, by their first bytes: PDF, ZIP (docx, odt), images, gzip.
BINARY_SIGNATURES = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b")


def looks_like_html(text):
    return bool(HTML_START.search(text[:4096]))


class BringInForm(forms.Form):
    """An article's text pasted, or an .html or .txt file: exactly one of them."""

    text = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 100}),
        label="Paste the text",
        help_text="The article's text, or its page's HTML source.",
    )
    upload = forms.FileField(
        required=False,
        label="Or upload a file",
        help_text=f"An .html or .txt file saved from the page, at most {filesizeformat(MAX_UPLOAD_BYTES)}.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(UPLOAD_EXTENSIONS)}),
    )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        if not upload.name.lower().endswith(UPLOAD_EXTENSIONS):
            raise forms.ValidationError(f"“{upload.name}” is not an .html or .txt file: save the page as HTML or text.")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"“{upload.name}” is {filesizeformat(upload.size)}; the limit is {filesizeformat(MAX_UPLOAD_BYTES)}."
            )
        content = upload.read()
        if content.startswith(BINARY_SIGNATURES) or b"\x00" in content:
            raise forms.ValidationError(f"“{upload.name}” is not text (it holds binary data): upload .html or .txt.")
        try:
            return content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(f"“{upload.name}” is not UTF-8 text: save it again as UTF-8.") from None

    def clean(self):
        cleaned_data = super().clean()
        if self.errors:
            return cleaned_data
        text, upload = cleaned_data.get("text") or "", cleaned_data.get("upload")
        if text.strip() and upload is not None:
            raise forms.ValidationError("Paste the text or upload a file, not both.")
        raw = upload if upload is not None else text
        if not raw.strip():
            what = "The file is empty" if upload is not None else "Nothing was pasted and no file was chosen"
            raise forms.ValidationError(f"{what}: there is no text to bring in.")
        cleaned_data["raw"], cleaned_data["is_html"] = raw, looks_like_html(raw)
        return cleaned_data


class CandidateForm(forms.ModelForm):
    """A candidate's proposed fields, each editable; nothing required here: accepting checks what the record needs,
    with the admin's forms. Each ranked counterpart has its own relation (blank: no link) and note, in its row of
    the counterparts' table, so that a term answering several of the other party's is linked to each at once."""

    class Meta:
        model = Candidate
        fields = [
            "quote",
            "locator",
            "speaker",
            "party",
            "reported_by",
            "kind",
            "title",
            "summary",
            "topic",
            "stance",
            "paraphrase",
            "wording",
            "stated_on",
            "date_precision",
            "date_basis",
            "date_note",
        ]
        widgets = {
            "quote": forms.Textarea(attrs={"rows": 3, "cols": 80}),
            "summary": forms.Textarea(attrs={"rows": 2, "cols": 80}),
            "paraphrase": forms.Textarea(attrs={"rows": 2, "cols": 80}),
            "stated_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }

    def __init__(self, *args, menus=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.fields["party"].queryset = Actor.objects.parties()
        for name, choices in (menus or {}).items():
            self.fields[name].choices = choices  # read once for the page (candidate_menus); the queryset still checks
        self.hints = list({hint["demand_id"]: hint for hint in self.instance.counterparts}.values())
        for hint in self.hints:
            term = f"“{hint['paraphrase']}”"
            self.fields[relation_field(hint)] = forms.ChoiceField(
                required=False, choices=[("", "no link"), *Relation.choices], label=f"Relation to {term}"
            )
            self.fields[note_field(hint)] = forms.CharField(
                required=False, max_length=300, label=f"Note on how it meets {term}"
            )
        for name, value in proposed_statement(self.instance).items():
            if not getattr(self.instance, name):
                self.initial[name] = value

    def own_fields(self):
        """The candidate's own fields, without the counterparts' rows."""
        return [self[name] for name in self._meta.fields]

    def link_rows(self):
        """Each ranked counterpart with its relation and note fields: one row of the counterparts' table."""
        return [
            {"hint": hint, "relation": self[relation_field(hint)], "note": self[note_field(hint)]}
            for hint in self.hints
        ]

    def clean(self):
        cleaned_data = super().clean()
        links = []
        for hint in self.hints:
            relation, note = cleaned_data.get(relation_field(hint)), (cleaned_data.get(note_field(hint)) or "").strip()
            if bool(relation) != bool(note):
                self.add_error(relation_field(hint), "Give both the relation and a note for this term, or neither.")
            elif relation:
                links.append({"answer": hint["demand_id"], "relation": relation, "note": note})
        cleaned_data["links"] = links
        return cleaned_data


MENU_FIELDS = ("speaker", "party", "reported_by", "topic")


def candidate_menus():
    """The actor and topic menus of a page of candidates, read once: each candidate's form would read its own, four
    queries a candidate (a long article proposes seventy)."""
    prototype = CandidateForm(instance=Candidate())
    return {name: list(prototype.fields[name].choices) for name in MENU_FIELDS}


def relation_field(hint):
    return f"relation_{hint['demand_id']}"


def note_field(hint):
    return f"note_{hint['demand_id']}"


def proposed_statement(candidate):
    """The statement's label and kind where the curator has not written them: from who said it and where."""
    speaker, topic = candidate.speaker, candidate.topic
    title = " on ".join(part for part in (speaker.name if speaker else "", topic.name.lower() if topic else "") if part)
    if speaker is not None and speaker.kind == Actor.Kind.GROUP:
        kind = Statement.Kind.ANONYMOUS_REPORT
    elif re.match(r"§|(point|option|clause|article)\b", candidate.locator.strip(), re.IGNORECASE):
        kind = Statement.Kind.OFFICIAL_DOCUMENT
    else:
        kind = Statement.Kind.PUBLIC_REMARK
    return {"title": title, "kind": kind}


NOT_OFFERED = "Choose one of the sources offered: nothing was changed."


class SourceChoiceForm(forms.Form):
    """A Source already in the record to quote from: one of those offered (`choices`, as (pk, label) pairs)."""

    source = forms.TypedChoiceField(coerce=int, error_messages={"required": NOT_OFFERED, "invalid_choice": NOT_OFFERED})

    def __init__(self, *args, choices, label, widget=forms.Select, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = choices
        self.fields["source"].label = label
        self.fields["source"].widget = widget(choices=choices)
