import time

from django.core.management.base import BaseCommand

from search.services import outbox_deliver


class Command(BaseCommand):
    help = "Deliver pending case changes to the search engine, in order, retrying with backoff."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Keep delivering until stopped (a worker)."
        )
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between rounds.")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, loop: bool, interval: float, batch_size: int, **options):
        while True:
            delivery = outbox_deliver(batch_size=batch_size)
            if delivery.delivered or delivery.failed or not loop:
                self.stdout.write(
                    f"delivered {delivery.delivered}, waiting {delivery.failed}"
                    + (f" ({delivery.error})" if delivery.error else "")
                )
            if not loop:
                return
            time.sleep(interval)
