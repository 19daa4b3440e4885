"""Writes the bad-input suite: files a careless export or an attacker could hand kehu
(CSV, XLSX workbooks, backups), each with the outcome kehu must give it, listed in
hostile/README.md. crates/core/tests/hostile.rs checks every one in the core, and
tests/e2e/hostile.test.mjs in the browser. Standard library only.
Run: python make_hostile.py (the files are committed; rerun after changing this)."""
import json
import os
import struct
import zipfile
import zlib

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hostile")
os.makedirs(HERE, exist_ok=True)
for old in os.listdir(HERE):
    os.remove(os.path.join(HERE, old))
CASES = []


def write(name, data, outcome):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    CASES.append((name, outcome))


def csv(*lines):
    return "\r\n".join(lines) + "\r\n"


# --- CSV, refused as files -------------------------------------------------------------
write("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
      "not a text file")
write("empty.csv", b"", "the file is empty")
write("blank-lines.csv", b"\r\n  \r\n\t\r\n", "the file is empty")
write("nul-early.csv", b"name,city\r\nAda\x00,London\r\n", "not a text file")
write("utf16-without-bom.csv", "name,city\r\nAda,London\r\n".encode("utf-16-le"),
      "not a text file")
write("16385-columns.csv", ",".join(f"c{i}" for i in range(16385)) + "\r\nx\r\n",
      "more than 16,384 columns")

# --- CSV, every row refused (customers file, English headers) ---------------------------
write("name-too-long.csv", csv("name,city", "N" * 101 + ",London"), "name: at most 100 characters")
write("city-too-long.csv", csv("name,city", "Ada," + "市" * 201), "city: at most 200 characters")
write("notes-too-long.csv", csv("name,notes", "Ada," + "x" * 5001), "notes: at most 5,000 characters")
write("tag-too-long.csv", csv("name,tags", "Ada," + "t" * 31), "tags: a tag longer than 30 characters")
write("too-many-tags.csv", csv("name,tags", "Ada,\"" + ",".join(f"t{i}" for i in range(51)) + "\""),
      "tags: more than 50")
write("bad-email.csv", csv("name,email", "Ada,ada(at)example"), "email: not an email address")
write("bad-phone.csv", csv("name,mobile", "Ada,call me maybe"), "mobile: not a phone number")
write("birth-in-the-future.csv", csv("name,birthday", "Ada,2999-01-01"), "birthday: in the future")
write("not-a-date.csv", csv("name,birthday", "Ada,2026-02-30"), "birthday: not a date")
write("extra-fields.csv", csv("name,city", "Ada,London,UK,Europe"),
      "4 fields where the header has 2")
write("mixed-encoding.csv", ("name,city\r\n" + "".join(f"客户 {i},{'城' * 30}\r\n" for i in range(800))).encode()
      + "王芳,北京\r\n".encode("gbk"), "line 802: not valid UTF-8 text (that row only)")
write("nul-after-64k.csv", "name,notes\r\n" + "".join(f"Customer {i},{'n' * 90}\r\n" for i in range(800))
      + "Hidden\x00Name,x\r\n", "name stored without the NUL")
write("bidi-override.csv", csv("name,city", "Ada\u202egnirts,London"),
      "name stored without the direction override")

# --- CSV, orders (every row refused) -----------------------------------------------------
write("ambiguous-amount.csv", csv("order number,customer,date,amount", "A1,Ada,2026-01-05,\"1,2,3\""),
      "amount: separators that do not group thousands")
write("negative-amount.csv", csv("order number,customer,date,amount", "A1,Ada,2026-01-05,-5"),
      "amount: must not be negative")
write("huge-amount.csv", csv("order number,customer,date,amount", "A1,Ada,2026-01-05,99999999999999999"),
      "amount: too large")
write("order-of-nobody.csv", csv("order number,customer,date,amount", "A1,Nobody,2026-01-05,5"),
      "customer: no such customer")
write("order-in-the-future.csv", csv("order number,customer,date,amount", "A1,Ada,2999-01-05,5"),
      "date: in the future")


