//! The demo province: its units (Văn phòng UBND tỉnh, the 13 other sở-level agencies with
//! their phòng, ban/ngành, ~100 xã/phường) and its people, with Vietnamese names drawn
//! with realistic frequencies.

use super::rng::{Rng, Weighted};
use crate::model::{Role, UnitKind};

/// Tên tỉnh written to the settings.
pub(crate) const PROVINCE: &str = "Quảng Trị";

/// Office divisions that follow up tasks, by index (`Topic::division`).
pub(crate) const DIV_TH: usize = 0;
pub(crate) const DIV_KT: usize = 1;
pub(crate) const DIV_VX: usize = 2;
pub(crate) const DIV_NC: usize = 3;

/// Phòng of Văn phòng UBND tỉnh: name and the code used in công văn ký hiệu ("UBND-KT").
/// The first four follow up tasks (DIV_TH … DIV_NC).
pub(crate) const OFFICE_DIVISIONS: &[(&str, &str)] = &[
    ("Phòng Tổng hợp", "TH"),
    ("Phòng Kinh tế", "KT"),
    ("Phòng Khoa giáo – Văn xã", "VX"),
    ("Phòng Nội chính", "NC"),
    ("Ban Tiếp công dân tỉnh", "TCD"),
    ("Phòng Hành chính – Tổ chức", "HCTC"),
];

/// Sở and sở-level agencies (kind department): name, abbreviation, phòng.
pub(crate) const DEPARTMENTS: &[(&str, &str, &[&str])] = &[
    (
        "Sở Tài chính",
        "STC",
        &[
            "Văn phòng Sở Tài chính",
            "Phòng Quản lý ngân sách",
            "Phòng Tài chính đầu tư",
            "Phòng Quản lý giá và công sản",
            "Phòng Kế hoạch – Tổng hợp",
            "Phòng Doanh nghiệp, kinh tế tập thể và tư nhân",
        ],
    ),
    (
        "Sở Xây dựng",
        "SXD",
        &[
            "Văn phòng Sở Xây dựng",
            "Phòng Quản lý xây dựng",
            "Phòng Quy hoạch – Kiến trúc",
            "Phòng Quản lý nhà và thị trường bất động sản",
            "Phòng Quản lý vận tải, phương tiện và người lái",
        ],
    ),
    (
        "Sở Nông nghiệp và Môi trường",
        "SNNMT",
        &[
            "Văn phòng Sở Nông nghiệp và Môi trường",
            "Phòng Kế hoạch – Tài chính",
            "Phòng Quản lý đất đai",
            "Phòng Tài nguyên nước và Khoáng sản",
            "Chi cục Thủy lợi",
            "Chi cục Kiểm lâm",
        ],
    ),
    (
        "Sở Y tế",
        "SYT",
        &[
            "Văn phòng Sở Y tế",
            "Phòng Nghiệp vụ Y",
            "Phòng Nghiệp vụ Dược",
            "Phòng Kế hoạch – Tài chính Sở Y tế",
            "Chi cục Dân số",
        ],
    ),
    (
        "Sở Giáo dục và Đào tạo",
        "SGDĐT",
        &[
            "Văn phòng Sở Giáo dục và Đào tạo",
            "Phòng Giáo dục phổ thông",
            "Phòng Giáo dục mầm non",
            "Phòng Giáo dục nghề nghiệp và Giáo dục thường xuyên",
        ],
    ),
    (
        "Sở Nội vụ",
        "SNV",
        &[
            "Văn phòng Sở Nội vụ",
            "Phòng Tổ chức, biên chế",
            "Phòng Xây dựng chính quyền",
            "Phòng Cải cách hành chính",
            "Phòng Lao động – Việc làm",
            "Ban Thi đua – Khen thưởng",
        ],
    ),
    (
        "Sở Tư pháp",
        "STP",
        &[
            "Văn phòng Sở Tư pháp",
            "Phòng Xây dựng và Kiểm tra văn bản",
            "Phòng Hành chính tư pháp",
            "Phòng Phổ biến giáo dục pháp luật",
        ],
    ),
    (
        "Sở Công Thương",
        "SCT",
        &[
            "Văn phòng Sở Công Thương",
            "Phòng Quản lý công nghiệp",
            "Phòng Quản lý thương mại",
            "Phòng Quản lý năng lượng",
        ],
    ),
    (
        "Sở Khoa học và Công nghệ",
        "SKHCN",
        &[
            "Văn phòng Sở Khoa học và Công nghệ",
            "Phòng Chuyển đổi số",
            "Phòng Quản lý khoa học",
            "Phòng Bưu chính, Viễn thông",
            "Trung tâm Công nghệ thông tin và Truyền thông",
        ],
    ),
    (
        "Sở Văn hóa, Thể thao và Du lịch",
        "SVHTTDL",
        &[
            "Văn phòng Sở Văn hóa, Thể thao và Du lịch",
            "Phòng Quản lý văn hóa",
            "Phòng Quản lý du lịch",
            "Phòng Quản lý thể dục thể thao",
            "Phòng Thông tin – Báo chí",
        ],
    ),
    (
        "Sở Ngoại vụ",
        "SNgV",
        &[
            "Văn phòng Sở Ngoại vụ",
            "Phòng Hợp tác quốc tế",
            "Phòng Quản lý biên giới",
        ],
    ),
    (
        "Sở Dân tộc và Tôn giáo",
        "SDTTG",
        &[
            "Văn phòng Sở Dân tộc và Tôn giáo",
            "Phòng Chính sách dân tộc",
            "Phòng Quản lý tôn giáo",
        ],
    ),
    (
        "Thanh tra tỉnh",
        "TTr",
        &[
            "Văn phòng Thanh tra tỉnh",
            "Phòng Nghiệp vụ 1",
            "Phòng Nghiệp vụ 2",
            "Phòng Tiếp công dân, xử lý đơn thư",
        ],
    ),
];

