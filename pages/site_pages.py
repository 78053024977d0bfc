"""The site's own pages, installed by `bootstrap_site`: the project carries its words, nothing is read from outside."""

from wagtail.rich_text import RichText

CONTACT_EMAIL = "localdigital@communities.gov.uk"


def paragraph(html):
    return ("paragraph", RichText(html))


HOME = {
    "title": "Local Digital",
    "slug": "home",
    "seo_title": "Local Digital",
    "introduction": "Helping councils and other local public services to design better services, fix their "
    "technology and share what works.",
    "search_description": "Local Digital supports councils in England to transform their services, through the "
    "Local Digital Declaration, the Collaboration Unit and the Local Digital Fund.",
    "body": [
        paragraph(
            "<p>Local Digital is a movement of councils, sector bodies and government departments working "
            "together to make local public services excellent for the people who use them and for taxpayers.</p>"
        ),
        ("heading", "What we do"),
        paragraph(
            "<ul><li>publish the Local Digital Declaration with our partners</li>"
            "<li>support councils through the Local Digital Collaboration Unit</li>"
            "<li>fund councils to build common solutions to shared problems</li></ul>"
        ),
    ],
}

ABOUT = {
    "title": "About us",
    "slug": "about",
    "show_in_menus": True,
    "navigation_title": "About",
    "introduction": "The Local Digital Collaboration Unit supports a national movement to make local public "
    "services excellent for users and taxpayers.",
    "search_description": "Who runs Local Digital and the 3 ways the Collaboration Unit supports councils.",
    "body": [
        paragraph(
            "<p>This website is run by the Local Digital Collaboration Unit at the Ministry of Housing, "
            "Communities and Local Government (MHCLG).</p>"
            "<p>Our mission is to support a national Local Digital movement. It brings together everyone "
            "needed to make local public services excellent for the people who use them and for taxpayers.</p>"
        ),
        ("heading", "How we work"),
        paragraph("<p>We do this in 3 ways.</p>"),
        paragraph(
            "<h3>1. The Local Digital Declaration</h3>"
            "<p>We publish the Local Digital Declaration with our partners. It is a shared ambition for the "
            "future of local public services, written by a group of local authorities, sector bodies and "
            "government departments.</p>"
            "<p>It sets out our shared goals and commitments, and invites every organisation working to improve "
            "local services to join in by signing it. Over a third of England’s principal local authorities "
            "signed it after it launched in July 2018.</p>"
        ),
        paragraph(
            "<h3>2. A support function</h3>"
            "<p>The Collaboration Unit at MHCLG helps the local public sector to achieve the ambition set out in "
            "the Local Digital Declaration.</p>"
        ),
        paragraph(
            "<h3>3. A £7.5 million fund</h3>"
            "<p>We launched an innovation fund of £7.5 million for councils to bid for. Councils use it to "
            "develop common solutions to shared challenges, and to build the skills and capacity the sector "
            "needs to put the Declaration into practice.</p>"
        ),
        ("heading", "Our roadmap"),
        paragraph("<p>Read what we have done since January 2018 and what comes next.</p>"),
    ],
}

# The accessibility statement and privacy notice say only what the site does today. Their
# "Last reviewed" date is a field editors set when they check the page; bootstrap leaves it empty.
ACCESSIBILITY = {
    "title": "Accessibility statement",
    "slug": "accessibility-statement",
    "introduction": "This statement applies to the Local Digital website.",
    "body": [
        paragraph(
            "<p>This website is run by the Local Digital Collaboration Unit at the Ministry of Housing, "
            "Communities and Local Government. We want as many people as possible to be able to use it. "
            "For example, that means you should be able to:</p>"
            "<ul><li>change colours, contrast levels and fonts using browser or device settings</li>"
            "<li>zoom in up to 400% without the text spilling off the screen</li>"
            "<li>navigate the website using just a keyboard or speech recognition software</li>"
            "<li>listen to the website using a screen reader</li>"
            "<li>use every part of the website with JavaScript turned off</li></ul>"
            "<p>We have also made the text as simple as possible to understand.</p>"
        ),
        ("heading", "Feedback and contact information"),
        paragraph(
            f"<p>If you find a problem with the accessibility of this website, or you need information in a "
            f'different format, email <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>. We will reply '
            "within 5 working days.</p>"
        ),
        ("heading", "Enforcement procedure"),
        paragraph(
            "<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector "
            "Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not "
            "happy with how we respond to your complaint, contact the "
            '<a href="https://www.equalityadvisoryservice.com/">Equality Advisory and Support Service '
            "(EASS)</a>.</p>"
        ),
        ("heading", "Compliance status"),
        paragraph(
            "<p>This website has not yet been audited against the Web Content Accessibility Guidelines "
            "version 2.2 AA standard, so we cannot yet say how far it complies.</p>"
            "<p>Every page is built with the GOV.UK Design System and checked with automated accessibility "
            "tests, including at a narrow screen width, each time the website changes. Automated tests find "
            "only some accessibility problems.</p>"
        ),
        ("heading", "What we are doing to improve accessibility"),
        paragraph(
            "<p>We will have the website audited by accessibility specialists and publish what they find "
            "here, with our plans to fix any problems.</p>"
        ),
    ],
}

