from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.periodic, name="periodic"),
    path("periodic.xlsx", views.periodic_xlsx, name="periodic_xlsx"),
    path("periodic.pdf", views.periodic_pdf, name="periodic_pdf"),
    path("localities/", views.localities, name="localities"),
]
