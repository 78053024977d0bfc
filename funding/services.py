"""The fund's actions, each a function named as staff and applicants would say it.

Views, admin actions and periodic work call these; states change only here,
through the workflows in funding.workflow. Other apps are asked only through
their services (`declaration.services.is_signatory`).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Prefetch, Q, Value
from django.db.models.functions import Concat
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import Truncator, slugify
from wagtail.log_actions import log

from core.formatting import format_datetime
from notifications.bulk import Recipient, create_mailing
from notifications.models import Mailing
from notifications.services import send_email

from .models import (
    DEFAULT_CRITERIA,
    Application,
    ApplicationStatus,
    AssessmentComment,
    Assignment,
    CommentRevision,
    ConflictDeclaration,
    Criterion,
    Decision,
    DecisionOutcome,
    ExpressionOfInterest,
    Flag,
    FlagStep,
    FundPage,
    Grant,
    ProjectIndexPage,
    ProjectPage,
    Round,
    Score,
)
from .sign_in import SIGN_IN

# Rounds ----------------------------------------------------------------------


# Signing in and the applicant's bids ------------------------------------------


def send_sign_in_link(request, email: str) -> None:
    """Email a link to sign in to the fund (cancelling any older one). Raises core.links.TooManyLinks."""
    email = email.strip().lower()
    url = SIGN_IN.issue(request, email)
    hours = int(SIGN_IN.lifetime.total_seconds() // 3600)
    send_email(
        to=email,
        subject="Sign in to the Local Digital Fund",
        template="funding/sign_in",
        context={"url": url, "lifetime": f"{hours} hour{'s' if hours != 1 else ''}"},
    )


def bids_of(email: str) -> dict:
    """What one applicant may see: the expressions of interest they sent and the applications they lead or
    were added to, newest first. Nobody else's."""
    email = email.strip().lower()
    return {
        "expressions_of_interest": list(
            ExpressionOfInterest.objects.filter(contact_email__iexact=email).select_related(
                "round", "lead_organisation"
            )
        ),
        "applications": list(
            Application.objects.filter(
                Q(expression_of_interest__contact_email__iexact=email) | Q(collaborators__email=email)
            )
            .distinct()
            .select_related("expression_of_interest__round")
        ),
    }


# Expressions of interest ------------------------------------------------------


# Decisions on expressions of interest -----------------------------------------


# Applications -----------------------------------------------------------------


# Assessment and decisions -----------------------------------------------------
#
# Fund managers ("funding.manage_assessment") assign, check, moderate, decide,
# notify and export; Fund assessors ("funding.assess_application") see and
# score only the applications assigned to them. Each action checks who is
# acting, records a row of its own and writes a line of the application's
# history (`log`). The rules:
#
# - a round's criteria are created from DEFAULT_CRITERIA when it has none; their weights total 100;
#   they are locked once any score exists for the round;
# - an application has at most two active assessors, never the same one twice;
# - an assessor declares a conflict of interest (or none) before scoring; a conflict hands the bid back;
# - scores are rows: a re-score adds one, the latest counts; another assessor's scores and comments stay
#   hidden from an assessor until every active assessor of the bid has finished;
# - a manager's quality check makes an assessment count in the ranking;
# - a decision can change until the round's applicants are notified, and is refused afterwards.

CAPACITY = 2  # assessors per application
DISAGREEMENT = 2  # points apart on a criterion
ASSESSORS_GROUP = "Fund assessors"
MANAGERS_GROUP = "Fund managers"
TOTAL_WEIGHT = Decimal("100")


def is_manager(user) -> bool:
    return bool(user and user.is_active and user.has_perm("funding.manage_assessment"))


def is_assessor(user) -> bool:
    return bool(user and user.is_active and user.has_perm("funding.assess_application"))


def may_see_bids(user) -> bool:
    return is_manager(user) or is_assessor(user)


def _require_manager(user) -> None:
    if not is_manager(user):
        raise PermissionDenied("Only fund managers can do this.")


# Criteria


