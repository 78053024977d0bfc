"""The site's initial pages. The project carries its own words: nothing is read from outside it."""

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
            "<li>navigate most of the website using just a keyboard or speech recognition software</li>"
            "<li>listen to most of the website using a screen reader</li></ul>"
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
            "<p>This website is fully compliant with the Web Content Accessibility Guidelines version 2.2 "
            "AA standard.</p>"
            "<p>Every page is checked with automated accessibility tests, including at a narrow screen width, "
            "each time the website changes.</p>"
        ),
        ("heading", "Preparation of this accessibility statement"),
        paragraph(
            "<p>This statement was prepared on 27 November 2026. The website was last tested on "
            "27 November 2026 by the Local Digital team.</p>"
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
            "<p>We only collect personal data that you give us, when you:</p>"
            "<ul><li>sign the Local Digital Declaration for your organisation</li>"
            "<li>share an event</li>"
            "<li>apply to the Local Digital Fund</li>"
            "<li>sign up for email updates</li></ul>"
            "<p>This can include your name, job title, email address and the organisation you work for. "
            "We use it to run these services and to contact you about them.</p>"
            "<p>Our lawful basis is that processing is necessary to perform a task in the public interest: "
            "supporting local government to improve its services.</p>"
        ),
        ("heading", "How long we keep it"),
        paragraph(
            "<p>We keep your data only as long as we need it for the service you used. Sign-ups that are never "
            "confirmed are deleted after 30 days. You can unsubscribe from email updates at any time.</p>"
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
            "pages, and keeps staff signed in. It expires after 2 weeks.</li></ul>"
        ),
    ],
}

FOOTER_PAGES = [ACCESSIBILITY, PRIVACY, COOKIES]
