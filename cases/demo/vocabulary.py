"""What demo petitions are made of: names, places, scenarios and how often each occurs."""

import random
from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate

from cases.models import (
    ArchiveReason,
    Channel,
    Complexity,
    Kind,
    Outcome,
)

# --- Words the petitions are made of --------------------------------------------------------


def _listed(text: str) -> list[str]:
    """Split a list of words written as one string, "a; b; c"."""
    return text.split("; ")


FAMILY_NAMES = _listed(
    "Nguyễn; Trần; Lê; Phạm; Hoàng; Vũ; Đặng; Bùi; Đỗ; Hà; Ma; Nông; Lý; Triệu; Quan; Phùng; "
    "Chu; Lục; Mai; Đinh"
)
MALE_NAMES = (
    _listed("Văn; Đức; Minh; Quang; Xuân; Ngọc; Thế"),
    _listed(
        "Hùng; Dũng; Tuấn; Thắng; Cường; Hải; Long; Sơn; Tùng; Bình; Khánh; Phúc; Lâm; Quý; "
        "Nghĩa; Chiến"
    ),
)
FEMALE_NAMES = (
    _listed("Thị; Thu; Thanh; Ngọc; Hồng; Thị Minh"),
    _listed("Lan; Hoa; Hương; Mai; Hằng; Thảo; Nga; Huyền; Liên; Yến; Nhung; Vân; Loan; Tuyết"),
)
VILLAGES = _listed(
    "thôn Làng Mạ; thôn Đồng Chùa; thôn Khuôn Lăn; thôn Nà Héc; thôn Cầu Trôi; "
    "tổ dân phố Tân Bình; thôn Bản Khiển; thôn Đèo Trám; thôn Phúc Lộc; thôn Gò Chè; "
    "thôn Nà Khà; thôn Làng Chản; thôn Đồng Tâm; thôn Khau Cau"
)
PROJECTS = _listed(
    "dự án đường cao tốc Tuyên Quang – Hà Giang; dự án Khu công nghiệp Long Bình An; "
    "dự án cải tạo, nâng cấp Quốc lộ 2C; dự án Khu dân cư Hưng Thành mở rộng; "
    "dự án đường tránh Quốc lộ 37; dự án hồ chứa nước Khuôn Khoai"
)
COMPANIES = _listed(
    "Công ty TNHH Chế biến gỗ An Phát; Công ty CP Khoáng sản Sông Lô; "
    "Nhà máy gạch tuynel Thái Bình; trang trại chăn nuôi lợn Đồng Tâm; "
    "Công ty TNHH May Hòa Thịnh; trạm trộn bê tông nhựa Minh Phát"
)
ROADS = _listed(
    "đường liên thôn Làng Mạ – Đồng Chùa; đường tỉnh ĐT.185; Quốc lộ 2C; "
    "đường vào Trường Tiểu học; tuyến đường bê tông nội đồng; ngầm tràn suối Khuôn"
)
RIVERS = _listed("sông Lô; sông Gâm; suối Khuôn Lăn; sông Phó Đáy")
# Commune posts, written to be followed by the commune's name.
OFFICIALS = _listed(
    "cán bộ địa chính; Phó Chủ tịch UBND; công chức tư pháp – hộ tịch; "
    "công chức lao động – thương binh và xã hội; công chức văn phòng – thống kê"
)
BENEFITS = _listed(
    "trợ cấp xã hội hằng tháng cho người cao tuổi; trợ cấp người khuyết tật; "
    "trợ cấp người có công với cách mạng; hỗ trợ nhà ở cho hộ nghèo; "
    "hỗ trợ tiền điện cho hộ nghèo"
)


@dataclass(frozen=True)
class Scenario:
    kind: str
    field: str
    subject: str
    body: str
    # Written about several households, so that a group of people may send it.
    collective: bool = False


