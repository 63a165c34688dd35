"""JupyterLab end to end, in a real browser (headless Chromium driven by Playwright)."""

from __future__ import annotations


def test_chromium_browser_renders_a_page(chromium_browser):
    page = chromium_browser.new_page()
    try:
        page.set_content("<svg width='20' height='10'><rect width='20' height='10'/></svg><p>framing</p>")
        assert page.inner_text("p") == "framing"
        assert page.locator("svg rect").count() == 1
    finally:
        page.close()
