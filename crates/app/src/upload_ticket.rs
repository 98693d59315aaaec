//! Upload tickets: proof that whoever references a file through the API uploaded it.
//!
//! A file reference names a blob by SHA-256, and the blob store holds every applicant's files
//! under such names. A hash alone must therefore never let a dossier gain a file: anyone who
//! learnt it (from a receipt, a log, a shared document) could attach someone else's file to a
//! dossier of their own and download it from there. `POST /api/v1/uploads` answers each file
//! with a ticket, an HMAC of its hash under a secret only the server knows; a dossier gains a
//! file through the API only with that ticket. Whoever uploads the same bytes gets the same
//! ticket, which gives them nothing they did not already hold. Pages never hand out hashes
//! to be sent back: they reference the files they stored themselves, without tickets.

use hmac::{Hmac, Mac};
use motcua_domain::dossier::{Dossier, FileRef};
use sha2::Sha256;

use crate::files::{referenced, AttachmentError};

type HmacSha256 = Hmac<Sha256>;

/// Bytes of the signing secret.
pub const KEY_BYTES: usize = 32;

fn mac(key: &[u8], sha256: &str) -> HmacSha256 {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let mut mac = match HmacSha256::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC accepts keys of every length"),
    };
    mac.update(b"motcua upload ticket v1\0");
    mac.update(sha256.trim().to_ascii_lowercase().as_bytes());
    mac
}

/// The ticket of the file with hash `sha256` under `key` (lower-case hex).
pub fn ticket(key: &[u8], sha256: &str) -> String {
    hex::encode(mac(key, sha256).finalize().into_bytes())
}

/// Whether `ticket` is the ticket of `sha256` under `key` (compared in constant time).
pub fn is_valid(key: &[u8], sha256: &str, ticket: &str) -> bool {
    match hex::decode(ticket.trim()) {
        Ok(bytes) => mac(key, sha256).verify_slice(&bytes).is_ok(),
        Err(_) => false,
    }
}

/// Checks that every reference `existing` (or a new dossier) does not already hold carries its
/// ticket; references the dossier already has need none (they grant nothing new).
pub fn check(
    key: &[u8],
    existing: Option<&Dossier>,
    refs: &[FileRef],
) -> Result<(), AttachmentError> {
    for f in refs {
        let sha256 = f.sha256.trim().to_ascii_lowercase();
        let held = existing.is_some_and(|d| referenced(d, &[]).any(|g| g.sha256 == sha256));
        let ticketed = f
            .upload_ticket
            .as_deref()
            .is_some_and(|t| is_valid(key, &sha256, t));
        if !held && !ticketed {
            return Err(AttachmentError::NoUploadTicket {
                sha256: f.sha256.clone(),
            });
        }
    }
    Ok(())
}

impl crate::App {
    /// The secret upload tickets are signed with: stored in the settings on first use (every
    /// node of an installation shares it), then kept in memory.
    async fn upload_key(&self) -> crate::Result<&[u8]> {
        let key = self
            .upload_key
            .get_or_try_init(|| async {
                use rand_core::RngCore;
                let mut fresh = [0u8; KEY_BYTES];
                rand_core::OsRng.fill_bytes(&mut fresh);
                let stored: String = motcua_store::settings::get_or_init(
                    &self.db,
                    motcua_store::settings::UPLOAD_TICKET_KEY,
                    &hex::encode(fresh),
                    "system",
                )
                .await?;
                hex::decode(stored.trim()).map_err(|e| {
                    crate::AppError::Unexpected(format!("upload ticket key is not hex: {e}"))
                })
            })
            .await?;
        Ok(key.as_slice())
    }

    /// Gives each freshly uploaded file its ticket (what `POST /api/v1/uploads` answers).
    pub async fn issue_upload_tickets(&self, files: &mut [FileRef]) -> crate::Result<()> {
        let key = self.upload_key().await?;
        for f in files {
            f.upload_ticket = Some(ticket(key, &f.sha256));
        }
        Ok(())
    }

    /// [`Self::check_files`] for references a client sent (the API): each file the dossier
    /// does not already hold must carry the ticket its upload returned.
    pub async fn check_uploaded_files(
        &self,
        d: Option<&Dossier>,
        refs: &mut [FileRef],
    ) -> crate::Result<()> {
        let key = self.upload_key().await?;
        check(key, d, refs)?;
        self.check_files(d, refs).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";
    const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    fn file(sha256: &str, ticket: Option<String>) -> FileRef {
        FileRef {
            sha256: sha256.to_owned(),
            name: "don.pdf".to_owned(),
            size: 1,
            content_type: None,
            component: None,
            upload_ticket: ticket,
        }
    }

    #[test]
    fn a_ticket_is_bound_to_its_hash_and_its_key() {
        let t = ticket(KEY, HASH);
        assert!(is_valid(KEY, HASH, &t));
        assert!(is_valid(KEY, &HASH.to_ascii_uppercase(), &t));
        assert!(!is_valid(b"another key", HASH, &t));
        assert!(!is_valid(KEY, &HASH.replace('9', "8"), &t));
        assert!(!is_valid(KEY, HASH, &t[..t.len() - 2]));
        assert!(!is_valid(KEY, HASH, "not hex"));
        assert!(!is_valid(KEY, HASH, ""));
    }

    #[test]
    fn a_new_reference_needs_its_ticket() {
        let good = file(HASH, Some(ticket(KEY, HASH)));
        assert!(check(KEY, None, std::slice::from_ref(&good)).is_ok());
        for bad in [
            file(HASH, None),
            file(HASH, Some(ticket(KEY, &HASH.replace('a', "b")))),
        ] {
            let refused = check(KEY, None, &[good.clone(), bad]);
            assert!(matches!(
                refused,
                Err(AttachmentError::NoUploadTicket { .. })
            ));
        }
    }
}