def criteria_for(round_: Round) -> list[Criterion]:
    """The round's criteria, in order; the default set is created for a round that has none."""
    criteria = list(round_.criteria.all())
    if criteria:
        return criteria
    with transaction.atomic():
        Round.objects.select_for_update().get(pk=round_.pk)
        if not round_.criteria.exists():
            Criterion.objects.bulk_create(
                Criterion(round=round_, name=name, weight=weight, sort_order=order)
                for order, (name, weight) in enumerate(DEFAULT_CRITERIA)
            )
    return list(round_.criteria.all())


def criteria_locked(round_: Round) -> bool:
    """Criteria cannot change once anyone has scored an application in the round."""
    return Score.objects.filter(criterion__round=round_).exists()


def set_criteria(round_: Round, rows: list[dict], *, user) -> list[Criterion]:
    """Replace the round's criteria with `rows` ({"id": existing pk or None, "name", "weight"}, in order)."""
    _require_manager(user)
    total = sum((row["weight"] for row in rows), Decimal("0"))
    if total != TOTAL_WEIGHT:
        raise ValidationError(f"The weights must add up to 100%. They add up to {total.normalize():f}%.")
    names = [row["name"].strip().lower() for row in rows]
    if len(set(names)) != len(names):
        raise ValidationError("Give each criterion a different name.")
    with transaction.atomic():
        Round.objects.select_for_update().get(pk=round_.pk)
        if criteria_locked(round_):
            raise ValidationError("The criteria are locked: assessors have started scoring this round.")
        existing = {criterion.pk: criterion for criterion in round_.criteria.all()}
        kept = {row["id"] for row in rows if row.get("id")}
        for pk, criterion in existing.items():
            if pk not in kept:
                if criterion.comments.exists():
                    raise ValidationError(f"‘{criterion.name}’ has comments, so it cannot be removed.")
                criterion.delete()
        # Free the names first, so two criteria can swap names without breaking their uniqueness.
        Criterion.objects.filter(pk__in=kept).update(name=Concat(F("pk"), Value(" (renaming)")))
        for order, row in enumerate(rows):
            criterion = existing.get(row.get("id")) or Criterion(round=round_)
            criterion.name, criterion.weight, criterion.sort_order = row["name"].strip(), row["weight"], order
            criterion.save()
        log(
            round_,
            "funding.assessment.criteria",
            user=user,
            data={"criteria": [f"{row['name'].strip()} {row['weight'].normalize():f}%" for row in rows]},
        )
    return list(round_.criteria.all())


def weighted_score(values: dict[int, int], criteria: list[Criterion]) -> Decimal | None:
    """An assessor's weighted score out of 5: the sum of score × weight over the criteria, divided by 100.

    Exact: the weights are Decimals with two places, so the result has at most four. None until every
    criterion has a score.
    """
    if any(criterion.pk not in values for criterion in criteria) or not criteria:
        return None
    return sum((values[criterion.pk] * criterion.weight for criterion in criteria), Decimal("0")) / TOTAL_WEIGHT


# Assigning assessors


def assessor_choices():
    return User.objects.filter(is_active=True, groups__name=ASSESSORS_GROUP).order_by("first_name", "last_name")


def active_assignments(application: Application):
    return application.assignments.filter(ended_at__isnull=True).select_related("assessor")


def assign_assessor(application: Application, assessor, *, user) -> Assignment:
    """Give a submitted application to an assessor: at most two at once, never the same person twice."""
    _require_manager(user)
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != ApplicationStatus.SUBMITTED:
            raise ValidationError("Only a submitted application can be assessed.")
        if not assessor_choices().filter(pk=assessor.pk).exists():
            raise ValidationError(f"{_name(assessor)} is not in the {ASSESSORS_GROUP} group.")
        active = list(active_assignments(application))
        if any(assignment.assessor_id == assessor.pk for assignment in active):
            raise ValidationError(f"{_name(assessor)} is already assessing this application.")
        if application.assignments.filter(assessor=assessor, ended_because=Assignment.Ended.CONFLICT).exists():
            raise ValidationError(f"{_name(assessor)} declared a conflict of interest with this application.")
        if len(active) >= CAPACITY:
            raise ValidationError(f"This application already has {CAPACITY} assessors.")
        assignment = Assignment.objects.create(application=application, assessor=assessor, assigned_by=user)
        log(application, "funding.assessment.assign", user=user, data={"assessor": _name(assessor)})
    return assignment


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def assignment_for(user, pk: int) -> Assignment:
    """An assignment its assessor may open (or any, for a manager); others get Http404."""
    assignments = Assignment.objects.select_related("application__expression_of_interest__round", "assessor")
    if not is_manager(user):
        if not is_assessor(user):
            raise Http404
        assignments = assignments.filter(assessor=user)
    return get_object_or_404(assignments, pk=pk)


