//! `motcua serve`: open (and migrate) the database, load demo data when asked, serve HTTP
//! until Ctrl-C / SIGTERM, then drain requests and close the database cleanly.

use std::time::Instant;

use anyhow::Context;
use motcua_web::AppState;

use crate::config::Settings;
use crate::{demo, open_db};

pub async fn run(settings: Settings) -> anyhow::Result<()> {
    let started = Instant::now();
    let db = open_db(&settings).await?;
    if settings.demo {
        match demo::load_if_empty(&db).await? {
            Some(loaded) => tracing::info!(
                procedures = loaded.procedures,
                users = loaded.users,
                "demo data loaded"
            ),
            None => tracing::info!("database not empty: demo data not loaded"),
        }
    }
    let listener = tokio::net::TcpListener::bind(&settings.addr)
        .await
        .with_context(|| {
            format!(
                "không mở được cổng {0} / cannot listen on {0}",
                settings.addr
            )
        })?;
    let local = listener.local_addr()?;
    println!("motcua đang chạy tại / listening on http://{local}");
    println!(
        "  cơ sở dữ liệu / database: {}",
        redact(&settings.database_url())
    );
    if settings.demo {
        println!("  tài khoản demo / demo accounts (DEMO ONLY, never in production):");
        for (user, password, roles) in demo::accounts() {
            println!("    {user:<12} {password:<18} {roles}");
        }
    }
    tracing::info!(addr = %local, ready_ms = started.elapsed().as_millis() as u64, "ready");
    let state = AppState::new(db.clone());
    motcua_web::serve(listener, state, shutdown_signal()).await?;
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Hides a password in a database URL.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_passwords() {
        assert_eq!(
            super::redact("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(super::redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(super::redact("sqlite://./x.db"), "sqlite://./x.db");
    }
}
