//! `motcua serve`: open (and migrate) the database, load demo data when asked, serve HTTP
//! until Ctrl-C / SIGTERM, then drain requests and close the database cleanly.

use std::time::Instant;

use anyhow::Context;
use motcua_web::AppState;

use crate::config::Settings;
use crate::{demo, open_db};

/// Two years of generated dossiers, written in the background while the demo already serves,
/// so the inboxes, reports and dashboard have something to show. `MOTCUA_DEMO_DOSSIERS`
/// changes how many (0: none).
async fn spawn_demo_history(settings: &Settings, db: &motcua_store::Db) -> anyhow::Result<()> {
    let dossiers = std::env::var("MOTCUA_DEMO_DOSSIERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    if dossiers == 0 {
        return Ok(());
    }
    let cal = std::sync::Arc::new(crate::overrides::calendar(settings).await?);
    let db = db.clone();
    tokio::spawn(async move {
        let args = crate::history::DemoArgs {
            dossiers,
            years: 2,
            seed: 766,
            concurrency: 4,
            quiet: true,
        };
        if let Err(e) = crate::history::run(args, &db, cal).await {
            tracing::warn!(error = %e, "demo history not generated");
        }
    });
    Ok(())
}

pub async fn run(settings: Settings) -> anyhow::Result<()> {
    let started = Instant::now();
    let db = open_db(&settings).await?;
    let mut app = motcua_app::App::open(db.clone(), settings.data_dir.join("files")).await?;
    app.session_policy = settings.session_policy()?;
    if settings.demo {
        match demo::load_if_empty(&app).await? {
            Some(loaded) => {
                tracing::info!(
                    procedures = loaded.procedures,
                    users = loaded.users,
                    "demo data loaded"
                );
                spawn_demo_history(&settings, &db).await?;
            }
            None => tracing::info!("database not empty: demo data not loaded"),
        }
    }
    // A bad SMTP URL or sender address stops the start here, not at the first e-mail.
    let worker = motcua_notify::Worker::new(db.clone(), settings.notify())
        .context("cấu hình gửi thông báo / notification settings")?;
    // Signal handlers are registered before we announce readiness, so a supervisor's SIGTERM
    // right after start-up still shuts down cleanly. The one signal is broadcast so that the
    // server and the outbox worker both stop.
    let signal = shutdown_signal()?;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let stop_tx = std::sync::Arc::new(stop_tx);
    tokio::spawn({
        let stop_tx = stop_tx.clone();
        async move {
            signal.await;
            stop_tx.send_replace(true);
        }
    });
    let listener = tokio::net::TcpListener::bind(&settings.addr)
        .await
        .with_context(|| {
            format!(
                "không mở được cổng {0} / cannot listen on {0}",
                settings.addr
            )
        })?;
    let local = listener.local_addr()?;
    app.delivery = settings.delivery(local);
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
        println!("  quản trị phải bật xác thực hai lớp (ứng dụng TOTP) ở lần đăng nhập đầu /");
        println!("  the administrator enrols an authenticator app (TOTP) at the first sign-in");
    }
    tracing::info!(addr = %local, ready_ms = started.elapsed().as_millis() as u64, "ready");
    spawn_anchoring(app.clone(), stop_rx.clone());
    let app_for_sweep = app.clone();
    let state = AppState::new(app)?.with_security(settings.security()?);
    let worker = tokio::spawn(worker.run(stopped(stop_rx.clone())));
    let sweeper = tokio::spawn(sweep_uploads(app_for_sweep, stopped(stop_rx.clone())));
    let served = motcua_web::serve(listener, state, stopped(stop_rx)).await;
    // Also when the server failed: the worker must not outlive it.
    stop_tx.send_replace(true);
    if let Err(e) = worker.await {
        tracing::warn!(error = %e, "outbox worker ended abnormally");
    }
    sweeper.abort();
    served?;
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Takes the anchor of the day that ended (checked hourly: the first check of a day anchors
/// the one before it, covering all of it; a day that has one is left alone, so any number of
/// nodes may run this).
fn spawn_anchoring(app: motcua_app::App, stop: tokio::sync::watch::Receiver<bool>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let stop = stopped(stop);
        tokio::pin!(stop);
        loop {
            tokio::select! {
                _ = &mut stop => break,
                _ = tick.tick() => {}
            }
            match app.take_closing_anchor(chrono::Utc::now()).await {
                Ok(a) => tracing::debug!(day = ?a.map(|a| a.day), "record anchored"),
                Err(e) => tracing::warn!(error = %e, "record anchor not taken"),
            }
        }
    });
}

/// Every hour (the first pass a minute after start): removes uploads that nothing referenced
/// within their retention period (`App::sweep_uploads`), until `stop` resolves.
async fn sweep_uploads(app: motcua_app::App, stop: impl std::future::Future<Output = ()>) {
    let every = std::time::Duration::from_secs(3600);
    let mut tick = tokio::time::interval_at(
        tokio::time::Instant::now() + std::time::Duration::from_secs(60),
        every,
    );
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tokio::pin!(stop);
    loop {
        tokio::select! {
            () = &mut stop => return,
            _ = tick.tick() => {}
        }
        let now = chrono::Utc::now();
        match app
            .sweep_uploads(now, motcua_app::files::UPLOAD_RETENTION)
            .await
        {
            Ok(s) if s.removed + s.kept > 0 => {
                tracing::info!(
                    removed = s.removed,
                    kept = s.kept,
                    "unattached uploads swept"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "upload sweep failed"),
        }
    }
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

/// Completes once `true` is broadcast on `rx` (or its sender is gone).
async fn stopped(mut rx: tokio::sync::watch::Receiver<bool>) {
    let _ = rx.wait_for(|stop| *stop).await;
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
