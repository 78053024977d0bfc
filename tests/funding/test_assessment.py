"""Assessing the fund's applications: criteria, assessors, conflicts, scores, comments, flags and the ranking."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from funding import services
from funding.models import Assignment, CommentRevision, Criterion, FlagStep, Score
from tests.factories.funding_assessment import (
    RoundFactory,
    SubmittedApplicationFactory,
    make_assessor,
    make_editor,
    make_manager,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return make_manager(username="maya")


@pytest.fixture
def ada():
    return make_assessor(username="ada")


@pytest.fixture
def ben():
    return make_assessor(username="ben")


@pytest.fixture
def application():
    return SubmittedApplicationFactory(title="Shared bin collections")


def ready(assignment):
    services.declare_conflict(assignment, user=assignment.assessor, has_conflict=False)
    return assignment


def score_all(assignment, values, justification="Because."):
    criteria = services.criteria_for(assignment.application.round)
    services.record_scores(
        assignment,
        user=assignment.assessor,
        scores={c.pk: (value, f"{justification} {c.name}") for c, value in zip(criteria, values, strict=True)},
    )


# Roles


def test_the_groups_hold_the_permissions_of_their_roles(manager, ada):
    editor = make_editor()
    assert services.is_manager(manager) and not services.is_assessor(manager)
    assert services.is_assessor(ada) and not services.is_manager(ada)
    assert not services.may_see_bids(editor)
    assert manager.has_perm("core.view_upload") and not ada.has_perm("core.view_upload")


# Criteria


def test_a_round_without_criteria_gets_the_default_set_totalling_100(application):
    round_ = application.round
    criteria = services.criteria_for(round_)
    assert [(c.name, c.weight) for c in criteria] == [
        ("Strategic fit", Decimal("30")),
        ("User need", Decimal("20")),
        ("Deliverability", Decimal("20")),
        ("Value for money", Decimal("15")),
        ("Reuse and openness", Decimal("15")),
    ]
    assert services.criteria_for(round_) == criteria  # asked again, not made again
    assert Criterion.objects.count() == 5


def rows_of(criteria, **weights):
    return [{"id": c.pk, "name": c.name, "weight": weights.get(c.name, c.weight)} for c in criteria]


@pytest.mark.parametrize(
    ("user_need", "accepted"), [(Decimal("19.99"), False), (Decimal("20.00"), True), (Decimal("20.01"), False)]
)
def test_weights_must_total_exactly_100(application, manager, user_need, accepted):
    criteria = services.criteria_for(application.round)
    rows = rows_of(criteria, **{"User need": user_need})
    if accepted:
        services.set_criteria(application.round, rows, user=manager)
    else:
        with pytest.raises(ValidationError, match="must add up to 100%"):
            services.set_criteria(application.round, rows, user=manager)


def test_a_manager_changes_weights_before_scoring_and_another_round_keeps_its_own(application, manager):
    other_round = SubmittedApplicationFactory().round
    other = services.criteria_for(other_round)
    criteria = services.criteria_for(application.round)
    rows = rows_of(criteria, **{"Strategic fit": Decimal("40"), "Value for money": Decimal("5")})
    services.set_criteria(application.round, rows, user=manager)
    assert [c.weight for c in application.round.criteria.all()] == [40, 20, 20, 5, 15]
    assert [c.weight for c in other_round.criteria.all()] == [c.weight for c in other]
    assert ModelLogEntry.objects.filter(action="funding.assessment.criteria", user=manager).count() == 1


def test_criteria_are_locked_once_anyone_scores(application, manager, ada):
    assignment = ready(services.assign_assessor(application, ada, user=manager))
    criteria = services.criteria_for(application.round)
    services.record_scores(assignment, user=ada, scores={criteria[0].pk: (4, "Strong fit with the strategy.")})
    with pytest.raises(ValidationError, match="locked"):
        services.set_criteria(application.round, rows_of(criteria), user=manager)


def test_only_managers_set_criteria(application, ada):
    criteria = services.criteria_for(application.round)
    with pytest.raises(PermissionDenied):
        services.set_criteria(application.round, rows_of(criteria), user=ada)


# Weighted scores


def test_the_weighted_score_is_the_sum_of_score_times_weight_over_100_exactly(application):
    criteria = services.criteria_for(application.round)  # 30, 20, 20, 15, 15
    values = dict(zip([c.pk for c in criteria], [5, 4, 3, 2, 1], strict=True))
    # (5×30 + 4×20 + 3×20 + 2×15 + 1×15) / 100 = 335 / 100
    assert services.weighted_score(values, criteria) == Decimal("3.35")
    odd = [Criterion(pk=1, weight=Decimal("33.33")), Criterion(pk=2, weight=Decimal("33.33")),
           Criterion(pk=3, weight=Decimal("33.34"))]  # fmt: skip
    assert services.weighted_score({1: 5, 2: 4, 3: 4}, odd) == Decimal("4.3333")
    assert services.weighted_score({1: 5, 2: 4}, odd) is None  # not every criterion scored


# Assigning


def test_a_manager_assigns_two_different_assessors_and_no_more(application, manager, ada, ben):
    bystander = SubmittedApplicationFactory()
    services.assign_assessor(application, ada, user=manager)
    with pytest.raises(ValidationError, match="already assessing"):
        services.assign_assessor(application, ada, user=manager)
    services.assign_assessor(application, ben, user=manager)
    with pytest.raises(ValidationError, match="already has 2 assessors"):
        services.assign_assessor(application, make_assessor(username="cy"), user=manager)
    assert services.active_assignments(application).count() == 2
    assert not bystander.assignments.exists()
    entry = ModelLogEntry.objects.filter(action="funding.assessment.assign").order_by("pk").first()
    assert entry.user == manager and entry.data == {"assessor": "Ada Staff"}


def test_only_members_of_fund_assessors_can_be_assigned_and_only_by_managers(application, manager, ada):
    with pytest.raises(ValidationError, match="not in the Fund assessors group"):
        services.assign_assessor(application, make_editor(), user=manager)
    with pytest.raises(PermissionDenied):
        services.assign_assessor(application, ada, user=make_assessor(username="cy"))


def test_declaring_a_conflict_hands_the_bid_back_for_someone_else(application, manager, ada, ben):
    assignment = services.assign_assessor(application, ada, user=manager)
    services.declare_conflict(assignment, user=ada, has_conflict=True, details="I advise the lead council.")
    assignment.refresh_from_db()
    assert assignment.ended_at and assignment.ended_because == Assignment.Ended.CONFLICT
    assert assignment.conflict_declaration.details == "I advise the lead council."
    assert services.active_assignments(application).count() == 0
    with pytest.raises(ValidationError, match="declared a conflict"):
        services.assign_assessor(application, ada, user=manager)
    services.assign_assessor(application, ben, user=manager)
    with pytest.raises(PermissionDenied):
        score_all(assignment, [3, 3, 3, 3, 3])


def test_an_assessor_cannot_score_before_declaring_no_conflict(application, manager, ada):
    assignment = services.assign_assessor(application, ada, user=manager)
    with pytest.raises(PermissionDenied):
        score_all(assignment, [3, 3, 3, 3, 3])
    ready(assignment)
    score_all(assignment, [3, 3, 3, 3, 3])
    assert assignment.scores.count() == 5


# Scoring


def test_a_re_score_adds_a_row_and_the_latest_counts(application, manager, ada):
    assignment = ready(services.assign_assessor(application, ada, user=manager))
    criteria = services.criteria_for(application.round)
    score_all(assignment, [3, 3, 3, 3, 3])
    services.record_scores(assignment, user=ada, scores={criteria[0].pk: (5, "On reflection, a very strong fit.")})
    services.record_scores(assignment, user=ada, scores={criteria[1].pk: (3, "Because. User need")})  # unchanged
    assert Score.objects.filter(assignment=assignment).count() == 6
    latest = services.latest_scores(assignment)
    assert latest[criteria[0].pk].value == 5
    assert list(assignment.scores.filter(criterion=criteria[0]).values_list("value", flat=True)) == [3, 5]


def test_a_justification_is_required(application, manager, ada):
    assignment = ready(services.assign_assessor(application, ada, user=manager))
    criterion = services.criteria_for(application.round)[0]
    with pytest.raises(ValidationError, match="Explain your score for Strategic fit"):
        services.record_scores(assignment, user=ada, scores={criterion.pk: (4, "   ")})
    assert not Score.objects.exists()


def test_an_assessor_finishes_only_with_every_criterion_scored(application, manager, ada):
    assignment = ready(services.assign_assessor(application, ada, user=manager))
    criteria = services.criteria_for(application.round)
    services.record_scores(assignment, user=ada, scores={criteria[0].pk: (4, "Good.")})
    with pytest.raises(ValidationError, match="Not scored: User need, Deliverability"):
        services.finish_assessment(assignment, user=ada)
    score_all(assignment, [4, 4, 4, 4, 4])
    services.finish_assessment(assignment, user=ada)
    assignment.refresh_from_db()
    assert assignment.finished_at


def test_another_assessors_scores_stay_hidden_until_both_have_finished(application, manager, ada, ben):
    first = ready(services.assign_assessor(application, ada, user=manager))
    second = ready(services.assign_assessor(application, ben, user=manager))
    score_all(first, [5, 5, 5, 5, 5])
    services.finish_assessment(first, user=ada)
    assert not services.others_visible_to(ada, application)
    assert not services.others_visible_to(ben, application)
    score_all(second, [2, 2, 2, 2, 2])
    services.finish_assessment(second, user=ben)
    assert services.others_visible_to(ada, application)
    assert services.others_visible_to(ben, application)
    assert services.others_visible_to(manager, application)
    assert not services.others_visible_to(make_assessor(username="cy"), application)  # not assigned


def test_a_manager_checks_a_finished_assessment_once(application, manager, ada):
    assignment = ready(services.assign_assessor(application, ada, user=manager))
    with pytest.raises(ValidationError, match="Only a finished assessment"):
        services.check_assessment(assignment, user=manager)
    score_all(assignment, [4, 4, 4, 4, 4])
    services.finish_assessment(assignment, user=ada)
    with pytest.raises(PermissionDenied):
        services.check_assessment(assignment, user=ada)
    services.check_assessment(assignment, user=manager)
    assignment.refresh_from_db()
    assert assignment.checked_by == manager
    with pytest.raises(ValidationError, match="already been checked"):
        services.check_assessment(assignment, user=manager)


# Comments and flags


def test_a_comment_keeps_its_edits_and_only_its_author_edits_it(application, manager, ada, ben):
    ready(services.assign_assessor(application, ada, user=manager))
    criterion = services.criteria_for(application.round)[1]
    comment = services.add_comment(application, criterion, user=ada, text="The evidence of need is thin.")
    services.edit_comment(comment, user=ada, text="The evidence of need is thin outside London.")
    with pytest.raises(PermissionDenied):
        services.edit_comment(comment, user=manager, text="Overwritten")
    assert list(CommentRevision.objects.filter(comment=comment).values_list("text", flat=True)) == [
        "The evidence of need is thin.",
        "The evidence of need is thin outside London.",
    ]
    with pytest.raises(PermissionDenied):  # not assigned
        services.add_comment(application, criterion, user=ben, text="Hello")


def test_a_flag_is_raised_stopped_or_resolved_each_step_recorded(application, manager, ada):
    ready(services.assign_assessor(application, ada, user=manager))
    flag = services.raise_flag(application, user=ada, reason="The budget counts one cost twice.")
    with pytest.raises(PermissionDenied):
        services.close_flag(flag, user=ada, action=FlagStep.Action.RESOLVED)
    services.close_flag(flag, user=manager, action=FlagStep.Action.RESOLVED, note="Asked the lead; corrected.")
    with pytest.raises(ValidationError, match="already been stopped or resolved"):
        services.close_flag(flag, user=ada, action=FlagStep.Action.STOPPED)
    steps = list(flag.steps.values_list("action", "user__username"))
    assert steps == [("raised", "ada"), ("resolved", "maya")]
    other = services.raise_flag(application, user=ada, reason="Duplicate of another bid?")
    services.close_flag(other, user=ada, action=FlagStep.Action.STOPPED, note="No, it is not.")
    assert services.flag_state(other) == "stopped"
    assert ModelLogEntry.objects.filter(action__startswith="funding.assessment.flag").count() == 4


# The ranking


def finished(application, assessor, manager, values, *, check=True):
    assignment = ready(services.assign_assessor(application, assessor, user=manager))
    score_all(assignment, values)
    services.finish_assessment(assignment, user=assessor)
    if check:
        services.check_assessment(assignment, user=manager)
    return assignment


def test_the_ranking_orders_by_mean_of_checked_scores_with_disagreements_and_a_running_total(manager, ada, ben):
    round_ = RoundFactory(total_budget=Decimal("100000.00"))
    top = SubmittedApplicationFactory(round=round_, amount_requested=Decimal("60000.00"), title="Top")
    middle = SubmittedApplicationFactory(round=round_, amount_requested=Decimal("40000.00"), title="Middle")
    last = SubmittedApplicationFactory(round=round_, amount_requested=Decimal("0.01"), title="Last")
    unchecked = SubmittedApplicationFactory(round=round_, amount_requested=Decimal("10000.00"), title="Unchecked")
    SubmittedApplicationFactory(amount_requested=Decimal("99999.00"))  # another round's: a bystander

    finished(top, ada, manager, [5, 5, 4, 4, 3])  # 150+100+80+60+45 = 435 → 4.35
    finished(top, ben, manager, [5, 3, 4, 4, 3])  # 150+60+80+60+45 = 395 → 3.95; user need 2 apart
    finished(middle, ada, manager, [4, 4, 4, 4, 4])  # 4.00
    finished(middle, ben, manager, [3, 4, 4, 4, 4])  # 3.70
    finished(last, ada, manager, [1, 1, 1, 1, 1])  # 1.00
    finished(unchecked, ada, manager, [5, 5, 5, 5, 5], check=False)

    rows = services.ranking(round_)
    assert [row.application.title for row in rows] == ["Top", "Middle", "Last", "Unchecked"]
    assert [row.mean for row in rows] == [Decimal("4.15"), Decimal("3.85"), Decimal("1.00"), None]
    assert [weighted for _, weighted, _ in rows[0].assessments] == [Decimal("4.35"), Decimal("3.95")]
    assert [row.running_total for row in rows] == [
        Decimal("60000.00"), Decimal("100000.00"), Decimal("100000.01"), Decimal("110000.01")
    ]  # fmt: skip
    assert [row.within_budget for row in rows] == [True, True, False, False]  # £100,000 exactly is within
    [(criterion, first, second)] = rows[0].disagreements
    assert criterion.name == "User need" and (first.value, second.value) == (5, 3)
    assert first.justification == "Because. User need"
    assert rows[1].disagreements == []  # one point apart is not a disagreement
