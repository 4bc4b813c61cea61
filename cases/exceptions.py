"""The errors a case operation can end in; the API maps each to one HTTP status."""

from django.utils.translation import gettext_lazy as _


class CaseError(Exception):
    default_message = _("The case operation failed.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class CaseNotFound(CaseError):
    """Absent, or out of the user's reach (which must look the same)."""

    default_message = _("No such case.")


class NotAllowedInState(CaseError):
    """The case's current state does not allow this transition."""

    default_message = _("This action is not allowed in the case's current state.")


class NotPermitted(CaseError):
    """The user's role does not allow this action on this case."""

    default_message = _("You are not permitted to take this action.")


class CaseConflict(CaseError):
    """Someone else changed the case since the user last read it."""

    default_message = _("The case was changed by someone else. Reload it and try again.")


class UnknownTransition(CaseError):
    default_message = _("There is no such action.")


class InvalidInput(CaseError):
    """Fields are missing or wrong; `errors` maps each field to its messages."""

    default_message = _("Some fields are missing or invalid.")

    def __init__(self, errors: dict[str, list[str]], message=None):
        self.errors = errors
        super().__init__(message)