def assignments_of(user):
    """The applications an assessor has to assess, or has assessed."""
    return (
        Assignment.objects.filter(assessor=user, ended_at__isnull=True)
        .select_related("application__expression_of_interest__round", "conflict_declaration")
        .order_by("finished_at", "assigned_at")
    )


def declare_conflict(assignment: Assignment, *, user, has_conflict: bool, details: str = "") -> ConflictDeclaration:
    """The assessor says whether they have a conflict of interest; one hands the bid back for reassignment."""
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.assessor_id != user.pk or not assignment.active:
            raise PermissionDenied
        if ConflictDeclaration.objects.filter(assignment=assignment).exists():
            raise ValidationError("You have already made your declaration about conflicts of interest.")
        declaration = ConflictDeclaration.objects.create(
            assignment=assignment, has_conflict=has_conflict, details=details.strip()
        )
        if has_conflict:
            assignment.ended_at = timezone.now()
            assignment.ended_because = Assignment.Ended.CONFLICT
            assignment.save(update_fields=["ended_at", "ended_because"])
        log(
            assignment.application,
            "funding.assessment.conflict" if has_conflict else "funding.assessment.no_conflict",
            user=user,
            data={"details": details.strip()},
        )
    return declaration


def may_score(assignment: Assignment, user) -> bool:
    declaration = getattr(assignment, "conflict_declaration", None)
    return (
        assignment.assessor_id == user.pk
        and assignment.active
        and declaration is not None
        and not declaration.has_conflict
        and assignment.checked_at is None
    )


def latest_scores(assignment: Assignment) -> dict[int, Score]:
    """The score that counts for each criterion: the latest."""
    latest = {}
    for score in assignment.scores.order_by("scored_at", "pk"):
        latest[score.criterion_id] = score
    return latest


def record_scores(assignment: Assignment, *, user, scores: dict[int, tuple[int, str]]) -> int:
    """Store the assessor's scores ({criterion pk: (score, justification)}): a new row for each that changed.

    Returns how many rows were added. Earlier scores are kept as history.
    """
    with transaction.atomic():
        assignment = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("conflict_declaration")
            .get(pk=assignment.pk)
        )
        if not may_score(assignment, user):
            raise PermissionDenied
        criteria = {criterion.pk: criterion for criterion in criteria_for(assignment.application.round)}
        current = latest_scores(assignment)
        added = []
        for criterion_pk, (value, justification) in scores.items():
            if criterion_pk not in criteria:
                raise ValidationError("That criterion is not one of this round's.")
            justification = justification.strip()
            if not justification:
                raise ValidationError(f"Explain your score for {criteria[criterion_pk].name}.")
            previous = current.get(criterion_pk)
            if previous and previous.value == value and previous.justification == justification:
                continue
            added.append(
                Score(
                    assignment=assignment, criterion=criteria[criterion_pk], value=value, justification=justification
                )
            )
        Score.objects.bulk_create(added)
        if added:
            log(
                assignment.application,
                "funding.assessment.score",
                user=user,
                data={"scores": [f"{score.criterion.name}: {score.value}" for score in added]},
            )
    return len(added)


def finish_assessment(assignment: Assignment, *, user) -> Assignment:
    """The assessor says they have finished: every criterion needs a score."""
    with transaction.atomic():
        assignment = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("conflict_declaration")
            .get(pk=assignment.pk)
        )
        if not may_score(assignment, user):
            raise PermissionDenied
        if assignment.finished_at:
            raise ValidationError("You have already finished this assessment.")
        missing = [c.name for c in criteria_for(assignment.application.round) if c.pk not in latest_scores(assignment)]
        if missing:
            raise ValidationError(f"Score every criterion before you finish. Not scored: {', '.join(missing)}.")
        assignment.finished_at = timezone.now()
        assignment.save(update_fields=["finished_at"])
        log(assignment.application, "funding.assessment.finish", user=user, data={"assessor": _name(user)})
    return assignment


