"""The domain of the register: cases, what was proposed, decided, stated and reserved, and the
action plans that follow a decision.

A person has no party of their own: the party belongs to each appearance (an author row, a
reservation, the chair of a meeting), because people change parties and parties change names.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import dnr as dnr_parser

# A page can link hundreds of cases and people, and Django's reverse() costs more per link than the
# rest of drawing it: a page's URL is reversed once with a mark in place of the key, then filled in.
_KEY_MARK = 987654321
_URL_AROUND_KEY: dict[tuple, tuple[str, str]] = {}
_REVERSED_ONCE: dict[tuple, str] = {}


def reverse_by_key(name: str, pk: int) -> str:
    """``reverse(name, args=[pk])`` for a URL whose one argument is an integer key."""
    return KeyedUrl(name)(pk)


def url_around_key(name: str) -> tuple[str, str]:
    """The parts of URL ``name`` before and after its one integer key, worked out once: for a page
    that links many rows of one kind."""
    known = (name, get_script_prefix(), get_urlconf())
    around = _URL_AROUND_KEY.get(known)
    if around is None:
        before, after = reverse(name, args=[_KEY_MARK]).split(str(_KEY_MARK))
        around = _URL_AROUND_KEY[known] = (before, after)
    return around


class KeyedUrl:
    """The addresses of view ``name`` for many keys, as ``reverse(name, args=[key])`` gives them:
    a table's rows link to pages of one kind, and working out the address's parts for each row
    took 15 µs (two look-ups of the request's URL settings)."""

    def __init__(self, name: str):
        self.before, self.after = url_around_key(name)

    def __call__(self, pk: int) -> str:
        return f"{self.before}{int(pk)}{self.after}"


def reversed_once(name: str, *args) -> str:
    """``reverse(name, args=args)`` worked out once, for URLs whose arguments come from a small
    fixed set: every page's header links the same few, a page names the same few parties row after
    row, and reversing each took 25 µs."""
    known = (name, args, get_script_prefix(), get_urlconf())
    found = _REVERSED_ONCE.get(known)
    if found is None:
        found = _REVERSED_ONCE[known] = reverse(name, args=args)
    return found


def party_url(abbreviation: str) -> str:
    """The page of the party with ``abbreviation``."""
    return reversed_once("decisions:party_detail", abbreviation)


def choice_display(field_name: str):
    """A ``get_<field_name>_display`` that looks the label up in a dict kept per model and language,
    already translated. Django's own builds a dict of every choice at each call, and translates
    the label each time: a table or a download of many rows feels both."""

    def display(self) -> str:
        return choice_label(type(self), field_name, getattr(self, field_name))

    return display


def choice_label(model, field_name: str, value) -> str:
    """The label of ``value`` among the choices of ``model``'s field, in the active language."""
    key = (model, field_name, get_language())
    labels = _CHOICE_LABELS.get(key)
    if labels is None:
        choices = model._meta.get_field(field_name).flatchoices
        labels = _CHOICE_LABELS[key] = {choice: str(label) for choice, label in choices}
    return labels.get(value, force_str(value, strings_only=True))


_CHOICE_LABELS: dict[tuple, dict] = {}


class Municipality(models.Model):
    """A kommun or stad whose register this is."""

    name = models.CharField(_("namn"), max_length=120, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("decisions:case_list") + f"?municipality={self.pk}"


class Body(models.Model):
    """A body that prepares or decides cases: fullmäktige, styrelse, nämnd, utskott, beredning."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("kommunfullmäktige")
        EXECUTIVE = "executive", _("kommunstyrelse")
        COMMITTEE = "committee", _("nämnd")
        DISTRICT_COMMITTEE = "district_committee", _("stadsdelsnämnd")
        WORKING_COMMITTEE = "working_committee", _("arbetsutskott")
        PREPARATORY = "preparatory", _("beredning")
        OTHER = "other", _("annat organ")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("kommun")
    )
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    get_kind_display = choice_display("kind")
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("överordnat organ"),
        help_text=_("Till exempel kommunstyrelsen för dess arbetsutskott."),
    )
    abbreviation = models.CharField(_("förkortning"), max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organ")
        verbose_name_plural = _("organ")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="body_unique_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_by_key("decisions:body_detail", self.pk)


class Party(models.Model):
    """A political party, by the abbreviation used in the documents (M, L, FP, S, V ...)."""

    abbreviation = models.CharField(_("förkortning"), max_length=10, unique=True)
    name = models.CharField(_("namn"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("parti")
        verbose_name_plural = _("partier")
        ordering = ["abbreviation"]

    def __str__(self):
        return f"{self.name} ({self.abbreviation})" if self.name else self.abbreviation

    def get_absolute_url(self):
        return party_url(self.abbreviation)


class Person(models.Model):
    """One real person across all documents, under the cleanest spelling seen."""

    name = models.CharField(_("namn"), max_length=200)
    key = models.CharField(
        _("söknyckel"),
        max_length=200,
        unique=True,
        help_text=_("Namnet utan diakritiska tecken och med OCR-fel rättade; samma för alla stavningar."),
    )
    aliases = models.JSONField(
        _("andra stavningar"), default=list, blank=True, help_text=_("Stavningar som förekommer i källorna.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_by_key("decisions:person_detail", self.pk)


class Unit(models.Model):
    """An organisational unit that carries out work: förvaltning, kontor, polisområde."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("kommun"),
    )
    abbreviation = models.CharField(_("förkortning"), max_length=40)
    name = models.CharField(_("namn"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        ordering = ["abbreviation"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "abbreviation"], name="unit_unique_abbreviation"),
        ]

    def __str__(self):
        return f"{self.abbreviation} – {self.name}" if self.name else self.abbreviation

    def get_absolute_url(self):
        return reverse_by_key("decisions:unit_detail", self.pk)


# The columns the case list filters on most, carried by the indexes of its orders (Case.Meta).
LIST_FILTERED = ["confidential", "status", "kind", "municipality", "body"]


class Case(models.Model):
    """An ärende: one matter under its diarienummer, with what was proposed, decided and said."""

    class Kind(models.TextChoices):
        PM = "pm", _("PM / utlåtande")
        PROTOCOL_EXTRACT = "protocol_extract", _("protokollsutdrag")
        PROTOCOL = "protocol", _("protokoll")
        OTHER = "other", _("annat")

    class Status(models.TextChoices):
        RECEIVED = "received", _("inkommet")
        PREPARED = "prepared", _("berett")
        DECIDED = "decided", _("beslutat")
        REFERRED_BACK = "referred_back", _("återremitterat")
        TABLED = "tabled", _("bordlagt")
        CLOSED = "closed", _("avslutat")

    dnr = models.CharField(
        _("diarienummer"), max_length=60, blank=True, help_text=_("Som det står i källan, t.ex. KS 2018/550.")
    )
    dnr_series = models.CharField(_("serie"), max_length=20, blank=True)
    dnr_year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    dnr_serial = models.PositiveIntegerField(_("löpnummer"), null=True, blank=True)
    dnr_sub_number = models.PositiveIntegerField(_("delnummer"), null=True, blank=True)
    dnr_classification = models.CharField(_("klassificering"), max_length=40, blank=True)
    dnr_key = models.CharField(
        _("normaliserat diarienummer"), max_length=80, blank=True, db_index=True, editable=False
    )
    title = models.CharField(_("rubrik"), max_length=500)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="cases", verbose_name=_("kommun")
    )
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("organ"),
        help_text=_("Organet där ärendet beslutas eller protokollförs."),
    )
    preparing_body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prepared_cases",
        verbose_name=_("beredande organ"),
    )
    date = models.DateField(_("datum"), null=True, blank=True)
    paragraph = models.CharField(_("paragraf"), max_length=20, blank=True, help_text=_("T.ex. § 20."))
    kind = models.CharField(_("typ"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    get_kind_display = choice_display("kind")
    status = models.CharField(_("status"), max_length=32, choices=Status.choices, default=Status.RECEIVED)
    get_status_display = choice_display("status")
    presenter = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presented_cases",
        verbose_name=_("föredragande"),
    )
    presenter_party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("föredragandes parti"),
    )
    chair = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chaired_cases",
        verbose_name=_("ordförande"),
    )
    chair_party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ordförandes parti"),
    )
    decision_points = models.JSONField(_("beslutspunkter"), default=list, blank=True)
    immediate_adjustment = models.BooleanField(_("omedelbar justering"), default=False)
    summary = models.TextField(_("sammanfattning"), blank=True)
    confidential = models.BooleanField(
        _("sekretess"), default=False, help_text=_("Sekretessbelagda ärenden visas bara för behöriga.")
    )
    secrecy_reference = models.CharField(
        _("sekretessgrund"), max_length=120, blank=True, help_text=_("T.ex. OSL 18 kap. 1 §.")
    )
    created_at = models.DateTimeField(_("skapad"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    # Swedish full text, kept current by a PostgreSQL trigger (migration 0004); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False, serialize=False)
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")
        ordering = ["-date", "-id"]
        permissions = [("view_confidential_case", _("Kan se sekretessbelagda ärenden"))]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "dnr_key"],
                condition=~Q(dnr_key=""),
                name="case_unique_dnr_per_municipality",
            ),
            models.CheckConstraint(
                condition=Q(confidential=False) | ~Q(secrecy_reference=""),
                name="case_confidential_needs_reference",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "date"], name="case_municipality_date"),
            models.Index(fields=["body", "date"], name="case_body_date"),
            # The list's other orders (newest first is a PostgreSQL index, see migrations 0006 and
            # 0010). Each carries the columns the list filters on most, so that on PostgreSQL a
            # filtered list in that order is read, and counted, from the index alone.
            models.Index(
                fields=["dnr_year", "dnr_serial", "dnr_key", "id"],
                name="case_dnr_order",
                include=LIST_FILTERED,
            ),
            models.Index(fields=["date", "id"], name="case_oldest_first_covering", include=LIST_FILTERED),
            models.Index(fields=["title", "id"], name="case_title_covering", include=LIST_FILTERED),
            # The few confidential cases, which every visibility check leaves out, read on their own.
            models.Index(fields=["id"], condition=Q(confidential=True), name="case_confidential"),
        ]

    def __str__(self):
        return self.name_of(self.dnr, self.title)

    def save(self, *args, **kwargs):
        self.set_dnr_parts()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_by_key("decisions:case_detail", self.pk)

    @staticmethod
    def name_of(dnr: str, title: str) -> str:
        """How a case is named: its Dnr and title, or its title when it has no Dnr."""
        return f"{dnr} {title}" if dnr else title

    def set_dnr_parts(self):
        """Keep the parsed parts and the look-up key in step with the verbatim Dnr."""
        if not self.dnr.strip():
            self.dnr = ""
            self.dnr_series = self.dnr_classification = self.dnr_key = ""
            self.dnr_year = self.dnr_serial = self.dnr_sub_number = None
            return
        parsed = dnr_parser.parse_dnr(self.dnr)
        self.dnr = parsed.raw
        self.dnr_key = parsed.key
        self.dnr_series = parsed.series or ""
        self.dnr_year = parsed.year
        self.dnr_serial = parsed.serial
        self.dnr_sub_number = parsed.sub_number
        self.dnr_classification = parsed.classification or ""


