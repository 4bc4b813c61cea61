from cases.models import Status, Unit
from cases.selectors import cases_visible_to

from .factories import case_in


def test_moving_a_unit_moves_its_subtree_and_the_leaders_reach(world):
    case = case_in(world, Status.RECEIVED)
    hamlet_office = Unit.objects.create(
        code="to-dan-pho", name="Tổ dân phố 1", parent=world.commune
    )
    assert case in cases_visible_to(world.province_leader)
    assert case not in cases_visible_to(world.other_leader)

    world.commune.parent = world.other_commune
    world.commune.save()

    hamlet_office.refresh_from_db()
    assert hamlet_office.path == "/ubnd-tinh/ubnd-xa-b/ubnd-xa-a/to-dan-pho/"
    world.other_leader.unit.refresh_from_db()
    assert case in cases_visible_to(type(world.other_leader).objects.get(pk=world.other_leader.pk))
    assert case in cases_visible_to(world.province_leader)