SCENARIOS = [
    Scenario(
        Kind.COMPLAINT,
        "boi-thuong-giai-phong-mat-bang",
        "Khiếu nại quyết định phê duyệt phương án bồi thường, hỗ trợ thực hiện {project}",
        "Các hộ ở {village}, {commune} bị thu hồi tổng cộng {area} m² đất trồng cây lâu năm "
        "để thực hiện {project}. Phương án bồi thường áp đơn giá {price} nghìn đồng/m², thấp "
        "hơn các thửa liền kề cùng vị trí và không tính hỗ trợ chuyển đổi nghề nghiệp. Đề nghị "
        "xem xét lại quyết định, áp đúng bảng giá đất và chính sách hỗ trợ.",
        collective=True,
    ),
    Scenario(
        Kind.COMPLAINT,
        "boi-thuong-giai-phong-mat-bang",
        "Khiếu nại việc không được bố trí tái định cư khi thu hồi đất ở",
        "Toàn bộ {area} m² đất ở và nhà của gia đình tôi tại {village}, {commune} bị thu hồi "
        "để thực hiện {project}, nhưng gia đình chỉ được hỗ trợ bằng tiền, không được giao "
        "đất tái định cư, trong khi không còn chỗ ở nào khác. Đề nghị bố trí một suất tái định "
        "cư theo quy định.",
    ),
    Scenario(
        Kind.COMPLAINT,
        "dat-dai",
        "Khiếu nại việc từ chối cấp Giấy chứng nhận quyền sử dụng đất",
        "Gia đình tôi sử dụng ổn định {area} m² đất tại {parcel}, {village}, {commune} từ năm "
        "{since}, không có tranh chấp. Hồ sơ đề nghị cấp Giấy chứng nhận nộp từ {months} tháng "
        "trước bị trả lại với lý do chưa phù hợp quy hoạch, trong khi các hộ liền kề đã được "
        "cấp. Đề nghị hủy văn bản trả hồ sơ và cấp Giấy chứng nhận cho gia đình.",
    ),
    Scenario(
        Kind.COMPLAINT,
        "dat-dai",
        "Khiếu nại quyết định giải quyết tranh chấp ranh giới đất với hộ liền kề",
        "UBND {commune} giải quyết tranh chấp ranh giới tại {parcel}, {village}, theo đó gia "
        "đình tôi mất khoảng {small_area} m² đất vườn. Quyết định không căn cứ bản đồ địa chính "
        "năm {since} và lời khai của các hộ giáp ranh. Đề nghị xem xét lại quyết định.",
    ),
    Scenario(
        Kind.COMPLAINT,
        "chinh-sach-xa-hoi",
        "Khiếu nại việc dừng chi trả {benefit}",
        "Đã {months} tháng nay gia đình tôi không còn được nhận {benefit} mà không nhận được "
        "quyết định hay thông báo nào, dù hoàn cảnh không thay đổi so với khi được xét duyệt. "
        "Đề nghị khôi phục chế độ và chi trả số tiền còn thiếu.",
    ),
    Scenario(
        Kind.COMPLAINT,
        "xay-dung",
        "Khiếu nại quyết định xử phạt vi phạm hành chính về trật tự xây dựng",
        "UBND {commune} xử phạt gia đình tôi {amount} triệu đồng và buộc tháo dỡ mái che trước "
        "nhà tại {village} vì cho rằng xây dựng không phép. Đây là công trình tạm, sửa chữa trên "
        "nền nhà cũ, không thuộc trường hợp phải xin phép. Đề nghị hủy quyết định xử phạt.",
    ),
    Scenario(
        Kind.COMPLAINT,
        "tu-phap",
        "Khiếu nại việc từ chối chứng thực hợp đồng chuyển nhượng quyền sử dụng đất",
        "Công chức tư pháp – hộ tịch UBND {commune} từ chối chứng thực hợp đồng chuyển nhượng "
        "{small_area} m² đất tại {parcel} mà không có văn bản nêu lý do, dù hồ sơ đã đủ giấy tờ "
        "theo hướng dẫn. Đề nghị xem xét, chứng thực hợp đồng theo quy định.",
    ),
    Scenario(
        Kind.DENUNCIATION,
        "can-bo-cong-chuc",
        "Tố cáo cán bộ nhận tiền của người dân khi giải quyết hồ sơ đất đai",
        "Ông {suspect}, {official} {commune}, yêu cầu nhiều hộ ở {village} nộp từ {small_amount} "
        "triệu đồng mỗi hồ sơ để được giải quyết nhanh thủ tục đất đai, không có biên lai. Đề "
        "nghị xác minh, xử lý nghiêm theo quy định.",
    ),
    Scenario(
        Kind.DENUNCIATION,
        "dat-dai",
        "Tố cáo hành vi lấn chiếm đất công để xây nhà xưởng",
        "Hộ ông {suspect} ở {village}, {commune} lấn chiếm khoảng {small_area} m² đất hành "
        "lang giao thông và đất công do xã quản lý để xây nhà xưởng; chính quyền xã biết nhưng "
        "không xử lý. Đề nghị kiểm tra, xử lý và buộc trả lại hiện trạng.",
    ),
    Scenario(
        Kind.DENUNCIATION,
        "chinh-sach-xa-hoi",
        "Tố cáo việc bình xét hộ nghèo không đúng đối tượng",
        "Trong đợt rà soát hộ nghèo tại {village}, ông {suspect}, {official} {commune}, đưa "
        "người thân có nhà kiên cố, ô tô vào danh sách hộ nghèo, trong khi nhiều hộ khó khăn "
        "thực sự bị loại. Đề nghị xác minh và xử lý.",
    ),
    Scenario(
        Kind.DENUNCIATION,
        "boi-thuong-giai-phong-mat-bang",
        "Tố cáo việc kê khai khống tài sản để nhận tiền bồi thường tại {project}",
        "Một số hộ ở {village}, {commune} được kê thêm cây trồng, vật kiến trúc không có thực để "
        "nhận tiền bồi thường khi thực hiện {project}, với sự giúp sức của ông {suspect}, "
        "{official} {commune}. Số tiền chi sai ước khoảng {amount} triệu đồng. Đề nghị thanh "
        "tra làm rõ.",
    ),
    Scenario(
        Kind.DENUNCIATION,
        "moi-truong",
        "Tố cáo {company} xả nước thải chưa qua xử lý ra {river}",
        "Vào ban đêm, {company} thường xuyên xả nước thải màu đen, mùi hôi ra {river} đoạn qua "
        "{village}, {commune}, làm cá chết và ô nhiễm nguồn nước sinh hoạt. Đề nghị kiểm tra, "
        "lấy mẫu và xử lý nghiêm.",
    ),
    Scenario(
        Kind.DENUNCIATION,
        "xay-dung",
        "Tố cáo sai phạm trong nghiệm thu công trình giao thông",
        "Công trình {road} tại {commune} đưa vào sử dụng chưa đầy một năm đã nứt vỡ nhiều đoạn; "
        "nhà thầu thi công không đúng độ dày và mác bê tông theo thiết kế nhưng ông {suspect}, "
        "{official} {commune}, vẫn ký nghiệm thu. Đề nghị kiểm tra chất lượng và xử lý trách "
        "nhiệm.",
    ),
    Scenario(
        Kind.RECOMMENDATION,
        "xay-dung",
        "Kiến nghị sửa chữa {road} bị xuống cấp",
        "Đoạn {road} qua {village}, {commune} bong tróc, nhiều ổ gà sâu, mùa mưa ngập nước, "
        "học sinh và người dân đi lại rất nguy hiểm. Đề nghị bố trí kinh phí sửa chữa sớm.",
        collective=True,
    ),
    Scenario(
        Kind.RECOMMENDATION,
        "chinh-sach-xa-hoi",
        "Kiến nghị xem xét {benefit} cho gia đình",
        "Gia đình tôi ở {village}, {commune} có bố mẹ già yếu, thu nhập bấp bênh nhưng chưa "
        "được xét {benefit}. Đề nghị chính quyền xem xét, hướng dẫn thủ tục để gia đình được "
        "hưởng chính sách.",
    ),
    Scenario(
        Kind.RECOMMENDATION,
        "dat-dai",
        "Kiến nghị điều chỉnh quy hoạch để người dân được chuyển mục đích sử dụng đất",
        "Đất vườn của các hộ ở {village}, {commune} nằm trong quy hoạch đất giao thông từ năm "
        "{since} nhưng đến nay chưa triển khai, người dân không thể chuyển mục đích hay xây "
        "nhà. Đề nghị rà soát, điều chỉnh quy hoạch.",
        collective=True,
    ),
    Scenario(
        Kind.RECOMMENDATION,
        "khac",
        "Kiến nghị lắp đèn chiếu sáng và gờ giảm tốc",
        "Đoạn {road} qua {village}, {commune} không có đèn chiếu sáng, xe tải chạy tốc độ cao, "
        "thời gian qua đã xảy ra nhiều vụ va chạm. Đề nghị lắp đèn chiếu sáng, biển báo và gờ "
        "giảm tốc.",
        collective=True,
    ),
    Scenario(
        Kind.RECOMMENDATION,
        "tu-phap",
        "Kiến nghị rút ngắn thời gian giải quyết thủ tục tại Bộ phận một cửa",
        "Thủ tục chứng thực và đăng ký hộ tịch tại Bộ phận một cửa UBND {commune} thường phải "
        "chờ nhiều ngày, người dân vùng xa phải đi lại nhiều lần. Đề nghị bố trí thêm cán bộ và "
        "tiếp nhận hồ sơ trực tuyến.",
    ),
    Scenario(
        Kind.RECOMMENDATION,
        "moi-truong",
        "Kiến nghị bố trí điểm tập kết, thu gom rác thải",
        "{village_cap}, {commune} chưa có điểm tập kết rác, người dân phải đổ rác ven đường và "
        "ven suối gây mất vệ sinh. Đề nghị bố trí điểm tập kết và lịch thu gom định kỳ.",
        collective=True,
    ),
    Scenario(
        Kind.FEEDBACK,
        "moi-truong",
        "Phản ánh {company} gây ô nhiễm khói bụi, mùi hôi",
        "Nhiều tháng nay {company} hoạt động cả ban đêm, khói bụi và mùi hôi bao trùm {village}, "
        "{commune}; nhiều người già và trẻ nhỏ bị viêm đường hô hấp. Đề nghị kiểm tra, yêu cầu "
        "cơ sở khắc phục.",
        collective=True,
    ),
    Scenario(
        Kind.FEEDBACK,
        "xay-dung",
        "Phản ánh {road} bị sạt lở, hư hỏng sau mưa lũ",
        "Sau đợt mưa lũ vừa qua, {road} qua {village}, {commune} bị sạt lở taluy âm khoảng "
        "{small_area} m, mặt đường nứt toác, xe máy đi lại rất nguy hiểm. Đề nghị khắc phục "
        "khẩn cấp.",
        collective=True,
    ),
    Scenario(
        Kind.FEEDBACK,
        "chinh-sach-xa-hoi",
        "Phản ánh việc chậm chi trả {benefit}",
        "Đã {months} tháng nay nhiều đối tượng ở {village}, {commune} chưa nhận được {benefit}, "
        "cán bộ xã trả lời là chưa có kinh phí. Đề nghị kiểm tra, chi trả kịp thời.",
    ),
    Scenario(
        Kind.FEEDBACK,
        "can-bo-cong-chuc",
        "Phản ánh thái độ phục vụ của cán bộ Bộ phận một cửa",
        "Khi làm thủ tục tại Bộ phận một cửa UBND {commune}, tôi bị cán bộ tiếp nhận quát nạt, "
        "yêu cầu bổ sung giấy tờ không có trong quy định và hẹn đi hẹn lại nhiều lần. Đề nghị "
        "chấn chỉnh thái độ phục vụ người dân.",
    ),
    Scenario(
        Kind.FEEDBACK,
        "moi-truong",
        "Phản ánh tình trạng khai thác cát trái phép trên {river}",
        "Nhiều tàu hút cát hoạt động ban đêm trên {river} đoạn qua {village}, {commune}, gây sạt "
        "lở bờ và mất đất canh tác của các hộ ven sông. Đề nghị kiểm tra, ngăn chặn.",
        collective=True,
    ),
    Scenario(
        Kind.FEEDBACK,
        "khac",
        "Phản ánh tình trạng mất điện kéo dài",
        "Thời gian gần đây {village}, {commune} thường xuyên mất điện nhiều giờ liền, ảnh hưởng "
        "sinh hoạt và sản xuất. Đề nghị ngành điện kiểm tra, nâng cấp đường dây.",
        collective=True,
    ),
    Scenario(
        Kind.FEEDBACK,
        "xay-dung",
        "Phản ánh xe chở vật liệu quá tải làm hư hỏng đường",
        "Xe chở đất đá phục vụ {project} chạy quá tải qua {road} tại {commune}, làm đường hư "
        "hỏng, bụi bẩn và rơi vãi vật liệu. Đề nghị kiểm soát tải trọng và yêu cầu nhà thầu sửa "
        "chữa đường.",
    ),
]


