"""Registers of past petitions as agencies keep them, generated for tests and the benchmark.

`sample_rows` draws rows in every state the import takes, with the date formats, headers and
spellings registers use; `write_xlsx` and `write_csv` save them. Nothing binary is committed.
"""

import csv
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import openpyxl

HEADERS = [
    "Số đơn",
    "Ngày nhận đơn",
    "Họ và tên",
    "Địa chỉ",
    "Số điện thoại",
    "Số CCCD/CMND",
    "Loại đơn",
    "Lĩnh vực",
    "Nguồn đơn",
    "Nội dung",
    "Địa bàn",
    "Đơn vị xử lý",
    "Tình trạng",
    "Ngày thụ lý",
    "Cán bộ xử lý",
    "Ngày quyết định",
    "Số quyết định",
    "Kết quả giải quyết",
    "Ngày trả lời",
    "Ngày kết thúc",
    "Nơi chuyển đến",
    "Lý do lưu đơn",
    "Ghi chú",
]
TITLE = "SỔ THEO DÕI ĐƠN THƯ KHIẾU NẠI, TỐ CÁO, KIẾN NGHỊ, PHẢN ÁNH"

# (state as registers write it, our state, the dates it carries)
STATES = [
    ("Chưa xử lý", "received", ()),
    ("Đã thụ lý", "accepted", ("Ngày thụ lý",)),
    ("Đang xác minh", "verifying", ("Ngày thụ lý",)),
    ("Đã có quyết định", "resolved", ("Ngày thụ lý", "Ngày quyết định")),
    ("Đã trả lời", "responded", ("Ngày thụ lý", "Ngày quyết định", "Ngày trả lời")),
    (
        "Kết thúc",
        "closed",
        ("Ngày thụ lý", "Ngày quyết định", "Ngày trả lời", "Ngày kết thúc"),
    ),
    ("Chuyển đơn", "forwarded", ("Ngày kết thúc",)),
    ("Hướng dẫn", "guided", ("Ngày kết thúc",)),
    ("Lưu đơn", "archived", ("Ngày kết thúc",)),
    ("Rút đơn", "withdrawn", ("Ngày kết thúc",)),
]
KINDS = [
    ("Khiếu nại", "complaint"),
    ("Tố cáo", "denunciation"),
    ("Kiến nghị", "recommendation"),
    ("Phản ánh", "feedback"),
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hoa", "Hùng", "Lan", "Mai", "Nam", "Yến"]
MATTERS = [
    "Đề nghị xem xét lại việc thu hồi {area} m² đất nông nghiệp tại {place}.",
    "Phản ánh việc đổ đất lấn chiếm mương thoát nước tại {place}.",
    "Kiến nghị sửa chữa đường giao thông liên thôn bị sạt lở tại {place}.",
    "Tố cáo cán bộ địa chính {place} nhận tiền khi làm thủ tục cấp giấy chứng nhận.",
    "Khiếu nại mức bồi thường, hỗ trợ khi giải phóng mặt bằng dự án tại {place}.",
]
CHANNELS = ["Trực tiếp", "Bưu điện", "Trực tiếp", "Thư điện tử"]
OUTCOMES = ["Đúng", "Đúng một phần", "Sai", "Khiếu nại sai"]
ARCHIVE_REASONS = ["Đơn trùng", "Nội dung không rõ ràng", "Hết thời hiệu"]


@dataclass(frozen=True)
class Places:
    """The names a register uses: fields, localities, handling units and each unit's staff."""

    fields: list[str]
    localities: list[str]
    units: list[str]
    handlers: dict[str, list[str]]


@dataclass
class SampleRow:
    cells: dict[str, object]
    status: str
    kind: str


def _date_cell(rng: random.Random, day: date, *, cells_may_be_dates: bool):
    style = rng.randrange(4)
    if style == 0 and cells_may_be_dates:
        return datetime.combine(day, datetime.min.time())
    if style == 1:
        return f"{day.day}/{day.month}/{day.year % 100:02d}"
    if style == 2:
        return f"ngày {day.day} tháng {day.month} năm {day.year}"
    return f"{day:%d/%m/%Y}"


def sample_rows(
    places: Places,
    count: int,
    *,
    today: date,
    seed: int = 2025,
    first_number: int = 1,
    cells_may_be_dates: bool = True,
) -> Iterator[SampleRow]:
    """Yield `count` valid rows, numbered from `first_number`, received in the past two years."""
    rng = random.Random(seed)
    for number in range(first_number, first_number + count):
        label, status, date_headers = rng.choice(STATES)
        kind_label, kind = rng.choice(KINDS)
        unit = rng.choice(places.units)
        place = rng.choice(places.localities)
        anonymous = kind == "denunciation" and status in ("received", "archived", "forwarded")
        anonymous = anonymous and rng.random() < 0.5
        received = today - timedelta(days=rng.randint(150, 700))
        cells = {
            "Số đơn": f"{number}/{received.year}",
            "Ngày nhận đơn": _date_cell(rng, received, cells_may_be_dates=cells_may_be_dates),
            "Loại đơn": kind_label,
            "Lĩnh vực": rng.choice(places.fields),
            "Nguồn đơn": rng.choice(CHANNELS),
            "Nội dung": rng.choice(MATTERS).format(area=rng.randint(50, 900), place=place),
            "Địa bàn": place,
            "Đơn vị xử lý": unit,
            "Tình trạng": label,
        }
        if not anonymous:
            cells["Họ và tên"] = " ".join(
                (rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN))
            )
            cells["Địa chỉ"] = f"Thôn {rng.randint(1, 12)}, {place}"
            cells["Số điện thoại"] = f"09{rng.randint(0, 99_999_999):08d}"
            cells["Số CCCD/CMND"] = f"0{rng.randint(10_000_000_000, 99_999_999_999)}"
        day = received
        for header in date_headers:
            day += timedelta(days=rng.randint(3, 25))
            cells[header] = _date_cell(rng, day, cells_may_be_dates=cells_may_be_dates)
        if status in ("verifying", "resolved", "responded", "closed"):
            cells["Cán bộ xử lý"] = rng.choice(places.handlers[unit])
        if "Ngày quyết định" in date_headers:
            cells["Số quyết định"] = f"{rng.randint(10, 999)}/QĐ-UBND"
            cells["Kết quả giải quyết"] = rng.choice(OUTCOMES)
        if status == "forwarded":
            cells["Nơi chuyển đến"] = "Tòa án nhân dân tỉnh"
        if status == "archived":
            cells["Lý do lưu đơn"] = rng.choice(ARCHIVE_REASONS)
        yield SampleRow(cells, status, kind)


def write_xlsx(path, rows: Iterable[dict], *, headers=HEADERS, title: str | None = TITLE) -> None:
    """Save rows as an agency's workbook: a title, a blank line, the header, then the rows."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Sổ theo dõi")
    if title:
        sheet.append([title])
        sheet.append([])
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    workbook.save(path)


def write_csv(
    path, rows: Iterable[dict], *, headers=HEADERS, encoding="utf-8-sig", delimiter=","
) -> None:
    with open(path, "w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream, delimiter=delimiter)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if row.get(h) is None else row.get(h) for h in headers])
