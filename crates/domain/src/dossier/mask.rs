//! Masking the applicant's personal data for those whose relation to a dossier does not need
//! it in full ([`super::access`]): enough left to recognise it on the phone or the counter
//! ("is it the number ending 5678?"), never enough to use it.

use super::{Access, Applicant, Dossier, Event, EventKind};

/// The personal fields a dossier holds about its applicant, as the access log names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PersonalField {
    Name,
    IdNumber,
    Phone,
    Address,
    Email,
}

impl PersonalField {
    pub const ALL: [PersonalField; 5] = [
        PersonalField::Name,
        PersonalField::IdNumber,
        PersonalField::Phone,
        PersonalField::Address,
        PersonalField::Email,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PersonalField::Name => "name",
            PersonalField::IdNumber => "id_number",
            PersonalField::Phone => "phone",
            PersonalField::Address => "address",
            PersonalField::Email => "email",
        }
    }

    /// The fields an access shows in full, of those `applicant` has: the name always (an
    /// officer calls the applicant by it), the others only with [`Access::Full`].
    pub fn shown(applicant: &Applicant, access: Access) -> Vec<PersonalField> {
        let has = |f: PersonalField| match f {
            PersonalField::Name => !applicant.name.is_empty(),
            PersonalField::IdNumber => applicant.id_number.is_some(),
            PersonalField::Phone => applicant.phone.is_some(),
            PersonalField::Address => applicant.address.is_some(),
            PersonalField::Email => applicant.email.is_some(),
        };
        PersonalField::ALL
            .into_iter()
            .filter(|f| has(*f))
            .filter(|f| match access {
                Access::Denied => false,
                Access::Masked(_) => *f == PersonalField::Name,
                Access::Full(_) => true,
            })
            .collect()
    }
}

/// The mark that stands for hidden characters.
const HIDDEN: char = '•';

/// `001099000123` → `0•••••••0123`; `0912 345 678` → `0•••••5678`: the first character and the
/// last four alphanumerics, the rest hidden (separators dropped). Four or fewer: all hidden.
pub fn mask_number(s: &str) -> String {
    let chars: Vec<char> = s.chars().filter(char::is_ascii_alphanumeric).collect();
    if chars.len() <= 5 {
        return HIDDEN.to_string().repeat(chars.len().max(1));
    }
    let n = chars.len();
    let mut out = String::with_capacity(n + 8);
    out.push(chars[0]);
    out.extend(std::iter::repeat_n(HIDDEN, n - 5));
    out.extend(&chars[n - 4..]);
    out
}

/// An address keeps its last two parts (district, province): "12 Hàng Bạc, Hoàn Kiếm, Hà Nội"
/// → "…, Hoàn Kiếm, Hà Nội". One or two parts: hidden whole.
pub fn mask_address(s: &str) -> String {
    let parts: Vec<&str> = s
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() <= 2 {
        return "…".to_string();
    }
    format!("…, {}", parts[parts.len() - 2..].join(", "))
}

/// `nguyenvana@example.vn` → `n•••@example.vn`.
pub fn mask_email(s: &str) -> String {
    match s.split_once('@') {
        Some((local, domain)) => {
            let first = local.chars().next().map(String::from).unwrap_or_default();
            format!("{first}{HIDDEN}{HIDDEN}{HIDDEN}@{domain}")
        }
        None => mask_number(s),
    }
}

impl Applicant {
    /// This applicant as a masked access shows them: the name as is, the rest masked.
    pub fn masked(&self) -> Applicant {
        Applicant {
            name: self.name.clone(),
            id_number: self.id_number.as_deref().map(mask_number),
            address: self.address.as_deref().map(mask_address),
            phone: self.phone.as_deref().map(mask_number),
            email: self.email.as_deref().map(mask_email),
            kind: self.kind,
        }
    }
}

impl Dossier {
    /// The dossier as `access` shows it: unchanged in full, the applicant masked otherwise.
    /// Never call with [`Access::Denied`]: a refused dossier is not shown at all (it comes
    /// back masked, so a slip shows nothing).
    pub fn disclosed(mut self, access: Access) -> Dossier {
        if !access.is_full() {
            self.applicant = self.applicant.masked();
        }
        self
    }
}

/// The history as `access` shows it: the creating event carries the applicant, masked unless
/// full.
pub fn disclose_events(mut events: Vec<Event>, access: Access) -> Vec<Event> {
    if access.is_full() {
        return events;
    }
    for e in &mut events {
        if let EventKind::Submitted { dossier } | EventKind::ReceivedAtDesk { dossier, .. } =
            &mut e.kind
        {
            dossier.applicant = dossier.applicant.masked();
        }
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::Relation;

    #[test]
    fn numbers_keep_their_first_and_last_four() {
        assert_eq!(mask_number("001099000123"), "0•••••••0123");
        assert_eq!(mask_number("0912-345-678"), "0•••••5678");
        assert_eq!(mask_number("12345"), "•••••");
        assert_eq!(mask_number(""), "•");
    }

    #[test]
    fn addresses_keep_district_and_province() {
        assert_eq!(
            mask_address("12 Hàng Bạc, Hoàn Kiếm, Hà Nội"),
            "…, Hoàn Kiếm, Hà Nội"
        );
        assert_eq!(mask_address("Hà Nội"), "…");
        assert_eq!(mask_email("nguyenvana@example.vn"), "n•••@example.vn");
    }

    #[test]
    fn masked_applicant_hides_every_identifier_but_the_name() {
        let a = Applicant {
            name: "Nguyễn Văn A".into(),
            id_number: Some("001099000123".into()),
            address: Some("12 Hàng Bạc, Hoàn Kiếm, Hà Nội".into()),
            phone: Some("0912345678".into()),
            email: Some("a@b.vn".into()),
            ..Applicant::default()
        };
        let m = a.masked();
        assert_eq!(m.name, a.name);
        for (full, masked) in [
            (&a.id_number, &m.id_number),
            (&a.phone, &m.phone),
            (&a.address, &m.address),
            (&a.email, &m.email),
        ] {
            assert_ne!(full, masked);
            assert!(masked.as_deref().is_some_and(|x| x.contains(['•', '…'])));
        }
        let full = Access::Full(Relation::Desk);
        assert_eq!(PersonalField::shown(&a, full).len(), 5);
        assert_eq!(
            PersonalField::shown(&a, Access::Masked(Relation::Unit)),
            vec![PersonalField::Name]
        );
        assert!(PersonalField::shown(&a, Access::Denied).is_empty());
    }

    proptest::proptest! {
        /// Masking never shows more than five of a number's characters, and never all of it.
        #[test]
        fn a_masked_number_never_gives_it_away(s in "[0-9A-Z .-]{0,20}") {
            let m = mask_number(&s);
            let shown = m.chars().filter(|c| *c != HIDDEN).count();
            let len = s.chars().filter(char::is_ascii_alphanumeric).count();
            proptest::prop_assert!(shown <= 5);
            proptest::prop_assert!(len == 0 || shown < len);
        }
    }
}
