//! Issue 17's "done when", as one journey in a real browser (headless Chromium, JavaScript on,
//! the Content-Security-Policy checked on every page): a citizen files the headline procedure
//! 2.000633 online, pays online, is notified at each step, the officers process it, the
//! citizen gets the result, rates it, complains, and reads the answer — with the printed demo
//! accounts only.
//!
//! The server is the real binary, `motcua serve --demo`, the way the README starts the demo:
//! the officers are the accounts it prints, signing in with the passwords it prints, through
//! the sign-in page. The test opens the same database to read what was queued for the
//! applicant (the outbox). SQLite always; PostgreSQL too when `MOTCUA_TEST_POSTGRES_URL` is
//! set. Phone and desktop screenshots of the key pages in `target/screenshots/flagship-*`.

#[path = "../../web/tests/browser_support/mod.rs"]
mod browser_support;
#[path = "../../web/tests/gateway_support/mod.rs"]
mod gateway_support;

/// `browser_support::Browser::sign_in_as` names the web tests' administrator's second factor;
/// this journey never uses it (its officers sign in with the demo's printed passwords below).
mod pages_support {
    pub fn admin_code() -> String {
        panic!("the flagship journey signs in with the printed demo accounts only")
    }
}

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use browser_support::Browser;
use motcua_store::{outbox, Db};

const BIN: &str = env!("CARGO_BIN_EXE_motcua");

motcua_store::on_both_stores!(flagship_journey_with_the_printed_demo_accounts);

/// The headline procedure of the demo (README, "One dossier from start to finish").
const PROCEDURE: &str = "2.000633";
/// The applicant's mobile number; its last 4 digits open the dossier's and the PAKN's pages.
const PHONE: &str = "0914 765 432";
const KEY: &str = "5432";

/// `motcua serve --demo` on its own data directory and the test's database.
struct Server {
    child: Child,
    base: String,
    /// `(user name, password, roles)` as printed at start-up.
    accounts: Vec<(String, String, String)>,
    log: PathBuf,
}

