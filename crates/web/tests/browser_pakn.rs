//! Issue 17 items 2 and 3 in a real browser (headless Chromium), on both stores: a citizen
//! sends a PAKN from the home page, the desk assigns it, the specialist answers, the citizen
//! reads the answer on their PAKN page; the administrator sees the notifications that could
//! not go out. Phone and desktop screenshots of each page, each checked with axe-core.

mod browser_support;
mod online_files;
mod pages_support;

use motcua_store::Db;
use pages_support::{spawn_app, SCT};

motcua_store::on_both_stores!(citizen_sends_pakn_officers_assign_and_answer_citizen_reads_it);

async fn citizen_sends_pakn_officers_assign_and_answer_citizen_reads_it(db: Db, _: String) {
    let _one = browser_support::exclusive().await;
    let app = spawn_app(db).await;
    let Some(b) = browser_support::open(&app.base).await else {
        return;
    };
    // The citizen finds PAKN on the home page and sends one.
    b.goto("/").await;
    b.wait_text("id=\"pakn-home\"").await;
    b.look("home-pakn").await;
    b.click(".pakn-contact a.button").await;
    b.wait_url("/feedback").await;
    b.click("#kind-feedback").await;
    b.click(&format!("#agency option[value=\"{SCT}\"]")).await;
    b.fill("#subject", "Thái độ phục vụ tại quầy").await;
    b.fill(
        "#content",
        "Cán bộ quầy số 2 không hướng dẫn rõ thành phần hồ sơ.",
    )
    .await;
    b.fill("#name", "Trần Văn Nam").await;
    b.fill("#phone", "0912 345 678").await;
    b.click("#publish_consent").await;
    b.look("pakn-form").await;
    b.click("form.stack button[type=submit]").await;
    b.wait_url("/sent").await;
    let code = b.text("#feedback-code").await.trim().to_owned();
    assert!(code.starts_with("PAKN-"), "{code}");
    // No mail server, no SMS gateway here: the page promises neither.
    let sent = b.html().await;
    assert!(
        sent.contains("Câu trả lời có trên trang theo dõi"),
        "{sent}"
    );
    b.look("pakn-sent").await;

    // The desk sees it in the PAKN inbox and gives it to the specialist.
    b.sign_in_as("desk").await;
    b.goto("/work").await;
    b.click("a[href=\"/work/feedback\"]").await;
    b.wait_text(&code).await;
    b.look("work-pakn-inbox").await;
    b.click(&format!("a[href=\"/work/feedback/{code}\"]")).await;
    b.wait_text("id=\"assign-h\"").await;
    b.click("#to option[value=\"specialist\"]").await;
    b.click("form[action$=\"/assign\"] button").await;
    b.wait_url("done=assigned").await;
    b.look("work-pakn-assigned").await;

    // The specialist answers it.
    b.sign_in_as("specialist").await;
    b.goto("/work/feedback?show=mine").await;
    b.click(&format!("a[href=\"/work/feedback/{code}\"]")).await;
    b.wait_text("id=\"answer-h\"").await;
    let answer = "Sở đã nhắc nhở cán bộ và bố trí thêm người hướng dẫn tại quầy.";
    b.fill("#text", answer).await;
    b.click("form[action$=\"/answer\"] button").await;
    b.wait_url("done=answered").await;
    b.look("work-pakn-answered").await;

    // The citizen reads the answer on the PAKN's page (the link their message carries).
    b.sign_out().await;
    b.goto(&format!("/feedback/{code}")).await;
    b.fill("#key", "5678").await;
    b.click("form.stack button").await;
    b.wait_text(answer).await;
    b.look("pakn-answer").await;

    // The administrator sees what could not be delivered (no transports here).
    b.sign_in_as("admin").await;
    b.goto("/admin").await;
    b.wait_text("thông báo chưa gửi được").await;
    b.look("admin-home").await;
    b.goto("/admin/notifications").await;
    b.wait_text(&code).await;
    b.look("admin-notifications").await;
    b.close().await;
}
