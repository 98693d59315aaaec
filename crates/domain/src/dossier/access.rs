//! Who may see a dossier and its applicant's personal data, for what purpose, and how an
//! applicant without an account proves one is theirs. One home for the rule: the officer
//! pages, the portal, the JSON API, the exports and the printed forms all ask [`access`]
//! (through `motcua-app`), [`Dossier::visible_to`] being its yes/no for lists.
//!
//! Least privilege (issue #18, Decree 13/2023/NĐ-CP): an officer sees a dossier because of a
//! [`Relation`] to it — they hold it, received it at their desk, handled a step of it, belong
//! to (or lead) a unit it reached, lead or report on an agency it involves — not because it
//! belongs to their agency. The relation decides how much of the applicant's identity number,
//! phone, address and e-mail is shown ([`Disclosure`]): those who deal with the applicant see
//! them in full; the others see them masked and may reveal them deliberately (a logged act
//! with a reason); reporters never need them.

use serde::{Deserialize, Serialize};

use super::{Actor, ActorKind, Applicant, Dossier, Owner};
use crate::catalog::Role;

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

/// Why a person asks for a dossier's personal data (purpose-bound access, Decree 13/2023).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Open the dossier: its page, the API's read, its history; acting on it.
    Read,
    /// Show the identity number, phone, address and e-mail in full on a deliberate request.
    Reveal,
    /// Print a paper addressed to the applicant (receipt, notices, control slip).
    Print,
    /// Write a list out: CSV, the tracking book, a report's drill-down.
    Export,
}

impl Purpose {
    pub const ALL: [Purpose; 4] = [
        Purpose::Read,
        Purpose::Reveal,
        Purpose::Print,
        Purpose::Export,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Read => "read",
            Purpose::Reveal => "reveal",
            Purpose::Print => "print",
            Purpose::Export => "export",
        }
    }

    pub fn parse(s: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// Why a person reveals an applicant's data in full: the choices a reveal offers (a free
/// text would invite "xem"); the access log keeps the chosen one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RevealReason {
    /// To call or write to the applicant about the dossier.
    ContactApplicant,
    /// To check who the applicant is against a document.
    CheckIdentity,
    /// The applicant asked for it (at the counter, on the phone).
    ApplicantRequest,
    /// An inspection, or a request of a competent authority.
    Inspection,
}

impl RevealReason {
    pub const ALL: [RevealReason; 4] = [
        RevealReason::ContactApplicant,
        RevealReason::CheckIdentity,
        RevealReason::ApplicantRequest,
        RevealReason::Inspection,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RevealReason::ContactApplicant => "contact_applicant",
            RevealReason::CheckIdentity => "check_identity",
            RevealReason::ApplicantRequest => "applicant_request",
            RevealReason::Inspection => "inspection",
        }
    }

    pub fn parse(s: &str) -> Option<RevealReason> {
        RevealReason::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            RevealReason::ContactApplicant => "Liên hệ với người nộp hồ sơ",
            RevealReason::CheckIdentity => "Đối chiếu, xác minh nhân thân",
            RevealReason::ApplicantRequest => "Theo yêu cầu của chính người nộp",
            RevealReason::Inspection => {
                "Thanh tra, kiểm tra hoặc yêu cầu của cơ quan có thẩm quyền"
            }
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            RevealReason::ContactApplicant => "Contact the applicant",
            RevealReason::CheckIdentity => "Check the applicant's identity",
            RevealReason::ApplicantRequest => "At the applicant's own request",
            RevealReason::Inspection => "An inspection or a competent authority's request",
        }
    }
}

/// What ties a person to a dossier, strongest first: the first that holds is theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The system itself (the CLI, background work).
    System,
    /// The applicant: the account that filed it, or the holder of the identity number or
    /// phone given at submission.
    Applicant,
    /// The officer holding its current step.
    Holder,
    /// A desk officer of the agency that received it (or of the competent agency, whose desk
    /// returns the result): they take it in, call the applicant, hand the result back.
    Desk,
    /// An officer who handled one of its steps (or approved it).
    Handler,
    /// A head of a unit one of its steps reached.
    UnitHead,
    /// An officer of a unit one of its steps reached (its queue, before anyone claims it).
    Unit,
    /// A director (agency leader) of an agency it involves: competent, receiving, or one that
    /// ran a step (liên thông).
    Leader,
    /// A clerk of the competent agency: numbers and issues results, records fees.
    Clerk,
    /// An administrator.
    Admin,
    /// A reporter (reports role) of an agency it involves: reads it behind the figures.
    Reporter,
}

