"""The admin's Fund assessment as its users see it: who may open what, blind scoring, notifying, exports."""

import csv
import io
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import ModelLogEntry

from funding import services
from funding.models import Criterion, Decision, Score
from notifications.models import Mailing
from tests.factories.funding_assessment import (
    SubmittedApplicationFactory,
    make_assessor,
    make_editor,
    make_manager,
)

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"fund_assessment:{name}", args=args)


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


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


def refused(response) -> bool:
    """The admin's answer to a page the user has no permission for: back to the dashboard, with a message."""
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def logged_in(client, user):
    client.force_login(user)
    return client


def score_form(round_, value, words):
    data = {"save_scores": "1"}
    for criterion in services.criteria_for(round_):
        data[f"score_{criterion.pk}"] = value
        data[f"justification_{criterion.pk}"] = f"{words} ({criterion.name})"
    return data


def test_editors_and_anonymous_visitors_see_no_bid_anywhere_in_the_admin(client, application, manager, ada):
    assignment = services.assign_assessor(application, ada, user=manager)
    round_ = application.round
    pages = [
        url("index"),
        url("round", round_.pk),
        url("criteria", round_.pk),
        url("ranking", round_.pk),
        url("notify", round_.pk),
        url("application", application.pk),
        url("decision", application.pk),
        url("export", round_.pk, "applications"),
        url("export", round_.pk, "decisions"),
        url("export", round_.pk, "expressions-of-interest"),
    ]
    for page in [*pages, url("assessment", assignment.pk)]:  # anonymous: sent to sign in
        assert client.get(page).url.startswith(reverse("wagtailadmin_login"))

    logged_in(client, make_editor(username="eddie"))
    for page in pages:
        assert refused(client.get(page)), page
    assert refused(client.get(url("assessment", assignment.pk)))
    home = client.get(reverse("wagtailadmin_home"))
    assert "Fund assessment" not in home.content.decode()
    search = client.get(reverse("wagtailadmin_pages:search"), {"q": "Shared bin collections"})
    assert "no pages match" in text(search).lower()
    assert application.reference not in search.content.decode() and "fund-assessment" not in search.content.decode()
    assert refused(client.post(url("notify", round_.pk)))
    assert not Mailing.objects.exists()


def test_an_assessor_sees_only_their_assignments_and_no_managers_page(client, application, manager, ada, ben):
    mine = services.assign_assessor(application, ada, user=manager)
    other_application = SubmittedApplicationFactory(title="Someone else's bid")
    theirs = services.assign_assessor(other_application, ben, user=manager)
    logged_in(client, ada)
    index = client.get(url("index"))
    assert "Shared bin collections" in text(index) and "Someone else's bid" not in text(index)
    assert "Fund assessment" in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(url("assessment", mine.pk)).status_code == 200
    assert client.get(url("assessment", theirs.pk)).status_code == 404  # guessing the address
    assert refused(client.get(url("application", application.pk)))
    assert refused(client.get(url("ranking", application.round.pk)))
    assert refused(client.get(url("export", application.round.pk, "applications")))


def test_an_assessor_declares_no_conflict_before_seeing_the_scoring_form(client, application, manager, ada):
    assignment = services.assign_assessor(application, ada, user=manager)
    logged_in(client, ada)
    page = client.get(url("assessment", assignment.pk))
    assert "conflict of interest" in text(page)
    assert "Save your scores" not in text(page) and application.summary not in text(page)
    response = client.post(url("assessment", assignment.pk), score_form(application.round, 4, "Good"))
    assert refused(response) and not Score.objects.exists()
    client.post(url("assessment", assignment.pk), {"has_conflict": "no"})
    page = client.get(url("assessment", assignment.pk))
    assert "Save your scores" in text(page) and application.summary in text(page)
    assert assignment.conflict_declaration.has_conflict is False


