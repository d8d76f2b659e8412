"""Reads shared by views, exports and feeds. The visibility rule lives here, once."""

from django.db.models import QuerySet

from .models import ActionPlan, Activity, Case

CONFIDENTIAL_PERMISSION = "decisions.view_confidential_case"


def can_see_confidential(user) -> bool:
    """Whether ``user`` may see confidential (OSL) cases. Anonymous users never may."""
    return bool(user and user.is_authenticated and user.has_perm(CONFIDENTIAL_PERMISSION))


def case_visible_list(*, user=None, include_confidential: bool = False) -> QuerySet[Case]:
    """Every case the reader may see. For anyone without the right, confidential cases do not exist."""
    cases = Case.objects.all()
    if include_confidential or can_see_confidential(user):
        return cases
    return cases.filter(confidential=False)


def action_plan_visible_list(*, user=None) -> QuerySet[ActionPlan]:
    """Action plans of visible cases."""
    return ActionPlan.objects.filter(case__in=case_visible_list(user=user))


def activity_visible_list(*, user=None) -> QuerySet[Activity]:
    """Activities of visible cases' action plans."""
    return Activity.objects.filter(plan__case__in=case_visible_list(user=user))
