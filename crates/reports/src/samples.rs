//! Sample data for every form: used by the tests, `examples/render_samples.rs`, and demo
//! pages that want to show a form before any dossier exists.

use chrono::{NaiveDate, NaiveDateTime};
use motcua_domain::rules::{self, Form, RuleSetId};

use crate::forms::*;
use crate::{ii06a_header, ii06a_widths, Cell, Chart, ReportTable, Series, Value, ValueFormat};

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(h, min, 0))
        .unwrap_or_default()
}

pub fn issuer() -> Issuer {
    Issuer {
        parent: Some("UBND tỉnh Quảng Ninh".into()),
        name: "Sở Công Thương".into(),
        place: "Quảng Ninh".into(),
    }
}

pub fn applicant() -> ApplicantInfo {
    ApplicantInfo {
        name: "Nguyễn Thị Hường".into(),
        address: Some("Số 12 phố Lê Thánh Tông, Phường Đông Hải, tỉnh Quảng Ninh".into()),
        phone: Some("0912 345 678".into()),
        email: Some("huong.nt@example.vn".into()),
        id_number: Some("022190001234".into()),
        organisation: false,
    }
}

const CODE: &str = "000.17.22.H56-250805-0001";
const REQUEST: &str = "Cấp Giấy phép bán lẻ sản phẩm rượu";

pub fn receipt() -> ReceiptData {
    let component = |name: &str, o, c, p| ComponentLine {
        name: name.into(),
        originals: o,
        certified_copies: c,
        copies: p,
    };
    ReceiptData {
        issuer: issuer(),
        number: Some("125/GTN".into()),
        desk: "Bộ phận Một cửa Sở Công Thương".into(),
        dossier_code: CODE.into(),
        qr_text: Some(format!("https://dichvucong.quangninh.gov.vn/tra-cuu?ma={CODE}")),
        applicant: applicant(),
        owner: None,
        request: REQUEST.into(),
        fee: "Nộp phí, lệ phí khi nhận kết quả: Phí thẩm định 1.200.000 đồng".into(),
        components: vec![
            component("Đơn đề nghị cấp Giấy phép bán lẻ sản phẩm rượu (Mẫu số 01 Phụ lục I Nghị định 105/2017/NĐ-CP)", 1, 0, 0),
            component("Giấy chứng nhận đăng ký doanh nghiệp hoặc Giấy chứng nhận đăng ký hộ kinh doanh", 0, 1, 0),
            component("Văn bản chứng minh quyền sử dụng hợp pháp cơ sở dự kiến làm địa điểm bán lẻ", 0, 0, 1),
            component("Bản cam kết bảo đảm tuân thủ đầy đủ các yêu cầu điều kiện về phòng cháy, chữa cháy", 1, 0, 0),
        ],
        sets: 1,
        statutory_time: "10 ngày làm việc".into(),
        received_at: at(2025, 8, 5, 8, 35),
        appointment: at(2025, 8, 19, 8, 35),
        collect_at: "Bộ phận Một cửa Sở Công Thương (Trung tâm Phục vụ hành chính công tỉnh)".into(),
        book_volume: Some("03".into()),
        book_number: Some("1.245".into()),
        officer: "Trần Văn An".into(),
        issued_on: at(2025, 8, 5, 8, 35).date(),
    }
}

pub fn supplement_request() -> SupplementRequestData {
    SupplementRequestData {
        issuer: issuer(),
        number: Some("18/PYC".into()),
        dossier_code: CODE.into(),
        applicant: applicant(),
        request: REQUEST.into(),
        items: vec![
            "Bổ sung bản sao chứng thực Giấy chứng nhận đăng ký hộ kinh doanh.".into(),
            "Hoàn thiện bản cam kết về phòng cháy, chữa cháy: ghi rõ địa chỉ điểm bán.".into(),
        ],
        reason: "Hồ sơ chưa đủ thành phần theo quy định tại Nghị định 105/2017/NĐ-CP.".into(),
        contact: "Bộ phận Một cửa Sở Công Thương, số điện thoại 0203 3835 111".into(),
        officer: "Trần Văn An".into(),
        issued_on: at(2025, 8, 5, 9, 0).date(),
    }
}

