"""A fixed relevance set for case search: Vietnamese cases, queries, and the cases each must find.

The corpus is loaded through the services that staff use (`petition_register`,
`case_transition`), so it is indexed the way real cases are. Every query names the cases
that must be among its first five results; some also say which of two cases must rank
first (an exact phrase above scattered words, an accented match above one that only folds
alike) or which case must never be found (a denouncer's identity,
docs/search.md#what-is-searchable).

Used by the tests and by `manage.py search_relevance`, which prints the table per backend.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from cases.models import (
    ArchiveReason,
    Case,
    Channel,
    Field,
    Kind,
    Locality,
    Status,
    Unit,
    User,
)
from cases.permissions import Role
from cases.services import PetitionerData, PetitionInput, case_transition, petition_register

from .query import SearchQuery
from .selectors import search_cases

TOP = 5

# --- The organisation the corpus lives in ------------------------------------------------

PROVINCE_UNIT = "ubnd-tinh"
UNITS = [
    # code, name, parent code
    (PROVINCE_UNIT, "UBND tỉnh Tuyên Quang", None),
    ("ubnd-xa-my-lam", "UBND xã Mỹ Lâm", PROVINCE_UNIT),
    ("ubnd-xa-kim-binh", "UBND xã Kim Bình", PROVINCE_UNIT),
    ("ubnd-xa-hung-loi", "UBND xã Hùng Lợi", PROVINCE_UNIT),
]
PROVINCE_LOCALITY = "tuyen-quang"
# Locality code → name, and the unit that handles matters arising there.
LOCALITIES = {
    "my-lam": ("Xã Mỹ Lâm", "ubnd-xa-my-lam"),
    "kim-binh": ("Xã Kim Bình", "ubnd-xa-kim-binh"),
    "hung-loi": ("Xã Hùng Lợi", "ubnd-xa-hung-loi"),
    # No commune unit of its own in the corpus: the province handles it.
    "thai-binh": ("Xã Thái Bình", PROVINCE_UNIT),
}
FIELDS = [
    ("dat-dai", "Đất đai"),
    ("boi-thuong", "Bồi thường, giải phóng mặt bằng"),
    ("moi-truong", "Môi trường"),
    ("chinh-sach-xa-hoi", "Chính sách xã hội"),
    ("can-bo-cong-chuc", "Cán bộ, công chức"),
    ("tu-phap", "Tư pháp"),
    ("xay-dung", "Xây dựng"),
    ("khac", "Khác"),
]
READER = "relevance-leader"


# --- The corpus ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""

    def as_data(self) -> PetitionerData:
        return PetitionerData(
            full_name=self.name, phone=self.phone, address=self.address, id_number=self.id_number
        )


@dataclass(frozen=True)
class CorpusCase:
    """One case of the corpus: its first petition, later petitions joining it, its state."""

    key: str
    kind: str
    field: str
    locality: str
    received: date
    subject: str
    content: str
    petitioner: Person | None = None
    representatives: tuple[Person, ...] = ()
    group_size: int = 1
    channel: str = Channel.POST
    status: str = Status.RECEIVED
    findings: str = ""
    summary: str = ""
    # Later petitions about the same matter: (who, content); they join this case.
    joined: tuple[tuple[Person, str], ...] = ()


def _d(text: str) -> date:
    return date.fromisoformat(text)


K, D, R, F = Kind.COMPLAINT, Kind.DENUNCIATION, Kind.RECOMMENDATION, Kind.FEEDBACK

CORPUS = [
    # Land clearance and compensation (bồi thường, giải phóng mặt bằng).
    CorpusCase(
        "gpmb-cao-toc",
        K,
        "boi-thuong",
        "my-lam",
        _d("2026-02-09"),
        "Khiếu nại phương án bồi thường, giải phóng mặt bằng dự án đường cao tốc "
        "Tuyên Quang – Hà Giang",
        "Gia đình tôi ở thôn Làng Mạ bị thu hồi 1.250 m² đất trồng cây lâu năm để giải phóng "
        "mặt bằng dự án đường cao tốc. Đơn giá bồi thường 85 nghìn đồng/m² thấp hơn các thửa "
        "liền kề cùng vị trí và không tính hỗ trợ chuyển đổi nghề nghiệp. Đề nghị xem xét lại "
        "phương án bồi thường.",
        petitioner=Person("Nguyễn Thị Hường", "008186001234", "0912000111", "thôn Làng Mạ"),
        status=Status.VERIFYING,
        joined=(
            (
                Person("Nguyễn Văn Hậu", "008082007711", "0913222333", "thôn Làng Mạ"),
                "Tôi là hàng xóm của bà Hường, cùng bị thu hồi đất cho dự án đường cao tốc, "
                "đề nghị được xem xét cùng với đơn của bà Hường.",
            ),
        ),
    ),
    CorpusCase(
        "tai-dinh-cu",
        K,
        "boi-thuong",
        "kim-binh",
        _d("2026-03-16"),
        "Khiếu nại việc không được bố trí tái định cư khi thu hồi đất ở",
        "Toàn bộ 180 m² đất ở và nhà của gia đình tôi tại thôn Nà Héc bị thu hồi để thực hiện "
        "dự án Khu dân cư Hưng Thành mở rộng, nhưng gia đình chỉ được hỗ trợ bằng tiền, không "
        "được giao đất tái định cư, trong khi không còn chỗ ở nào khác. Đề nghị bố trí một suất "
        "tái định cư theo quy định.",
        petitioner=Person("Nguyễn Thị Hương", "008187005566", "0915333444", "thôn Nà Héc"),
        status=Status.ACCEPTED,
    ),
    CorpusCase(
        "kiem-dem-cay",
        K,
        "boi-thuong",
        "hung-loi",
        _d("2026-04-06"),
        "Khiếu nại việc kiểm đếm thiếu cây trồng khi giải phóng mặt bằng",
        "Tổ công tác chỉ ghi nhận 120 cây quế trong khi thực tế gia đình tôi có hơn 300 cây quế "
        "5 năm tuổi, chưa kể chuồng trại và giếng nước. Đề nghị kiểm đếm lại để bồi thường đúng "
        "giá trị tài sản trên đất.",
        petitioner=Person("Đặng Văn Đức", "008079004567", "0971555666", "thôn Bản Khiển"),
        channel=Channel.IN_PERSON,
    ),
    CorpusCase(
        "chi-tra-cham",
        K,
        "boi-thuong",
        "thai-binh",
        _d("2026-01-12"),
        "Khiếu nại việc chậm chi trả tiền bồi thường dự án cải tạo, nâng cấp Quốc lộ 2C",
        "Đã hơn hai năm kể từ khi bàn giao mặt bằng, 37 hộ chưa được nhận tiền bồi thường, hỗ "
        "trợ. Các hộ chưa được bố trí đất tái định cư vẫn phải thuê nhà ở tạm, cuộc sống rất "
        "khó khăn.",
        representatives=(
            Person("Hoàng Văn Thụ", "008075002233", "0982111222", "thôn Phúc Lộc"),
            Person("Lê Thị Mai", "008180003344", "0983444555", "thôn Phúc Lộc"),
        ),
        group_size=37,
        channel=Channel.IN_PERSON,
        status=Status.PROPOSED,
        findings="Chủ đầu tư chưa bố trí đủ vốn; đề xuất chi trả dứt điểm trong quý IV.",
    ),
    CorpusCase(
        "ho-chua-rung",
        K,
        "boi-thuong",
        "hung-loi",
        _d("2025-11-20"),
        "Khiếu nại đơn giá bồi thường đất rừng sản xuất thu hồi làm hồ chứa nước Khuôn Khoai",
        "Gia đình tôi được giao 2,3 ha đất rừng sản xuất trồng keo, nay bị thu hồi để xây hồ "
        "chứa nước Khuôn Khoai. Đơn giá bồi thường cây keo chỉ bằng một nửa giá thu mua thực "
        "tế. Đề nghị điều chỉnh đơn giá.",
        petitioner=Person("Triệu Thị Mai", "008185007788", "0966777888", "thôn Nà Khà"),
        status=Status.RESOLVED,
        findings="Đơn giá áp dụng đúng bảng giá của tỉnh tại thời điểm thu hồi.",
        summary="Khiếu nại là sai. Giữ nguyên quyết định phê duyệt phương án bồi thường.",
    ),
    CorpusCase(
        "ke-khai-khong",
        D,
        "boi-thuong",
        "my-lam",
        _d("2026-05-04"),
        "Tố cáo việc kê khai khống tài sản để nhận tiền bồi thường giải phóng mặt bằng",
        "Một số hộ ở thôn Đồng Chùa được kê thêm cây trồng, vật kiến trúc không có thực để "
        "nhận tiền bồi thường khi thực hiện dự án đường cao tốc. Số tiền chi sai ước khoảng 600 "
        "triệu đồng.",
        status=Status.ARCHIVED,
    ),
    CorpusCase(
        "thi-cong-cham",
        F,
        "xay-dung",
        "thai-binh",
        _d("2026-06-15"),
        "Phản ánh nhà thầu thi công đường tránh Quốc lộ 37 chậm tiến độ",
        "Công trình đường tránh Quốc lộ 37 đoạn qua thôn Gò Chè thi công dở dang hơn một năm "
        "do vướng giải phóng mặt bằng, đất đá đổ tràn ra đường, trời mưa lầy lội. Đề nghị đôn "
        "đốc nhà thầu hoàn thành.",
        petitioner=Person("Lục Văn Chiến", "008088001199", "0978123123", "thôn Gò Chè"),
    ),
    CorpusCase(
        "cho-tam",
        F,
        "xay-dung",
        "thai-binh",
        _d("2026-06-22"),
        "Phản ánh chợ tạm lấn chiếm lòng đường gây mất an toàn giao thông",
        "Các hộ kinh doanh bày hàng kín mặt đường trước chợ, xe tải phóng nhanh qua khu vực "
        "này rất nguy hiểm. Nhiều lần người dân đề nghị giải quyết nhưng chỉ được trả lời bằng "
        "miệng, chưa có biện pháp xử lý dứt điểm.",
        petitioner=Person("Chu Thị Yến", "008190004455", "0967432432", "thôn Gò Chè"),
    ),
    # Land (đất đai).
    CorpusCase(
        "dat-coc",
        K,
        "dat-dai",
        "kim-binh",
        _d("2026-03-03"),
        "Khiếu nại việc chủ đầu tư không hoàn trả tiền đặt cọc mua đất nền",
        "Năm 2024 tôi đặt cọc 200 triệu đồng mua một lô đất nền tại dự án Khu dân cư Hưng Thành "
        "mở rộng. Dự án chậm triển khai, chủ đầu tư không ký hợp đồng và không trả lại tiền "
        "đặt cọc.",
        petitioner=Person("Phùng Văn Khánh", "008083006677", "0904567567", "thôn Nà Héc"),
        status=Status.GUIDED,
    ),
    CorpusCase(
        "cap-giay-chung-nhan",
        K,
        "dat-dai",
        "my-lam",
        _d("2026-01-26"),
        "Khiếu nại việc từ chối cấp Giấy chứng nhận quyền sử dụng đất",
        "Gia đình tôi sử dụng ổn định 450 m² đất tại thửa số 112, tờ bản đồ số 7, thôn Đồng "
        "Chùa từ năm 1993, không có tranh chấp. Hồ sơ đề nghị cấp Giấy chứng nhận bị trả lại "
        "với lý do chưa phù hợp quy hoạch, trong khi các hộ liền kề đã được cấp.",
        petitioner=Person("Trần Thị Thu Hà", "008184002211", "0919876876", "thôn Đồng Chùa"),
        status=Status.CLOSED,
        findings="Hồ sơ đủ điều kiện; văn bản trả hồ sơ không đúng quy định.",
        summary="Khiếu nại là đúng. Hủy văn bản trả hồ sơ, giao cơ quan chuyên môn cấp Giấy "
        "chứng nhận.",
    ),
    CorpusCase(
        "tranh-chap-ranh-gioi",
        K,
        "dat-dai",
        "kim-binh",
        _d("2026-02-23"),
        "Khiếu nại quyết định giải quyết tranh chấp đất đai với hộ liền kề",
        "UBND xã giải quyết tranh chấp ranh giới tại thửa số 45, thôn Khuôn Lăn, theo đó gia "
        "đình tôi mất khoảng 60 m² đất vườn. Quyết định không căn cứ bản đồ địa chính năm 1998 "
        "và lời khai của các hộ giáp ranh.",
        petitioner=Person("Quan Văn Hải", "008077003322", "0936111999", "thôn Khuôn Lăn"),
        status=Status.VERIFYING,
    ),
    CorpusCase(
        "nhan-tien-dat-dai",
        D,
        "can-bo-cong-chuc",
        "kim-binh",
        _d("2026-04-20"),
        "Tố cáo cán bộ địa chính nhận tiền của người dân khi giải quyết hồ sơ đất đai",
        "Tôi là Lý Văn Khải, trú tại thôn Nà Khà. Ông Trần Quốc Tuấn, cán bộ địa chính xã, yêu "
        "cầu mỗi hộ nộp từ 5 đến 10 triệu đồng để được giải quyết nhanh thủ tục cấp giấy chứng "
        "nhận, không có biên lai. Hành vi này có dấu hiệu tội nhận hối lộ. Số điện thoại liên "
        "hệ của tôi: 0987654321.",
        petitioner=Person("Lý Văn Khải", "008091001111", "0987654321", "thôn Nà Khà"),
        status=Status.VERIFYING,
    ),
    CorpusCase(
        "lan-chiem-dat-cong",
        D,
        "dat-dai",
        "hung-loi",
        _d("2026-05-18"),
        "Tố cáo hành vi lấn chiếm đất công để xây nhà xưởng",
        "Hộ ông Triệu Văn Lâm ở thôn Bản Khiển lấn chiếm khoảng 300 m² đất hành lang giao "
        "thông và đất công do xã quản lý để xây nhà xưởng; chính quyền xã biết nhưng không xử "
        "lý. Đề nghị kiểm tra, buộc trả lại hiện trạng.",
        petitioner=Person("Đinh Thị Tuyết", "008186009900", "0945000999", "thôn Bản Khiển"),
        status=Status.ACCEPTED,
    ),
    CorpusCase(
        "san-lap-ruong",
        F,
        "dat-dai",
        "kim-binh",
        _d("2026-07-06"),
        "Phản ánh việc san lấp đất ruộng trái phép",
        "Một số hộ ở thôn Khuôn Lăn thuê máy xúc san lấp đất ruộng lúa để làm nhà xưởng khi "
        "chưa được chuyển mục đích sử dụng đất. Đề nghị kiểm tra, xử lý.",
        petitioner=Person("Hà Văn Nghĩa", "008080004411", "0977456456", "thôn Khuôn Lăn"),
    ),
    CorpusCase(
        "quy-hoach-treo",
        R,
        "dat-dai",
        "my-lam",
        _d("2026-08-10"),
        "Kiến nghị điều chỉnh quy hoạch treo để người dân được chuyển mục đích sử dụng đất",
        "Đất vườn của các hộ ở thôn Làng Mạ nằm trong quy hoạch đất giao thông từ năm 2010 nhưng "
        "đến nay chưa triển khai, người dân không thể chuyển mục đích hay xây nhà. Đề nghị rà "
        "soát, điều chỉnh quy hoạch.",
        representatives=(Person("Nguyễn Văn Tùng", "008078008800", "0913888777", "thôn Làng Mạ"),),
        group_size=12,
    ),
    CorpusCase(
        "chung-thuc-hop-dong",
        K,
        "tu-phap",
        "thai-binh",
        _d("2026-03-24"),
        "Khiếu nại việc từ chối chứng thực hợp đồng chuyển nhượng quyền sử dụng đất",
        "Công chức tư pháp – hộ tịch từ chối chứng thực hợp đồng mua bán 200 m² đất tại thửa số "
        "88 mà không có văn bản nêu lý do, dù hồ sơ đã đủ giấy tờ theo hướng dẫn.",
        petitioner=Person("Mai Xuân Hùng", "008076005544", "0988765765", "thôn Phúc Lộc"),
        status=Status.RESPONDED,
        findings="Việc từ chối không có văn bản là chưa đúng quy trình.",
        summary="Khiếu nại đúng một phần. Yêu cầu chứng thực hợp đồng theo quy định.",
    ),
    # Environment (môi trường).
    CorpusCase(
        "xa-thai-song-lo",
        D,
        "moi-truong",
        "my-lam",
        _d("2026-06-01"),
        "Tố cáo Công ty CP Khoáng sản Sông Lô xả nước thải chưa qua xử lý ra sông Lô",
        "Vào ban đêm, công ty thường xuyên xả nước thải màu đen, mùi hôi ra sông Lô đoạn qua "
        "thôn Đồng Chùa, làm cá chết hàng loạt. Hành vi gây ô nhiễm môi trường nghiêm trọng, có "
        "dấu hiệu tội gây ô nhiễm môi trường. Đề nghị lấy mẫu nước và xử lý nghiêm.",
        petitioner=Person("Phùng Thị Loan", "008189002020", "0962020202", "thôn Đồng Chùa"),
        status=Status.VERIFYING,
    ),
    CorpusCase(
        "khoi-bui-gach",
        F,
        "moi-truong",
        "kim-binh",
        _d("2026-05-11"),
        "Phản ánh nhà máy gạch tuynel gây ô nhiễm khói bụi, mùi hôi",
        "Nhiều tháng nay nhà máy gạch tuynel ở thôn Khuôn Lăn hoạt động cả ban đêm, khói bụi "
        "bao trùm khu dân cư; nhiều người già và trẻ nhỏ bị viêm đường hô hấp. Đề nghị kiểm "
        "tra, yêu cầu cơ sở khắc phục.",
        representatives=(Person("Bùi Văn Long", "008081003030", "0979303030", "thôn Khuôn Lăn"),),
        group_size=8,
        status=Status.FORWARDED,
    ),
    CorpusCase(
        "khai-thac-cat",
        F,
        "moi-truong",
        "hung-loi",
        _d("2026-07-20"),
        "Phản ánh tình trạng khai thác cát trái phép trên sông Gâm",
        "Nhiều tàu hút cát hoạt động ban đêm trên sông Gâm đoạn qua thôn Bản Khiển, gây sạt lở "
        "bờ và mất đất canh tác của các hộ ven sông. Đề nghị kiểm tra, ngăn chặn.",
        petitioner=Person("Ma Văn Sáng", "008084006060", "0968606060", "thôn Bản Khiển"),
        status=Status.ACCEPTED,
    ),
    CorpusCase(
        "muc-nuoc-ho",
        F,
        "moi-truong",
        "hung-loi",
        _d("2026-08-24"),
        "Phản ánh mực nước hồ chứa Khuôn Khoai dâng cao đe dọa nhà dân",
        "Những ngày mưa lớn, mực nước hồ chứa Khuôn Khoai dâng cao, nước tràn qua đập phụ, 12 "
        "hộ dân ở thôn Nà Khà phải sơ tán. Đề nghị kiểm tra an toàn đập và có phương án xả lũ.",
        petitioner=Person("Nông Thị Nhung", "008188007070", "0946707070", "thôn Nà Khà"),
    ),
    CorpusCase(
        "rac-thai",
        R,
        "moi-truong",
        "thai-binh",
        _d("2026-04-13"),
        "Kiến nghị bố trí điểm tập kết, thu gom rác thải sinh hoạt",
        "Thôn Phúc Lộc chưa có điểm tập kết rác, người dân phải đổ rác ven đường và ven suối "
        "gây mất vệ sinh. Đề nghị bố trí điểm tập kết và lịch thu gom định kỳ.",
        petitioner=Person("Vũ Văn Cường", "008079008080", "0914808080", "thôn Phúc Lộc"),
        status=Status.CLOSED,
        findings="Đã khảo sát, bố trí điểm tập kết tại đầu thôn.",
        summary="Tiếp thu kiến nghị; giao cơ quan chuyên môn tổ chức thực hiện.",
    ),
    CorpusCase(
        "tram-phat-song",
        F,
        "xay-dung",
        "my-lam",
        _d("2026-09-07"),
        "Phản ánh trạm phát sóng di động xây sát khu dân cư",
        "Nhà mạng lắp đặt trạm phát sóng cao 30 m ngay sát nhà văn hóa thôn Đồng Chùa, cách "
        "trường mầm non chưa đầy 50 m, không lấy ý kiến người dân. Đề nghị kiểm tra giấy phép.",
        petitioner=Person("Đỗ Thị Vân", "008191009090", "0948909090", "thôn Đồng Chùa"),
    ),
    # Construction (xây dựng).
    CorpusCase(
        "giay-phep-xay-dung",
        K,
        "xay-dung",
        "my-lam",
        _d("2026-02-16"),
        "Khiếu nại việc từ chối cấp giấy phép xây dựng nhà ở riêng lẻ",
        "Hồ sơ đề nghị cấp giấy phép xây dựng nhà ở 3 tầng của tôi tại tổ dân phố Tân Bình nộp "
        "đủ giấy tờ nhưng bị trả lại với lý do chưa phù hợp quy hoạch chi tiết, trong khi nhà "
        "bên cạnh vẫn được cấp phép.",
        petitioner=Person("Bùi Thị Thanh Nga", "008192001313", "0917131313", "tổ dân phố Tân Bình"),
        status=Status.PROPOSED,
        findings="Quy hoạch chi tiết cho phép nhà ở 3 tầng; đề xuất cấp giấy phép.",
    ),
    CorpusCase(
        "xu-phat-xay-dung",
        K,
        "xay-dung",
        "kim-binh",
        _d("2026-01-05"),
        "Khiếu nại quyết định xử phạt vi phạm hành chính về trật tự xây dựng",
        "UBND xã xử phạt gia đình tôi 15 triệu đồng và buộc tháo dỡ mái che trước nhà vì cho "
        "rằng xây dựng không phép. Đây là công trình tạm, sửa chữa trên nền nhà cũ, không "
        "thuộc trường hợp phải xin giấy phép.",
        petitioner=Person("Đặng Văn Dũng", "008080001414", "0912141414", "thôn Nà Héc"),
        status=Status.RESOLVED,
        findings="Công trình là mái che tạm, không phải xin phép.",
        summary="Khiếu nại là đúng. Hủy quyết định xử phạt vi phạm hành chính.",
    ),
    CorpusCase(
        "xay-khong-phep",
        F,
        "xay-dung",
        "thai-binh",
        _d("2026-07-13"),
        "Phản ánh công trình xây dựng không phép lấn chiếm hành lang an toàn giao thông",
        "Một hộ dân ở thôn Gò Chè xây nhà kiên cố 2 tầng lấn ra hành lang an toàn Quốc lộ 37, "
        "không có giấy phép xây dựng. Đề nghị kiểm tra, xử lý.",
        status=Status.ACCEPTED,
    ),
    CorpusCase(
        "nghiem-thu-duong",
        D,
        "xay-dung",
        "hung-loi",
        _d("2026-03-30"),
        "Tố cáo sai phạm trong nghiệm thu công trình đường liên thôn",
        "Tôi là Đinh Văn Quý. Công trình đường liên thôn Nà Khà – Bản Khiển đưa vào sử dụng "
        "chưa đầy một năm đã nứt vỡ nhiều đoạn; nhà thầu thi công không đúng độ dày bê tông "
        "theo thiết kế nhưng ông Triệu Văn Lâm, công chức địa chính – xây dựng, vẫn ký nghiệm "
        "thu.",
        petitioner=Person("Đinh Văn Quý", "008085001515", "0938151515", "thôn Nà Khà"),
        status=Status.PROPOSED,
        findings="Kết quả khoan mẫu cho thấy độ dày bê tông thiếu 3 cm so với thiết kế.",
    ),
    CorpusCase(
        "ngam-tran",
        R,
        "xay-dung",
        "hung-loi",
        _d("2026-09-21"),
        "Kiến nghị xây cầu thay ngầm tràn suối Khuôn Lăn",
        "Mùa mưa lũ nước suối dâng cao qua ngầm tràn, học sinh và người dân thôn Bản Khiển "
        "không thể đi lại nhiều ngày. Đề nghị đầu tư xây cầu.",
        petitioner=Person("Đặng Văn Đức", "008079004567", "0971555666", "thôn Bản Khiển"),
    ),
    CorpusCase(
        "sat-lo-duong",
        F,
        "xay-dung",
        "hung-loi",
        _d("2026-08-03"),
        "Phản ánh đường tỉnh ĐT.185 bị sạt lở sau mưa lũ",
        "Sau đợt mưa lũ vừa qua, đường tỉnh ĐT.185 qua thôn Nà Khà bị sạt lở taluy âm khoảng "
        "40 m, mặt đường nứt toác, xe máy đi lại rất nguy hiểm. Đề nghị khắc phục khẩn cấp.",
        petitioner=Person("Hoàng Thị Liên", "008187001616", "0949161616", "thôn Nà Khà"),
        status=Status.VERIFYING,
    ),
    CorpusCase(
        "xe-qua-tai",
        F,
        "xay-dung",
        "my-lam",
        _d("2026-05-25"),
        "Phản ánh xe chở vật liệu quá tải làm hư hỏng đường",
        "Xe chở đất đá phục vụ dự án đường cao tốc chạy quá tải qua đường liên thôn Làng Mạ – "
        "Đồng Chùa, làm đường hư hỏng, bụi bẩn. Đề nghị kiểm soát tải trọng.",
        petitioner=Person("Nguyễn Văn Đức", "008086001717", "0916171717", "thôn Làng Mạ"),
        status=Status.FORWARDED,
    ),
    # Social policy and social insurance (chính sách xã hội, bảo hiểm xã hội).
    CorpusCase(
        "no-bao-hiem",
        F,
        "chinh-sach-xa-hoi",
        "my-lam",
        _d("2026-04-27"),
        "Phản ánh Công ty TNHH May Hòa Thịnh chậm đóng bảo hiểm xã hội cho người lao động",
        "Công ty nợ đóng bảo hiểm xã hội 14 tháng; người lao động nghỉ thai sản, ốm đau không "
        "được giải quyết chế độ. Đề nghị cơ quan chức năng kiểm tra, buộc công ty đóng đủ.",
        representatives=(
            Person("Vũ Thị Yến", "008193001818", "0963181818", "tổ dân phố Tân Bình"),
            Person("Lê Văn Phúc", "008087001919", "0964191919", "tổ dân phố Tân Bình"),
        ),
        group_size=26,
        status=Status.FORWARDED,
    ),
    CorpusCase(
        "luong-huu",
        K,
        "chinh-sach-xa-hoi",
        "thai-binh",
        _d("2026-02-02"),
        "Khiếu nại việc tính thiếu thời gian đóng bảo hiểm xã hội khi hưởng lương hưu",
        "Tôi có 28 năm công tác nhưng quyết định hưởng lương hưu chỉ tính 24 năm đóng bảo hiểm "
        "xã hội, bỏ sót thời gian làm việc tại hợp tác xã từ năm 1990 đến năm 1994.",
        petitioner=Person("Phạm Văn Thắng", "008062002020", "0903202020", "thôn Phúc Lộc"),
        status=Status.FORWARDED,
    ),
    CorpusCase(
        "the-bhyt",
        F,
        "chinh-sach-xa-hoi",
        "hung-loi",
        _d("2026-06-08"),
        "Phản ánh việc chậm cấp thẻ bảo hiểm y tế cho người dân tộc thiểu số",
        "Đã 5 tháng nay nhiều người dân thôn Bản Khiển chưa được cấp lại thẻ bảo hiểm y tế, khi "
        "ốm đau phải tự chi trả toàn bộ viện phí.",
        petitioner=Person("Lục Thị Hồng", "008188002121", "0947212121", "thôn Bản Khiển"),
        status=Status.RESOLVED,
        findings="Danh sách đề nghị cấp thẻ bị gửi chậm.",
        summary="Phản ánh đúng; đã chỉ đạo cấp thẻ trong tháng.",
    ),
    CorpusCase(
        "nguoi-cao-tuoi",
        K,
        "chinh-sach-xa-hoi",
        "kim-binh",
        _d("2026-03-09"),
        "Khiếu nại việc dừng chi trả trợ cấp xã hội hằng tháng cho người cao tuổi",
        "Đã 4 tháng nay mẹ tôi 82 tuổi không còn được nhận trợ cấp xã hội hằng tháng mà không có "
        "quyết định hay thông báo nào. Đề nghị khôi phục chế độ và chi trả số tiền còn thiếu.",
        petitioner=Person("Hà Thị Lan", "008170002222", "0942222222", "thôn Khuôn Lăn"),
        status=Status.VERIFYING,
    ),
    CorpusCase(
        "ho-ngheo",
        D,
        "chinh-sach-xa-hoi",
        "hung-loi",
        _d("2026-10-05"),
        "Tố cáo việc bình xét hộ nghèo không đúng đối tượng",
        "Trong đợt rà soát hộ nghèo tại thôn Nà Khà, trưởng thôn đưa người thân có nhà kiên "
        "cố, ô tô vào danh sách hộ nghèo, trong khi nhiều hộ khó khăn thực sự bị loại.",
        petitioner=Person("Nông Văn Tuấn", "008083002323", "0965232323", "thôn Nà Khà"),
    ),
    CorpusCase(
        "nuoc-sach",
        R,
        "chinh-sach-xa-hoi",
        "my-lam",
        _d("2026-09-14"),
        "Kiến nghị nâng mức hỗ trợ tiền nước sạch cho hộ nghèo",
        "Mức hỗ trợ hiện nay chỉ 30 nghìn đồng mỗi tháng, không đủ chi trả tiền nước sạch cho "
        "các hộ nghèo ở thôn Làng Mạ. Đề nghị nâng mức hỗ trợ.",
        petitioner=Person("Lê Thị Hằng", "008189002424", "0943242424", "thôn Làng Mạ"),
    ),
    CorpusCase(
        "nguoi-co-cong",
        R,
        "chinh-sach-xa-hoi",
        "thai-binh",
        _d("2025-12-15"),
        "Kiến nghị xem xét trợ cấp người có công với cách mạng cho gia đình",
        "Bố tôi tham gia kháng chiến, bị nhiễm chất độc hóa học nhưng đến nay gia đình chưa được "
        "xem xét chế độ người có công. Đề nghị hướng dẫn thủ tục.",
        petitioner=Person("Đặng Thị Hường", "008184002525", "0944252525", "thôn Gò Chè"),
        status=Status.GUIDED,
    ),
    # Officials' conduct and corruption (cán bộ, công chức).
    CorpusCase(
        "tham-nhung-nha-van-hoa",
        D,
        "can-bo-cong-chuc",
        "thai-binh",
        _d("2026-07-27"),
        "Tố cáo Chủ tịch UBND xã có dấu hiệu tham nhũng trong xây dựng nhà văn hóa",
        "Công trình nhà văn hóa thôn Phúc Lộc bị nâng khống khối lượng, vật liệu kém chất "
        "lượng; chủ tịch xã chỉ định nhà thầu là công ty của người nhà, thu lợi bất chính "
        "khoảng 800 triệu đồng. Đề nghị thanh tra làm rõ dấu hiệu tham nhũng.",
        petitioner=Person("Chu Văn Bình", "008072002626", "0906262626", "thôn Phúc Lộc"),
        status=Status.ACCEPTED,
    ),
    CorpusCase(
        "thai-do-mot-cua",
        F,
        "can-bo-cong-chuc",
        "my-lam",
        _d("2026-08-17"),
        "Phản ánh thái độ phục vụ của cán bộ Bộ phận một cửa",
        "Khi làm thủ tục tại Bộ phận một cửa, tôi bị cán bộ tiếp nhận quát nạt, yêu cầu bổ "
        "sung giấy tờ không có trong quy định và hẹn đi hẹn lại nhiều lần.",
        petitioner=Person("Vũ Thị Thảo", "008194002727", "0918272727", "tổ dân phố Tân Bình"),
        status=Status.CLOSED,
        findings="Cán bộ đã nhận khuyết điểm.",
        summary="Phản ánh đúng; đã yêu cầu cán bộ kiểm điểm.",
    ),
    CorpusCase(
        "rut-ngan-thu-tuc",
        R,
        "tu-phap",
        "kim-binh",
        _d("2026-05-04"),
        "Kiến nghị rút ngắn thời gian giải quyết thủ tục tại Bộ phận một cửa",
        "Thủ tục chứng thực và đăng ký hộ tịch tại Bộ phận một cửa thường phải chờ nhiều ngày, "
        "người dân vùng xa phải đi lại nhiều lần. Đề nghị tiếp nhận hồ sơ trực tuyến.",
        petitioner=Person("Quan Thị Nga", "008190002828", "0939282828", "thôn Khuôn Lăn"),
    ),
    CorpusCase(
        "thu-sai-truong-hoc",
        F,
        "khac",
        "kim-binh",
        _d("2026-10-12"),
        "Phản ánh việc thu các khoản ngoài quy định trong giáo dục tiểu học",
        "Đầu năm học, trường tiểu học thu của mỗi học sinh 1,2 triệu đồng tiền xã hội hóa, "
        "quỹ lớp, đồng phục ngoài danh mục được phép. Đề nghị ngành giáo dục kiểm tra.",
        petitioner=Person("Bùi Thị Duyên", "008191002929", "0909292929", "thôn Nà Héc"),
    ),
    CorpusCase(
        "mat-dien",
        F,
        "khac",
        "hung-loi",
        _d("2026-06-29"),
        "Phản ánh tình trạng mất điện kéo dài",
        "Thời gian gần đây thôn Nà Khà thường xuyên mất điện nhiều giờ liền, ảnh hưởng sinh "
        "hoạt và sản xuất. Đề nghị ngành điện kiểm tra, nâng cấp đường dây.",
        petitioner=Person("Ma Thị Tuyết", "008187003030", "0961303031", "thôn Nà Khà"),
        status=Status.FORWARDED,
    ),
    CorpusCase(
        "den-chieu-sang",
        R,
        "khac",
        "thai-binh",
        _d("2026-09-28"),
        "Kiến nghị lắp đèn chiếu sáng và gờ giảm tốc trên Quốc lộ 2C",
        "Đoạn Quốc lộ 2C qua thôn Phúc Lộc không có đèn chiếu sáng, xe tải chạy tốc độ cao, đã "
        "xảy ra nhiều vụ va chạm. Đề nghị lắp đèn chiếu sáng, biển báo và gờ giảm tốc.",
        petitioner=Person("Mai Văn Toàn", "008082003131", "0907313131", "thôn Phúc Lộc"),
        status=Status.ARCHIVED,
    ),
    CorpusCase(
        "ho-tich",
        K,
        "tu-phap",
        "my-lam",
        _d("2026-10-19"),
        "Khiếu nại việc từ chối đăng ký khai sinh cho con",
        "Công chức tư pháp – hộ tịch từ chối đăng ký khai sinh cho con tôi vì cho rằng giấy "
        "chứng sinh bị tẩy xóa, trong khi bệnh viện đã xác nhận.",
        petitioner=Person("Đỗ Minh Quang", "008089003232", "0908323232", "thôn Làng Mạ"),
        channel=Channel.PORTAL,
    ),
]


# --- The queries ---------------------------------------------------------------------------


@dataclass
class LoadedCorpus:
    """The corpus as loaded: case keys ↔ cases, and the petitions' tracking codes."""

    cases: dict[str, Case]
    codes: dict[str, list[str]]
    reader: User

    def key_of(self, case_id: int) -> str:
        return self._keys[case_id]

    def __post_init__(self) -> None:
        self._keys = {case.pk: key for key, case in self.cases.items()}

    def reference(self, key: str) -> str:
        return self.cases[key].reference

    def code(self, key: str, index: int = 0) -> str:
        return self.codes[key][index]


