"""Forms of the register: the lists' filter forms and the edit forms clerks save through.

Edit forms record why a row changed in its history (simple_history's ``_change_reason``); the
history middleware records who. They also carry the version of the row they were read at (its
latest history record), so a save over someone else's newer save is refused instead of undoing it.
"""

from types import MappingProxyType

from django import forms
from django.db.models import Max
from django.forms.boundfield import BoundField
from django.forms.renderers import Jinja2
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from . import dnr as dnr_parser
from . import history, selectors, services
from .models import Activity, Attachment, Body, Case, Proposal, Reservation, Statement

# Stored in the history as written, so they are not translated.
REASON_ADDED = "Tillagd via webben"
REASON_CHANGED = "Ändrad via webben"


# The list pages draw their filter forms at every request, with a hundred or more options. Their
# fields are drawn by FilterBoundField: the HTML of Django's field and widget templates, written by
# the macros of one Jinja2 template instead of two template renders per field and a dictionary per
# option. Only these forms use it: the admin's and the edit forms' widgets are Django's own.
FILTER_FORM_RENDERER = Jinja2()
FILTER_FIELD_TEMPLATE = "decisions/filter_field.html"
# The widgets that template draws; any other is drawn by Django as usual.
PLAIN_INPUTS = (forms.TextInput, forms.NumberInput, forms.DateInput, forms.HiddenInput)


class FilterBoundField(BoundField):
    """A filter form's field, drawn with the macros of FILTER_FIELD_TEMPLATE when its widget is a
    plain input or a single select, and its label takes no suffix."""

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        widget = widget or self.field.widget
        if only_initial or not self.drawn_here(widget):
            return super().as_widget(widget, attrs, only_initial)
        return self.macros().widget(self.widget_context(widget, attrs))

    def as_field_group(self):
        widget = self.field.widget
        if not self.drawn_here(widget) or self.form.label_suffix or self.field.label_suffix:
            return super().as_field_group()
        if self.drawn_alike_for_all():
            key = f"filter-field:{type(self.form).__name__}:{self.html_name}:{get_language()}"
            return selectors.register_cached(key, self.draw_group)
        return self.draw_group()

    def draw_group(self) -> str:
        label = format_html('<label for="{}">{}</label>', self.id_for_label, self.label) if self.label else ""
        errors = self.errors or ""  # an empty list is not drawn at all
        return self.macros().group(self, label, errors, self.widget_context(self.field.widget))

    def drawn_alike_for_all(self) -> bool:
        """Whether this field is drawn the same for every reader in a language, until the register
        changes: nothing chosen or typed in it, and its options (if any) the same for everyone
        (``FilterForm.shared_choices``) or fixed in the code. A list page drew its form's
        hundred-odd options at every request (2 ms)."""
        if self.form.is_bound and self.data not in (None, ""):
            return False
        if self.form.prefix or not isinstance(self.field.widget, (forms.Select, *PLAIN_INPUTS)):
            return False
        shared = self.name in self.form.shared_choices
        return shared or not isinstance(self.field, forms.ModelChoiceField)

    @staticmethod
    def drawn_here(widget) -> bool:
        if type(widget) is forms.Select:
            return True
        return isinstance(widget, PLAIN_INPUTS) and not isinstance(widget, forms.MultipleHiddenInput)

    def macros(self):
        return self.form.renderer.engine.env.get_template(FILTER_FIELD_TEMPLATE).module

    def widget_context(self, widget, attrs=None) -> dict:
        """What Django's widget template would be given, the options of a select included."""
        attrs = self.build_widget_attrs(attrs or {}, widget)
        if self.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", self.auto_id)
        if type(widget) is not forms.Select:
            return widget.get_context(self.html_name, self.value(), attrs)["widget"]
        # Widget.get_context, not Select's: that one builds a dictionary for every option.
        context = forms.Widget.get_context(widget, self.html_name, self.value(), attrs)["widget"]
        context["options"] = select_options(widget.choices, context["value"])
        return context


