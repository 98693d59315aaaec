//! The `motcua` binary from the outside, as an operator uses it: `serve --demo`, `catalog
//! import/export`, `calendar …`. Runs on SQLite always and on PostgreSQL when
//! `MOTCUA_TEST_POSTGRES_URL` is set.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use motcua_store::Db;

const BIN: &str = env!("CARGO_BIN_EXE_motcua");

fn motcua(data_dir: &Path, url: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--database-url")
        .arg(url)
        .env_remove("MOTCUA_DATABASE_URL")
        .output()
        .expect("run motcua")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(data_dir: &Path, url: &str) -> Server {
        let mut child = Command::new(BIN)
            .args([
                "serve",
                "--demo",
                "--addr",
                "127.0.0.1:0",
                "--database-url",
                url,
            ])
            .arg("--data-dir")
            .arg(data_dir)
            // A small background history: the path runs, the machine stays free.
            .env("MOTCUA_DEMO_DOSSIERS", "20")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn motcua serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let base = loop {
            let line = lines
                .next()
                .expect("serve exited before listening")
                .expect("line");
            if let Some(i) = line.find("http://") {
                break line[i..].trim().to_owned();
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, base }
    }

    fn stop(mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let status = self.child.wait().expect("wait");
        assert!(status.success(), "serve did not stop cleanly: {status}");
    }
}

async fn total(base: &str) -> i64 {
    let v: serde_json::Value = reqwest::get(format!("{base}/api/v1/procedures?per_page=100"))
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    v["total"].as_i64().expect("total")
}

motcua_store::on_both_stores!(
    serve_demo_loads_once,
    catalog_round_trip_and_refusal,
    calendar_overrides_apply,
    user_with_api_token_reaches_the_inbox,
);

async fn user_with_api_token_reaches_the_inbox(_db: Db, url: String) {
    let dir = tempfile::tempdir().expect("tempdir");
    Server::start(dir.path(), &url).stop();
    let out = motcua(
        dir.path(),
        &url,
        &[
            "user",
            "add",
            "nva",
            "--name",
            "Nguyễn Văn A",
            "--role",
            "specialist",
            "--agency",
            "000.17.22.H56",
            "--unit",
            "QLTM",
            "--api-token",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let token = stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("API token: "))
        .expect("token printed")
        .to_owned();
    let out = motcua(dir.path(), &url, &["user", "add", "nva", "--name", "again"]);
    assert!(
        !out.status.success(),
        "a second account with the same name is refused"
    );
    let out = motcua(
        dir.path(),
        &url,
        &["user", "add", "x", "--name", "X", "--role", "wizard"],
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("unknown role"));
    let server = Server::start(dir.path(), &url);
    let client = reqwest::Client::new();
    let inbox = format!("{}/api/v1/inbox", server.base);
    let r = client
        .get(&inbox)
        .bearer_auth(&token)
        .send()
        .await
        .expect("inbox");
    assert_eq!(r.status(), reqwest::StatusCode::OK);
    let r = client
        .get(&inbox)
        .bearer_auth("wrong")
        .send()
        .await
        .expect("inbox");
    assert_eq!(r.status(), reqwest::StatusCode::UNAUTHORIZED);
    server.stop();
}

async fn serve_demo_loads_once(_db: Db, url: String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = Server::start(dir.path(), &url);
    let n = total(&server.base).await;
    assert!(n >= 40, "{n} procedures");
    let (status, html) = {
        let r = reqwest::get(format!("{}/", server.base))
            .await
            .expect("home");
        (r.status(), r.text().await.expect("body"))
    };
    assert!(status.is_success() && html.contains("Sở Công Thương"));
    let ruou: serde_json::Value = reqwest::get(format!("{}/api/v1/procedures?q=ruou", server.base))
        .await
        .expect("search")
        .json()
        .await
        .expect("json");
    assert!(ruou["total"].as_i64().is_some_and(|t| t >= 5));
    server.stop();
    // A second start with --demo never touches a non-empty database.
    let server = Server::start(dir.path(), &url);
    assert_eq!(total(&server.base).await, n);
    server.stop();
}

async fn catalog_round_trip_and_refusal(_db: Db, url: String) {
    let dir = tempfile::tempdir().expect("tempdir");
    Server::start(dir.path(), &url).stop();
    let xlsx = dir.path().join("catalog.xlsx");
    let out = motcua(
        dir.path(),
        &url,
        &["catalog", "export", xlsx.to_str().expect("path")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = motcua(
        dir.path(),
        &url,
        &["catalog", "import", xlsx.to_str().expect("path")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("0 added, 0 changed"),
        "{}",
        text(&out.stdout)
    );

    // A CSV set with one bad row: refused, the row named, nothing changed.
    let csv = dir.path().join("catalog.csv");
    let out = motcua(
        dir.path(),
        &url,
        &["catalog", "export", csv.to_str().expect("path")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let original = std::fs::read_to_string(&csv).expect("read csv");
    let steps_path = dir.path().join("catalog.steps.csv");
    let steps = std::fs::read_to_string(&steps_path).expect("read steps");
    // Row 3 of the steps sheet (the header is row 1): its hours become "bốn giờ".
    let mut lines: Vec<String> = steps.lines().map(str::to_owned).collect();
    let (head, _) = lines[2].rsplit_once(',').expect("hours column");
    lines[2] = format!("{head},bốn giờ");
    std::fs::write(&steps_path, lines.join("\n") + "\n").expect("write steps");
    let out = motcua(
        dir.path(),
        &url,
        &["catalog", "import", csv.to_str().expect("path")],
    );
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("[steps]") && err.contains("G3") && err.contains("bốn giờ"),
        "{err}"
    );
    assert!(
        err.contains("không thay đổi gì") && err.contains("nothing was changed"),
        "{err}"
    );
    let again = dir.path().join("again.csv");
    let out = motcua(
        dir.path(),
        &url,
        &["catalog", "export", again.to_str().expect("path")],
    );
    assert!(out.status.success());
    assert_eq!(std::fs::read_to_string(&again).expect("read"), original);
}

async fn calendar_overrides_apply(_db: Db, url: String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = motcua(
        dir.path(),
        &url,
        &[
            "calendar",
            "due",
            "--received",
            "2026-12-07T09:00:00+07:00",
            "--working-days",
            "1",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), "2026-12-08T09:00:00+07:00");
    // "Why this date?": each skipped day names its holiday; the counted hours add up.
    let out = motcua(
        dir.path(),
        &url,
        &[
            "calendar",
            "due",
            "--received",
            "2025-04-29T09:00",
            "--working-days",
            "2",
            "--explain",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let explained = text(&out.stdout);
    assert!(
        explained.contains("2025-04-30 Thứ Tư / Wednesday: bỏ qua / skipped — nghỉ lễ / public holiday: Ngày Chiến thắng (30/4)"),
        "{explained}"
    );
    assert!(
        explained.contains("Tổng đã tính / Total counted: 16 giờ / 16 h"),
        "{explained}"
    );
    assert!(
        explained.contains("Hạn giải quyết / Due: 2025-05-06T09:00:00+07:00"),
        "{explained}"
    );
    let out = motcua(
        dir.path(),
        &url,
        &[
            "calendar",
            "override",
            "set",
            "2026-12-08",
            "--kind",
            "day-off",
            "--name",
            "Nghỉ đột xuất",
            "--by",
            "admin",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = motcua(
        dir.path(),
        &url,
        &["calendar", "days", "2026-12-08", "2026-12-08"],
    );
    assert_eq!(
        text(&out.stdout),
        "date,working,note\n2026-12-08,false,Nghỉ đột xuất\n"
    );
    let out = motcua(
        dir.path(),
        &url,
        &[
            "calendar",
            "due",
            "--received",
            "2026-12-07T09:00:00+07:00",
            "--working-days",
            "1",
        ],
    );
    assert_eq!(text(&out.stdout).trim(), "2026-12-09T09:00:00+07:00");
    // The operator's day off is in the explanation too, with its name.
    let out = motcua(
        dir.path(),
        &url,
        &[
            "calendar",
            "due",
            "--received",
            "2026-12-07T09:00:00+07:00",
            "--working-days",
            "1",
            "--explain",
        ],
    );
    let explained = text(&out.stdout);
    assert!(
        explained.contains("2026-12-08 Thứ Ba / Tuesday: bỏ qua / skipped — ngày nghỉ / day off: Nghỉ đột xuất (do quản trị viên đặt / set by the operator)"),
        "{explained}"
    );
    let out = motcua(dir.path(), &url, &["calendar", "override", "list"]);
    assert!(text(&out.stdout).contains("2026-12-08,day_off,Nghỉ đột xuất,admin,"));
    let out = motcua(
        dir.path(),
        &url,
        &["calendar", "override", "remove", "2026-12-08"],
    );
    assert!(out.status.success());
    let out = motcua(
        dir.path(),
        &url,
        &[
            "calendar",
            "due",
            "--received",
            "not a date",
            "--working-days",
            "1",
        ],
    );
    assert!(!out.status.success());
    assert!(!text(&out.stderr).is_empty());
}
