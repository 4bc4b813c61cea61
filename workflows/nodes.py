"""The node of a person's step on a case."""

from collections.abc import Callable, Iterable

from viewflow.workflow import nodes


class CaseStep(nodes.View):
    """A step someone takes on a case; it is open while the case is in `status`.

    The step is completed by one of `transitions` of the case (`cases.services.
    case_transition`), however it was taken: from the step's buttons or through the API.
    `Permission(rule, roles=...)` names who may take the step: `rule(case, user)` is the
    predicate of `cases.permissions`, and `roles` the roles in whose unit queue it waits.
    """

    def __init__(self, *, status: str, transitions: Iterable[str]):
        # Our pages act through `workflows.services`, not viewflow's task views.
        super().__init__(view=None)
        self.status = status
        self.transitions = tuple(transitions)
        self.rule: Callable | None = None
        self.roles: tuple[str, ...] = ()

    def Permission(self, rule: Callable, *, roles: Iterable[str]) -> "CaseStep":
        self.rule = rule
        self.roles = tuple(roles)
        return self

    def allows(self, user, case) -> bool:
        return self.rule is not None and self.rule(case, user)

    def can_assign(self, user, task) -> bool:
        return task.owner_id is None and self.allows(user, task.process.caseprocess.case)

    def can_execute(self, user, task) -> bool:
        return task.owner_id == user.pk and self.allows(user, task.process.caseprocess.case)


def step_left_case_in(*statuses: str) -> Callable:
    """Return a gateway condition: the step just completed left the case in one of `statuses`.

    The completed step records the status its transition led to, so that a flow catching
    up on several events routes each step as it happened, not by the case's latest state.
    """

    def condition(activation) -> bool:
        return any(
            task.data.get("to_status") in statuses for task in activation.task.previous.all()
        )

    return condition
