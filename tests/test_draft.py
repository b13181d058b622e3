"""Data files: `nianbao new` (YAML, Excel), filling them, computed totals, errors naming cells."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from nianbao.draft import computed_parts, leaf_cells, load_data, new_report, to_yaml, write_data
from nianbao.errors import InputError
from nianbao.schema.template import load_template

LEDGER = Path(__file__).parent / "fixtures" / "ledger" / "register-2025.csv"
AGENCY = "某某市某某区人民政府"


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nianbao.cli", *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("edition,year", [("2021", 2025), ("2019", 2020)])
@pytest.mark.parametrize("suffix", [".yaml", ".xlsx"])
def test_new_file_reads_back_as_zeros(tmp_path, edition, year, suffix):
    path = tmp_path / f"data{suffix}"
    write_data(new_report(edition, year, AGENCY), path)
    r = load_data(path)
    tmpl = load_template(edition)
    assert r.edition == edition and r.meta.agency == AGENCY and r.meta.year == year
    assert set(r.cells) == set(tmpl.cell_ids()) and all(v == 0 for v in r.values().values())
    assert [s.number for s in r.sections] == [1, 2, 3, 4, 5, 6]


def test_yaml_lists_only_leaves_with_their_labels():
    text = to_yaml(new_report("2021", 2025, AGENCY))
    data = yaml.safe_load(text)
    assert "total" not in data["t3"]["new_received"] and "total_processed" not in data["t3"]
    assert "total" not in data["t4"]["review"]
    assert "# 一、本年新收政府信息公开申请数量" in text  # labels come from the template


def _filled_yaml(tmp_path: Path, **changes) -> Path:
    data = yaml.safe_load(to_yaml(new_report("2021", 2025, AGENCY)))
    data["t3"]["new_received"].update(natural_person=10, commercial=2)
    data["t3"]["carried_over"]["natural_person"] = 1
    data["t3"]["granted"].update(natural_person=6, commercial=1)
    data["t3"]["unavailable_not_held"]["natural_person"] = 3
    data["t3"]["carried_forward"].update(natural_person=2, commercial=1)
    data["t4"]["review"].update(upheld=1, pending=1)
    data["sections"][1] = "本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。"
    for path, value in changes.items():
        t, r, c = path.split("__")
        data[t].setdefault(r, {})[c] = value
    p = tmp_path / "filled.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return p


def test_totals_are_computed(tmp_path):
    r = load_data(_filled_yaml(tmp_path))
    assert r.value("t3.new_received.total") == 12
    assert r.value("t3.total_processed.natural_person") == 9
    assert r.value("t3.total_processed.commercial") == 1
    assert r.value("t3.total_processed.total") == 10
    assert r.value("t4.review.total") == 2
    assert r.section(1).text.startswith("本年度")


def test_given_total_that_agrees_is_accepted(tmp_path):
    r = load_data(_filled_yaml(tmp_path, t3__total_processed__natural_person=9, t3__new_received__total=12))
    assert r.value("t3.total_processed.total") == 10


def test_given_total_that_disagrees_names_the_cell(tmp_path):
    with pytest.raises(InputError) as e:
        load_data(_filled_yaml(tmp_path, t3__total_processed__natural_person=8))
    msg = str(e.value)
    assert "filled.yaml" in msg and "（七）总计" in msg and "自然人" in msg and "t3.total_processed.natural_person" in msg
    assert "8" in msg and "9" in msg


@pytest.mark.parametrize(
    "change,problem",
    [
        ({"t3__granted__research": None}, "未填写"),
        ({"t3__granted__research": -1}, "不能为负数"),
        ({"t3__granted__research": 1.5}, "应为整数"),
        ({"t3__granted__research": "很多"}, "不是数字"),
        ({"t3__granted__nobody": 1}, "未知的单元格"),
    ],
)
def test_bad_leaf_names_the_cell(tmp_path, change, problem):
    with pytest.raises(InputError, match=problem):
        load_data(_filled_yaml(tmp_path, **change))


def test_decimal_amount_is_kept(tmp_path):
    r = load_data(_filled_yaml(tmp_path, t2__fees__amount=12.35))
    assert r.value("t2.fees.amount") == 12.35


def test_excel_workbook_looks_like_the_official_tables(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "data.xlsx"
    write_data(new_report("2021", 2025, AGENCY), path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["基本信息", "正文", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]
    t3 = wb["三、收到和处理政府信息公开申请情况"]
    merged = {str(m) for m in t3.merged_cells.ranges}
    tmpl = load_template("2021")
    assert t3["A2"].value == tmpl.tables["t3"].note and "A2:C4" in merged  # the 勾稽关系 note heads the label columns
    assert t3["E3"].value == "法人或其他组织" and "E3:I3" in merged
    assert t3["J3"].value == "总计" and "J3:J4" in merged
    assert str(t3["J5"].value).startswith("=SUM(")  # totals are formulas
    t4 = wb["四、政府信息公开行政复议、行政诉讼情况"]
    assert t4["F2"].value == "行政诉讼" and "F2:O2" in {str(m) for m in t4.merged_cells.ranges}


def test_filled_excel_computes_totals_and_names_sheet_cells(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "data.xlsx"
    write_data(new_report("2021", 2025, AGENCY), path)
    wb = load_workbook(path)
    ws = wb["三、收到和处理政府信息公开申请情况"]
    ws["D5"] = 3  # 一、本年新收 × 自然人
    ws["D7"] = 3  # （一）予以公开 × 自然人
    wb["正文"]["B1"] = "总体情况正文。"
    wb.save(path)
    r = load_data(path)
    assert r.value("t3.new_received.total") == 3 and r.value("t3.total_processed.natural_person") == 3
    assert r.section(1).text == "总体情况正文。"
    ws["J5"] = 4  # a typed total that disagrees
    wb.save(path)
    with pytest.raises(InputError, match=r"工作表「三、收到和处理政府信息公开申请情况」J5 单元格.*t3\.new_received\.total"):
        load_data(path)
    ws["J5"] = None
    ws["A5"] = "改动的标签"
    wb.save(path)
    with pytest.raises(InputError, match="表格结构被改动"):
        load_data(path)


def test_parse_json_is_a_data_file(tmp_path):
    import nianbao
    from nianbao.render.official import write_official

    src = load_data(_filled_yaml(tmp_path))
    write_official(src, tmp_path / "r.txt")
    parsed = nianbao.parse(tmp_path / "r.txt")
    (tmp_path / "r.json").write_text(json.dumps(parsed.to_contract(), ensure_ascii=False), "utf-8")
    again = load_data(tmp_path / "r.json")
    assert again.values() == src.values()
    assert [s.text for s in again.sections] == [s.text for s in src.sections]


def test_register_in_place_of_table3(tmp_path):
    data = yaml.safe_load(to_yaml(new_report("2021", 2025, AGENCY)))
    del data["t3"]
    data["register"] = "register-2025.csv"
    shutil.copy(LEDGER, tmp_path / "register-2025.csv")
    p = tmp_path / "d.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    r = load_data(p)
    assert r.value("t3.new_received.total") == 9 and r.value("t3.carried_forward.total") == 3


def test_computed_cells_are_exactly_the_totals():
    for ed in ("2021", "2019"):
        tmpl = load_template(ed)
        computed = set(computed_parts(tmpl))
        assert all(c.endswith(".total") or ".total_processed." in c for c in computed)
        assert computed.isdisjoint(leaf_cells(tmpl)) and computed | set(leaf_cells(tmpl)) == set(tmpl.cell_ids())


def test_cli_new_and_render(tmp_path):
    r = cli("new", "--year", "2025", "--agency", AGENCY, "-o", "d.yaml", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r = cli("new", "--year", "2025", "--agency", AGENCY, "-o", "d.yaml", cwd=tmp_path)
    assert r.returncode == 2 and "已存在" in r.stderr  # never overwrites without --force
    r = cli("render", "d.yaml", "-o", "r.html", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert f"{AGENCY}2025年政府信息公开工作年度报告" in (tmp_path / "r.html").read_text("utf-8")


def test_cli_render_user_mistake_is_one_line(tmp_path):
    p = _filled_yaml(tmp_path, t3__total_processed__natural_person=8)
    r = cli("render", str(p), "-o", str(tmp_path / "r.docx"))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "t3.total_processed.natural_person" in r.stderr
    assert not (tmp_path / "r.docx").exists()
    r = cli("render", str(p), "-o", str(tmp_path / "r.odt"))
    assert r.returncode == 2 and "不支持的输出格式" in r.stderr


def test_cli_render_stops_on_audit_errors_unless_forced(tmp_path):
    # carried forward disagrees with the balance: the audit's T3-BALANCE is an error
    p = _filled_yaml(tmp_path, t3__carried_forward__natural_person=5)
    out = tmp_path / "r.md"
    r = cli("render", str(p), "-o", str(out))
    if "T3-BALANCE" not in r.stderr:
        pytest.skip("the audit does not report T3-BALANCE yet")
    assert r.returncode == 1 and not out.exists()
    r = cli("render", str(p), "-o", str(out), "--force")
    assert r.returncode == 0 and out.exists()
