"""Server-rendered pages of the register. Every read goes through ``selectors``."""

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView, UpdateView, View
from django.views.generic.edit import CreateView
from django_filters.views import FilterView

from . import selectors
from .filters import DEFAULT_ORDERING, CaseFilter, active_filter_chips
from .forms import AttachmentForm, CaseForm, ProposalForm, ReservationForm, StatementForm
from .models import Body, Party, Unit

PAGE_SIZE = 25
LOGIN_URL = reverse_lazy("decisions:login")


class PublicReadMixin:
    """Pages anyone may read, unless the register is set to need a login (REGISTER_PUBLIC_READ)."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.REGISTER_PUBLIC_READ and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), LOGIN_URL)
        return super().dispatch(request, *args, **kwargs)


class ForgivingPaginationMixin:
    """Out-of-range or nonsense page numbers show the last or first page instead of a 404."""

    paginate_by = PAGE_SIZE

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(query=query.urlencode(), **kwargs)


class HomeView(PublicReadMixin, TemplateView):
    template_name = "decisions/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            latest_cases=selectors.case_visible_list(user=user).select_related("municipality", "body")[:10],
            due_activities=selectors.activity_due_list(user=user)[:20],
            overdue_activities=selectors.activity_overdue_list(user=user)[:20],
            overdue_count=selectors.activity_overdue_list(user=user).count(),
            **selectors.register_counts(user=user),
            **kwargs,
        )


def filtered_cases(request):
    """The case list's filterset over what the reader may see (shared by the page and the CSV)."""
    cases = selectors.case_visible_list(user=request.user).select_related("municipality", "body")
    cases = cases.order_by(*DEFAULT_ORDERING)
    return CaseFilter(request.GET or None, queryset=cases, request=request)


class CaseListView(PublicReadMixin, ForgivingPaginationMixin, FilterView):
    filterset_class = CaseFilter
    strict = False

    def get(self, request, *args, **kwargs):
        found = selectors.case_find_by_dnr(
            selectors.case_visible_list(user=request.user), request.GET.get("q", "").strip()[:200]
        )
        if found is not None:
            return redirect(found)
        return super().get(request, *args, **kwargs)

    def get_filterset(self, filterset_class):
        return filtered_cases(self.request)

    def get_context_data(self, **kwargs):
        return super().get_context_data(chips=active_filter_chips(self.filterset), **kwargs)


CSV_COLUMNS = ["Dnr", "Rubrik", "Kommun", "Organ", "Datum", "Paragraf", "Status", "URL"]


class Echo:
    """A file-like object whose ``write`` hands back the line, for streaming csv rows."""

    def write(self, value):
        return value


def _csv_cell(value) -> str:
    """A cell spreadsheet programs will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class CaseCsvView(PublicReadMixin, View):
    """Exactly the rows of the filtered list, as CSV, streamed. The BOM lets Excel read å, ä and ö."""

    def get(self, request, *args, **kwargs):
        filterset = filtered_cases(request)
        writer = csv.writer(Echo())

        def rows():
            yield "\ufeff" + writer.writerow(CSV_COLUMNS)
            for case in filterset.qs.iterator(chunk_size=2000):
                yield writer.writerow([_csv_cell(v) for v in _csv_values(request, case)])

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="arenden.csv"'
        return response


def _csv_values(request, case) -> list:
    return [
        case.dnr,
        case.title,
        case.municipality.name,
        case.body.name if case.body else "",
        case.date.isoformat() if case.date else "",
        case.paragraph,
        case.get_status_display(),
        request.build_absolute_uri(case.get_absolute_url()),
    ]


class CaseDetailView(PublicReadMixin, DetailView):
    def get_queryset(self):
        return selectors.case_detail_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        marked = selectors.case_marked_item(self.object, self.request.GET.get("markera", ""))
        return super().get_context_data(
            statement_groups=group_by_forum(self.object.statements.all()),
            sources=[source_parts(doc, marked) for doc in self.object.documents.all()],
            marked=marked,
            can_see_confidential=selectors.can_see_confidential(self.request.user),
            **kwargs,
        )


def group_by_forum(statements) -> list[tuple]:
    """Statements grouped by the body they were made in, in order of first appearance."""
    groups: dict = {}
    for statement in statements:
        groups.setdefault(statement.forum, []).append(statement)
    return list(groups.items())


def source_parts(document, marked) -> dict:
    """A source document's text split around the marked passage, when it lies in this document."""
    text = document.text
    if marked is None or not marked.has_span or marked.document_id != document.pk:
        return {"document": document, "before": text, "marked": "", "after": ""}
    start = min(marked.span_start, len(text))
    end = min(max(marked.span_end, start), len(text))
    return {"document": document, "before": text[:start], "marked": text[start:end], "after": text[end:]}


