//! The column layout: which sheets a catalog file has, which columns each sheet has, and the
//! snake_case names of the domain enums. `docs/catalog-format.md` documents the same layout for
//! people; keep the two in step.

use motcua_domain::{
    ApplicantType, FeeTiming, OnlineLevel, PublicationStatus, ResultKind, Role, TimeUnit,
};

/// A sheet of a catalog file (a worksheet in `.xlsx`, a file in a `.csv` set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sheet {
    Agencies,
    Units,
    Fields,
    Procedures,
    Fees,
    Components,
    Steps,
}

impl Sheet {
    /// Every sheet, in the order they are written and read (owners before their children).
    pub const ALL: [Sheet; 7] = [
        Sheet::Agencies,
        Sheet::Units,
        Sheet::Fields,
        Sheet::Procedures,
        Sheet::Fees,
        Sheet::Components,
        Sheet::Steps,
    ];

    /// The sheet's name, as the worksheet name and the `.csv` file infix.
    pub fn name(self) -> &'static str {
        match self {
            Sheet::Agencies => "agencies",
            Sheet::Units => "units",
            Sheet::Fields => "fields",
            Sheet::Procedures => "procedures",
            Sheet::Fees => "fees",
            Sheet::Components => "components",
            Sheet::Steps => "steps",
        }
    }

    /// The columns of this sheet, in the order they are written.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Sheet::Agencies => AGENCIES,
            Sheet::Units => UNITS,
            Sheet::Fields => FIELDS,
            Sheet::Procedures => PROCEDURES,
            Sheet::Fees => FEES,
            Sheet::Components => COMPONENTS,
            Sheet::Steps => STEPS,
        }
    }

    /// The column named `name`, if this sheet has one.
    pub fn column(self, name: &str) -> Option<&'static Column> {
        self.columns().iter().find(|c| c.name == name)
    }
}

/// What a column holds; decides how it is written and how its cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text (NFC, trimmed).
    Text,
    /// Several values, one per line.
    List,
    /// A whole number.
    Integer,
    /// A number, possibly with a half (`2.5`).
    Number,
    /// `true` / `false`.
    Bool,
    /// An ISO date, `YYYY-MM-DD`.
    Date,
}

/// One column of a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The header, an English attribute name.
    pub name: &'static str,
    pub kind: Kind,
    /// A required column must be in the header row; an optional one may be left out, which is
    /// the same as leaving all its cells empty.
    pub required: bool,
    /// Width in the written `.xlsx`, in characters.
    pub width: u16,
}

const fn req(name: &'static str, kind: Kind, width: u16) -> Column {
    Column {
        name,
        kind,
        required: true,
        width,
    }
}

const fn opt(name: &'static str, kind: Kind, width: u16) -> Column {
    Column {
        name,
        kind,
        required: false,
        width,
    }
}

use Kind::{Bool, Date, Integer, List, Number, Text};

const AGENCIES: &[Column] = &[
    req("code", Text, 16),
    req("name", Text, 48),
    opt("parent_code", Text, 16),
    opt("address", Text, 40),
    opt("phone", Text, 16),
    opt("email", Text, 28),
];

const UNITS: &[Column] = &[
    req("agency_code", Text, 16),
    req("order", Integer, 7),
    req("code", Text, 12),
    req("name", Text, 48),
];

const FIELDS: &[Column] = &[req("code", Text, 12), req("name", Text, 48)];

const PROCEDURES: &[Column] = &[
    req("code", Text, 24),
    req("name", Text, 60),
    req("field_code", Text, 12),
    req("agency_code", Text, 16),
    req("unit_code", Text, 12),
    opt("level", Text, 12),
    req("applicant_types", List, 16),
    req("statutory_unit", Text, 15),
    req("statutory_days", Number, 9),
    req("committed_unit", Text, 15),
    req("committed_days", Number, 9),
    opt("same_day_cutoff", Bool, 9),
    req("fee_timing", Text, 10),
    opt("sets", Integer, 6),
    req("result_name", Text, 40),
    req("result_kind", Text, 11),
    req("online_level", Text, 11),
    opt("national_portal", Bool, 9),
    opt("on_the_spot", Bool, 9),
    opt("conditions", Text, 40),
    req("legal_basis", List, 48),
    req("effective_from", Date, 12),
    opt("effective_to", Date, 12),
    req("status", Text, 11),
];

const FEES: &[Column] = &[
    req("procedure_code", Text, 24),
    req("order", Integer, 7),
    req("name", Text, 48),
    opt("amount_vnd", Integer, 14),
    opt("description", Text, 48),
];

const COMPONENTS: &[Column] = &[
    req("procedure_code", Text, 24),
    req("order", Integer, 7),
    req("name", Text, 60),
    opt("originals", Integer, 9),
    opt("certified_copies", Integer, 9),
    opt("copies", Integer, 9),
    opt("required", Bool, 9),
    opt("template", Text, 32),
    opt("note", Text, 32),
];

