//! The official report layouts filled from the report values of `motcua_domain::reports`:
//! Biểu II.06a, Biểu II.07b, the Decision 766 index and the reform report as [`ReportTable`]s
//! (one table for PDF, XLSX and CSV alike), and the reform report as sentences an officer can
//! paste into the official report. Numbers print the Vietnamese way ("41,4%", "×2,43").

use motcua_domain::reports::reform::Share;
use motcua_domain::reports::{
    Cell06a, Counts06a, Form06a, Form07b, GroupBy, Index766, Period, ReformReport,
};

use crate::report::{ii06a_header, ii06a_widths, ReportTable};
use crate::table::{decimal, group_thousands, Cell, HeaderCell};

/// The eleven counts of II.06a, in the order of columns (3)…(13).
pub const II06A_CELLS: [Cell06a; 11] = [
    Cell06a::ReceivedTotal,
    Cell06a::CarriedOver,
    Cell06a::NewOnline,
    Cell06a::NewDirectPostal,
    Cell06a::ResolvedTotal,
    Cell06a::Early,
    Cell06a::OnTime,
    Cell06a::Late,
    Cell06a::InProgressTotal,
    Cell06a::WithinDeadline,
    Cell06a::Overdue,
];

/// 2025-03-31 → "31/03/2025".
pub fn date_vi(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// "Kỳ báo cáo: từ ngày 01/01/2025 đến ngày 31/03/2025".
pub fn period_line(p: &Period) -> String {
    format!(
        "Kỳ báo cáo: từ ngày {} đến ngày {}",
        date_vi(p.from),
        date_vi(p.to)
    )
}

/// 0.4135 → "41,4%".
pub fn percent_vi(r: f64) -> String {
    format!("{}%", decimal(r * 100.0, 1))
}

/// "55/133 = 41,4%"; "0/0" when there is nothing to divide.
pub fn share_vi(s: &Share) -> String {
    match s.rate {
        Some(r) => format!(
            "{}/{} = {}",
            group_thousands(s.count),
            group_thousands(s.of),
            percent_vi(r)
        ),
        None => format!("{}/{}", group_thousands(s.count), group_thousands(s.of)),
    }
}

/// 2.4286 → "×2,43".
pub fn times_vi(x: f64) -> String {
    format!("×{}", decimal(x, 2))
}

/// The heading of the name column for a grouping.
pub fn group_heading(by: GroupBy) -> &'static str {
    match by {
        GroupBy::Field => "Lĩnh vực giải quyết",
        GroupBy::Procedure => "Thủ tục hành chính",
        GroupBy::Unit => "Đơn vị giải quyết",
        GroupBy::Agency => "Cơ quan giải quyết",
    }
}

fn counts_row(stt: Cell, name: Cell, c: &Counts06a, bold: bool) -> Vec<Cell> {
    let mut row = vec![stt, name];
    row.extend(II06A_CELLS.iter().map(|k| {
        let cell = Cell::int(c.get(*k));
        if bold {
            cell.bold()
        } else {
            cell
        }
    }));
    row
}

/// A row's label: "Name (code)", or the code alone when the catalog has no name for it.
pub fn row_label(code: &str, name: &str) -> String {
    if name.is_empty() {
        code.to_owned()
    } else {
        name.to_owned()
    }
}

/// Biểu II.06a/VPCP/KSTT in the official layout: STT, the group, the eleven counts, a total.
/// The heading block of Biểu II.06a (Circular 01/2020/TT-VPCP): the reporting unit's lines are
/// left with dots for the caller (or a person) to fill; [`with_reporting_unit`] fills them.
pub fn ii06a_block() -> crate::FormBlock {
    crate::FormBlock {
        left: vec![
            "Đơn vị báo cáo: ……………………".into(),
            "Đơn vị nhận báo cáo: ……………………".into(),
        ],
        right: vec![
            "Biểu số II.06a/VPCP/KSTT".into(),
            "Ban hành kèm theo Thông tư số 01/2020/TT-VPCP".into(),
            "Ngày nhận báo cáo (BC): ……………………".into(),
        ],
    }
}

