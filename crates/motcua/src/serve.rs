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
    // Signal handlers are registered before we announce readiness, so a supervisor's SIGTERM
    // right after start-up still shuts down cleanly.
    let shutdown = shutdown_signal()?;
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
    let state = AppState::load(db.clone()).await?;
    motcua_web::serve(listener, state, shutdown).await?;
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

fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    Ok(async move {
        #[cfg(unix)]
        let term = term.recv();
        #[cfg(not(unix))]
        let term = std::future::pending::<Option<()>>();
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {},
            _ = term => {},
        }
    })
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
