//! The reform report as sentences in the reporting department's voice, the way its own
//! reports read: "Sở Công Thương đã tiếp nhận…", "đạt tỷ lệ 51,9%", "tăng 1,4 lần".

use super::*;

/// Figures of petitions (phản ánh, kiến nghị) for the reform report, from the PAKN inbox.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PaknFigures {
    /// Received in the period.
    pub received: i64,
    /// Of those, answered.
    pub answered: i64,
    /// Answered after the legal deadline, or still open past it.
    pub overdue: i64,
}

/// Who writes the reform report and what the figures of one period do not hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReformVoice {
    /// The reporting department as it names itself: "Sở Công Thương".
    pub department: String,
    /// Letters of apology (form 04) sent for late dossiers in the period, when counted.
    pub apologies: Option<i64>,
    /// Petitions, when the PAKN figures are available. The seam for the PAKN inbox: `None`
    /// leaves the sentence out rather than print a zero nobody counted.
    pub pakn: Option<PaknFigures>,
}

/// "51,9% (27/52)": the share first, as a department writes it, then what it is of.
pub(super) fn share_words(s: &Share) -> String {
    match s.rate {
        Some(r) => format!(
            "{} ({}/{})",
            percent_vi(r),
            group_thousands(s.count),
            group_thousands(s.of)
        ),
        None => "chưa có số liệu".to_owned(),
    }
}

/// This period against the same period a year earlier, in words: "tăng 1,4 lần",
/// "giảm 20%", "tương đương". Never "bằng ×1".
pub fn change_vi(x: f64) -> String {
    let rounded = (x * 100.0).round() / 100.0;
    if rounded == 1.0 {
        "tương đương".to_owned()
    } else if rounded > 1.0 {
        format!("tăng {} lần", decimal(rounded, 2))
    } else {
        format!("giảm {}", percent_vi(1.0 - x))
    }
}

/// The reform report as a document: title, the sentences, the table of figures.
pub fn reform_document(r: &ReformReport, voice: &ReformVoice) -> crate::TextDocument {
    let table = reform_table(r);
    crate::TextDocument {
        title: table.title.clone(),
        subtitle: table.subtitle.clone(),
        paragraphs: reform_sentences(r, voice),
        table: Some(table),
    }
}

