//! Report documents: Biểu II.06a as PDF and XLSX (read back with calamine), native charts,
//! the streaming writer.

use std::io::Write;
use std::process::{Command, Stdio};

use calamine::{Data, Reader, Xlsx};
use motcua_reports::forms::tracking_book_table;
use motcua_reports::{
    ii06a_header, samples, table_pdf, table_xlsx, Cell, ChartKind, Fonts, XlsxRowWriter,
};

fn pdftotext(pdf: &[u8]) -> Option<String> {
    let Ok(mut child) = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
    else {
        eprintln!("SKIPPED text checks: pdftotext not found (apt-get install poppler-utils)");
        return None;
    };
    child.stdin.take()?.write_all(pdf).ok()?;
    let out = child.wait_with_output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

use samples::{ii06a, on_time_chart};

#[test]
fn ii06a_pdf_is_a4_landscape_with_its_two_level_header_and_a_chart() {
    let fonts = Fonts::bundled().unwrap();
    let pdf = table_pdf(&ii06a(), &[(on_time_chart(), ChartKind::Bar)], &fonts).unwrap();
    let raw = String::from_utf8_lossy(&pdf);
    assert!(
        raw.contains("/MediaBox[0 0 841.8898 595.27563]"),
        "A4 landscape"
    );
    let Some(text) = pdftotext(&pdf) else {
        return;
    };
    for needle in [
        "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
        "Số hồ sơ nhận giải quyết",
        "Số kỳ trước chuyển qua",
        "Thương mại quốc tế",
        "Hóa chất",
        "1.234",
        "Tổng cộng",
        "Tỷ lệ hồ sơ giải quyết đúng hạn theo lĩnh vực",
        "99,2%",
    ] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
}

#[test]
fn the_official_ii06a_xlsx_has_the_forms_heading_block_and_a_whole_sheet_name() {
    let mut t = ii06a();
    t.sheet = Some("Biểu II.06a".into());
    t.form_block = Some(motcua_reports::official::ii06a_block());
    let t = motcua_reports::official::with_reporting_unit(
        t,
        "Sở Công Thương",
        Some("Văn phòng UBND tỉnh"),
    );
    let bytes = table_xlsx(&t, &[]).unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names()[0], "Biểu II.06a");
    let range = book.worksheet_range("Biểu II.06a").unwrap();
    let at = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(
        at(0, 0),
        Data::String("Đơn vị báo cáo: Sở Công Thương".into())
    );
    assert_eq!(
        at(1, 0),
        Data::String("Đơn vị nhận báo cáo: Văn phòng UBND tỉnh".into())
    );
    assert_eq!(at(0, 6), Data::String("Biểu số II.06a/VPCP/KSTT".into()));
    assert_eq!(
        at(1, 6),
        Data::String("Ban hành kèm theo Thông tư số 01/2020/TT-VPCP".into())
    );
    // The title follows the block and a blank row.
    assert_eq!(
        at(4, 0),
        Data::String("Tình hình, kết quả giải quyết thủ tục hành chính".into())
    );
}

#[test]
fn ii06a_xlsx_keeps_numbers_merges_and_vietnamese_text() {
    let bytes = table_xlsx(&ii06a(), &[(on_time_chart(), ChartKind::Bar)]).unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let sheets = book.sheet_names();
    // Without a short name the title is shortened at a word, never mid-word.
    assert_eq!(sheets[0], "Tình hình, kết quả giải quyết");
    assert_eq!(sheets[1], "Biểu đồ 1");
    let range = book.worksheet_range(&sheets[0]).unwrap();
    let at = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(
        at(0, 0),
        Data::String("Tình hình, kết quả giải quyết thủ tục hành chính".into())
    );
    assert_eq!(at(3, 0), Data::String("STT".into()));
    assert_eq!(at(3, 2), Data::String("Số hồ sơ nhận giải quyết".into()));
    assert_eq!(at(4, 3), Data::String("Số kỳ trước chuyển qua".into()));
    assert_eq!(at(5, 12), Data::String("(13)".into()));
    assert_eq!(at(6, 1), Data::String("Thương mại quốc tế".into()));
    assert_eq!(at(6, 2), Data::Float(120.0), "numbers stay numbers");
    assert_eq!(at(8, 2), Data::Float(1234.0));
    assert_eq!(at(9, 2), Data::Float(1399.0), "the total row");
    let merges = book.merge_cells_by_sheet_name(&sheets[0]).unwrap();
    let spans: Vec<((u32, u32), (u32, u32))> = merges.iter().map(|d| (d.start, d.end)).collect();
    for want in [
        ((0, 0), (0, 12)),
        ((3, 0), (4, 0)),
        ((3, 1), (4, 1)),
        ((3, 2), (3, 5)),
        ((3, 6), (3, 9)),
        ((3, 10), (3, 12)),
    ] {
        assert!(spans.contains(&want), "{want:?} not merged in {spans:?}");
    }
    // The dashboard sheet holds the chart's data and a native chart part.
    let chart_sheet = book.worksheet_range("Biểu đồ 1").unwrap();
    assert_eq!(
        chart_sheet.get_value((1, 0)),
        Some(&Data::String("Thương mại quốc tế".into()))
    );
    assert_eq!(chart_sheet.get_value((3, 1)), Some(&Data::Float(0.9917)));
    let has = |name: &str| bytes.windows(name.len()).any(|w| w == name.as_bytes());
    assert!(has("xl/charts/chart1.xml"));
}

#[test]
fn tracking_book_exports_to_xlsx() {
    let t = tracking_book_table(&samples::tracking_book(5));
    let bytes = table_xlsx(&t, &[]).unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("Sổ theo dõi hồ sơ").unwrap();
    assert_eq!(
        range.get_value((3, 7)),
        Some(&Data::String("Ngày, tháng, năm".into()))
    );
    assert_eq!(
        range.get_value((5, 4)),
        Some(&Data::String("Nguyễn Thị Hường".into()))
    );
    assert_eq!(range.get_value((9, 0)), Some(&Data::Float(5.0)));
}

#[test]
fn row_writer_streams_rows_under_the_heading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.xlsx");
    let mut w = XlsxRowWriter::new(
        "Danh sách hồ sơ",
        Some("Năm 2025"),
        ii06a_header(),
        vec![
            6.0, 30.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0,
        ],
        true,
    )
    .unwrap();
    w.set_tempdir(dir.path()).unwrap();
    for i in 0..2000 {
        let mut row = vec![
            Cell::int(i + 1),
            Cell::text(format!("Hồ sơ số {i} — Phường Đông Hải")),
        ];
        row.extend((0..11).map(|j| Cell::int(i * j)));
        w.write_row(&row).unwrap();
    }
    assert_eq!(w.finish(&path).unwrap(), 2000);
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let range = book.worksheet_range("Danh sách hồ sơ").unwrap();
    assert_eq!(range.get_value((3, 0)), Some(&Data::String("STT".into())));
    assert_eq!(range.get_value((6, 0)), Some(&Data::Float(1.0)));
    assert_eq!(
        range.get_value((2005, 1)),
        Some(&Data::String("Hồ sơ số 1999 — Phường Đông Hải".into()))
    );
    assert_eq!(
        range.get_value((2005, 12)),
        Some(&Data::Float(1999.0 * 10.0))
    );
}
