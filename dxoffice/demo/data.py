"""Static content of the Cà Mau demo: units, directives, program, objectives and task titles.

Names of communes and wards follow NQ 1655/NQ-UBTVQH15 (16 June 2025) as best we know them:
the old Cà Mau kept 35 communes and 4 wards, the old Bạc Liêu 20 communes and 5 wards. The
technology partner and the enterprises are fictional; no real company is named.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

PROVINCE = ("CAMAU", "Tỉnh Cà Mau", "Cà Mau")

WARDS = [
    "An Xuyên",
    "Lý Văn Lâm",
    "Tân Thành",
    "Hòa Thành",
    "Bạc Liêu",
    "Vĩnh Trạch",
    "Hiệp Thành",
    "Giá Rai",
    "Láng Tròn",
]

COMMUNES = [
    # old Cà Mau: Đầm Dơi, U Minh, Thới Bình, Trần Văn Thời, Cái Nước, Phú Tân, Năm Căn, Ngọc Hiển
    "Tân Thuận",
    "Tân Tiến",
    "Tạ An Khương",
    "Trần Phán",
    "Thanh Tùng",
    "Đầm Dơi",
    "Quách Phẩm",
    "Nguyễn Phích",
    "Khánh Lâm",
    "Khánh An",
    "U Minh",
    "Thới Bình",
    "Biển Bạch",
    "Trí Phải",
    "Tân Lộc",
    "Hồ Thị Kỷ",
    "Trần Văn Thời",
    "Sông Đốc",
    "Đá Bạc",
    "Khánh Bình",
    "Khánh Hưng",
    "Cái Nước",
    "Hưng Mỹ",
    "Lương Thế Trân",
    "Tân Hưng",
    "Phú Tân",
    "Cái Đôi Vàm",
    "Nguyễn Việt Khái",
    "Phú Mỹ",
    "Năm Căn",
    "Đất Mới",
    "Tam Giang",
    "Đất Mũi",
    "Tân Ân",
    "Phan Ngọc Hiển",
    # old Bạc Liêu: Hồng Dân, Phước Long, Vĩnh Lợi, Hòa Bình, Đông Hải, Giá Rai
    "Hồng Dân",
    "Ninh Quới",
    "Ninh Thạnh Lợi",
    "Vĩnh Lộc",
    "Phước Long",
    "Vĩnh Phước",
    "Phong Hiệp",
    "Vĩnh Thanh",
    "Châu Thới",
    "Hưng Hội",
    "Vĩnh Lợi",
    "Hòa Bình",
    "Vĩnh Mỹ",
    "Vĩnh Hậu",
    "Gành Hào",
    "Định Thành",
    "An Trạch",
    "Long Điền",
    "Đông Hải",
    "Phong Thạnh",
]

# (code, name, short name, kind, parent code or "" for the province)
DEPARTMENTS = [
    ("SNV", "Sở Nội vụ", "Sở Nội vụ", "department", ""),
    ("STP", "Sở Tư pháp", "Sở Tư pháp", "department", ""),
    ("STC", "Sở Tài chính", "Sở Tài chính", "department", ""),
    ("SCT", "Sở Công Thương", "Sở Công Thương", "department", ""),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", "Sở NN&MT", "department", ""),
    ("SXD", "Sở Xây dựng", "Sở Xây dựng", "department", ""),
    ("SKHCN", "Sở Khoa học và Công nghệ (Thường trực chuyển đổi số)", "Sở KH&CN", "department", ""),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Sở VHTT&DL", "department", ""),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "department", ""),
    ("SYT", "Sở Y tế", "Sở Y tế", "department", ""),
    ("TTRA", "Thanh tra tỉnh", "Thanh tra tỉnh", "department", ""),
    ("VPUB", "Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh", "department", ""),
    ("SDTTG", "Sở Dân tộc và Tôn giáo", "Sở DT&TG", "department", ""),
    ("BQLKKT", "Ban Quản lý Khu kinh tế tỉnh", "BQL Khu kinh tế", "agency", ""),
    ("CAT", "Công an tỉnh", "Công an tỉnh", "agency", ""),
    ("BHXH", "Bảo hiểm xã hội tỉnh", "BHXH tỉnh", "agency", ""),
    ("TTHCC", "Trung tâm Phục vụ hành chính công tỉnh", "TT Phục vụ HCC", "agency", "VPUB"),
]

# Partners sit outside the tree (roots of their own).
PARTNERS = [
    ("DOITAC", "Tập đoàn Công nghệ (đối tác toàn diện)", "Đối tác công nghệ", "tech_partner"),
    ("VIENTHONG", "Tổng công ty Viễn thông (đối tác hạ tầng)", "Đối tác viễn thông", "tech_partner"),
    ("DN-TOM", "Công ty cổ phần Thủy sản Mũi Xanh", "Thủy sản Mũi Xanh", "enterprise"),
    ("DN-LOG", "Công ty TNHH Logistics Bán Đảo", "Logistics Bán Đảo", "enterprise"),
    ("HTX-DL", "Hợp tác xã Du lịch cộng đồng Rừng Đước", "HTX Rừng Đước", "enterprise"),
    ("DHCM", "Trường Đại học Cà Mau", "ĐH Cà Mau", "university"),
    ("TRUONG-LC", "Trường Liên cấp Công nghệ (khối giáo dục của đối tác)", "Trường Liên cấp", "school"),
]

# (number, title, kind, level, issuer, issued on, summary)
DIRECTIVES = [
    (
        "57-NQ/TW",
        "Nghị quyết về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
        "resolution",
        "central_party",
        "Bộ Chính trị",
        date(2024, 12, 22),
        "Mục tiêu đến năm 2030: kinh tế số đạt tối thiểu 30% GDP.",
    ),
    (
        "59-NQ/TW",
        "Nghị quyết về hội nhập quốc tế trong tình hình mới",
        "resolution",
        "central_party",
        "Bộ Chính trị",
        date(2025, 1, 24),
        "",
    ),
    (
        "66-NQ/TW",
        "Nghị quyết về đổi mới công tác xây dựng và thi hành pháp luật đáp ứng yêu cầu phát triển "
        "đất nước trong kỷ nguyên mới",
        "resolution",
        "central_party",
        "Bộ Chính trị",
        date(2025, 4, 30),
        "",
    ),
    (
        "68-NQ/TW",
        "Nghị quyết về phát triển kinh tế tư nhân",
        "resolution",
        "central_party",
        "Bộ Chính trị",
        date(2025, 5, 4),
        "",
    ),
    (
        "71/NQ-CP",
        "Nghị quyết sửa đổi, bổ sung, cập nhật Chương trình hành động của Chính phủ thực hiện "
        "Nghị quyết số 57-NQ/TW",
        "resolution",
        "national",
        "Chính phủ",
        date(2025, 4, 1),
        "Chương trình hành động với 35 chỉ tiêu đến năm 2030.",
    ),
    (
        "2629/QĐ-TTg",
        "Quyết định phê duyệt Chương trình phát triển Chính phủ số",
        "decision",
        "national",
        "Thủ tướng Chính phủ",
        date(2025, 12, 1),
        "",
    ),
    (
        "TTHT-CĐS/2025",
        "Thỏa thuận hợp tác toàn diện về chuyển đổi số giữa UBND tỉnh Cà Mau và Tập đoàn "
        "Công nghệ giai đoạn 2025–2030",
        "agreement",
        "agreement",
        "UBND tỉnh Cà Mau và Tập đoàn Công nghệ",
        date(2025, 9, 17),
        "Ba trụ cột: chính quyền số, kinh tế số, xã hội số; thành lập Tổ Điều phối.",
    ),
    (
        "NQ-CĐS/TU",
        "Nghị quyết của Tỉnh ủy về chuyển đổi số tỉnh Cà Mau giai đoạn 2026–2030, định hướng đến năm 2035",
        "resolution",
        "provincial",
        "Tỉnh ủy Cà Mau",
        date(2025, 11, 28),
        "Số hiệu minh họa cho dữ liệu mẫu.",
    ),
    (
        "0280/KH-UBND",
        "Kế hoạch chuyển đổi số tỉnh Cà Mau năm 2026",
        "plan",
        "provincial",
        "UBND tỉnh Cà Mau",
        date(2025, 12, 31),
        "Căn cứ NQ 57-NQ/TW, NQ 71/NQ-CP và QĐ 2629/QĐ-TTg.",
    ),
]
AGREEMENT = "TTHT-CĐS/2025"
PROVINCIAL_RESOLUTION = "NQ-CĐS/TU"
PLAN_2026_DIRECTIVE = "0280/KH-UBND"

PROGRAM = ("CDS-2026-2030", "Chương trình chuyển đổi số tỉnh Cà Mau giai đoạn 2026–2030", 2026, 2030)

# (code, name, English name, kind)
PILLARS = [
    ("CQS", "Chính quyền số", "Digital government", "pillar"),
    ("KTS", "Kinh tế số", "Digital economy", "pillar"),
    ("XHS", "Xã hội số", "Digital society", "pillar"),
    ("HT", "Hạ tầng số", "Digital infrastructure", "foundation"),
    ("DL", "Dữ liệu số", "Data", "foundation"),
    ("NT", "Nền tảng số", "Digital platforms", "foundation"),
    ("ATTT", "An toàn thông tin", "Information security", "foundation"),
    ("NL", "Nhân lực số", "Digital human resources", "foundation"),
]

# (code, name, English name, priority)
SECTORS = [
    ("YTE", "Y tế", "Health", True),
    ("GD", "Giáo dục", "Education", True),
    ("NN", "Nông nghiệp, thủy sản", "Agriculture and aquaculture", True),
    ("MT", "Môi trường", "Environment", True),
    ("DULICH", "Du lịch", "Tourism", True),
    ("KHAC", "Lĩnh vực khác", "Other sectors", False),
]


class ObjectiveSeed(NamedTuple):
    """A KPI whose actual values follow a straight line from the 2024 baseline: `slope` per year.

    The targets are set so the objective stays on track (or at risk) whatever day in 2026–2027
    the demo is loaded."""

    code: str
    pillar: str
    lead: str
    title: str
    unit: str
    baseline: Decimal
    slope: Decimal
    targets: tuple[float, ...]  # 2026..2030; "on track" ones are met only by the year's last quarter
    kind: str = "strategic"
    lower_is_better: bool = False


def _d(value) -> Decimal:
    return Decimal(str(value))


OBJECTIVES = [
    ObjectiveSeed(
        "CT01",
        "KTS",
        "SKHCN",
        "Tỷ trọng kinh tế số trong GRDP của tỉnh",
        "%",
        _d(8.2),
        _d(1.1),
        (11, 14, 18, 22, 25),
    ),
    ObjectiveSeed(
        "CT02",
        "CQS",
        "VPUB",
        "Tỷ lệ thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình",
        "%",
        _d(68),
        _d(10),
        (87, 97, 100, 100, 100),
    ),
    ObjectiveSeed(
        "CT03",
        "CQS",
        "VPUB",
        "Tỷ lệ hồ sơ thủ tục hành chính được số hóa, ký số kết quả",
        "%",
        _d(60),
        _d(12),
        (83, 95, 100, 100, 100),
    ),
    ObjectiveSeed(
        "CT04",
        "CQS",
        "VPUB",
        "Tỷ lệ hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng",
        "%",
        _d(82),
        _d(4.5),
        (90, 95, 97, 98, 100),
        kind="operational",
    ),
    ObjectiveSeed(
        "CT05",
        "CQS",
        "SNV",
        "Tỷ lệ hồ sơ công việc cấp xã được xử lý trên môi trường mạng",
        "%",
        _d(45),
        _d(4),
        (65, 75, 85, 90, 95),
    ),
    ObjectiveSeed(
        "CT06",
        "CQS",
        "SNV",
        "Mức độ hài lòng của người dân, doanh nghiệp đối với dịch vụ hành chính công",
        "%",
        _d(85.5),
        _d(2.5),
        (90, 92.5, 94, 95, 95),
    ),
    ObjectiveSeed(
        "CT07",
        "KTS",
        "SCT",
        "Tỷ lệ doanh nghiệp nhỏ và vừa sử dụng nền tảng số",
        "%",
        _d(38),
        _d(5),
        (60, 70, 80, 85, 90),
    ),
    ObjectiveSeed(
        "CT08",
        "KTS",
        "SKHCN",
        "Số doanh nghiệp công nghệ số đang hoạt động trên địa bàn",
        "doanh nghiệp",
        _d(160),
        _d(40),
        (220, 260, 300, 350, 400),
    ),
    ObjectiveSeed(
        "CT09",
        "NL",
        "SNV",
        "Tỷ lệ cán bộ, công chức, viên chức được bồi dưỡng kỹ năng số và ứng dụng AI",
        "%",
        _d(35),
        _d(33),
        (70, 100, 100, 100, 100),
    ),
    ObjectiveSeed(
        "CT10",
        "XHS",
        "SKHCN",
        "Tỷ lệ người dân trưởng thành có kỹ năng số cơ bản",
        "%",
        _d(32),
        _d(12),
        (55, 67, 75, 82, 90),
    ),
    ObjectiveSeed(
        "CT11",
        "HT",
        "SKHCN",
        "Tỷ lệ hộ gia đình có kết nối băng rộng cáp quang",
        "%",
        _d(76),
        _d(5),
        (85, 90, 93, 95, 98),
    ),
    ObjectiveSeed(
        "CT12",
        "HT",
        "SKHCN",
        "Tỷ lệ dân số được phủ sóng di động 5G",
        "%",
        _d(18),
        _d(22),
        (55, 75, 90, 95, 99),
    ),
    ObjectiveSeed(
        "CT13",
        "DL",
        "SKHCN",
        "Số bộ dữ liệu mở được công bố",
        "bộ dữ liệu",
        _d(86),
        _d(45),
        (150, 200, 250, 300, 350),
        kind="operational",
    ),
    ObjectiveSeed(
        "CT14",
        "ATTT",
        "CAT",
        "Tỷ lệ hệ thống thông tin được phê duyệt cấp độ và bảo vệ theo mô hình 4 lớp",
        "%",
        _d(55),
        _d(18),
        (85, 100, 100, 100, 100),
        kind="operational",
    ),
    ObjectiveSeed(
        "CT15",
        "CQS",
        "TTHCC",
        "Tỷ lệ hồ sơ thủ tục hành chính giải quyết trễ hạn",
        "%",
        _d(4.8),
        _d(-1),
        (3.5, 2.5, 2, 1.5, 1),
        kind="operational",
        lower_is_better=True,
    ),
]


class TaskSeed(NamedTuple):
    """One task of the demo. `cycle` set means a regular (recurring) task with that reporting cycle.
    `origin`: "" plan, "A" agreement commitment, "M" meeting conclusion."""

    pillar: str
    lead: str
    title: str
    sector: str = ""
    kind: str = "task"
    partner: str = ""
    origin: str = ""
    cycle: str = ""
    coord: tuple[str, ...] = ()
    subtasks: tuple[str, ...] = ()


S = TaskSeed
DT = "DOITAC"
VT = "VIENTHONG"

PROVINCIAL_TASKS = [
    # Chính quyền số
    S(
        "CQS",
        "VPUB",
        "Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh",
        kind="project",
        partner=DT,
        origin="A",
        coord=("SKHCN", "TTHCC"),
        subtasks=(
            "Khảo sát, đánh giá hiện trạng Hệ thống thông tin giải quyết TTHC",
            "Chuyển đổi dữ liệu hồ sơ TTHC sang hệ thống mới",
            "Nghiệm thu, đưa hệ thống mới vào vận hành chính thức",
        ),
    ),
    S(
        "CQS",
        "VPUB",
        "Rà soát, tái cấu trúc quy trình để cung cấp dịch vụ công trực tuyến toàn trình",
        coord=("STP", "TTHCC"),
    ),
    S(
        "CQS",
        "VPUB",
        "Triển khai hệ thống quản lý văn bản và điều hành liên thông hai cấp tỉnh – xã",
        partner=DT,
    ),
    S("CQS", "SKHCN", "Cấp chứng thư chữ ký số cho cán bộ, công chức cấp xã", coord=("SNV",)),
    S(
        "CQS",
        "VPUB",
        "Xây dựng hệ thống phòng họp không giấy của UBND tỉnh",
        kind="project",
        partner=DT,
        origin="A",
    ),
    S("CQS", "TTHCC", "Số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực giai đoạn 2020–2025"),
    S("CQS", "SNV", "Triển khai kho lưu trữ hồ sơ điện tử tỉnh"),
    S("CQS", "VPUB", "Xây dựng Cổng thông tin điện tử tỉnh Cà Mau sau hợp nhất", partner=DT),
    S(
        "CQS",
        "TTHCC",
        "Triển khai trợ lý ảo AI hỗ trợ người dân tra cứu thủ tục hành chính",
        partner=DT,
        origin="A",
    ),
    S("CQS", "SKHCN", "Xây dựng hệ thống theo dõi, đánh giá nhiệm vụ chuyển đổi số của tỉnh", partner=DT),
    S("CQS", "STP", "Số hóa sổ hộ tịch, dữ liệu chứng thực lưu trữ tại cấp xã"),
    S("CQS", "TTRA", "Triển khai phần mềm quản lý công tác thanh tra, tiếp công dân, giải quyết khiếu nại"),
    S("CQS", "STP", "Rà soát văn bản quy phạm pháp luật của tỉnh cản trở chuyển đổi số theo NQ 66-NQ/TW"),
    S("CQS", "SNV", "Triển khai phần mềm quản lý hồ sơ cán bộ, công chức, viên chức"),
    S(
        "CQS",
        "CAT",
        "Kết nối hệ thống một cửa điện tử với Cơ sở dữ liệu quốc gia về dân cư",
        coord=("VPUB", "TTHCC"),
        origin="M",
    ),
    S(
        "CQS",
        "SKHCN",
        "Tham mưu ban hành Nghị quyết chuyên đề về chuyển đổi số giai đoạn 2026–2030",
        kind="scheme",
        partner=DT,
        origin="A",
    ),
    S(
        "CQS",
        "SKHCN",
        "Xây dựng Đề án chuyển đổi số tỉnh Cà Mau giai đoạn 2026–2030",
        kind="scheme",
        partner=DT,
        origin="A",
        subtasks=(
            "Tổng hợp hiện trạng các hệ thống thông tin của hai tỉnh cũ",
            "Xây dựng dự thảo Đề án và danh mục dự án ưu tiên",
            "Lấy ý kiến các sở, ngành và UBND các xã, phường",
        ),
    ),
    # Kinh tế số
    S(
        "KTS",
        "SCT",
        "Xây dựng sàn thương mại điện tử nông sản, thủy sản Cà Mau",
        sector="NN",
        kind="project",
        partner=DT,
        origin="A",
    ),
    S(
        "KTS",
        "SCT",
        "Chương trình hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số",
        kind="scheme",
        partner=DT,
        origin="A",
        subtasks=(
            "Khảo sát mức độ sẵn sàng chuyển đổi số của doanh nghiệp",
            "Tư vấn, triển khai giải pháp số cho 200 doanh nghiệp nhỏ và vừa",
        ),
    ),
    S("KTS", "SKHCN", "Phát triển hệ sinh thái khởi nghiệp đổi mới sáng tạo tỉnh", partner="DHCM"),
    S(
        "KTS",
        "SNNMT",
        "Triển khai truy xuất nguồn gốc sản phẩm tôm, cua Cà Mau",
        sector="NN",
        partner="DN-TOM",
    ),
    S("KTS", "BQLKKT", "Số hóa quản lý đầu tư, xúc tiến đầu tư tại Khu kinh tế Năm Căn"),
    S("KTS", "STC", "Thúc đẩy thanh toán không dùng tiền mặt trong dịch vụ công"),
    S(
        "KTS",
        "SVHTTDL",
        "Triển khai hệ thống du lịch thông minh Cà Mau",
        sector="DULICH",
        kind="project",
        partner=DT,
    ),
    S(
        "KTS",
        "SVHTTDL",
        "Xây dựng bản đồ số điểm đến du lịch Đất Mũi – U Minh Hạ",
        sector="DULICH",
        partner="HTX-DL",
    ),
    S("KTS", "STC", "Triển khai hóa đơn điện tử khởi tạo từ máy tính tiền cho hộ kinh doanh"),
    S("KTS", "SCT", "Hỗ trợ đưa sản phẩm OCOP lên sàn thương mại điện tử", sector="NN"),
    S("KTS", "SCT", "Xây dựng trung tâm logistics số vùng Bán đảo Cà Mau", partner="DN-LOG", origin="M"),
    S("KTS", "STC", "Đo lường tỷ trọng kinh tế số trong GRDP của tỉnh", coord=("SKHCN",)),
    S(
        "KTS",
        "SNNMT",
        "Ứng dụng cảm biến quan trắc môi trường ao nuôi tôm siêu thâm canh",
        sector="NN",
        partner=DT,
        origin="A",
    ),
    S("KTS", "VPUB", "Xúc tiến hợp tác quốc tế về chuyển đổi số theo NQ 59-NQ/TW", coord=("SCT", "SKHCN")),
    # Xã hội số
    S(
        "XHS",
        "SKHCN",
        'Triển khai phong trào "Bình dân học vụ số" trên địa bàn tỉnh',
        kind="scheme",
        partner=DT,
        origin="A",
    ),
    S(
        "XHS",
        "SYT",
        "Triển khai hồ sơ sức khỏe điện tử cho người dân",
        sector="YTE",
        kind="project",
        partner=DT,
        origin="A",
        subtasks=(
            "Triển khai bệnh án điện tử tại Bệnh viện Đa khoa tỉnh",
            "Kết nối hồ sơ sức khỏe điện tử với ứng dụng VNeID",
        ),
    ),
    S("XHS", "SYT", "Triển khai khám, chữa bệnh từ xa cho trạm y tế xã", sector="YTE", partner=DT),
    S("XHS", "SYT", "Thanh toán viện phí không dùng tiền mặt tại các cơ sở y tế công lập", sector="YTE"),
    S("XHS", "SGDDT", "Triển khai học bạ số, sổ điểm điện tử trong các trường phổ thông", sector="GD"),
    S(
        "XHS",
        "SGDDT",
        "Xây dựng mô hình trường học thông minh liên cấp",
        sector="GD",
        partner="TRUONG-LC",
        origin="A",
    ),
    S("XHS", "SVHTTDL", "Xây dựng thư viện số tỉnh Cà Mau", sector="KHAC"),
    S("XHS", "SVHTTDL", "Số hóa di sản văn hóa, di tích lịch sử cấp tỉnh", sector="DULICH"),
    S("XHS", "SDTTG", "Hỗ trợ đồng bào dân tộc Khmer tiếp cận dịch vụ số"),
    S("XHS", "CAT", "Triển khai định danh điện tử mức độ 2 cho người dân", origin="M"),
    S("XHS", "SNNMT", "Xây dựng nền tảng cảnh báo sớm thiên tai, sạt lở bờ biển", sector="MT", partner=DT),
    S("XHS", "SKHCN", 'Phát triển ứng dụng "Công dân số Cà Mau"', partner=DT, origin="A"),
    # Hạ tầng số
    S(
        "HT",
        "SKHCN",
        "Khảo sát, đánh giá hiện trạng hạ tầng số và đề xuất giải pháp hoàn thiện",
        partner=DT,
        origin="A",
    ),
    S(
        "HT",
        "SKHCN",
        "Nâng cấp Trung tâm dữ liệu tỉnh theo mô hình điện toán đám mây",
        kind="project",
        partner=DT,
        origin="A",
        subtasks=("Mở rộng dung lượng lưu trữ Trung tâm dữ liệu", "Triển khai phân vùng dự phòng thảm họa"),
    ),
    S(
        "HT",
        "SKHCN",
        "Phát triển mạng 5G tại khu đô thị và Khu kinh tế Năm Căn",
        partner=VT,
        coord=("BQLKKT",),
    ),
    S("HT", "SKHCN", "Phủ cáp quang băng rộng đến các ấp, khóm vùng sâu", partner=VT),
    S("HT", "SKHCN", "Nâng cấp mạng truyền số liệu chuyên dùng đến cấp xã", partner=VT),
    S(
        "HT",
        "SKHCN",
        "Hợp nhất hạ tầng công nghệ thông tin của hai tỉnh Cà Mau và Bạc Liêu cũ",
        partner=DT,
        origin="M",
    ),
    S("HT", "CAT", "Triển khai camera giám sát an ninh, giao thông thông minh", coord=("SXD",)),
    S("HT", "SXD", "Lập quy hoạch hạ tầng kỹ thuật viễn thông thụ động"),
    # Dữ liệu
    S(
        "DL",
        "SKHCN",
        "Xây dựng kho dữ liệu dùng chung của tỉnh",
        kind="project",
        partner=DT,
        origin="A",
        subtasks=("Chuẩn hóa danh mục dữ liệu dùng chung", "Kết nối dữ liệu của các sở, ngành vào kho"),
    ),
    S("DL", "SNNMT", "Xây dựng cơ sở dữ liệu đất đai", sector="MT", kind="project"),
    S("DL", "SNNMT", "Xây dựng cơ sở dữ liệu chuyên ngành nông nghiệp, thủy sản", sector="NN"),
    S("DL", "STC", "Xây dựng cơ sở dữ liệu doanh nghiệp, hộ kinh doanh"),
    S("DL", "SNV", "Làm sạch cơ sở dữ liệu cán bộ, công chức, viên chức"),
    S("DL", "SXD", "Xây dựng cơ sở dữ liệu quy hoạch xây dựng, đô thị"),
    S("DL", "SKHCN", "Ban hành danh mục dữ liệu mở của tỉnh"),
    S("DL", "SDTTG", "Xây dựng cơ sở dữ liệu về dân tộc, tôn giáo"),
    # Nền tảng số
    S("NT", "SKHCN", "Nâng cấp nền tảng tích hợp, chia sẻ dữ liệu (LGSP) của tỉnh", partner=DT),
    S(
        "NT",
        "SKHCN",
        "Triển khai Trung tâm giám sát, điều hành thông minh (IOC) giai đoạn 2",
        kind="project",
        partner=DT,
        origin="A",
        subtasks=(
            "Bổ sung bảng điều hành ngành y tế, giáo dục",
            "Tích hợp dữ liệu camera giao thông vào IOC",
        ),
    ),
    S("NT", "SKHCN", "Triển khai trợ lý ảo AI cho cán bộ, công chức", partner=DT, origin="A"),
    S("NT", "SNNMT", "Xây dựng nền tảng bản đồ số dùng chung (GIS) của tỉnh", sector="MT"),
    S("NT", "SNV", "Triển khai nền tảng học trực tuyến mở cho cán bộ, công chức", partner=DT),
    # An toàn thông tin
    S(
        "ATTT",
        "CAT",
        "Triển khai mô hình bảo vệ 4 lớp cho hệ thống thông tin của tỉnh",
        partner=DT,
        coord=("SKHCN",),
    ),
    S("ATTT", "SKHCN", "Phê duyệt hồ sơ đề xuất cấp độ an toàn hệ thống thông tin"),
    S(
        "ATTT",
        "SKHCN",
        "Xây dựng Trung tâm giám sát an toàn thông tin (SOC) tỉnh",
        kind="project",
        partner=VT,
    ),
    S("ATTT", "CAT", "Diễn tập thực chiến an toàn thông tin mạng năm", coord=("SKHCN",)),
    S("ATTT", "SKHCN", "Xây dựng phương án ứng cứu sự cố an toàn thông tin mạng"),
    S("ATTT", "CAT", "Triển khai bảo vệ dữ liệu cá nhân theo Luật Bảo vệ dữ liệu cá nhân"),
    # Nhân lực số
    S(
        "NL",
        "SNV",
        "Đào tạo kỹ năng số và ứng dụng AI cho cán bộ, công chức, viên chức",
        kind="scheme",
        partner=DT,
        origin="A",
    ),
    S("NL", "SNV", "Bồi dưỡng quản trị chuyển đổi số cho lãnh đạo sở, ngành, xã", partner=DT, origin="A"),
    S("NL", "SNV", "Đào tạo kỹ năng số cho cán bộ cấp xã", partner=DT, origin="A"),
    S("NL", "SKHCN", "Đào tạo chuyên gia an toàn thông tin", partner="DHCM"),
    S("NL", "SNV", "Đào tạo nghề số cho lao động nông thôn"),
    S("NL", "SNV", "Thu hút chuyên gia công nghệ số về làm việc tại tỉnh", origin="M"),
    S(
        "NL",
        "SGDDT",
        "Hợp tác đào tạo nhân lực công nghệ thông tin với Trường Đại học Cà Mau",
        sector="GD",
        partner="DHCM",
    ),
    S(
        "NL",
        "SGDDT",
        "Tạo điều kiện đầu tư trường liên cấp và cơ sở giáo dục nghề nghiệp",
        sector="GD",
        partner="TRUONG-LC",
        origin="A",
    ),
]

# Regular (recurring) tasks: cycle M monthly, Q quarterly, Y yearly.
RECURRING_TASKS = [
    S(
        "NT",
        "SKHCN",
        "Vận hành, duy trì Trung tâm giám sát, điều hành thông minh (IOC)",
        cycle="M",
        partner=DT,
    ),
    S("ATTT", "SKHCN", "Giám sát, cảnh báo an toàn thông tin mạng 24/7", cycle="M", partner=VT),
    S(
        "CQS",
        "SKHCN",
        "Báo cáo định kỳ thực hiện Nghị quyết 57-NQ/TW trên hệ thống theo dõi quốc gia",
        cycle="M",
    ),
    S("DL", "SKHCN", "Cập nhật, công bố dữ liệu mở của tỉnh", cycle="Q"),
    S("CQS", "SKHCN", "Theo dõi, đánh giá chỉ số chuyển đổi số (DTI) của sở, ngành, xã", cycle="Y"),
    S("CQS", "VPUB", "Công khai, cập nhật thủ tục hành chính trên Cổng dịch vụ công", cycle="Q"),
    S("DL", "TTHCC", "Đồng bộ dữ liệu hồ sơ TTHC với Cổng dịch vụ công quốc gia", cycle="M"),
    S("XHS", "SVHTTDL", "Tuyên truyền về chuyển đổi số trên báo chí và mạng xã hội", cycle="Q"),
    S("ATTT", "CAT", "Kiểm tra an toàn thông tin định kỳ các hệ thống thông tin cấp độ 3", cycle="Y"),
    S("DL", "SYT", "Cập nhật cơ sở dữ liệu ngành y tế", sector="YTE", cycle="Q"),
    S("DL", "SGDDT", "Cập nhật cơ sở dữ liệu ngành giáo dục", sector="GD", cycle="Q"),
    S("DL", "SNNMT", "Cập nhật, chỉnh lý biến động dữ liệu đất đai", sector="MT", cycle="Q"),
    S("KTS", "STC", "Theo dõi thanh toán không dùng tiền mặt trong trường học, bệnh viện", cycle="Q"),
    S("NT", "VPUB", "Vận hành hệ thống họp trực tuyến và phòng họp không giấy", cycle="M"),
    S("CQS", "SNV", "Khảo sát mức độ hài lòng của người dân đối với dịch vụ công", cycle="Q"),
    S(
        "CQS",
        "TTHCC",
        "Hỗ trợ người dân nộp hồ sơ trực tuyến tại Trung tâm Phục vụ hành chính công",
        cycle="M",
    ),
    S(
        "DL",
        "BHXH",
        "Làm sạch dữ liệu người tham gia bảo hiểm xã hội, bảo hiểm y tế",
        sector="YTE",
        cycle="Q",
    ),
    S("DL", "CAT", "Làm sạch dữ liệu dân cư phục vụ Đề án 06", cycle="M"),
    S("KTS", "SCT", "Cập nhật gian hàng sản phẩm OCOP trên sàn thương mại điện tử", cycle="Q"),
    S("CQS", "STC", "Theo dõi, báo cáo giải ngân vốn chuyển đổi số", cycle="Q"),
]

# Commune-level task templates: key -> (pillar, sector, kind, partner, title with {unit})
COMMUNE_TEMPLATES = {
    "platform": ("NT", "", "task", DT, "Triển khai nền tảng số cấp xã tại {unit}"),
    "digitise": ("CQS", "", "task", "", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại {unit}"),
    "train": ("NL", "", "task", DT, "Đào tạo kỹ năng số cho cán bộ, công chức {unit}"),
    "paperless": ("CQS", "", "task", "", "Triển khai phòng họp không giấy tại {unit}"),
    "literacy": ("XHS", "", "task", DT, "Phổ cập kỹ năng số cho người dân {unit} (Bình dân học vụ số)"),
    "ecommerce": (
        "KTS",
        "",
        "task",
        "",
        "Hỗ trợ hộ kinh doanh, hợp tác xã {unit} bán hàng trên sàn thương mại điện tử",
    ),
    "tourism": ("KTS", "DULICH", "task", "HTX-DL", "Phát triển mô hình du lịch cộng đồng số tại {unit}"),
    "trace": ("KTS", "NN", "task", "DN-TOM", "Ứng dụng truy xuất nguồn gốc tôm, cua cho hộ nuôi tại {unit}"),
    "coverage": ("HT", "", "task", VT, "Phủ sóng di động 4G/5G các ấp vùng sâu thuộc {unit}"),
    "community": ("XHS", "", "task", "", "Duy trì hoạt động Tổ công nghệ số cộng đồng {unit}"),
}

FOCAL_COMMUNE = "Tân Thuận"
FOCAL2_WARD = "An Xuyên"
DEPT_UNIT = "SYT"

# (commune or ward name, template keys). The `community` template is a regular (recurring) task.
COMMUNE_TASKS = [
    (FOCAL_COMMUNE, ("platform", "digitise", "train", "literacy", "trace", "community")),
    (FOCAL2_WARD, ("platform", "digitise", "paperless", "ecommerce")),
    ("Đầm Dơi", ("platform", "digitise")),
    ("Năm Căn", ("platform", "trace")),
    ("Cái Nước", ("digitise", "train")),
    ("U Minh", ("platform", "literacy")),
    ("Thới Bình", ("train", "ecommerce")),
    ("Trần Văn Thời", ("digitise", "paperless")),
    ("Sông Đốc", ("trace",)),
    ("Đất Mũi", ("tourism", "coverage")),
    ("Hồng Dân", ("platform", "train")),
    ("Phước Long", ("digitise",)),
    ("Vĩnh Lợi", ("literacy",)),
    ("Hòa Bình", ("paperless",)),
    ("Đông Hải", ("trace", "coverage")),
    ("Tân Tiến", ("coverage",)),
    ("Bạc Liêu", ("platform", "ecommerce")),
    ("Giá Rai", ("digitise",)),
]

# Which objectives a task of a pillar serves.
PILLAR_OBJECTIVES = {
    "CQS": ("CT02", "CT03", "CT04", "CT05", "CT06", "CT15"),
    "KTS": ("CT01", "CT07", "CT08"),
    "XHS": ("CT10",),
    "HT": ("CT11", "CT12"),
    "DL": ("CT13",),
    "NT": ("CT04", "CT05"),
    "ATTT": ("CT14",),
    "NL": ("CT09",),
}

MILESTONES = {
    "project": (
        "Phê duyệt chủ trương, dự toán",
        "Lựa chọn nhà thầu, đơn vị tư vấn",
        "Triển khai thí điểm",
        "Nghiệm thu, bàn giao đưa vào sử dụng",
    ),
    "scheme": ("Xây dựng đề cương chi tiết", "Hoàn thiện dự thảo", "Trình cấp có thẩm quyền phê duyệt"),
}

WORK_DONE = [
    "Đã ban hành kế hoạch triển khai và phân công cán bộ phụ trách.",
    "Đã hoàn thành khảo sát hiện trạng, tổng hợp nhu cầu của đơn vị.",
    "Đang triển khai theo kế hoạch; phối hợp với đối tác cài đặt, cấu hình hệ thống.",
    "Đã tổ chức tập huấn hướng dẫn sử dụng cho cán bộ, công chức.",
    "Đã chạy thử nghiệm, ghi nhận góp ý và điều chỉnh.",
    "Đã cập nhật dữ liệu lên hệ thống, kiểm tra chất lượng dữ liệu.",
]
BLOCKERS = [
    "Nguồn vốn năm nay chưa được bố trí đầy đủ.",
    "Đơn vị thi công chậm tiến độ so với hợp đồng.",
    "Thiếu cán bộ chuyên trách công nghệ thông tin sau sắp xếp bộ máy.",
    "Hạ tầng mạng tại các ấp vùng sâu chưa ổn định.",
    "Chờ hướng dẫn kỹ thuật của bộ, ngành Trung ương.",
]
PROPOSALS = [
    "Đề nghị Sở Tài chính tham mưu bố trí bổ sung kinh phí.",
    "Đề nghị Sở Khoa học và Công nghệ hỗ trợ kỹ thuật.",
    "Đề nghị gia hạn thời gian thực hiện thêm một quý.",
    "Đề nghị đối tác tăng cường nhân sự hỗ trợ tại chỗ.",
]
RETURN_COMMENTS = [
    "Bổ sung số liệu cụ thể về số hồ sơ đã số hóa và tài liệu kiểm chứng.",
    "Làm rõ nguyên nhân chậm tiến độ và giải pháp khắc phục.",
]

# Demo users: (username, full name, position, unit code, role, role unit code)
USERS = [
    ("admin", "Quản trị hệ thống", "Quản trị viên nền tảng", "CAMAU", "admin", "CAMAU"),
    (
        "leader",
        "Nguyễn Văn Hòa",
        "Phó Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo chuyển đổi số",
        "CAMAU",
        "leader",
        "CAMAU",
    ),
    (
        "coordinator",
        "Trần Thị Mai",
        "Chuyên viên thường trực chuyển đổi số, Sở Khoa học và Công nghệ",
        "SKHCN",
        "coordinator",
        "CAMAU",
    ),
    ("focal", "Lê Văn Tâm", "Công chức đầu mối chuyển đổi số xã", "@focal", "focal", "@focal"),
    ("focal2", "Phạm Thị Hồng", "Công chức đầu mối chuyển đổi số phường", "@focal2", "focal", "@focal2"),
    ("dept", "Võ Minh Khoa", "Chuyên viên đầu mối chuyển đổi số, Sở Y tế", DEPT_UNIT, "focal", DEPT_UNIT),
    ("viewer", "Đặng Quốc Bảo", "Chuyên viên Văn phòng UBND tỉnh", "VPUB", "viewer", "CAMAU"),
    ("partner", "Ngô Đức Anh", "Điều phối viên Tổ Điều phối (đối tác)", "DOITAC", "focal", "DOITAC"),
]
DEMO_PASSWORD = "dxoffice-demo"
