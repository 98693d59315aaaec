//! Who may administer, and the shape of a refused administrative change.

use motcua_domain::dossier::Actor;

use crate::{AppError, Result};

/// Administrators (the `Admin` role) and the system itself; everyone else is refused.
pub fn require_admin(actor: &Actor) -> Result<()> {
    if actor.is_admin() {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "Chức năng này dành cho quản trị hệ thống",
            "This is for administrators only",
        ))
    }
}

/// One problem of a submitted change, tied to the field it is about, in both languages. Forms
/// show them all at once; a use case refuses with the first ([`AppError::Invalid`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub vi: String,
    pub en: String,
}

impl Problem {
    pub fn new(field: &'static str, vi: impl Into<String>, en: impl Into<String>) -> Problem {
        Problem {
            field,
            vi: vi.into(),
            en: en.into(),
        }
    }
}

impl From<Problem> for AppError {
    fn from(p: Problem) -> AppError {
        AppError::invalid_field(p.field, p.vi, p.en)
    }
}

/// Refuses with the first of `problems`, if any.
pub fn refuse_first(problems: Vec<Problem>) -> Result<()> {
    match problems.into_iter().next() {
        Some(p) => Err(p.into()),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use motcua_domain::dossier::Actor;
    use motcua_domain::Role;

    #[test]
    fn only_administrators_and_the_system() {
        assert!(super::require_admin(&Actor::system()).is_ok());
        let admin = Actor::officer("a", &[Role::Admin], "X", "Y");
        assert!(super::require_admin(&admin).is_ok());
        let head = Actor::officer("h", &[Role::Head], "X", "Y");
        assert!(super::require_admin(&head).is_err());
        assert!(super::require_admin(&Actor::applicant("c")).is_err());
    }
}
