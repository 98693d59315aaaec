//! The tamper-evident record on both stores: appends chain their events; an event altered,
//! re-hashed or removed with raw SQL is found and named; the day's anchor holds until the
//! record before it changes; the wrong-attempt limit survives a reconnect (a restart); an
//! idempotency key answers only its sender.

mod common;

use common::driver::{vn, World};
use motcua_domain::dossier::*;
use motcua_domain::record::{event_hash, Break, GENESIS};
use motcua_store::dossiers::{self, Idempotency, WriteError};
use motcua_store::record::{self, ChainState};
use motcua_store::{throttle, Db};

motcua_store::on_both_stores!(
    an_altered_event_is_named_and_the_anchor_catches_a_rewritten_chain,
    a_removed_last_event_breaks_the_head,
    the_wrong_attempt_limit_survives_a_restart,
    an_idempotency_key_answers_only_its_sender,
);

async fn exec(db: &Db, sql: &str, code: &str) {
    match db {
        Db::Sqlite(s) => sqlx::query(sql).bind(code).execute(&s.read).await.map(drop),
        Db::Postgres(p) => sqlx::query(sql).bind(code).execute(p).await.map(drop),
    }
    .expect(sql);
}

async fn state(db: &Db, code: &str) -> ChainState {
    record::verify_dossier(db, code)
        .await
        .expect("verify")
        .expect("exists")
        .0
}

/// A dossier with a long history, and a short one beside it.
async fn history(db: &Db) -> (String, String) {
    let w = World::with_procedures(db).await;
    let code = w.desk("1.000001", vn(3, 4, 9, 0)).await;
    w.finish(&code, vn(3, 6, 9, 0), true).await;
    let other = w.online("1.000001", vn(3, 4, 10, 0)).await;
    (code, other)
}

async fn an_altered_event_is_named_and_the_anchor_catches_a_rewritten_chain(db: Db, _: String) {
    let (code, other) = history(&db).await;
    let d = dossiers::load(&db, &code).await.unwrap().unwrap().dossier;
    assert!(d.version >= 5, "a long history: v{}", d.version);
    assert!(
        matches!(state(&db, &code).await, ChainState::Verified { events, .. } if events == d.version)
    );
    let report = record::verify_all(&db, |_| {}).await.expect("verify all");
    assert_eq!(report.dossiers, 2);
    assert!(report.broken.is_empty(), "{:?}", report.broken);

    let anchor = record::take_anchor(&db, vn(3, 7, 0, 0).date_naive(), vn(3, 7, 0, 0))
        .await
        .expect("anchor");
    assert_eq!(anchor.dossiers, 2);
    let again = record::take_anchor(&db, anchor.day, vn(3, 7, 1, 0))
        .await
        .unwrap();
    assert_eq!(again, anchor, "one anchor a day");
    assert_eq!(
        record::recompute_root(&db, &anchor).await.unwrap(),
        (anchor.root, 2)
    );
    // Appends after the anchor do not disturb it.
    let w = World::with_procedures(&db).await;
    w.act(&other, Command::Receive { note: None }, vn(3, 8, 9, 0))
        .await;
    assert_eq!(
        record::recompute_root(&db, &anchor).await.unwrap().0,
        anchor.root
    );

    // Event 3 changed in place: named, with the hashes.
    let edit = "UPDATE dossier_events SET data = REPLACE(data, '\"at\"', '\"at\" ')
                WHERE seq = 3 AND dossier_id = (SELECT id FROM dossiers WHERE code = $1)";
    exec(&db, edit, &code).await;
    let ChainState::Broken(b) = state(&db, &code).await else {
        panic!("an altered event must break the chain")
    };
    assert!(matches!(b, Break::Changed { seq: 3, .. }), "{b:?}");
    assert!(b.to_string().starts_with("event 3 changed: hash "), "{b}");
    assert!(b
        .describe_vi(&code)
        .contains(&format!("sự kiện 3 của hồ sơ {code}")));
    let report = record::verify_all(&db, |_| {}).await.unwrap();
    assert_eq!(report.broken.len(), 1);
    assert_eq!(report.broken[0].0, code);

    // The forger re-hashes the whole chain from the altered event on: it verifies again,
    // but the anchor taken before no longer holds.
    let rows: Vec<(i64, i64, String)> = match &db {
        Db::Sqlite(s) => sqlx::query_as("SELECT e.id, e.seq, e.data FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = $1 ORDER BY e.seq").bind(&code).fetch_all(&s.read).await,
        Db::Postgres(p) => sqlx::query_as("SELECT e.id, e.seq, e.data FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = $1 ORDER BY e.seq").bind(&code).fetch_all(p).await,
    }
    .unwrap();
    let mut prev = GENESIS;
    for (id, seq, data) in rows {
        let h = event_hash(&prev, &code, seq, &data);
        let sql = "UPDATE dossier_events SET hash = $1 WHERE id = $2";
        match &db {
            Db::Sqlite(s) => sqlx::query(sql)
                .bind(h.as_slice())
                .bind(id)
                .execute(&s.read)
                .await
                .map(drop),
            Db::Postgres(p) => sqlx::query(sql)
                .bind(h.as_slice())
                .bind(id)
                .execute(p)
                .await
                .map(drop),
        }
        .unwrap();
        if seq > 1 {
            let sql = "UPDATE dossier_events SET prev_hash = $1 WHERE id = $2";
            match &db {
                Db::Sqlite(s) => sqlx::query(sql)
                    .bind(prev.as_slice())
                    .bind(id)
                    .execute(&s.read)
                    .await
                    .map(drop),
                Db::Postgres(p) => sqlx::query(sql)
                    .bind(prev.as_slice())
                    .bind(id)
                    .execute(p)
                    .await
                    .map(drop),
            }
            .unwrap();
        }
        prev = h;
    }
    let sql = "UPDATE dossiers SET chain_head = $1 WHERE code = $2";
    match &db {
        Db::Sqlite(s) => sqlx::query(sql)
            .bind(prev.as_slice())
            .bind(&code)
            .execute(&s.read)
            .await
            .map(drop),
        Db::Postgres(p) => sqlx::query(sql)
            .bind(prev.as_slice())
            .bind(&code)
            .execute(p)
            .await
            .map(drop),
    }
    .unwrap();
    assert!(matches!(
        state(&db, &code).await,
        ChainState::Verified { .. }
    ));
    assert_ne!(
        record::recompute_root(&db, &anchor).await.unwrap().0,
        anchor.root,
        "the anchor catches a rewritten chain"
    );
}

