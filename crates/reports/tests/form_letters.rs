//! The letters to the applicant read right for a person and for a business, read back from
//! the PDF with poppler's `pdftotext`: the addressee ("Kính gửi: Công ty …", not "Ông/Bà
//! Công ty …"), the "Số:" line, one full stop, the agency's name broken between words that
//! belong together, and the receipt's signatures never alone on a page.

use std::io::Write;
use std::process::{Command, Stdio};

use motcua_domain::rules::{Form, RuleSetId};
use motcua_reports::forms::{ApplicantInfo, ComponentLine, FormData, FormKind, Issuer};
use motcua_reports::{render_form, samples, Fonts};

/// Text of a PDF (`pages` limits it to a page range), or `None` without poppler-utils.
fn pdftotext(pdf: &[u8], pages: Option<(u32, u32)>, layout: bool) -> Option<String> {
    let mut args: Vec<String> = vec!["-enc".into(), "UTF-8".into()];
    if layout {
        args.push("-layout".into());
    }
    if let Some((f, l)) = pages {
        args.extend(["-f".into(), f.to_string(), "-l".into(), l.to_string()]);
    }
    args.extend(["-".into(), "-".into()]);
    let mut child = match Command::new("pdftotext")
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(_) => {
            eprintln!("SKIPPED text checks: pdftotext not found (apt-get install poppler-utils)");
            return None;
        }
    };
    child.stdin.take()?.write_all(pdf).ok()?;
    let out = child.wait_with_output().ok()?;
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).ok()
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn business() -> ApplicantInfo {
    ApplicantInfo {
        name: "Công ty TNHH Thương mại Hoa Sen".into(),
        address: Some("Số 5 đường Trần Phú, phường Lộc Thọ, tỉnh Khánh Hòa".into()),
        phone: Some("0258 3822 111".into()),
        email: None,
        id_number: Some("4201234568".into()),
        organisation: true,
    }
}

fn khanh_hoa() -> Issuer {
    Issuer {
        parent: Some("Ủy ban nhân dân tỉnh Khánh Hòa".into()),
        name: "Sở Công Thương tỉnh Khánh Hòa".into(),
        place: "Khánh Hòa".into(),
    }
}

const KINDS: [(RuleSetId, Form); 6] = [
    (RuleSetId::Decree118_2025, Form::Receipt),
    (RuleSetId::Decree118_2025, Form::SupplementRequest),
    (RuleSetId::Decree118_2025, Form::Refusal),
    (RuleSetId::Decree118_2025, Form::ApologyAndExtension),
    (RuleSetId::Decree61_2018, Form::Apology),
    (RuleSetId::Decree118_2025, Form::StopNotice),
];

/// Each letter for `applicant` from `issuer`, without a number, with reasons typed with
/// their own full stop.
fn letters(applicant: &ApplicantInfo, issuer: &Issuer) -> Vec<(Form, FormData)> {
    KINDS
        .iter()
        .map(|(_, form)| {
            let data = match form {
                Form::Receipt => {
                    let mut d = samples::receipt();
                    d.applicant = applicant.clone();
                    d.issuer = issuer.clone();
                    d.number = None;
                    FormData::Receipt(d)
                }
                Form::SupplementRequest => {
                    let mut d = samples::supplement_request();
                    d.applicant = applicant.clone();
                    d.issuer = issuer.clone();
                    d.number = None;
                    d.contact = "Bộ phận Một cửa, số điện thoại 0258 3822 000.".into();
                    FormData::SupplementRequest(d)
                }
                Form::Refusal => {
                    let mut d = samples::refusal();
                    d.applicant = applicant.clone();
                    d.issuer = issuer.clone();
                    d.number = None;
                    FormData::Refusal(d)
                }
                Form::StopNotice => {
                    let mut d = samples::stop_notice();
                    d.applicant = applicant.clone();
                    d.issuer = issuer.clone();
                    d.number = None;
                    d.reason = "Theo đề nghị của người nộp.".into();
                    FormData::StopNotice(d)
                }
                _ => {
                    let mut d = samples::apology();
                    d.applicant = applicant.clone();
                    d.issuer = issuer.clone();
                    d.number = None;
                    d.reason = "Cần xác minh thực tế địa điểm kinh doanh.".into();
                    d.request = "Cấp Giấy phép bán lẻ sản phẩm rượu.".into();
                    FormData::Apology(d)
                }
            };
            (*form, data)
        })
        .collect()
}

