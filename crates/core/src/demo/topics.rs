//! What the demo documents and tasks are about: real provincial work (giải ngân vốn đầu tư
//! công, phòng chống thiên tai, cải cách hành chính …) as Vietnamese templates.
//!
//! Placeholders: {place} a xã/phường ("xã Hải Lăng"), {year}, {project}, {n} a small number,
//! {unit} a sở or ban, {date} a deadline (dd/mm/yyyy), {prev} last year.

use super::names::{DIV_KT, DIV_NC, DIV_TH, DIV_VX};

/// Which Phó Chủ tịch directs the field (index into `Province::vice_chairmen`).
pub(crate) const DOMAIN_ECONOMY: usize = 0;
pub(crate) const DOMAIN_AGRICULTURE: usize = 1;
pub(crate) const DOMAIN_SOCIETY: usize = 2;
pub(crate) const DOMAIN_INTERNAL: usize = 3;

pub(crate) struct Topic {
    pub weight: u32,
    /// Office division that follows it up (names::DIV_*).
    pub division: usize,
    /// DOMAIN_*: the Phó Chủ tịch in charge.
    pub domain: usize,
    /// Abbreviations of the units that usually lead it.
    pub leads: &'static [&'static str],
    /// Share (%) of its tasks led by a xã/phường.
    pub commune_share: u32,
    /// Object of "Về việc …", "Kế hoạch …", "Kết luận … về …".
    pub phrases: &'static [&'static str],
    /// Mô tả nhiệm vụ.
    pub tasks: &'static [&'static str],
    /// Progress notes, difficulties and proposals of the units.
    pub progress: &'static [&'static str],
    pub difficulties: &'static [&'static str],
    pub proposals: &'static [&'static str],
}

