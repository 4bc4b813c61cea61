"""Kinds, states, fields, localities, units and the rest, matched by label or code, folded."""

from collections import defaultdict

from django.utils import translation

from cases.models import (
    ArchiveReason,
    Channel,
    Field,
    Kind,
    Locality,
    Outcome,
    Status,
    Unit,
    User,
)
from cases.services import REFERENCE_PREFIXES
from common.text import fold

# How registers write what the choices' labels do not say.
KIND_WORDS = {
    "khiếu nại": Kind.COMPLAINT,
    "tố cáo": Kind.DENUNCIATION,
    "kiến nghị": Kind.RECOMMENDATION,
    "phản ánh": Kind.FEEDBACK,
    "kiến nghị, phản ánh": Kind.RECOMMENDATION,
    **{prefix: kind for kind, prefix in REFERENCE_PREFIXES.items()},
}
STATUS_WORDS = {
    "chưa xử lý": Status.RECEIVED,
    "tiếp nhận": Status.RECEIVED,
    "mới tiếp nhận": Status.RECEIVED,
    "thụ lý": Status.ACCEPTED,
    "đang giải quyết": Status.ACCEPTED,
    "đang xác minh": Status.VERIFYING,
    "xác minh": Status.VERIFYING,
    "đã giải quyết": Status.RESOLVED,
    "đã có quyết định": Status.RESOLVED,
    "đã có kết luận": Status.RESOLVED,
    "đã kết luận": Status.RESOLVED,
    "giải quyết": Status.RESOLVED,
    "đã trả lời": Status.RESPONDED,
    "trả lời": Status.RESPONDED,
    "đã thông báo kết quả": Status.RESPONDED,
    "kết thúc": Status.CLOSED,
    "đã kết thúc": Status.CLOSED,
    "hoàn thành": Status.CLOSED,
    "chuyển đơn": Status.FORWARDED,
    "đã chuyển": Status.FORWARDED,
    "hướng dẫn": Status.GUIDED,
    "đã hướng dẫn": Status.GUIDED,
    "lưu đơn": Status.ARCHIVED,
    "đã lưu": Status.ARCHIVED,
    "lưu": Status.ARCHIVED,
    "rút đơn": Status.WITHDRAWN,
    "đã rút": Status.WITHDRAWN,
}
OUTCOME_WORDS = {
    "đúng": Outcome.UPHELD,
    "đúng toàn bộ": Outcome.UPHELD,
    "có cơ sở": Outcome.UPHELD,
    "đúng một phần": Outcome.PARTLY_UPHELD,
    "đúng 1 phần": Outcome.PARTLY_UPHELD,
    "có đúng có sai": Outcome.PARTLY_UPHELD,
    "sai": Outcome.REJECTED,
    "sai toàn bộ": Outcome.REJECTED,
    "không đúng": Outcome.REJECTED,
    "không có cơ sở": Outcome.REJECTED,
}
# "Khiếu nại đúng một phần", "Tố cáo sai": the kind in front says nothing about the outcome.
OUTCOME_PREFIXES = ("khieu nai ", "to cao ", "kien nghi ", "phan anh ")
ARCHIVE_WORDS = {
    "ẩn danh": ArchiveReason.ANONYMOUS,
    "mạo danh": ArchiveReason.ANONYMOUS,
    "không rõ ràng": ArchiveReason.UNCLEAR,
    "nội dung không rõ ràng": ArchiveReason.UNCLEAR,
    "trùng": ArchiveReason.DUPLICATE,
    "đơn trùng": ArchiveReason.DUPLICATE,
    "trùng lặp": ArchiveReason.DUPLICATE,
    "đã được giải quyết": ArchiveReason.ALREADY_RESOLVED,
    "đã giải quyết": ArchiveReason.ALREADY_RESOLVED,
    "hết thời hiệu": ArchiveReason.OUT_OF_TIME,
    "quá thời hiệu": ArchiveReason.OUT_OF_TIME,
    "không đủ điều kiện": ArchiveReason.NOT_ELIGIBLE,
    "không đủ điều kiện xử lý": ArchiveReason.NOT_ELIGIBLE,
}
CHANNEL_WORDS = {
    "trực tiếp": Channel.IN_PERSON,
    "tiếp công dân": Channel.IN_PERSON,
    "bưu điện": Channel.POST,
    "bưu chính": Channel.POST,
    "qua bưu điện": Channel.POST,
    "thư": Channel.POST,
    "thư điện tử": Channel.EMAIL,
    "điện thoại": Channel.PHONE,
    "trực tuyến": Channel.PORTAL,
    "cổng thông tin": Channel.PORTAL,
    "cổng dịch vụ công": Channel.PORTAL,
    "cơ quan khác chuyển đến": Channel.FORWARDED,
    "chuyển đến": Channel.FORWARDED,
}
# Abbreviations registers use for fields.
FIELD_WORDS = {
    "gpmb": "giải phóng mặt bằng",
    "bt gpmb": "bồi thường giải phóng mặt bằng",
    "btgpmb": "bồi thường giải phóng mặt bằng",
    "cbcc": "cán bộ công chức",
}
# Words in front of a place or agency name that registers often leave out.
PLACE_PREFIXES = (
    "tinh ",
    "thanh pho ",
    "huyen ",
    "thi xa ",
    "quan ",
    "xa ",
    "phuong ",
    "thi tran ",
    "ubnd ",
    "uy ban nhan dan ",
)


