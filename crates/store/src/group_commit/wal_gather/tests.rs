//! The gathering VFS against a plain connection reading the same database: every commit is
//! visible at once, a copy of the files taken at any moment recovers exactly the committed
//! transactions, and the log was written with far fewer calls than SQLite asked for.

use std::path::Path;

use rusqlite::{params, Connection, OpenFlags};

use super::{register, COUNTS};
use crate::reports::bench::Lcg;

fn writer(path: &Path, cache_pages: i64) -> Connection {
    let name = register().expect("register");
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let c = Connection::open_with_flags_and_vfs(path, flags, name).expect("open");
    c.pragma_update(None, "journal_mode", "wal").expect("wal");
    c.pragma_update(None, "synchronous", "normal")
        .expect("sync");
    // A tiny cache spills dirty pages into the log mid-transaction, so frames of an open
    // transaction get rewritten in place and rolled back too.
    c.pragma_update(None, "cache_size", cache_pages)
        .expect("cache");
    c.pragma_update(None, "wal_autocheckpoint", 0)
        .expect("no checkpoints");
    c.execute_batch(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, k INTEGER, v BLOB); CREATE INDEX t_k ON t(k);",
    )
    .expect("schema");
    c
}

/// (rows, total bytes, sum of k) as `c` sees them.
fn seen(c: &Connection) -> (i64, i64, i64) {
    c.query_row(
        "SELECT count(*), coalesce(sum(length(v)), 0), coalesce(sum(k), 0) FROM t",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .expect("read")
}

/// Runs transaction `i` of a mixed workload (inserts, updates, deletes; some rolled back).
fn transaction(c: &Connection, rng: &mut Lcg, i: i64) -> bool {
    c.execute_batch("BEGIN IMMEDIATE").expect("begin");
    for _ in 0..1 + rng.below(40) {
        let v = vec![(i % 251) as u8; 100 + rng.below(3000) as usize];
        c.execute(
            "INSERT INTO t (k, v) VALUES (?1, ?2)",
            params![rng.below(1000) as i64, v],
        )
        .expect("insert");
    }
    c.execute("UPDATE t SET k = k + 1 WHERE id % 7 = ?1", [i % 7])
        .expect("update");
    c.execute("DELETE FROM t WHERE id % 97 = ?1", [i % 97])
        .expect("delete");
    let commit = rng.below(5) != 0;
    c.execute_batch(if commit { "COMMIT" } else { "ROLLBACK" })
        .expect("end");
    commit
}

/// Runs the workload; returns how many writes SQLite asked and this VFS made.
fn run_workload(cache_pages: i64) -> (u64, u64) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("g.db");
    let w = writer(&path, cache_pages);
    let r = Connection::open(&path).expect("reader");
    let mut rng = Lcg(7);
    let before = COUNTS.with(|c| c.get());
    for i in 0..300 {
        let committed = transaction(&w, &mut rng, i);
        // The reader (default VFS, its own file handles) sees exactly what the writer does.
        assert_eq!(
            seen(&r),
            seen(&w),
            "after transaction {i} (committed: {committed})"
        );
    }
    let after = COUNTS.with(|c| c.get());
    let check: String = r
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("check");
    assert_eq!(check, "ok");
    (after.0 - before.0, after.1 - before.1)
}

#[test]
fn every_commit_is_visible_and_whole_and_the_log_is_written_in_few_calls() {
    let (asked, made) = run_workload(2000);
    assert!(
        asked > 10_000,
        "the workload wrote the log ({asked} writes)"
    );
    assert!(made * 10 < asked, "{made} writes made for {asked} asked");
}

#[test]
fn frames_spilled_and_rewritten_mid_transaction_stay_correct() {
    // Most of these writes go straight through (rewrites in place); what counts is the reader.
    let (asked, _) = run_workload(16);
    assert!(
        asked > 10_000,
        "the workload wrote the log ({asked} writes)"
    );
}

#[test]
fn a_copy_taken_at_any_moment_recovers_the_committed_transactions() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("g.db");
    let w = writer(&path, 16);
    // What was committed, as another connection sees it (a read on the writer could make it
    // write out what it gathered, hiding a commit left half in memory).
    let r = Connection::open(&path).expect("reader");
    let mut rng = Lcg(11);
    for i in 0..60 {
        transaction(&w, &mut rng, i);
        let committed = seen(&r);
        assert_eq!(copy_of(&path), committed, "copy after transaction {i}");
        // An open transaction with spilled, gathered and rewritten frames in the log.
        w.execute_batch("BEGIN IMMEDIATE").expect("begin");
        for _ in 0..rng.below(60) {
            w.execute("INSERT INTO t (k, v) VALUES (1, zeroblob(2000))", [])
                .expect("insert");
        }
        assert_eq!(
            copy_of(&path),
            committed,
            "copy during transaction {}",
            i + 1
        );
        w.execute_batch("ROLLBACK").expect("rollback");
    }
}

/// As after a crash: the database and its log as the OS has them now, copied and opened with
/// the default VFS (which recovers the log, checking every frame's checksum).
/// Returns what the copy holds.
fn copy_of(path: &Path) -> (i64, i64, i64) {
    let copy = tempfile::tempdir().expect("copy");
    for suffix in ["", "-wal"] {
        let from = format!("{}{suffix}", path.display());
        let to = format!("{}{suffix}", copy.path().join("g.db").display());
        std::fs::copy(from, to).expect("copy");
    }
    seen(&Connection::open(copy.path().join("g.db")).expect("open copy"))
}