async fn a_removed_last_event_breaks_the_head(db: Db, _: String) {
    let (code, _) = history(&db).await;
    let del = "DELETE FROM dossier_events WHERE dossier_id = (SELECT id FROM dossiers WHERE code = $1)
               AND seq = (SELECT MAX(seq) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = $1)";
    exec(&db, del, &code).await;
    assert!(matches!(
        state(&db, &code).await,
        ChainState::Broken(Break::Head { .. })
    ));
}

async fn the_wrong_attempt_limit_survives_a_restart(db: Db, url: String) {
    let now = vn(3, 4, 9, 0);
    let hour = chrono::Duration::hours(1);
    for _ in 0..30 {
        throttle::record_failure(&db, "X-1", now, hour)
            .await
            .unwrap();
    }
    assert!(throttle::retry_at(&db, "X-1", now, 10, hour)
        .await
        .unwrap()
        .is_some());
    assert!(throttle::retry_at(&db, "X-2", now, 10, hour)
        .await
        .unwrap()
        .is_none());
    // Another connection (a restart, or a second process) sees the same lock.
    let again = Db::connect(&url).await.expect("reconnect");
    let until = throttle::retry_at(&again, "X-1", now, 10, hour)
        .await
        .unwrap();
    assert_eq!(until, Some(now + hour));
    // The window ends; the next failure starts a new one.
    let later = now + hour + chrono::Duration::seconds(1);
    assert!(throttle::retry_at(&again, "X-1", later, 10, hour)
        .await
        .unwrap()
        .is_none());
    assert_eq!(
        throttle::record_failure(&again, "X-1", later, hour)
            .await
            .unwrap(),
        1
    );
    again.close().await;
}

async fn create_with(db: &Db, w: &World, sender: &str) -> Result<dossiers::Created, WriteError> {
    let (id, p) = w.procs["1.000001"].clone();
    let basis = common::driver::basis(id, &p);
    let at = vn(3, 4, 9, 0);
    dossiers::create(
        db,
        common::AGENCY,
        vn_date(at),
        Some(Idempotency { key: "k-1", sender }),
        basis,
        move |code| {
            let d = Dossier {
                code,
                receiving_agency: common::AGENCY.into(),
                agency_code: common::AGENCY.into(),
                procedure_code: p.code.clone(),
                procedure_version_id: id,
                submitted_at: at,
                ..Dossier::default()
            };
            Ok((d, vec![], vec![]))
        },
    )
    .await
}

async fn an_idempotency_key_answers_only_its_sender(db: Db, _: String) {
    let w = World::with_procedures(&db).await;
    let first = create_with(&db, &w, "body:aaa").await.expect("first");
    let dossiers::Created::New(first) = first else {
        panic!("new")
    };
    match create_with(&db, &w, "body:aaa").await.expect("retry") {
        dossiers::Created::Existing(d) => assert_eq!(d.dossier.code, first.dossier.code),
        other => panic!("a retry gets the same dossier: {other:?}"),
    }
    assert!(matches!(
        create_with(&db, &w, "body:bbb").await,
        Err(WriteError::KeyTaken)
    ));
}