fn render(rs: RuleSetId, form: Form, data: &FormData) -> Vec<u8> {
    let fonts = Fonts::bundled().unwrap();
    render_form(FormKind::new(rs, form), data, &fonts).unwrap()
}

#[test]
fn letters_address_a_business_by_its_name_and_a_person_as_ong_ba() {
    for (applicant, person) in [(business(), false), (samples::applicant(), true)] {
        for ((form, data), (rs, _)) in letters(&applicant, &khanh_hoa()).iter().zip(KINDS) {
            let pdf = render(rs, *form, data);
            let Some(text) = pdftotext(&pdf, None, false).map(|t| flat(&t)) else {
                return;
            };
            assert!(!text.contains("Ông/Bà Công ty"), "{form:?}: {text}");
            if matches!(
                form,
                Form::Apology | Form::ApologyAndExtension | Form::StopNotice
            ) {
                let want = if person {
                    "Kính gửi: Ông/Bà Nguyễn Thị Hường".to_owned()
                } else {
                    "Kính gửi: Công ty TNHH Thương mại Hoa Sen".to_owned()
                };
                assert!(text.contains(&want), "{form:?}: {want:?} not in {text}");
            }
            if !person {
                assert!(
                    !text.contains("Ông/Bà"),
                    "{form:?} speaks to a person: {text}"
                );
            }
            if !person && matches!(form, Form::Apology | Form::ApologyAndExtension) {
                assert!(text.contains("xin lỗi Quý Công ty"), "{form:?}: {text}");
            }
            // The letters name the agency as written in sentences, not in capitals.
            if matches!(form, Form::Apology | Form::ApologyAndExtension) {
                assert!(
                    text.contains("Sở Công Thương tỉnh Khánh Hòa đã tiếp nhận"),
                    "{text}"
                );
            }
            // Every letter has its "Số:" line, even before the agency numbers it.
            assert!(
                text.contains("Số: ……/……"),
                "{form:?}: no number line in {text}"
            );
            // One full stop, whatever the reason was typed with.
            assert!(!text.contains(".."), "{form:?}: \"..\" in {text}");
        }
    }
}

#[test]
fn the_agency_name_breaks_between_words_that_belong_together() {
    for ((form, data), (rs, _)) in letters(&business(), &khanh_hoa()).iter().zip(KINDS) {
        let pdf = render(rs, *form, data);
        let Some(text) = pdftotext(&pdf, Some((1, 1)), true) else {
            return;
        };
        // The heading's lines as the page shows them (layout mode keeps each line).
        let lines: Vec<String> = text.lines().map(flat).collect();
        assert!(
            lines.iter().any(|l| l.contains("TỈNH KHÁNH HÒA")),
            "{form:?}: the province's name is split: {text}"
        );
        assert!(
            !lines
                .iter()
                .any(|l| l.ends_with("TỈNH KHÁNH") || l.starts_with("HÒA")),
            "{form:?}: {text}"
        );
        assert!(
            lines.iter().any(|l| l.contains("ỦY BAN NHÂN DÂN")),
            "{form:?}: {text}"
        );
    }
}

fn page_count(pdf: &[u8]) -> usize {
    String::from_utf8_lossy(pdf).matches("/MediaBox[").count()
}

#[test]
fn the_receipts_signatures_never_stand_alone_on_a_page() {
    let mut d = samples::receipt();
    // From the sample's four components up to a list that needs a second page.
    for n in 4..=16 {
        d.components = (0..n)
            .map(|i| ComponentLine {
                name: format!("Thành phần hồ sơ số {} theo quy định của thủ tục", i + 1),
                originals: 1,
                certified_copies: 0,
                copies: 0,
            })
            .collect();
        let pdf = render(
            RuleSetId::Decree118_2025,
            Form::Receipt,
            &FormData::Receipt(d.clone()),
        );
        let pages = page_count(&pdf);
        if n == 4 {
            assert_eq!(pages, 1, "four components fit one A5 page");
        }
        let Some(last) =
            pdftotext(&pdf, Some((pages as u32, pages as u32)), false).map(|t| flat(&t))
        else {
            return;
        };
        assert!(last.contains("NGƯỜI TIẾP NHẬN HỒ SƠ"), "{n}: {last}");
        if pages > 1 {
            // The appointment and the desk's items travel with the signatures.
            assert!(
                last.contains("5. Thời gian trả kết quả giải quyết hồ sơ"),
                "{n} components: the signatures stand alone on page {pages}: {last}"
            );
        }
    }
}
