"""The partners module's part of the Cà Mau demo: the cooperation agreement of 17 September 2025
between the province and the technology partner with its commitments at plausible states, the
tasks carrying some of them, a quarterly review, about sixty local enterprises across sectors and
communes (most verified, some waiting, a few rejected) with their maturity self-assessments, the
solutions catalogue, support cases at every state, the priority list and a few school projects.

Everything goes through the partners services, acting as the system actor; the data is the same
on every load of the same day."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.core.files.base import ContentFile

from dxoffice.core.services import save_audited
from dxoffice.demo.data import DEMO_PASSWORD
from dxoffice.demo.evidence import evidence_pdf
from dxoffice.demo.state import Demo
from dxoffice.partners import services
from dxoffice.partners.maturity import QUESTIONS
from dxoffice.partners.models import Commitment, Enterprise, PartnerProfile, SchoolLevel, Solution
from dxoffice.partners.taxcode import check_digit

SIGNED = date(2025, 9, 17)

# (code, party, area, title, measure, due, status, reason)
COMMITMENTS = [
    (
        "DT-01",
        "DOITAC",
        "planning",
        "Tư vấn xây dựng Nghị quyết, Chương trình hành động và kế hoạch chuyển đổi số giai đoạn 2026–2030",
        "Kế hoạch chuyển đổi số năm 2026 được UBND tỉnh ban hành",
        date(2025, 12, 31),
        "met",
        "",
    ),
    (
        "DT-02",
        "DOITAC",
        "planning",
        "Phối hợp các sở, ngành cụ thể hóa mục tiêu thành nhiệm vụ, dự án hằng năm",
        "Danh mục nhiệm vụ, dự án năm 2026 được Tổ Điều phối thống nhất",
        date(2026, 3, 31),
        "met",
        "",
    ),
    (
        "DT-03",
        "DOITAC",
        "infrastructure",
        "Rà soát, đánh giá hiện trạng hạ tầng số của tỉnh",
        "Báo cáo đánh giá hiện trạng hạ tầng số được bàn giao",
        date(2026, 9, 30),
        "in_progress",
        "",
    ),
    (
        "DT-04",
        "DOITAC",
        "infrastructure",
        "Đề xuất giải pháp hoàn thiện hạ tầng dữ liệu, nền tảng số và bảo đảm an toàn thông tin",
        "Đề án được Tổ Điều phối thông qua",
        date(2026, 12, 31),
        "at_risk",
        "Chậm bàn giao báo cáo hiện trạng, ảnh hưởng tiến độ đề án",
    ),
    (
        "DT-05",
        "DOITAC",
        "training",
        'Đào tạo chuyên sâu cho cán bộ, lãnh đạo các cấp, gồm khóa "bình dân học vụ số" ứng dụng AI',
        "5.000 lượt cán bộ hoàn thành khóa học",
        date(2027, 12, 31),
        "in_progress",
        "",
    ),
    (
        "DT-06",
        "DOITAC",
        "training",
        "Bồi dưỡng kỹ năng số cho cán bộ, công chức cấp xã",
        "100% xã, phường, đặc khu có cán bộ được bồi dưỡng",
        date(2026, 9, 30),
        "met",
        "",
    ),
    (
        "DT-07",
        "DOITAC",
        "training",
        "Đào tạo quản trị chuyển đổi số cho lãnh đạo sở, ngành, địa phương",
        "Ít nhất 200 lãnh đạo hoàn thành chương trình",
        date(2027, 6, 30),
        "not_started",
        "",
    ),
    (
        "DT-08",
        "DOITAC",
        "enterprises",
        "Thúc đẩy doanh nghiệp địa phương ứng dụng công nghệ; tư vấn, triển khai giải pháp trong lĩnh vực ưu tiên",
        "500 doanh nghiệp được hỗ trợ trong y tế, giáo dục, nông nghiệp, môi trường, du lịch",
        date(2030, 12, 31),
        "in_progress",
        "",
    ),
    (
        "DT-09",
        "DOITAC",
        "education",
        "Khối giáo dục của đối tác đầu tư trường liên cấp và cơ sở giáo dục nghề nghiệp",
        "Ít nhất một trường liên cấp và một cơ sở nghề đi vào hoạt động",
        date(2028, 12, 31),
        "in_progress",
        "",
    ),
    (
        "DT-10",
        "DOITAC",
        "technology",
        "Hỗ trợ triển khai hội nghị không giấy cho UBND tỉnh",
        "Phòng họp không giấy vận hành tại trụ sở UBND tỉnh",
        date(2026, 6, 30),
        "met",
        "",
    ),
    (
        "DT-11",
        "DOITAC",
        "technology",
        "Thí điểm trao đổi dữ liệu liên tỉnh vùng Đồng bằng sông Cửu Long",
        "Kết nối thử nghiệm với hai tỉnh",
        date(2026, 6, 30),
        "dropped",
        "Thay bằng kết nối qua nền tảng dữ liệu quốc gia",
    ),
    (
        "UB-01",
        "CAMAU",
        "funding",
        "Bố trí vốn ngân sách nhà nước theo phân cấp và lồng ghép các nhiệm vụ liên quan",
        "Vốn năm 2026 cho nhiệm vụ chuyển đổi số được giao trong dự toán",
        date(2026, 3, 31),
        "met",
        "",
    ),
    (
        "UB-02",
        "CAMAU",
        "funding",
        "Ưu tiên doanh nghiệp tham gia các chương trình phát triển vùng của tỉnh",
        "Danh sách doanh nghiệp ưu tiên được ban hành",
        date(2026, 12, 31),
        "in_progress",
        "",
    ),
    (
        "UB-03",
        "CAMAU",
        "education",
        "Các sở, ngành tạo điều kiện để khối giáo dục của đối tác đầu tư trường học",
        "Thủ tục giao đất, cấp phép hoàn thành",
        date(2026, 10, 31),
        "in_progress",
        "",
    ),
    (
        "UB-04",
        "CAMAU",
        "funding",
        "Huy động các nguồn vốn hợp pháp khác, mô hình hợp tác công tư",
        "Ít nhất một dự án PPP được phê duyệt chủ trương",
        date(2027, 12, 31),
        "not_started",
        "",
    ),
]

# Tasks of the 2026 plan that carry a commitment: (commitment, code, pillar, lead unit, title)
CARRYING = [
    ("DT-03", "DT03-01", "HT", "SKHCN", "Khảo sát hiện trạng hạ tầng số tại sở, ngành và 64 xã, phường"),
    ("DT-04", "DT04-01", "DL", "SKHCN", "Xây dựng đề án hoàn thiện hạ tầng dữ liệu tỉnh Cà Mau"),
    ("DT-05", "DT05-01", "NL", "SNV", 'Tổ chức các lớp "bình dân học vụ số" ứng dụng AI cho cán bộ'),
    ("UB-02", "UB02-01", "KTS", "SCT", "Xây dựng tiêu chí và danh sách doanh nghiệp ưu tiên"),
]

SOLUTIONS = [
    ("Hóa đơn điện tử cho hộ kinh doanh", "DOITAC", "other", "e_invoice", 0, 1_500_000),
    ("Sàn thương mại điện tử nông sản Cà Mau", "DOITAC", "agriculture", "e_commerce", 2_000_000, 12_000_000),
    ("Truy xuất nguồn gốc tôm, cua", "DOITAC", "agriculture", "management", 5_000_000, 30_000_000),
    ("Phần mềm quản lý phòng khám", "DOITAC", "health", "management", 8_000_000, 40_000_000),
    ("Quản lý trường học và học bạ số", "DOITAC", "education", "management", 6_000_000, 25_000_000),
    ("Đặt phòng, bán vé du lịch trực tuyến", "DOITAC", "tourism", "e_commerce", 3_000_000, 15_000_000),
    ("Thanh toán không dùng tiền mặt (QR)", "VIENTHONG", "other", "cashless", 0, 2_000_000),
    ("Giám sát chất lượng nước nuôi trồng", "VIENTHONG", "environment", "management", 10_000_000, 60_000_000),
    ("Bảo mật, sao lưu cho doanh nghiệp nhỏ", "VIENTHONG", "other", "security", 1_000_000, 8_000_000),
]

PREFIXES = ["Công ty TNHH", "Công ty cổ phần", "Hợp tác xã", "Doanh nghiệp tư nhân"]
TRADES = {
    "health": ["Nhà thuốc", "Phòng khám", "Dược phẩm", "Thiết bị y tế"],
    "education": ["Giáo dục", "Đào tạo nghề", "Ngoại ngữ", "Sách và thiết bị"],
    "agriculture": ["Thủy sản", "Tôm giống", "Lúa gạo", "Chế biến cua", "Mật ong rừng"],
    "environment": ["Môi trường xanh", "Xử lý nước", "Thu gom rác", "Năng lượng sạch"],
    "tourism": ["Du lịch sinh thái", "Homestay", "Lữ hành", "Nhà hàng"],
    "other": ["Thương mại", "Vận tải", "Xây dựng", "Dịch vụ"],
}
PLACES = [
    "Đất Mũi",
    "Năm Căn",
    "U Minh",
    "Rạch Gốc",
    "Sông Đốc",
    "Hòn Khoai",
    "Bạc Liêu",
    "Giá Rai",
    "Cái Nước",
    "Tân Thành",
]
NEEDS = ["e_invoice", "e_commerce", "cashless", "marketing", "management", "security"]


def tax_code(n: int) -> str:
    while True:
        first = f"{2_000_000 + n * 7919:09d}"[-9:]
        first = "2" + first[1:]
        digit = check_digit(first)
        if digit is not None:
            return first + str(digit)
        n += 1000


def _profiles(demo: Demo) -> None:
    contacts = {
        "DOITAC": ("Ban Chuyển đổi số khu vực", "cds@doitac.example", ""),
        "TRUONG-LC": ("Phòng Hành chính", "lienhe@truonglc.example", SchoolLevel.MULTI_LEVEL),
        "DHCM": ("Phòng Hợp tác", "hoptac@dhcm.example", SchoolLevel.UNIVERSITY),
    }
    for code, unit in demo.units.items():
        if not unit.is_partner:
            continue
        name, email, level = contacts.get(code, ("Đầu mối hợp tác", f"{code.lower()}@partner.example", ""))
        save_audited(
            PartnerProfile(unit=unit, contact_name=name, contact_email=email, school_level=level or ""),
            by=demo.system,
        )


def _agreement(demo: Demo) -> dict[str, Commitment]:
    agreement = services.agreement_save(
        by=demo.system,
        owner_unit=demo.units["CAMAU"],
        parties=[demo.units["DOITAC"]],
        number="01/2025/TTHT-UBND",
        title="Thỏa thuận hợp tác toàn diện về chuyển đổi số giữa UBND tỉnh Cà Mau và Tập đoàn Công nghệ",
        signed_on=SIGNED,
        valid_from=SIGNED,
        valid_until=date(2030, 12, 31),
        scope="Chuyển đổi số toàn diện trên ba trụ cột chính quyền số, kinh tế số, xã hội số; hạ tầng, dữ liệu, "
        "nền tảng số, đào tạo nhân lực, hỗ trợ doanh nghiệp trong các lĩnh vực ưu tiên và đầu tư giáo dục.",
    )
    services.agreement_document_add(
        by=demo.system,
        agreement=agreement,
        upload=ContentFile(
            evidence_pdf("TTHT", "Thoa thuan hop tac toan dien ve chuyen doi so", SIGNED),
            name="thoa-thuan-17-09-2025.pdf",
        ),
        description="Bản ký ngày 17/09/2025",
    )
    services.amendment_add(
        by=demo.system,
        agreement=agreement,
        number="01/2026/PL-TTHT",
        signed_on=date(2026, 2, 20),
        summary="Bổ sung nội dung hội nghị không giấy và đào tạo lãnh đạo quản trị chuyển đổi số.",
    )
    made: dict[str, Commitment] = {}
    for code, party, area, title, measure, due, status, reason in COMMITMENTS:
        commitment = services.commitment_save(
            by=demo.system,
            agreement=agreement,
            party=demo.units[party],
            code=code,
            area=area,
            title=title,
            measure=measure,
            due_date=due,
        )
        made[code] = commitment
        if status == "met":
            met_on = min(due, demo.today)
            services.commitment_evidence_add(
                by=demo.system,
                commitment=commitment,
                upload=ContentFile(evidence_pdf(code, title, met_on), name=f"nghiem-thu-{code.lower()}.pdf"),
            )
            services.commitment_set_status(by=demo.system, commitment=commitment, status="met", met_on=met_on)
        elif status != "not_started":
            services.commitment_set_status(
                by=demo.system, commitment=commitment, status=status, reason=reason
            )
    return made


def _carrying_tasks(demo: Demo, commitments: dict[str, Commitment]) -> None:
    plan = demo.plans.get(2026)
    if plan is None:
        return
    for commitment_code, code, pillar, lead, title in CARRYING:
        services.commitment_task_create(
            by=demo.system,
            commitment=commitments[commitment_code],
            plan=plan,
            code=code,
            pillar=demo.pillars[pillar],
            lead_unit=demo.units[lead],
            title=title,
            start_date=date(2026, 1, 15),
        )


def _review(demo: Demo, commitments: dict[str, Commitment]) -> None:
    held = date(2026, 10, 12)
    if held > demo.today:
        return
    services.review_record(
        by=demo.system,
        agreement=commitments["DT-01"].agreement,
        period="2026Q3",
        held_on=held,
        notes="Tổ Điều phối rà soát kết quả quý III/2026: các cam kết về kế hoạch và đào tạo cán bộ xã đã hoàn thành; "
        "đề án hạ tầng dữ liệu có nguy cơ chậm.",
        decisions=[
            services.DecisionInput(
                commitments["DT-03"], "on_track", "Đối tác cam kết bàn giao báo cáo trong quý IV"
            ),
            services.DecisionInput(commitments["DT-05"], "on_track"),
            services.DecisionInput(
                commitments["UB-02"], "on_track", "Sở Công Thương chủ trì xây dựng tiêu chí"
            ),
        ],
    )


def _solutions(demo: Demo) -> list[Solution]:
    return [
        services.solution_save(
            by=demo.system,
            name=name,
            provider=demo.units[provider],
            sector=sector,
            need=need,
            price_min=low,
            price_max=high,
            references="Đã triển khai tại một số tỉnh Đồng bằng sông Cửu Long",
        )
        for name, provider, sector, need, low, high in SOLUTIONS
    ]


def _enterprises(demo: Demo, rng: random.Random) -> list[Enterprise]:
    sectors = list(TRADES)
    enterprises = []
    for n in range(60):
        sector = sectors[n % len(sectors)]
        trade = TRADES[sector][n % len(TRADES[sector])]
        name = f"{PREFIXES[n % len(PREFIXES)]} {trade} {PLACES[(n * 3) % len(PLACES)]}"
        if n >= len(PLACES):
            name += f" {n // len(PLACES) + 1}"
        enterprise = services.enterprise_register(
            by=demo.system,
            tax_code=tax_code(n),
            name=name,
            sector=sector,
            size=["micro", "micro", "small", "small", "medium", "large"][n % 6],
            commune=demo.communes[(n * 7) % len(demo.communes)],
            contact_name=f"Nguyễn Văn {chr(65 + n % 26)}",
            contact_email=f"dn{n:02d}@doanhnghiep.example",
            contact_phone=f"0290 38{n:02d} {n * 37 % 1000:03d}",
            on_digital_platform=rng.random() < 0.55,
        )
        if n % 20 == 19:
            services.enterprise_reject(
                by=demo.system, enterprise=enterprise, reason="Không có địa chỉ kinh doanh trên địa bàn tỉnh"
            )
            continue
        if n % 9 == 8:
            enterprises.append(enterprise)  # still waiting for verification
            continue
        enterprise = services.enterprise_verify(by=demo.system, enterprise=enterprise)
        if n == 0 and enterprise.account is not None:  # one enterprise to try the enterprise's own view
            enterprise.account.set_password(DEMO_PASSWORD)
            save_audited(enterprise.account, by=demo.system)
        enterprises.append(enterprise)
        if n % 3 != 2:
            _assess(demo, rng, enterprise)
    return enterprises


def _assess(demo: Demo, rng: random.Random, enterprise: Enterprise) -> None:
    base = rng.randint(0, 2)
    answers = {q.code: min(4, max(0, base + rng.randint(-1, 1))) for q in QUESTIONS}
    services.assessment_save(by=demo.system, enterprise=enterprise, year=2025, answers=answers)
    if demo.today.year >= 2026:
        better = {code: min(4, value + rng.randint(0, 1)) for code, value in answers.items()}
        services.assessment_save(by=demo.system, enterprise=enterprise, year=2026, answers=better)


def _cases(demo: Demo, rng: random.Random, enterprises: list[Enterprise], solutions: list[Solution]) -> None:
    partners = [demo.units["DOITAC"], demo.units["VIENTHONG"]]
    plan = ["resolved"] * 12 + ["in_progress"] * 6 + ["triaged"] * 5 + ["new"] * 5 + ["declined"] * 3
    for index, state in enumerate(plan):
        enterprise = enterprises[(index * 5) % len(enterprises)]
        if state != "new" and enterprise.status != "verified":
            enterprise = next(e for e in enterprises if e.status == "verified")
        opened = demo.today - timedelta(days=200 - index * 6)
        need = NEEDS[index % len(NEEDS)]
        case = services.case_open(
            by=demo.system,
            enterprise=enterprise,
            sector=enterprise.sector,
            need=need,
            description=f"Doanh nghiệp cần hỗ trợ: {need.replace('_', ' ')}; quy mô {enterprise.get_size_display().lower()}.",
            opened_on=opened,
        )
        if state == "new":
            continue
        if state == "declined":
            services.case_decline(
                by=demo.system, case=case, reason="Nhu cầu ngoài phạm vi hỗ trợ của chương trình"
            )
            continue
        partner = partners[index % 2]
        offered = [s for s in solutions if s.provider_id == partner.pk and s.need == need]
        case = services.case_triage(
            by=demo.system,
            case=case,
            partner=partner,
            solution=offered[0] if offered else None,
            due_date=opened + timedelta(days=30),
        )
        if state == "triaged":
            continue
        case = services.case_start(by=demo.system, case=case)
        if state == "resolved":
            services.case_resolve(
                by=demo.system,
                case=case,
                note="Đã tư vấn và triển khai giải pháp cho doanh nghiệp",
                satisfaction=rng.choice([3, 4, 4, 5, 5]),
                closed_on=min(demo.today, opened + timedelta(days=rng.randint(10, 40))),
            )


def _priority_list(demo: Demo, enterprises: list[Enterprise]) -> None:
    chosen = [e for e in enterprises if e.status == "verified" and e.size in ("micro", "small")][:6]
    for enterprise in chosen:
        services.priority_list_add(
            by=demo.system,
            enterprise=enterprise,
            program="Chương trình phát triển kinh tế vùng ven biển",
            rule="Doanh nghiệp nhỏ và siêu nhỏ trong lĩnh vực ưu tiên, đã được xác minh",
            listed_on=date(2026, 6, 1),
        )


def _schools(demo: Demo, commitments: dict[str, Commitment]) -> None:
    investing = commitments["DT-09"]
    projects = [
        ("TRUONG-LC", "Xây dựng Trường Liên cấp Công nghệ tại phường An Xuyên", 320, 24, 18),
        ("TRUONG-LC", "Phòng học STEM và tin học cho khối trung học", 180, 12, 6),
        ("DHCM", "Chương trình đào tạo kỹ sư chuyển đổi số tại Trường Đại học Cà Mau", 150, 30, 4),
    ]
    plan = demo.plans.get(2026)
    for index, (school, title, students, teachers, rooms) in enumerate(projects, start=1):
        project = services.school_project_save(
            by=demo.system,
            school=demo.units[school],
            commitment=investing,
            title=title,
            students_in_it=students,
            teachers_trained=teachers,
            classrooms_equipped=rooms,
        )
        if plan is not None and index < 3:
            services.school_project_task_create(
                by=demo.system,
                project=project,
                plan=plan,
                code=f"GD-TR{index:02d}",
                pillar=demo.pillars["XHS"],
                lead_unit=demo.units["SGDDT"],
                start_date=date(2026, 3, 1),
                due_date=date(2026, 12, 31),
            )


def build(demo: Demo) -> None:
    """Add the partners module's demo records (called by the loader after the register is built)."""
    rng = random.Random(2025_09_17)
    _profiles(demo)
    commitments = _agreement(demo)
    _carrying_tasks(demo, commitments)
    _review(demo, commitments)
    solutions = _solutions(demo)
    enterprises = _enterprises(demo, rng)
    _cases(demo, rng, enterprises, solutions)
    _priority_list(demo, enterprises)
    _schools(demo, commitments)
