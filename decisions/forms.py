"""Forms of the register: the case list's filter form and the edit forms clerks save through.

Edit forms record why a row changed in its history (simple_history's ``_change_reason``); the
history middleware records who.
"""

from django import forms
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from . import dnr as dnr_parser
from . import selectors
from .models import Attachment, Body, Case, Proposal, Reservation, Statement

# Stored in the history as written, so they are not translated.
REASON_ADDED = "Tillagd via webben"
REASON_CHANGED = "Ändrad via webben"


class CaseFilterForm(forms.Form):
    """The case list's filter form: body choices name their municipality, dates run forwards."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["body"].label_from_instance = lambda body: f"{body.name} ({body.municipality})"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Till-datumet ligger före från-datumet."))
        return cleaned


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class WebEditForm(forms.ModelForm):
    """A model form whose saves say in the history that they were made on the web."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def save(self, commit=True):
        self.instance._change_reason = REASON_CHANGED if self.instance.pk else REASON_ADDED
        return super().save(commit)


class CaseForm(WebEditForm):
    """A case's metadata and status."""

    class Meta:
        model = Case
        fields = [
            "title",
            "dnr",
            "body",
            "date",
            "paragraph",
            "kind",
            "status",
            "summary",
            "confidential",
            "secrecy_reference",
        ]
        widgets = {"date": DateInput, "title": forms.TextInput(attrs={"size": 60})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        bodies = Body.objects.filter(municipality_id=self.instance.municipality_id)
        self.fields["body"].queryset = bodies

    def clean_dnr(self):
        dnr = self.cleaned_data["dnr"].strip()
        key = dnr_parser.normalize_dnr(dnr) if dnr else ""
        # All cases, confidential too: the number must be unique in the municipality's register.
        taken = Case.objects.filter(municipality_id=self.instance.municipality_id, dnr_key=key)
        if key and taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Diarienumret finns redan i kommunens register."))
        return dnr

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("confidential"):
            if not cleaned.get("secrecy_reference", "").strip():
                message = _("Ange sekretessgrunden för ett sekretessbelagt ärende.")
                self.add_error("secrecy_reference", message)
            if not selectors.can_see_confidential(self.user):
                self.add_error("confidential", _("Du har inte behörighet att sekretessbelägga ärenden."))
        return cleaned


class CaseChildForm(WebEditForm):
    """A row that belongs to one case; new rows go last."""

    def __init__(self, *args, case: Case, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.user = user
        self.instance.case = case

    def save(self, commit=True):
        if self.instance.pk is None:
            siblings = type(self.instance).objects.filter(case=self.case)
            self.instance.position = (siblings.aggregate(n=Max("position"))["n"] or 0) + 1
        return super().save(commit)


class ProposalForm(CaseChildForm):
    """A proposal or motion, its decision points (one per line) and how it went."""

    points = forms.CharField(
        label=_("beslutspunkter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("En punkt per rad."),
    )

    class Meta:
        model = Proposal
        fields = ["kind", "origin", "points", "outcome"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["points"] = "\n".join(self.instance.points or [])

    def clean_points(self):
        return [line.strip() for line in self.cleaned_data["points"].splitlines() if line.strip()]


class StatementForm(CaseChildForm):
    """A särskilt uttalande, ersättaryttrande or protokollsanteckning."""

    class Meta:
        model = Statement
        fields = ["kind", "label", "forum", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = Body.objects.filter(municipality_id=self.case.municipality_id)


class ReservationForm(CaseChildForm):
    """A member's reservation, in favour of one of this case's proposals."""

    class Meta:
        model = Reservation
        fields = ["person", "party", "in_favour_of", "in_favour_text", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = selectors.person_visible_list(user=self.user).order_by("name")
        proposals = self.case.proposals.prefetch_related("authors__person")
        self.fields["in_favour_of"].queryset = proposals


class AttachmentForm(CaseChildForm):
    """An attachment listed with the case."""

    class Meta:
        model = Attachment
        fields = ["title", "kind", "date"]
        widgets = {"date": DateInput}