/// `t` with its form block's reporting unit named, and the receiving unit when known (the
/// dots stay for a person to fill otherwise).
pub fn with_reporting_unit(mut t: ReportTable, unit: &str, receiver: Option<&str>) -> ReportTable {
    if let Some(b) = t.form_block.as_mut() {
        if let Some(l) = b.left.get_mut(0).filter(|_| !unit.trim().is_empty()) {
            *l = format!("Đơn vị báo cáo: {unit}");
        }
        if let (Some(l), Some(r)) = (b.left.get_mut(1), receiver) {
            *l = format!("Đơn vị nhận báo cáo: {r}");
        }
    }
    t
}

pub fn form06a_table(f: &Form06a) -> ReportTable {
    let mut header = ii06a_header();
    if let Some(cell) = header.first_mut().and_then(|r| r.get_mut(1)) {
        cell.text = group_heading(f.group_by).to_owned();
    }
    let mut rows: Vec<Vec<Cell>> = f
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            counts_row(
                Cell::int(i as i64 + 1),
                Cell::text(row_label(&r.code, &r.name)),
                &r.counts,
                false,
            )
        })
        .collect();
    rows.push(counts_row(
        Cell::empty(),
        Cell::text("Tổng cộng").bold(),
        &f.total,
        true,
    ));
    let mut notes = vec!["Biểu II.06a/VPCP/KSTT ban hành kèm theo Thông tư 01/2020/TT-VPCP".into()];
    notes.push(format!(
        "Ngoài biểu: rút hồ sơ {}; dừng giải quyết {}. Đúng hạn, quá hạn tính theo {}.",
        group_thousands(f.total.withdrawn),
        group_thousands(f.total.stopped),
        match f.against {
            motcua_domain::reports::Against::Original => "ngày hẹn trả ban đầu",
            motcua_domain::reports::Against::Extended => "ngày hẹn trả sau gia hạn",
        }
    ));
    ReportTable {
        title: "Tình hình, kết quả giải quyết thủ tục hành chính".into(),
        subtitle: Some(period_line(&f.period)),
        header,
        rows,
        widths: ii06a_widths(),
        landscape: true,
        notes,
        sheet: Some("Biểu II.06a".into()),
        form_block: Some(ii06a_block()),
    }
}

/// Biểu II.07b: procedures under one-stop and inter-agency one-stop, per level.
pub fn form07b_table(f: &Form07b) -> ReportTable {
    let h = HeaderCell::new;
    let header = vec![
        vec![
            HeaderCell::span("STT", 1, 2),
            HeaderCell::span("Cấp", 1, 2),
            HeaderCell::span("Số TTHC", 1, 2),
            HeaderCell::span("Số TTHC thực hiện", 2, 1),
            HeaderCell::span("Số hồ sơ tiếp nhận trong kỳ", 2, 1),
        ],
        vec![
            h("Một cửa"),
            h("Một cửa liên thông"),
            h("Một cửa"),
            h("Một cửa liên thông"),
        ],
        (1..=7).map(|i| HeaderCell::new(format!("({i})"))).collect(),
    ];
    let row = |stt: Cell, r: &motcua_domain::reports::Row07b, bold: bool| {
        let mut v = vec![stt, Cell::text(r.level.clone())];
        for n in [
            r.procedures,
            r.one_stop,
            r.inter_agency,
            r.dossiers_one_stop,
            r.dossiers_inter_agency,
        ] {
            v.push(if bold {
                Cell::int(n).bold()
            } else {
                Cell::int(n)
            });
        }
        v
    };
    let mut rows: Vec<Vec<Cell>> = f
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| row(Cell::int(i as i64 + 1), r, false))
        .collect();
    let mut total = row(Cell::empty(), &f.total, true);
    total[1] = Cell::text("Tổng cộng").bold();
    rows.push(total);
    ReportTable {
        title: "Tình hình thực hiện cơ chế một cửa, một cửa liên thông".into(),
        subtitle: Some(period_line(&f.period)),
        header,
        rows,
        widths: vec![4.0, 20.0, 10.0, 10.0, 12.0, 12.0, 14.0],
        landscape: false,
        notes: vec!["Biểu II.07b/VPCP/KSTT ban hành kèm theo Thông tư 01/2020/TT-VPCP".into()],
        sheet: Some("Biểu II.07b".into()),
        form_block: None,
    }
}

