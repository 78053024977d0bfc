"""Factories for the fund's funded projects and their grants.

fund = FundPageFactory(parent=home_page)
index = ProjectIndexPageFactory(parent=fund)
round_1 = RoundFactory()                              # Round 1, windows in autumn 2018
project = ProjectPageFactory(parent=index, partners=[council], principles=[principle])   # live
GrantFactory(project=project, round=round_1, phase="alpha", amount=Decimal("98500"))
ProjectPageFactory(parent=index, live=False)          # a draft
bulk_projects(index, 200, round=round_1)              # many live projects, one grant each, fast
"""

import datetime
from decimal import Decimal

import factory
import wagtail_factories

from core.formatting import UK_TIME_ZONE
from funding.models import FundPage, Grant, PhaseName, ProjectIndexPage, ProjectPage, Round, ServiceArea
from tests.factories.organisations import OrganisationFactory


def _at(year, month, day):
    return datetime.datetime(year, month, day, 9, 0, tzinfo=UK_TIME_ZONE)


class RoundFactory(factory.django.DjangoModelFactory):
    """A round whose windows all fall in one year: 2018 for the first, a year later for each next one."""

    name = factory.Sequence(lambda n: f"Round {n + 1}")
    slug = factory.Sequence(lambda n: f"round-{n + 1}")
    total_budget = Decimal("7500000")
    year = factory.Sequence(lambda n: 2018 + n)
    eoi_opens_at = factory.LazyAttribute(lambda o: _at(o.year, 9, 24))
    eoi_closes_at = factory.LazyAttribute(lambda o: _at(o.year, 10, 5))
    evaluation_ends_at = factory.LazyAttribute(lambda o: _at(o.year, 10, 12))
    applications_open_at = factory.LazyAttribute(lambda o: _at(o.year, 10, 16))
    applications_close_at = factory.LazyAttribute(lambda o: _at(o.year, 11, 15))
    decision_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 12, 3))

    class Meta:
        model = Round
        exclude = ["year"]


class FundPageFactory(wagtail_factories.PageFactory):
    title = "Local Digital Fund"
    slug = "fund"

    class Meta:
        model = FundPage


class ProjectIndexPageFactory(wagtail_factories.PageFactory):
    title = "Funded projects"
    slug = "projects"

    class Meta:
        model = ProjectIndexPage


class ProjectPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Funded project {n:04d}")
    introduction = factory.LazyAttribute(lambda o: f"What {o.title} is for.")
    lead_organisation = factory.SubFactory(OrganisationFactory)
    service_area = ServiceArea.PLANNING

    class Meta:
        model = ProjectPage
        skip_postgeneration_save = True

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)
            self.save()

    @factory.post_generation
    def principles(self, create, extracted, **kwargs):
        if create and extracted:
            self.principles.set(extracted)
            self.save()


class GrantFactory(factory.django.DjangoModelFactory):
    project = factory.SubFactory(ProjectPageFactory)
    round = factory.SubFactory(RoundFactory)
    phase = PhaseName.DISCOVERY
    amount = Decimal("80000.00")
    awarded_on = datetime.date(2018, 12, 3)
    planned_start = datetime.date(2018, 12, 13)
    planned_end = datetime.date(2019, 4, 30)

    class Meta:
        model = Grant


def bulk_projects(index, count, *, round, principles=(), partners=(), amount=Decimal("50000.00")):
    """`count` live projects under `index`, each with one discovery grant in `round`, in a few queries.

    Skips what saving a page one at a time does (validation, revisions, search indexing), so that query
    counts can be measured with hundreds of projects.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Page

    index = Page.objects.get(pk=index.pk)
    first_step = index.numchild + 1
    depth = index.depth + 1
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(ProjectPage)
    leads = OrganisationFactory.create_batch(min(count, 10))
    base_pages = Page.objects.bulk_create(
        Page(
            title=f"Bulk project {first_step + n:04d}",
            slug=f"bulk-project-{first_step + n}",
            path=Page._get_path(index.path, depth, first_step + n),
            depth=depth,
            url_path=f"{index.url_path}bulk-project-{first_step + n}/",
            content_type=content_type,
            locale_id=index.locale_id,
            live=True,
            first_published_at=now,
            last_published_at=now,
        )
        for n in range(count)
    )
    projects = []
    for n, base in enumerate(base_pages):
        project = ProjectPage(
            page_ptr=base,
            introduction=f"What {base.title} is for.",
            lead_organisation=leads[n % len(leads)],
            service_area=ServiceArea.PLANNING,
            body=[],
        )
        project.__dict__.update({field.attname: getattr(base, field.attname) for field in Page._meta.concrete_fields})
        project.save_base(raw=True)
        projects.append(project)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)
    Grant.objects.bulk_create(
        Grant(project=project, round=round, phase=PhaseName.DISCOVERY, amount=amount, awarded_on=round.decision_date)
        for project in projects
    )
    ProjectPage.principles.through.objects.bulk_create(
        ProjectPage.principles.through(projectpage=project, principle=principle)
        for project in projects
        for principle in principles
    )
    ProjectPage.partners.through.objects.bulk_create(
        ProjectPage.partners.through(projectpage=project, organisation=partner)
        for project in projects
        for partner in partners
    )
    return projects