pub(crate) const TOPICS: &[Topic] = &[
    Topic {
        weight: 14,
        division: DIV_KT,
        domain: DOMAIN_ECONOMY,
        leads: &["STC", "BQLDA-DDCN", "BQLDA-GT", "BQLDA-NN", "SXD"],
        commune_share: 35,
        phrases: &[
            "đẩy nhanh tiến độ giải ngân vốn đầu tư công năm {year}",
            "giải ngân kế hoạch vốn đầu tư công năm {year} trên địa bàn tỉnh",
            "điều chỉnh kế hoạch đầu tư công trung hạn giai đoạn 2026 – 2030",
            "tháo gỡ khó khăn, vướng mắc trong giải ngân vốn các chương trình mục tiêu quốc gia",
        ],
        tasks: &[
            "Rà soát, đánh giá tiến độ giải ngân từng dự án sử dụng vốn đầu tư công năm {year}; đề xuất điều chuyển vốn từ các dự án giải ngân chậm sang các dự án có nhu cầu",
            "Đôn đốc các chủ đầu tư đẩy nhanh tiến độ thi công, nghiệm thu khối lượng hoàn thành và làm thủ tục thanh toán {project}",
            "Tập trung chỉ đạo giải ngân vốn đầu tư công trên địa bàn {place}, bảo đảm tỷ lệ giải ngân đạt trên 95% kế hoạch vốn được giao năm {year}",
            "Tổng hợp tình hình giải ngân vốn đầu tư công của các sở, ban, ngành và địa phương, báo cáo UBND tỉnh tại phiên họp thường kỳ hằng tháng",
            "Kiểm tra, xử lý dứt điểm các vướng mắc về hồ sơ thanh toán, tạm ứng vốn của {project}",
            "Xây dựng phương án phân bổ chi tiết kế hoạch vốn đầu tư công năm {year} nguồn ngân sách tỉnh cho {place}",
        ],
        progress: &[
            "Đã tổ chức họp với các chủ đầu tư, rà soát khối lượng hoàn thành; tỷ lệ giải ngân đến nay đạt khoảng {n}0% kế hoạch",
            "Đã có văn bản đôn đốc các chủ đầu tư hoàn thiện hồ sơ thanh toán gửi Kho bạc Nhà nước",
            "Đang phối hợp với Sở Tài chính rà soát, đề xuất điều chuyển vốn giữa các dự án",
        ],
        difficulties: &[
            "Một số dự án vướng giải phóng mặt bằng, chưa có mặt bằng sạch để thi công",
            "Giá vật liệu xây dựng tăng cao, nhà thầu thi công cầm chừng",
            "Thủ tục điều chỉnh chủ trương đầu tư kéo dài, chưa được phê duyệt",
        ],
        proposals: &[
            "Đề nghị UBND tỉnh cho phép điều chuyển vốn của các dự án không có khả năng giải ngân",
            "Kiến nghị Sở Tài chính sớm thẩm định, trình phê duyệt điều chỉnh dự án",
        ],
    },
    Topic {
        weight: 9,
        division: DIV_KT,
        domain: DOMAIN_AGRICULTURE,
        leads: &["SNNMT", "BCHQS", "BĐBP", "SXD", "SCT"],
        commune_share: 55,
        phrases: &[
            "chủ động ứng phó với cơn bão số {n} và mưa lũ",
            "triển khai các biện pháp cấp bách phòng, chống thiên tai, tìm kiếm cứu nạn năm {year}",
            "khắc phục hậu quả mưa lũ, sạt lở đất trên địa bàn {place}",
            "bảo đảm an toàn hồ đập, công trình thủy lợi trong mùa mưa bão năm {year}",
        ],
        tasks: &[
            "Tổ chức kiểm tra, rà soát các khu vực có nguy cơ cao xảy ra sạt lở đất, lũ quét trên địa bàn {place}; chủ động sơ tán dân đến nơi an toàn",
            "Kiểm tra, vận hành an toàn các hồ chứa thủy lợi, thủy điện; bố trí lực lượng ứng trực 24/24 giờ trong thời gian mưa lũ",
            "Thống kê, đánh giá thiệt hại do mưa lũ gây ra tại {place}; đề xuất hỗ trợ khôi phục sản xuất cho người dân",
            "Chuẩn bị lực lượng, phương tiện, vật tư theo phương châm bốn tại chỗ, sẵn sàng tham gia tìm kiếm cứu nạn",
            "Khắc phục khẩn cấp các điểm sạt lở trên tuyến đường giao thông, bảo đảm thông suốt đi lại cho nhân dân {place}",
            "Rà soát, cập nhật phương án ứng phó thiên tai theo cấp độ rủi ro năm {year}, trình UBND tỉnh phê duyệt",
        ],
        progress: &[
            "Đã sơ tán {n}0 hộ dân ở vùng trũng thấp, ven sông đến nơi an toàn",
            "Đã tổ chức kiểm tra hiện trường, lập danh sách các điểm sạt lở cần xử lý khẩn cấp",
            "Đã huy động lực lượng tại chỗ khắc phục tạm thời, bảo đảm giao thông",
        ],
        difficulties: &[
            "Kinh phí khắc phục hậu quả thiên tai lớn, vượt khả năng cân đối của địa phương",
            "Mưa lớn kéo dài, địa hình chia cắt nên việc tiếp cận hiện trường gặp nhiều khó khăn",
        ],
        proposals: &[
            "Đề nghị UBND tỉnh hỗ trợ kinh phí từ nguồn dự phòng ngân sách tỉnh để khắc phục hậu quả",
            "Kiến nghị bổ sung vật tư, phương tiện cứu hộ cho lực lượng tại chỗ",
        ],
    },
    Topic {
        weight: 8,
        division: DIV_NC,
        domain: DOMAIN_INTERNAL,
        leads: &["SNV", "STP", "TTPVHCC", "SKHCN"],
        commune_share: 40,
        phrases: &[
            "đẩy mạnh cải cách hành chính, nâng cao chỉ số PAR INDEX và SIPAS năm {year}",
            "nâng cao chất lượng giải quyết thủ tục hành chính trên môi trường điện tử",
            "chấn chỉnh tình trạng hồ sơ thủ tục hành chính quá hạn tại {place}",
            "cải thiện chỉ số năng lực cạnh tranh cấp tỉnh (PCI) năm {year}",
        ],
        tasks: &[
            "Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền giải quyết; công khai đầy đủ trên Cổng Dịch vụ công quốc gia",
            "Chấn chỉnh, xử lý dứt điểm hồ sơ thủ tục hành chính quá hạn tại Bộ phận Một cửa {place}; công khai xin lỗi tổ chức, cá nhân",
            "Xây dựng kế hoạch khắc phục các chỉ số thành phần PAR INDEX năm {prev} bị giảm điểm",
            "Nâng cao tỷ lệ hồ sơ trực tuyến toàn trình, tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
            "Tổ chức khảo sát sự hài lòng của người dân, doanh nghiệp đối với sự phục vụ của cơ quan hành chính năm {year}",
        ],
        progress: &[
            "Đã rà soát {n}5 thủ tục hành chính, đề xuất cắt giảm thời gian giải quyết",
            "Đã ban hành văn bản chấn chỉnh và tổ chức kiểm tra tại Bộ phận Một cửa",
        ],
        difficulties: &[
            "Hệ thống thông tin giải quyết thủ tục hành chính còn lỗi, chưa kết nối đồng bộ với cơ sở dữ liệu quốc gia",
            "Đội ngũ công chức một cửa cấp xã còn thiếu, kiêm nhiệm nhiều việc",
        ],
        proposals: &[
            "Đề nghị Sở Khoa học và Công nghệ khắc phục lỗi kết nối của Hệ thống thông tin giải quyết thủ tục hành chính",
            "Kiến nghị bổ sung biên chế công chức làm việc tại Bộ phận Một cửa",
        ],
    },
    Topic {
        weight: 8,
        division: DIV_TH,
        domain: DOMAIN_INTERNAL,
        leads: &["SKHCN", "SNV", "STC", "TTPVHCC"],
        commune_share: 30,
        phrases: &[
            "đẩy mạnh chuyển đổi số, phát triển chính quyền số tỉnh Quảng Trị năm {year}",
            "triển khai Đề án 06 về phát triển ứng dụng dữ liệu dân cư, định danh và xác thực điện tử",
            "bảo đảm an toàn thông tin mạng trong các cơ quan nhà nước",
            "triển khai nền tảng số dùng chung và cơ sở dữ liệu chuyên ngành",
        ],
        tasks: &[
            "Triển khai kết nối, chia sẻ dữ liệu giữa Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh với Cơ sở dữ liệu quốc gia về dân cư",
            "Hoàn thành số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn tồn đọng tại {place}",
            "Rà soát, đánh giá cấp độ an toàn hệ thống thông tin của các cơ quan, đơn vị; khắc phục các lỗ hổng bảo mật đã được cảnh báo",
            "Xây dựng, vận hành cơ sở dữ liệu chuyên ngành, bảo đảm dữ liệu đúng, đủ, sạch, sống",
            "Tổ chức bồi dưỡng kỹ năng số cho cán bộ, công chức và tổ công nghệ số cộng đồng tại {place}",
        ],
        progress: &[
            "Đã hoàn thành kết nối thử nghiệm, đang đồng bộ dữ liệu",
            "Đã số hóa được khoảng {n}0% hồ sơ tồn đọng",
        ],
        difficulties: &[
            "Hạ tầng mạng, thiết bị tại cấp xã cũ, không đáp ứng yêu cầu",
            "Thiếu nhân lực chuyên trách công nghệ thông tin",
        ],
        proposals: &[
            "Đề nghị bố trí kinh phí mua sắm thiết bị, nâng cấp đường truyền cho cấp xã",
            "Kiến nghị Sở Khoa học và Công nghệ hỗ trợ kỹ thuật trong quá trình kết nối",
        ],
    },
    Topic {
        weight: 7,
        division: DIV_KT,
        domain: DOMAIN_AGRICULTURE,
        leads: &["SNNMT", "STC", "SCT", "SDTTG"],
        commune_share: 65,
        phrases: &[
            "đẩy nhanh tiến độ xây dựng nông thôn mới, nông thôn mới nâng cao năm {year}",
            "thực hiện Chương trình mỗi xã một sản phẩm (OCOP) năm {year}",
            "triển khai Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2026 – 2030",
        ],
        tasks: &[
            "Rà soát các tiêu chí nông thôn mới còn thiếu của {place}; xây dựng lộ trình hoàn thành và hồ sơ đề nghị công nhận trong năm {year}",
            "Hướng dẫn {place} hoàn thiện hồ sơ đánh giá, phân hạng sản phẩm OCOP",
            "Tổng hợp nhu cầu vốn thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới, đề xuất phương án phân bổ",
            "Kiểm tra thực tế kết quả thực hiện tiêu chí môi trường, thu nhập và hộ nghèo tại {place}",
        ],
        progress: &[
            "Đã hoàn thành {n} tiêu chí, đang hoàn thiện các tiêu chí còn lại",
            "Đã tổ chức đoàn kiểm tra thực tế tại các xã đăng ký về đích",
        ],
        difficulties: &[
            "Tiêu chí thu nhập và hộ nghèo khó đạt do sản xuất nông nghiệp bị ảnh hưởng thiên tai",
            "Nguồn vốn đối ứng của địa phương còn hạn chế",
        ],
        proposals: &["Đề nghị UBND tỉnh ưu tiên bố trí vốn cho các xã đăng ký đạt chuẩn trong năm", "Kiến nghị điều chỉnh lộ trình đạt chuẩn sang năm sau"],
    },
    Topic {
        weight: 9,
        division: DIV_KT,
        domain: DOMAIN_ECONOMY,
        leads: &["SNNMT", "BQLDA-GT", "BQLDA-DDCN", "BQLKKT", "SXD"],
        commune_share: 55,
        phrases: &[
            "tập trung giải phóng mặt bằng {project}",
            "tháo gỡ vướng mắc trong công tác bồi thường, hỗ trợ, tái định cư tại {place}",
            "bàn giao mặt bằng sạch cho các dự án trọng điểm của tỉnh năm {year}",
        ],
        tasks: &[
            "Tập trung hoàn thành công tác bồi thường, giải phóng mặt bằng {project} đoạn qua {place}; bàn giao mặt bằng sạch cho nhà thầu",
            "Xác định giá đất cụ thể làm căn cứ tính tiền bồi thường khi Nhà nước thu hồi đất thực hiện {project}",
            "Đẩy nhanh tiến độ xây dựng khu tái định cư phục vụ {project}; bảo đảm điều kiện sống của người dân",
            "Tuyên truyền, vận động các hộ dân chưa đồng thuận bàn giao mặt bằng tại {place}; tổ chức đối thoại, giải quyết kiến nghị của người dân",
            "Rà soát nguồn gốc đất, lập phương án bồi thường, hỗ trợ cho các hộ bị ảnh hưởng bởi {project}",
        ],
        progress: &[
            "Đã chi trả tiền bồi thường cho {n}0 hộ, nhận bàn giao khoảng {n}0% mặt bằng",
            "Đã tổ chức đối thoại với các hộ dân chưa đồng thuận",
        ],
        difficulties: &[
            "Một số hộ dân chưa đồng thuận với đơn giá bồi thường",
            "Khu tái định cư chưa hoàn thành hạ tầng, chưa thể bố trí cho các hộ phải di dời",
            "Hồ sơ nguồn gốc đất phức tạp, qua nhiều thời kỳ",
        ],
        proposals: &[
            "Đề nghị UBND tỉnh xem xét cơ chế hỗ trợ đặc thù cho các hộ phải di dời",
            "Kiến nghị Sở Nông nghiệp và Môi trường hướng dẫn xác định nguồn gốc đất",
        ],
    },
    Topic {
        weight: 6,
        division: DIV_VX,
        domain: DOMAIN_SOCIETY,
        leads: &["SYT", "BHXH"],
        commune_share: 35,
        phrases: &[
            "tăng cường phòng, chống dịch bệnh sốt xuất huyết, tay chân miệng năm {year}",
            "nâng cao chất lượng khám bệnh, chữa bệnh tại các cơ sở y tế công lập",
            "bảo đảm thuốc, vật tư y tế phục vụ khám bệnh, chữa bệnh",
            "phát triển người tham gia bảo hiểm y tế, bảo hiểm xã hội năm {year}",
        ],
        tasks: &[
            "Tổ chức chiến dịch vệ sinh môi trường, diệt lăng quăng phòng chống sốt xuất huyết tại {place}",
            "Bảo đảm đủ thuốc, vật tư, trang thiết bị y tế phục vụ khám bệnh, chữa bệnh; không để người bệnh phải tự mua thuốc",
            "Rà soát, đề xuất phương án sắp xếp trạm y tế cấp xã sau khi tổ chức chính quyền địa phương hai cấp",
            "Tăng cường tuyên truyền, vận động người dân tham gia bảo hiểm y tế, bảo hiểm xã hội tự nguyện tại {place}",
            "Kiểm tra an toàn thực phẩm tại các bếp ăn tập thể, cơ sở chế biến thực phẩm trên địa bàn {place}",
        ],
        progress: &["Đã tổ chức {n} đợt ra quân vệ sinh môi trường", "Đã hoàn thành đấu thầu thuốc đợt 1 năm {year}"],
        difficulties: &["Tình trạng thiếu thuốc do vướng mắc trong thủ tục đấu thầu", "Nhân lực y tế cơ sở còn thiếu, nhất là bác sĩ"],
        proposals: &["Đề nghị UBND tỉnh cho phép mua sắm thuốc theo hình thức chỉ định thầu rút gọn", "Kiến nghị có chính sách thu hút bác sĩ về công tác tại cơ sở"],
    },
    Topic {
        weight: 6,
        division: DIV_VX,
        domain: DOMAIN_SOCIETY,
        leads: &["SGDĐT", "SNV", "STC"],
        commune_share: 30,
        phrases: &[
            "chuẩn bị các điều kiện cho năm học {year} – {next}",
            "tổ chức kỳ thi tốt nghiệp trung học phổ thông năm {year}",
            "sắp xếp, tổ chức lại các cơ sở giáo dục mầm non, phổ thông",
            "khắc phục tình trạng thiếu giáo viên, thiếu phòng học",
        ],
        tasks: &[
            "Rà soát, bố trí đủ giáo viên, phòng học cho năm học {year} – {next}; đề xuất tuyển dụng giáo viên còn thiếu",
            "Xây dựng phương án tổ chức kỳ thi tốt nghiệp trung học phổ thông năm {year} bảo đảm an toàn, nghiêm túc",
            "Kiểm tra cơ sở vật chất trường học tại {place}; có phương án sửa chữa các phòng học xuống cấp trước khai giảng",
            "Triển khai chính sách hỗ trợ học sinh vùng khó khăn, học sinh dân tộc thiểu số tại {place}",
        ],
        progress: &["Đã rà soát nhu cầu giáo viên, tổng hợp thiếu {n}0 giáo viên", "Đã hoàn thành sửa chữa {n} phòng học"],
        difficulties: &["Chỉ tiêu biên chế giáo viên được giao chưa đáp ứng nhu cầu", "Kinh phí sửa chữa, mua sắm thiết bị dạy học còn hạn chế"],
        proposals: &["Đề nghị UBND tỉnh giao bổ sung chỉ tiêu hợp đồng giáo viên", "Kiến nghị bố trí kinh phí sửa chữa phòng học từ nguồn sự nghiệp giáo dục"],
    },
    Topic {
        weight: 5,
        division: DIV_VX,
        domain: DOMAIN_SOCIETY,
        leads: &["SVHTTDL", "BPTTH", "SNgV"],
        commune_share: 30,
        phrases: &[
            "tổ chức Lễ hội Vì hòa bình năm {year}",
            "phát triển du lịch biển, đảo và du lịch di sản",
            "tổ chức các hoạt động kỷ niệm các ngày lễ lớn của đất nước năm {year}",
            "quảng bá, xúc tiến du lịch tỉnh Quảng Trị năm {year}",
        ],
        tasks: &[
            "Xây dựng kịch bản chi tiết, chuẩn bị các điều kiện tổ chức chương trình nghệ thuật chính luận tại {place}",
            "Tổ chức các hoạt động quảng bá, xúc tiến du lịch; phát triển sản phẩm du lịch mới tại {place}",
            "Kiểm tra, chấn chỉnh hoạt động kinh doanh dịch vụ du lịch, bảo đảm an ninh trật tự, vệ sinh môi trường tại các điểm du lịch",
            "Tu bổ, tôn tạo di tích lịch sử cách mạng trên địa bàn {place}",
        ],
        progress: &["Đã hoàn thành kịch bản, đang tổ chức tập luyện", "Đã tham gia hội chợ du lịch, giới thiệu {n} sản phẩm du lịch mới"],
        difficulties: &["Kinh phí tổ chức sự kiện chưa được bố trí đầy đủ", "Hạ tầng du lịch tại một số điểm còn thiếu đồng bộ"],
        proposals: &["Đề nghị UBND tỉnh bổ sung kinh phí tổ chức sự kiện", "Kiến nghị xã hội hóa một phần kinh phí tổ chức"],
    },
    Topic {
        weight: 6,
        division: DIV_NC,
        domain: DOMAIN_INTERNAL,
        leads: &["CAT", "BCHQS", "BĐBP", "SXD"],
        commune_share: 35,
        phrases: &[
            "bảo đảm trật tự, an toàn giao thông trong dịp Tết Nguyên đán và mùa lễ hội năm {year}",
            "tăng cường công tác bảo đảm an ninh, trật tự trên địa bàn {place}",
            "phòng ngừa, đấu tranh với tội phạm ma túy, tội phạm công nghệ cao",
            "phòng cháy, chữa cháy đối với nhà ở kết hợp sản xuất, kinh doanh",
        ],
        tasks: &[
            "Tăng cường tuần tra, kiểm soát, xử lý nghiêm vi phạm nồng độ cồn, chạy quá tốc độ trên các tuyến quốc lộ qua {place}",
            "Rà soát, khắc phục các điểm đen, điểm tiềm ẩn tai nạn giao thông trên các tuyến đường tỉnh",
            "Kiểm tra an toàn phòng cháy, chữa cháy tại các cơ sở kinh doanh karaoke, nhà trọ, nhà ở kết hợp kinh doanh tại {place}",
            "Triển khai cao điểm tấn công, trấn áp tội phạm, bảo đảm an ninh trật tự dịp Tết",
        ],
        progress: &["Đã lập biên bản xử lý {n}0 trường hợp vi phạm", "Đã kiểm tra {n}0 cơ sở, yêu cầu khắc phục các tồn tại về phòng cháy"],
        difficulties: &["Lực lượng mỏng, địa bàn rộng", "Một số cơ sở chưa đủ điều kiện nhưng khó khăn trong việc khắc phục"],
        proposals: &["Đề nghị bổ sung kinh phí mua sắm trang thiết bị phục vụ tuần tra, kiểm soát", "Kiến nghị các địa phương phối hợp chặt chẽ trong xử lý vi phạm"],
    },
    Topic {
        weight: 6,
        division: DIV_TH,
        domain: DOMAIN_ECONOMY,
        leads: &["STC", "THUE", "KBNN"],
        commune_share: 30,
        phrases: &[
            "tăng cường công tác thu ngân sách nhà nước, chống thất thu năm {year}",
            "điều hành dự toán ngân sách nhà nước năm {year}",
            "thực hành tiết kiệm, chống lãng phí năm {year}",
            "xử lý nợ đọng thuế, tiền sử dụng đất",
        ],
        tasks: &[
            "Rà soát các nguồn thu, chống thất thu thuế trong lĩnh vực đất đai, xây dựng tư nhân, kinh doanh thương mại điện tử",
            "Đôn đốc thu hồi nợ thuế, tiền sử dụng đất còn tồn đọng của các doanh nghiệp trên địa bàn {place}",
            "Đánh giá tình hình thực hiện dự toán thu, chi ngân sách 6 tháng đầu năm {year}, đề xuất giải pháp điều hành những tháng cuối năm",
            "Tổ chức đấu giá quyền sử dụng đất các khu đất đã đủ điều kiện tại {place} để tăng thu ngân sách",
        ],
        progress: &["Đã thu hồi được {n} tỷ đồng nợ đọng", "Đã tổ chức đấu giá thành công {n} lô đất"],
        difficulties: &["Thị trường bất động sản trầm lắng, các phiên đấu giá ít người tham gia", "Nhiều doanh nghiệp nợ thuế đã ngừng hoạt động, không còn tài sản"],
        proposals: &["Đề nghị UBND tỉnh điều chỉnh giá khởi điểm các khu đất đấu giá không thành", "Kiến nghị áp dụng các biện pháp cưỡng chế nợ thuế theo quy định"],
    },
    Topic {
        weight: 6,
        division: DIV_KT,
        domain: DOMAIN_ECONOMY,
        leads: &["BQLKKT", "STC", "SCT", "SXD"],
        commune_share: 20,
        phrases: &[
            "tháo gỡ khó khăn cho các dự án đầu tư ngoài ngân sách trên địa bàn tỉnh",
            "thu hút đầu tư vào Khu kinh tế Đông Nam Quảng Trị",
            "đẩy nhanh tiến độ triển khai {project}",
            "cải thiện môi trường đầu tư, kinh doanh, hỗ trợ doanh nghiệp năm {year}",
        ],
        tasks: &[
            "Rà soát tiến độ các dự án đầu tư ngoài ngân sách chậm triển khai; đề xuất chấm dứt hoạt động đối với dự án vi phạm",
            "Hướng dẫn nhà đầu tư hoàn thiện hồ sơ, thủ tục đầu tư {project}",
            "Tổ chức hội nghị đối thoại, tháo gỡ khó khăn cho doanh nghiệp, nhà đầu tư năm {year}",
            "Hoàn thiện quy hoạch chi tiết các khu chức năng, bảo đảm quỹ đất sạch thu hút nhà đầu tư tại {place}",
        ],
        progress: &["Đã làm việc với nhà đầu tư, thống nhất lộ trình thực hiện", "Đã rà soát {n}0 dự án chậm tiến độ"],
        difficulties: &["Nhà đầu tư năng lực tài chính hạn chế", "Vướng mắc về quy hoạch sử dụng đất chưa được điều chỉnh"],
        proposals: &["Đề nghị UBND tỉnh gia hạn tiến độ cho các dự án có lý do khách quan", "Kiến nghị điều chỉnh quy hoạch sử dụng đất để triển khai dự án"],
    },
    Topic {
        weight: 5,
        division: DIV_NC,
        domain: DOMAIN_INTERNAL,
        leads: &["TTr", "SNNMT", "SXD"],
        commune_share: 50,
        phrases: &[
            "giải quyết đơn khiếu nại, tố cáo của công dân tại {place}",
            "nâng cao hiệu quả công tác tiếp công dân, giải quyết khiếu nại, tố cáo năm {year}",
            "kết luận thanh tra việc quản lý, sử dụng đất đai tại {place}",
        ],
        tasks: &[
            "Kiểm tra, xác minh nội dung đơn khiếu nại của công dân {place} liên quan đến bồi thường, hỗ trợ khi Nhà nước thu hồi đất; báo cáo, đề xuất hướng giải quyết",
            "Tổ chức đối thoại với công dân, giải quyết dứt điểm vụ việc khiếu nại kéo dài tại {place}",
            "Rà soát các vụ việc khiếu nại, tố cáo đông người, phức tạp; đề xuất phương án giải quyết",
            "Thực hiện kết luận thanh tra, thu hồi tiền sai phạm về ngân sách nhà nước",
        ],
        progress: &["Đã làm việc với công dân, thu thập hồ sơ liên quan", "Đã tổ chức đối thoại, đang hoàn thiện báo cáo"],
        difficulties: &["Hồ sơ, tài liệu liên quan qua nhiều thời kỳ, không đầy đủ", "Công dân không hợp tác, tiếp tục gửi đơn vượt cấp"],
        proposals: &["Đề nghị UBND tỉnh cho phép kéo dài thời gian xác minh", "Kiến nghị thành lập đoàn liên ngành kiểm tra"],
    },
    Topic {
        weight: 4,
        division: DIV_VX,
        domain: DOMAIN_SOCIETY,
        leads: &["SXD", "SDTTG", "SNV"],
        commune_share: 70,
        phrases: &[
            "xóa nhà tạm, nhà dột nát trên địa bàn tỉnh năm {year}",
            "thực hiện chính sách giảm nghèo bền vững tại {place}",
            "chăm lo Tết cho gia đình chính sách, hộ nghèo năm {year}",
        ],
        tasks: &[
            "Rà soát, lập danh sách hộ nghèo, hộ cận nghèo có nhà tạm, nhà dột nát tại {place}; hoàn thành hỗ trợ xây mới, sửa chữa trong năm {year}",
            "Huy động nguồn lực xã hội hóa hỗ trợ xóa nhà tạm, nhà dột nát; công khai danh sách hộ được hỗ trợ",
            "Tổ chức thăm, tặng quà các gia đình chính sách, hộ nghèo dịp Tết Nguyên đán tại {place}",
            "Triển khai chính sách hỗ trợ phát triển sản xuất cho đồng bào dân tộc thiểu số tại {place}",
        ],
        progress: &["Đã khởi công {n}0 căn nhà, hoàn thành {n} căn", "Đã rà soát xong danh sách hộ được hỗ trợ"],
        difficulties: &["Một số hộ không có đất ở hợp pháp để xây dựng nhà", "Mức hỗ trợ thấp so với chi phí xây dựng thực tế"],
        proposals: &["Đề nghị UBND tỉnh cho phép điều chỉnh danh sách hộ được hỗ trợ", "Kiến nghị hỗ trợ thêm từ Quỹ Vì người nghèo của tỉnh"],
    },
    Topic {
        weight: 4,
        division: DIV_KT,
        domain: DOMAIN_AGRICULTURE,
        leads: &["SNNMT", "SXD", "BQLKKT"],
        commune_share: 50,
        phrases: &[
            "tăng cường quản lý chất thải rắn sinh hoạt, bảo vệ môi trường năm {year}",
            "xử lý ô nhiễm môi trường tại {place}",
            "quản lý, bảo vệ tài nguyên khoáng sản, ngăn chặn khai thác cát trái phép",
        ],
        tasks: &[
            "Kiểm tra, xử lý tình trạng ô nhiễm môi trường do cơ sở sản xuất gây ra tại {place}; báo cáo kết quả",
            "Rà soát, bố trí điểm tập kết, trung chuyển chất thải rắn sinh hoạt; không để tồn đọng rác thải tại khu dân cư",
            "Tổ chức kiểm tra, ngăn chặn, xử lý hoạt động khai thác cát, sỏi trái phép trên sông thuộc địa bàn {place}",
            "Đôn đốc nhà đầu tư đẩy nhanh tiến độ xây dựng nhà máy xử lý chất thải rắn của tỉnh",
        ],
        progress: &["Đã lập đoàn kiểm tra liên ngành, lấy mẫu quan trắc", "Đã xử lý vi phạm hành chính {n} trường hợp"],
        difficulties: &["Bãi rác hiện hữu đã quá tải", "Hoạt động khai thác trái phép diễn ra vào ban đêm, khó phát hiện"],
        proposals: &["Đề nghị UBND tỉnh sớm phê duyệt vị trí bãi chôn lấp mới", "Kiến nghị các lực lượng phối hợp tuần tra trên sông"],
    },
    Topic {
        weight: 4,
        division: DIV_TH,
        domain: DOMAIN_INTERNAL,
        leads: &["SNV", "STC", "STP"],
        commune_share: 45,
        phrases: &[
            "sắp xếp tổ chức bộ máy, vận hành chính quyền địa phương hai cấp",
            "sắp xếp, xử lý trụ sở, tài sản công dôi dư sau sắp xếp đơn vị hành chính",
            "thực hiện chính sách đối với cán bộ, công chức nghỉ việc theo Nghị định 178/2024/NĐ-CP",
        ],
        tasks: &[
            "Rà soát, xây dựng phương án sử dụng, xử lý trụ sở làm việc dôi dư tại {place}; báo cáo UBND tỉnh",
            "Hướng dẫn {place} kiện toàn tổ chức bộ máy, bố trí cán bộ, công chức bảo đảm hoạt động thông suốt",
            "Tổng hợp, thẩm định hồ sơ giải quyết chính sách đối với cán bộ, công chức nghỉ việc; trình cấp có thẩm quyền phê duyệt",
            "Rà soát, đề xuất sửa đổi, bổ sung các văn bản quy phạm pháp luật của tỉnh không còn phù hợp sau sắp xếp",
        ],
        progress: &["Đã rà soát {n}0 cơ sở nhà, đất dôi dư", "Đã thẩm định hồ sơ đợt {n}"],
        difficulties: &["Nhiều cơ sở nhà, đất xuống cấp, khó chuyển đổi công năng", "Văn bản hướng dẫn của Trung ương chưa đầy đủ"],
        proposals: &["Đề nghị UBND tỉnh cho phép chuyển giao trụ sở dôi dư cho ngành giáo dục, y tế sử dụng", "Kiến nghị Bộ Nội vụ hướng dẫn cụ thể"],
    },
    Topic {
        weight: 4,
        division: DIV_KT,
        domain: DOMAIN_ECONOMY,
        leads: &["SCT", "SNgV", "BQLKKT"],
        commune_share: 20,
        phrases: &[
            "bảo đảm cung ứng điện, xăng dầu phục vụ sản xuất, sinh hoạt năm {year}",
            "bình ổn thị trường, chống buôn lậu, gian lận thương mại dịp cuối năm",
            "thúc đẩy hợp tác kinh tế với các tỉnh của nước bạn Lào",
            "phát triển kinh tế cửa khẩu Lao Bảo – La Lay",
        ],
        tasks: &[
            "Kiểm tra việc chấp hành quy định về kinh doanh xăng dầu, bảo đảm nguồn cung, không để đứt gãy",
            "Xây dựng kế hoạch dự trữ hàng hóa thiết yếu, bình ổn giá dịp Tết Nguyên đán năm {next}",
            "Chuẩn bị nội dung làm việc với đoàn công tác của tỉnh Savannakhet về hợp tác thương mại, đầu tư",
            "Rà soát, tháo gỡ vướng mắc trong thông quan hàng hóa tại cửa khẩu quốc tế Lao Bảo",
        ],
        progress: &["Đã kiểm tra {n}0 cửa hàng xăng dầu", "Đã thống nhất nội dung làm việc với phía bạn"],
        difficulties: &["Nguồn cung từ thương nhân đầu mối không ổn định", "Hạ tầng cửa khẩu quá tải vào mùa cao điểm"],
        proposals: &["Đề nghị Bộ Công Thương điều tiết nguồn cung xăng dầu cho tỉnh", "Kiến nghị đầu tư nâng cấp hạ tầng cửa khẩu"],
    },
];

