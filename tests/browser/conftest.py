"""Playwright on Debian's Chromium (no browser download), against pytest-django's live server.

Every page a browser test visits must be checked with axe-core: `a11y(page)` checks the page now;
at the end of a test, a page that was loaded but never checked fails the test.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import axe_playwright_python
import pytest
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls in the same test are
# still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE_SOURCE = Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium package.")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class A11yTracker:
    def __init__(self):
        self.loaded = []
        self.checked = set()
        self.console_errors = []
        self.too_wide = []

    def on_load(self, page):
        self.loaded.append(page.url)

    def on_console(self, message):
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    tracker = A11yTracker()
    page.on("load", tracker.on_load)
    page.on("console", tracker.on_console)
    page._a11y = tracker
    yield page
    unchecked = [url for url in tracker.loaded if url not in tracker.checked]
    context.close()
    assert unchecked == [], f"pages loaded but never checked with axe-core: {unchecked}"
    # A Content-Security-Policy violation, a failed script or a missing resource is a console error.
    assert tracker.console_errors == [], "errors in the browser console:\n" + "\n".join(tracker.console_errors)
    assert tracker.too_wide == [], "wider than a 390-pixel phone:\n" + "\n".join(tracker.too_wide)


def a11y(page):
    """Run axe-core on the current page; fail on any WCAG 2.1 A/AA violation."""
    # Evaluated through the DevTools protocol, so the page's CSP (no inline script) stays as it is.
    page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    # Beyond WCAG's own rules: every landmark (and a form that is one) has a unique name.
    unique = page.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'rule', values: rules}, resultTypes: ['violations']})",
        ["landmark-unique"],
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"] + unique["violations"]
    ]
    page._a11y.checked.add(page.url)
    assert violations == [], f"axe-core on {page.url}:\n" + "\n".join(violations)
    fits_a_phone(page)


PHONE = {"width": 390, "height": 844}
# What makes a page wider than the screen: the elements that reach past its right edge (or, on a
# right-to-left page, past its left edge).
TOO_WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(el => (el.getBoundingClientRect().right > window.innerWidth + 1 || el.getBoundingClientRect().left < -1)
    && !el.closest('.table-scroll, .visually-hidden'))
  .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''))"""


def fits_a_phone(page):
    """The page at 390 × 844 scrolls only downwards (tables scroll inside their own region)."""
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        if wide:
            page._a11y.too_wide.append(f"{page.url}: {page.evaluate(TOO_WIDE)}")
    finally:
        page.set_viewport_size(size)


def visit(page, path):
    """Open a page and check it with axe-core."""
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: {response and response.status}"
    a11y(page)
    return response


def log_in(page, email, password):
    """Log in through the form; an account that needs a second factor gets an authenticator (if
    it has none) and its code is given at the code step (tests/browser/test_two_factor.py sets
    one up through the pages)."""
    from accounts.models import User, email_key

    from ..otp import code, enrolled

    user = User.objects.filter(email=email_key(email)).first()
    device = enrolled(user) if user is not None else None
    visit(page, "/accounts/login/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    if urlparse(page.url).path == "/accounts/two-factor/":
        if page.url not in page._a11y.checked:
            a11y(page)
        page.get_by_role("textbox", name="Kod").fill(code(device))
        page.get_by_role("button", name="Fortsätt").click()
        page.wait_for_load_state()
    a11y(page)


def tab(page, label):
    """Open an area of the track's workspace from its sub-navigation, and check the page."""
    page.locator("nav.section-nav").get_by_role("link", name=label, exact=True).click()
    page.wait_for_load_state()
    a11y(page)
