"""Screenshots of the main screens for docs/screenshots/, taken from a running dxoffice with the
demo data (`make run` in another terminal):

    .venv/bin/python tools/screenshots.py [http://127.0.0.1:8000]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def log_in(page, username: str) -> None:
    page.goto(f"{BASE}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "dxoffice-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{BASE}/")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        desk = browser.new_context(viewport={"width": 1440, "height": 900}, locale="vi-VN").new_page()
        log_in(desk, "leader")
        desk.wait_for_timeout(300)  # charts draw without animation; give layout a frame
        desk.screenshot(path=OUT / "dashboard.png", full_page=True)
        desk.goto(f"{BASE}/tasks/?year=2026")
        desk.screenshot(path=OUT / "register.png", full_page=False)
        coordinator = browser.new_context(viewport={"width": 1440, "height": 900}, locale="vi-VN").new_page()
        log_in(coordinator, "coordinator")
        coordinator.goto(f"{BASE}/tasks/?tracking=in_progress_on_time&funding=provincial")
        coordinator.locator("[data-testid=task-table] tbody tr a").first.click()
        coordinator.wait_for_load_state()
        coordinator.goto(coordinator.url + "?tab=reports")
        coordinator.screenshot(path=OUT / "task.png", full_page=True)
        coordinator.click("[data-testid=tab-history]")
        coordinator.wait_for_selector("[data-testid=history] li")
        coordinator.wait_for_timeout(500)  # the tab fades in
        coordinator.screenshot(path=OUT / "task-history.png", full_page=False)
        phone = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, locale="vi-VN"
        ).new_page()
        log_in(phone, "focal")
        phone.goto(f"{BASE}/tasks/")
        phone.screenshot(path=OUT / "register-phone.png", full_page=False)
        browser.close()
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    main()
