"""Reads of the import: which register rows the database holds already."""

from collections.abc import Iterable

from django.db import connection

from cases.models import Petition


def imported_numbers(keys: Iterable[tuple[int, str]]) -> set[tuple[int, str]]:
    """Return which of these (register unit id, register number) pairs a petition has."""
    keys = set(keys)
    if not keys:
        return set()
    if connection.vendor != "postgresql":
        units, numbers = zip(*keys, strict=True)
        found = Petition.objects.filter(
            external_unit__in=set(units), external_number__in=set(numbers)
        ).values_list("external_unit", "external_number")
        return keys.intersection(found)
    # One probe of the unique index per pair. Filtering on lists of units and of numbers
    # instead reads every petition of those units, a batch at a time, as the table grows;
    # the condition on the number is the index's own, which lets the planner use it.
    table = Petition._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.external_unit_id, p.external_number"
            " FROM unnest(%s::bigint[], %s::text[]) AS k (unit_id, number)"
            f" JOIN {table} p ON p.external_unit_id = k.unit_id AND p.external_number = k.number"
            " WHERE NOT (p.external_number = '')",
            [[unit for unit, _number in keys], [number for _unit, number in keys]],
        )
        return set(cursor.fetchall())
