"""Request bodies for `POST /api/v1/petitions/`, as a reception desk would type them."""

import random

KINDS = ["complaint", "complaint", "recommendation", "feedback", "denunciation"]
# "forwarded" is left out: it also needs the forwarding agency, a different form.
CHANNELS = ["in_person", "post", "email", "phone", "portal"]
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng"]
MIDDLE_NAMES = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Đức", "Ngọc"]
GIVEN_NAMES = ["An", "Bình", "Cường", "Dung", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Mai", "Nam"]
STREETS = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Quang Trung", "Lê Duẩn"]
SUBJECTS = [
    "Khiếu nại quyết định thu hồi đất và bồi thường, hỗ trợ tái định cư",
    "Kiến nghị sửa chữa tuyến đường liên xã bị xuống cấp nghiêm trọng",
    "Phản ánh tình trạng xả thải gây ô nhiễm môi trường tại khu dân cư",
    "Tố cáo hành vi sai phạm trong việc cấp giấy chứng nhận quyền sử dụng đất",
    "Khiếu nại việc không giải quyết chế độ trợ cấp xã hội",
    "Kiến nghị về việc cấp nước sinh hoạt không ổn định",
]
CONTENT = (
    "Kính gửi Quý cơ quan. Tôi xin trình bày sự việc như sau: ngày {day}/{month}/2025, "
    "{subject_lower}. Sự việc đã kéo dài nhiều tháng, gia đình tôi đã nhiều lần liên hệ với "
    "chính quyền địa phương nhưng chưa được xem xét, giải quyết thỏa đáng. Đề nghị Quý cơ "
    "quan xem xét, giải quyết theo quy định của pháp luật. Tôi xin chân thành cảm ơn."
)


def petitioner(rng: random.Random) -> dict:
    names = (rng.choice(FAMILY_NAMES), rng.choice(MIDDLE_NAMES), rng.choice(GIVEN_NAMES))
    return {
        "full_name": " ".join(names),
        "phone": f"09{rng.randrange(10**8):08d}",
        "address": f"Số {rng.randint(1, 300)} đường {rng.choice(STREETS)}",
        "id_number": f"0{rng.randrange(10**11):011d}",
    }


def body(rng: random.Random, localities: list[str], fields: list[str]) -> dict:
    subject = rng.choice(SUBJECTS)
    return {
        "kind": rng.choice(KINDS),
        "channel": rng.choice(CHANNELS),
        "subject": subject,
        "content": CONTENT.format(
            day=rng.randint(1, 28), month=rng.randint(1, 12), subject_lower=subject.lower()
        ),
        "petitioner": petitioner(rng),
        "locality": rng.choice(localities),
        "field": rng.choice(fields),
    }


def bodies(count: int, localities: list[str], fields: list[str], seed: int = 2025) -> list[dict]:
    rng = random.Random(seed)
    return [body(rng, localities, fields) for _ in range(count)]
