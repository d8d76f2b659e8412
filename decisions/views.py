"""Server-rendered pages of the register. Every read goes through ``selectors``."""

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView, TemplateView

from . import selectors
from .models import (
    Body,
    Party,
    Person,
    ProposalAuthor,
    Reservation,
    StatementAuthor,
    Unit,
)


class HomeView(TemplateView):
    template_name = "decisions/home.html"

    def get_context_data(self, **kwargs):
        cases = selectors.case_visible_list(user=self.request.user)
        return super().get_context_data(
            case_count=cases.count(),
            latest_cases=cases.select_related("municipality", "body")[:10],
            **kwargs,
        )


class CaseListView(ListView):
    paginate_by = 50

    def get_queryset(self):
        cases = selectors.case_visible_list(user=self.request.user)
        return cases.select_related("municipality", "body")


class CaseDetailView(DetailView):
    def get_queryset(self):
        cases = selectors.case_visible_list(user=self.request.user)
        return cases.select_related(
            "municipality", "body", "preparing_body", "presenter", "presenter_party", "chair", "chair_party"
        ).prefetch_related(
            Prefetch("proposals__authors", queryset=ProposalAuthor.objects.select_related("person", "party")),
            Prefetch(
                "statements__authors", queryset=StatementAuthor.objects.select_related("person", "party")
            ),
            "statements__forum",
            Prefetch("reservations", queryset=Reservation.objects.select_related("person", "party")),
            "proceedings__body",
            "attachments",
            "references__target",
            "documents",
            "action_plans",
        )


class PersonDetailView(DetailView):
    model = Person

    def get_context_data(self, **kwargs):
        cases = selectors.case_visible_list(user=self.request.user)
        person = self.object
        return super().get_context_data(
            proposal_roles=person.proposal_roles.filter(proposal__case__in=cases).select_related(
                "party", "proposal__case"
            ),
            statement_roles=person.statement_roles.filter(statement__case__in=cases).select_related(
                "party", "statement__case", "statement__forum"
            ),
            reservations=person.reservations.filter(case__in=cases).select_related("party", "case"),
            **kwargs,
        )


class PartyDetailView(DetailView):
    model = Party
    slug_field = "abbreviation"
    slug_url_kwarg = "abbreviation"


class BodyDetailView(DetailView):
    model = Body

    def get_context_data(self, **kwargs):
        cases = selectors.case_visible_list(user=self.request.user).filter(body=self.object)
        return super().get_context_data(cases=cases.select_related("municipality")[:100], **kwargs)


class UnitDetailView(DetailView):
    model = Unit

    def get_context_data(self, **kwargs):
        activities = selectors.activity_visible_list(user=self.request.user).filter(responsible=self.object)
        return super().get_context_data(activities=activities.select_related("plan"), **kwargs)


class ActionPlanDetailView(DetailView):
    def get_queryset(self):
        return selectors.action_plan_visible_list(user=self.request.user).select_related("case")

    def get_context_data(self, **kwargs):
        activities = self.object.activities.prefetch_related("responsible", "follow_ups")
        return super().get_context_data(activities=activities, **kwargs)
