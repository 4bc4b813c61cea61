from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import reports, views
from .serializers import TRANSITION_BODIES

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("v1/auth/token/", views.TokenLogin.as_view(), name="token"),
    path("v1/units/", views.UnitList.as_view(), name="units"),
    path("v1/localities/", views.LocalityList.as_view(), name="localities"),
    path("v1/fields/", views.FieldList.as_view(), name="fields"),
    path("v1/petitions/", views.PetitionCreate.as_view(), name="petition-create"),
    path("v1/cases/", views.CaseList.as_view(), name="case-list"),
    path("v1/cases/<str:reference>/", views.CaseDetail.as_view(), name="case-detail"),
    # One route per transition, for the schema to type its body; one name for them all.
    *(
        path(
            f"v1/cases/<str:reference>/transitions/{name}/",
            views.transition_view(name),
            name="case-transition",
        )
        for name in TRANSITION_BODIES
    ),
    path(
        "v1/cases/<str:reference>/transitions/<str:name>/",
        views.CaseTransition.as_view(),
        name="case-transition",
    ),
    path("v1/track/<str:code>/", views.Track.as_view(), name="track"),
    path("v1/reports/periodic/", reports.PeriodicReportView.as_view(), name="report-periodic"),
]
