"""Re-encrypt every protected identity with the first key of IDENTITY_ENCRYPTION_KEYS.

Rotation: put the new key first (old keys after it, so existing tokens still decrypt), run
this command, then remove the old keys.
"""

from django.core.management.base import BaseCommand

from cases.identity import rotate_identity_keys


class Command(BaseCommand):
    help = "Re-encrypt protected identities, texts and attachments with the first key."

    def handle(self, *args, **options):
        counts = rotate_identity_keys()
        self.stdout.write(
            f"Re-encrypted {counts['identities']} identities, {counts['texts']} texts and "
            f"{counts['attachments']} attachments with the first key."
        )
