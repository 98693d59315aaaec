//! What every form shares: the two-block heading (agency left, national motto right), the
//! number and the place-and-date line, the title, and the signature blocks — laid out after
//! Decree 30/2020/NĐ-CP on the format of administrative documents.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use super::data::{ApplicantInfo, Issuer};
use crate::fonts::Style;
use crate::pdf::{Doc, HAlign, Span, LEADING, MM};

pub const MOTTO_1: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
pub const MOTTO_2: &str = "Độc lập - Tự do - Hạnh phúc";

/// Day with a leading zero below 10, month with one for January and February only
/// (Decree 30/2020, Annex I): "ngày 05 tháng 3 năm 2025", "ngày 15 tháng 02 năm 2025".
pub fn long_date(d: NaiveDate) -> String {
    let month = if d.month() < 3 {
        format!("{:02}", d.month())
    } else {
        d.month().to_string()
    };
    format!("ngày {:02} tháng {} năm {}", d.day(), month, d.year())
}

/// "05/03/2025".
pub fn short_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// "08 giờ 30 phút, ngày 05/03/2025".
pub fn time_and_date(t: NaiveDateTime) -> String {
    format!(
        "{:02} giờ {:02} phút, ngày {}",
        t.hour(),
        t.minute(),
        short_date(t.date())
    )
}

/// "08:30 05/03/2025", for table cells.
pub fn compact(t: NaiveDateTime) -> String {
    t.format("%H:%M %d/%m/%Y").to_string()
}

/// Base font size for the paper: A5 forms are set smaller than A4 ones.
pub fn base_size(doc: &Doc<'_>) -> f32 {
    if doc.width < 150.0 * MM {
        9.5
    } else {
        12.0
    }
}

/// Shrinks `size` until `text` fits `width`.
fn fit(doc: &Doc<'_>, text: &str, style: Style, size: f32, width: f32) -> f32 {
    let w = doc.width_of(text, style, size);
    if w > width {
        size * width / w
    } else {
        size
    }
}

/// What a letter prints after "Số:" before the agency has numbered it.
pub const BLANK_NUMBER: &str = "……/……";

/// Words that open the name of a place ("TỈNH KHÁNH HÒA", "THÀNH PHỐ HÀ NỘI"): the name
/// that follows belongs with them on one line.
const PLACE_WORDS: [&str; 10] = [
    "TỈNH",
    "THÀNH PHỐ",
    "TP.",
    "HUYỆN",
    "QUẬN",
    "THỊ XÃ",
    "THỊ TRẤN",
    "XÃ",
    "PHƯỜNG",
    "ĐẶC KHU",
];

/// Names that are one unit and never break inside.
const KEPT_PHRASES: [&str; 2] = ["ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN"];

/// Splits an agency's name (in capitals) into pieces that must stay on one line: a place
/// ("TỈNH KHÁNH HÒA") and fixed phrases ("ỦY BAN NHÂN DÂN") are single pieces, other words
/// stand alone. "SỞ CÔNG THƯƠNG TỈNH KHÁNH HÒA" → SỞ · CÔNG · THƯƠNG · TỈNH KHÁNH HÒA.
pub fn agency_pieces(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let starts = |i: usize, phrase: &str| {
        let p: Vec<&str> = phrase.split(' ').collect();
        words.len() >= i + p.len() && words[i..i + p.len()] == p[..]
    };
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if let Some(kept) = KEPT_PHRASES.iter().find(|k| starts(i, k)) {
            let n = kept.split(' ').count();
            pieces.push(words[i..i + n].join(" "));
            i += n;
        } else if PLACE_WORDS.iter().any(|p| starts(i, p)) {
            // The place runs to the end of the name: a place name closes an agency's name.
            pieces.push(words[i..].join(" "));
            break;
        } else {
            pieces.push(words[i].to_string());
            i += 1;
        }
    }
    pieces
}