Text = str | Callable[[LoadedCorpus], str]


@dataclass(frozen=True)
class RelevanceQuery:
    """A query and what it must find.

    `expected`: keys that must all be among the first five results; `above`: pairs (a, b)
    where both are found and a ranks above b; `absent`: keys that must not be found at all.
    A text or `expected` given as a function is computed from the loaded corpus (codes are
    random, so a code typed loosely is made from the real one).
    """

    text: Text
    expected: tuple[str, ...] | Callable[[LoadedCorpus], tuple[str, ...]] = ()
    above: tuple[tuple[str, str], ...] = ()
    absent: tuple[str, ...] = ()
    about: str = ""

    def resolve(self, corpus: LoadedCorpus) -> tuple[str, tuple[str, ...]]:
        text = self.text(corpus) if callable(self.text) else self.text
        expected = self.expected(corpus) if callable(self.expected) else self.expected
        return text, expected


def typed_reference(reference: str) -> str:
    """Return a reference as a person might type it: "KN-2026-000012" → "kn 2026 12"."""
    prefix, year, number = reference.split("-")
    return f"{prefix.lower()} {year} {int(number)}"


def _lookalike_case(corpus: LoadedCorpus) -> str:
    """Return the first case whose first tracking code holds a 0 or a 1, to type as O and L."""
    for key in sorted(corpus.codes):
        if set(corpus.code(key)[3:]) & {"0", "1"}:
            return key
    return sorted(corpus.codes)[0]