/// The reform report as sentences for the official report, in the department's voice and
/// with numbers the Vietnamese way.
pub fn reform_sentences(r: &ReformReport, voice: &ReformVoice) -> Vec<String> {
    let mut out = Vec::new();
    let who = if voice.department.trim().is_empty() {
        "Cơ quan"
    } else {
        voice.department.trim()
    };
    let o = &r.online_services;
    let from_to = format!(
        "từ ngày {} đến ngày {}",
        date_vi(r.period.from),
        date_vi(r.period.to)
    );
    out.push(format!(
        "Trong kỳ báo cáo ({from_to}), {who} đã tiếp nhận {} hồ sơ thủ tục hành chính \
         ({} hồ sơ trực tiếp, {} hồ sơ trực tuyến, {} hồ sơ qua dịch vụ bưu chính công ích).",
        group_thousands(r.received_total),
        group_thousands(r.received_direct),
        group_thousands(r.received_online),
        group_thousands(r.received_postal),
    ));
    if r.resolved_on_time.of > 0 {
        let late = r.resolved - r.resolved_on_time.count;
        let late_words = if late > 0 {
            format!("{} hồ sơ trễ hạn", group_thousands(late))
        } else {
            "không có hồ sơ trễ hạn".to_owned()
        };
        let on_the_spot = match r.on_the_spot.rate {
            Some(rate) if r.on_the_spot.count > 0 => format!(
                "; {} hồ sơ giải quyết theo “4 tại chỗ”, đạt tỷ lệ {}",
                group_thousands(r.on_the_spot.count),
                percent_vi(rate)
            ),
            _ => String::new(),
        };
        out.push(format!(
            "Đã giải quyết {} hồ sơ, trong đó {} hồ sơ đúng hạn và trước hạn, đạt tỷ lệ {}; \
             {late_words}{on_the_spot}.",
            group_thousands(r.resolved),
            group_thousands(r.resolved_on_time.count),
            r.resolved_on_time.rate.map(percent_vi).unwrap_or_default(),
        ));
        match voice.apologies {
            Some(n) if late > 0 => out.push(format!(
                "Đối với hồ sơ trễ hạn, {who} đã gửi {} văn bản xin lỗi người dân, doanh nghiệp \
                 và hẹn lại thời gian trả kết quả.",
                group_thousands(n)
            )),
            _ => {}
        }
    } else {
        out.push("Trong kỳ chưa có hồ sơ được giải quyết.".to_owned());
    }
    if r.procedures_cut_30.of > 0 {
        out.push(format!(
            "{} thủ tục hành chính được cắt giảm từ 30% thời gian giải quyết trở lên so với quy \
             định.",
            share_words(&r.procedures_cut_30)
        ));
    }
    let offered = Share::new(o.on_national_portal, o.full + o.partial);
    let mut online = format!(
        "{who} cung cấp {} dịch vụ công trực tuyến toàn trình và {} dịch vụ công trực tuyến một \
         phần",
        group_thousands(o.full),
        group_thousands(o.partial),
    );
    if let Some(rate) = offered.rate {
        online.push_str(&format!(
            "; {} dịch vụ được tích hợp, cung cấp trên Cổng Dịch vụ công quốc gia (đạt {}).",
            group_thousands(o.on_national_portal),
            percent_vi(rate)
        ));
    } else {
        online.push('.');
    }
    out.push(online);
    let s = &r.satisfaction;
    if s.ratings > 0 {
        let dissatisfied = match s.dissatisfied.count {
            0 => String::new(),
            n => format!("; {} lượt không hài lòng", group_thousands(n)),
        };
        out.push(format!(
            "Mức độ hài lòng của tổ chức, công dân về giải quyết thủ tục hành chính của {who} \
             đạt {}, trong đó mức độ rất hài lòng đạt {} (qua {} lượt đánh giá{dissatisfied}).",
            s.satisfied.rate.map(percent_vi).unwrap_or_default(),
            s.very_satisfied.rate.map(percent_vi).unwrap_or_default(),
            group_thousands(s.ratings),
        ));
    } else {
        out.push("Trong kỳ chưa có lượt đánh giá mức độ hài lòng.".to_owned());
    }
    if let Some(p) = voice.pakn {
        if p.received > 0 {
            let mut pakn = format!(
                "{who} tiếp nhận {} phản ánh, kiến nghị của người dân, doanh nghiệp; đã trả lời \
                 {}",
                group_thousands(p.received),
                group_thousands(p.answered)
            );
            if p.overdue > 0 {
                pakn.push_str(&format!(
                    ", {} phản ánh, kiến nghị quá hạn trả lời",
                    group_thousands(p.overdue)
                ));
            }
            pakn.push('.');
            out.push(pakn);
        } else {
            out.push(
                "Trong kỳ không có phản ánh, kiến nghị của người dân, doanh nghiệp.".to_owned(),
            );
        }
    }
    let mut compare = format!(
        "So với cùng kỳ năm trước ({} hồ sơ",
        group_thousands(r.previous_received_total)
    );
    match r.total_vs_previous {
        Some(x) => compare.push_str(&format!("), tổng số hồ sơ tiếp nhận {}", change_vi(x))),
        None => compare.push_str("), chưa có số liệu để so sánh tổng số hồ sơ"),
    }
    match r.online_vs_previous {
        Some(x) => compare.push_str(&format!(
            "; số hồ sơ trực tuyến {} ({} hồ sơ so với {} hồ sơ).",
            change_vi(x),
            group_thousands(r.received_online),
            group_thousands(r.previous_received_online)
        )),
        None => compare.push_str("; cùng kỳ năm trước chưa có hồ sơ trực tuyến."),
    }
    out.push(compare);
    out
}