def check_assessment(assignment: Assignment, *, user) -> Assignment:
    """A manager's quality check: the finished assessment now counts in the ranking."""
    _require_manager(user)
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if not assignment.active or not assignment.finished_at:
            raise ValidationError("Only a finished assessment can be checked.")
        if assignment.checked_at:
            raise ValidationError("This assessment has already been checked.")
        assignment.checked_at, assignment.checked_by = timezone.now(), user
        assignment.save(update_fields=["checked_at", "checked_by"])
        log(
            assignment.application,
            "funding.assessment.check",
            user=user,
            data={"assessor": _name(assignment.assessor)},
        )
    return assignment


def others_visible_to(user, application: Application) -> bool:
    """Whether `user` may see every assessor's scores and comments on the application.

    Managers may. An assessor may once every active assessor of the application (two of them) has
    finished; before that each sees only their own.
    """
    if is_manager(user):
        return True
    active = list(active_assignments(application))
    return (
        any(assignment.assessor_id == user.pk for assignment in active)
        and len(active) >= CAPACITY
        and all(assignment.finished_at for assignment in active)
    )


# Comments and flags


def _may_discuss(user, application: Application) -> bool:
    if is_manager(user):
        return True
    return application.assignments.filter(
        assessor=user, ended_at__isnull=True, conflict_declaration__has_conflict=False
    ).exists()


def add_comment(application: Application, criterion: Criterion, *, user, text: str) -> AssessmentComment:
    if not _may_discuss(user, application) or criterion.round_id != application.expression_of_interest.round_id:
        raise PermissionDenied
    with transaction.atomic():
        comment = AssessmentComment.objects.create(application=application, criterion=criterion, author=user)
        CommentRevision.objects.create(comment=comment, text=text.strip())
        log(application, "funding.assessment.comment", user=user, data={"criterion": criterion.name})
    return comment


def edit_comment(comment: AssessmentComment, *, user, text: str) -> CommentRevision:
    """A new revision of the author's comment; the earlier words are kept."""
    if comment.author_id != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        revision = CommentRevision.objects.create(comment=comment, text=text.strip())
        log(
            comment.application,
            "funding.assessment.comment_edit",
            user=user,
            data={"criterion": comment.criterion.name},
        )
    return revision


def comments_visible_to(user, application: Application):
    """The comments `user` may read: all once scores are visible to them, otherwise their own."""
    comments = application.assessment_comments.select_related("criterion", "author").prefetch_related("revisions")
    if not others_visible_to(user, application):
        comments = comments.filter(author=user)
    return comments


def raise_flag(application: Application, *, user, reason: str) -> Flag:
    if not _may_discuss(user, application):
        raise PermissionDenied
    with transaction.atomic():
        flag = Flag.objects.create(application=application, reason=reason.strip(), raised_by=user)
        FlagStep.objects.create(flag=flag, action=FlagStep.Action.RAISED, note=reason.strip(), user=user)
        log(application, "funding.assessment.flag", user=user, data={"reason": reason.strip()})
    return flag


def flag_state(flag: Flag) -> str:
    steps = list(flag.steps.all())
    return steps[-1].action if steps else FlagStep.Action.RAISED


def close_flag(flag: Flag, *, user, action: str, note: str = "") -> FlagStep:
    """Stop a flag (its raiser or a manager: it no longer applies) or resolve it (a manager: dealt with)."""
    allowed = is_manager(user) or (action == FlagStep.Action.STOPPED and flag.raised_by_id == user.pk)
    if action not in (FlagStep.Action.STOPPED, FlagStep.Action.RESOLVED) or not allowed:
        raise PermissionDenied
    with transaction.atomic():
        flag = Flag.objects.select_for_update().get(pk=flag.pk)
        if flag_state(flag) != FlagStep.Action.RAISED:
            raise ValidationError("This flag has already been stopped or resolved.")
        step = FlagStep.objects.create(flag=flag, action=action, note=note.strip(), user=user)
        log(flag.application, f"funding.assessment.flag_{action}", user=user, data={"note": note.strip()})
    return step