def _lookalike_text(corpus: LoadedCorpus) -> str:
    code = corpus.code(_lookalike_case(corpus))
    return code.replace("-", "").replace("0", "O").replace("1", "l").lower()


QUERIES = [
    # Diacritics, upper case, đ/d.
    RelevanceQuery(
        "đất đai", ("tranh-chap-ranh-gioi", "nhan-tien-dat-dai"), about="accented, field words"
    ),
    RelevanceQuery("dat dai", ("tranh-chap-ranh-gioi", "nhan-tien-dat-dai"), about="no diacritics"),
    RelevanceQuery("ĐẤT ĐAI", ("tranh-chap-ranh-gioi", "nhan-tien-dat-dai"), about="upper case"),
    RelevanceQuery("bồi thường", ("chi-tra-cham", "ho-chua-rung"), about="accented"),
    RelevanceQuery("BOI THUONG", ("chi-tra-cham", "ho-chua-rung"), about="upper, no diacritics"),
    RelevanceQuery("tái định cư", ("tai-dinh-cu",), about="accented phrase"),
    RelevanceQuery("tai dinh cu ", ("tai-dinh-cu",), about="folded, trailing space"),
    RelevanceQuery(
        "bảo hiểm xã hội", ("no-bao-hiem", "luong-huu"), above=(("luong-huu", "the-bhyt"),)
    ),
    RelevanceQuery("Bao Hiem Xa Hoi", ("no-bao-hiem", "luong-huu"), about="title case, folded"),
    RelevanceQuery("giấy phép xây dựng", ("giay-phep-xay-dung", "xay-khong-phep")),
    RelevanceQuery("GIAY PHEP XAY DUNG", ("giay-phep-xay-dung", "xay-khong-phep")),
    RelevanceQuery("ô nhiễm môi trường", ("xa-thai-song-lo",)),
    RelevanceQuery("o nhiem khoi bui", ("khoi-bui-gach",), about="folded"),
    RelevanceQuery("xả nước thải", ("xa-thai-song-lo",)),
    RelevanceQuery("khai thác cát trái phép", ("khai-thac-cat",)),
    RelevanceQuery("tham nhũng", ("tham-nhung-nha-van-hoa",)),
    RelevanceQuery("tham nhung", ("tham-nhung-nha-van-hoa",), about="folded"),
    RelevanceQuery("nhận hối lộ", ("nhan-tien-dat-dai",)),
    RelevanceQuery("ho ngheo", ("ho-ngheo", "nuoc-sach"), about="folded"),
    RelevanceQuery("trợ cấp người cao tuổi", ("nguoi-cao-tuoi",)),
    RelevanceQuery("cấp giấy chứng nhận quyền sử dụng đất", ("cap-giay-chung-nhan",)),
    # Multi-word phrases: the exact phrase ranks above the same words scattered.
    RelevanceQuery(
        "giải phóng mặt bằng",
        ("gpmb-cao-toc", "kiem-dem-cay"),
        above=(("thi-cong-cham", "cho-tam"),),
        about="phrase above scattered words",
    ),
    RelevanceQuery(
        "giai phong mat bang",
        ("gpmb-cao-toc", "kiem-dem-cay"),
        above=(("thi-cong-cham", "cho-tam"),),
        about="folded phrase above scattered words",
    ),
    # Names, with and without diacritics; a denouncer is never found by name.
    RelevanceQuery(
        "Nguyễn Thị Hường",
        ("gpmb-cao-toc",),
        above=(("gpmb-cao-toc", "tai-dinh-cu"),),
        about="Hường above Hương",
    ),
    RelevanceQuery("nguyen thi huong", ("gpmb-cao-toc", "tai-dinh-cu"), about="both fold alike"),
    RelevanceQuery("dang van duc", ("kiem-dem-cay", "ngam-tran"), about="đ typed as d"),
    RelevanceQuery("ĐẶNG VĂN ĐỨC", ("kiem-dem-cay", "ngam-tran"), about="upper case"),
    RelevanceQuery(
        "đức",
        ("kiem-dem-cay", "ngam-tran", "xe-qua-tai"),
        above=(("xe-qua-tai", "thu-sai-truong-hoc"),),
        about="Đức above giáo dục",
    ),
    RelevanceQuery("hoang van thu", ("chi-tra-cham",), about="a group's representative"),
    RelevanceQuery("Nguyễn Văn Hậu", ("gpmb-cao-toc",), about="petitioner of a joined petition"),
    RelevanceQuery("Trần Quốc Tuấn", ("nhan-tien-dat-dai",), about="the accused is searchable"),
    RelevanceQuery("Lý Văn Khải", absent=("nhan-tien-dat-dai",), about="denouncer's name"),
    RelevanceQuery("0987654321", absent=("nhan-tien-dat-dai",), about="denouncer's phone"),
    RelevanceQuery("008091001111", absent=("nhan-tien-dat-dai",), about="denouncer's ID number"),
    # Case references and tracking codes, however typed.
    RelevanceQuery(
        lambda c: c.reference("tranh-chap-ranh-gioi"), ("tranh-chap-ranh-gioi",), about="reference"
    ),
    RelevanceQuery(
        lambda c: typed_reference(c.reference("giay-phep-xay-dung")),
        ("giay-phep-xay-dung",),
        about='reference as "kn 2026 12"',
    ),
    RelevanceQuery(
        lambda c: c.reference("xa-thai-song-lo").replace("-", "").lower(),
        ("xa-thai-song-lo",),
        about="reference without hyphens",
    ),
    RelevanceQuery(
        lambda c: c.reference("nuoc-sach").replace("-", " "),
        ("nuoc-sach",),
        about="reference with spaces",
    ),
    RelevanceQuery(lambda c: c.code("chi-tra-cham"), ("chi-tra-cham",), about="tracking code"),
    RelevanceQuery(
        lambda c: c.code("luong-huu").replace("-", "").lower(),
        ("luong-huu",),
        about="tracking code, lower case, no hyphens",
    ),
    RelevanceQuery(
        lambda c: c.code("rut-ngan-thu-tuc").replace("-", " "),
        ("rut-ngan-thu-tuc",),
        about="tracking code with spaces",
    ),
    RelevanceQuery(
        _lookalike_text,
        lambda c: (_lookalike_case(c),),
        about="tracking code with O for 0 and L for 1",
    ),
    RelevanceQuery(
        lambda c: c.code("gpmb-cao-toc", 1).lower(),
        ("gpmb-cao-toc",),
        about="the code of a petition that joined the case",
    ),
    # The last word still being typed: a prefix.
    RelevanceQuery("boi thuo", ("chi-tra-cham", "ho-chua-rung"), about="prefix"),
    RelevanceQuery("giai phong mat ba", ("gpmb-cao-toc", "kiem-dem-cay"), about="prefix"),
    RelevanceQuery("khai thac c", ("khai-thac-cat",), about="one-letter prefix"),
    RelevanceQuery("bảo hiểm xã h", ("no-bao-hiem", "luong-huu"), about="accented prefix"),
    RelevanceQuery("nguyen thi huo", ("gpmb-cao-toc", "tai-dinh-cu"), about="name prefix"),
    # Words that fold alike: the accented exact match ranks first.
    RelevanceQuery(
        "lắp đặt",
        ("tram-phat-song",),
        above=(("tram-phat-song", "san-lap-ruong"),),
        about="lắp đặt above lấp đất",
    ),
    RelevanceQuery(
        "mực nước",
        ("muc-nuoc-ho",),
        above=(("muc-nuoc-ho", "nuoc-sach"),),
        about="mực above mức",
    ),
    RelevanceQuery(
        "mức hỗ trợ",
        ("nuoc-sach",),
        about="mức hỗ trợ, not mực nước hồ",
    ),
    RelevanceQuery(
        "hồ chứa",
        ("muc-nuoc-ho", "ho-chua-rung"),
        above=(("muc-nuoc-ho", "chi-tra-cham"),),
        about="hồ chứa above hộ chưa",
    ),
    RelevanceQuery(
        "tội",
        ("nhan-tien-dat-dai", "xa-thai-song-lo"),
        about="tội above the many tôi",
    ),
    RelevanceQuery(
        "Hường",
        ("gpmb-cao-toc", "nguoi-co-cong"),
        above=(("nguoi-co-cong", "tai-dinh-cu"),),
        about="Hường above Hương",
    ),
    RelevanceQuery("đặt cọc", ("dat-coc",), about="đặt, with đất all around"),
    # A place and a topic.
    RelevanceQuery("kim binh o nhiem", ("khoi-bui-gach",), about="locality and topic"),
    RelevanceQuery("sạt lở Hùng Lợi", ("sat-lo-duong", "khai-thac-cat")),
]