def test_a_declared_conflict_hands_the_bid_back(client, application, manager, ada):
    assignment = services.assign_assessor(application, ada, user=manager)
    logged_in(client, ada)
    response = client.post(
        url("assessment", assignment.pk), {"has_conflict": "yes", "details": "My partner works there."}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.ended_at is not None
    logged_in(client, manager)
    page = text(client.get(url("application", application.pk)))
    assert "handed back" in page and "My partner works there." in page


def test_two_assessors_score_blind_until_both_finish_even_by_guessing_addresses(
    client, application, manager, ada, ben
):
    first = services.assign_assessor(application, ada, user=manager)
    second = services.assign_assessor(application, ben, user=manager)
    round_ = application.round
    for assignment, user, value, words in [(first, ada, "5", "Ada thinks strong"), (second, ben, "2", "Ben doubts")]:
        logged_in(client, user)
        client.post(url("assessment", assignment.pk), {"has_conflict": "no"})
        response = client.post(url("assessment", assignment.pk), score_form(round_, value, words))
        assert response.status_code == 302

    logged_in(client, ada)
    client.post(url("assessment", first.pk), {"finish": "1"})
    page = text(client.get(url("assessment", first.pk)))
    assert "Ada thinks strong" in page and "Ben doubts" not in page
    assert "You see only your own scores until both assessors have finished" in page
    assert client.get(url("assessment", second.pk)).status_code == 404  # the other's page, by its address
    assert refused(client.get(url("application", application.pk)))

    logged_in(client, ben)
    assert "Ada thinks strong" not in text(client.get(url("assessment", second.pk)))
    client.post(url("assessment", second.pk), {"finish": "1"})
    page = text(client.get(url("assessment", second.pk)))
    assert "Ada thinks strong" in page and "Ben doubts" in page
    logged_in(client, ada)
    assert "Ben doubts" in text(client.get(url("assessment", first.pk)))


def test_a_score_without_a_justification_is_refused_with_a_clear_error(client, application, manager, ada):
    assignment = services.assign_assessor(application, ada, user=manager)
    logged_in(client, ada)
    client.post(url("assessment", assignment.pk), {"has_conflict": "no"})
    data = score_form(application.round, "4", "Fine")
    first = services.criteria_for(application.round)[0]
    data[f"justification_{first.pk}"] = ""
    data[f"score_{services.criteria_for(application.round)[1].pk}"] = "9"
    response = client.post(url("assessment", assignment.pk), data)
    assert response.status_code == 200
    assert "Explain your score for Strategic fit" in text(response)
    assert not Score.objects.exists()
    data = score_form(application.round, "4", "x" * 3001)
    assert client.post(url("assessment", assignment.pk), data).status_code == 200
    assert not Score.objects.exists()


def test_a_manager_moderates_decides_and_notifies_once(client, application, manager, ada, ben, home_page):
    from funding.models import FundPage

    home_page.add_child(instance=FundPage(title="Fund", slug="fund"))
    round_ = application.round
    logged_in(client, manager)
    client.post(url("application", application.pk), {"assessor": ada.pk})
    client.post(url("application", application.pk), {"assessor": ben.pk})
    duplicate = client.post(url("application", application.pk), {"assessor": ada.pk})
    assert "already assessing" in text(duplicate)
    for user, value in [(ada, 4), (ben, 2)]:
        assignment = application.assignments.get(assessor=user)
        services.declare_conflict(assignment, user=user, has_conflict=False)
        services.record_scores(
            assignment,
            user=user,
            scores={c.pk: (value, f"{user.username} on {c.name}") for c in services.criteria_for(round_)},
        )
        services.finish_assessment(assignment, user=user)
        client.post(url("application", application.pk), {"check": assignment.pk})

    ranking = client.get(url("ranking", round_.pk))
    soup = BeautifulSoup(ranking.content, "html.parser")
    row = soup.select_one(f'[data-row="{application.reference}"]').get_text(" ", strip=True)
    assert "4.00" in row and "2.00" in row and "3.00" in row and "£50000.00" in row
    disagreement = soup.select_one(f'[data-disagreements="{application.reference}"]').get_text(" ", strip=True)
    assert "ada on Strategic fit" in disagreement and "ben on Strategic fit" in disagreement

    too_much = client.post(
        url("decision", application.pk), {"outcome": "fund", "amount": "50000.01", "feedback": "Yes."}
    )
    assert "no more than the £50,000.00 requested" in text(too_much)
    client.post(url("decision", application.pk), {"outcome": "fund", "amount": "45000", "feedback": "Yes."})
    assert Decision.objects.get().amount == Decimal("45000")

    confirm = client.get(url("notify", round_.pk))
    assert "1 funded and 0 not funded" in text(confirm)
    client.post(url("notify", round_.pk))
    client.post(url("notify", round_.pk))  # pressed twice
    assert Mailing.objects.get().deliveries.count() == 1
    assert "already been notified" in text(client.get(url("notify", round_.pk)))
    too_late = client.post(url("decision", application.pk), {"outcome": "do_not_fund", "feedback": "No."})
    assert "can no longer change" in text(too_late)

    history = text(client.get(url("application", application.pk)))
    for line in ["Assessor assigned: Ada Staff", "Assessment quality checked: Ben Staff", "Decision recorded: Fund"]:
        assert line in history
    assert ModelLogEntry.objects.filter(action="funding.decision.notify", user=manager).count() == 1


def test_criteria_are_edited_until_scoring_starts(client, application, manager, ada):
    logged_in(client, manager)
    criteria = services.criteria_for(application.round)
    data = {"criteria-TOTAL_FORMS": "6", "criteria-INITIAL_FORMS": "5"}
    for i, criterion in enumerate(criteria):
        data |= {f"criteria-{i}-id": criterion.pk, f"criteria-{i}-name": criterion.name}
        data[f"criteria-{i}-weight"] = str(criterion.weight)
    data["criteria-0-weight"] = "31"
    response = client.post(url("criteria", application.round.pk), data)
    assert "must add up to 100%. They add up to 101%" in text(response)
    data["criteria-0-weight"] = "25"
    data |= {"criteria-5-name": "Accessibility", "criteria-5-weight": "5"}
    assert client.post(url("criteria", application.round.pk), data).status_code == 302
    assert Criterion.objects.get(name="Accessibility").weight == 5
    assignment = services.assign_assessor(application, ada, user=manager)
    services.declare_conflict(assignment, user=ada, has_conflict=False)
    services.record_scores(assignment, user=ada, scores={criteria[1].pk: (3, "OK")})
    response = client.post(url("criteria", application.round.pk), data)
    assert "The criteria are locked" in text(response)


def test_exports_are_csv_attachments_with_formulas_defused(client, application, manager):
    eoi = application.expression_of_interest
    eoi.title = '=HYPERLINK("http://evil")'
    eoi.save()
    application.title = "+SUM(A1)"
    application.save()
    bystander = SubmittedApplicationFactory(title="Another round's bid")
    services.decide(application, user=manager, outcome="do_not_fund", feedback="-not this time")
    logged_in(client, manager)
    for kind in ["expressions-of-interest", "applications", "decisions"]:
        response = client.get(url("export", application.round.pk, kind))
        assert response["Content-Disposition"] == f'attachment; filename="{application.round.slug}-{kind}.csv"'
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        cells = [cell for row in rows[1:] for cell in row]
        assert not any(cell[:1] in "=+-@" for cell in cells if cell), kind
        assert bystander.reference not in str(rows)
    decisions = list(
        csv.reader(
            io.StringIO(
                b"".join(client.get(url("export", application.round.pk, "decisions")).streaming_content).decode()
            )
        )
    )
    assert decisions[1][1] == "'+SUM(A1)" and decisions[1][7] == "'-not this time"


@pytest.mark.parametrize("page", ["ranking", "round"])
def test_the_rounds_pages_cost_the_same_queries_for_2_or_12_applications(
    client, manager, page, django_assert_max_num_queries
):
    from tests.factories.funding_assessment import RoundFactory

    round_ = RoundFactory()
    assessors = [make_assessor(username=f"a{i}") for i in range(2)]

    def add(count):
        for _ in range(count):
            application = SubmittedApplicationFactory(round=round_)
            for assessor in assessors:
                assignment = services.assign_assessor(application, assessor, user=manager)
                services.declare_conflict(assignment, user=assessor, has_conflict=False)
                services.record_scores(
                    assignment, user=assessor, scores={c.pk: (3, "Fine.") for c in services.criteria_for(round_)}
                )
            services.decide(application, user=manager, outcome="do_not_fund", feedback="No.")

    logged_in(client, manager)
    add(2)
    with django_assert_max_num_queries(25) as small:
        assert client.get(url(page, round_.pk)).status_code == 200
    add(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(page, round_.pk)).status_code == 200