/// What the 766 page and exports say for an indicator our data cannot give.
pub const NOT_COMPUTABLE_VI: &str = "Chưa tính được từ dữ liệu của hệ thống";

/// What they say for an indicator with nothing to count in the period (no denominator).
pub const NOT_MEASURED_VI: &str = "Không đo được: chưa có hồ sơ để tính trong kỳ";

/// The Decision 766 index: each indicator with its rate, threshold, points; group totals.
pub fn index766_table(x: &Index766, period: &Period) -> ReportTable {
    let h = HeaderCell::new;
    let header = vec![vec![
        h("Nhóm / chỉ số"),
        h("Tử số"),
        h("Mẫu số"),
        h("Tỷ lệ"),
        h("Ngưỡng"),
        h("Điểm tối đa"),
        h("Điểm"),
        h("Ghi chú"),
    ]];
    let mut rows = Vec::new();
    for g in &x.groups {
        rows.push(vec![
            Cell::text(g.name_vi).bold(),
            Cell::empty(),
            Cell::empty(),
            Cell::empty(),
            Cell::empty(),
            Cell::number(g.max_points).bold(),
            Cell::number(round2(g.score)).bold(),
            Cell::empty(),
        ]);
        for i in x.indicators.iter().filter(|i| i.group == g.group) {
            if !i.measured() {
                rows.push(vec![
                    Cell::text(i.name_vi),
                    Cell::empty(),
                    Cell::empty(),
                    Cell::text(if i.computable {
                        NOT_MEASURED_VI
                    } else {
                        NOT_COMPUTABLE_VI
                    }),
                    Cell::empty(),
                    Cell::number(i.max_points),
                    Cell::empty(),
                    Cell::text(i.note),
                ]);
                continue;
            }
            rows.push(vec![
                Cell::text(i.name_vi),
                Cell::int(i.numerator),
                Cell::int(i.denominator),
                i.rate.map(Cell::percent).unwrap_or_else(Cell::empty),
                Cell::percent(i.threshold),
                Cell::number(i.max_points),
                i.score
                    .map(|s| Cell::number(round2(s)))
                    .unwrap_or_else(Cell::empty),
                Cell::text(i.note),
            ]);
        }
    }
    rows.push(vec![
        Cell::text("Tổng điểm").bold(),
        Cell::empty(),
        Cell::empty(),
        Cell::empty(),
        Cell::empty(),
        Cell::number(x.measured_points).bold(),
        Cell::number(round2(x.score)).bold(),
        Cell::text(format!(
            "Trên {} điểm của các chỉ số đo được",
            decimal(x.measured_points, 2)
        )),
    ]);
    let unmeasured = x.max_points - x.measured_points;
    let notes = if unmeasured > 0.0 {
        vec![format!(
            "{} trên {} điểm thuộc các chỉ số không đo được: không tính vào tổng điểm, không \
coi là 0 điểm.",
            decimal(unmeasured, 2),
            decimal(x.max_points, 2)
        )]
    } else {
        vec![]
    };
    ReportTable {
        title: "Chỉ số đánh giá chất lượng phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)"
            .into(),
        subtitle: Some(period_line(period)),
        header,
        rows,
        widths: vec![34.0, 7.0, 7.0, 10.0, 7.0, 7.0, 7.0, 21.0],
        landscape: true,
        notes,
        sheet: Some("Chỉ số 766".into()),
        form_block: None,
    }
}

/// Rounded to hundredths; `+ 0.0` turns −0.0 into 0.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0 + 0.0
}

fn share_cells(name: &str, s: &Share) -> Vec<Cell> {
    vec![
        Cell::text(name),
        Cell::int(s.count),
        Cell::int(s.of),
        s.rate.map(Cell::percent).unwrap_or_else(Cell::empty),
    ]
}

fn count_cells(name: &str, n: i64) -> Vec<Cell> {
    vec![Cell::text(name), Cell::int(n), Cell::empty(), Cell::empty()]
}

