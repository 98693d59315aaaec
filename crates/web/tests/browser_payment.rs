//! The payment journey in a real browser (headless Chromium), on both stores: a citizen files
//! online, the specialist asks for the fees (the procedure's fee filled in), the desk sees the
//! dossier awaiting payment, the citizen pays through the fake gateway (a real server speaking
//! the VNPay protocol), the gateway's IPN records the receipt, the dossier moves on and the
//! receipt shows and prints. Phone and desktop screenshots in `target/screenshots/`.

mod browser_support;
mod gateway_support;
mod online_files;
mod pages_support;

use motcua_store::Db;
use pages_support::spawn_app;

motcua_store::on_both_stores!(citizen_pays_online_and_gets_a_receipt);

async fn act(b: &browser_support::Browser, a: &str) {
    let html = b.html().await;
    if html.contains(&format!("<details class=\"act\" id=\"act-{a}\">")) {
        b.click(&format!("#act-{a} summary")).await;
    }
    b.click(&format!("#act-{a} button[type=submit]")).await;
    b.wait_url(&format!("done={a}")).await;
}

fn pdf_file(name: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("{}-pay-{name}", std::process::id()));
    std::fs::write(
        &path,
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
    )
    .expect("pdf file");
    path
}

async fn citizen_pays_online_and_gets_a_receipt(db: Db, _: String) {
    let _one = browser_support::exclusive().await;
    let app = spawn_app(db.clone()).await;
    let gw = gateway_support::spawn_gateway(&app.base).await;
    gateway_support::configure(&db, &gw).await;
    let Some(b) = browser_support::open(&app.base).await else {
        return;
    };
    let proc = "2.000633";
    // The citizen files online, one question per page.
    b.goto(&format!("/submit/{proc}")).await;
    b.click("button.start").await;
    b.wait_url("/applicant").await;
    b.click("#kind-business").await;
    b.click("form.stack button[type=submit]").await;
    b.wait_url("/identity").await;
    b.fill("#name", "Công ty TNHH Rượu Vang Nha Trang").await;
    b.fill("#id_number", "4209876543").await;
    b.click("form.stack button[type=submit]").await;
    b.wait_url("/contact").await;
    b.fill("#phone", "0905 111 222").await;
    b.click("form.stack button[type=submit]").await;
    b.wait_url("/address").await;
    b.fill("#address", "5 Trần Phú, Nha Trang").await;
    b.click("form.stack button[type=submit]").await;
    b.wait_url("/request").await;
    b.fill("#summary", "Cấp mới giấy phép bán buôn rượu").await;
    b.click("form.stack button[type=submit]").await;
    b.wait_url("/files/0").await;
    let file = pdf_file("thanh-phan.pdf");
    for _ in 0..10 {
        if b.path().await.ends_with("/check") {
            break;
        }
        b.css("#file")
            .await
            .send_keys(&file.to_string_lossy())
            .await
            .expect("choose file");
        // "Tiếp tục" with a file chosen uploads it and goes on to the next component.
        let before = b.path().await;
        b.click("form.upload button[value=next]").await;
        for _ in 0..50 {
            if b.path().await != before {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
    b.wait_url("/check").await;
    b.click("main form button[type=submit]").await;
    b.wait_url("/done").await;
    let html = b.html().await;
    let at = html
        .find("000.17.22.H56-")
        .expect("the dossier code is shown");
    let code = html[at..at + "000.17.22.H56-yymmdd-0001".len()].to_owned();

    // The desk receives it; the specialist asks for the fees, starting from the procedure's.
    let dossier = format!("/work/dossiers/{code}");
    b.sign_in_as("desk").await;
    b.goto(&dossier).await;
    act(&b, "receive").await;
    act(&b, "forward").await;
    b.sign_in_as("specialist").await;
    b.goto(&dossier).await;
    act(&b, "claim").await;
    b.click("#act-request_payment summary").await;
    let name = b
        .css("#fee-name-1")
        .await
        .prop("value")
        .await
        .expect("value");
    assert_eq!(
        name.as_deref(),
        Some("Phí thẩm định cấp Giấy phép bán buôn rượu")
    );
    b.fill("#fee-name-2", "Lệ phí cấp giấy phép").await;
    b.fill("#fee-amount-2", "200.000").await;
    b.look("work-request-payment").await;
    b.click("#act-request_payment button[type=submit]").await;
    b.wait_url("done=request_payment").await;
    b.wait_text("1.400.000 đồng").await;

    // The desk's list: awaiting payment, with what is owed.
    b.sign_in_as("desk").await;
    b.goto("/work").await;
    b.click("#awaiting-payment").await;
    b.wait_url("/work/desk").await;
    b.wait_text(&code).await;
    b.look("desk-awaiting-payment").await;

    // The citizen looks the dossier up: amount, lines, the three ways to pay.
    b.sign_out().await;
    b.goto("/lookup").await;
    b.fill("#code", &code).await;
    b.fill("#key", "1222").await;
    b.click("main form button[type=submit]").await;
    b.wait_url(&format!("/my/dossiers/{code}")).await;
    b.wait_text("Nộp phí, lệ phí").await;
    let html = b.html().await;
    assert!(html.contains("Lệ phí cấp giấy phép") && html.contains("1.400.000 đồng"));
    assert!(html.contains("1020 3040 5060"), "the bank account");
    assert!(
        html.contains(&format!(
            "<strong class=\"dossier-code small\">{code}</strong>"
        )),
        "the code as reference"
    );
    b.look("my-dossier-pay").await;

    // Online: to the gateway and back.
    b.click("#pay-online").await;
    b.wait_url(&gw.base).await;
    b.wait_text("1400000").await;
    b.click("#gw-pay").await;
    b.wait_url("/payments/return").await;
    b.wait_text("Thanh toán thành công").await;
    b.look("payment-return").await;
    let replies = gw.ipn_replies();
    assert_eq!(replies.last().expect("ipn")["RspCode"], "00", "{replies:?}");

    // Back on the dossier: moving on again, the receipt listed and printable.
    b.click("main a.button").await;
    b.wait_url(&format!("/my/dossiers/{code}")).await;
    b.wait_text("Biên lai").await;
    let html = b.html().await;
    assert!(!html.contains("id=\"pay-online\""), "nothing left to pay");
    assert!(html.contains("Đang xử lý"), "the dossier moved on");
    b.look("my-dossier-receipt").await;
    b.click(&format!("a[href=\"/my/dossiers/{code}/receipts/1\"]"))
        .await;
    b.wait_text("receipt-number").await;
    assert!(b.text("#receipt-amount").await.contains("1.400.000"));
    b.look("receipt").await;

    // The officer's page shows the receipt too.
    b.sign_in_as("specialist").await;
    b.goto(&dossier).await;
    b.wait_text("Biên lai").await;
    b.goto(&format!("{dossier}#payment")).await;
    b.look("work-dossier-paid").await;
    let _ = std::fs::remove_file(file);
    b.close().await;
}