/// Projects named in tasks (real kinds of provincial projects).
pub(crate) const PROJECTS: &[&str] = &[
    "Dự án đường ven biển kết nối hành lang kinh tế Đông – Tây",
    "Dự án Cảng hàng không Quảng Trị",
    "Dự án Khu bến cảng Mỹ Thủy",
    "Dự án tuyến tránh phía Đông thành phố Đông Hà",
    "Dự án Nhà máy điện khí LNG Hải Lăng",
    "Dự án cầu vượt sông Hiếu",
    "Dự án Bệnh viện Đa khoa tỉnh giai đoạn 2",
    "Dự án Khu công nghiệp Quảng Trị",
    "Dự án cao tốc Bắc – Nam đoạn Vạn Ninh – Cam Lộ",
    "Dự án hồ chứa nước Đá Mài – Tân Kim",
    "Dự án nâng cấp Quốc lộ 9",
    "Dự án kè chống sạt lở bờ sông Thạch Hãn",
    "Dự án hạ tầng Khu kinh tế Đông Nam Quảng Trị",
    "Dự án nâng cấp đường Hồ Chí Minh nhánh Tây",
];

/// Khó khăn and nguyên nhân chậm that apply to any task.
pub(crate) const DELAY_REASONS: &[&str] = &[
    "Nội dung nhiệm vụ liên quan đến nhiều cơ quan, cần thời gian lấy ý kiến",
    "Đang chờ ý kiến hướng dẫn của bộ, ngành Trung ương",
    "Khối lượng công việc lớn, nhân lực của đơn vị hạn chế",
    "Thời tiết mưa lũ kéo dài ảnh hưởng đến tiến độ",
    "Chưa được bố trí kinh phí thực hiện",
    "Đơn vị phối hợp chậm cung cấp thông tin, số liệu",
    "Vướng mắc về thủ tục, hồ sơ pháp lý chưa được tháo gỡ",
];

