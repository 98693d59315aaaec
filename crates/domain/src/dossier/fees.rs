//! The rules of a payment request and a receipt (what `decide` asks): lines named and
//! positive, a total that is their sum and within reason, a receipt never above what is owed.
//! Apart from `payment.rs` (the data) so that the data depends on nothing of the decisions.

use super::support::invalid;
use super::{Action, DossierError, FeeLine, Problem};

/// The largest amount one dossier may be asked for (a typo guard: 100 billion VND).
pub const MAX_AMOUNT_VND: i64 = 100_000_000_000;

/// The lines of a request checked (names given, amounts positive) and their total. With no
/// lines, `amount` alone is the request; with lines, a given `amount` must be their sum.
pub(crate) fn requested(
    action: Action,
    amount: Option<i64>,
    lines: &[FeeLine],
) -> Result<(i64, Vec<FeeLine>), DossierError> {
    let mut out = Vec::with_capacity(lines.len());
    let mut sum: i64 = 0;
    for l in lines {
        let name = l.name.trim();
        if name.is_empty() {
            return Err(invalid(action, "lines", Problem::Empty));
        }
        if l.amount_vnd <= 0 {
            return Err(invalid(action, "lines", Problem::NotPositive));
        }
        sum = sum.saturating_add(l.amount_vnd);
        out.push(FeeLine {
            name: name.to_string(),
            amount_vnd: l.amount_vnd,
        });
    }
    let total = match (amount, out.is_empty()) {
        (Some(a), false) if a != sum => {
            return Err(invalid(action, "amount_vnd", Problem::NotSum { sum }))
        }
        (_, false) => sum,
        (Some(a), true) => a,
        (None, true) => return Err(invalid(action, "amount_vnd", Problem::Empty)),
    };
    if total <= 0 {
        return Err(invalid(action, "amount_vnd", Problem::NotPositive));
    }
    if total > MAX_AMOUNT_VND {
        return Err(invalid(
            action,
            "amount_vnd",
            Problem::TooLarge {
                max: MAX_AMOUNT_VND,
            },
        ));
    }
    Ok((total, out))
}

/// The amount a receipt takes: as typed, or what is still owed; never more than that.
pub(crate) fn receipt_amount(
    action: Action,
    amount: Option<i64>,
    outstanding: i64,
) -> Result<i64, DossierError> {
    let a = amount.unwrap_or(outstanding);
    if a <= 0 {
        return Err(invalid(action, "amount_vnd", Problem::NotPositive));
    }
    if a > outstanding {
        return Err(invalid(
            action,
            "amount_vnd",
            Problem::TooLarge { max: outstanding },
        ));
    }
    Ok(a)
}