impl Relation {
    pub const ALL: [Relation; 11] = [
        Relation::System,
        Relation::Applicant,
        Relation::Holder,
        Relation::Desk,
        Relation::Handler,
        Relation::UnitHead,
        Relation::Unit,
        Relation::Leader,
        Relation::Clerk,
        Relation::Admin,
        Relation::Reporter,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Relation::System => "system",
            Relation::Applicant => "applicant",
            Relation::Holder => "holder",
            Relation::Desk => "desk",
            Relation::Handler => "handler",
            Relation::UnitHead => "unit_head",
            Relation::Unit => "unit",
            Relation::Leader => "leader",
            Relation::Clerk => "clerk",
            Relation::Admin => "admin",
            Relation::Reporter => "reporter",
        }
    }

    pub fn parse(s: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// How much of the applicant's personal data the relation shows (the table in
    /// `docs/access.md`).
    pub fn disclosure(self) -> Disclosure {
        match self {
            Relation::System | Relation::Applicant | Relation::Holder | Relation::Desk => {
                Disclosure::Full
            }
            Relation::Handler
            | Relation::UnitHead
            | Relation::Unit
            | Relation::Leader
            | Relation::Clerk
            | Relation::Admin => Disclosure::OnRequest,
            Relation::Reporter => Disclosure::Masked,
        }
    }
}

/// How much of the applicant's identity number, phone, address and e-mail a relation shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Disclosure {
    /// In full: they deal with the applicant.
    Full,
    /// Masked; in full on a deliberate, logged request ([`Purpose::Reveal`]) and on the papers
    /// they print.
    OnRequest,
    /// Always masked: their work never needs them.
    Masked,
}

/// The answer of [`access`]: refused, or allowed with the personal data masked or in full,
/// and the relation that allows it (what the access log records).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    Denied,
    Masked(Relation),
    Full(Relation),
}

impl Access {
    pub fn relation(self) -> Option<Relation> {
        match self {
            Access::Denied => None,
            Access::Masked(r) | Access::Full(r) => Some(r),
        }
    }

    pub fn is_full(self) -> bool {
        matches!(self, Access::Full(_))
    }
}

/// THE rule: what `viewer` may have of dossier `d` for `purpose`. Every page, API operation,
/// export and printed form asks it through `motcua-app`.
///
/// | relation | read, export | reveal, print |
/// |---|---|---|
/// | system, applicant, holder, desk | full | full |
/// | handler, unit head, unit, leader, clerk, admin | masked | full (logged) |
/// | reporter | masked | masked (a reveal is refused) |
pub fn access(d: &Dossier, viewer: Viewer<'_>, purpose: Purpose) -> Access {
    let Some(rel) = relation(d, viewer) else {
        return Access::Denied;
    };
    match (rel.disclosure(), purpose) {
        (Disclosure::Full, _) => Access::Full(rel),
        (Disclosure::OnRequest, Purpose::Reveal | Purpose::Print) => Access::Full(rel),
        _ => Access::Masked(rel),
    }
}

/// The strongest [`Relation`] `viewer` has to `d`, if any.
pub fn relation(d: &Dossier, viewer: Viewer<'_>) -> Option<Relation> {
    if let Some(a) = viewer.actor {
        let by_account = match a.kind {
            ActorKind::System => Some(Relation::System),
            ActorKind::Applicant => (d.owner_account.as_deref() == Some(a.username.as_str()))
                .then_some(Relation::Applicant),
            ActorKind::Officer => officer_relation(d, a),
        };
        if by_account.is_some() {
            return by_account;
        }
    }
    let proof = viewer.applicant_id?;
    let matches = |v: &Option<String>| v.as_deref().map(normalize_id).as_deref() == Some(proof);
    (matches(&d.applicant.id_number) || matches(&d.applicant.phone)).then_some(Relation::Applicant)
}

