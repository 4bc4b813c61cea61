"""Store ID numbers and phones in the people rule's normal form, and digest that form.

Before cases.people, the desk kept a phone as typed ("0912 345 678", "+84 912 345 678") and the
digests read "84…" of an ID number as a country code. Exact duplicate hints and the digests
now use the normal form, so the stored values and digests follow it. A value the rule refuses
is left as it was: it still matches itself.
"""

from django.db import migrations


def normalise(apps, schema_editor):
    from django.conf import settings

    from cases import people
    from cases.identity.encryption import person_digests, unseal
    from cases.identity.people import PetitionerData

    Petitioner = apps.get_model("cases", "Petitioner")
    ProtectedIdentity = apps.get_model("cases", "ProtectedIdentity")

    def normal(rule, value):
        try:
            return rule(value)
        except people.NotValid:
            return value

    for petitioner in Petitioner.objects.exclude(phone="", id_number="").iterator():
        phone = normal(people.normal_phone, petitioner.phone)
        id_number = normal(people.normal_id_number, petitioner.id_number)
        if (phone, id_number) != (petitioner.phone, petitioner.id_number):
            Petitioner.objects.filter(pk=petitioner.pk).update(phone=phone, id_number=id_number)

    rows = ProtectedIdentity.objects.all()
    if not rows.exists():
        return
    key = settings.IDENTITY_ENCRYPTION_KEYS[0]
    for row in rows.iterator():
        person = PetitionerData(**unseal(row.sealed))
        ProtectedIdentity.objects.filter(pk=row.pk).update(**person_digests(person, key))


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_administrators_manage_reception_days")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
