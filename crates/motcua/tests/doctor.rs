//! `motcua doctor` and `motcua anchor` from the outside, on SQLite always and on PostgreSQL
//! when `MOTCUA_TEST_POSTGRES_URL` is set: a healthy installation passes; an event altered with
//! raw SQL is named (dossier, event number, hashes) and the exit status is non-zero.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use motcua_store::dossiers::{list, DossierFilter, DossierLine};
use motcua_store::Db;

const BIN: &str = env!("CARGO_BIN_EXE_motcua");

motcua_store::on_both_stores!(doctor_names_an_altered_event);

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

async fn dossiers(db: &Db) -> Vec<DossierLine> {
    let f = DossierFilter {
        limit: 1000,
        ..DossierFilter::default()
    };
    list(db, &f).await.map(|(_, l)| l).unwrap_or_default()
}

async fn count(db: &Db) -> i64 {
    dossiers(db).await.len() as i64
}

async fn doctor_names_an_altered_event(db: Db, url: String) {
    let dir = tempfile::tempdir().expect("dir");
    // The demo with a small generated history: dossiers with real event logs.
    let mut server = Command::new(BIN)
        .args([
            "serve",
            "--demo",
            "--addr",
            "127.0.0.1:0",
            "--database-url",
            &url,
        ])
        .arg("--data-dir")
        .arg(dir.path())
        .env("MOTCUA_DEMO_DOSSIERS", "30")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    let start = Instant::now();
    while count(&db).await < 30 && start.elapsed() < Duration::from_secs(120) {
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    // Let the generator finish its last writes, then stop the server.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let _ = server.kill();
    let _ = server.wait();
    assert!(count(&db).await >= 30, "demo history written");

    let healthy = motcua(dir.path(), &url, &["doctor", "--quiet", "--anchor"]);
    let out = text(&healthy.stdout);
    assert!(healthy.status.success(), "{out}{}", text(&healthy.stderr));
    assert!(out.contains("event chains intact"), "{out}");
    assert!(
        out.contains("[ok]    mốc neo hôm nay / today's anchor"),
        "{out}"
    );
    let listed = motcua(dir.path(), &url, &["anchor", "--list"]);
    assert!(listed.status.success());
    let root_line = text(&listed.stdout);
    let root = root_line
        .lines()
        .nth(1)
        .and_then(|l| l.split_whitespace().nth(1))
        .expect("an anchor line")
        .to_owned();
    assert_eq!(root.len(), 64, "{root_line}");

    // Event 2 of the first dossier changed behind the application's back.
    let code = dossiers(&db)
        .await
        .into_iter()
        .find(|d| d.version >= 2)
        .expect("a dossier with two events")
        .code;
    let n = motcua_store::testing::execute(
        &db,
        "UPDATE dossier_events SET data = REPLACE(data, '\"at\"', '\"at\" ')
         WHERE seq = 2 AND dossier_id = (SELECT id FROM dossiers WHERE code = $1)",
        &code,
    )
    .await
    .expect("alter");
    assert_eq!(n, 1);
    let broken = motcua(dir.path(), &url, &["doctor", "--quiet"]);
    let out = text(&broken.stdout);
    assert!(!broken.status.success(), "{out}");
    assert!(
        out.contains(&format!("sự kiện 2 của hồ sơ {code} đã bị sửa: hash ")),
        "{out}"
    );
    assert!(
        out.contains(&format!("dossier {code}: event 2 changed: hash ")),
        "{out}"
    );
    eprintln!("{out}");
}
