"""The people of a petition as typed at intake or as revealed, free of storage."""

from dataclasses import dataclass

# Shorter values (initials, a house number) would redact ordinary words.
MIN_SECRET_LENGTH = 3


@dataclass(frozen=True)
class PetitionerData:
    """One person as typed at intake, or as revealed."""

    full_name: str
    phone: str = ""
    address: str = ""
    id_number: str = ""
    email: str = ""

    def secrets(self) -> list[str]:
        """Return the values that identify the person, to be redacted from free text."""
        values = [self.full_name, self.phone, self.address, self.id_number, self.email]
        # "Thị Hoa" names Nguyễn Thị Hoa too; a lone given name ("Hoa") is too common a word.
        given = self.full_name.split()[1:]
        if len(given) >= 2:
            values.append(" ".join(given))
        return [value.strip() for value in values if len(value.strip()) >= MIN_SECRET_LENGTH]


@dataclass(frozen=True)
class Identity:
    """Who sent a petition, and its subject and content as received."""

    petitioner: PetitionerData | None
    representatives: tuple[PetitionerData, ...]
    subject: str
    content: str

    @property
    def people(self) -> list[PetitionerData]:
        return [person for person in (self.petitioner, *self.representatives) if person]

    @property
    def addressee(self) -> PetitionerData | None:
        """The person a letter goes to: the petitioner, else the first representative."""
        people = self.people
        return people[0] if people else None


def plain_person(petitioner) -> PetitionerData:
    """Return the person held in a petitioner's plain columns."""
    return PetitionerData(
        full_name=petitioner.full_name,
        phone=petitioner.phone,
        address=petitioner.address,
        id_number=petitioner.id_number,
        email=petitioner.email,
    )


def in_order(people) -> list:
    """Return petitioners in the order they were registered."""
    return sorted(people, key=lambda person: person.pk)
