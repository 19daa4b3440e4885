"""Writes customers.xlsx, the workbook the XLSX reader is tested on, with openpyxl: the
way Excel-compatible tools save (deflated parts, shared strings, a date cell with a
date style, an empty row, rich text in two runs). Run: python make_xlsx_fixture.py"""
import datetime
import os

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "客户"
ws.append(["客户编号", "姓名", "手机", "生日", "信用额度"])
ws.append(["C001", "王芳", 13800001111, datetime.date(1990, 1, 1), 5000])
ws.append(["C002", "Li, Lei", 13900002222, None, 1234.56])
ws.cell(row=5, column=1, value="C003")
ws.cell(row=5, column=2, value=CellRichText([TextBlock(InlineFont(b=True), "张"), " 三"]))
# A second sheet, which the import does not read.
wb.create_sheet("其他").append(["ignored"])
wb.save(os.path.join(os.path.dirname(os.path.abspath(__file__)), "customers.xlsx"))
