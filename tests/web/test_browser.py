"""The web app in real Chromium (Debian package) driven by Playwright; screenshots of each page."""

from __future__ import annotations

from web.helpers import HONGZE, SCREENSHOTS, SEED_001, need


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def drop_files(page, *paths) -> None:
    page.goto("/check")
    page.set_input_files("#files", [str(p) for p in paths])


def test_check_seed_shows_tables_and_findings(page):
    drop_files(page, need(SEED_001))
    page.wait_for_selector("#result article.result table.t3")
    assert page.locator("#progress li[data-stage=done]").count() == 1
    # Every numeric cell of the template is laid out; seed 001 has no 总计 column, so that cell is blank.
    assert page.locator('td[data-cell="t3.new_received.natural_person"]').inner_text() == "0"
    assert page.locator('td[data-cell="t3.new_received.total"]').inner_text() == "—"
    page.locator('td[data-cell="t3.new_received.natural_person"]').click()
    assert page.locator("#cell-detail .cd-where").inner_text() != ""
    shot(page, "check-seed-001")


def test_check_hongze_pdf_highlights_failing_cells(page):
    pdf = need(HONGZE / "hongze-district_2023_original.pdf")
    drop_files(page, pdf)
    page.wait_for_selector("#result article.result table.t4")
    highlighted = page.locator("td.sev-error")
    assert highlighted.count() >= 1, "the publisher's 表四 总计 errors are highlighted"
    first = highlighted.first
    cell = first.get_attribute("data-cell")
    first.click()
    assert page.locator(".finding.focus").count() >= 1
    assert cell in page.locator(".finding.focus").first.get_attribute("data-cells")
    shot(page, "check-hongze-2023")