/// Ban, ngành (kind agency): name and abbreviation.
pub(crate) const AGENCIES: &[(&str, &str)] = &[
    ("Ban Quản lý Khu kinh tế tỉnh", "BQLKKT"),
    ("Công an tỉnh", "CAT"),
    ("Bộ Chỉ huy Quân sự tỉnh", "BCHQS"),
    ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "BĐBP"),
    (
        "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh",
        "BQLDA-DDCN",
    ),
    (
        "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh",
        "BQLDA-GT",
    ),
    (
        "Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp và phát triển nông thôn tỉnh",
        "BQLDA-NN",
    ),
    ("Báo và Phát thanh, Truyền hình Quảng Trị", "BPTTH"),
    ("Bảo hiểm xã hội tỉnh", "BHXH"),
    ("Thuế tỉnh Quảng Trị", "THUE"),
    ("Kho bạc Nhà nước khu vực XI", "KBNN"),
    ("Trung tâm Phục vụ hành chính công tỉnh", "TTPVHCC"),
];

/// Real xã/phường names of the province (after 01/7/2025), always present so that search
/// examples ("hai lang", "dong ha") find rows whatever the seed.
const FIXED_COMMUNES: &[&str] = &[
    "Phường Đông Hà",
    "Phường Nam Đông Hà",
    "Phường Quảng Trị",
    "Phường Đồng Hới",
    "Phường Đồng Thuận",
    "Phường Đồng Sơn",
    "Phường Ba Đồn",
    "Phường Bắc Gianh",
    "Xã Hải Lăng",
    "Xã Triệu Phong",
    "Xã Cam Lộ",
    "Xã Gio Linh",
    "Xã Vĩnh Linh",
    "Xã Khe Sanh",
    "Xã Lao Bảo",
    "Xã Hướng Hóa",
    "Xã Đakrông",
    "Xã Cửa Tùng",
    "Xã Cửa Việt",
    "Xã Lệ Thủy",
    "Xã Bố Trạch",
    "Xã Quảng Ninh",
    "Xã Phong Nha",
    "Xã Minh Hóa",
    "Xã Tuyên Hóa",
];

