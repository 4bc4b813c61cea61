"""Password rules whose messages Django's own Vietnamese catalogue does not translate yet."""

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.utils.translation import ngettext


class TranslatedMinimumLengthValidator(MinimumLengthValidator):
    """Django's rule, with a message our catalogue carries (Django 5.2 reworded its own)."""

    def get_error_message(self):
        return ngettext(
            "This password is too short: it needs at least %(min_length)d character.",
            "This password is too short: it needs at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
