//! The reform report as sentences in the reporting department's voice, the way its own
//! reports read: "Sở Công Thương đã tiếp nhận…", "đạt tỷ lệ 51,9%", "tăng 1,4 lần"; with the
//! dossiers resolved late and their procedures, the apologies sent, and the petitions (PAKN)
//! received and answered. The text is built from a [`ReformStatement`] only: every door
//! gathers it with `App::report_reform_statement` and renders it here.

use motcua_domain::reports::{LateProcedure, ReformStatement};
use motcua_domain::service::FeedbackFigures;

use super::*;

/// The procedures a late-dossier sentence names one by one; the rest are summed up.
const LATE_NAMED: usize = 10;

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
pub fn reform_document(s: &ReformStatement) -> crate::TextDocument {
    let table = reform_table(&s.figures);
    crate::TextDocument {
        title: table.title.clone(),
        subtitle: table.subtitle.clone(),
        paragraphs: reform_sentences(s),
        table: Some(table),
    }
}

/// The reform report as sentences for the official report, in the department's voice and
/// with numbers the Vietnamese way.
pub fn reform_sentences(s: &ReformStatement) -> Vec<String> {
    let mut out = Vec::new();
    let r = &s.figures;
    let who = if s.department.trim().is_empty() {
        "Cơ quan"
    } else {
        s.department.trim()
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
    let late = r.resolved - r.resolved_on_time.count;
    if r.resolved_on_time.of > 0 {
        let late_part = if late > 0 {
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
             {late_part}{on_the_spot}.",
            group_thousands(r.resolved),
            group_thousands(r.resolved_on_time.count),
            r.resolved_on_time.rate.map(percent_vi).unwrap_or_default(),
        ));
        if let Some(names) = late_words(&s.late) {
            out.push(names);
        }
    } else {
        out.push("Trong kỳ chưa có hồ sơ được giải quyết.".to_owned());
    }
    if let Some(apologies) = apology_words(who, s.apologies, late) {
        out.push(apologies);
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
    let sat = &r.satisfaction;
    if sat.ratings > 0 {
        let dissatisfied = match sat.dissatisfied.count {
            0 => String::new(),
            n => format!("; {} lượt không hài lòng", group_thousands(n)),
        };
        out.push(format!(
            "Mức độ hài lòng của tổ chức, công dân về giải quyết thủ tục hành chính của {who} \
             đạt {}, trong đó mức độ rất hài lòng đạt {} (qua {} lượt đánh giá{dissatisfied}).",
            sat.satisfied.rate.map(percent_vi).unwrap_or_default(),
            sat.very_satisfied.rate.map(percent_vi).unwrap_or_default(),
            group_thousands(sat.ratings),
        ));
    } else {
        out.push("Trong kỳ chưa có lượt đánh giá mức độ hài lòng.".to_owned());
    }
    if let Some(p) = &s.pakn {
        out.push(pakn_words(who, p));
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

/// "Hồ sơ giải quyết trễ hạn thuộc các thủ tục: Cấp Giấy phép bán lẻ rượu (3 hồ sơ); …": the
/// procedures by name, most late first, the tail summed up; `None` when none was late.
fn late_words(late: &[LateProcedure]) -> Option<String> {
    let named =
        |l: &LateProcedure| format!("{} ({} hồ sơ)", l.name.trim(), group_thousands(l.late));
    match late {
        [] => None,
        [one] => Some(format!(
            "Hồ sơ giải quyết trễ hạn thuộc thủ tục {}.",
            named(one)
        )),
        many => {
            let mut parts: Vec<String> = many.iter().take(LATE_NAMED).map(named).collect();
            if many.len() > LATE_NAMED {
                let rest = &many[LATE_NAMED..];
                parts.push(format!(
                    "{} thủ tục khác ({} hồ sơ)",
                    group_thousands(rest.len() as i64),
                    group_thousands(rest.iter().map(|l| l.late).sum())
                ));
            }
            Some(format!(
                "Hồ sơ giải quyết trễ hạn thuộc các thủ tục: {}.",
                parts.join("; ")
            ))
        }
    }
}

/// The apology letters (form 04) of the period; said also when late dossiers had none.
fn apology_words(who: &str, apologies: i64, late: i64) -> Option<String> {
    if apologies > 0 {
        Some(format!(
            "Trong kỳ, {who} đã gửi {} văn bản xin lỗi tổ chức, công dân và hẹn lại thời gian trả \
             kết quả (Mẫu số 04).",
            group_thousands(apologies)
        ))
    } else if late > 0 {
        Some(format!(
            "Trong kỳ, {who} chưa gửi văn bản xin lỗi tổ chức, công dân đối với hồ sơ trễ hạn."
        ))
    } else {
        None
    }
}

/// The petitions of the period: received, answered (on time, late), still being handled.
fn pakn_words(who: &str, p: &FeedbackFigures) -> String {
    let n = |x: u64| group_thousands(i64::try_from(x).unwrap_or(i64::MAX));
    if p.received == 0 {
        return format!(
            "Trong kỳ, {who} không nhận được phản ánh, kiến nghị nào của tổ chức, công dân về \
             quy định hành chính và giải quyết thủ tục hành chính."
        );
    }
    let mut out = format!(
        "Trong kỳ, {who} tiếp nhận {} phản ánh, kiến nghị của tổ chức, công dân về quy định \
         hành chính và giải quyết thủ tục hành chính",
        n(p.received)
    );
    let answered = p.answered_on_time + p.answered_late;
    if answered == 0 {
        out.push_str("; chưa trả lời phản ánh, kiến nghị nào");
    } else {
        let on_time = Share::new(p.answered_on_time as i64, answered as i64);
        out.push_str(&match (p.answered_on_time, p.answered_late) {
            (a, 0) => format!("; đã trả lời đúng hạn {}", n(a)),
            (0, b) => format!("; đã trả lời {}, đều quá hạn", n(b)),
            (a, b) => format!(
                "; đã trả lời {}, trong đó {} đúng hạn (đạt tỷ lệ {}) và {} quá hạn",
                n(answered),
                n(a),
                on_time.rate.map(percent_vi).unwrap_or_default(),
                n(b)
            ),
        });
    }
    if p.pending > 0 {
        out.push_str(&format!(
            "; {} phản ánh, kiến nghị đang xử lý",
            n(p.pending)
        ));
        if p.pending_overdue > 0 {
            out.push_str(&format!(
                " (trong đó {} đã quá hạn trả lời)",
                n(p.pending_overdue)
            ));
        } else {
            out.push_str(", còn trong hạn");
        }
    }
    out.push('.');
    out
}

#[cfg(test)]
mod tests {
    use motcua_domain::reports::reform::{Satisfaction, Share};
    use motcua_domain::reports::{Period, ReformReport};

    use super::*;

    fn figures(resolved: i64, on_time: i64) -> ReformReport {
        let period = Period::year(2025, Default::default()).unwrap();
        ReformReport {
            period,
            previous_period: period.previous_year(),
            procedures: 0,
            procedures_cut_30: Share::default(),
            online_services: Default::default(),
            resolved,
            resolved_on_time: Share::new(on_time, resolved),
            on_the_spot: Share::new(0, resolved),
            satisfaction: Satisfaction::default(),
            received_direct: resolved,
            received_online: 0,
            received_postal: 0,
            received_total: resolved,
            previous_received_total: 0,
            previous_received_online: 0,
            total_vs_previous: None,
            online_vs_previous: None,
        }
    }

    fn statement(resolved: i64, on_time: i64) -> ReformStatement {
        ReformStatement {
            figures: figures(resolved, on_time),
            department: "Sở Công Thương".into(),
            late: vec![],
            apologies: 0,
            pakn: None,
        }
    }

    fn late(code: &str, name: &str, n: i64) -> LateProcedure {
        LateProcedure {
            code: code.into(),
            name: name.into(),
            late: n,
        }
    }

    #[test]
    fn late_dossiers_are_named_by_procedure_with_the_apologies_sent() {
        let mut s = statement(52, 27);
        s.late = vec![
            late("2.000633", "Cấp Giấy phép bán lẻ rượu", 20),
            late("2.000615", "Cấp Giấy phép sản xuất rượu thủ công", 5),
        ];
        s.apologies = 3;
        let text = reform_sentences(&s).join("\n");
        assert!(
            text.contains(
                "Đã giải quyết 52 hồ sơ, trong đó 27 hồ sơ đúng hạn và trước hạn, đạt tỷ lệ \
                 51,9%; 25 hồ sơ trễ hạn."
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "Hồ sơ giải quyết trễ hạn thuộc các thủ tục: Cấp Giấy phép bán lẻ rượu (20 hồ \
                 sơ); Cấp Giấy phép sản xuất rượu thủ công (5 hồ sơ)."
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "Trong kỳ, Sở Công Thương đã gửi 3 văn bản xin lỗi tổ chức, công dân và hẹn lại \
                 thời gian trả kết quả (Mẫu số 04)."
            ),
            "{text}"
        );
        assert!(!text.contains("27/52 ="), "{text}");
        assert!(!text.contains("đơn vị"), "{text}");

        // None sent for a late dossier: said so.
        s.apologies = 0;
        s.late.truncate(1);
        let text = reform_sentences(&s).join("\n");
        assert!(
            text.contains("Hồ sơ giải quyết trễ hạn thuộc thủ tục Cấp Giấy phép bán lẻ rượu (20"),
            "{text}"
        );
        assert!(text.contains("chưa gửi văn bản xin lỗi"), "{text}");
        // Nothing late, nothing sent: not a word of either.
        let text = reform_sentences(&statement(4, 4)).join("\n");
        assert!(
            !text.contains("trễ hạn thuộc") && !text.contains("xin lỗi"),
            "{text}"
        );
    }

    #[test]
    fn a_long_list_of_late_procedures_sums_up_its_tail() {
        let mut s = statement(100, 50);
        s.late = (0..12)
            .map(|i| late(&format!("p{i}"), &format!("Thủ tục {i}"), 12 - i))
            .collect();
        let text = reform_sentences(&s).join("\n");
        assert!(
            text.contains("Thủ tục 9 (3 hồ sơ); 2 thủ tục khác (3 hồ sơ)."),
            "{text}"
        );
        assert!(!text.contains("Thủ tục 10 ("), "{text}");
    }

    #[test]
    fn petitions_received_answered_on_time_late_and_pending() {
        let mut s = statement(1, 1);
        s.pakn = Some(FeedbackFigures {
            received: 5,
            answered_on_time: 3,
            answered_late: 1,
            pending: 1,
            pending_overdue: 1,
        });
        let text = reform_sentences(&s).join("\n");
        assert!(
            text.contains(
                "Trong kỳ, Sở Công Thương tiếp nhận 5 phản ánh, kiến nghị của tổ chức, công dân \
                 về quy định hành chính và giải quyết thủ tục hành chính; đã trả lời 4, trong đó \
                 3 đúng hạn (đạt tỷ lệ 75%) và 1 quá hạn; 1 phản ánh, kiến nghị đang xử lý \
                 (trong đó 1 đã quá hạn trả lời)."
            ),
            "{text}"
        );
        s.pakn = Some(FeedbackFigures {
            received: 2,
            answered_on_time: 2,
            ..FeedbackFigures::default()
        });
        let text = reform_sentences(&s).join("\n");
        assert!(text.contains("; đã trả lời đúng hạn 2."), "{text}");
        s.pakn = Some(FeedbackFigures::default());
        let text = reform_sentences(&s).join("\n");
        assert!(
            text.contains("không nhận được phản ánh, kiến nghị nào"),
            "{text}"
        );
        // Not counted (a report narrower than an agency): no sentence at all.
        s.pakn = None;
        assert!(!reform_sentences(&s).join("\n").contains("phản ánh"));
    }
}
