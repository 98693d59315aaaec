//! Settings changed by an administrator (`settings` table) reach a running worker at its next
//! pass: no restart. A local HTTP server stands in for the national portal.

use std::sync::{Arc, Mutex};

use axum::http::HeaderMap;
use chrono::{Duration, Utc};
use motcua_notify::{NotifyConfig, Pass, Worker};
use motcua_store::outbox::{self, NewMessage};
use motcua_store::settings::{self, PortalSetting};
use motcua_store::Db;

motcua_store::on_both_stores!(worker_takes_a_new_portal_endpoint_without_restart);

type Seen = Arc<Mutex<Vec<(Option<String>, String)>>>;

async fn portal() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let app = axum::Router::new().route(
        "/sync",
        axum::routing::post({
            let seen = seen.clone();
            move |headers: HeaderMap, body: String| async move {
                let auth = headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                seen.lock().expect("lock").push((auth, body));
                "{\"ok\":true}"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/sync"), seen)
}

fn record(code: &str) -> NewMessage {
    NewMessage {
        channel: "national_portal".into(),
        dossier_code: Some(code.into()),
        recipient: None,
        subject: None,
        body: format!("{{\"MaHoSo\":\"{code}\"}}"),
    }
}

async fn worker_takes_a_new_portal_endpoint_without_restart(db: Db, _: String) {
    let (endpoint, seen) = portal().await;
    outbox::push(&db, &[record("H56-261130-0001")])
        .await
        .expect("push");
    // Started from a configuration file with no portal: the record waits.
    let worker = Worker::new(db.clone(), NotifyConfig::default()).expect("worker");
    let t = Utc::now() + Duration::seconds(5);
    assert_eq!(worker.run_once(t).await.expect("pass"), Pass::default());

    // An administrator sets the endpoint: the next pass sends the backlog, with the token.
    let on = PortalSetting {
        url: endpoint.clone(),
        enabled: true,
        token: Some("moi-token".into()),
    };
    settings::set(&db, settings::PORTAL, &on, "quantri")
        .await
        .expect("set");
    let p = worker.run_once(t).await.expect("pass");
    assert_eq!((p.claimed, p.delivered), (1, 1));
    {
        let seen = seen.lock().expect("lock");
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].0.as_deref(), Some("Bearer moi-token"));
    }

    // Switched off again: new records wait, unclaimed.
    let off = PortalSetting {
        enabled: false,
        ..on
    };
    settings::set(&db, settings::PORTAL, &off, "quantri")
        .await
        .expect("set");
    outbox::push(&db, &[record("H56-261130-0002")])
        .await
        .expect("push");
    let t = Utc::now() + Duration::seconds(5);
    assert_eq!(worker.run_once(t).await.expect("pass"), Pass::default());
    assert_eq!(seen.lock().expect("lock").len(), 1);
}
