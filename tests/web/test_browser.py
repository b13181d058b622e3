"""The web app in real Chromium (Debian package) driven by Playwright; screenshots of each page."""

from __future__ import annotations

from web.helpers import HONGZE, ROOT, SCREENSHOTS, SEED_001, need


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
    assert page.locator(".finding").count() >= 1, "seed 001's defects are listed"
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "check-seed-001")


def test_check_hongze_pdf_highlights_failing_cells(page):
    pdf = need(HONGZE / "hongze-district_2023_original.pdf")
    drop_files(page, pdf)
    page.wait_for_selector("#result article.result table.t4")
    highlighted = page.locator("td.sev-error")
    assert highlighted.count() >= 1, "the publisher's 表四 总计 errors are highlighted"
    assert page.locator('.finding code:text("T4-GROUP-TOTAL")').count() >= 1
    first = page.locator('td.sev-error[data-cell^="t4."]').first
    cell = first.get_attribute("data-cell")
    first.click()
    assert page.locator(".finding.focus").count() >= 1
    assert cell in page.locator(".finding.focus").first.get_attribute("data-cells")
    page.locator("#t3").scroll_into_view_if_needed()
    shot(page, "check-hongze-2023")


def test_browse_and_search_the_corpus(page):
    page.goto("/corpus")
    assert page.locator("#reports tr").count() >= 8  # header + the stored reports
    shot(page, "corpus")
    page.fill("input[name=q]", "政府信息公开")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("section.hits mark")
    assert page.locator("section.hits li").count() >= 1
    assert "q=" in page.url, "htmx pushes the filtered URL, so the search can be shared"
    shot(page, "corpus-search")
    page.fill("input[name=q]", "")
    page.fill("input[name=agency]", "洪泽")
    page.click("form.filters button[type=submit]")
    page.click("#reports a:has-text('历年')")
    page.wait_for_selector("#trend canvas")
    assert page.locator("#years tr").count() == 3
    shot(page, "agency")
    page.goto("/corpus/coverage?year=2024")
    assert int(page.locator("#missing-count").inner_text()) >= 1
    shot(page, "coverage")


def test_compare_2023_with_2024(page):
    page.goto("/corpus?agency=洪泽")
    ids = sorted(
        (int(page.locator("#reports tr td:nth-child(2)").nth(i).inner_text()),
         page.locator("#reports tr td:first-child a").nth(2 * i).get_attribute("href").rsplit("/", 1)[1])
        for i in range(2)
    )
    page.goto("/compare")
    page.select_option("select[name=a]", ids[0][1])
    page.select_option("select[name=b]", ids[1][1])
    page.click("form.filters button[type=submit]")
    page.wait_for_selector(".side-b td.changed")
    assert int(page.locator("#changed-count").inner_text()) >= 1
    assert page.locator("#similarity tr").count() >= 6
    shot(page, "compare")


def test_write_a_report_and_download_its_docx(page, tmp_path):
    page.goto("/write")
    page.fill("#agency", "测试市测试局")
    page.fill("#year", "2024")
    page.fill('input[data-cell="t3.new_received.natural_person"]', "5")
    page.fill('input[data-cell="t3.granted.natural_person"]', "3")
    # Totals follow as you type; an unbalanced table is flagged at once.
    assert page.locator('input[data-cell="t3.new_received.total"]').input_value() == "5"
    page.wait_for_selector("#write-findings li.sev-error")
    assert page.locator('td[data-cell="t3.carried_forward.natural_person"].sev-error, td[data-cell="t3.total_processed.natural_person"].sev-error, td.sev-error').count() >= 1
    shot(page, "write-with-error")
    page.fill('input[data-cell="t3.carried_forward.natural_person"]', "2")
    page.wait_for_function("!document.querySelector('#write-findings li.sev-error')")
    page.fill('textarea[data-section="1"]', "本年度，我局认真贯彻落实《中华人民共和国政府信息公开条例》。")
    page.click("#save")
    page.wait_for_selector("#status:has-text('草稿已保存')")
    assert "draft=" in page.url
    with page.expect_download() as info:
        page.click("button[data-download=docx]")
    target = tmp_path / "report.docx"
    info.value.save_as(target)
    from docx import Document

    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "测试市测试局2024年政府信息公开工作年度报告" in text
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "write")


def test_dashboard_draws_its_charts(page):
    page.goto("/dashboard")
    page.wait_for_selector("#chart-by_year canvas")
    for chart in ("by_year", "outcomes", "correction_rates", "top_findings", "by_region", "by_level"):
        canvas = page.locator(f"#chart-{chart} canvas").first
        assert canvas.get_attribute("width") not in (None, "0")
        painted = page.evaluate(
            """(sel) => { const c = document.querySelector(sel); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                 let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }""",
            f"#chart-{chart} canvas",
        )
        assert painted > 100, f"chart {chart} is blank"
    shot(page, "dashboard")


def test_home_page(page):
    page.goto("/")
    assert page.locator(".card").count() == 5
    shot(page, "home")


def test_register_upload_fills_table_3(page):
    register = need(ROOT / "tests" / "fixtures" / "ledger" / "register-2025.csv")
    page.goto("/write")
    page.fill("#year", "2025")
    page.set_input_files("#register", str(register))
    page.wait_for_selector("#status:has-text('登记台账')")
    assert page.locator('input[data-cell="t3.new_received.total"]').input_value() == "9"
    assert page.locator('input[data-cell="t3.carried_forward.total"]').input_value() == "3"


def test_check_many_files_at_once(page):
    files = [need(SEED_001), need(HONGZE / "hongze-district_2024_original.pdf")]
    drop_files(page, *files)
    page.wait_for_function("document.querySelectorAll('#progress li[data-stage=done]').length === 2")
    page.locator("#progress li").nth(1).locator("a.open").click()
    page.wait_for_selector("#result article.result h2:has-text('洪泽')")