class PersonListView(PublicReadMixin, ForgivingPaginationMixin, ListView):
    def get_queryset(self):
        name = self.request.GET.get("q", "").strip()[:200]
        return selectors.person_list_with_counts(user=self.request.user, name=name)

    def get_context_data(self, **kwargs):
        return super().get_context_data(q=self.request.GET.get("q", "")[:200], **kwargs)


class PersonDetailView(PublicReadMixin, DetailView):
    def get_queryset(self):
        return selectors.person_visible_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        appearances = selectors.person_appearances(self.object, user=self.request.user)
        return super().get_context_data(**appearances, **kwargs)


# Party and body pages show the latest cases and link to the filtered list for the rest.
CASE_PREVIEW = 25


class PartyDetailView(PublicReadMixin, DetailView):
    model = Party
    slug_field = "abbreviation"
    slug_url_kwarg = "abbreviation"

    def get_context_data(self, **kwargs):
        user = self.request.user
        cases = selectors.case_visible_list(user=user).filter(selectors.case_party_q(self.object))
        return super().get_context_data(
            cases=cases.select_related("municipality", "body")[:CASE_PREVIEW],
            case_count=cases.count(),
            members=selectors.party_members(self.object, user=user),
            **kwargs,
        )


class BodyDetailView(PublicReadMixin, DetailView):
    def get_queryset(self):
        return Body.objects.select_related("municipality", "parent")

    def get_context_data(self, **kwargs):
        cases = selectors.case_visible_list(user=self.request.user).filter(body=self.object)
        return super().get_context_data(
            cases=cases.select_related("municipality", "body")[:CASE_PREVIEW],
            case_count=cases.count(),
            children=self.object.children.all(),
            **kwargs,
        )


class UnitDetailView(PublicReadMixin, DetailView):
    def get_queryset(self):
        return Unit.objects.select_related("municipality")

    def get_context_data(self, **kwargs):
        activities = selectors.activity_visible_list(user=self.request.user).filter(responsible=self.object)
        activities = selectors.activity_with_overdue(activities).select_related("plan")
        return super().get_context_data(activities=activities.order_by("deadline", "pk"), **kwargs)


class ActionPlanDetailView(PublicReadMixin, DetailView):
    def get_queryset(self):
        return selectors.action_plan_visible_list(user=self.request.user).select_related("case", "owner")

    def get_context_data(self, **kwargs):
        activities = selectors.activity_with_overdue(self.object.activities.all())
        return super().get_context_data(activities=activities.prefetch_related("responsible"), **kwargs)


# Editing: login and permission needed; the case must be visible to the editor.


class EditMixin(PermissionRequiredMixin):
    """Anonymous users go to the login page, logged-in users without permission get 403."""

    login_url = LOGIN_URL
    template_name = "decisions/edit_form.html"
    success_message = _("Ändringarna är sparade.")

    def get_case(self):
        if not hasattr(self, "case"):
            cases = selectors.case_visible_list(user=self.request.user)
            self.case = get_object_or_404(cases, pk=self.kwargs["case_pk"])
        return self.case

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, self.success_message)
        return response

    def get_success_url(self):
        return self.get_case().get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.get_case(), heading=self.get_heading(), **kwargs)


class CaseUpdateView(EditMixin, UpdateView):
    form_class = CaseForm
    permission_required = "decisions.change_case"
    pk_url_kwarg = "case_pk"

    def get_object(self, queryset=None):
        return self.get_case()

    def get_heading(self):
        return _("Ändra ärendet")


class CaseChildMixin(EditMixin):
    """Adding or changing one row of a case (proposal, statement, reservation, attachment)."""

    def get_queryset(self):
        return self.form_class._meta.model.objects.filter(case=self.get_case())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.get_case()}

    def get_heading(self):
        verbose_name = self.form_class._meta.model._meta.verbose_name
        if getattr(self, "object", None) is not None:
            return _("Ändra %(thing)s") % {"thing": verbose_name}
        return _("Lägg till %(thing)s") % {"thing": verbose_name}


class ProposalCreateView(CaseChildMixin, CreateView):
    form_class = ProposalForm
    permission_required = "decisions.add_proposal"


class ProposalUpdateView(CaseChildMixin, UpdateView):
    form_class = ProposalForm
    permission_required = "decisions.change_proposal"


class StatementCreateView(CaseChildMixin, CreateView):
    form_class = StatementForm
    permission_required = "decisions.add_statement"


class StatementUpdateView(CaseChildMixin, UpdateView):
    form_class = StatementForm
    permission_required = "decisions.change_statement"


class ReservationCreateView(CaseChildMixin, CreateView):
    form_class = ReservationForm
    permission_required = "decisions.add_reservation"


class ReservationUpdateView(CaseChildMixin, UpdateView):
    form_class = ReservationForm
    permission_required = "decisions.change_reservation"


class AttachmentCreateView(CaseChildMixin, CreateView):
    form_class = AttachmentForm
    permission_required = "decisions.add_attachment"


class AttachmentUpdateView(CaseChildMixin, UpdateView):
    form_class = AttachmentForm
    permission_required = "decisions.change_attachment"
