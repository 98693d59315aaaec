//! Every form of both rule sets renders, on the prescribed paper, and its Vietnamese text
//! comes back out of the PDF exactly (read with poppler's `pdftotext`).

use std::io::Write;
use std::process::{Command, Stdio};

use motcua_domain::rules::{self, Form, RuleSetId};
use motcua_reports::forms::{FormData, FormKind};
use motcua_reports::{render_form, samples, Fonts, PrintError};

const RULE_SETS: [RuleSetId; 2] = [RuleSetId::Decree61_2018, RuleSetId::Decree118_2025];

/// Text of a PDF, or `None` (with a message) when poppler-utils is not installed.
fn pdftotext(pdf: &[u8]) -> Option<String> {
    let child = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(_) => {
            eprintln!("SKIPPED text checks: pdftotext not found (apt-get install poppler-utils)");
            return None;
        }
    };
    child.stdin.take()?.write_all(pdf).ok()?;
    let out = child.wait_with_output().ok()?;
    assert!(out.status.success(), "pdftotext failed");
    // Lines wrap wherever the layout broke them: compare with single spaces.
    let text = String::from_utf8(out.stdout).ok()?;
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Every page's MediaBox (width, height) in points, read from the raw file.
fn media_boxes(pdf: &[u8]) -> Vec<(f32, f32)> {
    let s = String::from_utf8_lossy(pdf);
    s.match_indices("/MediaBox[")
        .filter_map(|(i, _)| {
            let rest = &s[i + "/MediaBox[".len()..];
            let nums: Vec<f32> = rest[..rest.find(']')?]
                .split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect();
            Some((nums[2] - nums[0], nums[3] - nums[1]))
        })
        .collect()
}

const A5: (f32, f32) = (419.53, 595.28);
const A4: (f32, f32) = (595.28, 841.89);

fn close(a: (f32, f32), b: (f32, f32)) -> bool {
    (a.0 - b.0).abs() < 0.5 && (a.1 - b.1).abs() < 0.5
}

#[test]
fn every_form_of_both_rule_sets_renders_with_exact_vietnamese() {
    let fonts = Fonts::bundled().unwrap();
    for rs in RULE_SETS {
        let rules = rules::by_id(rs);
        for (kind, data) in samples::all_forms(rs) {
            let pdf = render_form(kind, &data, &fonts).unwrap();
            assert!(pdf.starts_with(b"%PDF-"));
            let spec = rules.form(kind.form).unwrap();
            let boxes = media_boxes(&pdf);
            assert!(!boxes.is_empty());
            let want = match (kind.form, spec.paper) {
                (Form::TrackingBook, _) => (A4.1, A4.0),
                (_, rules::Paper::A4) => A4,
                (_, rules::Paper::A5) => A5,
            };
            for b in &boxes {
                assert!(
                    close(*b, want),
                    "{rs:?} {:?}: page {b:?}, want {want:?}",
                    kind.form
                );
            }
            if kind.form == Form::Receipt {
                assert_eq!(boxes.len(), 1, "the sample receipt fits one A5 page");
            }
            let Some(text) = pdftotext(&pdf) else {
                continue;
            };
            let title = spec.title.to_uppercase();
            for needle in [
                title.as_str(),
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "SỞ CÔNG THƯƠNG",
                "Nguyễn Thị Hường",
                "Phường Đông Hải",
                &format!("Mẫu số {:02}", spec.number),
            ] {
                assert!(
                    text.contains(needle),
                    "{rs:?} {:?}: {needle:?} not in {text}",
                    kind.form
                );
            }
        }
    }
}

#[test]
fn receipt_prints_the_fields_of_domain_section_5() {
    let fonts = Fonts::bundled().unwrap();
    let data = FormData::Receipt(samples::receipt());
    let pdf = render_form(
        FormKind::new(RuleSetId::Decree118_2025, Form::Receipt),
        &data,
        &fonts,
    )
    .unwrap();
    let Some(text) = pdftotext(&pdf) else {
        return;
    };
    for needle in [
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Mã hồ sơ: 000.17.22.H56-250805-0001",
        "Bộ phận Một cửa Sở Công Thương tiếp nhận hồ sơ của",
        "022190001234",
        "0912 345 678",
        "huong.nt@example.vn",
        "Cấp Giấy phép bán lẻ sản phẩm rượu",
        "Phí thẩm định 1.200.000 đồng",
        "Bản sao chứng thực",
        "Giấy chứng nhận đăng ký doanh nghiệp",
        "2. Số lượng hồ sơ: 1 (bộ)",
        "10 ngày làm việc",
        "4. Thời gian nhận hồ sơ: 08 giờ 35 phút, ngày 05/08/2025",
        "08 giờ 35 phút, ngày 19/08/2025",
        "Quyển số: 03",
        "Số thứ tự: 1.245",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Trần Văn An",
        "Quảng Ninh, ngày 05 tháng 8 năm 2025",
    ] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
}

