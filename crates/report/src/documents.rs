//! The documents: the periodic report with its appendix of overdue tasks, the urging
//! letter (công văn đôn đốc) and the printed task register (sổ theo dõi). Every figure
//! comes from the core's statistics and register for the same period and as-of date.

use chrono::NaiveDate;

use nhiemvu_core::model::Origin;
use nhiemvu_core::stats::{Counts, StatsFilter};
use nhiemvu_core::status::{StatusFilter, TaskStatus};
use nhiemvu_core::store::query::{RegisterQuery, RegisterSort, TaskRow};
use nhiemvu_core::store::Store;

use crate::error::{ReportError, Result};
use crate::fonts::{Face, Fonts};
use crate::layout::{Align, Column, HeaderCell, Layout, Margins, Orientation, Para, Row, Table};
use crate::nd30;
use crate::request::{ReportKind, ReportRequest};

/// Makes the PDF the request describes.
pub fn generate(store: &Store, fonts: &Fonts, req: &ReportRequest) -> Result<Vec<u8>> {
    req.period.check()?;
    match req.kind {
        ReportKind::Periodic => periodic(store, fonts, req),
        ReportKind::Urging => urging(store, fonts, req),
        ReportKind::Register => register(store, fonts, req),
    }
}

/// "12,5" (Vietnamese decimal comma, one decimal).
pub fn rate(value: f64) -> String {
    format!("{value:.1}").replace('.', ",")
}

fn d(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Who assigned the tasks a document covers (Đắk Lắk 4b): QC45 tasks come from UBND tỉnh
/// and its Chairman, QC42 tasks from the Government and the Prime Minister (conveyed by
/// the province); without a filter, both.
pub fn assigned_by(origin: Option<Origin>) -> &'static str {
    match origin {
        Some(Origin::Qc45) => "UBND tỉnh, Chủ tịch UBND tỉnh",
        Some(Origin::Qc42) => "Chính phủ, Thủ tướng Chính phủ",
        None => "Chính phủ, Thủ tướng Chính phủ, UBND tỉnh, Chủ tịch UBND tỉnh",
    }
}

/// "do UBND tỉnh, Chủ tịch UBND tỉnh giao" for one origin, "được giao" for all (a short
/// subject line for a letter).
fn given_by(origin: Option<Origin>) -> String {
    match origin {
        Some(_) => format!("do {} giao", assigned_by(origin)),
        None => "được giao".into(),
    }
}

/// The origin code after a filtered document's subject: " (QC45)".
fn origin_code(origin: Option<Origin>) -> &'static str {
    match origin {
        Some(Origin::Qc42) => " (QC42)",
        Some(Origin::Qc45) => " (QC45)",
        None => "",
    }
}

/// A unit's figures as the per-unit tables print them: tổng số, hoàn thành đúng hạn, quá
/// hạn, đang thực hiện trong hạn, chưa hoàn thành quá hạn, chưa thực hiện, không thời hạn,
/// and the three rates.
pub fn count_cells(c: &Counts) -> Vec<String> {
    vec![
        c.assigned.to_string(),
        c.done_on_time.to_string(),
        c.done_late.to_string(),
        c.in_progress_on_time.to_string(),
        c.overdue.to_string(),
        c.not_started.to_string(),
        c.no_deadline.to_string(),
        rate(c.done_rate()),
        rate(c.on_time_rate()),
        rate(c.overdue_rate()),
    ]
}

/// The sentence with the period's totals.
pub fn totals_sentence(c: &Counts) -> String {
    format!(
        "Tổng số nhiệm vụ được giao: {} nhiệm vụ. Đã hoàn thành {} nhiệm vụ (đạt {}%), trong đó đúng hạn {} nhiệm vụ ({}%), quá hạn {} nhiệm vụ. Chưa hoàn thành {} nhiệm vụ, trong đó trong hạn {} nhiệm vụ, quá hạn {} nhiệm vụ ({}%), chưa thực hiện {} nhiệm vụ; không thời hạn {} nhiệm vụ.",
        c.assigned,
        c.done(),
        rate(c.done_rate()),
        c.done_on_time,
        rate(c.on_time_rate()),
        c.done_late,
        c.unfinished() - c.no_deadline,
        c.in_progress_on_time,
        c.overdue,
        rate(c.overdue_rate()),
        c.not_started,
        c.no_deadline,
    )
}

