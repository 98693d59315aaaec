//! The payment report: money taken per procedure in a period, online against at the desk
//! (cash and transfer). A receipt counts on the Vietnam date it was taken; refunds do not
//! exist yet, so a sum only grows.

use serde::Serialize;

use super::Period;
use crate::dossier::{vn_date, Event, EventKind, PaymentMethod};

/// Counts and sums of one procedure (or of all, for the total line).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentRow {
    pub procedure_code: String,
    pub online_count: i64,
    pub online_vnd: i64,
    pub desk_count: i64,
    pub desk_vnd: i64,
    pub total_vnd: i64,
}

impl PaymentRow {
    fn add(&mut self, method: PaymentMethod, amount: i64) {
        match method {
            PaymentMethod::Online => {
                self.online_count += 1;
                self.online_vnd += amount;
            }
            PaymentMethod::Cash | PaymentMethod::Transfer => {
                self.desk_count += 1;
                self.desk_vnd += amount;
            }
        }
        self.total_vnd += amount;
    }
}

/// The report: one row per procedure with money taken in the period (by code), and the total.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentReport {
    pub rows: Vec<PaymentRow>,
    pub total: PaymentRow,
}

/// Sums `(procedure code, payment event)` pairs whose event falls in `period`. An event from a
/// log older than receipts counts once with no amount (its amount was not recorded).
pub fn payment_report<'a>(
    period: &Period,
    events: impl IntoIterator<Item = (&'a str, &'a Event)>,
) -> PaymentReport {
    let mut rows: std::collections::BTreeMap<&str, PaymentRow> = Default::default();
    let mut total = PaymentRow::default();
    for (procedure, e) in events {
        let EventKind::PaymentRecorded { method, receipt } = &e.kind else {
            continue;
        };
        let day = vn_date(e.at);
        if day < period.from || day > period.to {
            continue;
        }
        let amount = receipt.as_ref().map_or(0, |r| r.amount_vnd);
        let row = rows.entry(procedure).or_insert_with(|| PaymentRow {
            procedure_code: procedure.to_string(),
            ..Default::default()
        });
        row.add(*method, amount);
        total.add(*method, amount);
    }
    PaymentReport {
        rows: rows.into_values().collect(),
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::{Actor, Receipt, Status};
    use chrono::{NaiveDate, TimeZone, Utc};

    fn paid(at: chrono::DateTime<Utc>, method: PaymentMethod, amount: i64) -> Event {
        Event {
            at,
            actor: Actor::system(),
            kind: EventKind::PaymentRecorded {
                method,
                receipt: Some(Receipt {
                    number: "1".into(),
                    amount_vnd: amount,
                    method,
                    at,
                    by: "system".into(),
                    reference: None,
                }),
            },
            from: Some(Status::AwaitingPayment),
            to: Status::ResultReady,
            step: None,
            note: None,
        }
    }

    #[test]
    fn sums_per_procedure_on_the_vietnam_date_and_splits_online_from_desk() {
        let june = Period {
            from: NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
        };
        // 31 May 17:30 UTC is 1 June 00:30 in Vietnam: in June.
        let a = paid(
            Utc.with_ymd_and_hms(2025, 5, 31, 17, 30, 0).unwrap(),
            PaymentMethod::Online,
            1_200_000,
        );
        // 30 June 17:30 UTC is 1 July in Vietnam: not in June.
        let b = paid(
            Utc.with_ymd_and_hms(2025, 6, 30, 17, 30, 0).unwrap(),
            PaymentMethod::Cash,
            500_000,
        );
        let c = paid(
            Utc.with_ymd_and_hms(2025, 6, 10, 2, 0, 0).unwrap(),
            PaymentMethod::Transfer,
            300_000,
        );
        let d = paid(
            Utc.with_ymd_and_hms(2025, 6, 11, 2, 0, 0).unwrap(),
            PaymentMethod::Cash,
            200_000,
        );
        let r = payment_report(&june, [("P1", &a), ("P1", &b), ("P2", &c), ("P1", &d)]);
        assert_eq!(r.rows.len(), 2);
        assert_eq!(r.rows[0].procedure_code, "P1");
        assert_eq!(
            (r.rows[0].online_count, r.rows[0].online_vnd),
            (1, 1_200_000)
        );
        assert_eq!((r.rows[0].desk_count, r.rows[0].desk_vnd), (1, 200_000));
        assert_eq!((r.rows[1].desk_count, r.rows[1].desk_vnd), (1, 300_000));
        assert_eq!(r.total.total_vnd, 1_700_000);
        assert_eq!(r.total.online_vnd + r.total.desk_vnd, r.total.total_vnd);
    }
}
