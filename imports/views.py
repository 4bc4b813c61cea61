"""The administrator's page: upload a register, read the dry run's report, then import."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.models import Unit
from cases.permissions import may_import_registers
from common.access import requires

from . import pending
from .forms import UploadForm
from .reading import UnreadableFile
from .services import import_register

# The page lists this many errors; the summary counts them all.
SHOWN_ERRORS = 1000


def _run(kept: dict, *, actor, commit: bool):
    unit = Unit.objects.filter(pk=kept["unit"]).first() if kept["unit"] else None
    with pending.open_file(kept) as stream:
        return import_register(
            stream,
            mapping=kept["mapping"],
            unit=unit,
            actor=actor,
            commit=commit,
            name=kept["name"],
        )


def _render(request, form, *, kept=None, report=None, problem="", status=200):
    return render(
        request,
        "imports/upload.html",
        {
            "form": form,
            "problem": problem,
            "kept": kept,
            "report": report,
            "errors": report.errors[:SHOWN_ERRORS] if report else [],
        },
        status=status,
    )


@requires(may_import_registers)
def upload(request):
    """Check an uploaded register (a dry run: nothing is written) and show its report."""
    if request.method != "POST":
        return _render(request, UploadForm(initial={"unit": request.user.unit_id}))
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, form, status=400)
    data = form.cleaned_data
    pending.keep(
        request.session,
        data["register"],
        mapping=data["mapping"],
        unit_id=data["unit"].pk if data["unit"] else None,
    )
    kept = request.session[pending.SESSION_KEY]
    try:
        report = _run(kept, actor=request.user, commit=False)
    except UnreadableFile as exc:
        pending.discard(request.session)
        form.add_error("register", str(exc))
        return _render(request, form, status=400)
    return _render(request, UploadForm(initial={"unit": kept["unit"]}), kept=kept, report=report)


@require_POST
@requires(may_import_registers)
def commit(request):
    """Import the valid rows of the register checked just before, in this session."""
    kept = pending.held(request.session, request.POST.get("token", ""))
    if kept is None:
        return _render(
            request,
            UploadForm(initial={"unit": request.user.unit_id}),
            problem=_("Upload the register again: the checked file is gone."),
            status=400,
        )
    report = _run(kept, actor=request.user, commit=True)
    pending.discard(request.session)
    request.session["imports.done"] = {
        "name": kept["name"],
        "imported": report.imported,
        "skipped": report.already_imported,
        "errors": report.error_rows,
    }
    return redirect("staff:imports:done")


@requires(may_import_registers)
def done(request):
    result = request.session.get("imports.done")
    if result is None:
        return redirect("staff:imports:upload")
    return render(request, "imports/done.html", {"result": result})