class SourceDocument(models.Model):
    """A document as received, kept verbatim: the text every extracted item points back into."""

    class Kind(models.TextChoices):
        PM = "pm", _("PM")
        PROTOCOL_EXTRACT = "protocol_extract", _("protokollsutdrag")
        PROTOCOL = "protocol", _("protokoll")
        OFFICIAL_REPORT = "official_report", _("tjänsteutlåtande")
        OTHER = "other", _("annan handling")

    # A protocol records many cases, so a document may belong to several; its text is stored once.
    cases = models.ManyToManyField(Case, related_name="documents", verbose_name=_("ärenden"))
    filename = models.CharField(_("filnamn"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    kind = models.CharField(_("typ"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    get_kind_display = choice_display("kind")
    date = models.DateField(_("datum"), null=True, blank=True)
    text = models.TextField(_("text"))
    is_ocr = models.BooleanField(
        _("OCR-läst"), default=False, help_text=_("Texten kommer från OCR och kan ha fel.")
    )
    imported_at = models.DateTimeField(_("importerad"), default=timezone.now)
    # Swedish full text, kept current by a PostgreSQL trigger (migration 0004); empty on SQLite.
    # On PostgreSQL the row also keeps its cases' keys and whether one of them is confidential,
    # columns of the database alone that triggers keep for the searches (migration 0012).
    search_vector = SearchVectorField(null=True, editable=False, serialize=False)
    history = HistoricalRecords(excluded_fields=["text", "search_vector"])

    class Meta:
        verbose_name = _("källdokument")
        verbose_name_plural = _("källdokument")
        ordering = ["date", "filename", "id"]

    def __str__(self):
        return self.filename


class Extracted(models.Model):
    """Something read out of a source document, with the passage (character span) it came from."""

    document = models.ForeignKey(
        SourceDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("källdokument"),
    )
    span_start = models.PositiveIntegerField(_("början i källan"), null=True, blank=True)
    span_end = models.PositiveIntegerField(_("slut i källan"), null=True, blank=True)
    position = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    @property
    def has_span(self) -> bool:
        return self.document_id is not None and self.span_start is not None and self.span_end is not None


def span_constraint(name: str) -> models.CheckConstraint:
    """A span, when present, runs forwards."""
    return models.CheckConstraint(
        condition=Q(span_start__isnull=True) | Q(span_end__gte=models.F("span_start")), name=name
    )


class Proceeding(models.Model):
    """One handling of a case at a meeting: tabled, sent back or decided, with its source."""

    class Outcome(models.TextChoices):
        PREPARED = "prepared", _("berett")
        DECIDED = "decided", _("beslutat")
        REFERRED_BACK = "referred_back", _("återremitterat")
        TABLED = "tabled", _("bordlagt")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="proceedings", verbose_name=_("ärende")
    )
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proceedings",
        verbose_name=_("organ"),
    )
    date = models.DateField(_("datum"), null=True, blank=True)
    paragraph = models.CharField(_("paragraf"), max_length=20, blank=True)
    decision_points = models.JSONField(_("beslut"), default=list, blank=True)
    outcome = models.CharField(_("utfall"), max_length=32, choices=Outcome.choices, default=Outcome.DECIDED)
    get_outcome_display = choice_display("outcome")
    document = models.ForeignKey(
        SourceDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proceedings",
        verbose_name=_("källdokument"),
    )
    repairs = models.JSONField(
        _("OCR-rättelser"),
        default=list,
        blank=True,
        help_text=_("Lästa fel som rättats, som par av original och rättad form; källtexten är orörd."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handläggning")
        verbose_name_plural = _("handläggningar")
        ordering = ["case", models.F("date").asc(nulls_first=True), "id"]

    def __str__(self):
        parts = [str(self.body or ""), self.paragraph, self.date.isoformat() if self.date else ""]
        return " ".join(p for p in parts if p) or str(_("handläggning"))

    def get_absolute_url(self):
        return self.case.get_absolute_url() + "#handlaggning"


class Vote(Extracted):
    """A votering: what ja and nej meant, the announced totals and each member's ballot."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="votes", verbose_name=_("ärende"))
    proceeding = models.ForeignKey(
        Proceeding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="votes",
        verbose_name=_("handläggning"),
    )
    question = models.TextField(_("proposition"), blank=True)
    yes_means = models.TextField(_("ja innebär"))
    no_means = models.TextField(_("nej innebär"))
    yes = models.PositiveSmallIntegerField(_("ja-röster"), default=0)
    no = models.PositiveSmallIntegerField(_("nej-röster"), default=0)
    abstain = models.PositiveSmallIntegerField(_("avstår"), default=0)
    result = models.TextField(_("resultat"), blank=True)
    mismatch = models.CharField(
        _("avvikelse"),
        max_length=300,
        blank=True,
        help_text=_("När de redovisade summorna inte stämmer med de namngivna rösterna."),
    )
    history = HistoricalRecords()

    class Meta(Extracted.Meta):
        verbose_name = _("votering")
        verbose_name_plural = _("voteringar")
        constraints = [span_constraint("vote_span_forwards")]

    def __str__(self):
        return f"{self.yes} ja – {self.no} nej – {self.abstain} avstår"

    def get_absolute_url(self):
        return self.case.get_absolute_url() + f"#votering-{self.pk}"


class Ballot(models.Model):
    """One member's vote in a votering, with the party at the time."""

    class Choice(models.TextChoices):
        YES = "yes", _("ja")
        NO = "no", _("nej")
        ABSTAIN = "abstain", _("avstår")
        ABSENT = "absent", _("frånvarande")

    vote = models.ForeignKey(
        Vote, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("votering")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("person")
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballots",
        verbose_name=_("parti"),
    )
    choice = models.CharField(_("röst"), max_length=10, choices=Choice.choices)
    get_choice_display = choice_display("choice")
    position = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("röst")
        verbose_name_plural = _("röster")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["vote", "person"], name="ballot_once_per_person")]

    def __str__(self):
        return f"{self.person}: {self.get_choice_display()}"


class Proposal(Extracted):
    """A proposal for a decision (förslag till beslut) or a motion at the meeting (yrkande)."""

    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("förslag till beslut")
        MOTION = "motion", _("yrkande")

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("bifallet")
        REJECTED = "rejected", _("avslaget")
        PARTLY_ADOPTED = "partly_adopted", _("delvis bifallet")
        REFERRED_BACK = "referred_back", _("återremitterat")
        TABLED = "tabled", _("bordlagt")
        WITHDRAWN = "withdrawn", _("återtaget")
        PENDING = "pending", _("ej avgjort")
        UNKNOWN = "unknown", _("okänt")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("ärende")
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.PROPOSAL)
    get_kind_display = choice_display("kind")
    origin = models.CharField(
        _("förslagsställare"),
        max_length=300,
        blank=True,
        help_text=_("Som det står i källan, t.ex. förvaltningen."),
    )
    points = models.JSONField(_("beslutspunkter"), default=list, blank=True)
    text = models.TextField(_("text"), blank=True)
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome.choices, default=Outcome.UNKNOWN)
    get_outcome_display = choice_display("outcome")
    history = HistoricalRecords()

    class Meta(Extracted.Meta):
        verbose_name = _("förslag")
        verbose_name_plural = _("förslag")
        constraints = [span_constraint("proposal_span_forwards")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.origin})" if self.origin else self.get_kind_display()

    def get_absolute_url(self):
        return self.case.get_absolute_url() + f"#forslag-{self.pk}"