#[test]
fn decomposed_input_prints_as_composed() {
    use unicode_normalization::UnicodeNormalization;
    let fonts = Fonts::bundled().unwrap();
    let mut r = samples::receipt();
    r.applicant.name = "Nguyễn Thị Hường".nfd().collect();
    assert_ne!(r.applicant.name, "Nguyễn Thị Hường");
    let pdf = render_form(
        FormKind::new(RuleSetId::Decree61_2018, Form::Receipt),
        &FormData::Receipt(r),
        &fonts,
    )
    .unwrap();
    if let Some(text) = pdftotext(&pdf) {
        assert!(text.contains("Nguyễn Thị Hường"));
    }
}

#[test]
fn forms_a_rule_set_lacks_and_wrong_data_are_errors() {
    let fonts = Fonts::bundled().unwrap();
    let stop = FormData::StopNotice(samples::stop_notice());
    let err = render_form(
        FormKind::new(RuleSetId::Decree61_2018, Form::StopNotice),
        &stop,
        &fonts,
    )
    .unwrap_err();
    assert!(matches!(err, PrintError::FormNotInRuleSet { .. }), "{err}");
    let err = render_form(
        FormKind::new(RuleSetId::Decree118_2025, Form::Receipt),
        &stop,
        &fonts,
    )
    .unwrap_err();
    assert!(matches!(err, PrintError::DataMismatch { .. }), "{err}");
    // Either apology form name means the rule set's form 04.
    let apology = FormData::Apology(samples::apology());
    for rs in RULE_SETS {
        for f in [Form::Apology, Form::ApologyAndExtension] {
            render_form(FormKind::new(rs, f), &apology, &fonts).unwrap();
        }
    }
}

#[test]
fn long_tracking_book_breaks_pages_and_repeats_the_header() {
    let fonts = Fonts::bundled().unwrap();
    let book = FormData::TrackingBook(samples::tracking_book(60));
    let pdf = render_form(
        FormKind::new(RuleSetId::Decree118_2025, Form::TrackingBook),
        &book,
        &fonts,
    )
    .unwrap();
    let pages = media_boxes(&pdf).len();
    assert!(pages >= 3, "{pages} pages");
    if let Some(text) = pdftotext(&pdf) {
        assert_eq!(text.matches("STT").count(), pages);
        assert!(text.contains(&format!("Trang {pages}/{pages}")));
        // A code too long for its cell breaks after a dash (pdftotext then drops the dash as
        // if it were a hyphenation).
        assert!(text.contains("000.17.22.H56-2508040060") || text.contains("250804-0060"));
    }
}

/// Rasterises page 1 with poppler's `pdftoppm` as a greyscale PGM image.
fn rasterise(pdf: &[u8], dpi: u32) -> Option<(usize, usize, Vec<u8>)> {
    let dir = tempfile::tempdir().ok()?;
    let path = dir.path().join("f.pdf");
    std::fs::write(&path, pdf).ok()?;
    let out = Command::new("pdftoppm")
        .args(["-gray", "-r", &dpi.to_string(), "-f", "1", "-l", "1"])
        .arg(&path)
        .output()
        .ok()?;
    let pgm = out.stdout;
    // "P5\n<w> <h>\n255\n" then one byte per pixel.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while pgm.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !pgm.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..i]).to_string());
    }
    let (w, h): (usize, usize) = (fields[1].parse().ok()?, fields[2].parse().ok()?);
    Some((w, h, pgm[i + 1..].to_vec()))
}

#[test]
fn the_printed_qr_code_scans_back_to_the_lookup_url() {
    let fonts = Fonts::bundled().unwrap();
    let receipt = samples::receipt();
    let url = receipt.qr_text.clone().unwrap();
    let pdf = render_form(
        FormKind::new(RuleSetId::Decree118_2025, Form::Receipt),
        &FormData::Receipt(receipt),
        &fonts,
    )
    .unwrap();
    let Some((w, h, pixels)) = rasterise(&pdf, 200) else {
        eprintln!("SKIPPED: pdftoppm not found (apt-get install poppler-utils)");
        return;
    };
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the receipt");
    assert_eq!(grids[0].decode().unwrap().1, url);
}