PRIVACY = {
    "title": "Privacy notice",
    "slug": "privacy",
    "introduction": "How the Local Digital website uses your personal data.",
    "body": [
        ("heading", "Who we are"),
        paragraph(
            "<p>The Ministry of Housing, Communities and Local Government (MHCLG) is the data controller for "
            "the personal data collected through this website.</p>"
        ),
        ("heading", "What we collect and why"),
        paragraph(
            "<p>We collect personal data only when you:</p>"
            "<ul><li>sign your organisation up to the Local Digital Declaration: your name, job title and work "
            "email address, as the contact, and those of the senior person who signs for your organisation</li>"
            "<li>share an event: the organiser’s name and organisation, and your email address</li>"
            "<li>subscribe to email updates: your email address, the topics you chose, how often you want "
            "emails, and when you subscribed, confirmed or left</li>"
            "<li>apply to the Local Digital Fund: your work email address, to send you links to sign in; on "
            "an expression of interest, the contact’s name, job title and email address; on an application, "
            "the email addresses of the people working on it, the names and email addresses of partner "
            "contacts, the names of the team, and any documents you upload</li>"
            "<li>register interest in partnering on a published expression of interest: your name, "
            "organisation, email address and message</li></ul>"
            "<p>We use them to confirm your email address, to review what you sent us, to ask the senior "
            "person to sign, to send you a private link to change or cancel your event, to tell you what "
            "happens to your sign-up or event, to send the email updates you asked for, and to assess and "
            "decide on bids to the fund and tell you the outcome. When you register interest in partnering, "
            "we email your details and message to the bid’s lead contact so that they can reply to you; we "
            "do not show you their email address, and we keep no copy of your message other than the "
            "record of the email.</p>"
            "<p>Our lawful basis is that processing is necessary to perform a task in the public interest: "
            "supporting local government to improve its services.</p>"
        ),
        ("heading", "What we publish"),
        paragraph(
            "<p>When your organisation signs, we publish its name, type and region, the date it signed and "
            "its commitment, on this website and as open data. We never publish the names or email addresses "
            "of the people who signed it up or signed it.</p>"
            "<p>When we publish an event, its page shows the organiser’s name and organisation. We never "
            "publish the email address of the person who shared it.</p>"
            "<p>When an expression of interest to the Local Digital Fund may be published, we publish its "
            "title, organisations, the problem and who it affects, the service area, the phase and the "
            "Declaration principles it serves. When we "
            "fund a project, we publish its organisations, what it will do and the amount awarded, on this "
            "website and as open grants data. We never publish the names or email addresses of applicants "
            "or of the people working on a bid.</p>"
        ),
        ("heading", "How long we keep it"),
        paragraph(
            "<ul><li>Sign-ups whose email address is never confirmed are deleted after 30 days.</li>"
            "<li>We keep a record of each email we send you for 90 days (180 days if it could not be "
            "sent).</li>"
            "<li>We keep the names and email addresses on a confirmed sign-up, so that we can contact you "
            "about your organisation’s commitment, until you ask us to delete them.</li>"
            "<li>We keep an event’s details, with the organiser’s name and your email address, until you ask "
            "us to delete them.</li>"
            "<li>Email update subscriptions that are never confirmed are deleted after 30 days. We keep a "
            "confirmed subscription until you unsubscribe, using the link in every email, and delete your "
            "address 30 days after you do. We keep the record of which updates were sent to your address "
            "for 90 days.</li>"
            "<li>We keep expressions of interest, applications, their documents and our assessment of them "
            "for as long as we need to account for how the fund’s money was spent, and delete your "
            "personal data from them when you ask unless we must keep it for that.</li></ul>"
        ),
        ("heading", "Who can see it"),
        paragraph(
            "<p>Only staff of the Local Digital Collaboration Unit who run this website can see your personal "
            "data. Bids to the Local Digital Fund are seen only by the staff who run the fund and the "
            "assessors given each one, and by the people the lead contact adds to an application.</p>"
        ),
        ("heading", "Your rights"),
        paragraph(
            "<p>You have the right to ask for a copy of your data, to have it corrected or deleted, and to object "
            "to its use. To do this, email "
            f'<a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>.</p>'
            "<p>If you are unhappy with how we have used your data, you can complain to the "
            '<a href="https://ico.org.uk/make-a-complaint/">Information Commissioner’s Office</a>.</p>'
        ),
    ],
}

COOKIES = {
    "title": "Cookies",
    "slug": "cookies",
    "introduction": "Cookies are small files saved on your phone, tablet or computer when you visit a website.",
    "body": [
        paragraph(
            "<p>We only use cookies that are essential for the website to work. We do not use analytics or "
            "advertising cookies, so we do not ask for your consent.</p>"
        ),
        ("heading", "Essential cookies"),
        paragraph(
            "<ul><li><strong>csrftoken</strong>: protects the forms you fill in from misuse by other websites. "
            "It expires after a year.</li>"
            "<li><strong>sessionid</strong>: remembers your answers while you fill in a form with several "
            "pages, keeps you signed in to the Local Digital Fund for up to 4 hours, and keeps staff signed "
            "in. It expires after 2 weeks.</li></ul>"
        ),
    ],
}

FOOTER_PAGES = [ACCESSIBILITY, PRIVACY, COOKIES]
