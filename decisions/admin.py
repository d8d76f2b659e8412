"""Django admin for every model of the register; inlines keep a case editable on one page."""

from django.contrib import admin
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import models, selectors, services

admin.site.site_header = _("Beslutsregistret – administration")
admin.site.site_title = _("Beslutsregistret")
admin.site.index_title = _("Register och behörigheter")


class RegisterAdmin(SimpleHistoryAdmin):
    """Shared defaults: history on every change page, a sensible page size."""

    list_per_page = 50


@admin.register(models.Municipality)
class MunicipalityAdmin(RegisterAdmin):
    search_fields = ["name"]
    list_display = ["name"]


@admin.register(models.Body)
class BodyAdmin(RegisterAdmin):
    list_display = ["name", "kind", "municipality", "parent", "abbreviation"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "abbreviation"]
    autocomplete_fields = ["municipality", "parent"]
    list_select_related = ["municipality", "parent"]


@admin.register(models.Party)
class PartyAdmin(RegisterAdmin):
    list_display = ["abbreviation", "name"]
    search_fields = ["abbreviation", "name"]


@admin.register(models.Person)
class PersonAdmin(RegisterAdmin):
    list_display = ["name", "key"]
    search_fields = ["name", "key", "aliases"]
    readonly_fields = ["key"]


