//! `motcua demo --dossiers N`: the generated history is one the domain could have produced —
//! every dossier's events replay to its stored state — and the report facts kept in step while
//! writing equal the facts rebuilt from scratch. SQLite always, PostgreSQL with
//! `MOTCUA_TEST_POSTGRES_URL`.

use std::process::Command;

use motcua_domain::dossier::replay;
use motcua_domain::Catalog;
use motcua_store::dossiers::{self, DossierFilter};
use motcua_store::{catalog, reports, Db};

const BIN: &str = env!("CARGO_BIN_EXE_motcua");

motcua_store::on_both_stores!(generated_history_is_consistent);

async fn generated_history_is_consistent(db: Db, url: String) {
    let c: Catalog = serde_json::from_str(include_str!("../demo/catalog.json")).unwrap();
    catalog::import_catalog(&db, &c, Some("test"))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args([
            "demo",
            "--dossiers",
            "120",
            "--years",
            "1",
            "--concurrency",
            "4",
        ])
        .arg("--data-dir")
        .arg(dir.path())
        .arg("--database-url")
        .arg(&url)
        .env_remove("MOTCUA_DATABASE_URL")
        .output()
        .expect("run motcua demo");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("created 120 dossiers"));

    let (total, lines) = dossiers::list(
        &db,
        &DossierFilter {
            limit: 1000,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(total, 120);
    let mut statuses = std::collections::BTreeSet::new();
    for line in &lines {
        let stored = dossiers::load(&db, &line.code).await.unwrap().unwrap();
        let events = dossiers::events(&db, &line.code).await.unwrap();
        assert_eq!(
            replay(&events).as_ref(),
            Some(&stored.dossier),
            "{}",
            line.code
        );
        statuses.insert(line.status.clone());
    }
    // A varied history: returned, still open and some other ending at least.
    assert!(statuses.contains("returned"), "{statuses:?}");
    assert!(statuses.len() >= 3, "{statuses:?}");

    let incremental = reports::facts::daily_rows(&db).await.unwrap();
    // On the calendar the CLI counted with: the administrator's, built from what is stored.
    let cal = motcua_app::calendar::build(&db).await.unwrap();
    reports::facts::rebuild_facts(&db, &cal).await.unwrap();
    let rebuilt = reports::facts::daily_rows(&db).await.unwrap();
    assert_eq!(incremental, rebuilt);
}