def select_options(choices, chosen: list[str]) -> list[tuple]:
    """A select's choices as (group label or None, [(value, label, selected)]), the first option
    whose value is chosen selected, as Django's Select marks it."""
    groups, found = [], False
    for value, label in choices:
        group, members = (value, label) if isinstance(label, (list, tuple)) else (None, [(value, label)])
        options = []
        for option_value, option_label in members:
            option_value = "" if option_value is None else str(option_value)
            selected = not found and option_value in chosen
            found |= selected
            options.append((option_value, option_label, selected))
        groups.append((group, options))
    return groups


class FilterForm(forms.Form):
    """A list's filter form, drawn by the Jinja2 renderer and FilterBoundField.

    ``shared_choices`` names the choice fields that list the same rows to every reader (places,
    bodies, parties): their rows are read once and kept until the register changes, both for the
    options and for checking a chosen value (``KeptModelChoiceField``).
    """

    default_renderer = FILTER_FORM_RENDERER
    bound_field_class = FilterBoundField
    shared_choices: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)

    def choices_share(self) -> None:
        """Give the ``shared_choices`` fields their kept rows and options. Call once the labels are
        set."""
        for name in self.shared_choices:
            field = self.fields[name]
            key = f"choices:{type(self).__name__}:{name}"
            kept = selectors.register_cached(key, lambda f=field: _kept_choices(f))
            empty = [] if field.empty_label is None else [("", field.empty_label)]
            field.widget.choices = KeptOptions([*empty, *kept["options"]])
            field.kept_rows = kept["rows"]


class KeptOptions(BaseChoiceIterator):
    """Options already written as (value, label): a widget takes them as they are, where it
    checks and rewrites a list of choices option by option each time it is given one."""

    def __init__(self, options: list[tuple]):
        self.options = options

    def __iter__(self):
        return iter(self.options)

    def __len__(self) -> int:
        return len(self.options)


def _kept_choices(field: forms.ModelChoiceField) -> dict:
    """A model choice field's rows by the value a reader sends, and its options as (value, label)
    without the empty one."""
    rows = {str(field.prepare_value(row)): row for row in field.queryset}
    options = tuple((value, field.label_from_instance(row)) for value, row in rows.items())
    return {"rows": MappingProxyType(rows), "options": options}


class KeptModelChoiceField(ModelChoiceField):
    """A filter's choice among rows every reader sees alike, checked against the rows the form
    keeps (``FilterForm.choices_share``) instead of a query per chosen value: a filtered list
    asked the database for its body and its party at every request. A value the kept rows do not
    hold as written is checked by the query, as usual."""

    kept_rows = None

    def to_python(self, value):
        if self.kept_rows is not None and isinstance(value, str) and value in self.kept_rows:
            return self.kept_rows[value]
        return super().to_python(value)


class CaseFilterForm(FilterForm):
    """The case list's filter form: body choices name their municipality, dates run forwards."""

    shared_choices = ("municipality", "body", "party")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label_from_instance = lambda body: f"{body.name} ({body.municipality})"
        self.choices_share()

    def clean(self):
        return check_date_order(self, super().clean(), "date_from", "date_to")


def check_date_order(form: forms.Form, cleaned: dict, start: str, end: str) -> dict:
    """A range of dates runs forwards: the error goes on the ``end`` field."""
    if cleaned.get(start) and cleaned.get(end) and cleaned[start] > cleaned[end]:
        form.add_error(end, _("Till-datumet ligger före från-datumet."))
    return cleaned


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class WebEditForm(forms.ModelForm):
    """A model form whose saves say in the history that they were made on the web, and that refuses
    to save over a version newer than the one it was read at."""

    version = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk is None:
            del self.fields["version"]  # a new row has no version to compare with
        else:
            self.initial["version"] = history.latest_version(self.instance) or ""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            self.check_version(cleaned.get("version") or "")
        return cleaned

    def check_version(self, read_at: str) -> None:
        """Refuse the save when the row has a newer version than the form was read at."""
        current = str(history.latest_version(self.instance) or "")
        if read_at == current:
            return
        self.conflict = history.changes_since(self.instance, read_at)
        # The form is shown again at the newer version: saving it once more, after reading what
        # changed, is a deliberate choice and not an accident.
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = current
        raise forms.ValidationError(
            _(
                "Någon annan har sparat ändringar medan du redigerade. Ingenting av det du skrev har "
                "sparats. Läs vad som ändrades och spara igen om dina uppgifter ska gälla."
            ),
            code="conflict",
        )

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
        # One of the people seen in this municipality's cases: a member, not a name from elsewhere.
        people = selectors.person_visible_list(user=self.user, municipality=self.case.municipality_id)
        self.fields["person"].queryset = people.order_by("name")
        proposals = self.case.proposals.prefetch_related("authors__person")
        self.fields["in_favour_of"].queryset = proposals