# Moderation


@dataclass
class RankedApplication:
    application: Application
    assessments: list  # (assignment, weighted score or None, {criterion pk: Score}) for each active assessor
    mean: Decimal | None
    disagreements: list  # (criterion, Score, Score): two points or more apart
    running_total: Decimal = Decimal("0")
    within_budget: bool = True


def ranking(round_: Round) -> list[RankedApplication]:
    """The round's submitted applications, best mean weighted score first (unscored last).

    Only assessments a manager has checked count towards the mean. The running total adds up the
    amounts requested down the ranking, to compare with the round's budget.
    """
    criteria = criteria_for(round_)
    applications = (
        Application.objects.filter(expression_of_interest__round=round_, status=ApplicationStatus.SUBMITTED)
        .select_related("expression_of_interest__lead_organisation", "decision")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(ended_at__isnull=True)
                .select_related("assessor")
                .prefetch_related(Prefetch("scores", queryset=Score.objects.order_by("scored_at", "pk"))),
                to_attr="active_assignments",
            )
        )
    )
    rows = []
    for application in applications:
        assessments = []
        for assignment in application.active_assignments:
            latest = {}
            for score in assignment.scores.all():
                latest[score.criterion_id] = score
            weighted = weighted_score({pk: score.value for pk, score in latest.items()}, criteria)
            assessments.append((assignment, weighted, latest))
        counted = [
            weighted for assignment, weighted, _ in assessments if assignment.checked_at and weighted is not None
        ]
        mean = sum(counted, Decimal("0")) / len(counted) if counted else None
        disagreements = []
        if len(assessments) == CAPACITY:
            (_, _, first), (_, _, second) = assessments
            for criterion in criteria:
                a, b = first.get(criterion.pk), second.get(criterion.pk)
                if a and b and abs(a.value - b.value) >= DISAGREEMENT:
                    disagreements.append((criterion, a, b))
        rows.append(RankedApplication(application, assessments, mean, disagreements))
    rows.sort(key=lambda row: (row.mean is None, -(row.mean or 0), row.application.reference))
    total = Decimal("0")
    for row in rows:
        total += row.application.amount_requested or Decimal("0")
        row.running_total = total
        row.within_budget = total <= round_.total_budget
    return rows


# Decisions


def decisions_key(round_: Round) -> str:
    return f"fund-decisions:{round_.pk}"


def round_notified(round_: Round) -> bool:
    return Mailing.objects.filter(key=decisions_key(round_)).exists()


def decide(
    application: Application, *, user, outcome: str, feedback: str, amount: Decimal | None = None, project=None
) -> Decision:
    """Record (or change, until the round's applicants are notified) the decision on a submitted application.

    Funding it makes the project's draft page with a grant (or adds the grant to `project`, or to the
    page of an earlier project with the same lead organisation and title); changing a decision moves
    or removes that grant.
    """
    _require_manager(user)
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("expression_of_interest__round", "expression_of_interest__lead_organisation")
            .get(pk=application.pk)
        )
        round_ = application.round
        if application.status != ApplicationStatus.SUBMITTED:
            raise ValidationError("Only a submitted application can be decided.")
        if round_notified(round_):
            raise ValidationError(
                f"The applicants in {round_} have been notified, so decisions in it can no longer change."
            )
        amount = _checked_award(application, amount) if outcome == DecisionOutcome.FUND else None
        decision = Decision.objects.filter(application=application).first() or Decision(application=application)
        changed = decision.pk is not None
        decision.outcome, decision.amount, decision.feedback = outcome, amount, feedback.strip()
        decision.decided_by, decision.decided_at = user, timezone.now()
        decision.save()
        _sync_grant(application, decision, user=user, project=project)
        log(
            application,
            "funding.decision.change" if changed else "funding.decision.record",
            user=user,
            data={"decision": decision.get_outcome_display() + (f", £{amount:,.2f}" if amount is not None else "")},
        )
    return decision


