from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from staff.access import home_for


@login_required
def home(request):
    """Send each user to the screen their role starts on."""
    target = home_for(request.user)
    if target == "staff:no_role":
        return render(request, "staff/no_role.html")
    return redirect(target)
