//! Real-browser tests: headless Chromium driven over WebDriver (fantoccini + Debian's
//! `chromium-driver`). Each journey gets its own chromedriver; journeys run one at a time
//! (two cores). Screenshots go to `target/screenshots/` at the workspace root (a CI
//! artifact); every page looked at is also checked with axe-core for WCAG 2.2 A/AA errors.
//!
//! Without a chromedriver the journeys are skipped with a message, unless
//! `MOTCUA_REQUIRE_BROWSER=1` (set by `.ci/run`) makes that a failure.

#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

const AXE: &str = include_str!("axe.min.js");

fn find_driver() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("MOTCUA_CHROMEDRIVER") {
        return Some(PathBuf::from(p));
    }
    ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

fn chromium() -> String {
    std::env::var("MOTCUA_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

/// One journey at a time: each browser wants a core of its own.
pub async fn exclusive() -> tokio::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::OnceLock<tokio::sync::Mutex<()>> = std::sync::OnceLock::new();
    LOCK.get_or_init(|| tokio::sync::Mutex::new(()))
        .lock()
        .await
}

pub struct Browser {
    pub client: Client,
    pub base: String,
    driver: Child,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// Starts chromedriver and a headless Chromium at desktop size, or `None` (skip) when
/// there is no driver and none is required.
pub async fn open(base: &str) -> Option<Browser> {
    let Some(driver_path) = find_driver() else {
        if std::env::var("MOTCUA_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!("chromedriver not found (install Debian's chromium-driver)");
        }
        eprintln!("SKIPPED: no chromedriver; install chromium and chromium-driver to run the browser journeys");
        return None;
    };
    let port = free_port();
    let driver = Command::new(driver_path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium(),
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--lang=vi-VN", "--hide-scrollbars"]
        }),
    );
    // The console, for Content-Security-Policy violations (read by `assert_no_csp_violations`).
    caps.insert("goog:loggingPrefs".into(), json!({"browser": "ALL"}));
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let url = format!("http://127.0.0.1:{port}");
    let mut last = None;
    for _ in 0..50 {
        match ClientBuilder::new(connector.clone())
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(client) => {
                return Some(Browser {
                    client,
                    base: base.to_owned(),
                    driver,
                })
            }
            Err(e) => {
                last = Some(e);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
    panic!("chromedriver did not start: {last:?}");
}

pub fn screenshots_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshots dir");
    dir
}

impl Browser {
    /// Signs out whoever is signed in, from wherever the browser is.
    pub async fn sign_out(&self) {
        self.goto("/").await;
        if self.html().await.contains("action=\"/sign-out\"") {
            self.click("header form.inline button").await;
            self.wait_text("href=\"/sign-in\"").await;
        }
    }

    /// Signs `user` (a test account, password `pw-<user>`) in, signing out whoever was in.
    pub async fn sign_in_as(&self, user: &str) {
        self.sign_out().await;
        self.goto("/sign-in").await;
        self.fill("#username", user).await;
        self.fill("#password", &format!("pw-{user}")).await;
        self.click("form.stack button").await;
        if user == "admin" {
            // Administrators have a second factor: the code step comes after the password.
            self.wait_text("action=\"/sign-in/code\"").await;
            self.fill("#code", &crate::pages_support::admin_code())
                .await;
            self.click("form.stack button").await;
        }
        self.wait_text(&format!("Cán bộ {user}")).await;
    }
    pub async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .expect("navigate");
    }

    pub async fn css(&self, selector: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(selector))
            .await
            .unwrap_or_else(|e| panic!("no element {selector}: {e}"))
    }

    pub async fn fill(&self, selector: &str, text: &str) {
        let el = self.css(selector).await;
        el.clear().await.expect("clear");
        el.send_keys(text).await.expect("type");
    }

    pub async fn click(&self, selector: &str) {
        self.css(selector).await.click().await.expect("click");
    }

    pub async fn text(&self, selector: &str) -> String {
        self.css(selector).await.text().await.expect("text")
    }

    pub async fn html(&self) -> String {
        self.client.source().await.expect("source")
    }

    pub async fn path(&self) -> String {
        self.client
            .current_url()
            .await
            .expect("url")
            .path()
            .to_owned()
    }

    /// Waits until the address contains `needle` (after a form's redirect).
    pub async fn wait_url(&self, needle: &str) {
        for _ in 0..100 {
            let url = self.client.current_url().await.expect("url");
            if url.as_str().contains(needle) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let url = self.client.current_url().await.expect("url");
        panic!(
            "address never contained {needle:?}: {url}\n{}",
            self.html().await
        );
    }

    /// Waits until the page's text contains `needle` (after a navigation or an htmx swap).
    pub async fn wait_text(&self, needle: &str) {
        for _ in 0..100 {
            if self.html().await.contains(needle) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "page never showed {needle:?}; it shows:\n{}",
            self.html().await
        );
    }

    /// Saves desktop (1280 px) and phone (360 px) screenshots of the current page as
    /// `<name>-desktop.png` / `<name>-phone.png`, and checks the page with axe-core at both
    /// sizes. Returns to desktop size.
    pub async fn look(&self, name: &str) {
        for (suffix, w, h) in [("phone", 360, 780), ("desktop", 1280, 900)] {
            self.client.set_window_size(w, h).await.expect("resize");
            tokio::time::sleep(Duration::from_millis(150)).await;
            let png = self.client.screenshot().await.expect("screenshot");
            std::fs::write(screenshots_dir().join(format!("{name}-{suffix}.png")), png)
                .expect("save screenshot");
            self.assert_accessible(&format!("{name} ({suffix})")).await;
        }
        self.assert_no_csp_violations(name).await;
    }

    /// Fails if the browser's console reported a Content-Security-Policy violation since the
    /// last look (chromedriver hands each log entry out once).
    pub async fn assert_no_csp_violations(&self, what: &str) {
        let log = self
            .client
            .issue_cmd(BrowserLog)
            .await
            .expect("read the browser log");
        let violations: Vec<String> = log
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["message"].as_str())
            .filter(|m| {
                m.contains("Content Security Policy") || m.contains("Content-Security-Policy")
            })
            .map(str::to_owned)
            .collect();
        assert!(
            violations.is_empty(),
            "Content-Security-Policy violations on {what}:\n{}",
            violations.join("\n")
        );
    }

    /// Fails with the list of axe-core WCAG 2.x A/AA violations on the page, if any.
    pub async fn assert_accessible(&self, what: &str) {
        let loaded = self
            .client
            .execute("return typeof window.axe !== 'undefined';", vec![])
            .await
            .expect("probe axe");
        if loaded != Value::Bool(true) {
            self.client
                .execute(&format!("{AXE}\nreturn true;"), vec![])
                .await
                .expect("inject axe");
        }
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {runOnly: {type: 'tag', values:
                   ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
                   .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,
                      help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.html)}))))
                   .catch(e => done([{id: 'axe-error', help: String(e)}]));",
                vec![],
            )
            .await
            .expect("run axe");
        let violations = result.as_array().cloned().unwrap_or_default();
        assert!(
            violations.is_empty(),
            "accessibility errors on {what}:\n{}",
            serde_json::to_string_pretty(&violations).unwrap_or_default()
        );
    }

    pub async fn close(self) {
        self.assert_no_csp_violations("the last page").await;
        let client = self.client.clone();
        let _ = client.close().await;
    }
}

/// chromedriver's log endpoint (`POST /session/{id}/se/log`), not in fantoccini's API.
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        (
            axum::http::Method::POST,
            Some(json!({"type": "browser"}).to_string()),
        )
    }
}
