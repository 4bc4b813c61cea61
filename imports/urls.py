from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("commit/", views.commit, name="commit"),
    path("done/", views.done, name="done"),
]