/// Lý do trả lại.
pub(crate) const RETURN_REASONS: &[&str] = &[
    "Nội dung nhiệm vụ không thuộc chức năng, nhiệm vụ của đơn vị; đề nghị giao cho cơ quan chuyên môn phù hợp",
    "Nhiệm vụ đã được giao cho đơn vị khác chủ trì tại văn bản trước; đề nghị Văn phòng xem xét lại",
    "Nội dung giao chưa rõ phạm vi, đề nghị làm rõ trước khi tiếp nhận",
];

/// Ghi chú khi giao lại.
pub(crate) const REASSIGN_NOTES: &[&str] = &[
    "Giao lại theo đề nghị của đơn vị, phù hợp chức năng, nhiệm vụ",
    "Điều chỉnh đơn vị chủ trì theo ý kiến chỉ đạo của lãnh đạo UBND tỉnh",
    "Giao lại sau khi làm rõ nội dung nhiệm vụ",
];

/// Lý do gia hạn.
pub(crate) const EXTENSION_REASONS: &[&str] = &[
    "Nội dung phức tạp, cần thêm thời gian lấy ý kiến các cơ quan liên quan",
    "Chờ hướng dẫn của bộ, ngành Trung ương",
    "Ảnh hưởng của mưa lũ, không thể triển khai tại hiện trường",
    "Đơn vị đề nghị gia hạn, được lãnh đạo UBND tỉnh đồng ý",
];