/// Syllables for the other xã/phường ("Xã Hải Phú", "Xã Vĩnh Hòa" …).
const COMMUNE_FIRST: &[&str] = &[
    "Hải", "Triệu", "Cam", "Gio", "Vĩnh", "Hướng", "Ba", "Tân", "Phong", "Hòa", "An", "Bình",
    "Phú", "Quảng", "Lệ", "Kim", "Trung", "Hưng", "Thanh", "Mỹ", "Xuân", "Phước", "Sơn", "Long",
    "Tà", "Hiếu", "Đồng", "Nam", "Bắc", "Tây", "Thuận", "Cồn", "Lìa", "Lộc",
];
const COMMUNE_SECOND: &[&str] = &[
    "Lăng",
    "Phong",
    "Lộ",
    "Linh",
    "Hóa",
    "Bảo",
    "Việt",
    "Hà",
    "Trạch",
    "Thủy",
    "Ninh",
    "Giang",
    "Hòa",
    "Thành",
    "Lợi",
    "Mỹ",
    "Lạc",
    "Hưng",
    "Thạch",
    "Tiến",
    "Sơn",
    "Hải",
    "Xuân",
    "Phú",
    "Đức",
    "Trung",
    "Bình",
    "An",
    "Khê",
    "Quế",
    "Tân",
    "Hiệp",
    "Định",
    "Thượng",
];

/// Number of xã/phường in the demo province.
pub(crate) const COMMUNES: usize = 100;

/// Họ with their approximate share among Vietnamese (per mille).
const FAMILY: &[(&str, u32)] = &[
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 35),
    ("Huỳnh", 16),
    ("Phan", 45),
    ("Vũ", 20),
    ("Võ", 19),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đinh", 6),
    ("Trương", 6),
    ("Lương", 4),
    ("Mai", 3),
    ("Cao", 3),
    ("Đoàn", 3),
    ("Trịnh", 3),
    ("Hà", 3),
    ("Lâm", 2),
    ("Thái", 2),
];

const MALE_MIDDLE: &[&str] = &[
    "Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Thanh", "Xuân", "Ngọc", "Anh", "Đình", "Quốc",
    "Trọng", "Tiến", "Văn",
];
const FEMALE_MIDDLE: &[&str] = &[
    "Thị",
    "Thị",
    "Thị",
    "Thị Thu",
    "Ngọc",
    "Thu",
    "Thanh",
    "Kim",
    "Minh",
    "Hồng",
    "Phương",
    "Thị Thanh",
    "Diệu",
];
const MALE_GIVEN: &[&str] = &[
    "Anh", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hùng", "Hưng", "Khánh", "Long", "Minh", "Nam",
    "Phong", "Quân", "Sơn", "Thắng", "Thành", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Hoàng",
    "Hiếu", "Lâm", "Lợi", "Phúc", "Tâm", "Toàn", "Trí", "Huy", "Quang", "Thịnh", "Đạt",
];
const FEMALE_GIVEN: &[&str] = &[
    "An", "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hương", "Huyền",
    "Lan", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Thảo",
    "Thủy", "Trang", "Tuyết", "Vân", "Yến", "Xuân", "Ánh", "Diệp",
];

/// Vietnamese full names.
pub(crate) struct NameGen {
    family: Weighted,
}

impl NameGen {
    pub(crate) fn new() -> Self {
        NameGen {
            family: Weighted::new(FAMILY.iter().map(|(_, w)| *w)),
        }
    }

    pub(crate) fn full_name(&self, rng: &mut Rng) -> String {
        let family = FAMILY[self.family.draw(rng)].0;
        let (middle, given) = if rng.chance(0.5) {
            (MALE_MIDDLE, MALE_GIVEN)
        } else {
            (FEMALE_MIDDLE, FEMALE_GIVEN)
        };
        format!("{family} {} {}", rng.pick(middle), rng.pick(given))
    }
}

/// One unit of the province.
pub(crate) struct UnitDef {
    pub id: uuid::Uuid,
    pub parent: Option<usize>,
    pub name: String,
    pub kind: UnitKind,
    /// Abbreviation used in the ký hiệu of its documents ("STC", "UBND").
    pub abbr: String,
    /// Who signs its reply documents (not a user of the app).
    pub head_name: String,
    /// Its people with role `unit`.
    pub staff: Vec<usize>,
}