/// Lines of an agency's name at most `width` wide, breaking only between the pieces of
/// [`agency_pieces`]; the size shrinks when a piece is wider than the block, rather than
/// split a place name ("TỈNH KHÁNH / HÒA").
fn agency_lines(
    doc: &Doc<'_>,
    name: &str,
    style: Style,
    size: f32,
    width: f32,
) -> (Vec<String>, f32) {
    let pieces = agency_pieces(name);
    let widest = pieces
        .iter()
        .map(|p| doc.width_of(p, style, size))
        .fold(0.0_f32, f32::max);
    let size = if widest > width {
        size * width / widest
    } else {
        size
    };
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for p in pieces {
        let candidate = if cur.is_empty() {
            p.clone()
        } else {
            format!("{cur} {p}")
        };
        if !cur.is_empty() && doc.width_of(&candidate, style, size) > width {
            lines.push(std::mem::replace(&mut cur, p));
        } else {
            cur = candidate;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    (lines, size)
}

/// How a letter addresses the applicant: "Ông/Bà Nguyễn Văn A", or a business by its own
/// name ("Công ty TNHH Hoa Sen").
pub fn addressee(a: &ApplicantInfo) -> String {
    if a.organisation {
        a.name.clone()
    } else {
        format!("Ông/Bà {}", a.name)
    }
}

/// The second person of a letter: "Ông/Bà" for a person, "Quý Công ty" for a company and
/// "Quý cơ quan, tổ chức" for another organisation.
pub fn you(a: &ApplicantInfo) -> &'static str {
    if !a.organisation {
        "Ông/Bà"
    } else if a.name.trim().to_lowercase().starts_with("công ty") {
        "Quý Công ty"
    } else {
        "Quý cơ quan, tổ chức"
    }
}

/// `text` as the end of a sentence: one full stop, whatever the text ended with (a reason
/// typed with its own "." must not print "..").
pub fn full_stop(text: &str) -> String {
    let t = text.trim_end().trim_end_matches(['.', ' ']);
    if t.ends_with(['!', '?', '…']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

/// The heading: agency block left, motto right; then "Số: …" and the date line; `form_label`
/// ("Mẫu số 01") in small italics above the top-right corner. `number` `None` leaves the
/// "Số:" line out (records, not letters); an empty number prints [`BLANK_NUMBER`].
pub fn heading(
    doc: &mut Doc<'_>,
    issuer: &Issuer,
    number: Option<&str>,
    issued_on: NaiveDate,
    form_label: &str,
) {
    let s = base_size(doc);
    let hs = s * 0.92;
    let lh = hs * 1.3;
    let top = doc.y;
    doc.text_at(
        doc.right,
        top - 1.0,
        form_label,
        Style::Italic,
        s * 0.75,
        HAlign::Right,
    );
    let split = doc.left + doc.content_width() * 0.4;
    let (lx, rx) = ((doc.left + split) / 2.0, (split + doc.right) / 2.0);

    // Left: parent agency (regular) and the agency (bold), both in capitals.
    let left_w = split - doc.left - 4.0;
    let mut y = top;
    if let Some(parent) = issuer.parent.as_deref().filter(|p| !p.is_empty()) {
        let (lines, size) = agency_lines(doc, &parent.to_uppercase(), Style::Regular, hs, left_w);
        for line in lines {
            doc.text_at(lx, y + size, &line, Style::Regular, size, HAlign::Center);
            y += lh;
        }
    }
    let (lines, size) = agency_lines(doc, &issuer.name.to_uppercase(), Style::Bold, hs, left_w);
    for line in lines {
        doc.text_at(lx, y + size, &line, Style::Bold, size, HAlign::Center);
        y += lh;
    }
    let rule = left_w / 3.0;
    doc.line((lx - rule / 2.0, y + 2.0), (lx + rule / 2.0, y + 2.0), 0.6);
    let left_bottom = y + 4.0;

    // Right: the national motto, the second line underlined across its width.
    let right_w = doc.right - split;
    let m1 = fit(doc, MOTTO_1, Style::Bold, hs, right_w);
    doc.text_at(rx, top + hs, MOTTO_1, Style::Bold, m1, HAlign::Center);
    let m2s = fit(doc, MOTTO_2, Style::Bold, hs * 1.08, right_w);
    let w2 = doc.text_at(
        rx,
        top + lh + m2s,
        MOTTO_2,
        Style::Bold,
        m2s,
        HAlign::Center,
    );
    let ul = top + lh + m2s + 2.5;
    doc.line((rx - w2 / 2.0, ul), (rx + w2 / 2.0, ul), 0.6);
    let right_bottom = ul + 2.0;

    doc.y = left_bottom.max(right_bottom) + 4.0;
    let base = doc.y + s;
    if let Some(n) = number {
        // No number yet: the line stays, with room to write it by hand.
        let n = if n.trim().is_empty() { BLANK_NUMBER } else { n };
        doc.text_at(
            lx,
            base,
            &format!("Số: {n}"),
            Style::Regular,
            s * 0.95,
            HAlign::Center,
        );
    }
    let date = format!("{}, {}", issuer.place, long_date(issued_on));
    let ds = fit(doc, &date, Style::Italic, s * 0.95, right_w);
    doc.text_at(rx, base, &date, Style::Italic, ds, HAlign::Center);
    doc.y = base + s * 1.2;
}

/// The form title, bold capitals, centred; `subtitle` lines in italics under it.
pub fn title(doc: &mut Doc<'_>, title: &str, subtitles: &[&str]) {
    let s = base_size(doc);
    doc.gap(s * 0.6);
    doc.paragraph(
        &[Span::new(title.to_uppercase(), Style::Bold)],
        s * 1.15,
        HAlign::Center,
    );
    for sub in subtitles {
        doc.paragraph(&[Span::new(*sub, Style::Italic)], s * 0.95, HAlign::Center);
    }
    doc.gap(s * 0.5);
}

/// A signature block: title (bold capitals), hint in italics, room to sign, name in bold.
pub struct Signature<'a> {
    pub title: &'a str,
    pub hint: &'a str,
    pub name: &'a str,
}

/// Room left to sign by hand.
fn signing_room(doc: &Doc<'_>) -> f32 {
    if base_size(doc) < 11.0 {
        13.0 * MM
    } else {
        22.0 * MM
    }
}

/// Height of a row of [`signatures`] whose titles fit one line: gap, title, hint, room, name.
pub fn signatures_height(doc: &Doc<'_>) -> f32 {
    let s = base_size(doc);
    s * 0.4 + s * 0.95 * LEADING * 3.0 + signing_room(doc)
}

/// Signature blocks side by side; one block sits in the right half, as on official papers.
pub fn signatures(doc: &mut Doc<'_>, blocks: &[Signature<'_>]) {
    let s = base_size(doc);
    let room = signing_room(doc);
    doc.gap(s * 0.4);
    // Title, hint, room to sign, name: never split over two pages.
    doc.ensure(s * 0.95 * LEADING * 3.0 + room);
    let top = doc.y;
    let n = blocks.len().max(1);
    let col = doc.content_width() / if n == 1 { 2.0 } else { n as f32 };
    let mut bottom = top;
    for (i, b) in blocks.iter().enumerate() {
        let (x0, w) = if n == 1 {
            (doc.left + col, col)
        } else {
            (doc.left + col * i as f32, col)
        };
        doc.y = top;
        let mut spans = vec![Span::new(b.title.to_uppercase(), Style::Bold)];
        if !b.hint.is_empty() {
            spans.push(Span::new(format!("\n{}", b.hint), Style::Italic));
        }
        doc.paragraph_at(&spans, s * 0.95, x0, w, HAlign::Center, 0.0);
        doc.gap(room);
        doc.paragraph_at(
            &[Span::new(b.name, Style::Bold)],
            s * 0.95,
            x0,
            w,
            HAlign::Center,
            0.0,
        );
        bottom = bottom.max(doc.y);
    }
    doc.y = bottom;
}

/// The applicant lines shared by several forms.
/// `name_label` `None` leaves the name out (printed elsewhere).
pub fn applicant_lines(doc: &mut Doc<'_>, name_label: Option<&str>, a: &ApplicantInfo) {
    let s = base_size(doc);
    if let Some(label) = name_label {
        doc.field(label, &a.name, s);
    }
    if let Some(id) = a.id_number.as_deref() {
        doc.field("Số định danh cá nhân / mã số doanh nghiệp", id, s);
    }
    doc.field("Địa chỉ", a.address.as_deref().unwrap_or(""), s);
    let phone = a.phone.as_deref().unwrap_or("");
    let email = a.email.as_deref().unwrap_or("");
    doc.paragraph(
        &[
            Span::new("Số điện thoại: ", Style::Regular),
            Span::new(phone, Style::Bold),
            Span::new("    Email: ", Style::Regular),
            Span::new(email, Style::Bold),
        ],
        s,
        HAlign::Left,
    );
}

/// Numbered lines "1. …" with a hanging indent.
pub fn numbered(doc: &mut Doc<'_>, items: &[String]) {
    let s = base_size(doc);
    let indent = 4.0 * MM;
    for (i, item) in items.iter().enumerate() {
        let label = format!("{}.", i + 1);
        let y = doc.y;
        doc.text_at(
            doc.left + indent,
            y + s,
            &label,
            Style::Regular,
            s,
            HAlign::Right,
        );
        let (x, w) = (doc.left + indent + 2.0, doc.content_width() - indent - 2.0);
        doc.paragraph_at(
            &[Span::new(item.as_str(), Style::Regular)],
            s,
            x,
            w,
            HAlign::Left,
            0.0,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_decree_30() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(long_date(d(2025, 3, 5)), "ngày 05 tháng 3 năm 2025");
        assert_eq!(long_date(d(2025, 2, 15)), "ngày 15 tháng 02 năm 2025");
        assert_eq!(long_date(d(2025, 12, 31)), "ngày 31 tháng 12 năm 2025");
        let t = d(2025, 3, 5).and_hms_opt(8, 5, 0).unwrap();
        assert_eq!(time_and_date(t), "08 giờ 05 phút, ngày 05/03/2025");
    }

    #[test]
    fn place_names_and_fixed_phrases_stay_whole() {
        assert_eq!(
            agency_pieces("ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"),
            ["ỦY BAN NHÂN DÂN", "TỈNH KHÁNH HÒA"]
        );
        assert_eq!(
            agency_pieces("SỞ CÔNG THƯƠNG TỈNH KHÁNH HÒA"),
            ["SỞ", "CÔNG", "THƯƠNG", "TỈNH KHÁNH HÒA"]
        );
        assert_eq!(
            agency_pieces("UBND THÀNH PHỐ HÀ NỘI"),
            ["UBND", "THÀNH PHỐ HÀ NỘI"]
        );
        assert_eq!(agency_pieces("SỞ TƯ PHÁP"), ["SỞ", "TƯ", "PHÁP"]);
        assert!(agency_pieces("").is_empty());
    }

    #[test]
    fn a_sentence_ends_with_one_full_stop() {
        assert_eq!(full_stop("Thiếu đơn"), "Thiếu đơn.");
        assert_eq!(full_stop("Thiếu đơn."), "Thiếu đơn.");
        assert_eq!(full_stop("Thiếu đơn.. "), "Thiếu đơn.");
        assert_eq!(full_stop("Sao vậy?"), "Sao vậy?");
        assert_eq!(full_stop("v.v…"), "v.v…");
    }

    #[test]
    fn businesses_are_addressed_by_name() {
        let person = ApplicantInfo {
            name: "Nguyễn Văn A".into(),
            ..ApplicantInfo::default()
        };
        let firm = ApplicantInfo {
            name: "Công ty TNHH Hoa Sen".into(),
            organisation: true,
            ..ApplicantInfo::default()
        };
        let club = ApplicantInfo {
            name: "Hội Doanh nhân trẻ".into(),
            organisation: true,
            ..ApplicantInfo::default()
        };
        assert_eq!(addressee(&person), "Ông/Bà Nguyễn Văn A");
        assert_eq!(addressee(&firm), "Công ty TNHH Hoa Sen");
        assert_eq!(you(&person), "Ông/Bà");
        assert_eq!(you(&firm), "Quý Công ty");
        assert_eq!(you(&club), "Quý cơ quan, tổ chức");
    }
}