class ProposalAuthor(models.Model):
    """A person behind a proposal, as author or as supporter (med bifall från, instämmer)."""

    class Role(models.TextChoices):
        AUTHOR = "author", _("förslagsställare")
        SUPPORTER = "supporter", _("instämmer")

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="authors", verbose_name=_("förslag")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="proposal_roles", verbose_name=_("person")
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal_roles",
        verbose_name=_("parti"),
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices, default=Role.AUTHOR)
    get_role_display = choice_display("role")
    title = models.CharField(_("titel"), max_length=60, blank=True, help_text=_("T.ex. vice ordförande."))
    position = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("förslagsställare")
        verbose_name_plural = _("förslagsställare")
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.person} ({self.party.abbreviation})" if self.party else str(self.person)


class Statement(Extracted):
    """A recorded statement that is not dissent: särskilt uttalande, ersättaryttrande,
    protokollsanteckning."""

    class Kind(models.TextChoices):
        SPECIAL = "special_statement", _("särskilt uttalande")
        SUBSTITUTE = "substitute_statement", _("ersättaryttrande")
        MINUTES_NOTE = "minutes_note", _("protokollsanteckning")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="statements", verbose_name=_("ärende")
    )
    kind = models.CharField(_("typ"), max_length=32, choices=Kind.choices)
    get_kind_display = choice_display("kind")
    label = models.CharField(
        _("benämning"), max_length=80, blank=True, help_text=_("Termen som den står i källan.")
    )
    forum = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
        verbose_name=_("forum"),
        help_text=_("Organet där uttalandet gjordes."),
    )
    text = models.TextField(_("text"), blank=True)
    refers_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referred_by",
        verbose_name=_("hänvisar till"),
    )
    # Swedish full text, kept current by a PostgreSQL trigger (migration 0004); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False, serialize=False)
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta(Extracted.Meta):
        verbose_name = _("uttalande")
        verbose_name_plural = _("uttalanden")
        constraints = [span_constraint("statement_span_forwards")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.forum})" if self.forum else self.get_kind_display()

    def get_absolute_url(self):
        return self.case.get_absolute_url() + f"#uttalande-{self.pk}"