pub fn refusal() -> RefusalData {
    RefusalData {
        issuer: issuer(),
        number: Some("07/PTC".into()),
        desk: "Bộ phận Một cửa Sở Công Thương".into(),
        dossier_code: Some(CODE.into()),
        applicant: applicant(),
        request: REQUEST.into(),
        reasons: vec!["Địa điểm kinh doanh nằm trong khu vực cấm bán rượu theo quy định.".into()],
        officer: "Trần Văn An".into(),
        issued_on: at(2025, 8, 5, 9, 0).date(),
    }
}

pub fn apology() -> ApologyData {
    ApologyData {
        issuer: issuer(),
        number: Some("03/XL-SCT".into()),
        dossier_code: CODE.into(),
        applicant: applicant(),
        request: REQUEST.into(),
        received_at: at(2025, 8, 5, 8, 35),
        previous_appointment: at(2025, 8, 19, 8, 35),
        reason: "Cần xác minh thực tế địa điểm kinh doanh với Ủy ban nhân dân Phường Đông Hải"
            .into(),
        new_appointment: at(2025, 8, 22, 16, 0),
        signer_title: "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC".into(),
        signer: "Lê Minh Đức".into(),
        issued_on: at(2025, 8, 15, 10, 0).date(),
    }
}

pub fn stop_notice() -> StopNoticeData {
    StopNoticeData {
        issuer: issuer(),
        number: Some("02/TB-SCT".into()),
        dossier_code: CODE.into(),
        applicant: applicant(),
        request: REQUEST.into(),
        received_at: at(2025, 8, 5, 8, 35),
        reason: "Theo đề nghị rút hồ sơ của người nộp ngày 12/8/2025".into(),
        stage: "Thẩm định hồ sơ tại Phòng Quản lý Thương mại".into(),
        signer_title: "GIÁM ĐỐC".into(),
        signer: "Phạm Quốc Hùng".into(),
        issued_on: at(2025, 8, 12, 14, 0).date(),
    }
}

pub fn control_slip() -> ControlSlipData {
    let hand = |from: &str, to: &str, t, result: &str, note: &str| HandOver {
        from: from.into(),
        to: to.into(),
        at: t,
        result: (!result.is_empty()).then(|| result.to_string()),
        note: (!note.is_empty()).then(|| note.to_string()),
    };
    ControlSlipData {
        issuer: issuer(),
        dossier_code: CODE.into(),
        applicant_name: "Nguyễn Thị Hường".into(),
        request: REQUEST.into(),
        handling_agency: "Phòng Quản lý Thương mại - Sở Công Thương".into(),
        coordinating: vec!["Ủy ban nhân dân Phường Đông Hải".into()],
        received_at: at(2025, 8, 5, 8, 35),
        appointment: at(2025, 8, 19, 8, 35),
        rows: vec![
            hand(
                "Bộ phận Một cửa (Trần Văn An)",
                "Phòng Quản lý Thương mại",
                at(2025, 8, 5, 10, 0),
                "Đúng hạn",
                "",
            ),
            hand(
                "Phòng Quản lý Thương mại (Vũ Thu Trang)",
                "Lãnh đạo phòng (Đỗ Văn Bình)",
                at(2025, 8, 11, 15, 30),
                "Trước hạn",
                "",
            ),
            hand(
                "Lãnh đạo phòng (Đỗ Văn Bình)",
                "Lãnh đạo Sở (Lê Minh Đức)",
                at(2025, 8, 13, 9, 0),
                "Đúng hạn",
                "",
            ),
            hand(
                "Lãnh đạo Sở (Lê Minh Đức)",
                "Bộ phận Một cửa",
                at(2025, 8, 18, 16, 45),
                "Trước hạn",
                "Chuyển kết quả",
            ),
        ],
        issued_on: at(2025, 8, 18, 16, 45).date(),
    }
}

