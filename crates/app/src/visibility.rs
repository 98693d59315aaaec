//! Which dossiers an officer may see, asked in ONE place by every list, search, export and
//! dossier screen of the workspace. The rule itself is the domain's
//! ([`Dossier::visible_to`]); this module adds its translation into a store filter, so a
//! search over 10^6 dossiers reads only the visible ones. A change of the rule (least
//! privilege per unit and handler) changes these two functions and nothing else here.

use motcua_domain::dossier::{Actor, ActorKind, Dossier, Viewer};
use motcua_store::dossiers::DossierFilter;

/// Whether `actor` may see `d` (the domain's rule).
pub(crate) fn may_see(actor: &Actor, d: &Dossier) -> bool {
    d.visible_to(Viewer::actor(actor))
}

/// Narrows `f` to dossiers `actor` may see: everything for administrators and the system;
/// for an officer the dossiers their agency handles or received; nothing for anyone else.
/// Every row the filter lets through satisfies [`may_see`] (lists check it again on the
/// dossiers they load); a dossier seen only through a transferred step is found in the
/// queue of the unit that holds it.
pub(crate) fn narrow(actor: &Actor, f: &mut DossierFilter) {
    if actor.is_admin() {
        return;
    }
    match (&actor.kind, &actor.agency_code) {
        (ActorKind::Officer, Some(agency)) => f.visible_agency = Some(agency.clone()),
        // No agency, or not an officer: an empty list, never "every dossier".
        _ => f.owner_user = Some(String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_domain::Role;

    #[test]
    fn the_filter_is_never_wider_than_the_rule() {
        let officer = Actor::officer("o", &[Role::Director], "SCT", "BGD");
        let mut f = DossierFilter::default();
        narrow(&officer, &mut f);
        assert_eq!(f.visible_agency.as_deref(), Some("SCT"));
        // Every dossier the filter admits (competent or receiving agency SCT) is visible.
        for (agency, receiving) in [("SCT", "TTHCC"), ("SXD", "SCT")] {
            let d = Dossier {
                agency_code: agency.into(),
                receiving_agency: receiving.into(),
                ..Dossier::default()
            };
            assert!(may_see(&officer, &d), "{agency}/{receiving}");
        }
        let other = Dossier {
            agency_code: "SXD".into(),
            receiving_agency: "TTHCC".into(),
            ..Dossier::default()
        };
        assert!(!may_see(&officer, &other));
        let mut lone = officer.clone();
        lone.agency_code = None;
        let mut f = DossierFilter::default();
        narrow(&lone, &mut f);
        assert_eq!(f.owner_user.as_deref(), Some(""), "no agency: nothing");
        let applicant = Actor::applicant("guest:1");
        let mut f = DossierFilter::default();
        narrow(&applicant, &mut f);
        assert_eq!(f.owner_user.as_deref(), Some(""));
    }
}