/// The per-unit table of the 2×2 with chưa thực hiện, không thời hạn and the rates.
fn counts_table(rows: Vec<(String, Counts)>, total: &Counts) -> Table {
    let num = |w: f32| Column {
        weight: w,
        align: Align::Center,
    };
    let mut columns = vec![
        num(0.75),
        Column {
            weight: 2.6,
            align: Align::Left,
        },
    ];
    columns.extend(std::iter::repeat_n(num(1.0), 6));
    columns.push(num(1.15));
    columns.extend(std::iter::repeat_n(num(1.05), 3));
    let h = HeaderCell::new;
    let header = vec![
        h("STT", 0, 0).span(1, 2),
        h("Đơn vị chủ trì", 0, 1).span(1, 2),
        h("Tổng số", 0, 2).span(1, 2),
        h("Đã hoàn thành", 0, 3).span(2, 1),
        h("Đúng hạn", 1, 3),
        h("Quá hạn", 1, 4),
        h("Chưa hoàn thành", 0, 5).span(3, 1),
        h("Trong hạn", 1, 5),
        h("Quá hạn", 1, 6),
        h("Chưa thực hiện", 1, 7),
        h("Không thời hạn", 0, 8).span(1, 2),
        h("Tỷ lệ (%)", 0, 9).span(3, 1),
        h("Hoàn thành", 1, 9),
        h("Đúng hạn", 1, 10),
        h("Quá hạn", 1, 11),
    ];
    let mut out: Vec<Row> = rows
        .iter()
        .enumerate()
        .map(|(i, (name, c))| {
            let mut v = vec![(i + 1).to_string(), name.clone()];
            v.extend(count_cells(c));
            Row::new(v)
        })
        .collect();
    let mut v = vec![String::new(), "Tổng cộng".to_string()];
    v.extend(count_cells(total));
    out.push(Row::new(v).bold());
    Table {
        columns,
        header,
        header_rows: 2,
        rows: out,
        size: 10.0,
    }
}

fn overdue_table(rows: Vec<Row>) -> Table {
    let col = |weight: f32, align: Align| Column { weight, align };
    let h = HeaderCell::new;
    Table {
        columns: vec![
            col(0.6, Align::Center),
            col(1.6, Align::Center),
            col(3.7, Align::Left),
            col(1.8, Align::Left),
            col(1.1, Align::Center),
            col(0.9, Align::Center),
            col(2.6, Align::Left),
            col(2.2, Align::Left),
        ],
        header: vec![
            h("STT", 0, 0),
            h("Số, ký hiệu văn bản", 0, 1),
            h("Nội dung nhiệm vụ", 0, 2),
            h("Đơn vị chủ trì", 0, 3),
            h("Thời hạn", 0, 4),
            h("Số ngày quá hạn", 0, 5),
            h("Lý do, khó khăn, vướng mắc", 0, 6),
            h("Đề xuất, kiến nghị", 0, 7),
        ],
        header_rows: 1,
        rows,
        size: 10.0,
    }
}

