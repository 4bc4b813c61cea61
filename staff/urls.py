from django.urls import include, path

from .views import book, case, dashboard, desk, home, inbox, search

app_name = "staff"
urlpatterns = [
    path("", home.home, name="home"),
    path("", include("accounts.urls")),
    path("desk/", desk.desk, name="desk"),
    path("desk/duplicates/", desk.duplicates, name="duplicates"),
    path("receipts/<str:code>/", desk.receipt, name="receipt"),
    path("receipts/<str:code>/pdf/", desk.receipt_pdf_view, name="receipt_pdf"),
    path("book/", book.book, name="book"),
    path("book/xlsx/", book.book_xlsx, name="book_xlsx"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("tasks/<int:pk>/take/", inbox.task_take_view, name="task_take"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("search/", search.search, name="search"),
    path("cases/<str:reference>/", case.case_detail, name="case"),
    path("cases/<str:reference>/actions/<str:name>/", case.case_action, name="case_action"),
    path("cases/<str:reference>/attachments/<int:pk>/", case.attachment, name="attachment"),
    path("cases/<str:reference>/letter/", case.letter, name="letter"),
    path(
        "cases/<str:reference>/verification-file/",
        case.verification_file,
        name="verification_file",
    ),
    path("imports/", include("imports.urls")),
]
