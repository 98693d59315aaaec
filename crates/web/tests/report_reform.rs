//! The reform report's text over real HTTP on both stores: from dossiers, apologies and
//! petitions stored for April 2024 (and some of March, which must not count), the page and its
//! Word download say how many dossiers were resolved late and in which procedure, how many
//! apology letters were sent, and how the petitions were answered.

mod online_files;
mod pages_support;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use motcua_domain::dossier::{vn_date, Actor, Dossier, Event, EventKind, Status};
use motcua_domain::rules::RuleSetId;
use motcua_domain::service::{Contact, FeedbackAnswer, FeedbackKind, FeedbackStatus, NewFeedback};
use motcua_domain::Role;
use motcua_store::dossiers::FactsBasis;
use motcua_store::{catalog, dossiers, feedback, Db};
use pages_support::{spawn_app, Browser};
use reqwest::StatusCode;

motcua_store::on_both_stores!(reform_text_names_late_dossiers_apologies_and_petitions);

/// The page's text with the entities askama writes turned back into characters.
fn unescape(html: &str) -> String {
    html.replace("&#x2f;", "/")
        .replace("&#47;", "/")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&amp;", "&")
        .replace("&#38;", "&")
}

async fn download(b: &Browser, path: &str) -> Vec<u8> {
    let r = b
        .http
        .get(format!("{}{path}", b.base))
        .send()
        .await
        .expect("download");
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.bytes().await.expect("body").to_vec()
}

/// 2024-`m`-`d` `h`:00, Vietnam time.
fn vn(m: u32, d: u32, h: u32) -> DateTime<Utc> {
    FixedOffset::east_opt(7 * 3600)
        .and_then(|o| o.with_ymd_and_hms(2024, m, d, h, 0, 0).single())
        .expect("date")
        .with_timezone(&Utc)
}

/// Stores `d` (of `procedure`, finished as given) with `events`, its report facts counted on
/// the stored calendar, as the CLI test does.
async fn stored(db: &Db, procedure: &str, d: Dossier, events: Vec<Event>) {
    let p = catalog::get_procedure(db, procedure)
        .await
        .expect("read")
        .expect("procedure");
    let cal = std::sync::Arc::new(motcua_app::calendar::build(db).await.expect("calendar"));
    let d = Dossier {
        receiving_agency: pages_support::SCT.into(),
        agency_code: pages_support::SCT.into(),
        procedure_code: procedure.into(),
        procedure_version_id: p.id,
        rule_set: Some(RuleSetId::Decree61_2018),
        status: Status::ResultReady,
        ..d
    };
    let day = vn_date(d.received_at.expect("received"));
    let basis = FactsBasis::new(cal, p.id, &p.procedure);
    dossiers::create(db, pages_support::SCT, day, None, basis, move |code| {
        Ok((Dossier { code, ..d }, events, vec![]))
    })
    .await
    .expect("create");
}

/// An apology and new appointment (form 04) issued at `at`.
fn apology(at: DateTime<Utc>, previous_due: DateTime<Utc>, new_due: DateTime<Utc>) -> Event {
    Event {
        at,
        actor: Actor::officer("head", &[Role::Head], pages_support::SCT, "QLCN"),
        kind: EventKind::Extended {
            reason: "Chờ ý kiến cơ quan phối hợp".into(),
            previous_due,
            new_due,
        },
        from: Some(Status::Processing),
        to: Status::Processing,
        step: Some(3),
        note: None,
    }
}

/// A PAKN to the agency received at `at`, answered at `answered` if given.
async fn pakn(db: &Db, at: DateTime<Utc>, answered: Option<DateTime<Utc>>) {
    let f = feedback::create_feedback(
        db,
        NewFeedback {
            kind: FeedbackKind::Petition,
            subject: "Thời gian giải quyết".into(),
            content: "Đề nghị rút ngắn thời gian.".into(),
            contact: Contact {
                name: "Trần Văn Nam".into(),
                phone: Some("0912345678".into()),
                email: None,
            },
            dossier_code: None,
            agency_code: pages_support::SCT.into(),
            publish_consent: false,
        },
        at,
    )
    .await
    .expect("PAKN");
    if let Some(t) = answered {
        let done = motcua_domain::service::Feedback {
            status: FeedbackStatus::Answered,
            updated_at: t,
            answer: Some(FeedbackAnswer {
                text: "Sở đã tiếp thu.".into(),
                by: "head".into(),
                at: t,
            }),
            ..f
        };
        feedback::update_feedback(db, FeedbackStatus::Received, &done)
            .await
            .expect("answer");
    }
}