# --- Loading and running --------------------------------------------------------------------


class CorpusNotLoadable(Exception):
    """The database already holds cases or units: the corpus needs an empty one."""


def _make_user(username: str, unit: Unit, role: Role) -> User:
    user = User.objects.create_user(username=username, password=None, unit=unit)
    user.groups.add(Group.objects.get(name=role))
    return user


def _received_at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 30)))


def _steps(spec: CorpusCase, leader: User, handler: User) -> list[tuple[str, User, dict]]:
    """Return the transitions that bring a new case of this spec to its status."""
    findings = spec.findings or "Đã xác minh nội dung đơn."
    summary = spec.summary or "Đã xem xét, trả lời công dân."
    accept = [("accept", leader, {})]
    verifying = [*accept, ("assign", leader, {"handler": handler.username})]
    proposed = [*verifying, ("submit_report", handler, {"findings": findings})]
    resolve = {
        "outcome": "partly_upheld",
        "decision_number": "15/QĐ-UBND",
        "decision_date": timezone.localdate().isoformat(),
        "public_summary": summary,
    }
    resolved = [*proposed, ("resolve", leader, resolve)]
    responded = [*resolved, ("respond", handler, {"method": "post"})]
    archive_reason = (
        ArchiveReason.ANONYMOUS if spec.petitioner is None and spec.kind == D else "unclear"
    )
    return {
        Status.RECEIVED: [],
        Status.ACCEPTED: accept,
        Status.VERIFYING: verifying,
        Status.PROPOSED: proposed,
        Status.RESOLVED: resolved,
        Status.RESPONDED: responded,
        Status.CLOSED: [*responded, ("close", leader, {})],
        Status.FORWARDED: [("forward", leader, {"to_agency": "Sở Tài nguyên và Môi trường"})],
        Status.GUIDED: [("guide", leader, {"note": "Hướng dẫn công dân gửi đơn đến Tòa án."})],
        Status.ARCHIVED: [("archive", leader, {"reason": archive_reason})],
    }[spec.status]


