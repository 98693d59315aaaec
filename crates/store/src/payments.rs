//! The payments taken (the `payment_recorded` events, each with its receipt) for the payment
//! report. Plain reads: the report's period and sums are counted by the caller
//! (`motcua_domain::reports::payments`) on the events' own instants.

use motcua_domain::dossier::Event;

use crate::{on_read, Db, StoreError};

/// One payment event with the dossier it belongs to.
#[derive(Debug, Clone)]
pub struct PaymentEvent {
    pub dossier_code: String,
    pub agency_code: String,
    pub procedure_code: String,
    pub event: Event,
}

/// Every payment event, of one agency's dossiers when `agency` is given, oldest first. The
/// partial index `dossier_events_payments` (migration 0024) keeps this off the event log's bulk.
pub async fn payment_events(
    db: &Db,
    agency: Option<&str>,
) -> Result<Vec<PaymentEvent>, StoreError> {
    let base = "SELECT d.code, d.agency_code, d.procedure_code, e.data FROM dossier_events e
         JOIN dossiers d ON d.id = e.dossier_id
         WHERE e.kind = 'payment_recorded'";
    let rows: Vec<(String, String, String, String)> = match agency {
        Some(a) => on_read!(db, pool => sqlx::query_as(
            &format!("{base} AND d.agency_code = $1 ORDER BY e.id")
        ).bind(a).fetch_all(pool).await?),
        None => on_read!(db, pool => sqlx::query_as(
            &format!("{base} ORDER BY e.id")
        ).fetch_all(pool).await?),
    };
    rows.into_iter()
        .map(|(dossier_code, agency_code, procedure_code, data)| {
            let event = serde_json::from_str(&data)
                .map_err(|e| StoreError::Corrupt(format!("payment event: {e}")))?;
            Ok(PaymentEvent {
                dossier_code,
                agency_code,
                procedure_code,
                event,
            })
        })
        .collect()
}