fn periodic(store: &Store, fonts: &Fonts, req: &ReportRequest) -> Result<Vec<u8>> {
    let (from, to) = req.period.dates();
    let filter = StatsFilter {
        origin: req.origin,
        lead_unit_id: req.unit_id,
    };
    let st = store.statistics_where(from, to, req.as_of, &filter)?;
    let unit_name = req
        .unit_id
        .and_then(|id| {
            st.by_unit
                .iter()
                .find(|u| u.unit_id == id)
                .map(|u| u.unit_name.clone())
        })
        .unwrap_or_else(|| req.letterhead.issuing_body.clone());
    let period = req.period.label();
    let by = assigned_by(req.origin);
    let code = origin_code(req.origin);
    let summary = match req.unit_id {
        Some(_) => {
            format!("Kết quả thực hiện nhiệm vụ do {by} giao{code} {period} của {unit_name}")
        }
        None => format!("Kết quả thực hiện nhiệm vụ do {by} giao{code} {period}"),
    };

    let mut l = Layout::new(
        fonts,
        &format!("Báo cáo {period}"),
        Orientation::Portrait,
        Margins::default(),
    );
    nd30::letterhead(&mut l, &req.letterhead, None)?;
    nd30::title(&mut l, "Báo cáo", &summary)?;
    nd30::addressees(&mut l, &req.addressees)?;

    l.para(&nd30::body(&format!(
        "Thực hiện chế độ báo cáo định kỳ, {} báo cáo kết quả thực hiện nhiệm vụ do {by} giao{code} {period} (các nhiệm vụ được giao từ ngày {} đến ngày {}, số liệu tính đến ngày {}) như sau:",
        req.letterhead.issuing_body.trim(),
        d(from),
        d(to),
        d(req.as_of)
    )))?;
    l.para(&nd30::body_heading("I. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ"))?;
    l.para(&nd30::body(&totals_sentence(&st.total)))?;
    if req.origin.is_none() && req.unit_id.is_none() && st.by_origin.len() > 1 {
        let parts: Vec<String> = st
            .by_origin
            .iter()
            .map(|(o, c)| {
                format!(
                    "{}: giao {} nhiệm vụ, hoàn thành {} ({}%), quá hạn chưa hoàn thành {}",
                    o.label(),
                    c.assigned,
                    c.done(),
                    rate(c.done_rate()),
                    c.overdue
                )
            })
            .collect();
        l.para(&nd30::body(&format!(
            "Theo nguồn giao: {}.",
            parts.join("; ")
        )))?;
    }
    l.para(&nd30::body_heading(if req.unit_id.is_some() {
        "II. SỐ LIỆU THỰC HIỆN NHIỆM VỤ"
    } else {
        "II. KẾT QUẢ CỦA TỪNG CƠ QUAN, ĐƠN VỊ"
    }))?;
    let rows = st
        .by_unit
        .iter()
        .map(|u| (u.unit_name.clone(), u.counts))
        .collect();
    l.table(&counts_table(rows, &st.total))?;
    l.space(8.0);
    l.para(&nd30::body_heading(
        "III. NHIỆM VỤ QUÁ HẠN, KHÓ KHĂN, VƯỚNG MẮC",
    ))?;
    if st.overdue.is_empty() {
        l.para(&nd30::body(
            "Trong kỳ không có nhiệm vụ quá hạn chưa hoàn thành.",
        ))?;
    } else {
        l.para(&nd30::body(&format!(
            "Còn {} nhiệm vụ quá hạn chưa hoàn thành; lý do, khó khăn, vướng mắc và đề xuất của các đơn vị tại Phụ lục kèm theo.",
            st.overdue.len()
        )))?;
    }
    if !req.remarks.trim().is_empty() {
        l.para(&nd30::body_heading("IV. ĐỀ XUẤT, KIẾN NGHỊ"))?;
        for p in req.remarks.split('\n').filter(|p| !p.trim().is_empty()) {
            l.para(&nd30::body(p.trim()))?;
        }
    }
    l.para(&nd30::body(&format!(
        "Trên đây là báo cáo kết quả thực hiện nhiệm vụ {period} của {}./.",
        req.letterhead.issuing_body.trim()
    )))?;
    nd30::closing(&mut l, &req.recipients, &req.filed, &req.signature)?;

    if !st.overdue.is_empty() {
        l.new_page_turned(Orientation::Landscape);
        appendix_heading(&mut l, req, "DANH MỤC NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH")?;
        let rows = st
            .overdue
            .iter()
            .enumerate()
            .map(|(i, t)| {
                Row::new(vec![
                    (i + 1).to_string(),
                    t.document_number.clone(),
                    t.description.clone(),
                    t.lead_unit_name.clone(),
                    d(t.deadline),
                    t.days_overdue.to_string(),
                    join_nonempty(&[&t.delay_reasons, &t.difficulties]),
                    t.proposals.clone(),
                ])
            })
            .collect();
        l.table(&overdue_table(rows))?;
    }
    l.finish()
}

