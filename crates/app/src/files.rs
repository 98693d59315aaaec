//! Attachments as dossiers see them: the upload limits, and the check a dossier's file
//! references pass before any command carrying them runs. A reference names a blob by SHA-256;
//! its size and type are taken from the blob store, never from the client.

use std::collections::HashMap;
use std::path::PathBuf;

use motcua_domain::dossier::{Command, Dossier, Event, EventKind, FileRef};
use motcua_files::{extension_of, sanitize_name, BlobStore, FileError};
use motcua_store::uploads;

pub use crate::attachment_error::AttachmentError;

/// Largest single file: 10 MB.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// Largest total of the distinct files one dossier references (and of one upload request):
/// 50 MB.
pub const MAX_DOSSIER_BYTES: u64 = 50 * 1024 * 1024;
/// Room for multipart boundaries, part headers and the `component` field on top of the files
/// of one upload request.
pub const MULTIPART_OVERHEAD: u64 = 256 * 1024;

/// Where attachments live and how large they may be.
#[derive(Debug, Clone)]
pub struct UploadConfig {
    /// The blob store's root (`<data dir>/files`). Read once, by [`crate::App::open`].
    pub dir: PathBuf,
    pub max_file: u64,
    pub max_dossier: u64,
}

impl UploadConfig {
    /// The default limits, storing under `dir`.
    pub fn new(dir: PathBuf) -> Self {
        UploadConfig {
            dir,
            max_file: MAX_FILE_BYTES,
            max_dossier: MAX_DOSSIER_BYTES,
        }
    }

    /// The body limit of the upload route: one request carries at most a dossier's worth.
    pub fn request_limit(&self) -> usize {
        usize::try_from(self.max_dossier.saturating_add(MULTIPART_OVERHEAD)).unwrap_or(usize::MAX)
    }
}

/// Every file a dossier references: its own (submission and supplements), its result's, and
/// any an event carries.
pub fn referenced<'a>(d: &'a Dossier, events: &'a [Event]) -> impl Iterator<Item = &'a FileRef> {
    let result = d.result.iter().flat_map(|r| r.files.iter());
    let from_events = events.iter().flat_map(|e| match &e.kind {
        EventKind::Submitted { dossier } | EventKind::ReceivedAtDesk { dossier, .. } => {
            dossier.files.as_slice()
        }
        EventKind::IntakeSupplemented { files } | EventKind::Supplemented { files, .. } => {
            files.as_slice()
        }
        EventKind::Signed { result } => result.files.as_slice(),
        _ => &[],
    });
    d.files.iter().chain(result).chain(from_events)
}

/// The files a command brings in, if any.
pub fn command_files(cmd: &mut Command) -> Option<&mut Vec<FileRef>> {
    match cmd {
        Command::Supplement { files, .. } | Command::Sign { files, .. } => Some(files),
        Command::SubmitOnline { dossier } | Command::ReceiveAtDesk { dossier, .. } => {
            Some(&mut dossier.files)
        }
        _ => None,
    }
}

/// Checks and rewrites the references a dossier (`existing`, or a new one) is about to gain:
/// each blob must exist; size and content type become the stored ones; the name is cleaned and
/// must carry an extension of the stored type; and the distinct files of the dossier must stay
/// within `max_dossier` bytes.
pub async fn check_refs(
    blobs: &BlobStore,
    max_dossier: u64,
    existing: Option<&Dossier>,
    refs: &mut [FileRef],
) -> Result<(), AttachmentError> {
    let mut sizes: HashMap<String, u64> = HashMap::new();
    if let Some(d) = existing {
        for f in referenced(d, &[]) {
            sizes.insert(f.sha256.clone(), f.size);
        }
    }
    for f in refs.iter_mut() {
        let sha256 = f.sha256.trim().to_ascii_lowercase();
        let unknown = || AttachmentError::UnknownFile {
            sha256: f.sha256.clone(),
        };
        let size = match blobs.size(&sha256).await {
            Ok(size) => size,
            Err(FileError::NotFound(_) | FileError::InvalidHash(_)) => return Err(unknown()),
            Err(e) => return Err(e.into()),
        };
        let Some(kind) = blobs.detect(&sha256).await? else {
            // Never stored by an upload: treat it as absent.
            return Err(unknown());
        };
        let name = sanitize_name(&f.name);
        if !kind.extensions.contains(&extension_of(&name).as_str()) {
            return Err(AttachmentError::NameMismatch {
                name,
                detected: kind.mime,
            });
        }
        f.sha256 = sha256;
        // Proof for this request only: what is stored never lets anyone attach it again.
        f.upload_ticket = None;
        f.name = name;
        f.size = size;
        f.content_type = Some(kind.mime.to_owned());
        f.component = f
            .component
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned);
        sizes.insert(f.sha256.clone(), size);
    }
    let total: u64 = sizes.values().sum();
    if total > max_dossier {
        return Err(AttachmentError::DossierTooLarge {
            total,
            limit: max_dossier,
        });
    }
    Ok(())
}