class AttachmentForm(CaseChildForm):
    """An attachment listed with the case."""

    class Meta:
        model = Attachment
        fields = ["title", "kind", "date"]
        widgets = {"date": DateInput}


# Action plans: the activity list's filter form and the clerk's forms on an activity's row.


class ActivityFilterForm(FilterForm):
    """The activity list's filter form: plans and units name their municipality, dates run forwards."""

    shared_choices = ("municipality", "unit")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].label_from_instance = lambda plan: f"{plan.title} ({plan.case.municipality})"
        self.fields["unit"].label_from_instance = _unit_label
        self.choices_share()

    def clean(self):
        return check_date_order(self, super().clean(), "due_after", "due_before")


def _unit_label(unit) -> str:
    return f"{unit} ({unit.municipality})" if unit.municipality else str(unit)


class ActivityRowForm(forms.Form):
    """A small form on one activity's row: its fields are named after the activity, so the eight
    rows of a plan can each have one on the same page."""

    date = forms.DateField(label=_("Datum"), widget=DateInput)

    def __init__(self, *args, activity: Activity, user=None, **kwargs):
        kwargs.setdefault("prefix", f"{self.prefix_name}-{activity.pk}")
        super().__init__(*args, label_suffix="", **kwargs)
        self.activity = activity
        self.user = user
        self.fields["date"].initial = timezone.localdate

    def clean_date(self):
        if self.cleaned_data["date"] > timezone.localdate():
            raise forms.ValidationError(_("Datumet får inte ligga i framtiden."))
        return self.cleaned_data["date"]


class ActivityStatusForm(ActivityRowForm):
    """A new status for an activity, and the day it changed."""

    prefix_name = "status"
    permission = "decisions.change_activity"
    url_name = "decisions:activity_status"
    heading = _("Ändra status")
    submit_label = _("Spara status")
    failure_message = _("Statusen ändrades inte. Se felet vid aktiviteten.")
    status = forms.ChoiceField(label=_("Ny status"), choices=Activity.Status.choices)
    field_order = ["status", "date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].initial = self.activity.status

    def clean_status(self):
        if self.cleaned_data["status"] == self.activity.status:
            raise forms.ValidationError(_("Aktiviteten har redan den statusen."))
        return self.cleaned_data["status"]

    def save(self, *, author: str = "") -> str:
        """Change the status; returns the message for the clerk."""
        services.activity_status_change(
            activity=self.activity, status=self.cleaned_data["status"], on=self.cleaned_data["date"]
        )
        return _("Statusen är ändrad till %(status)s.") % {"status": self.activity.get_status_display()}


class FollowUpForm(ActivityRowForm):
    """An entry in an activity's follow-up log, optionally with a new status."""

    prefix_name = "uppfoljning"
    permission = "decisions.add_followup"
    url_name = "decisions:followup_create"
    heading = _("Lägg till uppföljning")
    submit_label = _("Spara uppföljning")
    failure_message = _("Uppföljningen sparades inte. Se felet vid aktiviteten.")
    text = forms.CharField(label=_("Uppföljning"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    new_status = forms.ChoiceField(
        label=_("Ny status (valfritt)"),
        choices=[("", _("Oförändrad")), *Activity.Status.choices],
        required=False,
    )
    field_order = ["date", "text", "new_status"]

    def clean_new_status(self):
        status = self.cleaned_data["new_status"]
        if status and not (self.user and self.user.has_perm("decisions.change_activity")):
            raise forms.ValidationError(_("Du har inte behörighet att ändra aktiviteters status."))
        return "" if status == self.activity.status else status

    def save(self, *, author: str = "") -> str:
        """Add the entry to the log (and the new status, if any); returns the message for the clerk."""
        services.followup_add(
            activity=self.activity,
            text=self.cleaned_data["text"],
            author=author,
            on=self.cleaned_data["date"],
            new_status=self.cleaned_data["new_status"],
        )
        return _("Uppföljningen är sparad.")