class Weights:
    """A weighted choice among fixed items, with the cumulative weights computed once."""

    def __init__(self, weights: dict):
        self.items = list(weights)
        self.cumulative = list(accumulate(weights.values()))

    def draw(self, rng: random.Random):
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


KINDS = Weights(
    {Kind.COMPLAINT: 35, Kind.DENUNCIATION: 15, Kind.RECOMMENDATION: 20, Kind.FEEDBACK: 30}
)
CHANNELS = Weights(
    {
        Channel.IN_PERSON: 30,
        Channel.POST: 25,
        Channel.PORTAL: 15,
        Channel.EMAIL: 5,
        Channel.PHONE: 5,
        Channel.FORWARDED: 20,
    }
)
ANONYMOUS_SHARE = {Kind.DENUNCIATION: 0.25, Kind.FEEDBACK: 0.12, Kind.RECOMMENDATION: 0.05}
ANONYMOUS_CHANNELS = [Channel.POST, Channel.PORTAL, Channel.PHONE]
FORWARDING_AGENCIES = [
    "Ban Tiếp công dân Trung ương",
    "Đoàn đại biểu Quốc hội tỉnh Tuyên Quang",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Tuyên Quang",
    "Thanh tra Chính phủ",
    "Văn phòng UBND tỉnh Tuyên Quang",
]
COMPETENT_AGENCIES = [
    "Sở Tài nguyên và Môi trường tỉnh Tuyên Quang",
    "Sở Xây dựng tỉnh Tuyên Quang",
    "Sở Lao động – Thương binh và Xã hội tỉnh Tuyên Quang",
    "Công an tỉnh Tuyên Quang",
    "Tòa án nhân dân tỉnh Tuyên Quang",
    "Công ty Điện lực Tuyên Quang",
    "Bảo hiểm xã hội tỉnh Tuyên Quang",
]
GUIDANCE = [
    "Nội dung thuộc thẩm quyền của Tòa án; đã hướng dẫn công dân khởi kiện vụ án hành chính.",
    (
        "Tranh chấp chưa qua hòa giải ở cơ sở; đã hướng dẫn công dân đề nghị UBND xã nơi có "
        "đất tổ chức hòa giải."
    ),
    "Quyết định bị khiếu nại do Sở ban hành; đã hướng dẫn công dân gửi đơn đến Giám đốc Sở.",
]
FINDINGS = {
    Outcome.UPHELD: (
        "Qua kiểm tra hồ sơ, xác minh thực tế và làm việc với các bên liên quan, nội "
        "dung đơn là có cơ sở; đề xuất chấp nhận nội dung đơn."
    ),
    Outcome.PARTLY_UPHELD: (
        "Qua xác minh, một phần nội dung đơn có cơ sở, các nội dung còn lại "
        "không đủ căn cứ; đề xuất chấp nhận một phần."
    ),
    Outcome.REJECTED: (
        "Qua xác minh, nội dung đơn không có cơ sở; cơ quan, cá nhân liên quan đã "
        "thực hiện đúng quy định; đề xuất không chấp nhận."
    ),
}
PUBLIC_SUMMARIES = {
    Kind.COMPLAINT: {
        Outcome.UPHELD: (
            "Khiếu nại là đúng. Hủy quyết định bị khiếu nại, giao cơ quan chuyên môn "
            "giải quyết lại theo quy định."
        ),
        Outcome.PARTLY_UPHELD: (
            "Khiếu nại đúng một phần. Sửa đổi quyết định bị khiếu nại đối với "
            "phần nội dung đúng, giữ nguyên các nội dung còn lại."
        ),
        Outcome.REJECTED: "Khiếu nại là sai. Giữ nguyên quyết định bị khiếu nại.",
    },
    Kind.DENUNCIATION: {
        Outcome.UPHELD: "Nội dung tố cáo là đúng. Kiến nghị xử lý kỷ luật và khắc phục hậu quả.",
        Outcome.PARTLY_UPHELD: (
            "Nội dung tố cáo đúng một phần. Yêu cầu cá nhân liên quan kiểm điểm, rút kinh nghiệm."
        ),
        Outcome.REJECTED: "Nội dung tố cáo là không đúng.",
    },
    Kind.RECOMMENDATION: {
        Outcome.UPHELD: "Tiếp thu kiến nghị; giao cơ quan chuyên môn tổ chức thực hiện.",
        Outcome.PARTLY_UPHELD: (
            "Tiếp thu một phần kiến nghị; các nội dung khác sẽ được xem xét khi "
            "cân đối được nguồn lực."
        ),
        Outcome.REJECTED: "Kiến nghị chưa phù hợp quy định hiện hành; đã giải thích cho công dân.",
    },
    Kind.FEEDBACK: {
        Outcome.UPHELD: "Phản ánh đúng; đã chỉ đạo khắc phục.",
        Outcome.PARTLY_UPHELD: "Phản ánh đúng một phần; đã yêu cầu khắc phục các tồn tại.",
        Outcome.REJECTED: "Qua kiểm tra, phản ánh không đúng thực tế.",
    },
}
OUTCOMES = {
    kind: Weights(dict(zip(Outcome, weights, strict=True)))
    for kind, weights in (
        (Kind.COMPLAINT, (20, 30, 50)),
        (Kind.DENUNCIATION, (25, 35, 40)),
        (Kind.RECOMMENDATION, (60, 30, 10)),
        (Kind.FEEDBACK, (60, 30, 10)),
    )
}
DECISION_SUFFIXES = {
    Kind.COMPLAINT: "QĐ-UBND",
    Kind.DENUNCIATION: "KL-UBND",
    Kind.RECOMMENDATION: "UBND-TCD",
    Kind.FEEDBACK: "UBND-TCD",
}
ARCHIVE_REASONS = {
    Kind.COMPLAINT: [
        ArchiveReason.OUT_OF_TIME,
        ArchiveReason.ALREADY_RESOLVED,
        ArchiveReason.NOT_ELIGIBLE,
        ArchiveReason.DUPLICATE,
    ],
    Kind.DENUNCIATION: [ArchiveReason.UNCLEAR, ArchiveReason.DUPLICATE],
    Kind.RECOMMENDATION: [ArchiveReason.UNCLEAR, ArchiveReason.DUPLICATE],
    Kind.FEEDBACK: [ArchiveReason.UNCLEAR, ArchiveReason.DUPLICATE],
}
# What becomes of a received petition, by kind (weights).
FATES = {
    Kind.COMPLAINT: Weights({"handle": 70, "guide": 8, "forward": 6, "archive": 8, "withdraw": 8}),
    Kind.DENUNCIATION: Weights({"handle": 65, "forward": 20, "archive": 15}),
    Kind.RECOMMENDATION: Weights({"handle": 75, "forward": 15, "archive": 5, "withdraw": 5}),
    Kind.FEEDBACK: Weights({"handle": 75, "forward": 15, "archive": 10}),
}
# Anonymous denunciations are not handled (Luật Tố cáo 2018, Điều 25).
ANONYMOUS_DENUNCIATION_FATES = Weights({"archive": 75, "forward": 25})
COMPLEXITIES = Weights({Complexity.NORMAL: 75, Complexity.COMPLEX: 20, Complexity.VERY_COMPLEX: 5})
SEND_BACK_REASON = "Báo cáo chưa làm rõ nguồn gốc, quá trình sử dụng đất; đề nghị xác minh bổ sung."
EXTENSION_REASON = "Vụ việc phức tạp, phải xác minh tại nhiều địa điểm."
# Extension length in days for the kinds whose rules allow one.
EXTENSION_DAYS = {Kind.DENUNCIATION: 30, Kind.RECOMMENDATION: 10, Kind.FEEDBACK: 10}
# Forgotten cases: left at received, accepted or verifying; the old ones are overdue.
STALLED_SHARE = 0.07
# Cases the provincial reception office handles; the rest go to the communes.
PROVINCE_SHARE = 0.4
DUPLICATE_SHARE = 0.05
# Of the petitions written about several households, those sent by a group.
GROUP_SHARE = 0.3


def person_name(rng: random.Random) -> tuple[str, str]:
    """Return a Vietnamese (family and middle names, given name) pair."""
    middles, givens = rng.choice((MALE_NAMES, FEMALE_NAMES))
    return f"{rng.choice(FAMILY_NAMES)} {rng.choice(middles)}", rng.choice(givens)
