//! The portal's drafts and lookup grants, on both stores.

use chrono::{Duration, Utc};
use motcua_store::{portal, Db};

motcua_store::on_both_stores!(drafts_round_trip_and_expire, grants_are_per_token_and_code);

async fn drafts_round_trip_and_expire(db: Db, _url: String) {
    let now = Utc::now();
    let later = now + Duration::hours(2);
    portal::create_draft(&db, "h1", "2.000633", "{\"a\":1}", later)
        .await
        .unwrap();
    let d = portal::draft(&db, "h1", now).await.unwrap().unwrap();
    assert_eq!(d.procedure_code, "2.000633");
    assert_eq!(d.data, "{\"a\":1}");
    assert!(portal::save_draft(&db, "h1", "{\"a\":2}", later)
        .await
        .unwrap());
    assert_eq!(
        portal::draft(&db, "h1", now).await.unwrap().unwrap().data,
        "{\"a\":2}"
    );
    assert!(!portal::save_draft(&db, "nope", "{}", later).await.unwrap());
    assert!(portal::draft(&db, "nope", now).await.unwrap().is_none());
    // Past its expiry a draft is gone for readers, and the purge removes it.
    assert!(portal::draft(&db, "h1", later + Duration::seconds(1))
        .await
        .unwrap()
        .is_none());
    portal::create_draft(&db, "h2", "x", "{}", now + Duration::hours(9))
        .await
        .unwrap();
    assert_eq!(
        portal::purge_expired(&db, later + Duration::seconds(1))
            .await
            .unwrap(),
        1
    );
    assert!(portal::draft(&db, "h2", now).await.unwrap().is_some());
    assert!(portal::delete_draft(&db, "h2").await.unwrap());
    assert!(portal::draft(&db, "h2", now).await.unwrap().is_none());
}

async fn grants_are_per_token_and_code(db: Db, _url: String) {
    let now = Utc::now();
    portal::grant_lookup(&db, "t1", "A-1", now + Duration::minutes(30))
        .await
        .unwrap();
    assert!(portal::lookup_granted(&db, "t1", "A-1", now).await.unwrap());
    assert!(!portal::lookup_granted(&db, "t1", "A-2", now).await.unwrap());
    assert!(!portal::lookup_granted(&db, "t2", "A-1", now).await.unwrap());
    assert!(
        !portal::lookup_granted(&db, "t1", "A-1", now + Duration::hours(1))
            .await
            .unwrap()
    );
    // A repeated grant extends it.
    portal::grant_lookup(&db, "t1", "A-1", now + Duration::hours(2))
        .await
        .unwrap();
    assert!(
        portal::lookup_granted(&db, "t1", "A-1", now + Duration::hours(1))
            .await
            .unwrap()
    );
}