@transaction.atomic
def load_corpus() -> LoadedCorpus:
    """Create the organisation and the corpus cases through the services; return them."""
    if Case.objects.exists() or Unit.objects.exists():
        raise CorpusNotLoadable("The relevance corpus needs a database without cases or units.")
    units: dict[str, Unit] = {}
    for code, name, parent in UNITS:
        units[code] = Unit.objects.create(
            code=code, name=name, kind=Unit.Kind.PEOPLES_COMMITTEE, parent=units.get(parent)
        )
    province = Locality.objects.create(
        code=PROVINCE_LOCALITY, name="Tỉnh Tuyên Quang", level=Locality.Level.PROVINCE
    )
    localities = {
        code: Locality.objects.create(code=code, name=name, level="commune", parent=province)
        for code, (name, _unit) in LOCALITIES.items()
    }
    fields = {
        code: Field.objects.create(code=code, name=name, sort_order=index)
        for index, (code, name) in enumerate(FIELDS)
    }
    leader = _make_user(READER, units[PROVINCE_UNIT], Role.LEADER)
    handlers = {
        code: _make_user(f"relevance-handler-{code}", unit, Role.HANDLER)
        for code, unit in units.items()
    }

    cases: dict[str, Case] = {}
    codes: dict[str, list[str]] = {}
    for spec in CORPUS:
        unit = units[LOCALITIES[spec.locality][1]]
        data = PetitionInput(
            kind=spec.kind,
            channel=spec.channel,
            subject=spec.subject,
            content=spec.content,
            locality=localities[spec.locality],
            field=fields[spec.field],
            petitioner=spec.petitioner.as_data() if spec.petitioner else None,
            representatives=tuple(person.as_data() for person in spec.representatives),
            group_size=spec.group_size,
            received_at=_received_at(spec.received),
        )
        petition = petition_register(actor=leader, data=data, unit=unit)
        codes[spec.key] = [petition.tracking_code]
        for person, content in spec.joined:
            joined = petition_register(
                actor=leader,
                data=PetitionInput(
                    kind=spec.kind,
                    channel=Channel.POST,
                    subject=spec.subject,
                    content=content,
                    locality=localities[spec.locality],
                    field=fields[spec.field],
                    petitioner=person.as_data(),
                    received_at=_received_at(spec.received),
                    duplicate_of=petition.case,
                ),
                unit=unit,
            )
            codes[spec.key].append(joined.tracking_code)
        case = petition.case
        for name, actor, fields_ in _steps(spec, leader, handlers[unit.code]):
            case = case_transition(case=case, actor=actor, name=name, data=fields_)
        cases[spec.key] = case
    return LoadedCorpus(cases=cases, codes=codes, reader=leader)