/// April 2024 (10 working days; Hùng Kings' day Thursday 18/4): one dossier of 2.000615
/// resolved late after an apology, two resolved early (one apologised for in March), PAKN
/// answered on time, late, and not at all; the reform report's text says each, from the data
/// of the period only.
async fn reform_text_names_late_dossiers_apologies_and_petitions(db: Db, _: String) {
    let app = spawn_app(db.clone()).await;
    // Late: due Mon 15/4 09:00, moved to Fri 19/4 by an apology of Fri 12/4, done Wed 17/4.
    let late = Dossier {
        submitted_at: vn(4, 1, 9),
        received_at: Some(vn(4, 1, 9)),
        clock_start: Some(vn(4, 1, 9)),
        original_due_at: Some(vn(4, 15, 9)),
        due_at: Some(vn(4, 19, 9)),
        finished_at: Some(vn(4, 17, 10)),
        ..Dossier::default()
    };
    stored(
        &db,
        "2.000615",
        late,
        vec![apology(vn(4, 12, 10), vn(4, 15, 9), vn(4, 19, 9))],
    )
    .await;
    // Early: due Tue 16/4, done Fri 5/4.
    let early = Dossier {
        submitted_at: vn(4, 2, 9),
        received_at: Some(vn(4, 2, 9)),
        clock_start: Some(vn(4, 2, 9)),
        original_due_at: Some(vn(4, 16, 9)),
        due_at: Some(vn(4, 16, 9)),
        finished_at: Some(vn(4, 5, 10)),
        ..Dossier::default()
    };
    stored(&db, "2.000633", early, vec![]).await;
    // Apologised for in March (not this period's), due Mon 8/4 then 12/4, done Fri 5/4.
    let march = Dossier {
        submitted_at: vn(3, 25, 9),
        received_at: Some(vn(3, 25, 9)),
        clock_start: Some(vn(3, 25, 9)),
        original_due_at: Some(vn(4, 8, 9)),
        due_at: Some(vn(4, 12, 9)),
        finished_at: Some(vn(4, 5, 11)),
        ..Dossier::default()
    };
    stored(
        &db,
        "2.000633",
        march,
        vec![apology(vn(3, 29, 10), vn(4, 8, 9), vn(4, 12, 9))],
    )
    .await;
    // Received Tue 2/4 10:00: answer due Wed 16/4 10:00.
    pakn(&db, vn(4, 2, 10), Some(vn(4, 5, 10))).await;
    pakn(&db, vn(4, 2, 10), Some(vn(4, 26, 10))).await;
    pakn(&db, vn(4, 3, 10), None).await;
    // Received in March: not this period's, though answered in April.
    pakn(&db, vn(3, 15, 10), Some(vn(4, 3, 10))).await;

    let mut b = Browser::new(&app);
    b.sign_in("director").await;
    let april = "/reports/reform?kind=range&from=2024-04-01&to=2024-04-30";
    let page = b.get(april).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = unescape(&page.html);
    for sentence in [
        "Trong kỳ báo cáo (từ ngày 01/04/2024 đến ngày 30/04/2024), Sở Công Thương tỉnh Khánh \
         Hòa đã tiếp nhận 2 hồ sơ thủ tục hành chính",
        "Đã giải quyết 3 hồ sơ, trong đó 2 hồ sơ đúng hạn và trước hạn, đạt tỷ lệ 66,7%; 1 hồ \
         sơ trễ hạn.",
        "Hồ sơ giải quyết trễ hạn thuộc thủ tục Cấp Giấy phép sản xuất rượu công nghiệp (quy mô \
         dưới 3 triệu lít/năm) (1 hồ sơ).",
        "Trong kỳ, Sở Công Thương tỉnh Khánh Hòa đã gửi 1 văn bản xin lỗi tổ chức, công dân và \
         hẹn lại thời gian trả kết quả (Mẫu số 04).",
        "Trong kỳ, Sở Công Thương tỉnh Khánh Hòa tiếp nhận 3 phản ánh, kiến nghị của tổ chức, \
         công dân về quy định hành chính và giải quyết thủ tục hành chính; đã trả lời 2, trong \
         đó 1 đúng hạn (đạt tỷ lệ 50%) và 1 quá hạn; 1 phản ánh, kiến nghị đang xử lý (trong \
         đó 1 đã quá hạn trả lời).",
    ] {
        assert!(text.contains(sentence), "«{sentence}» in {text}");
    }

    // The Word download carries the same text (one builder for every output).
    let docx = download(&b, &format!("{april}&format=docx")).await;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("docx");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/document.xml").expect("document part"),
        &mut xml,
    )
    .expect("read");
    assert!(
        xml.contains("đã gửi 1 văn bản xin lỗi tổ chức, công dân"),
        "{xml}"
    );
    assert!(xml.contains("đã trả lời 2, trong đó 1 đúng hạn"), "{xml}");

    // March: the apology of 29/3 and the PAKN of 15/3 (still unanswered at the end of March,
    // past its deadline of 29/3); nothing resolved, so nothing late.
    let march = unescape(
        &b.get("/reports/reform?kind=range&from=2024-03-01&to=2024-03-31")
            .await
            .html,
    );
    assert!(
        march.contains("Trong kỳ, Sở Công Thương tỉnh Khánh Hòa đã gửi 1 văn bản xin lỗi"),
        "{march}"
    );
    assert!(
        march.contains(
            "tiếp nhận 1 phản ánh, kiến nghị của tổ chức, công dân về quy định hành chính và \
             giải quyết thủ tục hành chính; chưa trả lời phản ánh, kiến nghị nào; 1 phản ánh, \
             kiến nghị đang xử lý (trong đó 1 đã quá hạn trả lời)."
        ),
        "{march}"
    );
    assert!(!march.contains("trễ hạn thuộc"), "{march}");
}