fn join_nonempty(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

fn appendix_heading(l: &mut Layout<'_>, req: &ReportRequest, name: &str) -> Result<()> {
    l.para(&Para::new("Phụ lục", Face::Bold, 14.0).align(Align::Center))?;
    l.para(&Para::new(name, Face::Bold, 14.0).align(Align::Center))?;
    l.para(
        &Para::new(
            &format!(
                "(Kèm theo {} số {} ngày {} của {})",
                match req.kind {
                    ReportKind::Urging => "Công văn",
                    _ => "Báo cáo",
                },
                req.letterhead.number.trim(),
                d(req.letterhead.date),
                req.letterhead.issuing_body.trim()
            ),
            Face::Italic,
            13.0,
        )
        .align(Align::Center)
        .after(8.0),
    )?;
    Ok(())
}

/// Every register row the query matches, page by page.
fn all_rows(store: &Store, mut q: RegisterQuery) -> Result<Vec<TaskRow>> {
    let mut out = Vec::new();
    q.limit = 500;
    q.offset = 0;
    loop {
        let page = store.register_page(&q)?;
        let n = page.rows.len() as u32;
        out.extend(page.rows);
        if n == 0 || out.len() as u32 >= page.total {
            break;
        }
        q.offset += n;
    }
    Ok(out)
}

fn task_rows(rows: &[TaskRow], as_of: NaiveDate, store: &Store) -> Vec<Row> {
    rows.iter()
        .enumerate()
        .map(|(i, t)| {
            // Days late only for what is still unfinished: a finished task's status
            // already says whether it was done late.
            let late = t
                .deadline
                .filter(|dl| *dl < as_of && t.status == TaskStatus::Overdue)
                .map(|dl| store.calendar().working_days_between(dl, as_of).to_string())
                .unwrap_or_default();
            Row::new(vec![
                (i + 1).to_string(),
                t.document_number.clone(),
                t.description.clone(),
                t.lead_unit_name.clone(),
                t.deadline.map(d).unwrap_or_else(|| "Không thời hạn".into()),
                late,
                t.status_label.clone(),
                String::new(),
            ])
        })
        .collect()
}

fn urging(store: &Store, fonts: &Fonts, req: &ReportRequest) -> Result<Vec<u8>> {
    let unit_id = req.unit_id.ok_or_else(|| {
        ReportError::Invalid("Công văn đôn đốc cần chọn đơn vị được đôn đốc.".into())
    })?;
    let unit = store
        .units()?
        .into_iter()
        .find(|u| u.id == unit_id)
        .ok_or_else(|| ReportError::Invalid("Không tìm thấy đơn vị đã chọn.".into()))?;
    let (from, to) = req.period.dates();
    let query = |status| RegisterQuery {
        unit_id: Some(unit_id),
        status: Some(status),
        assigned_from: Some(from),
        assigned_to: Some(to),
        origin: req.origin,
        as_of: Some(req.as_of),
        sort: RegisterSort::Deadline,
        ..Default::default()
    };
    let overdue = all_rows(store, query(StatusFilter::Overdue))?;
    let soon = all_rows(store, query(StatusFilter::DueSoon))?;
    let reply_by = req
        .reply_by
        .unwrap_or_else(|| store.calendar().add_working_days(req.as_of, 5));

    let mut l = Layout::new(
        fonts,
        "Công văn đôn đốc",
        Orientation::Portrait,
        Margins::default(),
    );
    nd30::letterhead(
        &mut l,
        &req.letterhead,
        Some(&format!(
            "V/v đôn đốc thực hiện nhiệm vụ {}",
            given_by(req.origin)
        )),
    )?;
    nd30::addressees(&mut l, &req.addressees)?;
    l.para(&nd30::body(&format!(
        "Qua theo dõi tình hình thực hiện các nhiệm vụ {}{} (giao từ ngày {} đến ngày {}), tính đến ngày {}, {} còn {} nhiệm vụ quá hạn chưa hoàn thành và {} nhiệm vụ sắp đến hạn (danh mục kèm theo).",
        given_by(req.origin),
        origin_code(req.origin),
        d(from),
        d(to),
        d(req.as_of),
        unit.name,
        overdue.len(),
        soon.len()
    )))?;
    l.para(&nd30::body(&format!(
        "{} đề nghị {} khẩn trương chỉ đạo thực hiện dứt điểm các nhiệm vụ nêu trên, báo cáo kết quả về UBND tỉnh (qua {}) trước ngày {}; trường hợp không thể hoàn thành đúng hạn, báo cáo rõ lý do, khó khăn, vướng mắc và đề xuất gia hạn bằng văn bản.",
        req.letterhead.issuing_body.trim(),
        unit.name,
        req.letterhead.issuing_body.trim(),
        d(reply_by)
    )))?;
    if !req.remarks.trim().is_empty() {
        for p in req.remarks.split('\n').filter(|p| !p.trim().is_empty()) {
            l.para(&nd30::body(p.trim()))?;
        }
    }
    l.para(&nd30::body(&format!(
        "{} thông báo để {} biết, thực hiện./.",
        req.letterhead.issuing_body.trim(),
        unit.name
    )))?;
    nd30::closing(&mut l, &req.recipients, &req.filed, &req.signature)?;

    l.new_page_turned(Orientation::Landscape);
    appendix_heading(
        &mut l,
        req,
        &format!(
            "DANH MỤC NHIỆM VỤ CẦN ĐÔN ĐỐC CỦA {}",
            unit.name.to_uppercase()
        ),
    )?;
    let mut table = register_table(Vec::new());
    let mut rows = vec![Row::new(vec![
        String::new(),
        "A".into(),
        format!("Nhiệm vụ quá hạn chưa hoàn thành ({})", overdue.len()),
    ])
    .bold()];
    rows.extend(task_rows(&overdue, req.as_of, store));
    rows.push(
        Row::new(vec![
            String::new(),
            "B".into(),
            format!("Nhiệm vụ sắp đến hạn ({})", soon.len()),
        ])
        .bold(),
    );
    rows.extend(task_rows(&soon, req.as_of, store));
    table.rows = rows;
    l.table(&table)?;
    l.finish()
}

fn register_table(rows: Vec<Row>) -> Table {
    let col = |weight: f32, align: Align| Column { weight, align };
    let h = HeaderCell::new;
    Table {
        columns: vec![
            col(0.6, Align::Center),
            col(1.6, Align::Center),
            col(4.2, Align::Left),
            col(1.9, Align::Left),
            col(1.15, Align::Center),
            col(0.9, Align::Center),
            col(1.6, Align::Left),
            col(1.3, Align::Left),
        ],
        header: vec![
            h("STT", 0, 0),
            h("Số, ký hiệu văn bản", 0, 1),
            h("Trích yếu nội dung nhiệm vụ", 0, 2),
            h("Đơn vị chủ trì", 0, 3),
            h("Thời hạn", 0, 4),
            h("Số ngày quá hạn", 0, 5),
            h("Tình trạng", 0, 6),
            h("Ghi chú", 0, 7),
        ],
        header_rows: 1,
        rows,
        size: 10.0,
    }
}

fn register(store: &Store, fonts: &Fonts, req: &ReportRequest) -> Result<Vec<u8>> {
    let (from, to) = req.period.dates();
    let unit_name = match req.unit_id {
        Some(id) => Some(
            store
                .units()?
                .into_iter()
                .find(|u| u.id == id)
                .map(|u| u.name)
                .ok_or_else(|| ReportError::Invalid("Không tìm thấy đơn vị đã chọn.".into()))?,
        ),
        None => None,
    };
    let rows = all_rows(
        store,
        RegisterQuery {
            unit_id: req.unit_id,
            assigned_from: Some(from),
            assigned_to: Some(to),
            origin: req.origin,
            as_of: Some(req.as_of),
            sort: RegisterSort::Deadline,
            ..Default::default()
        },
    )?;
    let mut l = Layout::new(
        fonts,
        "Sổ theo dõi giải quyết nhiệm vụ",
        Orientation::Landscape,
        Margins::default(),
    );
    let body = req.letterhead.issuing_body.trim().to_uppercase();
    let parent = req.letterhead.parent_body.trim().to_uppercase();
    let x0 = l.left();
    let w = l.content_width() * 0.4;
    let mut y = l.y();
    if !parent.is_empty() {
        y += l.para_at(
            &Para::new(&parent, Face::Regular, 12.5).align(Align::Center),
            x0,
            w,
            y,
        )?;
    }
    y += l.para_at(
        &Para::new(&body, Face::Bold, 12.5).align(Align::Center),
        x0,
        w,
        y,
    )?;
    let rw = l.text_width(&body, Face::Bold, 12.5)?.min(w) * 0.45;
    l.rule(
        x0 + w / 2.0 - rw / 2.0,
        x0 + w / 2.0 + rw / 2.0,
        y + 1.5,
        0.6,
    );
    l.set_y(y + 14.0);
    l.para(&Para::new("SỔ THEO DÕI GIẢI QUYẾT NHIỆM VỤ", Face::Bold, 15.0).align(Align::Center))?;
    l.para(
        &Para::new(
            &format!(
                "{}Nhiệm vụ giao {}{}; tình trạng tính đến ngày {}",
                unit_name
                    .map(|u| format!("Đơn vị chủ trì: {u}. "))
                    .unwrap_or_default(),
                req.period.label(),
                origin_code(req.origin),
                d(req.as_of)
            ),
            Face::Italic,
            13.0,
        )
        .align(Align::Center)
        .after(10.0),
    )?;
    l.table(&register_table(task_rows(&rows, req.as_of, store)))?;
    l.para(
        &Para::new(
            &format!("Tổng số: {} nhiệm vụ.", rows.len()),
            Face::Bold,
            12.0,
        )
        .before(6.0),
    )?;
    l.finish()
}