@admin.register(models.Unit)
class UnitAdmin(RegisterAdmin):
    list_display = ["abbreviation", "name", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["abbreviation", "name"]
    autocomplete_fields = ["municipality"]
    list_select_related = ["municipality"]


class CaseChildInline(admin.StackedInline):
    extra = 0
    show_change_link = True


class ProposalInline(CaseChildInline):
    model = models.Proposal
    fields = ["position", "kind", "origin", "points", "outcome"]


class StatementInline(CaseChildInline):
    model = models.Statement
    fk_name = "case"
    fields = ["position", "kind", "label", "forum", "text", "refers_to"]
    autocomplete_fields = ["forum"]


class ReservationInline(admin.TabularInline):
    model = models.Reservation
    extra = 0
    fields = ["position", "person", "party", "in_favour_of", "in_favour_text", "reason"]
    autocomplete_fields = ["person", "party"]


class DocumentInline(admin.TabularInline):
    model = models.SourceDocument.cases.through
    extra = 0
    autocomplete_fields = ["sourcedocument"]
    verbose_name = _("källdokument")
    verbose_name_plural = _("källdokument")


class ProceedingInline(admin.TabularInline):
    model = models.Proceeding
    extra = 0
    fields = ["date", "body", "paragraph", "outcome", "decision_points", "document"]
    autocomplete_fields = ["body"]


class VoteInline(CaseChildInline):
    model = models.Vote
    fields = ["position", "question", "yes_means", "no_means", "yes", "no", "abstain", "result", "mismatch"]


class AttachmentInline(admin.TabularInline):
    model = models.Attachment
    extra = 0
    fields = ["position", "title", "kind", "author", "date"]


class ReferenceInline(admin.TabularInline):
    model = models.Reference
    fk_name = "case"
    extra = 0
    fields = ["text", "target"]
    autocomplete_fields = ["target"]


@admin.register(models.Case)
class CaseAdmin(RegisterAdmin):
    list_display = ["dnr", "title", "municipality", "body", "date", "paragraph", "status", "confidential"]
    list_filter = ["status", "kind", "confidential", "municipality", "body"]
    search_fields = ["dnr", "dnr_key", "title", "summary"]
    date_hierarchy = "date"
    list_select_related = ["municipality", "body"]
    autocomplete_fields = [
        "municipality",
        "body",
        "preparing_body",
        "presenter",
        "presenter_party",
        "chair",
        "chair_party",
    ]
    readonly_fields = ["dnr_key", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["dnr", "dnr_key", "title", "municipality", "body", "preparing_body"]}),
        (_("Sammanträde"), {"fields": ["date", "paragraph", "kind", "status", "immediate_adjustment"]}),
        (_("Personer"), {"fields": ["presenter", "presenter_party", "chair", "chair_party"]}),
        (_("Beslut"), {"fields": ["decision_points", "summary"]}),
        (_("Sekretess"), {"fields": ["confidential", "secrecy_reference"]}),
        (
            _("Diarienummer i delar"),
            {
                "classes": ["collapse"],
                "fields": ["dnr_series", "dnr_year", "dnr_serial", "dnr_sub_number", "dnr_classification"],
            },
        ),
        (_("Tidpunkter"), {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]
    inlines = [
        ProceedingInline,
        VoteInline,
        ProposalInline,
        StatementInline,
        ReservationInline,
        AttachmentInline,
        ReferenceInline,
        DocumentInline,
    ]

    def get_queryset(self, request):
        # Staff without the right to see confidential cases do not see them here either.
        visible = selectors.case_visible_list(user=request.user).values("pk")
        return super().get_queryset(request).filter(pk__in=visible)


@admin.register(models.SourceDocument)
class SourceDocumentAdmin(RegisterAdmin):
    list_display = ["filename", "kind", "date", "is_ocr", "imported_at"]
    list_filter = ["kind", "is_ocr"]
    search_fields = ["filename", "sha256", "cases__dnr", "cases__title"]
    autocomplete_fields = ["cases"]
    readonly_fields = ["sha256", "imported_at"]


@admin.register(models.Proceeding)
class ProceedingAdmin(RegisterAdmin):
    list_display = ["case", "body", "date", "paragraph", "outcome"]
    list_filter = ["outcome", "body"]
    search_fields = ["case__dnr", "case__title", "paragraph"]
    autocomplete_fields = ["case", "body", "document"]
    list_select_related = ["case", "body"]


class ProposalAuthorInline(admin.TabularInline):
    model = models.ProposalAuthor
    extra = 0
    autocomplete_fields = ["person", "party"]


@admin.register(models.Proposal)
class ProposalAdmin(RegisterAdmin):
    list_display = ["__str__", "case", "kind", "outcome"]
    list_filter = ["kind", "outcome"]
    search_fields = ["origin", "text", "case__dnr", "case__title"]
    autocomplete_fields = ["case", "document"]
    list_select_related = ["case"]
    inlines = [ProposalAuthorInline]


@admin.register(models.ProposalAuthor)
class ProposalAuthorAdmin(RegisterAdmin):
    list_display = ["person", "party", "role", "proposal"]
    list_filter = ["role", "party"]
    search_fields = ["person__name", "proposal__case__dnr"]
    autocomplete_fields = ["proposal", "person", "party"]
    list_select_related = ["person", "party", "proposal__case"]


class StatementAuthorInline(admin.TabularInline):
    model = models.StatementAuthor
    extra = 0
    autocomplete_fields = ["person", "party"]


@admin.register(models.Statement)
class StatementAdmin(RegisterAdmin):
    list_display = ["__str__", "case", "kind", "forum"]
    list_filter = ["kind", "forum"]
    search_fields = ["text", "label", "case__dnr", "case__title", "authors__person__name"]
    autocomplete_fields = ["case", "forum", "refers_to", "document"]
    list_select_related = ["case", "forum"]
    inlines = [StatementAuthorInline]


@admin.register(models.StatementAuthor)
class StatementAuthorAdmin(RegisterAdmin):
    list_display = ["person", "party", "statement"]
    list_filter = ["party"]
    search_fields = ["person__name", "statement__case__dnr"]
    autocomplete_fields = ["statement", "person", "party"]
    list_select_related = ["person", "party", "statement__forum"]


@admin.register(models.Reservation)
class ReservationAdmin(RegisterAdmin):
    list_display = ["person", "party", "case", "in_favour_text"]
    list_filter = ["party"]
    search_fields = ["person__name", "reason", "case__dnr", "case__title"]
    autocomplete_fields = ["case", "person", "party", "in_favour_of", "document"]
    list_select_related = ["person", "party", "case"]


class ActivityInline(admin.StackedInline):
    model = models.Activity
    extra = 0
    fields = [
        "position",
        "focus_area",
        "title",
        "implementation",
        "responsible",
        "responsible_text",
        "deadline",
        "status",
    ]
    autocomplete_fields = ["responsible"]
    show_change_link = True


@admin.register(models.ActionPlan)
class ActionPlanAdmin(RegisterAdmin):
    list_display = ["title", "case", "period_start", "period_end", "activity_count"]
    search_fields = ["title", "purpose", "case__dnr"]
    autocomplete_fields = ["case", "owner"]
    list_select_related = ["case"]
    inlines = [ActivityInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(activity_total=Count("activities"))

    def save_formset(self, request, form, formset, change):
        for activity_form in formset.forms:
            stamp_status_change(activity_form)
        super().save_formset(request, form, formset, change)

    @admin.display(description=_("aktiviteter"), ordering="activity_total")
    def activity_count(self, plan):
        return plan.activity_total


def stamp_status_change(form) -> None:
    """An activity whose status an admin changes gets today as the day it changed."""
    if form.instance.pk and "status" in form.changed_data:
        form.instance.status_changed_on = timezone.localdate()


class FollowUpInline(admin.TabularInline):
    model = models.FollowUp
    extra = 1
    fields = ["date", "author", "text", "new_status"]


@admin.register(models.Activity)
class ActivityAdmin(RegisterAdmin):
    """Admins change the status here and add to the follow-up log below; a follow-up with a new
    status changes the activity's status, as on the plan page."""

    list_display = ["__str__", "plan", "focus_area", "deadline", "status", "status_changed_on"]
    list_filter = ["status", "plan", "responsible"]
    search_fields = ["title", "focus_area", "implementation", "responsible_text"]
    autocomplete_fields = ["plan", "responsible", "document"]
    list_select_related = ["plan"]
    readonly_fields = ["status_changed_on"]
    inlines = [FollowUpInline]

    def save_model(self, request, obj, form, change):
        stamp_status_change(form)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        author = request.user.get_full_name() or request.user.get_username()
        for entry in formset.forms:
            if entry.instance.pk is None and entry.has_changed() and not entry.instance.author:
                entry.instance.author = author
        super().save_formset(request, form, formset, change)
        for follow_up in formset.new_objects:
            if follow_up.new_status:
                services.activity_status_change(
                    activity=form.instance,
                    status=follow_up.new_status,
                    on=follow_up.date,
                    reason=services.REASON_STATUS_FOLLOW_UP,
                )


@admin.register(models.FollowUp)
class FollowUpAdmin(RegisterAdmin):
    list_display = ["date", "activity", "author", "new_status"]
    list_filter = ["new_status"]
    search_fields = ["text", "author", "activity__title"]
    autocomplete_fields = ["activity"]
    list_select_related = ["activity"]


@admin.register(models.Reference)
class ReferenceAdmin(RegisterAdmin):
    list_display = ["text", "case", "target"]
    search_fields = ["text", "key", "case__dnr"]
    autocomplete_fields = ["case", "target", "document"]
    list_select_related = ["case", "target"]


@admin.register(models.Attachment)
class AttachmentAdmin(RegisterAdmin):
    list_display = ["title", "kind", "case", "date"]
    list_filter = ["kind"]
    search_fields = ["title", "case__dnr"]
    autocomplete_fields = ["case", "document"]
    list_select_related = ["case"]


class BallotInline(admin.TabularInline):
    model = models.Ballot
    extra = 0
    fields = ["position", "person", "party", "choice"]
    autocomplete_fields = ["person", "party"]


@admin.register(models.Vote)
class VoteAdmin(RegisterAdmin):
    list_display = ["case", "yes", "no", "abstain", "mismatch"]
    search_fields = ["case__dnr", "case__title", "yes_means", "no_means"]
    autocomplete_fields = ["case", "proceeding", "document"]
    list_select_related = ["case"]
    inlines = [BallotInline]


@admin.register(models.Ballot)
class BallotAdmin(RegisterAdmin):
    list_display = ["person", "party", "choice", "vote"]
    list_filter = ["choice", "party"]
    search_fields = ["person__name", "vote__case__dnr"]
    autocomplete_fields = ["vote", "person", "party"]
    list_select_related = ["person", "party", "vote__case"]
