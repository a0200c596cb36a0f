#!/usr/bin/env python3
"""Writes tests/fixtures/roster.xls: a small legacy-Excel (BIFF8) roster with Chinese headers
and the damage rosters carry, so that the .xls path (calamine) is tested with a real file.
Nothing in this project writes .xls, so it is made with PyPI xlwt (BSD), version pinned:

    python3 -m venv /tmp/xlsenv && /tmp/xlsenv/bin/pip install xlwt==1.3.0
    /tmp/xlsenv/bin/python tools/gen_xls_fixture.py

The people are made up (valid IDs built from region codes, not real persons)."""
import xlwt

assert xlwt.__VERSION__ == "1.3.0", xlwt.__VERSION__

ROWS = [
    # 序号, 乡镇, 村（社区）, 姓名, 公民身份号码, 联系电话, 人员类别, 参保状态
    (1, "城关镇", "东村", "张三", "11010519491231002X", "13800138000", "低保对象", "已参保"),
    (2, "城关镇", "东村", "李四", 1.10105194912310e17, 13800138001, "特困人员", "未参保"),
    (3, "城关镇", "西村", "王五", "110105491231002", "", "稳定脱贫人口", "已参保"),
    (4, "新华镇", "南村", "赵六", "110105194912310021", "138001380", "", "已参保"),
    (5, "新华镇", "南村", "钱七", "11010519491231002x", "13800138002", "低保对象", "已参保"),
]

book = xlwt.Workbook(encoding="utf-8")
sheet = book.add_sheet("参保台账")
sheet.write(0, 0, "某县城乡居民医保参保台账")
for c, h in enumerate(["序号", "乡镇", "村（社区）", "姓名", "公民身份号码", "联系电话", "人员类别", "参保状态"]):
    sheet.write(1, c, h)
for r, row in enumerate(ROWS, start=2):
    for c, v in enumerate(row):
        sheet.write(r, c, v)
book.add_sheet("说明").write(0, 0, "虚构数据，仅供测试")
book.save("tests/fixtures/roster.xls")
