"""A fixed set of Vietnamese cases and queries with the cases each query must rank in the top 5.

Backend-independent: a test seeds the cases with `seed_cases`, indexes them with its backend,
and checks every `Example`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from cases.models import Case, Field, Status
from cases.services import PetitionerData, PetitionInput, case_transition, petition_register

from .factories import World

FIELDS = {
    "dat-dai": None,  # the world's own field, "Đất đai"
    "moi-truong": "Môi trường",
    "chinh-sach": "Chính sách xã hội",
    "xay-dung": "Xây dựng",
    "giao-thong": "Giao thông",
    "giao-duc": "Giáo dục",
    "hanh-chinh": "Xử lý vi phạm hành chính",
}


@dataclass(frozen=True)
class Seed:
    subject: str
    content: str
    petitioner: str
    field: str
    kind: str = "complaint"


SEEDS = {
    "land_dispute": Seed(
        "Tranh chấp đất đai với hộ liền kề",
        "Hộ ông Trần Văn Bình lấn chiếm 20 m² đất vườn của gia đình tôi.",
        "Lê Văn Cường",
        "dat-dai",
    ),
    "clearance": Seed(
        "Khiếu nại bồi thường giải phóng mặt bằng dự án đường tỉnh 176",
        "Giá bồi thường thấp hơn nhiều so với giá thị trường.",
        "Nguyễn Thị Hoa",
        "dat-dai",
    ),
    "resettlement": Seed(
        "Đề nghị hỗ trợ tái định cư khi giải phóng mặt bằng",
        "Gia đình chưa được bố trí đất tái định cư sau khi bàn giao mặt bằng.",
        "Phạm Minh Đức",
        "dat-dai",
        "recommendation",
    ),
    "certificate": Seed(
        "Chậm cấp giấy chứng nhận quyền sử dụng đất",
        "Hồ sơ nộp từ năm 2023 nhưng đến nay chưa được giải quyết.",
        "Đặng Thu Trang",
        "dat-dai",
    ),
    "pollution": Seed(
        "Phản ánh ô nhiễm môi trường từ trại chăn nuôi lợn",
        "Mùi hôi và nước thải chảy thẳng ra suối.",
        "Hoàng Văn Nam",
        "moi-truong",
        "feedback",
    ),
    "noise": Seed(
        "Phản ánh tiếng ồn của xưởng gỗ ban đêm",
        "Xưởng cưa hoạt động sau 22 giờ.",
        "Vũ Thị Lan",
        "moi-truong",
        "feedback",
    ),
    "merit": Seed(
        "Đề nghị xét hưởng chế độ người có công",
        "Bố tôi là thương binh hạng 2/4.",
        "Bùi Văn Hùng",
        "chinh-sach",
        "recommendation",
    ),
    "allowance": Seed(
        "Khiếu nại việc cắt trợ cấp xã hội",
        "Mẹ tôi 82 tuổi bị cắt trợ cấp từ tháng 3.",
        "Đỗ Thị Mai",
        "chinh-sach",
    ),
    "bribe": Seed(
        "Tố cáo cán bộ địa chính nhận tiền",
        "Cán bộ địa chính xã nhận 5 triệu đồng để làm sổ đỏ. Người tố cáo: Ngô Văn Tâm.",
        "Ngô Văn Tâm",
        "dat-dai",
        "denunciation",
    ),
    "building": Seed(
        "Phản ánh xây dựng trái phép trên đất nông nghiệp",
        "Hộ bà Lý Thị Dung xây nhà kiên cố trên đất trồng lúa.",
        "Trịnh Quốc Việt",
        "xay-dung",
        "feedback",
    ),
    "road": Seed(
        "Kiến nghị sửa chữa đường liên thôn bị hư hỏng",
        "Đường từ thôn 2 đến thôn 5 có nhiều ổ gà.",
        "Lương Văn Đạt",
        "giao-thong",
        "recommendation",
    ),
    "water": Seed(
        "Kiến nghị cấp nước sạch cho thôn Đồng Tâm",
        "Người dân phải dùng nước giếng nhiễm phèn.",
        "Châu Thị Ngọc",
        "moi-truong",
        "recommendation",
    ),
    "inheritance": Seed(
        "Tranh chấp thừa kế quyền sử dụng đất",
        "Anh em tranh chấp mảnh đất của cha mẹ để lại.",
        "Nguyễn Văn Đông",
        "dat-dai",
    ),
    "deposit": Seed(
        "Đặt cọc mua đất nhưng bị lừa",
        "Tôi đã đặt cọc 200 triệu đồng cho người bán.",
        "Kim Văn Dũng",
        "dat-dai",
    ),
    "school": Seed(
        "Phản ánh thu phí trái quy định tại trường tiểu học",
        "Nhà trường thu quỹ phụ huynh 500 nghìn đồng mỗi học sinh.",
        "Đinh Thị Hà",
        "giao-duc",
        "feedback",
    ),
    "forest": Seed(
        "Phản ánh chặt phá rừng phòng hộ",
        "Rừng phòng hộ đầu nguồn bị chặt trái phép.",
        "Mai Văn Sơn",
        "moi-truong",
        "feedback",
    ),
    "fine": Seed(
        "Khiếu nại quyết định xử phạt vi phạm hành chính",
        "Quyết định số 15/QĐ-XPHC phạt 7.500.000 đồng là không đúng.",
        "Tạ Văn Khoa",
        "hanh-chinh",
    ),
    "street": Seed(
        "Tên đường Dương Quảng Hàm bị ghi sai",
        "Biển tên đường ghi sai chính tả.",
        "Dương Văn Phúc",
        "giao-thong",
        "recommendation",
    ),
}

# Cases the handler is assigned, so that permission checks have something to tell apart.
ASSIGNED = ("clearance", "allowance")
# Cases of the other commune: its leader sees them, the first commune's leader does not.
ELSEWHERE = ("forest", "street")


@dataclass(frozen=True)
class Example:
    text: str | Callable[[dict[str, Case]], str]
    top5: tuple[str, ...]
    # The case that must rank first, when exact accents or a code decide.
    first: str | None = None

    def query(self, cases: dict[str, Case]) -> str:
        return self.text(cases) if callable(self.text) else self.text


def _code(key: str) -> Callable[[dict[str, Case]], str]:
    # Typed loosely: lower case, spaces for hyphens, O for 0.
    return lambda cases: (
        cases[key].petitions.get().tracking_code.lower().replace("-", " ").replace("0", "o")
    )


def _reference(key: str) -> Callable[[dict[str, Case]], str]:
    return lambda cases: cases[key].reference.lower().replace("-", "")


EXAMPLES = [
    Example("dat dai", ("land_dispute",)),
    Example("đất đai", ("land_dispute",)),
    Example("ĐẤT ĐAI", ("land_dispute",)),
    Example("giải phóng mặt bằng", ("clearance", "resettlement")),
    Example("giai phong mat bang", ("clearance", "resettlement")),
    Example("GIẢI PHÓNG MẶT BẰNG", ("clearance", "resettlement")),
    Example("boi thuong", ("clearance",)),
    Example("tai dinh cu", ("resettlement",)),
    Example("giay chung nhan quyen su dung dat", ("certificate",)),
    Example("sổ đỏ", ("bribe",)),
    Example("so do", ("bribe",)),
    Example("o nhiem moi truong", ("pollution",)),
    Example("ô nhiễm", ("pollution",)),
    Example("trai chan nuoi", ("pollution",)),
    Example("tieng on", ("noise",)),
    Example("nguoi co cong", ("merit",)),
    Example("thương binh", ("merit",)),
    Example("tro cap", ("allowance",)),
    Example("cắt trợ cấp xã hội", ("allowance",)),
    Example("Đỗ Thị Mai", ("allowance",), first="allowance"),
    Example("do thi mai", ("allowance",), first="allowance"),
    Example("Nguyen Thi Hoa", ("clearance",), first="clearance"),
    Example("hoàng văn nam", ("pollution",), first="pollution"),
    Example("xay dung trai phep", ("building",)),
    Example("dat nong nghiep", ("building",)),
    Example("duong lien thon", ("road",)),
    Example("nuoc sach", ("water",)),
    Example("Đồng Tâm", ("water",)),
    Example("dong tam", ("water",)),
    Example("thua ke", ("inheritance",)),
    Example("tranh chap", ("land_dispute", "inheritance")),
    Example("đặt cọc", ("deposit",), first="deposit"),
    Example("dat coc", ("deposit",), first="deposit"),
    Example("đặt", ("deposit",), first="deposit"),
    Example("rung phong ho", ("forest",)),
    Example("chat pha rung", ("forest",)),
    Example("thu phi truong tieu hoc", ("school",)),
    Example("xu phat vi pham hanh chinh", ("fine",)),
    Example("15/QĐ-XPHC", ("fine",)),
    Example("Dương Quảng Hàm", ("street",), first="street"),
    # Partial words, as typed: the last one is a prefix.
    Example("tranh ch", ("land_dispute", "inheritance")),
    Example("giải phó", ("clearance", "resettlement")),
    Example("o nhi", ("pollution",)),
    Example("thươ", ("merit",)),
    # Codes and references, however typed.
    Example(_code("allowance"), ("allowance",), first="allowance"),
    Example(_reference("fine"), ("fine",), first="fine"),
]
# A denouncer's name finds nothing: it is never indexed.
PRIVATE_NAMES = ("Ngô Văn Tâm", "ngo van tam")


def seed_cases(world: World) -> dict[str, Case]:
    """Register the seed cases; assign some to the handler, move some to the other commune."""
    fields = {"dat-dai": world.field}
    for code, name in FIELDS.items():
        if name:
            fields[code] = Field.objects.create(code=code, name=name)
    cases = {}
    for key, seed in SEEDS.items():
        petition = petition_register(
            actor=world.reception,
            data=PetitionInput(
                kind=seed.kind,
                channel="in_person",
                subject=seed.subject,
                content=seed.content,
                locality=world.locality,
                field=fields[seed.field],
                petitioner=PetitionerData(full_name=seed.petitioner, phone="0900000000"),
            ),
        )
        cases[key] = petition.case
    for key in ASSIGNED:
        case = case_transition(case=cases[key], actor=world.leader, name="accept")
        cases[key] = case_transition(
            case=case, actor=world.leader, name="assign", data={"handler": world.handler.username}
        )
        assert cases[key].status == Status.VERIFYING
    for key in ELSEWHERE:
        # Set up directly: no transition moves a case between communes.
        Case.objects.filter(pk=cases[key].pk).update(unit=world.other_commune)
        cases[key].refresh_from_db()
    return cases