pub(crate) struct PersonDef {
    pub id: uuid::Uuid,
    pub full_name: String,
    pub unit: usize,
    pub role: Role,
    pub title: String,
}

/// The whole province: units, people and the indexes the generator draws from.
pub(crate) struct Province {
    pub units: Vec<UnitDef>,
    pub people: Vec<PersonDef>,
    /// Follow-up officers (role office) per office division.
    pub officers: Vec<Vec<usize>>,
    /// Chủ tịch then the Phó Chủ tịch (people indices), and the Chánh/Phó Chánh Văn phòng.
    pub chairman: usize,
    pub vice_chairmen: Vec<usize>,
    pub office_chiefs: Vec<usize>,
    /// Units that lead tasks.
    pub departments: Vec<usize>,
    pub agencies: Vec<usize>,
    pub communes: Vec<usize>,
}

impl Province {
    pub(crate) fn unit_by_abbr(&self, abbr: &str) -> Option<usize> {
        self.units
            .iter()
            .position(|u| u.abbr == abbr && u.kind != UnitKind::Division)
    }
}

/// Build the province. `ids` makes each id from a creation instant (Unix ms).
pub(crate) fn province(
    rng: &mut Rng,
    created_ms: i64,
    mut ids: impl FnMut(&mut Rng, i64) -> uuid::Uuid,
) -> Province {
    let names = NameGen::new();
    let mut units: Vec<UnitDef> = Vec::new();
    let mut people: Vec<PersonDef> = Vec::new();
    let mut clock = created_ms;
    let mut next_id = |rng: &mut Rng| {
        clock += 1;
        ids(rng, clock)
    };
    let mut add_unit =
        |rng: &mut Rng, units: &mut Vec<UnitDef>, parent, name: &str, kind, abbr: &str| {
            let id = next_id(rng);
            units.push(UnitDef {
                id,
                parent,
                name: name.to_string(),
                kind,
                abbr: abbr.to_string(),
                head_name: names.full_name(rng),
                staff: Vec::new(),
            });
            units.len() - 1
        };

    let office = add_unit(
        rng,
        &mut units,
        None,
        "Văn phòng UBND tỉnh",
        UnitKind::Office,
        "VP",
    );
    let mut office_divisions = Vec::new();
    for (name, code) in OFFICE_DIVISIONS {
        office_divisions.push(add_unit(
            rng,
            &mut units,
            Some(office),
            name,
            UnitKind::Division,
            code,
        ));
    }
    let mut departments = Vec::new();
    for (name, abbr, phong) in DEPARTMENTS {
        let d = add_unit(rng, &mut units, None, name, UnitKind::Department, abbr);
        departments.push(d);
        for p in phong.iter() {
            add_unit(rng, &mut units, Some(d), p, UnitKind::Division, abbr);
        }
    }
    let mut agencies = Vec::new();
    for (name, abbr) in AGENCIES {
        agencies.push(add_unit(
            rng,
            &mut units,
            None,
            name,
            UnitKind::Agency,
            abbr,
        ));
    }
    let mut commune_names: Vec<String> = FIXED_COMMUNES.iter().map(|s| s.to_string()).collect();
    let taken = |names: &[String], core: &str| {
        names
            .iter()
            .any(|n| n.ends_with(core) && n.len() - core.len() <= "Phường ".len())
    };
    while commune_names.len() < COMMUNES {
        let a = rng.pick(COMMUNE_FIRST);
        let b = rng.pick(COMMUNE_SECOND);
        if a == b {
            continue;
        }
        let core = format!(" {a} {b}");
        if taken(&commune_names, &core) {
            continue;
        }
        let prefix = if rng.chance(0.12) { "Phường" } else { "Xã" };
        commune_names.push(format!("{prefix}{core}"));
    }
    let mut communes = Vec::new();
    for name in &commune_names {
        communes.push(add_unit(
            rng,
            &mut units,
            None,
            name,
            UnitKind::Commune,
            "UBND",
        ));
    }

    // People: leaders of UBND tỉnh and of the office, follow-up officers, the confidential
    // clerk and the administrator, then 1–3 staff in every other unit.
    let mut add_person = |rng: &mut Rng,
                          units: &mut Vec<UnitDef>,
                          people: &mut Vec<PersonDef>,
                          unit: usize,
                          role: Role,
                          title: &str| {
        let id = next_id(rng);
        people.push(PersonDef {
            id,
            full_name: names.full_name(rng),
            unit,
            role,
            title: title.to_string(),
        });
        let i = people.len() - 1;
        if role == Role::Unit {
            units[unit].staff.push(i);
        }
        i
    };
    let chairman = add_person(
        rng,
        &mut units,
        &mut people,
        office,
        Role::Leader,
        "Chủ tịch UBND tỉnh",
    );
    let vice_chairmen = (0..4)
        .map(|_| {
            add_person(
                rng,
                &mut units,
                &mut people,
                office,
                Role::Leader,
                "Phó Chủ tịch UBND tỉnh",
            )
        })
        .collect();
    let mut office_chiefs = vec![add_person(
        rng,
        &mut units,
        &mut people,
        office,
        Role::Leader,
        "Chánh Văn phòng UBND tỉnh",
    )];
    for _ in 0..2 {
        office_chiefs.push(add_person(
            rng,
            &mut units,
            &mut people,
            office,
            Role::Leader,
            "Phó Chánh Văn phòng UBND tỉnh",
        ));
    }
    let mut officers = Vec::new();
    for (k, &div) in office_divisions.iter().enumerate().take(4) {
        let n = if k == DIV_KT { 3 } else { 2 };
        let titles = ["Chuyên viên chính", "Chuyên viên", "Chuyên viên"];
        officers.push(
            (0..n)
                .map(|j| add_person(rng, &mut units, &mut people, div, Role::Office, titles[j]))
                .collect::<Vec<_>>(),
        );
    }
    let hctc = office_divisions[5];
    add_person(
        rng,
        &mut units,
        &mut people,
        hctc,
        Role::ConfidentialClerk,
        "Văn thư",
    );
    add_person(
        rng,
        &mut units,
        &mut people,
        hctc,
        Role::Admin,
        "Quản trị hệ thống",
    );
    for u in 0..units.len() {
        if u == office || units[u].parent == Some(office) {
            continue;
        }
        let n = rng.range(1, 3) as usize;
        let titles: &[&str] = match units[u].kind {
            UnitKind::Commune => &["Văn thư", "Công chức Văn phòng – Thống kê", "Chuyên viên"],
            UnitKind::Division => &["Chuyên viên", "Chuyên viên chính", "Văn thư"],
            _ => &["Văn thư", "Chuyên viên Văn phòng", "Chuyên viên tổng hợp"],
        };
        for t in titles.iter().take(n) {
            add_person(rng, &mut units, &mut people, u, Role::Unit, t);
        }
    }
    Province {
        units,
        people,
        officers,
        chairman,
        vice_chairmen,
        office_chiefs,
        departments,
        agencies,
        communes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn province_shape() {
        let mut rng = Rng::new(3);
        let p = province(&mut rng, 1_700_000_000_000, |r, ms| {
            uuid::Builder::from_unix_timestamp_millis(ms as u64, &r.bytes10()).into_uuid()
        });
        assert_eq!(p.departments.len(), 13);
        assert_eq!(p.communes.len(), COMMUNES);
        let mut names: Vec<&str> = p.units.iter().map(|u| u.name.as_str()).collect();
        names.sort();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n, "unit names are unique");
        for u in &p.units {
            let office = p.units.iter().position(|u| u.kind == UnitKind::Office);
            if u.kind != UnitKind::Office && u.parent != office {
                assert!((1..=3).contains(&u.staff.len()), "{}", u.name);
            }
            assert_eq!(crate::text::nfc(&u.name), u.name);
        }
        for d in &p.departments {
            let phong = p.units.iter().filter(|u| u.parent == Some(*d)).count();
            assert!((3..=6).contains(&phong), "{}", p.units[*d].name);
        }
    }
}
