//! What a database's schema holds, for the parity test between the two migration trees.

use std::collections::{BTreeMap, BTreeSet};

use crate::{Db, Result};

/// Tables with their column names, and explicitly created index names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaShape {
    pub tables: BTreeMap<String, BTreeSet<String>>,
    pub indexes: BTreeSet<String>,
}

pub async fn describe(db: &Db) -> Result<SchemaShape> {
    let (columns, indexes): (Vec<(String, String)>, Vec<String>) = match db {
        Db::Sqlite(s) => (
            sqlx::query_as(
                "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'",
            )
            .fetch_all(&s.read)
            .await?,
            sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
            )
            .fetch_all(&s.read)
            .await?,
        ),
        Db::Postgres(p) => (
            sqlx::query_as(
                "SELECT table_name::text, column_name::text FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%'",
            )
            .fetch_all(p)
            .await?,
            // Indexes made by PRIMARY KEY / UNIQUE constraints are implicit on SQLite too.
            sqlx::query_scalar(
                "SELECT indexname::text FROM pg_indexes i WHERE schemaname = current_schema()
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            )
            .fetch_all(p)
            .await?,
        ),
    };
    let mut tables: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (t, c) in columns {
        tables.entry(t).or_default().insert(c);
    }
    Ok(SchemaShape {
        tables,
        indexes: indexes.into_iter().collect(),
    })
}
