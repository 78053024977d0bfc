"""The Collaboration Unit's roadmap, January 2018 to early 2019: real milestones, installed by `bootstrap_site`.

The Local Digital Fund's windows and decision date are not here: the fund's
rounds give them (funding's `register_roadmap_milestones` hook), so each date
is entered once, in the round.
"""

import datetime

from .models import Milestone, RoadmapPage

D = datetime.date

MILESTONES = [
    (
        "January 2018",
        "The movement gains momentum",
        "<p>MHCLG and the Government Digital Service (GDS) start consultation workshops with councils, "
        "sector bodies, government departments and some suppliers to agree how best to support councils "
        "to transform their services with digital.</p>"
        "<p>They agree to write a shared Local Digital Declaration and to set up a new delivery team in MHCLG "
        "to support the Declaration’s mission.</p>",
        D(2018, 1, 1),
        D(2018, 1, 31),
    ),
    (
        "May 2018",
        "MHCLG sets up the Collaboration Unit",
        "<p>The first staff join MHCLG to form a collaboration support function. They help to finalise and "
        "promote the Local Digital Declaration, and work out what support central government needs to give "
        "to put it into practice.</p>"
        "<p>They hold the first of their twice-yearly roadshows, in 5 UK cities, to shape their work plan.</p>",
        D(2018, 5, 1),
        D(2018, 5, 31),
    ),
    (
        "July 2018",
        "The Declaration launches and £7.5 million is invested",
        "<p>MHCLG announces £7.5 million of funding to kick-start the Local Digital movement.</p>"
        "<p>45 organisations launch the Local Digital Declaration as a shared ambition for the future of local "
        "services in the internet age. They include MHCLG, GDS, the Local Government Association (LGA), Socitm, "
        "Solace, CIPFA, the Department for Digital, Culture, Media and Sport (DCMS), the Crown Commercial "
        "Service (CCS) and over 20 local authorities.</p>",
        D(2018, 7, 1),
        D(2018, 7, 31),
    ),
    (
        "August 2018",
        "Organisations can sign the Declaration",
        "<p>Organisations can now sign up to the Local Digital Declaration. Signing up includes making a "
        "commitment that fits the Declaration’s principles.</p>",
        D(2018, 8, 1),
        D(2018, 8, 31),
    ),
    (
        "August 2018",
        "The events hub launches",
        "<p>We open a web page where anyone can share and find digital events for local government in one place.</p>",
        D(2018, 8, 1),
        D(2018, 8, 31),
    ),
    (
        "September 2018",
        "The Local Digital team at LocalGovCamp",
        "<p>At the LocalGovCamp unconference in Birmingham, the team shares its plans for opening applications "
        "to the £7.5 million fund.</p>",
        D(2018, 9, 1),
        D(2018, 9, 30),
    ),
    (
        "December 2018",
        "Kick-off workshop for funded projects",
        "<p>A kick-off workshop for the funded projects takes place in London on 13 December.</p>",
        D(2018, 12, 13),
        None,
    ),
    (
        "Early 2019",
        "Funded projects are developed",
        "<p>Successful applicants work together to develop their projects. Discovery projects and alpha "
        "projects have different deadlines.</p>",
        D(2019, 1, 1),
        D(2019, 5, 31),
    ),
    (
        "Early 2019",
        "Discovery projects deliver their outputs",
        "<p>Discovery projects deliver their outputs in April 2019.</p>",
        D(2019, 4, 1),
        D(2019, 4, 30),
    ),
    (
        "Early 2019",
        "Alpha projects deliver their outputs",
        "<p>Alpha projects deliver their outputs in May 2019.</p>",
        D(2019, 5, 1),
        D(2019, 5, 31),
    ),
]


def build_roadmap_page() -> RoadmapPage:
    """An unsaved roadmap page carrying every milestone."""
    page = RoadmapPage(
        title="Collaboration Unit roadmap",
        slug="roadmap",
        show_in_menus=True,
        navigation_title="Roadmap",
        introduction="What the Local Digital Collaboration Unit has done since January 2018, and what comes next.",
        search_description="The Local Digital Collaboration Unit's roadmap: the Declaration, the "
        "£7.5 million Local Digital Fund and the projects it funds.",
    )
    page.milestones = [
        Milestone(
            period_label=period, title=title, description=description, start_date=start, end_date=end, sort_order=order
        )
        for order, (period, title, description, start, end) in enumerate(MILESTONES)
    ]
    return page