class StatementAuthor(models.Model):
    """A person behind a statement, with the party at the time."""

    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="authors", verbose_name=_("uttalande")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="statement_roles", verbose_name=_("person")
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statement_roles",
        verbose_name=_("parti"),
    )
    title = models.CharField(_("titel"), max_length=60, blank=True, help_text=_("T.ex. borgarråd."))
    position = models.PositiveIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uttalandets avsändare")
        verbose_name_plural = _("uttalandets avsändare")
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.person} ({self.party.abbreviation})" if self.party else str(self.person)


class Reservation(Extracted):
    """Formal dissent by one member, usually in favour of their own proposal."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="reservations", verbose_name=_("ärende")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="reservations", verbose_name=_("person")
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reservations",
        verbose_name=_("parti"),
    )
    in_favour_of = models.ForeignKey(
        Proposal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reservations",
        verbose_name=_("till förmån för"),
    )
    in_favour_text = models.CharField(
        _("till förmån för (text)"),
        max_length=200,
        blank=True,
        help_text=_("Som det står, t.ex. eget förslag till beslut."),
    )
    reason = models.TextField(_("motivering"), blank=True)
    # Swedish full text, kept current by a PostgreSQL trigger (migration 0004); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False, serialize=False)
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta(Extracted.Meta):
        verbose_name = _("reservation")
        verbose_name_plural = _("reservationer")
        constraints = [span_constraint("reservation_span_forwards")]

    def __str__(self):
        return f"{self.person} ({self.party.abbreviation})" if self.party else str(self.person)

    def get_absolute_url(self):
        return self.case.get_absolute_url() + f"#reservation-{self.pk}"


class ActionPlan(models.Model):
    """A handlingsplan decided in a case, whose activities are followed up."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="action_plans", verbose_name=_("ärende")
    )
    title = models.CharField(_("rubrik"), max_length=300)
    owner = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_plans",
        verbose_name=_("ansvarigt organ"),
    )
    period_start = models.PositiveSmallIntegerField(_("från år"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("till år"), null=True, blank=True)
    purpose = models.TextField(_("syfte"), blank=True)
    goal = models.TextField(_("mål"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="action_plan_period_forwards",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_by_key("decisions:action_plan_detail", self.pk)


class Activity(Extracted):
    """An activity of an action plan: what is to be done, by whom and by when."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planerad")
        ONGOING = "ongoing", _("pågår")
        DONE = "done", _("genomförd")
        CANCELLED = "cancelled", _("avbruten")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="activities", verbose_name=_("handlingsplan")
    )
    focus_area = models.CharField(_("fokusområde"), max_length=300)
    title = models.TextField(_("aktivitet"))
    implementation = models.TextField(_("genomförande"), blank=True)
    responsible = models.ManyToManyField(
        Unit, blank=True, related_name="activities", verbose_name=_("ansvariga enheter")
    )
    responsible_text = models.CharField(_("ansvarig (text)"), max_length=300, blank=True)
    deadline = models.DateField(_("klart senast"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    get_status_display = choice_display("status")
    status_changed_on = models.DateField(_("status ändrad"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[responsible])

    class Meta(Extracted.Meta):
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["plan", "position", "id"]
        constraints = [span_constraint("activity_span_forwards")]
        indexes = [
            models.Index(fields=["status", "deadline"], name="activity_status_deadline"),
            # Open activities by deadline: the overdue list reads its first page in order.
            models.Index(
                fields=["deadline", "id"],
                condition=Q(status__in=["planned", "ongoing"]),
                name="activity_open_deadline",
            ),
        ]

    def __str__(self):
        return self.title[:80]

    def get_absolute_url(self):
        return self.url_on(self.plan.get_absolute_url())

    def url_on(self, plan_url: str) -> str:
        """This activity's place on its plan's page, at ``plan_url``."""
        return f"{plan_url}#aktivitet-{self.pk}"

    def is_overdue(self, today=None) -> bool:
        """Past its deadline and neither done nor cancelled. Derived, never stored."""
        today = today or timezone.localdate()
        open_statuses = {self.Status.PLANNED, self.Status.ONGOING}
        return bool(self.deadline and self.deadline < today and self.status in open_statuses)


class FollowUp(models.Model):
    """A dated entry in an activity's follow-up log."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("aktivitet")
    )
    date = models.DateField(_("datum"), default=timezone.localdate)
    author = models.CharField(_("av"), max_length=200, blank=True)
    text = models.TextField(_("uppföljning"))
    new_status = models.CharField(_("ny status"), max_length=20, choices=Activity.Status.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")
        ordering = ["activity", "date", "id"]

    def __str__(self):
        return f"{self.date}: {self.text[:60]}"


class Reference(Extracted):
    """A Dnr cited in a case's text, linked to that case when it is in the register."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="references", verbose_name=_("ärende")
    )
    text = models.CharField(_("diarienummer"), max_length=80)
    key = models.CharField(_("normaliserat diarienummer"), max_length=80, db_index=True)
    target = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cited_by",
        verbose_name=_("ärende i registret"),
    )
    history = HistoricalRecords()

    class Meta(Extracted.Meta):
        verbose_name = _("hänvisning")
        verbose_name_plural = _("hänvisningar")
        constraints = [span_constraint("reference_span_forwards")]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        self.key = dnr_parser.normalize_dnr(self.text)
        super().save(*args, **kwargs)


class Attachment(Extracted):
    """A document listed with the case: bilaga, beslutsunderlag, tjänsteutlåtande."""

    class Kind(models.TextChoices):
        ATTACHMENT = "bilaga", _("bilaga")
        DECISION_BASIS = "beslutsunderlag", _("beslutsunderlag")
        DOCUMENT = "handling", _("handling")
        OFFICIAL_REPORT = "tjänsteutlåtande", _("tjänsteutlåtande")
        OFFICIAL_MEMO = "tjänsteskrivelse", _("tjänsteskrivelse")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("ärende")
    )
    title = models.CharField(_("rubrik"), max_length=500)
    kind = models.CharField(_("typ"), max_length=32, choices=Kind.choices, default=Kind.ATTACHMENT)
    get_kind_display = choice_display("kind")
    author = models.CharField(_("upprättad av"), max_length=200, blank=True)
    date = models.DateField(_("datum"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta(Extracted.Meta):
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        constraints = [span_constraint("attachment_span_forwards")]

    def __str__(self):
        return self.title


class RegisterGeneration(models.Model):
    """How many times the register has changed: one row, counted up after each committed write.
    What is kept between requests (counts, keys, filter choices) is kept per generation, so every
    server process stops using it once any process has changed the register."""

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("registrets version")
        verbose_name_plural = _("registrets versioner")

    def __str__(self):
        return str(self.value)


# Models that hold no register data: not edited in admin, not written to fixtures, and not a change
# to the register when they are written.
BOOKKEEPING_MODELS = (RegisterGeneration,)