# --- XLSX ----------------------------------------------------------------------------------
def sheet_xml(rows):
    out = "<worksheet><sheetData>"
    for r, cells in rows:
        out += f'<row r="{r}">' + "".join(
            f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>' for ref, v in cells) + "</row>"
    return out + "</sheetData></worksheet>"


def workbook(parts, compression=zipfile.ZIP_DEFLATED):
    import io
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", compression) as z:
        for name, text in parts:
            z.writestr(name, text)
    return b.getvalue()


def declare(book, name, size):
    """Sets what `name` says it unpacks to, in the zip's directory."""
    book = bytearray(book)
    at = book.find(b"PK\x01\x02")
    while at >= 0:
        n = struct.unpack_from("<H", book, at + 28)[0]
        if book[at + 46:at + 46 + n] == name.encode():
            struct.pack_into("<I", book, at + 24, size)
        at = book.find(b"PK\x01\x02", at + 4)
    return bytes(book)


SHEET = "xl/worksheets/sheet1.xml"
bomb = "<worksheet><sheetData>" + '<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 1_400_000 \
    + "</sheetData></worksheet>"
write("zip-bomb.xlsx", workbook([(SHEET, bomb)]), "packed more than 200:1")
write("forged-size.xlsx", declare(workbook([(SHEET, sheet_xml([(1, [("A1", "name")])]))]), SHEET, 0xFFFFFFF0),
      "unpacks to more than 2,048 MB")
write("shared-text-too-big.xlsx",
      declare(workbook([("xl/sharedStrings.xml", "<sst><si><t>a</t></si></sst>"),
                        (SHEET, sheet_xml([(1, [("A1", "name")])]))]),
              "xl/sharedStrings.xml", 300 << 20),
      "text is larger than 256 MB")
write("row-1048577.xlsx", workbook([(SHEET, sheet_xml([(1, [("A1", "name")]), (2, [("A2", "Ada")]),
                                                      (1048577, [("A1048577", "Zed")])]))]),
      "more than 1,048,576 rows")
write("column-xfe.xlsx", workbook([(SHEET, sheet_xml([(1, [("A1", "name"), ("XFE1", "far")]),
                                                     (2, [("A2", "Ada")])]))]),
      "more than 16,384 columns")
write("not-a-workbook.xlsx", b"PK\x03\x04 this is no workbook at all", "workbook cannot be read")
whole = workbook([(SHEET, sheet_xml([(1, [("A1", "name")]), (2, [("A2", "Ada")])]))])
write("truncated.xlsx", whole[: len(whole) // 2], "workbook cannot be read")


# --- Backups ---------------------------------------------------------------------------------
def checksum(b):
    h = 0xCBF29CE484222325
    for x in b:
        h ^= x
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"fnv1a64:{h:016x}"


def customer(cid, key, name="Ada", **extra):
    c = {"id": cid, "key": key, "kind": "person", "name": name, "customer_type": "consumer",
         "stage": "user", "level": "basic", "source": None, "created": 1, "updated": 1}
    c.update(extra)
    return c


CAP = 16384


def data(**over):
    d = {"customers": [customer("c1", 1), customer("c2", 2, "Bo")], "customer_key_seq": 2,
         "order_chunks": [{"no": 1, "next": 2, "ids": [CAP, CAP + 1], "customers": [1, 2],
                           "days": [20000, 20001], "cents": [100, 200]}],
         "order_details": [], "interactions": [], "responses": [], "surveys": [], "settings": {}}
    d.update(over)
    return d


def backup(d, schema=8, fmt=1, tamper=None):
    body = json.dumps(d, ensure_ascii=False, separators=(",", ":"))
    sum_ = checksum(body.encode())
    if tamper:
        body = tamper(body)
    head = {"kehu_backup": fmt, "schema": schema, "created": 1,
            "counts": {"customers": 2, "orders": 2, "interactions": 0, "responses": 0, "surveys": 0},
            "checksum": sum_}
    return json.dumps(head, separators=(",", ":"))[:-1] + ',"data":' + body + "}"


write("backup-not-json.json", "name,email\r\nAda,ada@example.com\r\n", "not a kehu backup file")
good = backup(data())
write("backup-truncated.json", good[: len(good) // 2], "damaged")
write("backup-edited.json", backup(data(), tamper=lambda b: b.replace('"Bo"', '"Bob"')), "damaged")
write("backup-newer-format.json", backup(data(), fmt=9), "newer version of kehu (backup format 9)")
write("backup-newer-schema.json", backup(data(), schema=99), "database version 99, this app 8")
write("backup-shared-key.json", backup(data(customers=[customer("c1", 1), customer("c2", 1, "Bo")])),
      "same internal number")
write("backup-key-4294967295.json",
      backup(data(customers=[customer("c1", 1), customer("c2", 4294967295, "Bo")])),
      "internal number out of range")
write("backup-columns-differ.json", backup(data(order_chunks=[
    {"no": 1, "next": 2, "ids": [CAP, CAP + 1], "customers": [1], "days": [20000, 20001], "cents": [100, 200]}])),
    "columns differ")
write("backup-order-outside-chunk.json", backup(data(order_chunks=[
    {"no": 1, "next": 2, "ids": [7, CAP + 1], "customers": [1, 2], "days": [20000, 20001], "cents": [100, 200]}])),
    "outside its block")
write("backup-orphan-order.json", backup(data(order_chunks=[
    {"no": 1, "next": 1, "ids": [CAP], "customers": [9], "days": [20000], "cents": [100]}])),
    "customer is not in the backup")
write("backup-name-too-long.json", backup(data(customers=[customer("c1", 1, "N" * 101), customer("c2", 2, "Bo")])),
      "name: at most 100 characters")
write("backup-bad-email.json", backup(data(customers=[customer("c1", 1, email="not an email"),
                                                      customer("c2", 2, "Bo")])),
      "email: not an email address")
write("backup-score-off-scale.json", backup(data(responses=[
    {"id": "r1", "customer": "c1", "day": 20000, "answers": [{"question": "csat", "score": 9}],
     "comment": "", "created": 1}])), "not on the 1–5 scale")
write("backup-future-order.json", backup(data(order_chunks=[
    {"no": 1, "next": 1, "ids": [CAP], "customers": [1], "days": [99999], "cents": [100]}])),
    "after today")
write("backup-duplicate-id.json", backup(data(customers=[customer("c1", 1), customer("c1", 2, "Bo")])),
      "repeats an earlier record")
write("backup-negative-amount.json", backup(data(order_chunks=[
    {"no": 1, "next": 1, "ids": [CAP], "customers": [1], "days": [20000], "cents": [-100]}])),
    "amount is negative or too large")

with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8") as f:
    f.write("# The bad-input suite\n\nWritten by `../make_hostile.py`; checked by "
            "`crates/core/tests/hostile.rs` (the core's outcome) and `tests/e2e/hostile.test.mjs` "
            "(what the user is shown, and that nothing was written).\n\n| file | outcome |\n|---|---|\n")
    for name, outcome in CASES:
        f.write(f"| `{name}` | {outcome} |\n")
print(len(CASES), "files")