impl Server {
    fn start(data_dir: &Path, url: &str, port: u16) -> Server {
        let log = data_dir.join("serve.log");
        let mut cmd = Command::new(BIN);
        cmd.args(["serve", "--demo", "--addr", &format!("127.0.0.1:{port}")])
            .arg("--database-url")
            .arg(url)
            .arg("--data-dir")
            .arg(data_dir)
            // No `motcua.toml` of the working directory, no operator's environment: the
            // defaults a first `serve --demo` has.
            .current_dir(data_dir)
            // Only the demo's own data: no generated background history to wait for.
            .env("MOTCUA_DEMO_DOSSIERS", "0")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("server log"));
        for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("MOTCUA_")) {
            if k != "MOTCUA_DEMO_DOSSIERS" {
                cmd.env_remove(k);
            }
        }
        let mut child = cmd.spawn().expect("spawn motcua serve --demo");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let mut next = || {
            lines
                .next()
                .unwrap_or_else(|| {
                    panic!(
                        "serve exited early:\n{}",
                        std::fs::read_to_string(&log).unwrap_or_default()
                    )
                })
                .expect("line")
        };
        let base = loop {
            let line = next();
            if let Some(i) = line.find("http://") {
                break line[i..].trim().to_owned();
            }
        };
        // The accounts block: "tài khoản demo …" then one `user password roles` a line, up to
        // the note on the administrator's second factor.
        let mut accounts = Vec::new();
        let mut inside = false;
        loop {
            let line = next();
            if line.contains("tài khoản demo") {
                inside = true;
            } else if line.contains("quản trị phải bật") {
                break;
            } else if inside {
                let f: Vec<&str> = line.split_whitespace().collect();
                if let [user, password, roles] = f[..] {
                    accounts.push((user.to_owned(), password.to_owned(), roles.to_owned()));
                }
            }
        }
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server {
            child,
            base,
            accounts,
            log,
        }
    }

    /// The printed password of demo account `user`.
    fn password(&self, user: &str) -> &str {
        self.accounts
            .iter()
            .find(|(u, _, _)| u == user)
            .map(|(_, p, _)| p.as_str())
            .unwrap_or_else(|| panic!("{user} is not among the printed accounts"))
    }

    /// SIGTERM, as an operator stops it; it must drain and exit cleanly.
    fn stop(mut self) {
        let status = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status()
            .expect("kill -TERM");
        assert!(status.success());
        let exit = self.child.wait().expect("wait");
        assert!(exit.success(), "serve did not stop cleanly: {exit}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Stopped already (`stop`), or a failed step: do not leave a server behind.
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
            if std::thread::panicking() {
                eprintln!(
                    "--- motcua serve log ---\n{}",
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// A small real PDF on disk, for the browser's file inputs.
fn pdf_file(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(
        &path,
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
    )
    .expect("pdf file");
    path
}

/// Signs demo account `user` in through the sign-in page with its printed password; officers
/// land on their workspace.
async fn sign_in(b: &Browser, server: &Server, user: &str) {
    b.sign_out().await;
    b.goto("/sign-in").await;
    b.fill("#username", user).await;
    b.fill("#password", server.password(user)).await;
    b.click("form.stack button").await;
    b.wait_url("/work").await;
    b.wait_text("action=\"/sign-out\"").await;
    b.assert_no_csp_violations(&format!("the sign-in of {user}"))
        .await;
}

/// Finds dossier `code` from the workspace (its search) and opens it.
async fn open_from_work(b: &Browser, code: &str) {
    b.goto(&format!("/work?tab=all&q={code}")).await;
    b.click(&format!("a[href=\"/work/dossiers/{code}\"]")).await;
    b.wait_url(&format!("/work/dossiers/{code}")).await;
    b.wait_text("id=\"act-").await;
    b.assert_no_csp_violations(&format!("dossier {code} at work"))
        .await;
}

/// Runs the action `a` on the open dossier page: opens its panel if folded, submits it and
/// waits for the confirmation.
async fn act(b: &Browser, a: &str) {
    let html = b.html().await;
    if html.contains(&format!("<details class=\"act\" id=\"act-{a}\">")) {
        b.click(&format!("#act-{a} summary")).await;
    }
    b.click(&format!("#act-{a} button[type=submit]")).await;
    b.wait_url(&format!("done={a}")).await;
    b.assert_no_csp_violations(&format!("the action {a}")).await;
}

/// Claims the open dossier when it is not the officer's yet (after the payment it still is the
/// specialist's who asked for it).
async fn claim_if_offered(b: &Browser) {
    if b.html().await.contains("id=\"act-claim\"") {
        act(b, "claim").await;
    }
}

/// The citizen opens their dossier's page from the link a notice carried (the lookup, the code
/// filled in), with the last 4 digits of their phone.
async fn citizen_opens(b: &Browser, link: &str, code: &str) {
    b.sign_out().await;
    b.client.goto(link).await.expect("follow the notice's link");
    b.wait_url("/lookup").await;
    let filled = b.css("#code").await.prop("value").await.expect("value");
    assert_eq!(filled.as_deref(), Some(code), "the link fills the code in");
    b.fill("#key", KEY).await;
    b.click("main form button[type=submit]").await;
    b.wait_url(&format!("/my/dossiers/{code}")).await;
    b.assert_no_csp_violations(&format!("the citizen's page of {code}"))
        .await;
}

/// The text messages queued for the applicant about `code` (no e-mail was given), oldest first.
async fn texts(db: &Db, code: &str) -> Vec<String> {
    outbox::list(db, Some(code), 100)
        .await
        .expect("outbox")
        .into_iter()
        .filter(|m| m.channel == "sms")
        .inspect(|m| assert_eq!(m.recipient.as_deref(), Some(PHONE), "{m:?}"))
        .map(|m| m.body)
        .collect()
}

/// Asserts the last text message about `code` says `says` and carries `link`; returns it.
async fn last_text(db: &Db, code: &str, says: &str, link: &str) -> String {
    let all = texts(db, code).await;
    let last = all.last().cloned().unwrap_or_default();
    assert!(
        last.contains(says) && last.contains(link),
        "the applicant's last message about {code} should say {says:?} with {link}; queued:\n{all:#?}"
    );
    last
}

async fn flagship_journey_with_the_printed_demo_accounts(db: Db, url: String) {
    let _one = browser_support::exclusive().await;
    let data = tempfile::tempdir().expect("data dir");
    let port = free_port();
    let gw = gateway_support::spawn_gateway(&format!("http://127.0.0.1:{port}")).await;
    let server = Server::start(data.path(), &url, port);
    assert_eq!(server.base, format!("http://127.0.0.1:{port}"));
    for user in ["tiepnhan", "chuyenvien", "truongphong", "giamdoc", "vanthu"] {
        assert_eq!(server.password(user), format!("demo-{user}"), "as printed");
    }
    // The operator's set-up step: the department's merchant account with the gateway, stored as
    // the administrator's payment settings page stores it (the demo configures bank transfers
    // only, "an operator configures their own" gateway).
    gateway_support::configure(&db, &gw).await;
    let Some(b) = browser_support::open(&server.base).await else {
        return;
    };
    let files = tempfile::tempdir().expect("files to upload");
    let lookup = |code: &str| format!("{}/lookup?code={code}", server.base);

    // 1. The citizen, signed out, finds the procedure and files it online, one question a page.
    b.goto("/procedures").await;
    b.fill("#q", "ban buon ruou").await;
    b.wait_url("q=ban").await;
    b.wait_text("bán buôn rượu").await;
    b.look("flagship-catalog").await;
    b.click(&format!("a[href=\"/procedures/{PROCEDURE}\"]"))
        .await;
    b.wait_text("id=\"bring\"").await;
    b.look("flagship-procedure").await;
    b.click(&format!("a[href=\"/submit/{PROCEDURE}\"]")).await;
    b.wait_url(&format!("/submit/{PROCEDURE}")).await;
    b.click("button.start").await;
    b.wait_url("/applicant").await;
    b.click("#kind-business").await;
    b.click("form.stack button[type=submit]").await;
    b.wait_url("/identity").await;
    b.fill("#name", "Công ty TNHH Thương mại Rượu Khánh Hòa")
        .await;
    b.fill("#id_number", "4201234567").await;
    b.click("form.stack button[type=submit]").await;
    b.wait_url("/contact").await;
    b.fill("#phone", PHONE).await;
    b.click("form.stack button[type=submit]").await;
    b.wait_url("/address").await;
    b.fill("#address", "18 Lê Thánh Tôn, Nha Trang, Khánh Hòa")
        .await;
    b.click("form.stack button[type=submit]").await;
    b.wait_url("/request").await;
    b.fill("#summary", "Cấp mới giấy phép bán buôn rượu").await;
    b.click("form.stack button[type=submit]").await;
    b.wait_url("/files/0").await;
    // One PDF for each of the four components: "Tiếp tục" with a file chosen uploads it and
    // goes on to the next component, the last one to the check page.
    for n in 0..4 {
        b.wait_url(&format!("/files/{n}")).await;
        let file = pdf_file(files.path(), &format!("thanh-phan-{}.pdf", n + 1));
        b.css("#file")
            .await
            .send_keys(&file.to_string_lossy())
            .await
            .expect("choose file");
        if n == 0 {
            b.look("flagship-upload").await;
        }
        b.click("form.upload button[value=next]").await;
        let next = if n == 3 {
            "/check".to_owned()
        } else {
            format!("/files/{}", n + 1)
        };
        b.wait_url(&next).await;
        b.assert_no_csp_violations(&format!("the upload of component {}", n + 1))
            .await;
    }
    let check = b.html().await;
    for n in 1..=4 {
        assert!(
            check.contains(&format!("thanh-phan-{n}.pdf")),
            "the check page lists every file:\n{check}"
        );
    }
    b.look("flagship-check").await;
    b.click("main form button[type=submit]").await;
    b.wait_url("/done").await;
    let html = b.html().await;
    let at = html
        .find("000.17.22.H56-")
        .expect("the dossier code is shown");
    let code = html[at..at + "000.17.22.H56-yymmdd-0001".len()].to_owned();
    assert!(html.contains("<svg"), "with its QR code");
    b.look("flagship-submitted").await;
    // Notified: the code and the link to the dossier's page, by text message (no e-mail given).
    last_text(&db, &code, "đã được gửi trực tuyến", &lookup(&code)).await;

    // 2. The desk receives it; the specialist asks for the fees (the procedure's fee is filled
    // in, the licence charge added).
    sign_in(&b, &server, "tiepnhan").await;
    b.goto("/work?tab=queue").await;
    b.wait_text(&code).await;
    b.look("flagship-desk-queue").await;
    open_from_work(&b, &code).await;
    act(&b, "receive").await;
    b.wait_text("/receipt.pdf").await;
    last_text(&db, &code, "đã được tiếp nhận", &lookup(&code)).await;
    act(&b, "forward").await;
    sign_in(&b, &server, "chuyenvien").await;
    open_from_work(&b, &code).await;
    act(&b, "claim").await;
    b.click("#act-request_payment summary").await;
    let fee = b
        .css("#fee-name-1")
        .await
        .prop("value")
        .await
        .expect("value");
    assert_eq!(
        fee.as_deref(),
        Some("Phí thẩm định cấp Giấy phép bán buôn rượu")
    );
    b.fill("#fee-name-2", "Lệ phí cấp giấy phép").await;
    b.fill("#fee-amount-2", "200.000").await;
    b.look("flagship-request-payment").await;
    b.click("#act-request_payment button[type=submit]").await;
    b.wait_url("done=request_payment").await;
    b.wait_text("1.400.000 đồng").await;
    let asked = last_text(&db, &code, "đề nghị nộp phí, lệ phí", &lookup(&code)).await;
    assert!(asked.contains("1.400.000"), "{asked}");

    // The citizen follows the message's link and pays online, through the gateway and back.
    citizen_opens(&b, &lookup(&code), &code).await;
    b.wait_text("Nộp phí, lệ phí").await;
    let html = b.html().await;
    assert!(
        html.contains("Lệ phí cấp giấy phép") && html.contains("1.400.000 đồng"),
        "{html}"
    );
    b.look("flagship-pay").await;
    b.click("#pay-online").await;
    b.wait_url(&gw.base).await;
    b.wait_text("1400000").await;
    b.click("#gw-pay").await;
    b.wait_url("/payments/return").await;
    b.wait_text("Thanh toán thành công").await;
    b.look("flagship-paid").await;
    let replies = gw.ipn_replies();
    assert_eq!(
        replies.last().expect("the gateway called the IPN")["RspCode"],
        "00",
        "{replies:?}"
    );
    b.click("main a.button").await;
    b.wait_url(&format!("/my/dossiers/{code}")).await;
    b.wait_text("Biên lai").await;
    // The payment is confirmed here, by the receipt, and by a message with its number.
    let paid = last_text(
        &db,
        &code,
        "đã nhận 1.400.000 đồng phí, lệ phí",
        &lookup(&code),
    )
    .await;
    assert!(paid.contains("biên lai số"), "{paid}");
    let html = b.html().await;
    assert!(!html.contains("id=\"pay-online\""), "nothing left to pay");
    assert!(html.contains("Đang xử lý"), "the dossier moved on");

    // 3. The officers process it, each opening it from the workspace.
    sign_in(&b, &server, "chuyenvien").await;
    open_from_work(&b, &code).await;
    assert!(b.html().await.contains("Biên lai"), "the receipt, at work");
    claim_if_offered(&b).await;
    act(&b, "forward").await;
    // The second specialist step: the site visit.
    open_from_work(&b, &code).await;
    act(&b, "claim").await;
    act(&b, "forward").await;
    sign_in(&b, &server, "truongphong").await;
    open_from_work(&b, &code).await;
    act(&b, "claim").await;
    act(&b, "forward").await;
    sign_in(&b, &server, "giamdoc").await;
    open_from_work(&b, &code).await;
    act(&b, "claim").await;
    act(&b, "approve").await;
    let licence = pdf_file(files.path(), "giay-phep-ban-buon-ruou.pdf");
    b.fill("#sign-number", "47/GP-SCT").await;
    b.css("#sign-file")
        .await
        .send_keys(&licence.to_string_lossy())
        .await
        .expect("choose file");
    b.look("flagship-sign").await;
    b.click("#act-sign button[type=submit]").await;
    b.wait_url("done=sign").await;
    b.assert_no_csp_violations("the signature").await;
    act(&b, "forward").await;
    sign_in(&b, &server, "vanthu").await;
    open_from_work(&b, &code).await;
    act(&b, "claim").await;
    act(&b, "mark_result_ready").await;
    let ready = last_text(&db, &code, "đã có kết quả", &lookup(&code)).await;
    assert!(ready.contains(&code), "{ready}");
    sign_in(&b, &server, "tiepnhan").await;
    open_from_work(&b, &code).await;
    act(&b, "return_result").await;
    b.wait_text("Đã trả kết quả").await;
    b.look("flagship-returned-at-work").await;
    let returned = last_text(&db, &code, "đã được trả", &lookup(&code)).await;

    // Notified at each step, in order, each with the link to the dossier's page.
    let all = texts(&db, &code).await;
    let mut from = 0;
    for says in [
        "đã được gửi trực tuyến",
        "đã được tiếp nhận",
        "đề nghị nộp phí, lệ phí 1.400.000 đồng",
        "đã nhận 1.400.000 đồng phí, lệ phí",
        "đã có kết quả",
        "đã được trả",
    ] {
        let i = all[from..]
            .iter()
            .position(|m| m.contains(says))
            .unwrap_or_else(|| panic!("no message saying {says:?} in order:\n{all:#?}"));
        assert!(all[from + i].contains(&lookup(&code)), "{}", all[from + i]);
        from += i + 1;
    }

    // 4. The citizen follows the last message's link: the result's number and file.
    let link = returned
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("a link in the message")
        .to_owned();
    citizen_opens(&b, &link, &code).await;
    b.wait_text("Đã trả kết quả").await;
    let html = b.html().await;
    assert!(html.contains("Số văn bản kết quả: 47/GP-SCT"), "{html}");
    assert!(html.contains("giay-phep-ban-buon-ruou.pdf"), "{html}");
    b.look("flagship-result").await;
    // The download, as the browser fetches it with the citizen's session.
    let got = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const a = document.querySelector('a[download][href*=\"/files/\"]');
             if (!a) { done({error: 'no download link'}); return; }
             fetch(a.href).then(r => r.arrayBuffer().then(b => done({status: r.status,
                 head: String.fromCharCode(...new Uint8Array(b).slice(0, 5))})))
               .catch(e => done({error: String(e)}));",
            vec![],
        )
        .await
        .expect("download the result");
    assert_eq!(got["status"], 200, "{got}");
    assert_eq!(got["head"], "%PDF-", "the signed PDF: {got}");

    // 5. The citizen rates it: easy enough, but not satisfied overall.
    b.click(&format!("a[href=\"/my/dossiers/{code}/rating\"]"))
        .await;
    b.wait_text("Rất dễ thực hiện").await;
    b.click("#ease-satisfied").await;
    b.click("#overall-dissatisfied").await;
    b.look("flagship-rating").await;
    b.click("main form button[type=submit]").await;
    b.wait_text("Cảm ơn bạn đã đánh giá").await;
    b.assert_no_csp_violations("the rating").await;
    assert!(
        !b.html()
            .await
            .contains(&format!("href=\"/my/dossiers/{code}/rating\"")),
        "rated once: the page no longer offers it"
    );

    // …and complains about it, naming the dossier, from the home page's PAKN.
    b.goto("/").await;
    b.click(".pakn-contact a.button").await;
    b.wait_url("/feedback").await;
    b.click("#kind-feedback").await;
    b.click("#agency option[value=\"000.17.22.H56\"]").await;
    b.fill("#subject", "Chờ lâu khi nhận giấy phép bán buôn rượu")
        .await;
    b.fill(
        "#content",
        "Tôi phải đến quầy hai lần mới nhận được giấy phép dù đã có thông báo kết quả.",
    )
    .await;
    b.fill("#dossier_code", &code).await;
    b.fill("#name", "Nguyễn Thị Thu").await;
    b.fill("#phone", PHONE).await;
    b.look("flagship-complaint").await;
    b.click("form.stack button[type=submit]").await;
    b.wait_url("/sent").await;
    let pakn = b.text("#feedback-code").await.trim().to_owned();
    assert!(pakn.starts_with("PAKN-"), "{pakn}");
    b.look("flagship-complaint-sent").await;
    let pakn_link = format!("{}/feedback/{pakn}", server.base);
    last_text(&db, &pakn, "Đã tiếp nhận phản ánh, kiến nghị", &pakn_link).await;

    // The desk gives it to the specialist, who answers it in the PAKN inbox.
    sign_in(&b, &server, "tiepnhan").await;
    b.click("a[href=\"/work/feedback\"]").await;
    b.wait_text(&pakn).await;
    b.click(&format!("a[href=\"/work/feedback/{pakn}\"]")).await;
    b.wait_text("id=\"assign-h\"").await;
    assert!(
        b.html()
            .await
            .contains(&format!("<a href=\"/work/dossiers/{code}\">{code}</a>")),
        "the PAKN names the dossier"
    );
    b.click("#to option[value=\"chuyenvien\"]").await;
    b.click("form[action$=\"/assign\"] button").await;
    b.wait_url("done=assigned").await;
    b.assert_no_csp_violations("the assignment").await;
    sign_in(&b, &server, "chuyenvien").await;
    b.goto("/work/feedback?show=mine").await;
    b.click(&format!("a[href=\"/work/feedback/{pakn}\"]")).await;
    b.wait_text("id=\"answer-h\"").await;
    let answer =
        "Sở xin lỗi ông/bà; từ nay kết quả được trả ngay khi thông báo, không phải đến lần hai.";
    b.fill("#text", answer).await;
    b.look("flagship-pakn-answer-form").await;
    b.click("form[action$=\"/answer\"] button").await;
    b.wait_url("done=answered").await;
    b.assert_no_csp_violations("the answer").await;

    // The citizen is told, follows the link and reads the answer.
    let told = last_text(&db, &pakn, "đã có trả lời", &pakn_link).await;
    assert!(told.contains(&pakn), "{told}");
    b.sign_out().await;
    b.client
        .goto(&pakn_link)
        .await
        .expect("follow the PAKN link");
    b.fill("#key", KEY).await;
    b.click("form.stack button").await;
    b.wait_text(answer).await;
    b.look("flagship-pakn-answer").await;

    b.close().await;
    server.stop();
}