/// Lý do thu hồi / hủy.
pub(crate) const CANCEL_REASONS: &[&str] = &[
    "Nhiệm vụ không còn phù hợp do thay đổi quy định của Trung ương",
    "Nhiệm vụ trùng với nhiệm vụ đã giao tại văn bản khác",
    "Thu hồi theo ý kiến chỉ đạo của Chủ tịch UBND tỉnh",
    "Văn bản giao nhiệm vụ đã được thay thế",
];

/// Nhận xét khi đánh giá không đạt.
pub(crate) const REJECT_COMMENTS: &[&str] = &[
    "Báo cáo chưa đầy đủ nội dung theo yêu cầu, đề nghị bổ sung số liệu cụ thể",
    "Chưa đề xuất được giải pháp cụ thể; đề nghị đơn vị tiếp tục thực hiện và báo cáo lại",
    "Kết quả chưa đáp ứng yêu cầu chỉ đạo của lãnh đạo UBND tỉnh",
];

/// Nhận xét khi đánh giá đạt.
pub(crate) const PASS_COMMENTS: &[&str] = &[
    "",
    "",
    "Đạt yêu cầu",
    "Hoàn thành nhiệm vụ được giao",
    "Đã trình lãnh đạo UBND tỉnh",
];

/// Nội dung theo dõi.
pub(crate) const FOLLOW_UPS: &[&str] = &[
    "Theo dõi, đôn đốc đơn vị chủ trì báo cáo kết quả thực hiện",
    "Theo dõi tiến độ, tổng hợp báo cáo Chủ tịch UBND tỉnh",
    "Theo dõi kết quả, tham mưu văn bản đôn đốc khi đến hạn",
    "Tổng hợp kết quả vào báo cáo tình hình thực hiện nhiệm vụ hằng tháng",
    "",
];

/// Diễn giải of result reports.
pub(crate) const EXPLANATIONS: &[&str] = &[
    "Đã hoàn thành các nội dung được giao",
    "Đã báo cáo UBND tỉnh bằng văn bản",
    "Đã tham mưu UBND tỉnh ban hành văn bản chỉ đạo",
    "",
];

/// Where a conclusion was given ("Kết luận … tại …").
pub(crate) const MEETINGS: &[&str] = &[
    "buổi làm việc với {unit}",
    "cuộc họp nghe báo cáo tình hình",
    "buổi kiểm tra thực địa tại {place}",
    "phiên họp thường kỳ UBND tỉnh tháng {month}",
    "hội nghị giao ban với các sở, ban, ngành và địa phương",
];
