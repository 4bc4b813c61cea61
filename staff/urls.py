from django.urls import include, path

from .models import DocumentKind
from .views import book, case, dashboard, desk, documents, forwarded, home, inbox, search, sessions

FORMATS = ("pdf", "docx")
# A case's documents, each at /staff/cases/<reference>/<document>/<format>/.
CASE_DOCUMENTS = {
    DocumentKind.ACCEPTANCE: "acceptance",
    DocumentKind.FORWARDING_SLIP: "forwarding-slip",
    DocumentKind.FORWARDING_NOTICE: "forwarding-notice",
    DocumentKind.GUIDANCE: "guidance",
    DocumentKind.LETTER: "letter",
    DocumentKind.VERIFICATION_FILE: "verification-file",
}

app_name = "staff"
urlpatterns = [
    path("", home.home, name="home"),
    path("", include("accounts.urls")),
    path("desk/", desk.desk, name="desk"),
    path("desk/duplicates/", desk.duplicates, name="duplicates"),
    path("receipts/<str:code>/", desk.receipt, name="receipt"),
    *(
        path(f"receipts/<str:code>/{fmt}/", desk.receipt_file, {"fmt": fmt}, name=f"receipt_{fmt}")
        for fmt in FORMATS
    ),
    path("book/", book.book, name="book"),
    path("book/xlsx/", book.book_xlsx, name="book_xlsx"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("tasks/<int:pk>/take/", inbox.task_take_view, name="task_take"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("forwarded/", forwarded.forwarded, name="forwarded"),
    path("sessions/", sessions.sessions, name="sessions"),
    path("sessions/<int:pk>/", sessions.session_change, name="session_change"),
    path("search/", search.search, name="search"),
    path("cases/<str:reference>/", case.case_detail, name="case"),
    path("cases/<str:reference>/actions/<str:name>/", case.case_action, name="case_action"),
    path("cases/<str:reference>/attachments/<int:pk>/", case.attachment, name="attachment"),
    *(
        path(
            f"cases/<str:reference>/{slug}/{fmt}/",
            documents.case_document,
            {"kind": kind, "fmt": fmt},
            name=f"{kind}_{fmt}",
        )
        for kind, slug in CASE_DOCUMENTS.items()
        for fmt in FORMATS
    ),
    path("imports/", include("imports.urls")),
]
