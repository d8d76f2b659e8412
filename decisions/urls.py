from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "decisions"

# Adding and changing the rows of a case: (URL segment, name, add view, change view).
CASE_ROWS = [
    ("forslag", "proposal", views.ProposalCreateView, views.ProposalUpdateView),
    ("uttalanden", "statement", views.StatementCreateView, views.StatementUpdateView),
    ("reservationer", "reservation", views.ReservationCreateView, views.ReservationUpdateView),
    ("bilagor", "attachment", views.AttachmentCreateView, views.AttachmentUpdateView),
]

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("arenden/", views.CaseListView.as_view(), name="case_list"),
    path("arenden/csv/", views.CaseCsvView.as_view(), name="case_csv"),
    path("arenden/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("arenden/<int:case_pk>/andra/", views.CaseUpdateView.as_view(), name="case_update"),
    path("arenden/<int:case_pk>/historik/", views.CaseHistoryView.as_view(), name="case_history"),
    path("personer/", views.PersonListView.as_view(), name="person_list"),
    path("personer/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("partier/<str:abbreviation>/", views.PartyDetailView.as_view(), name="party_detail"),
    path("organ/<int:pk>/", views.BodyDetailView.as_view(), name="body_detail"),
    path("enheter/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("handlingsplaner/<int:pk>/", views.ActionPlanDetailView.as_view(), name="action_plan_detail"),
    path("aktiviteter/", views.ActivityListView.as_view(), name="activity_list"),
    path("aktiviteter/csv/", views.ActivityCsvView.as_view(), name="activity_csv"),
    path("aktiviteter/kalender.ics", views.ActivityCalendarView.as_view(), name="activity_calendar"),
    path("aktiviteter/<int:pk>/status/", views.ActivityStatusView.as_view(), name="activity_status"),
    path("aktiviteter/<int:pk>/uppfoljning/", views.FollowUpCreateView.as_view(), name="followup_create"),
    path("enheter/<int:pk>/kalender.ics", views.ActivityCalendarView.as_view(), name="unit_calendar"),
    path(
        "konto/logga-in/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
]

for segment, name, add_view, change_view in CASE_ROWS:
    prefix = f"arenden/<int:case_pk>/{segment}"
    urlpatterns += [
        path(f"{prefix}/ny/", add_view.as_view(), name=f"{name}_create"),
        path(f"{prefix}/<int:pk>/andra/", change_view.as_view(), name=f"{name}_update"),
    ]
