"""The news and the principle pages in a real browser, and a moderator publishing a news item in the admin.

Every page visited is checked with axe-core (WCAG 2.2 A and AA), and the
public pages at 320 CSS pixels wide.
"""

import re

import feedparser
import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from news.models import NewsIndexPage

from .helpers import assert_no_axe_violations, assert_no_horizontal_scroll
from .pages import AdminSession

PASSWORD = "a-long-moderator-passphrase-2026"
PLUMBING = "/declaration/principles/fix-our-plumbing/"


def check_accessibility(page, url):
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page, url)


def news_titles(page):
    return page.locator(".ld-news-item h3 a")


def test_the_news_filters_by_topic_and_principle_and_says_when_nothing_matches(page, demo_site):
    page.goto(f"{demo_site}/news/")
    expect(page.get_by_role("heading", level=1)).to_have_text("News")
    expect(page.locator("#results-heading")).to_have_text("12 news items")
    expect(news_titles(page)).to_have_count(10)
    check_accessibility(page, f"{demo_site}/news/")

    page.get_by_label("Topic").select_option(label="Events")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(f"{demo_site}/news/?topic=events&principle=")
    expect(page.locator("#results-heading")).to_have_text("4 news items")
    check_accessibility(page, page.url)

    page.get_by_label("Declaration principle").select_option(label="‘Fix our plumbing’")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#results-heading")).to_have_text("0 news items")
    expect(page.get_by_text("No news matches.")).to_be_visible()
    check_accessibility(page, page.url)

    page.goto(f"{demo_site}/news/?topic=no-such-topic")
    expect(page.get_by_role("alert")).to_contain_text("Select a topic from the list")
    expect(news_titles(page)).to_have_count(10)
    assert_no_axe_violations(page)

    page.goto(f"{demo_site}/news/?page=2")
    expect(news_titles(page)).to_have_count(2)
    assert_no_axe_violations(page)


def test_a_news_item_and_an_article_elsewhere(page, demo_site):
    page.goto(f"{demo_site}/news/")
    card = page.locator(".ld-news-item--elsewhere").first
    expect(card).to_contain_text("another website")
    expect(card.locator("h3 a")).to_have_attribute("href", "https://mhclgdigital.blog.gov.uk/")

    page.get_by_role("link", name="The first Local Digital Fund projects are chosen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The first Local Digital Fund projects are chosen")
    expect(page.get_by_text("16 projects, each led by one council")).to_be_visible()
    check_accessibility(page, page.url)

    url = f"{demo_site}/news/what-389-expressions-of-interest-told-us/"
    page.goto(url)
    expect(page.locator(".ld-news-elsewhere")).to_contain_text("published on MHCLG Digital blog, another website")
    check_accessibility(page, url)


def test_a_principle_page_from_the_declaration(page, demo_site):
    page.goto(f"{demo_site}/declaration/")
    page.get_by_role("link", name="‘Fix our plumbing’").click()

    expect(page).to_have_url(f"{demo_site}{PLUMBING}")
    expect(page.get_by_role("heading", level=1)).to_have_text("‘Fix our plumbing’")
    expect(page.get_by_role("heading", name="News", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Declaration projects")).to_be_visible()
    check_accessibility(page, page.url)


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(username="moderator", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_a_moderator_publishes_a_news_item_that_appears_everywhere_it_should(page, demo_site, moderator):
    index = NewsIndexPage.objects.get()
    admin = AdminSession(page).sign_in(demo_site, "moderator", PASSWORD)
    admin.open_listing(f"/admin/pages/add/news/newspage/{index.pk}/")
    title = "Councils share their first open standards"

    page.get_by_role("textbox", name="Title").fill(title)
    page.get_by_role("textbox", name="Summary").fill("Three councils publish the data standard they built together.")
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph").click()
    story = page.locator(".public-DraftEditor-content").first
    story.click()
    page.keyboard.type("The standard covers waste collection data.")
    # Draftail copies what was typed into the form a moment later.
    expect(page.locator('input[name="body-0-value"]')).to_have_value(re.compile("waste collection data"))
    page.get_by_role("checkbox", name="‘Fix our plumbing’").check()
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(f"{demo_site}/admin/pages/{index.pk}/")  # back to the news listing once saved
    expect(page.get_by_text("created and published")).to_be_visible()

    page.goto(f"{demo_site}/news/")
    expect(news_titles(page).first).to_have_text(title)
    news_titles(page).first.click()
    expect(page.get_by_text("The standard covers waste collection data.")).to_be_visible()
    expect(page.get_by_role("link", name="‘Fix our plumbing’")).to_be_visible()
    check_accessibility(page, page.url)
    page.goto(f"{demo_site}/")
    expect(page.locator(".ld-news-item h3 a").first).to_contain_text(title)
    assert_no_axe_violations(page)
    page.goto(f"{demo_site}{PLUMBING}")
    expect(page.locator(".ld-principle-section").first.locator("h3 a").first).to_contain_text(title)
    feed = feedparser.parse(page.request.get(f"{demo_site}/news/feed.atom").body())
    assert feed.entries[0].title == title
