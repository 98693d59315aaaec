//! Dossier codes: `{receiving agency code}-{yyMMdd}-{seq:04}` (domain.md §4), the sequence per
//! receiving agency and Vietnam date. The store owns the sequence (race-free, never reused);
//! this module only formats and parses.

use chrono::NaiveDate;

/// Formats a dossier code, e.g. `000.17.22.H56-210531-0001`. Sequences above 9999 keep all
/// their digits.
pub fn dossier_code(agency_code: &str, date: NaiveDate, seq: u32) -> String {
    format!("{agency_code}-{}-{seq:04}", date.format("%y%m%d"))
}

/// The parts of a dossier code: agency code, date, sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeParts {
    pub agency_code: String,
    pub date: NaiveDate,
    pub seq: u32,
}

/// Parses a dossier code made by [`dossier_code`]; `None` if it is not one. Years are 2000–2099.
pub fn parse_dossier_code(code: &str) -> Option<CodeParts> {
    let mut parts = code.rsplitn(3, '-');
    let seq = parts.next()?;
    let date = parts.next()?;
    let agency = parts.next()?;
    if agency.is_empty() || seq.len() < 4 || !seq.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if date.len() != 6 || !date.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let date = NaiveDate::parse_from_str(&format!("20{date}"), "%Y%m%d").ok()?;
    Some(CodeParts {
        agency_code: agency.to_string(),
        date,
        seq: seq.parse().ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_and_parse() {
        let d = NaiveDate::from_ymd_opt(2021, 5, 31).unwrap();
        let code = dossier_code("000.17.22.H56", d, 1);
        assert_eq!(code, "000.17.22.H56-210531-0001");
        let p = parse_dossier_code(&code).unwrap();
        assert_eq!(
            (p.agency_code.as_str(), p.date, p.seq),
            ("000.17.22.H56", d, 1)
        );
        assert_eq!(dossier_code("G02", d, 12345), "G02-210531-12345");
        assert_eq!(parse_dossier_code("G02-210531-12345").unwrap().seq, 12345);
        assert!(parse_dossier_code("G02-210532-0001").is_none());
        assert!(parse_dossier_code("G02-21053-0001").is_none());
        assert!(parse_dossier_code("-210531-0001").is_none());
        assert!(parse_dossier_code("G02-210531-001").is_none());
    }
}