@dataclass
class QueryResult:
    query: RelevanceQuery
    text: str
    expected: tuple[str, ...]
    # Keys of the cases found, best first (the first page of 20).
    found: list[str]
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def run_query(corpus: LoadedCorpus, query: RelevanceQuery, *, user=None) -> QueryResult:
    text, expected = query.resolve(corpus)
    page = search_cases(
        user=user or corpus.reader,
        query=SearchQuery(text=text, page_size=20, with_facets=False),
    )
    found = [corpus.key_of(item.case.pk) for item in page.results]
    result = QueryResult(query=query, text=text, expected=expected, found=found)
    top = found[:TOP]
    missing = [key for key in expected if key not in top]
    if missing:
        result.problems.append(f"not in the top {TOP}: {', '.join(missing)}")
    for first, second in query.above:
        if first not in found or second not in found:
            absent = [key for key in (first, second) if key not in found]
            result.problems.append(f"not found, so not ranked: {', '.join(absent)}")
        elif found.index(first) > found.index(second):
            result.problems.append(f"{second} ranks above {first}")
    leaked = [key for key in query.absent if key in found]
    if leaked:
        result.problems.append(f"found, must not be: {', '.join(leaked)}")
    return result


def run_relevance(corpus: LoadedCorpus, *, user=None) -> list[QueryResult]:
    return [run_query(corpus, query, user=user) for query in QUERIES]


def backend_label() -> str:
    from .backends import get_backend

    return f"{type(get_backend()).__name__} on {connection.vendor}"


def format_table(results: list[QueryResult]) -> str:
    """Return the results as a plain-text table, one line per query, then the pass count."""
    rows = [("#", "query", "expected", f"top {TOP}", "pass")]
    for number, result in enumerate(results, 1):
        expected = list(result.expected)
        expected += [f"{a}>{b}" for a, b in result.query.above]
        expected += [f"not {key}" for key in result.query.absent]
        rows.append(
            (
                str(number),
                result.text,
                " ".join(expected),
                " ".join(result.found[:TOP]) or "—",
                "yes" if result.passed else "NO: " + "; ".join(result.problems),
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True))
        + "  "
        + row[4]
        for row in rows
    ]
    passed = sum(result.passed for result in results)
    lines.append(f"passed {passed} of {len(results)} queries ({backend_label()})")
    return "\n".join(lines)
