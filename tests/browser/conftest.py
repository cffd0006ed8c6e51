"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Chromium comes from the system (``/usr/bin/chromium``, or CHROMIUM_PATH); Playwright never
downloads a browser. Tests are marked ``browser`` and run last (tests/conftest.py), which
also reloads the gazetteer after the flush that ends every live-server test.
"""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_factory(chromium):
    """New pages; a test fails when the browser reports a Content-Security-Policy violation
    (an inline script or style block, a script from elsewhere) on any of them."""
    contexts = []
    violations: list[str] = []

    def listen(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            violations.append(message.text)

    def make(width=1280, height=900, javascript=True, locale="id-ID"):
        context = chromium.new_context(
            viewport={"width": width, "height": height},
            java_script_enabled=javascript,
            locale=locale,
        )
        contexts.append(context)
        page = context.new_page()
        page.on("console", listen)
        return page

    yield make
    for c in contexts:
        c.close()
    assert violations == [], f"Content-Security-Policy violations: {violations}"


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def sign_in(page, base_url, username, password, otp_code=None):
    page.goto(f"{base_url}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit].primary")
    if otp_code is not None:
        page.wait_for_url("**/akun/2fa/**")
        page.fill("input[name=token]", otp_code())
        page.click("button[type=submit].primary")


DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"


def to_docs(path: Path) -> None:
    """Copy a screenshot into docs/img/ when asked (WASPADA_SCREENSHOTS=1), never otherwise."""
    if os.environ.get("WASPADA_SCREENSHOTS") == "1":
        DOCS_IMG.mkdir(exist_ok=True)
        shutil.copyfile(path, DOCS_IMG / path.name)


@pytest.fixture
def shoot(artifacts):
    """Screenshot a page into test-artifacts/; with WASPADA_SCREENSHOTS=1 also into docs/img/
    (the guides' pictures), so that ordinary runs leave the tree clean."""

    def take(page, name: str, *, full_page: bool = True) -> Path:
        path = artifacts / name
        page.screenshot(path=str(path), full_page=full_page)
        to_docs(path)
        return path

    return take


def fits(page, width: int) -> None:
    """Nothing overflows sideways at this width (the page works on a phone)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