def _checked_award(application: Application, amount: Decimal | None) -> Decimal:
    if amount is None:
        raise ValidationError("Enter the amount to award.")
    if amount <= 0:
        raise ValidationError("The amount to award must be more than £0.")
    requested = application.amount_requested
    if requested is not None and amount > requested:
        raise ValidationError(f"The amount to award must be no more than the £{requested:,.2f} requested.")
    cap = application.round.phase_cap(application.phase)
    if cap is not None and amount > cap:
        raise ValidationError(f"The amount to award must be no more than the phase’s cap of £{cap:,.2f}.")
    return amount


def _sync_grant(application: Application, decision: Decision, *, user, project=None) -> None:
    grant = Grant.objects.filter(application=application).select_related("project").first()
    if decision.outcome != DecisionOutcome.FUND:
        if grant:
            page = grant.project
            grant.delete()
            if page.first_published_at is None and not Grant.objects.filter(project=page).exists():
                page.delete()  # made for this decision alone, and never published
            else:
                _save_grants_in_revision(page, user)
        return
    if grant:
        grant.amount = decision.amount
        grant.awarded_on = timezone.localdate()
        grant.save(update_fields=["amount", "awarded_on"])
        _save_grants_in_revision(grant.project, user)
        return
    page = project or _earlier_project(application) or _new_project_page(application, user)
    start, end = _planned_dates(application.answers)
    Grant.objects.create(
        project=page,
        application=application,
        round=application.round,
        phase=application.phase,
        amount=decision.amount,
        awarded_on=timezone.localdate(),
        planned_start=start,
        planned_end=end,
    )
    _save_grants_in_revision(page, user)


def _earlier_project(application: Application):
    eoi = application.expression_of_interest
    return (
        ProjectPage.objects.filter(
            lead_organisation=eoi.lead_organisation, title__iexact=application.title or eoi.title
        )
        .order_by("pk")
        .first()
    )


def _save_grants_in_revision(page, user) -> None:
    """Keep the page's latest revision's grants the same as the database's, so publishing keeps them."""
    page = page.specific
    latest = page.get_latest_revision_as_object()
    latest.grants = list(Grant.objects.filter(project=page).order_by("sort_order", "pk"))
    latest.save_revision(user=user, log_action=False)


def _project_index():
    index = ProjectIndexPage.objects.first()
    if index:
        return index
    fund_page = FundPage.objects.first()
    if fund_page is None:
        raise ValidationError("There is no fund page in the site to put the funded project under.")
    index = ProjectIndexPage(title="Funded projects", slug="projects")
    fund_page.add_child(instance=index)
    return index


