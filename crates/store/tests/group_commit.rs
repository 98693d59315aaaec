//! The SQLite writer's synchronous jobs (`Writer::run_sync`): a batch commits together, a job
//! that refuses before writing leaves its batch alone, one that fails after writing takes its
//! batch down, and nothing is answered before it is committed.

use motcua_store::testing::TestDb;
use motcua_store::{Db, StoreError};

fn writer(db: &Db) -> &motcua_store::group_commit::Writer {
    match db {
        Db::Sqlite(s) => &s.writer,
        Db::Postgres(_) => panic!("SQLite only"),
    }
}

fn put(key: &'static str) -> impl FnOnce(&rusqlite::Connection) -> Result<(), StoreError> {
    move |conn| {
        conn.execute(
            "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?1, '1', 'now', 't')",
            [key],
        )?;
        Ok(())
    }
}

async fn keys(db: &Db) -> Vec<String> {
    match db {
        Db::Sqlite(s) => sqlx::query_scalar("SELECT key FROM settings ORDER BY key")
            .fetch_all(&s.read)
            .await
            .expect("read"),
        Db::Postgres(_) => unreachable!(),
    }
}

#[tokio::test]
async fn a_refusal_before_writing_spares_its_batch() {
    let t = TestDb::sqlite().await.expect("db");
    let w = writer(&t.db);
    // Both are queued before the runner takes the batch (one thread: it runs after both).
    let (a, b, c) = tokio::join!(
        w.run_sync(put("a")),
        w.run_sync(|_conn| Err::<(), _>(StoreError::NotFound("refused".into()))),
        w.run_sync(put("c")),
    );
    assert!(a.is_ok() && c.is_ok(), "{a:?} {c:?}");
    assert!(matches!(b, Err(StoreError::NotFound(_))), "{b:?}");
    // Answered only once committed: another connection sees both rows.
    assert_eq!(keys(&t.db).await, ["a", "c"]);
    t.cleanup().await;
}

#[tokio::test]
async fn a_failure_after_writing_rolls_its_batch_back() {
    let t = TestDb::sqlite().await.expect("db");
    let w = writer(&t.db);
    let half = |conn: &rusqlite::Connection| -> Result<(), StoreError> {
        put("half")(conn)?;
        Err(StoreError::Corrupt("failed half way".into()))
    };
    let (a, b) = tokio::join!(w.run_sync(put("a")), w.run_sync(half));
    assert!(
        a.is_err(),
        "the batch's other write is not acknowledged: {a:?}"
    );
    assert!(matches!(b, Err(StoreError::Corrupt(_))), "{b:?}");
    assert!(keys(&t.db).await.is_empty());
    // The writer goes on with the next batch.
    w.run_sync(put("next")).await.expect("next batch");
    assert_eq!(keys(&t.db).await, ["next"]);
    t.cleanup().await;
}

#[tokio::test]
async fn a_panicking_job_is_an_error_not_a_half_write() {
    let t = TestDb::sqlite().await.expect("db");
    let w = writer(&t.db);
    let out = w
        .run_sync(|conn| -> Result<(), StoreError> {
            put("p")(conn)?;
            panic!("bug")
        })
        .await;
    assert!(out.is_err());
    assert!(keys(&t.db).await.is_empty());
    w.run_sync(put("after")).await.expect("writer still works");
    assert_eq!(keys(&t.db).await, ["after"]);
    t.cleanup().await;
}

#[tokio::test]
async fn sqlx_writes_and_sync_jobs_share_the_writer() {
    let t = TestDb::sqlite().await.expect("db");
    let w = writer(&t.db);
    let sqlx_write = async {
        motcua_store::in_tx!(&t.db, tx => {
            sqlx::query("INSERT INTO settings (key, value, updated_at, updated_by) VALUES ('s', '1', 'now', 't')")
                .execute(&mut *tx).await?;
            Ok::<_, StoreError>(())
        })
    };
    let (a, b) = tokio::join!(sqlx_write, w.run_sync(put("r")));
    a.expect("sqlx write");
    b.expect("sync write");
    assert_eq!(keys(&t.db).await, ["r", "s"]);
    t.cleanup().await;
}
