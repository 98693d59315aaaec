//! Who may read reports, and over which agency. Every door (pages, JSON API, CLI) asks these
//! through the report use cases, so the rule is the same wherever the figures are read.

use crate::dossier::{Actor, ActorKind};
use crate::Role;

/// The roles that may read reports.
pub const REPORT_ROLES: [Role; 4] = [Role::Reporter, Role::Director, Role::Head, Role::Admin];

/// Whether `actor` may read reports: an officer with a reporting role and an agency (an
/// administrator needs none), or the system itself (the CLI).
pub fn may_read_reports(actor: &Actor) -> bool {
    match actor.kind {
        ActorKind::System => true,
        ActorKind::Applicant => false,
        ActorKind::Officer => {
            let has = |roles: &[Role]| actor.roles.iter().any(|r| roles.contains(r));
            has(&REPORT_ROLES) && (has(&[Role::Admin]) || actor.agency_code.is_some())
        }
    }
}

/// Whether `actor` may choose the agency a report covers. Everyone else reports on their own.
pub fn may_choose_agency(actor: &Actor) -> bool {
    actor.kind == ActorKind::System || actor.roles.contains(&Role::Admin)
}

/// Why a report's agency was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportAccessError {
    /// No reporting role (or an officer without an agency).
    #[error("no reporting role")]
    NoReportingRole,
    /// A person who reports on their own agency asked for another one.
    #[error("agency {0} is not the reader's")]
    OtherAgency(String),
}

impl ReportAccessError {
    pub fn message_vi(&self) -> String {
        match self {
            ReportAccessError::NoReportingRole => {
                "Chỉ cán bộ được giao báo cáo, lãnh đạo và quản trị viên được xem báo cáo".into()
            }
            ReportAccessError::OtherAgency(a) => {
                format!("Chỉ được xem báo cáo của cơ quan mình, không phải của cơ quan {a}")
            }
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            ReportAccessError::NoReportingRole => {
                "Only reporters, heads, directors and administrators may read reports".into()
            }
            ReportAccessError::OtherAgency(a) => {
                format!("You may read your own agency's reports only, not those of {a}")
            }
        }
    }
}

/// The agency a report of `actor` covers when they ask for `requested` (`None`: all, for who
/// may choose). Someone who may not choose gets their own agency, and is refused another one.
pub fn report_agency(
    actor: &Actor,
    requested: Option<&str>,
) -> Result<Option<String>, ReportAccessError> {
    if !may_read_reports(actor) {
        return Err(ReportAccessError::NoReportingRole);
    }
    if may_choose_agency(actor) {
        return Ok(requested.map(str::to_owned));
    }
    let own = actor.agency_code.clone();
    match requested {
        Some(r) if own.as_deref() != Some(r) => Err(ReportAccessError::OtherAgency(r.to_owned())),
        _ => Ok(own),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn officer(role: Role, agency: Option<&str>) -> Actor {
        let mut a = Actor::officer("a", &[role], "X", "U");
        a.agency_code = agency.map(str::to_owned);
        a
    }

    #[test]
    fn reporting_roles_with_an_agency_read_reports() {
        for r in REPORT_ROLES {
            assert!(may_read_reports(&officer(r, Some("X"))), "{r:?}");
        }
        for r in [Role::Desk, Role::Specialist, Role::Clerk] {
            assert!(!may_read_reports(&officer(r, Some("X"))), "{r:?}");
        }
        // Without an agency only an administrator has something to report on.
        assert!(!may_read_reports(&officer(Role::Reporter, None)));
        assert!(may_read_reports(&officer(Role::Admin, None)));
        assert!(may_read_reports(&Actor::system()));
        assert!(!may_read_reports(&Actor::applicant("citizen")));
    }

    #[test]
    fn only_administrators_and_the_system_choose_the_agency() {
        let reporter = officer(Role::Reporter, Some("X"));
        assert_eq!(report_agency(&reporter, None), Ok(Some("X".into())));
        assert_eq!(report_agency(&reporter, Some("X")), Ok(Some("X".into())));
        assert_eq!(
            report_agency(&reporter, Some("Y")),
            Err(ReportAccessError::OtherAgency("Y".into()))
        );
        let admin = officer(Role::Admin, Some("X"));
        assert_eq!(report_agency(&admin, None), Ok(None));
        assert_eq!(report_agency(&admin, Some("Y")), Ok(Some("Y".into())));
        assert_eq!(
            report_agency(&Actor::system(), Some("Y")),
            Ok(Some("Y".into()))
        );
        assert_eq!(
            report_agency(&officer(Role::Desk, Some("X")), None),
            Err(ReportAccessError::NoReportingRole)
        );
    }
}