def _new_project_page(application: Application, user):
    eoi = application.expression_of_interest
    index = _project_index()
    title = application.title or eoi.title
    base = slugify(title)[:70] or "project"
    taken = set(index.get_children().values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    page = ProjectPage(
        title=title,
        slug=slug,
        live=False,
        introduction=Truncator(application.summary or eoi.problem).chars(600),
        lead_organisation=eoi.lead_organisation,
        service_area=eoi.service_area,
        owner=user,
    )
    page.partners = list(eoi.partners.all())
    page.principles = list(eoi.principles.all())
    index.add_child(instance=page)
    return page


def _planned_dates(answers) -> tuple:
    """The project's start and end dates, wherever the application's answers keep them."""
    found = {}

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("start_date", "end_date") and key not in found:
                    found[key] = item
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(answers or {})

    def as_date(value):
        try:
            return datetime.date.fromisoformat(str(value)[:10])
        except ValueError:
            return None

    return as_date(found.get("start_date")), as_date(found.get("end_date"))


def notify_applicants(round_: Round, *, user):
    """Email every decided application's lead contact their decisions, once, and lock the round's decisions.

    One email a person (a lead of two bids hears about both in it), sent by the worker as one mailing
    with the round's key: a second press, or a worker restarted mid-way, sends nothing again.
    Refused while any submitted application in the round has no decision.
    """
    _require_manager(user)
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_notified(round_):
            raise ValidationError(f"The applicants in {round_} have already been notified.")
        submitted = Application.objects.filter(
            expression_of_interest__round=round_, status=ApplicationStatus.SUBMITTED
        )
        undecided = submitted.filter(decision__isnull=True).count()
        if undecided:
            raise ValidationError(
                f"Decide every application before you notify applicants: {undecided} still "
                f"need{'s' if undecided == 1 else ''} a decision."
            )
        decisions = Decision.objects.filter(application__in=submitted).select_related(
            "application__expression_of_interest"
        )
        by_person = {}
        for decision in decisions.order_by("application__reference"):
            eoi = decision.application.expression_of_interest
            by_person.setdefault(eoi.contact_email.strip().lower(), []).append(
                {
                    "reference": decision.application.reference,
                    "title": decision.application.title or eoi.title,
                    "funded": decision.outcome == DecisionOutcome.FUND,
                    "amount": f"£{decision.amount:,.2f}" if decision.amount is not None else "",
                    "feedback": decision.feedback,
                    "name": eoi.contact_name,
                }
            )
        mailing = create_mailing(
            key=decisions_key(round_),
            subject=f"Local Digital Fund {round_}: the decision on your application",
            template="funding/decision",
            context={"round": round_.name},
            recipients=(
                Recipient(email=email, context={"decisions": items, "name": items[0]["name"]}, headers={})
                for email, items in by_person.items()
            ),
            label=f"Fund decisions, {round_}",
        )
        decisions.update(notified_at=timezone.now())
        log(round_, "funding.decision.notify", user=user, data={"applicants": len(by_person)})
    return mailing


# Exports for staff


def csv_safe(value) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def expressions_of_interest_export(round_: Round):
    yield ["Reference", "Title", "Lead organisation", "Partners", "Contact", "Service area", "Phase",
           "Estimated cost", "Status", "Sent at", "Feedback"]  # fmt: skip
    for eoi in (
        round_.expressions_of_interest.select_related("lead_organisation")
        .prefetch_related("partners")
        .order_by("reference")
    ):
        yield [
            eoi.reference, eoi.title, eoi.lead_organisation.name,
            "; ".join(partner.name for partner in eoi.partners.all()),
            f"{eoi.contact_name} <{eoi.contact_email}>", eoi.get_service_area_display(), eoi.get_phase_display(),
            eoi.estimated_cost, eoi.get_status_display(), format_datetime(eoi.submitted_at), eoi.feedback,
        ]  # fmt: skip


def applications_export(round_: Round):
    criteria = criteria_for(round_)
    yield ["Rank", "Reference", "Title", "Lead organisation", "Phase", "Amount requested", "Assessor",
           "Finished", "Checked", *[f"{c.name} ({c.weight.normalize():f}%)" for c in criteria],
           "Weighted score", "Mean of checked assessments", "Running total", "Within budget"]  # fmt: skip
    for rank, row in enumerate(ranking(round_), start=1):
        application = row.application
        for assignment, weighted, latest in row.assessments or [(None, None, {})]:
            yield [
                rank, application.reference, application.title,
                application.expression_of_interest.lead_organisation.name, application.get_phase_display(),
                application.amount_requested, _name(assignment.assessor) if assignment else "",
                "Yes" if assignment and assignment.finished_at else "No",
                "Yes" if assignment and assignment.checked_at else "No",
                *[latest[c.pk].value if c.pk in latest else "" for c in criteria],
                weighted if weighted is not None else "", row.mean if row.mean is not None else "",
                row.running_total, "Yes" if row.within_budget else "No",
            ]  # fmt: skip


def decisions_export(round_: Round):
    yield ["Reference", "Title", "Lead organisation", "Phase", "Amount requested", "Decision", "Amount awarded",
           "Feedback", "Decided by", "Decided at", "Notified at"]  # fmt: skip
    for decision in (
        Decision.objects.filter(application__expression_of_interest__round=round_)
        .select_related("application__expression_of_interest__lead_organisation", "decided_by")
        .order_by("application__reference")
    ):
        application = decision.application
        yield [
            application.reference, application.title, application.expression_of_interest.lead_organisation.name,
            application.get_phase_display(), application.amount_requested, decision.get_outcome_display(),
            decision.amount if decision.amount is not None else "", decision.feedback, _name(decision.decided_by),
            format_datetime(decision.decided_at),
            format_datetime(decision.notified_at) if decision.notified_at else "",
        ]  # fmt: skip