fn times_cells(name: &str, x: Option<f64>) -> Vec<Cell> {
    vec![
        Cell::text(name),
        x.map(|v| Cell::number((v * 100.0).round() / 100.0))
            .unwrap_or_else(Cell::empty),
        Cell::empty(),
        Cell::empty(),
    ]
}

/// The reform report's figures as a table: indicator, value, out of, share.
pub fn reform_table(r: &ReformReport) -> ReportTable {
    let h = HeaderCell::new;
    let o = &r.online_services;
    let s = &r.satisfaction;
    let rows = vec![
        count_cells("Số thủ tục hành chính", r.procedures),
        share_cells(
            "TTHC cắt giảm từ 30% thời gian giải quyết trở lên",
            &r.procedures_cut_30,
        ),
        count_cells("Dịch vụ công trực tuyến toàn trình", o.full),
        count_cells("Dịch vụ công trực tuyến một phần", o.partial),
        share_cells(
            "DVC trực tuyến tích hợp trên Cổng DVC quốc gia",
            &Share::new(o.on_national_portal, o.full + o.partial),
        ),
        share_cells("Hồ sơ giải quyết đúng hạn", &r.resolved_on_time),
        share_cells("Hồ sơ giải quyết theo “4 tại chỗ”", &r.on_the_spot),
        share_cells("Hài lòng (trên số lượt đánh giá)", &s.satisfied),
        share_cells("Rất hài lòng (trên số lượt đánh giá)", &s.very_satisfied),
        share_cells("Không hài lòng (trên số lượt đánh giá)", &s.dissatisfied),
        count_cells("Hồ sơ tiếp nhận trực tiếp", r.received_direct),
        count_cells("Hồ sơ tiếp nhận trực tuyến", r.received_online),
        count_cells("Hồ sơ tiếp nhận qua bưu chính", r.received_postal),
        count_cells("Tổng số hồ sơ tiếp nhận", r.received_total),
        count_cells("Tổng số hồ sơ cùng kỳ năm trước", r.previous_received_total),
        times_cells("Tổng số hồ sơ so với cùng kỳ (lần)", r.total_vs_previous),
        count_cells(
            "Hồ sơ trực tuyến cùng kỳ năm trước",
            r.previous_received_online,
        ),
        times_cells(
            "Hồ sơ trực tuyến so với cùng kỳ (lần)",
            r.online_vs_previous,
        ),
    ];
    ReportTable {
        title: "Kết quả cải cách hành chính".into(),
        subtitle: Some(period_line(&r.period)),
        header: vec![vec![
            h("Chỉ tiêu"),
            h("Số lượng"),
            h("Trên tổng số"),
            h("Tỷ lệ"),
        ]],
        rows,
        widths: vec![50.0, 14.0, 14.0, 12.0],
        landscape: false,
        notes: vec![format!(
            "Cùng kỳ năm trước: từ ngày {} đến ngày {}",
            date_vi(r.previous_period.from),
            date_vi(r.previous_period.to)
        )],
        sheet: Some("Cải cách hành chính".into()),
        form_block: None,
    }
}

mod reform_text;
pub use reform_text::{change_vi, reform_document, reform_sentences};

#[cfg(test)]
mod tests {
    use super::reform_text::share_words;
    use super::*;

    #[test]
    fn vietnamese_numbers() {
        assert_eq!(share_vi(&Share::new(55, 133)), "55/133 = 41,4%");
        assert_eq!(share_vi(&Share::new(0, 0)), "0/0");
        assert_eq!(times_vi(85.0 / 35.0), "×2,43");
        assert_eq!(change_vi(85.0 / 35.0), "tăng 2,43 lần");
        assert_eq!(change_vi(1.0), "tương đương");
        assert_eq!(change_vi(1.001), "tương đương");
        assert_eq!(change_vi(0.8), "giảm 20%");
        assert_eq!(share_words(&Share::new(27, 52)), "51,9% (27/52)");
        assert_eq!(percent_vi(1.0), "100%");
        assert_eq!(
            period_line(&Period::year(2025, Default::default()).unwrap()),
            "Kỳ báo cáo: từ ngày 01/01/2025 đến ngày 31/12/2025"
        );
    }
}
