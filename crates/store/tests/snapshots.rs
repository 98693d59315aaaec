//! A dossier's state is stored as a snapshot every few events (and when it closes); reading it
//! applies the events after the snapshot. On both stores: what is read is always the fold of
//! the whole event log, and the snapshot is never further behind than the policy allows.

mod common;

use common::driver::{self, vn, World};
use motcua_domain::dossier::*;
use motcua_store::{dossiers, Db};

motcua_store::on_both_stores!(
    reads_fold_the_log_from_the_last_snapshot,
    a_change_written_elsewhere_is_not_overwritten,
);

/// Events a snapshot may lag behind: fewer than `SNAPSHOT_EVERY` (8), plus one command's worth.
const MAX_LAG: i64 = 8 + 2;

async fn snapshot_version(db: &Db, code: &str) -> i64 {
    let sql = "SELECT s.version FROM dossier_snapshots s JOIN dossiers d ON d.id = s.dossier_id
               WHERE d.code = $1";
    match db {
        Db::Sqlite(s) => sqlx::query_scalar(sql).bind(code).fetch_one(&s.read).await,
        Db::Postgres(p) => sqlx::query_scalar(sql).bind(code).fetch_one(p).await,
    }
    .expect("snapshot row")
}

/// Reads `code` and checks it against its whole log and its snapshot; returns it.
async fn check(db: &Db, code: &str) -> Dossier {
    let read = dossiers::load(db, code)
        .await
        .expect("load")
        .expect("exists");
    let log = dossiers::events(db, code).await.expect("events");
    let folded = replay(&log).expect("a log");
    assert_eq!(read.dossier, folded, "{code}: read state = fold of the log");
    assert_eq!(read.dossier.version, log.len() as i64);
    let at = snapshot_version(db, code).await;
    let lag = read.dossier.version - at;
    assert!(
        (0..MAX_LAG).contains(&lag),
        "{code}: snapshot at {at}, state at v{}",
        read.dossier.version
    );
    read.dossier
}

async fn reads_fold_the_log_from_the_last_snapshot(db: Db, _url: String) {
    let w = World::with_procedures(&db).await;
    let at = vn(3, 4, 9, 0);
    let code = w.desk("1.000001", at).await;
    let created = check(&db, &code).await;
    assert_eq!(
        snapshot_version(&db, &code).await,
        created.version,
        "stored at creation"
    );

    // A supplement round trip, then the whole internal procedure: past the first boundary.
    let next = w
        .act(
            &code,
            Command::RequestSupplement {
                missing: vec!["Bản sao giấy phép".into()],
                reason: "Thiếu bản sao".into(),
            },
            vn(3, 4, 10, 0),
        )
        .await;
    assert_eq!(
        check(&db, &code).await,
        next,
        "the state just written is the state read"
    );
    w.act(
        &code,
        Command::Supplement {
            files: vec![],
            note: None,
        },
        vn(3, 5, 9, 0),
    )
    .await;
    check(&db, &code).await;
    let ready = w.finish(&code, vn(3, 6, 9, 0), true).await;
    assert!(
        ready.version >= 8,
        "long enough to pass a boundary: v{}",
        ready.version
    );
    assert!(
        snapshot_version(&db, &code).await >= 8,
        "a snapshot past the boundary"
    );
    assert_eq!(check(&db, &code).await, ready);
    // The write path reads the same state when it has not kept it.
    dossiers::forget(&db, &code);
    let for_update = dossiers::load_for_update(&db, &code)
        .await
        .expect("load for update")
        .expect("exists");
    assert_eq!(for_update.dossier, ready, "read for an update = read");

    // Closing stores the final state whole: reading a closed dossier replays nothing.
    w.return_result(&code, ReturnChannel::Desk, vn(3, 6, 10, 0))
        .await;
    let closed = check(&db, &code).await;
    assert!(closed.closed_at.is_some());
    assert_eq!(snapshot_version(&db, &code).await, closed.version);
}

/// What this process kept of a dossier it wrote (its state) cannot hide a change that
/// another process wrote since: the next change from the kept version is refused.
async fn a_change_written_elsewhere_is_not_overwritten(db: Db, url: String) {
    let w = World::with_procedures(&db).await;
    let code = w.desk("1.000001", vn(3, 4, 9, 0)).await;
    let kept = w
        .act(
            &code,
            Command::Forward {
                note: None,
                to_user: None,
            },
            vn(3, 4, 10, 0),
        )
        .await;
    let stored = dossiers::load_for_update(&db, &code)
        .await
        .expect("load")
        .expect("exists");
    assert_eq!(stored.dossier, kept);

    // Another process (its own connections) claims it.
    let other = World {
        db: Db::connect(&url).await.expect("second connection"),
        procs: w.procs.clone(),
    };
    let moved = other.act(&code, Command::Claim, vn(3, 4, 11, 0)).await;
    assert_eq!(moved.version, kept.version + 1);

    // This process, from what it kept, tries a change of the version it wrote.
    let mut next = kept.clone();
    next.version += 1;
    let (id, p) = w
        .procs
        .values()
        .find(|(id, _)| *id == next.procedure_version_id)
        .expect("procedure");
    let basis = driver::basis(*id, p);
    let refused = dossiers::append(
        &db,
        (stored.id, &code),
        kept.version,
        &next,
        &[],
        &[],
        &basis,
    )
    .await;
    match refused {
        Err(dossiers::WriteError::Conflict { current_version }) => {
            assert_eq!(current_version, moved.version)
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(
        check(&db, &code).await,
        moved,
        "the other process's change stands"
    );
}
