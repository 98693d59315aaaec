//! Journeys in a real browser (headless Chromium), on both stores. See `browser_support` for
//! the driver, the screenshots (`target/screenshots/`) and the accessibility checks.

mod browser_support;
mod pages_support;

use motcua_store::Db;
use pages_support::spawn_app;

motcua_store::on_both_stores!(citizen_finds_a_procedure, officer_signs_in_and_out,);

async fn citizen_finds_a_procedure(db: Db, _: String) {
    let _one = browser_support::exclusive().await;
    let app = spawn_app(db).await;
    let Some(b) = browser_support::open(&app.base).await else {
        return;
    };
    b.goto("/").await;
    b.look("home").await;
    b.goto("/procedures").await;
    // Without diacritics, as people type on phones.
    // htmx updates the results as one types.
    b.fill("#q", "ban le ruou").await;
    b.wait_text("bán lẻ rượu").await;
    b.look("catalog-search").await;
    b.click(".results h2 a").await;
    b.wait_text("id=\"bring\"").await;
    b.look("procedure").await;
    b.close().await;
}

async fn officer_signs_in_and_out(db: Db, _: String) {
    let _one = browser_support::exclusive().await;
    let app = spawn_app(db).await;
    let Some(b) = browser_support::open(&app.base).await else {
        return;
    };
    b.goto("/sign-in").await;
    b.fill("#username", "specialist").await;
    b.fill("#password", "wrong").await;
    b.click("form.stack button").await;
    b.wait_text("không đúng").await;
    b.look("sign-in-error").await;
    b.fill("#password", "pw-specialist").await;
    b.click("form.stack button").await;
    b.wait_text("Cán bộ specialist").await;
    b.click("header form.inline button").await;
    b.wait_text("Đăng nhập").await;
    assert!(!b.html().await.contains("Cán bộ specialist"));
    b.close().await;
}
