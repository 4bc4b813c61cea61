import io

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from search.relevance import CorpusNotLoadable, format_table, load_corpus, run_relevance


class Command(BaseCommand):
    help = (
        "Load the fixed Vietnamese relevance corpus into this (empty) database, run the "
        "relevance queries and print, per query, what was expected, the top 5 and whether it "
        "passed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reindex",
            action="store_true",
            help="Then run search_reindex and check that every query finds the same, in order.",
        )
        parser.add_argument(
            "--strict", action="store_true", help="Exit with an error when any query fails."
        )

    def handle(self, *args, reindex: bool, strict: bool, **options):
        try:
            corpus = load_corpus()
        except CorpusNotLoadable as exc:
            raise CommandError(str(exc)) from exc
        results = run_relevance(corpus)
        self.stdout.write(format_table(results))
        failed = [result for result in results if not result.passed]
        if reindex:
            call_command("search_reindex", verbosity=0, stdout=io.StringIO())
            changed = [
                f"{before.text!r}: {before.found} then {after.found}"
                for before, after in zip(results, run_relevance(corpus), strict=True)
                if before.found != after.found
            ]
            self.stdout.write(
                "after search_reindex: "
                + ("every query finds the same cases" if not changed else "; ".join(changed))
            )
            if strict and changed:
                raise CommandError(f"{len(changed)} queries found other cases after the rebuild.")
        if strict and failed:
            raise CommandError(f"{len(failed)} of {len(results)} relevance queries failed.")