/// A stored file opened for reading, with what a response needs to say about it.
#[derive(Debug)]
pub struct OpenedFile {
    pub file: FileRef,
    pub blob: tokio::fs::File,
    pub len: u64,
    /// The stored type when it is on the allowlist (only allowlisted types are ever stored);
    /// opaque bytes otherwise.
    pub content_type: &'static str,
}

impl crate::App {
    /// File `sha256` of dossier `d` (which the caller was allowed to see), if the dossier or
    /// its log references it; anything else is [`AppError::NotFound`](crate::AppError).
    pub async fn dossier_file(&self, d: &Dossier, sha256: &str) -> crate::Result<OpenedFile> {
        let sha256 = sha256.to_ascii_lowercase();
        let file = match referenced(d, &[]).find(|f| f.sha256 == sha256) {
            Some(f) => f.clone(),
            None => {
                let events = motcua_store::dossiers::events(&self.db, &d.code).await?;
                let found = referenced(d, &events).find(|f| f.sha256 == sha256).cloned();
                found.ok_or_else(|| crate::AppError::NotFound(format!("file {sha256}")))?
            }
        };
        self.open_file(&file).await
    }

    /// Opens one stored file the caller decided may be seen. A blob missing from the store
    /// is [`AppError::NotFound`](crate::AppError), not a failure of ours.
    pub async fn open_file(&self, file: &FileRef) -> crate::Result<OpenedFile> {
        let blob = match self.blobs.open_blob(&file.sha256).await {
            Ok(b) => b,
            Err(FileError::Io(e)) => {
                return Err(AttachmentError::Storage(FileError::Io(e)).into());
            }
            Err(_) => return Err(crate::AppError::NotFound(format!("file {}", file.sha256))),
        };
        let len = blob
            .metadata()
            .await
            .map_err(|e| AttachmentError::Storage(e.into()))?
            .len();
        let content_type = file
            .content_type
            .as_deref()
            .and_then(motcua_files::allowed)
            .map_or("application/octet-stream", |t| t.mime);
        Ok(OpenedFile {
            file: file.clone(),
            blob,
            len,
            content_type,
        })
    }

    /// Checks and rewrites the file references `d` (or a new dossier) is about to gain, against
    /// this application's blob store and per-dossier limit (see [`check_refs`]).
    pub async fn check_files(
        &self,
        d: Option<&Dossier>,
        refs: &mut [FileRef],
    ) -> Result<(), AttachmentError> {
        check_refs(&self.blobs, self.uploads.max_dossier, d, refs).await
    }
}

/// How long an upload may wait to be referenced before the sweep removes it: well beyond a
/// portal draft's life (which the sweep also respects) and a working week for API clients.
pub const UPLOAD_RETENTION: chrono::Duration = chrono::Duration::days(7);
/// Uploads looked at per sweep pass (the rest wait for the next pass).
const SWEEP_BATCH: i64 = 500;

/// What one sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    /// Blobs removed: referenced by nothing.
    pub removed: usize,
    /// Old uploads found referenced (kept, and no longer pending).
    pub kept: usize,
}

impl crate::App {
    /// Records an upload (stored with [`BlobStore::put_new`] by the upload doors) as pending,
    /// so the sweep removes it if nothing ever references it. The caller undoes a refused
    /// request with [`Self::discard_uploads`].
    pub async fn note_upload(&self, sha256: &str) -> crate::Result<()> {
        Ok(uploads::record(&self.db, sha256, chrono::Utc::now()).await?)
    }

    /// Removes the blobs a refused upload request created (`created`: the hashes whose
    /// [`motcua_files::Put::created`] was true), so a refused request leaves nothing behind.
    /// Blobs that were already stored (another dossier's, perhaps) are never in that list.
    pub async fn discard_uploads(&self, created: &[String]) {
        for sha256 in created {
            if let Err(e) = self.blobs.remove(sha256).await {
                tracing::warn!(error = %e, sha256, "refused upload not removed");
            }
        }
    }

    /// Removes every upload older than `retention` (before `now`) that no dossier event and no
    /// live submission draft references; forgets the ones that are referenced. Run by the
    /// server every hour.
    pub async fn sweep_uploads(
        &self,
        now: chrono::DateTime<chrono::Utc>,
        retention: chrono::Duration,
    ) -> crate::Result<Swept> {
        let before = now - retention;
        let mut swept = Swept::default();
        for sha256 in uploads::older_than(&self.db, before, SWEEP_BATCH).await? {
            // Forgotten first, and only if not uploaded again since: a new upload of the same
            // bytes keeps its blob. A crash after this leaves an unreferenced blob behind,
            // never a reference to a removed one.
            if !uploads::forget(&self.db, &sha256, before).await? {
                continue;
            }
            if uploads::referenced(&self.db, &sha256, now).await? {
                swept.kept += 1;
                continue;
            }
            self.blobs.remove(&sha256).await.map_err(|e| {
                crate::AppError::Unexpected(format!("removing upload {sha256}: {e}"))
            })?;
            swept.removed += 1;
        }
        Ok(swept)
    }
}
