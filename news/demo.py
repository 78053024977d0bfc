"""Demo news items (illustrative, for development only); the news index itself is in site_pages.py.

The items follow the Collaboration Unit's roadmap from 2018 to 2019: the
Declaration's launch, sign-up opening, the fund's windows, its decisions and
the kick-off workshop. Some link to articles on other websites. news/wagtail_hooks.py
plugs them into `load_demo_content`.
"""

import datetime

from declaration import services as declaration
from pages.bootstrap import add_page
from pages.site_pages import paragraph
from topics.services import ensure_topic

from .models import NewsIndexPage, NewsPage

D = datetime.date

TOPICS = ["The Declaration", "Local Digital Fund", "Events", "Collaboration Unit"]
DECLARATION, FUND, EVENTS, UNIT = TOPICS

# Indexes into the Declaration's principles, in its order.
REDESIGN, PLUMBING, SHARING, LEADERSHIP, OPEN_CULTURE = range(5)

MHCLG_BLOG = ("https://mhclgdigital.blog.gov.uk/", "MHCLG Digital blog")

# (slug, title, date, summary, body paragraphs or an article elsewhere (url, source), topics, principles)
ITEMS = [
    (
        "writing-a-declaration-together",
        "Councils and government start writing a Local Digital Declaration",
        D(2018, 1, 25),
        "MHCLG and GDS are holding workshops with councils, sector bodies, departments and suppliers to agree "
        "how best to support councils to transform their services.",
        [
            "<p>The Ministry of Housing, Communities and Local Government (MHCLG) and the Government Digital "
            "Service (GDS) have started a series of consultation workshops with councils, sector bodies, "
            "government departments and some suppliers.</p>"
            "<p>Together they have agreed to write a shared Local Digital Declaration, and to set up a new "
            "delivery team in MHCLG to support its mission.</p>"
        ],
        [DECLARATION],
        [LEADERSHIP, OPEN_CULTURE],
    ),
    (
        "collaboration-unit-set-up",
        "MHCLG sets up the Local Digital Collaboration Unit",
        D(2018, 5, 14),
        "The first staff have joined the new unit, and its first roadshows visit 5 cities to shape its work plan.",
        [
            "<p>The first staff have joined MHCLG to form the Local Digital Collaboration Unit. They will help "
            "to finalise and promote the Local Digital Declaration, and work out what support central "
            "government needs to give to put it into practice.</p>"
            "<p>This month the unit holds the first of its twice-yearly roadshows, in 5 cities, to hear from "
            "councils what its work plan should be.</p>"
        ],
        [UNIT, EVENTS],
        [LEADERSHIP],
    ),
    (
        "declaration-launches",
        "The Local Digital Declaration launches with £7.5 million of funding",
        D(2018, 7, 4),
        "45 organisations launch the Declaration as a shared ambition for local services in the internet age, "
        "and MHCLG announces £7.5 million to kick-start the movement.",
        MHCLG_BLOG,
        [DECLARATION, FUND],
        [REDESIGN, PLUMBING, SHARING, LEADERSHIP, OPEN_CULTURE],
    ),
    (
        "sign-the-declaration",
        "You can now sign the Local Digital Declaration",
        D(2018, 8, 1),
        "Councils and other public bodies can sign the Declaration online, making a commitment to a project "
        "that fits its principles.",
        [
            "<p>Organisations can now sign up to the Local Digital Declaration. Public sector and non-profit "
            "organisations are eligible.</p>"
            "<p>Signing up includes making a commitment to a project for the next year that fits the "
            "Declaration’s principles: its title, your partners, your mission and the impact it will have on "
            "the people who use your services. We review each commitment, then a senior person at your "
            "organisation signs for it.</p>"
        ],
        [DECLARATION],
        [REDESIGN, LEADERSHIP],
    ),
    (
        "events-hub-launches",
        "Share and find local government digital events in one place",
        D(2018, 8, 20),
        "Our new events page lists digital events for local government, and anyone can share theirs.",
        [
            "<p>We have opened a page where anyone can share and find digital events for local government, "
            "from meet-ups to unconferences, in one place.</p>"
        ],
        [EVENTS],
        [OPEN_CULTURE],
    ),
    (
        "localgovcamp-2018",
        "Our plans for the fund, shared at LocalGovCamp in Birmingham",
        D(2018, 9, 8),
        "At the LocalGovCamp unconference, the team shared how councils will be able to apply to the "
        "£7.5 million fund.",
        ("https://localgovcamp.co.uk/", "LocalGovCamp"),
        [EVENTS, FUND],
        [OPEN_CULTURE],
    ),
    (
        "expressions-of-interest-open",
        "Expressions of interest open for the Local Digital Fund",
        D(2018, 9, 24),
        "From 24 September to 5 October, public sector organisations can tell us about a collaborative project "
        "they would like the fund to support.",
        [
            "<p>Public sector organisations can now send an expression of interest in working on a "
            "collaborative project funded by the Local Digital Fund, from 24 September to 5 October 2018.</p>"
            "<p>Projects need at least 2 local authorities, all of them Declaration signatories. We will "
            "publish the expressions of interest so that possible partners can get in touch with the lead "
            "authority.</p>"
        ],
        [FUND],
        [PLUMBING, REDESIGN],
    ),
    (
        "applications-open",
        "Full applications open to the Local Digital Fund",
        D(2018, 10, 16),
        "We evaluated the expressions of interest from 6 to 12 October. Councils whose expressions were approved "
        "can apply until 15 November.",
        [
            "<p>We evaluated the expressions of interest from 6 to 12 October 2018.</p>"
            "<p>Local authorities whose expressions of interest were approved can now apply for funding, "
            "from 16 October to 15 November 2018.</p>"
        ],
        [FUND],
        [PLUMBING],
    ),
    (
        "what-389-expressions-of-interest-told-us",
        "What 389 expressions of interest told us",
        D(2018, 11, 20),
        "389 expressions of interest came from 171 organisations, and 77 became full applications. Here is what "
        "they tell us about councils’ shared problems.",
        MHCLG_BLOG,
        [FUND],
        [OPEN_CULTURE, SHARING],
    ),
    (
        "first-projects-funded",
        "The first Local Digital Fund projects are chosen",
        D(2018, 12, 3),
        "16 collaborative projects share £1,251,492 to develop common solutions to problems councils share.",
        [
            "<p>We have told the successful applicants. 16 projects, each led by one council working with at "
            "least one other, share £1,251,492: discovery grants of up to £80,000 and alpha grants of up to "
            "£100,000.</p>"
            "<p>Every project will publish what it makes and learns openly, so that other councils can reuse "
            "it.</p>"
        ],
        [FUND],
        [PLUMBING, REDESIGN, OPEN_CULTURE],
    ),
    (
        "kick-off-workshop",
        "Funded projects meet at the kick-off workshop in London",
        D(2018, 12, 13),
        "The teams behind the funded projects met in London to plan their work and meet each other.",
        [
            "<p>The councils leading and partnering on the 16 funded projects met at a kick-off workshop in "
            "London on 13 December 2018 to plan their discovery and alpha work.</p>"
        ],
        [FUND, EVENTS],
        [LEADERSHIP, OPEN_CULTURE],
    ),
    (
        "discovery-projects-report",
        "Discovery projects publish what they found",
        D(2019, 4, 30),
        "The fund’s discovery projects have delivered their outputs. Alpha projects follow in May.",
        MHCLG_BLOG,
        [FUND],
        [REDESIGN, OPEN_CULTURE],
    ),
]


def load_demo_news(home) -> list[str]:
    """About 12 news items from 2018 and 2019, where they are missing. Returns what it created."""
    index = home.get_children().type(NewsIndexPage).first()
    if index is None:
        return []
    topics = {name: ensure_topic(name)[0] for name in TOPICS}
    principles = list(declaration.principles())
    made_count = 0
    for item in ITEMS:
        _, made = add_page(index, slug=item[0], build=lambda item=item: _news_page(item, topics, principles))
        made_count += made
    return [f"{made_count} news items"] if made_count else []


def _news_page(item, topics, principles) -> NewsPage:
    slug, title, date, summary, content, topic_names, principle_numbers = item
    external = isinstance(content, tuple)
    return NewsPage(
        title=title,
        slug=slug,
        date=date,
        introduction=summary,
        body=[] if external else [paragraph(html) for html in content],
        external_url=content[0] if external else "",
        external_source=content[1] if external else "",
        topics=[topics[name] for name in topic_names],
        principles=[principles[n] for n in principle_numbers if n < len(principles)],
    )