const STEPS: &[Column] = &[
    req("procedure_code", Text, 24),
    req("order", Integer, 7),
    req("name", Text, 60),
    req("role", Text, 11),
    req("unit_code", Text, 12),
    opt("agency_code", Text, 16),
    req("hours", Number, 7),
];

/// The spreadsheet letter of a 0-based column index: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.iter().rev().map(|&b| b as char).collect()
}

/// A domain enum written by its snake_case name (the same as its serde name).
pub trait Named: Copy + PartialEq + 'static {
    /// Every value, in the order listed in error messages.
    const ALL: &'static [Self];

    fn name(self) -> &'static str;

    /// The value named `s` (case-insensitive; `-` and spaces count as `_`).
    fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_lowercase().replace(['-', ' '], "_");
        Self::ALL.iter().copied().find(|v| v.name() == s)
    }

    /// The allowed names, for error messages: `full, partial, none`.
    fn names() -> String {
        Self::ALL
            .iter()
            .map(|v| v.name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Named for ApplicantType {
    const ALL: &'static [Self] = &[
        ApplicantType::Citizen,
        ApplicantType::Business,
        ApplicantType::StateAgency,
        ApplicantType::Organization,
        ApplicantType::Foreign,
    ];

    fn name(self) -> &'static str {
        match self {
            ApplicantType::Citizen => "citizen",
            ApplicantType::Business => "business",
            ApplicantType::StateAgency => "state_agency",
            ApplicantType::Organization => "organization",
            ApplicantType::Foreign => "foreign",
        }
    }
}

impl Named for TimeUnit {
    const ALL: &'static [Self] = &[
        TimeUnit::WorkingDays,
        TimeUnit::CalendarDays,
        TimeUnit::SameDay,
    ];

    fn name(self) -> &'static str {
        match self {
            TimeUnit::WorkingDays => "working_days",
            TimeUnit::CalendarDays => "calendar_days",
            TimeUnit::SameDay => "same_day",
        }
    }
}

impl Named for FeeTiming {
    const ALL: &'static [Self] = &[
        FeeTiming::Before,
        FeeTiming::After,
        FeeTiming::Exempt,
        FeeTiming::None,
    ];

    fn name(self) -> &'static str {
        match self {
            FeeTiming::Before => "before",
            FeeTiming::After => "after",
            FeeTiming::Exempt => "exempt",
            FeeTiming::None => "none",
        }
    }
}

impl Named for ResultKind {
    const ALL: &'static [Self] = &[ResultKind::Paper, ResultKind::Electronic, ResultKind::Both];

    fn name(self) -> &'static str {
        match self {
            ResultKind::Paper => "paper",
            ResultKind::Electronic => "electronic",
            ResultKind::Both => "both",
        }
    }
}

impl Named for OnlineLevel {
    const ALL: &'static [Self] = &[OnlineLevel::Full, OnlineLevel::Partial, OnlineLevel::None];

    fn name(self) -> &'static str {
        match self {
            OnlineLevel::Full => "full",
            OnlineLevel::Partial => "partial",
            OnlineLevel::None => "none",
        }
    }
}

impl Named for PublicationStatus {
    const ALL: &'static [Self] = &[
        PublicationStatus::Draft,
        PublicationStatus::Published,
        PublicationStatus::Withdrawn,
    ];

    fn name(self) -> &'static str {
        match self {
            PublicationStatus::Draft => "draft",
            PublicationStatus::Published => "published",
            PublicationStatus::Withdrawn => "withdrawn",
        }
    }
}

impl Named for Role {
    const ALL: &'static [Self] = &Role::ALL;

    fn name(self) -> &'static str {
        self.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn names_match_serde() {
        fn check<T: Named + serde_like::Ser + std::fmt::Debug>() {
            for v in T::ALL {
                assert_eq!(v.serde_name(), v.name());
                assert_eq!(T::parse(v.name()), Some(*v));
            }
        }
        check::<ApplicantType>();
        check::<TimeUnit>();
        check::<FeeTiming>();
        check::<ResultKind>();
        check::<OnlineLevel>();
        check::<PublicationStatus>();
        check::<Role>();
        assert_eq!(OnlineLevel::parse(" Full "), Some(OnlineLevel::Full));
        assert_eq!(
            ApplicantType::parse("state-agency"),
            Some(ApplicantType::StateAgency)
        );
        assert_eq!(OnlineLevel::parse("level 4"), None);
    }

    mod serde_like {
        pub trait Ser {
            fn serde_name(&self) -> String;
        }
        impl<T: serde::Serialize> Ser for T {
            fn serde_name(&self) -> String {
                serde_json::to_value(self)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            }
        }
    }

    #[test]
    fn every_sheet_has_unique_columns() {
        for sheet in Sheet::ALL {
            let cols = sheet.columns();
            for (i, c) in cols.iter().enumerate() {
                assert!(
                    cols[i + 1..].iter().all(|d| d.name != c.name),
                    "{} {}",
                    sheet.name(),
                    c.name
                );
            }
        }
    }
}
