"""Staff keep the fund's rounds in the admin, under the "Fund" menu: dates in UK time, phases inline, rules."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from core.formatting import UK_TIME_ZONE
from funding.models import Phase, Round
from tests.factories.funding import RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_superuser("fundstaff", "fund.staff@example.gov.uk", "a long password")
    client.force_login(user)
    return client


def edit_url(round_):
    return reverse("wagtailsnippets_funding_round:edit", args=[round_.pk])


def edit_form(client, round_):
    return querydict_from_html(client.get(edit_url(round_)).content.decode(), form_id="w-editor-form")


def test_the_fund_menu_holds_the_rounds(staff):
    response = staff.get(reverse("wagtailadmin_home"))

    page = response.content.decode()
    assert '"label": "Fund"' in page or "Fund rounds" in page
    assert reverse("wagtailsnippets_funding_round:list") in page


def test_staff_change_a_rounds_dates_budget_and_phases_and_other_rounds_stay_as_they_were(staff):
    round_1 = RoundFactory(name="Round 1")
    round_2 = RoundFactory(name="Round 2", opens=datetime.datetime(2019, 4, 1, 9, tzinfo=UK_TIME_ZONE))
    form = edit_form(staff, round_1)
    form["eoi_closes_at"] = "2018-10-06 17:00"  # UK time, as the admin shows it
    form["total_budget"] = "8000000.00"
    form["phases-1-cap"] = "90000.00"

    response = staff.post(edit_url(round_1), form)

    assert response.status_code == 302
    round_1.refresh_from_db()
    assert round_1.eoi_closes_at == datetime.datetime(2018, 10, 6, 16, 0, tzinfo=datetime.UTC)  # 5pm BST
    assert round_1.total_budget == Decimal("8000000.00")
    assert round_1.phase_cap("alpha") == Decimal("90000.00")
    assert round_1.phase_cap("discovery") == Decimal("80000.00")
    round_2.refresh_from_db()
    assert round_2.total_budget == Decimal("7500000.00") and round_2.phase_cap("alpha") == Decimal("100000")


def test_the_admin_shows_a_rounds_times_in_uk_time(staff):
    round_1 = RoundFactory()

    form = edit_form(staff, round_1)

    assert form["eoi_opens_at"] == "2018-09-24 09:00"
    assert form["eoi_closes_at"] == "2018-10-05 23:59"


def test_dates_out_of_order_are_shown_against_the_date_and_nothing_is_saved(staff):
    round_1 = RoundFactory()
    form = edit_form(staff, round_1)
    form["eoi_closes_at"] = "2018-09-20 17:00"  # before they open
    form["decision_date"] = "2018-11-01"  # before applications close

    response = staff.post(edit_url(round_1), form)

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    closes_field = soup.select_one("[data-field-wrapper]:has(#id_eoi_closes_at)") or soup
    assert "Expressions of interest must close after they open" in closes_field.get_text()
    assert "Decisions must be due on or after the day applications close" in soup.get_text()
    round_1.refresh_from_db()
    assert round_1.eoi_closes_at == datetime.datetime(2018, 10, 5, 23, 59, tzinfo=UK_TIME_ZONE)


def test_the_types_of_organisation_that_may_lead_are_ticked_and_kept_as_a_list(staff):
    round_1 = RoundFactory()
    untouched = RoundFactory(lead_organisation_types=["county_council"])
    page = BeautifulSoup(staff.get(edit_url(round_1)).content, "html.parser")
    assert page.select('input[type="checkbox"][name="lead_organisation_types"][value="london_borough"]')
    form = edit_form(staff, round_1)
    form.setlist("lead_organisation_types", ["london_borough", "county_council"])

    response = staff.post(edit_url(round_1), dict(form.lists()))  # every ticked box, not only the last

    assert response.status_code == 302
    round_1.refresh_from_db()
    assert round_1.lead_organisation_types == ["county_council", "london_borough"]
    untouched.refresh_from_db()
    assert untouched.lead_organisation_types == ["county_council"]
    assert Round.objects.get(pk=round_1.pk).who_may_lead() == "County council, London borough"


def test_a_type_of_organisation_not_in_the_list_is_an_error(staff):
    round_1 = RoundFactory()
    form = edit_form(staff, round_1)
    form.setlist("lead_organisation_types", ["a_made_up_type"])

    response = staff.post(edit_url(round_1), form)

    assert response.status_code == 200
    assert "Select types of organisation from the list" in response.content.decode()
    round_1.refresh_from_db()
    assert round_1.lead_organisation_types == []


def test_staff_add_a_round_with_its_phases(staff):
    add_url = reverse("wagtailsnippets_funding_round:add")
    form = querydict_from_html(staff.get(add_url).content.decode(), form_id="w-editor-form")
    form.update(
        {
            "name": "Round 2",
            "slug": "round-2",
            "total_budget": "5000000",
            "eoi_opens_at": "2019-04-01 09:00",
            "eoi_closes_at": "2019-04-30 23:59",
            "evaluation_ends_at": "2019-05-10 23:59",
            "applications_open_at": "2019-05-13 09:00",
            "applications_close_at": "2019-06-14 23:59",
            "decision_date": "2019-07-05",
            "minimum_local_authorities": "3",
            "maximum_bids_led": "2",
            "phases-TOTAL_FORMS": "1",
            "phases-0-name": "discovery",
            "phases-0-cap": "80000",
            "phases-0-ORDER": "1",
        }
    )

    response = staff.post(add_url, form)

    assert response.status_code == 302
    round_2 = Round.objects.get(slug="round-2")
    assert round_2.minimum_local_authorities == 3
    assert list(Phase.objects.filter(round=round_2).values_list("name", "cap")) == [("discovery", Decimal("80000"))]
    assert round_2.eoi_opens_at == datetime.datetime(2019, 4, 1, 8, 0, tzinfo=datetime.UTC)