def _short(folded: str) -> str:
    for prefix in PLACE_PREFIXES:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


class Ambiguous(LookupError):
    def __init__(self, candidates):
        self.candidates = sorted(candidates)
        super().__init__(", ".join(self.candidates))


class Catalogue:
    """Values found by folded name or code: exact first, then without a place prefix."""

    def __init__(
        self, named: dict[str, object], *, shorten: bool = False, partial: bool = False, words=None
    ):
        self.exact: dict[str, set] = defaultdict(set)
        self.short: dict[str, set] = defaultdict(set)
        for name, value in named.items():
            folded = fold(name)
            self.exact[folded].add(value)
            if shorten:
                self.short[_short(folded)].add(value)
        self.partial = partial
        self.words = {fold(word): fold(meaning) for word, meaning in (words or {}).items()}
        self._found: dict[str, object] = {}

    def find(self, raw: str):
        """Return the value a cell names, None when nothing matches; raise Ambiguous."""
        # Registers repeat the same few labels: each is folded and searched once.
        if raw not in self._found:
            folded = fold(raw)
            self._found[raw] = self._search(self.words.get(folded, folded))
        found = self._found[raw]
        if isinstance(found, Ambiguous):
            raise found
        return found

    def _search(self, folded: str):
        for values in self._candidates(folded):
            if len(values) == 1:
                return next(iter(values))
            if len(values) > 1:
                return Ambiguous(str(getattr(value, "code", value)) for value in values)
        return None

    def _candidates(self, folded: str):
        """Yield the matches of each kind in turn: exact, without a place prefix, partial."""
        yield self.exact.get(folded, set())
        yield self.short.get(_short(folded), set())
        if self.partial:
            # "Giải phóng mặt bằng" names "Bồi thường, giải phóng mặt bằng" if nothing else.
            yield {
                value
                for key, found in self.exact.items()
                if f" {folded} " in f" {key} "
                for value in found
            }


def _choices(choices, words: dict) -> Catalogue:
    named = {**words}
    for value in choices.values:
        named[value] = value
        for language in ("en", "vi"):
            with translation.override(language):
                named[str(choices(value).label)] = value
    return Catalogue(named)


def _objects(queryset) -> dict[str, object]:
    named = {}
    for item in queryset:
        named[item.code] = item
        named[item.name] = item
    return named


class References:
    """Every list a register's cells are matched against, read once per import."""

    def __init__(self):
        self.kinds = _choices(Kind, KIND_WORDS)
        self.statuses = _choices(Status, STATUS_WORDS)
        self.outcomes = _choices(Outcome, OUTCOME_WORDS)
        self.archive_reasons = _choices(ArchiveReason, ARCHIVE_WORDS)
        self.channels = _choices(Channel, CHANNEL_WORDS)
        self.fields = Catalogue(_objects(Field.objects.all()), partial=True, words=FIELD_WORDS)
        self.localities = Catalogue(_objects(Locality.objects.all()), shorten=True)
        self.units = Catalogue(_objects(Unit.objects.all()), shorten=True)
        self._handlers: dict[int, Catalogue] = {}

    def outcome(self, raw: str):
        folded = fold(raw)
        for prefix in OUTCOME_PREFIXES:
            if folded.startswith(prefix):
                folded = folded[len(prefix) :]
        return self.outcomes.find(folded)

    def handler(self, unit: Unit, raw: str) -> User | None:
        """Return the member of the unit named by username or full name."""
        if unit.pk not in self._handlers:
            named = {}
            for user in User.objects.filter(unit=unit, is_active=True):
                named[user.username] = user
                named[user.get_full_name()] = user
            self._handlers[unit.pk] = Catalogue(named)
        return self._handlers[unit.pk].find(raw)
