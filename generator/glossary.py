"""The site's glossary: plan terms and abbreviations explained for citizens, in plain Vietnamese.

Sources: the programs' approving decisions as cited by the shipped plans (90/QĐ-TTg, 263/QĐ-TTg,
1719/QĐ-TTg), the plans' own wording, and the project's domain primer. The glossary page
(`pages/glossary.py`) shows every term; `render.mark_abbreviations` marks the first use of each
abbreviation on every other page and links it here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One glossary entry: its anchor, heading, the abbreviations it explains, and the explanation."""

    id: str  # anchor on the glossary page
    term: str
    text: str
    abbreviations: tuple[tuple[str, str], ...] = ()  # (abbreviation as printed, full form)
    source: str = ""  # the document that defines it, when there is one


@dataclass(frozen=True)
class TermGroup:
    title: str
    terms: tuple[Term, ...]


GLOSSARY_PATH = "thuat-ngu.md"

GROUPS: tuple[TermGroup, ...] = (
    TermGroup("Chương trình và dự án", (
        Term("mtqg", "MTQG: Chương trình mục tiêu quốc gia",
             "Chương trình lớn của Nhà nước cho cả nước, có mục tiêu, thời hạn và ngân sách riêng. Giai đoạn "
             "2021–2025 có ba chương trình: giảm nghèo bền vững, xây dựng nông thôn mới và phát triển vùng đồng "
             "bào dân tộc thiểu số và miền núi. Kế hoạch của huyện nói huyện sẽ làm gì, ở đâu, với bao nhiêu tiền "
             "để thực hiện các chương trình này.",
             (("MTQG", "Mục tiêu quốc gia"), ("CTMTQG", "Chương trình mục tiêu quốc gia"))),
        Term("gnbv", "GNBV: Giảm nghèo bền vững",
             "Chương trình mục tiêu quốc gia giúp hộ nghèo, hộ cận nghèo thoát nghèo lâu dài, không tái nghèo. "
             "Chương trình có 7 dự án: hạ tầng các huyện nghèo, đa dạng hóa sinh kế và mô hình giảm nghèo, hỗ trợ "
             "sản xuất và dinh dưỡng, việc làm và giáo dục nghề nghiệp, nhà ở cho hộ nghèo và cận nghèo, truyền "
             "thông và giảm nghèo về thông tin, nâng cao năng lực và giám sát.",
             (("GNBV", "Giảm nghèo bền vững"),), "Quyết định 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ"),
        Term("ntm", "NTM: Nông thôn mới",
             "Chương trình mục tiêu quốc gia xây dựng nông thôn mới: mỗi xã, mỗi thôn, bản phấn đấu đạt một bộ "
             "tiêu chí (đường giao thông, điện, trường học, nước sạch, thu nhập…). Chỉ tiêu thường là số xã, số "
             "thôn “đạt chuẩn nông thôn mới”.",
             (("NTM", "Nông thôn mới"),), "Quyết định 263/QĐ-TTg ngày 22/02/2022 của Thủ tướng Chính phủ"),
        Term("dtts", "DTTS: Dân tộc thiểu số",
             "Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền "
             "núi: đất ở, nhà ở, nước sinh hoạt, hạ tầng, sinh kế, giáo dục, y tế cho các xã, thôn vùng đồng bào "
             "dân tộc thiểu số.",
             (("DTTS", "Dân tộc thiểu số"),), "Quyết định 1719/QĐ-TTg ngày 14/10/2021 của Thủ tướng Chính phủ"),
        Term("du-an", "Dự án, Tiểu dự án (TDA)",
             "Mỗi chương trình chia thành các dự án (Dự án 1, Dự án 2…), một số dự án lại chia thành tiểu dự án. "
             "Mỗi dự án có nội dung và nguồn tiền riêng; hai kế hoạch khác nhau nói “Dự án 3” của cùng một "
             "chương trình là cùng một dự án.",
             (("TDA", "Tiểu dự án"),)),
        Term("ocop", "OCOP: Mỗi xã một sản phẩm",
             "Chương trình giúp mỗi địa phương phát triển sản phẩm đặc trưng (nông sản, đặc sản), được đánh giá "
             "và xếp hạng sao.",
             (("OCOP", "Chương trình Mỗi xã một sản phẩm"),)),
    )),
    TermGroup("Tiền và nguồn vốn", (
        Term("trieu-dong", "Triệu đồng, cách viết số",
             "Số tiền trên trang tính bằng triệu đồng, như trong văn bản (1 tỷ đồng = 1.000 triệu đồng). Dấu "
             "chấm ngăn hàng nghìn, dấu phẩy là dấu thập phân: 1.790.878 triệu đồng là gần 1.791 tỷ đồng; "
             "38,5% là ba mươi tám phẩy năm phần trăm."),
        Term("nstw", "NSTW: Ngân sách trung ương",
             "Tiền của ngân sách nhà nước cấp trung ương giao cho địa phương để thực hiện chương trình. Gồm hai "
             "loại: vốn đầu tư phát triển và vốn sự nghiệp.",
             (("NSTW", "Ngân sách trung ương"),)),
        Term("von-dau-tu", "Vốn đầu tư phát triển, vốn sự nghiệp",
             "Vốn đầu tư phát triển dùng để xây dựng công trình (đường, trường, nhà văn hóa, công trình nước…). "
             "Vốn sự nghiệp dùng cho các việc chi thường xuyên: hỗ trợ sản xuất, đào tạo nghề, tuyên truyền, tập "
             "huấn, hỗ trợ nhà ở…"),
        Term("nsdp", "NSĐP: Ngân sách địa phương",
             "Tiền của tỉnh, huyện, xã góp thêm (vốn đối ứng) cùng với ngân sách trung ương. Văn bản có khi viết "
             "không dấu là NSDP.",
             (("NSĐP", "Ngân sách địa phương"), ("NSDP", "Ngân sách địa phương"))),
        Term("tin-dung", "Vốn tín dụng chính sách",
             "Tiền cho hộ nghèo, hộ cận nghèo và các đối tượng chính sách vay với lãi suất ưu đãi qua Ngân hàng "
             "Chính sách xã hội. Đây là tiền vay, người vay phải trả lại."),
        Term("long-ghep", "Vốn lồng ghép",
             "Tiền của các chương trình, dự án khác cùng dùng cho một mục tiêu, để tránh làm trùng và dùng tiền "
             "hiệu quả hơn."),
        Term("huy-dong", "Vốn huy động",
             "Tiền và công sức do doanh nghiệp, cộng đồng và người dân đóng góp, ngoài ngân sách nhà nước."),
        Term("khv", "KHV: Kế hoạch vốn",
             "Số tiền được giao để chi trong một năm cho một chương trình, dự án. Khác với số tiền dự kiến cho "
             "cả giai đoạn.",
             (("KHV", "Kế hoạch vốn"),)),
        Term("giai-ngan", "Giải ngân",
             "Số tiền đã thực sự chi ra, thanh toán cho công việc. Báo cáo thường ghi số tiền đã giải ngân đến "
             "một ngày và tỷ lệ so với kế hoạch vốn, ví dụ “đạt 45% KHV”."),
    )),
    TermGroup("Ai làm gì", (
        Term("ubnd", "UBND: Ủy ban nhân dân",
             "Cơ quan hành chính của huyện, xã. Ủy ban nhân dân huyện ban hành các kế hoạch trên trang này và "
             "giao việc cho các phòng, ban, trung tâm của huyện và cho Ủy ban nhân dân các xã.",
             (("UBND", "Ủy ban nhân dân"),)),
        Term("hdnd", "HĐND: Hội đồng nhân dân",
             "Cơ quan do nhân dân bầu ra ở mỗi cấp; quyết định ngân sách và giám sát Ủy ban nhân dân.",
             (("HĐND", "Hội đồng nhân dân"),)),
        Term("ubmttq", "UBMTTQ: Ủy ban Mặt trận Tổ quốc và các đoàn thể",
             "Mặt trận Tổ quốc và các tổ chức chính trị - xã hội (Hội Nông dân, Hội Liên hiệp Phụ nữ, Đoàn "
             "Thanh niên, Hội Cựu chiến binh…) thường được giao tuyên truyền, vận động người dân và giám sát việc "
             "thực hiện.",
             (("UBMTTQ", "Ủy ban Mặt trận Tổ quốc"), ("MTTQ", "Mặt trận Tổ quốc"))),
        Term("bcd", "BCĐ: Ban Chỉ đạo",
             "Ban gồm lãnh đạo huyện và các cơ quan, chỉ đạo và đôn đốc việc thực hiện các chương trình.",
             (("BCĐ", "Ban Chỉ đạo"),)),
        Term("chu-tri", "Chủ trì, phối hợp",
             "Cơ quan chủ trì là cơ quan chịu trách nhiệm chính về một việc. Cơ quan phối hợp cùng tham gia, giúp "
             "cơ quan chủ trì."),
        Term("phu-trach", "Phụ trách xã, đồng phụ trách xã",
             "Mỗi xã được giao cho một cơ quan của huyện phụ trách: cơ quan này theo dõi, hướng dẫn và đôn đốc xã "
             "thực hiện kế hoạch. Cơ quan đồng phụ trách cùng làm việc đó với cơ quan phụ trách."),
    )),
    TermGroup("Nghèo và vùng khó khăn", (
        Term("ho-ngheo", "Hộ nghèo, hộ cận nghèo",
             "Hộ gia đình có thu nhập và điều kiện sống dưới chuẩn nghèo là hộ nghèo; hộ có thu nhập thấp nhưng "
             "thiếu hụt ít hơn là hộ cận nghèo. Tỷ lệ hộ nghèo là số hộ nghèo chia cho tổng số hộ, tính theo phần "
             "trăm."),
        Term("chuan-ngheo", "Chuẩn nghèo đa chiều",
             "Cách xác định hộ nghèo không chỉ theo thu nhập mà còn theo mức thiếu hụt các dịch vụ xã hội cơ bản: "
             "việc làm, y tế, giáo dục, nhà ở, nước sinh hoạt và vệ sinh, thông tin. Mức cụ thể do Chính phủ quy "
             "định cho từng giai đoạn.",
             source="Nghị định 07/2021/NĐ-CP của Chính phủ (giai đoạn 2021–2025)"),
        Term("diem-phan-tram", "Điểm phần trăm (điểm %)",
             "Mức thay đổi của một tỷ lệ. Tỷ lệ hộ nghèo giảm từ 40% xuống 37% là giảm 3 điểm phần trăm (không "
             "phải giảm 3%). “Giảm bình quân 4%/năm” trong kế hoạch thường có nghĩa là giảm 4 điểm phần trăm "
             "mỗi năm."),
        Term("dbkk", "ĐBKK: Đặc biệt khó khăn",
             "Xã, thôn, bản đặc biệt khó khăn theo danh sách do Nhà nước phê duyệt; được ưu tiên hỗ trợ từ các "
             "chương trình.",
             (("ĐBKK", "Đặc biệt khó khăn"),)),
        Term("don-vi-moi", "Xã, thị trấn và đơn vị hành chính mới",
             "Các kế hoạch viết trước ngày 1/7/2025 nêu tên các xã, thị trấn cũ của huyện. Từ ngày 1/7/2025 "
             "không còn cấp huyện, nhiều xã được sáp nhập thành xã mới; trang của mỗi xã cũ cho biết xã mới mà "
             "xã đó thuộc về."),
    )),
    TermGroup("Cách đọc số trên trang", (
        Term("so-theo-van-ban", "Số theo văn bản",
             "Con số đúng như văn bản kế hoạch ghi. Trang không sửa số của văn bản, kể cả khi văn bản cộng sai."),
        Term("so-tinh", "Số do trang tính (∑)",
             "Con số trang web tự cộng từ các số của văn bản, khi văn bản không ghi tổng. Số này có dấu ∑ bên "
             "cạnh; di chuột hoặc chạm vào dấu ∑ để biết nó được cộng từ những dòng nào."),
        Term("chenh-lech", "Chênh lệch (⚠)",
             "Dấu ⚠ cạnh một con số cho biết chính văn bản có chỗ không khớp: tổng ghi trong văn bản khác với "
             "tổng cộng lại từ các phần của nó. Bấm vào dấu ⚠ để xem số ghi, số tính lại và mức chênh lệch."),
        Term("muc", "Mục",
             "Vị trí trong văn bản kế hoạch, ví dụ “mục VI.2.7” là phần VI, điểm 2, ý 7. “Phần căn cứ” là đoạn "
             "đầu văn bản nêu các văn bản làm căn cứ; “phần cuối văn bản” là đoạn kết, nơi nhận và chữ ký."),
        Term("van-ban-goc", "Văn bản gốc",
             "Toàn văn của kế hoạch, đăng kèm trang của kế hoạch để người đọc đối chiếu từng con số."),
    )),
    TermGroup("Chữ viết tắt khác", (
        Term("kt-xh", "KT-XH: Kinh tế - xã hội", "Viết tắt thường gặp trong tên chương trình và mục tiêu.",
             (("KT-XH", "Kinh tế - xã hội"),)),
        Term("ptnt", "PTNT: Phát triển nông thôn", "Ví dụ: Phòng Nông nghiệp và Phát triển nông thôn.",
             (("PTNT", "Phát triển nông thôn"),)),
        Term("ld-tbxh", "LĐ-TBXH: Lao động - Thương binh và Xã hội",
             "Phòng Lao động - Thương binh và Xã hội của huyện thường là cơ quan chủ trì chương trình giảm nghèo.",
             (("LĐ-TBXH", "Lao động - Thương binh và Xã hội"), ("LĐTBXH", "Lao động - Thương binh và Xã hội"))),
        Term("gdnn", "GDNN-GDTX: Giáo dục nghề nghiệp - giáo dục thường xuyên",
             "Trung tâm của huyện dạy nghề và bổ túc văn hóa cho người lớn.",
             (("GDNN-GDTX", "Giáo dục nghề nghiệp - giáo dục thường xuyên"), ("GDNN", "Giáo dục nghề nghiệp"))),
        Term("qlda", "QLDA: Quản lý dự án", "Ví dụ: Ban Quản lý dự án đầu tư xây dựng của huyện.",
             (("QLDA", "Quản lý dự án"),)),
        Term("gtnt", "GTNT: Giao thông nông thôn", "Đường giao thông ở thôn, bản, xã.",
             (("GTNT", "Giao thông nông thôn"),)),
        Term("csht", "CSHT: Cơ sở hạ tầng", "Đường, điện, trường, trạm, công trình nước…",
             (("CSHT", "Cơ sở hạ tầng"),)),
        Term("bhyt", "BHYT: Bảo hiểm y tế", "Thẻ bảo hiểm y tế, thường được hỗ trợ cho hộ nghèo, cận nghèo.",
             (("BHYT", "Bảo hiểm y tế"),)),
        Term("thcs", "THCS, THPT: Trung học cơ sở, trung học phổ thông", "Các cấp học (lớp 6–9 và lớp 10–12).",
             (("THCS", "Trung học cơ sở"), ("THPT", "Trung học phổ thông"))),
    )),
)


@dataclass(frozen=True)
class Abbreviation:
    """An abbreviation marked on pages: its full form and the glossary entry that explains it."""

    text: str
    title: str
    anchor: str


@functools.cache
def abbreviations() -> dict[str, Abbreviation]:
    """Every abbreviation the glossary explains, keyed by its printed form."""
    return {abbr: Abbreviation(abbr, title, term.id)
            for group in GROUPS for term in group.terms for abbr, title in term.abbreviations}
