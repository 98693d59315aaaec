//! What a dossier change tells the outside world (issue 4 item 10, issue 17 item 2, domain.md
//! §4 and §9): notices to the applicant on every channel they gave (an e-mail, and a text
//! message when the phone is a mobile number), each with the link to the dossier's page, and, for every
//! status change, the national-portal sync record. Pure: the store queues what [`notices`]
//! returns in the same transaction as the change, and a worker delivers it.

mod applicant;
mod feedback;
mod notice;
mod portal;

use crate::dossier::{Dossier, Event};

pub use feedback::{feedback_link, feedback_notices};
pub use notice::{dossier_link, portal_time, vn_display, Notice, NoticeChannel, Source};

pub use portal::{
    portal_record, PortalFee, PortalFile, PortalHandling, PortalRecord, PortalResultDoc,
    PortalSupplement,
};

/// The notices produced by `events` (one change, in order), `d` being the dossier after them.
pub fn notices(d: &Dossier, src: &Source<'_>, events: &[Event]) -> Vec<Notice> {
    let mut out = Vec::new();
    for e in events {
        out.extend(applicant::notices(d, src, e));
        if changes_status(e) {
            out.push(Notice {
                channel: NoticeChannel::NationalPortal,
                dossier_code: d.code.clone(),
                recipient: None,
                subject: Some(format!(
                    "Đồng bộ hồ sơ {} — {}",
                    d.code,
                    e.to.national().portal_code()
                )),
                body: portal::record_json(&portal_record(d, src, e)),
            });
        }
    }
    out
}

/// Whether `e` moves the dossier to another status (creating it counts).
pub fn changes_status(e: &Event) -> bool {
    e.from != Some(e.to)
}

#[cfg(test)]
mod tests;
