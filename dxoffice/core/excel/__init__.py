"""Excel building blocks every module uses to read and write workbooks the same way.

- `columns`: a column of an exchange workbook (machine key, bilingual labels, cell kind, choices);
- `values`: turning cell values into Python values (text, dates, amounts, yes/no, choices, codes);
- `reader`: streaming an uploaded workbook sheet by sheet, with size limits and formula checks;
- `result`: the problems a check found (sheet, row, column, message), bounded;
- `styles`: the shared look of the workbooks we write;
- `safe`: every text cell we write goes through it, so no text is ever taken for a formula.
"""
