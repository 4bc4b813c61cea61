"""Our columns, and how agencies head them: built-in synonyms plus an optional mapping file.

Headers are compared folded (diacritics, case, punctuation and spacing ignored), so
"Số ĐT", "so dt" and "SỐ  ĐT." name the same column.
"""

import json
import tomllib
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.text import fold


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    synonyms: tuple[str, ...]
    required: bool = False


COLUMNS = [
    Column(
        "external_number",
        gettext_lazy("Register number"),
        ("số đơn", "số hồ sơ", "số thứ tự", "số vào sổ", "số đăng ký", "mã hồ sơ", "mã đơn"),
        required=True,
    ),
    Column(
        "received_on",
        gettext_lazy("Date received"),
        ("ngày nhận", "ngày nhận đơn", "ngày tiếp nhận", "ngày vào sổ", "ngày đơn đến"),
        required=True,
    ),
    Column(
        "kind",
        gettext_lazy("Kind"),
        ("loại đơn", "phân loại đơn", "phân loại", "loại vụ việc", "loại"),
        required=True,
    ),
    Column("field", gettext_lazy("Field"), ("lĩnh vực", "lĩnh vực đơn"), required=True),
    Column(
        "locality",
        gettext_lazy("Locality"),
        ("địa bàn", "xã phường", "địa bàn xảy ra vụ việc", "nơi xảy ra vụ việc", "địa phương"),
        required=True,
    ),
    Column(
        "content",
        gettext_lazy("Content"),
        ("nội dung", "nội dung đơn", "nội dung vụ việc", "tóm tắt nội dung", "nội dung chính"),
        required=True,
    ),
    Column("subject", gettext_lazy("Subject"), ("trích yếu", "tiêu đề", "vấn đề", "tóm tắt")),
    Column(
        "unit",
        gettext_lazy("Handling unit"),
        ("đơn vị xử lý", "cơ quan xử lý", "đơn vị giải quyết", "cơ quan giải quyết", "đơn vị"),
    ),
    Column(
        "channel",
        gettext_lazy("Channel"),
        ("nguồn đơn", "hình thức", "hình thức tiếp nhận", "kênh tiếp nhận", "hình thức nhận"),
    ),
    Column(
        "forwarded_from",
        gettext_lazy("Forwarded by agency"),
        ("cơ quan chuyển đơn", "đơn vị chuyển đơn", "nơi chuyển đơn", "cơ quan chuyển"),
    ),
    Column(
        "full_name",
        gettext_lazy("Petitioner"),
        ("họ và tên", "họ tên", "người gửi đơn", "họ tên người gửi", "người đứng đơn", "công dân"),
    ),
    Column("address", gettext_lazy("Address"), ("địa chỉ", "địa chỉ người gửi", "nơi cư trú")),
    Column("phone", gettext_lazy("Phone"), ("số điện thoại", "điện thoại", "sđt", "số đt", "đt")),
    Column(
        "id_number",
        gettext_lazy("ID number"),
        (
            "số cccd",
            "cccd",
            "số cmnd",
            "cmnd",
            "cccd/cmnd",
            "cmnd/cccd",
            "số cccd/cmnd",
            "số cmnd/cccd",
            "số căn cước",
            "số định danh",
            "số giấy tờ tùy thân",
        ),
    ),
    Column("email", gettext_lazy("Email"), ("email", "thư điện tử")),
    Column("group_size", gettext_lazy("Number of people"), ("số người", "số người tham gia")),
    Column(
        "status",
        gettext_lazy("Status"),
        ("tình trạng", "trạng thái", "kết quả xử lý", "tình trạng xử lý", "kết quả xử lý đơn"),
    ),
    Column("accepted_on", gettext_lazy("Date accepted"), ("ngày thụ lý",)),
    Column(
        "handler",
        gettext_lazy("Handler"),
        ("cán bộ xử lý", "người xử lý", "cán bộ xác minh", "cán bộ thụ lý"),
    ),
    Column(
        "decided_on",
        gettext_lazy("Decision date"),
        ("ngày quyết định", "ngày giải quyết", "ngày ban hành", "ngày kết luận", "ngày ký"),
    ),
    Column(
        "decision_number",
        gettext_lazy("Decision number"),
        ("số quyết định", "số qđ", "số kết luận", "số văn bản"),
    ),
    Column(
        "outcome",
        gettext_lazy("Outcome"),
        ("kết quả giải quyết", "kết quả", "kết luận"),
    ),
    Column("responded_on", gettext_lazy("Date responded"), ("ngày trả lời", "ngày thông báo")),
    Column(
        "closed_on",
        gettext_lazy("Date closed"),
        ("ngày kết thúc", "ngày xử lý", "ngày chuyển đơn", "ngày lưu đơn", "ngày rút đơn"),
    ),
    Column(
        "forwarded_to",
        gettext_lazy("Forwarded to"),
        ("nơi chuyển đến", "chuyển đến", "cơ quan nhận", "chuyển cho", "chuyển đơn đến"),
    ),
    Column("archive_reason", gettext_lazy("Archive reason"), ("lý do lưu đơn", "lý do lưu")),
]
BY_KEY = {column.key: column for column in COLUMNS}
SYNONYMS = {fold(word): column.key for column in COLUMNS for word in (column.key, *column.synonyms)}


class MappingError(ValueError):
    """A mapping file that cannot be read, or that names a column we do not have."""


def parse_mapping(raw: bytes, *, name: str) -> dict[str, str]:
    """Return a mapping file's {folded header: column key}, from JSON or TOML."""
    try:
        text = raw.decode("utf-8-sig")
        is_toml = PurePath(name).suffix.lower() == ".toml"
        data = tomllib.loads(text) if is_toml else json.loads(text)
    except (UnicodeDecodeError, ValueError) as exc:
        message = _("The mapping file cannot be read: %(error)s") % {"error": exc}
        raise MappingError(message) from exc
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise MappingError(_("The mapping file maps each header to the name of one column."))
    unknown = sorted(set(data.values()) - set(BY_KEY))
    if unknown:
        raise MappingError(
            _("The mapping file names unknown columns: %(names)s. Known columns: %(known)s.")
            % {"names": ", ".join(unknown), "known": ", ".join(BY_KEY)}
        )
    return {fold(header): key for header, key in data.items()}


@dataclass(frozen=True)
class Header:
    """Where each of our columns is in the sheet, and what the sheet calls it."""

    positions: dict[str, int]
    titles: dict[str, str]
    ignored: tuple[str, ...]

    @property
    def missing(self) -> list[Column]:
        return [c for c in COLUMNS if c.required and c.key not in self.positions]

    def title(self, key: str) -> str:
        """Return the sheet's own header for a column, or our label when the sheet has none."""
        return self.titles.get(key) or str(BY_KEY[key].label)


def match_header(cells, mapping: dict[str, str] | None = None) -> Header:
    """Map a header row's cells to our columns; the mapping file wins over the synonyms."""
    positions, titles, ignored = {}, {}, []
    for index, cell in enumerate(cells):
        title = str(cell).strip() if cell is not None else ""
        if not title:
            continue
        folded = fold(title)
        key = (mapping or {}).get(folded) or SYNONYMS.get(folded)
        if key is None or key in positions:
            ignored.append(title)
            continue
        positions[key], titles[key] = index, title
    return Header(positions, titles, tuple(ignored))
