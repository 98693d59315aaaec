//! Who may see a dossier, and how an applicant without an account proves one is theirs.
//! One home for the rule: the officer pages, the portal, the JSON API and the printed forms all
//! ask [`Dossier::visible_to`].

use super::{Actor, ActorKind, Applicant, Dossier};

/// The person asking to see a dossier: a signed-in user, and/or the identity number or phone
/// an applicant without an account gives as proof (normalized with [`normalize_id`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Viewer<'a> {
    pub actor: Option<&'a Actor>,
    pub applicant_id: Option<&'a str>,
}

impl<'a> Viewer<'a> {
    /// A signed-in person (officer or applicant account).
    pub fn actor(actor: &'a Actor) -> Viewer<'a> {
        Viewer {
            actor: Some(actor),
            applicant_id: None,
        }
    }
}

impl Dossier {
    /// Whether `viewer` may see this dossier:
    /// - administrators (and the system) see every dossier;
    /// - an officer sees the dossiers of their agency: the competent one, the receiving one, or
    ///   one that handles a step (inter-agency transfers);
    /// - an applicant account sees the dossiers filed under it;
    /// - anyone holding the identity number or phone given at submission sees that dossier.
    pub fn visible_to(&self, viewer: Viewer<'_>) -> bool {
        if let Some(a) = viewer.actor {
            if a.is_admin() {
                return true;
            }
            if a.kind == ActorKind::Officer {
                return a.agency_code.as_deref().is_some_and(|ag| {
                    ag == self.agency_code
                        || ag == self.receiving_agency
                        || self
                            .steps
                            .iter()
                            .any(|s| s.agency_code.as_deref() == Some(ag))
                });
            }
            if self.owner_account.as_deref() == Some(a.username.as_str()) {
                return true;
            }
        }
        viewer.applicant_id.is_some_and(|id| {
            let matches =
                |v: &Option<String>| v.as_deref().map(normalize_id).as_deref() == Some(id);
            matches(&self.applicant.id_number) || matches(&self.applicant.phone)
        })
    }

    /// Whether `key` (normalized with [`normalize_id`]) is the applicant's identity number,
    /// their phone, or its last 4 digits: the public lookup's second factor.
    pub fn lookup_key_matches(&self, key: &str) -> bool {
        let id = self.applicant.id_number.as_deref().map(normalize_id);
        if id.as_deref().is_some_and(|id| !id.is_empty() && id == key) {
            return true;
        }
        let Some(phone) = self.applicant.phone.as_deref() else {
            return false;
        };
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        if digits.len() < 4 {
            return false;
        }
        key == digits || (key.len() == 4 && digits.ends_with(key))
    }
}

/// Identity numbers and phones compared without spaces, dots or dashes, case-insensitively.
pub fn normalize_id(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase()
}

/// Who an applicant without an account acts as: the name their identity number (or, without
/// one, their phone) gives. `None` when they gave neither: nobody could prove the dossier
/// theirs later.
pub fn guest_actor(applicant: &Applicant) -> Option<Actor> {
    let id = applicant
        .id_number
        .as_deref()
        .or(applicant.phone.as_deref())
        .map(normalize_id)
        .filter(|i| !i.is_empty())?;
    Some(Actor::applicant(&guest_name(&id)))
}

/// The account name an applicant without an account files under: their identity number (or
/// phone), normalized.
pub fn guest_name(id: &str) -> String {
    format!("guest:{}", normalize_id(id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ApplicantType;
    use crate::Role;

    fn dossier() -> Dossier {
        Dossier {
            code: "000.00.01.H01-260105-0001".into(),
            agency_code: "SCT".into(),
            receiving_agency: "TTHCC".into(),
            owner_account: Some("guest:001099000123".into()),
            applicant: Applicant {
                name: "Nguyễn Văn A".into(),
                id_number: Some("001 099 000 123".into()),
                address: None,
                phone: Some("0912-345-678".into()),
                email: None,
                kind: ApplicantType::Citizen,
            },
            ..Dossier::default()
        }
    }

    fn officer(agency: &str) -> Actor {
        Actor {
            kind: ActorKind::Officer,
            user_id: Some(7),
            username: "cb".into(),
            roles: vec![Role::Specialist],
            agency_code: Some(agency.into()),
            unit_code: None,
        }
    }

    #[test]
    fn officers_see_their_agencys_dossiers_only() {
        let d = dossier();
        assert!(d.visible_to(Viewer::actor(&officer("SCT"))));
        assert!(
            d.visible_to(Viewer::actor(&officer("TTHCC"))),
            "the receiving agency"
        );
        assert!(!d.visible_to(Viewer::actor(&officer("SXD"))));
        let mut admin = officer("SXD");
        admin.roles = vec![Role::Admin];
        assert!(d.visible_to(Viewer::actor(&admin)));
    }

    #[test]
    fn applicants_by_account_or_by_proof() {
        let d = dossier();
        let owner = Actor::applicant("guest:001099000123");
        assert!(d.visible_to(Viewer::actor(&owner)));
        assert!(!d.visible_to(Viewer::actor(&Actor::applicant("someone"))));
        let id = normalize_id("001.099.000.123");
        let proof = Viewer {
            actor: None,
            applicant_id: Some(&id),
        };
        assert!(d.visible_to(proof));
        let phone = normalize_id("0912 345 678");
        assert!(d.visible_to(Viewer {
            actor: None,
            applicant_id: Some(&phone)
        }));
        assert!(
            !d.visible_to(Viewer {
                actor: None,
                applicant_id: Some("5678")
            }),
            "the last 4 digits are the lookup's factor, not proof of ownership"
        );
        assert!(!d.visible_to(Viewer::default()));
    }

    #[test]
    fn lookup_key_is_the_id_the_phone_or_its_last_four_digits() {
        let d = dossier();
        assert!(d.lookup_key_matches(&normalize_id("001099000123")));
        assert!(d.lookup_key_matches("0912345678"));
        assert!(d.lookup_key_matches("5678"));
        assert!(!d.lookup_key_matches("678"));
        assert!(!d.lookup_key_matches("1234"));
    }

    #[test]
    fn guests_act_under_their_id_or_else_their_phone() {
        let d = dossier();
        let a = guest_actor(&d.applicant).expect("an id");
        assert_eq!(a.username, "guest:001099000123");
        let mut no_id = d.applicant.clone();
        no_id.id_number = None;
        assert_eq!(
            guest_actor(&no_id).expect("a phone").username,
            "guest:0912345678"
        );
        no_id.phone = Some(" - ".into());
        assert!(guest_actor(&no_id).is_none());
    }

    #[test]
    fn guest_names_are_normalized() {
        assert_eq!(guest_name(" 001-099 000.123 "), "guest:001099000123");
        assert_eq!(normalize_id("ab-12"), "AB12");
    }
}
