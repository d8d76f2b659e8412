from django.urls import path

from . import views

app_name = "decisions"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("arenden/", views.CaseListView.as_view(), name="case_list"),
    path("arenden/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("personer/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("partier/<str:abbreviation>/", views.PartyDetailView.as_view(), name="party_detail"),
    path("organ/<int:pk>/", views.BodyDetailView.as_view(), name="body_detail"),
    path("enheter/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("handlingsplaner/<int:pk>/", views.ActionPlanDetailView.as_view(), name="action_plan_detail"),
]