pub fn tracking_book(rows: usize) -> TrackingBookData {
    let names = [
        "Nguyễn Thị Hường",
        "Công ty TNHH Thương mại Hạ Long",
        "Trần Đức Việt",
        "Hộ kinh doanh Phạm Thị Ánh",
    ];
    let procedures = [
        REQUEST,
        "Cấp Giấy chứng nhận đủ điều kiện sản xuất, kinh doanh hóa chất",
        "Cấp lại Giấy phép hoạt động điện lực",
    ];
    let rows = (0..rows)
        .map(|i| {
            let day = 1 + (i % 28) as u32;
            TrackingRow {
                dossier_code: format!("000.17.22.H56-2508{day:02}-{:04}", i + 1),
                procedure: procedures[i % procedures.len()].into(),
                sets: 1,
                applicant_name: names[i % names.len()].into(),
                contact: "Phường Đông Hải, tỉnh Quảng Ninh; 0912 345 678".into(),
                handling_agency: "Sở Công Thương".into(),
                received_at: at(2025, 8, day, 8, 30),
                appointment: at(2025, 9, day.min(30), 8, 30),
                transferred_at: Some(at(2025, 8, day, 10, 0)),
                result_in_at: (i % 3 != 0).then(|| at(2025, 8, day.min(27) + 1, 16, 0)),
                returned_at: (i % 3 == 1).then(|| at(2025, 8, day.min(27) + 1, 16, 30)),
                note: None,
            }
        })
        .collect();
    TrackingBookData {
        issuer: issuer(),
        period: Some("Từ ngày 01/08/2025 đến ngày 31/08/2025".into()),
        volume: Some("03".into()),
        rows,
        issued_on: at(2025, 8, 31, 17, 0).date(),
    }
}

/// Every form of `rule_set` with sample data.
pub fn all_forms(rule_set: RuleSetId) -> Vec<(FormKind, FormData)> {
    rules::by_id(rule_set)
        .forms
        .iter()
        .map(|spec| {
            let data = match spec.form {
                Form::Receipt => FormData::Receipt(receipt()),
                Form::SupplementRequest => FormData::SupplementRequest(supplement_request()),
                Form::Refusal => FormData::Refusal(refusal()),
                Form::Apology | Form::ApologyAndExtension => FormData::Apology(apology()),
                Form::StopNotice => FormData::StopNotice(stop_notice()),
                Form::ControlSlip => FormData::ControlSlip(control_slip()),
                Form::TrackingBook => FormData::TrackingBook(tracking_book(40)),
            };
            (FormKind::new(rule_set, spec.form), data)
        })
        .collect()
}

/// A filled Biểu II.06a for three fields with a total row.
pub fn ii06a() -> ReportTable {
    let row = |i: i64, field: &str, n: [i64; 11]| {
        let mut r = vec![Cell::int(i), Cell::text(field)];
        r.extend(n.iter().map(|v| Cell::int(*v)));
        r
    };
    let mut total = vec![Cell::empty(), Cell::text("Tổng cộng").bold()];
    let rows = vec![
        row(
            1,
            "Thương mại quốc tế",
            [120, 10, 80, 30, 100, 40, 55, 5, 20, 18, 2],
        ),
        row(2, "Điện", [45, 5, 20, 20, 40, 10, 28, 2, 5, 5, 0]),
        row(
            3,
            "Hóa chất",
            [1234, 34, 1000, 200, 1200, 600, 590, 10, 34, 30, 4],
        ),
    ];
    for c in 2..13 {
        let sum: i64 = rows
            .iter()
            .map(|r| match r[c].value {
                Value::Integer(n) => n,
                _ => 0,
            })
            .sum();
        total.push(Cell::int(sum).bold());
    }
    let mut rows = rows;
    rows.push(total);
    ReportTable {
        title: "Tình hình, kết quả giải quyết thủ tục hành chính".into(),
        subtitle: Some(
            "Kỳ báo cáo: Quý III năm 2025 (từ ngày 15/06/2025 đến ngày 14/09/2025)".into(),
        ),
        header: ii06a_header(),
        rows,
        widths: ii06a_widths(),
        landscape: true,
        notes: vec!["Biểu II.06a/VPCP/KSTT ban hành kèm theo Thông tư 01/2020/TT-VPCP".into()],
        sheet: None,
        form_block: None,
    }
}

/// On-time rate by field.
pub fn on_time_chart() -> Chart {
    Chart {
        title: "Tỷ lệ hồ sơ giải quyết đúng hạn theo lĩnh vực".into(),
        categories: vec![
            "Thương mại quốc tế".into(),
            "Điện".into(),
            "Hóa chất".into(),
        ],
        series: vec![Series {
            name: "Đúng hạn".into(),
            values: vec![0.95, 0.95, 0.9917],
        }],
        format: ValueFormat::Percent,
    }
}