fn officer_relation(d: &Dossier, a: &Actor) -> Option<Relation> {
    let me = a.username.as_str();
    if matches!(&d.step_owner, Some(Owner::User { username }) if username == me) {
        return Some(Relation::Holder);
    }
    let agency = a.agency_code.as_deref();
    let in_agency = |codes: &[&str]| agency.is_some_and(|ag| codes.contains(&ag));
    if a.has(Role::Desk) && in_agency(&[&d.receiving_agency, &d.agency_code]) {
        return Some(Relation::Desk);
    }
    let handled = d.step_handlers.iter().flatten().any(|h| h == me)
        || d.approval.as_ref().is_some_and(|ap| ap.by == me);
    if handled {
        return Some(Relation::Handler);
    }
    let unit = a.unit_code.as_deref();
    let in_reached_unit = agency.is_some()
        && unit.is_some()
        && reached_steps(d).any(|i| {
            let st = &d.steps[i];
            // A desk step is also run by the receiving agency's desk unit (as permission says).
            let at_agency = Some(d.step_agency(st).as_str()) == agency
                || (st.role == Role::Desk && agency == Some(d.receiving_agency.as_str()));
            at_agency && Some(st.unit_code.as_str()) == unit
        });
    if in_reached_unit {
        return Some(if a.has(Role::Head) {
            Relation::UnitHead
        } else {
            Relation::Unit
        });
    }
    let involved = involved_agencies(d);
    let of_involved = agency.is_some_and(|ag| involved.iter().any(|x| x == ag));
    if a.has(Role::Director) && of_involved {
        return Some(Relation::Leader);
    }
    // A procedure without a clerk's step leaves issuing to any clerk of the agency
    // (`MarkResultReady`), and clerks record fees for the whole agency.
    if a.has(Role::Clerk) && agency == Some(d.agency_code.as_str()) {
        return Some(Relation::Clerk);
    }
    if a.has(Role::Admin) {
        return Some(Relation::Admin);
    }
    if a.has(Role::Reporter) && of_involved {
        return Some(Relation::Reporter);
    }
    None
}

/// The steps the dossier has reached: up to the current one, and any later one handled
/// before it was sent back.
fn reached_steps(d: &Dossier) -> impl Iterator<Item = usize> + '_ {
    (0..d.steps.len())
        .filter(|&i| i <= d.step || d.step_handlers.get(i).is_some_and(Option::is_some))
}

/// The agencies a dossier involves: the competent one, the receiving one and those whose
/// steps it reached (liên thông).
pub fn involved_agencies(d: &Dossier) -> Vec<String> {
    let mut v = vec![d.agency_code.clone(), d.receiving_agency.clone()];
    for i in reached_steps(d) {
        let ag = d.step_agency(&d.steps[i]);
        if !v.contains(&ag) {
            v.push(ag);
        }
    }
    v
}

/// Whether `actor` may list every dossier of `agency` (the inbox's agency tab, searches over
/// the agency): its leaders, reporters and clerks, and administrators. Everyone else lists
/// what they hold and their unit's queue; [`Dossier::visible_to`] decides each dossier.
pub fn agency_wide(actor: &Actor, agency: &str) -> bool {
    if actor.is_admin() {
        return true;
    }
    actor.kind == ActorKind::Officer
        && actor.agency_code.as_deref() == Some(agency)
        && [Role::Director, Role::Reporter, Role::Clerk]
            .iter()
            .any(|r| actor.has(*r))
}

impl Dossier {
    /// Whether `viewer` may see this dossier at all: [`access`] for [`Purpose::Read`] is not
    /// [`Access::Denied`]. Lists and searches filter with this; what of the applicant's data
    /// they then show is [`access`]'s answer.
    pub fn visible_to(&self, viewer: Viewer<'_>) -> bool {
        access(self, viewer, Purpose::Read) != Access::Denied
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

#[cfg(test)]
#[path = "access_matrix.rs"]
mod matrix;
