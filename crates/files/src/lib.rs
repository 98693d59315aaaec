//! Content-addressed attachment store for dossier files.
//!
//! Uploads stream to `root/tmp/` while being hashed and counted, are sniffed against
//! [`ALLOWED`], then fsynced and renamed into `root/blobs/ab/cd/<sha256>`. A file is either
//! fully stored under its hash or not at all: every refusal, error or dropped future removes
//! the temp file. No database and no HTTP types: the caller records [`StoredFile`] and serves
//! the blob with [`content_disposition`] and `nosniff`.

mod error;
mod inflate;
mod name;
mod sniff;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncWriteExt, BufWriter};

pub use error::{format_size, FileError, UploadError};
pub use inflate::{MAX_ENTRIES, MAX_INFLATED_BYTES};
pub use name::{content_disposition, extension_of, sanitize_name, MAX_NAME_CHARS};
pub use sniff::{allowed, AllowedType, ALLOWED};

use sniff::Head;

/// Temp files older than this are leftovers of a crash and removed by [`BlobStore::open`];
/// younger ones may belong to another live process sharing the directory.
pub const STALE_TEMP_AGE: Duration = Duration::from_secs(60 * 60);
const TEMP_SUFFIX: &str = ".part";

/// What was stored; the caller keeps it with the dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredFile {
    /// Lowercase hex; the blob's name.
    pub sha256: String,
    pub size: u64,
    pub mime: String,
    /// The declared extension, lowercase, without the dot; agrees with `mime`.
    pub extension: String,
    /// See [`sanitize_name`].
    pub original_name: String,
}

/// What [`BlobStore::put_new`] did: the stored file, and whether this upload created the
/// blob (rather than finding the same bytes already stored, perhaps another dossier's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Put {
    pub file: StoredFile,
    pub created: bool,
}

#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
}

impl BlobStore {
    /// Creates `root/blobs` and `root/tmp` if needed and removes stale temp files.
    pub fn open(root: PathBuf) -> Result<BlobStore, FileError> {
        std::fs::create_dir_all(root.join("blobs"))?;
        let tmp = root.join("tmp");
        std::fs::create_dir_all(&tmp)?;
        let now = SystemTime::now();
        for entry in std::fs::read_dir(&tmp)? {
            let entry = entry?;
            if !entry.file_name().to_string_lossy().ends_with(TEMP_SUFFIX) {
                continue;
            }
            let modified = entry.metadata()?.modified()?;
            if now.duration_since(modified).unwrap_or_default() >= STALE_TEMP_AGE {
                // Best effort: a file removed meanwhile is not an error.
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Ok(BlobStore { root })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Streams an upload into the store; see the crate docs. `limit` is the largest accepted
    /// size in bytes: the stream is refused as soon as it passes it.
    pub async fn put<E: std::fmt::Display>(
        &self,
        stream: impl Stream<Item = Result<Bytes, E>> + Unpin,
        original_name: &str,
        limit: u64,
    ) -> Result<StoredFile, UploadError> {
        self.put_new(stream, original_name, limit)
            .await
            .map(|p| p.file)
    }

    /// [`Self::put`], also saying whether the blob is new (see [`Put`]): a caller that must
    /// undo a refused batch removes only what it created.
    pub async fn put_new<E: std::fmt::Display>(
        &self,
        mut stream: impl Stream<Item = Result<Bytes, E>> + Unpin,
        original_name: &str,
        limit: u64,
    ) -> Result<Put, UploadError> {
        let original_name = sanitize_name(original_name);
        let extension = extension_of(&original_name);
        let tmp_path = self.temp_path();
        let mut guard = TempGuard(Some(tmp_path.clone()));
        // Created synchronously: a future dropped during an async open could create the file
        // after the guard had already run.
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp_path)?;
        let file = tokio::fs::File::from_std(file);
        let mut out = BufWriter::with_capacity(64 * 1024, file);
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        let mut head: Vec<u8> = Vec::with_capacity(sniff::HEAD_LEN);
        let mut verdict: Option<Head> = None;

        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| UploadError::Stream(e.to_string()))?;
            size += chunk.len() as u64;
            if size > limit {
                return Err(UploadError::TooLarge { limit });
            }
            if verdict.is_none() {
                let take = (sniff::HEAD_LEN - head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..take]);
                if head.len() == sniff::HEAD_LEN {
                    // Refuse early rather than receive a whole disallowed file.
                    let v = sniff::sniff_head(&head);
                    if let Head::Refused(detected) = v {
                        return Err(UploadError::NotAllowed { detected });
                    }
                    verdict = Some(v);
                }
            }
            hasher.update(&chunk);
            out.write_all(&chunk).await?;
        }
        if size == 0 {
            return Err(UploadError::Empty);
        }
        out.flush().await?;
        let file = out.into_inner();
        file.sync_all().await?;
        drop(file);

        let verdict = verdict.unwrap_or_else(|| sniff::sniff_head(&head));
        let mime = match verdict {
            Head::Allowed(t) => t.mime,
            Head::Refused(detected) => return Err(UploadError::NotAllowed { detected }),
            Head::Zip => blocking(&tmp_path, sniff::classify_zip).await??,
            Head::Ole => blocking(&tmp_path, sniff::classify_ole).await?,
        };
        let Some(allowed) = sniff::allowed(mime) else {
            return Err(UploadError::NotAllowed {
                detected: Some(mime.to_owned()),
            });
        };
        if !allowed.extensions.contains(&extension.as_str()) {
            return Err(UploadError::ExtensionMismatch {
                extension,
                detected: mime.to_owned(),
            });
        }
        if head.starts_with(b"PK\x03\x04") {
            let inflated = blocking(&tmp_path, inflate::inflated_size).await??;
            if inflated.is_some_and(|n| n > MAX_INFLATED_BYTES) {
                return Err(UploadError::Inflated {
                    limit: MAX_INFLATED_BYTES,
                });
            }
        }

        let sha256 = hex::encode(hasher.finalize());
        let dest = self.blob_path(&sha256);
        let (dir_created, dir) = self.ensure_blob_dir(&dest).await?;
        let created = !tokio::fs::try_exists(&dest).await?;
        if !created {
            // Dedupe: same hash, same bytes; the guard drops our copy.
        } else {
            tokio::fs::rename(&tmp_path, &dest).await?;
            guard.disarm();
            // The rename is durable only once the directory entry is.
            let blobs = self.root.join("blobs");
            tokio::task::spawn_blocking(move || -> std::io::Result<()> {
                sync_dir(&dir)?;
                if dir_created {
                    if let Some(parent) = dir.parent() {
                        sync_dir(parent)?;
                    }
                    sync_dir(&blobs)?;
                }
                Ok(())
            })
            .await
            .map_err(std::io::Error::other)??;
        }
        Ok(Put {
            file: StoredFile {
                sha256,
                size,
                mime: mime.to_owned(),
                extension,
                original_name,
            },
            created,
        })
    }

    /// Removes a stored blob (a refused batch's, or an upload nothing kept). A blob already
    /// gone is not an error.
    pub async fn remove(&self, sha256: &str) -> Result<(), FileError> {
        match tokio::fs::remove_file(self.path(sha256)?).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Opens a stored blob for reading. (Not `open`: that name is the constructor.)
    pub async fn open_blob(&self, sha256: &str) -> Result<tokio::fs::File, FileError> {
        let path = self.path(sha256)?;
        match tokio::fs::File::open(&path).await {
            Ok(f) => Ok(f),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(FileError::NotFound(sha256.to_owned()))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Where a blob lives (whether or not it exists). Refuses anything but 64 lowercase hex
    /// digits, so a hash from a URL can never point outside the store.
    pub fn path(&self, sha256: &str) -> Result<PathBuf, FileError> {
        if !is_sha256_hex(sha256) {
            return Err(FileError::InvalidHash(sha256.chars().take(80).collect()));
        }
        Ok(self.blob_path(sha256))
    }

    pub async fn exists(&self, sha256: &str) -> Result<bool, FileError> {
        Ok(tokio::fs::try_exists(self.path(sha256)?).await?)
    }

    /// The stored size in bytes.
    pub async fn size(&self, sha256: &str) -> Result<u64, FileError> {
        match tokio::fs::metadata(self.path(sha256)?).await {
            Ok(m) => Ok(m.len()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(FileError::NotFound(sha256.to_owned()))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The content type of a stored blob, sniffed again from its bytes the way [`Self::put`]
    /// decided it: `None` when it is not on the allowlist (which `put` never stores). Callers
    /// take the type from here, never from what a client claims.
    pub async fn detect(&self, sha256: &str) -> Result<Option<&'static AllowedType>, FileError> {
        use tokio::io::AsyncReadExt;
        let path = self.path(sha256)?;
        let mut head = Vec::with_capacity(sniff::HEAD_LEN);
        self.open_blob(sha256)
            .await?
            .take(sniff::HEAD_LEN as u64)
            .read_to_end(&mut head)
            .await?;
        let mime = match sniff::sniff_head(&head) {
            Head::Allowed(t) => t.mime,
            Head::Refused(_) => return Ok(None),
            Head::Zip => blocking(&path, sniff::classify_zip).await??,
            Head::Ole => blocking(&path, sniff::classify_ole).await?,
        };
        Ok(sniff::allowed(mime))
    }

    fn blob_path(&self, sha256: &str) -> PathBuf {
        self.root
            .join("blobs")
            .join(&sha256[0..2])
            .join(&sha256[2..4])
            .join(sha256)
    }

    /// Creates the blob's directory; says whether it had to (then its parents need a sync).
    async fn ensure_blob_dir(&self, dest: &Path) -> std::io::Result<(bool, PathBuf)> {
        let dir = dest
            .parent()
            .map(Path::to_path_buf)
            .ok_or_else(|| std::io::Error::other("blob path without parent"))?;
        let created = !tokio::fs::try_exists(&dir).await?;
        if created {
            tokio::fs::create_dir_all(&dir).await?;
        }
        Ok((created, dir))
    }

    fn temp_path(&self) -> PathBuf {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        // Unique per process and call; `create_new` catches the impossible collision.
        self.root.join("tmp").join(format!(
            "upload-{}-{nanos}-{n}{TEMP_SUFFIX}",
            std::process::id()
        ))
    }
}

fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Runs a file-inspecting function off the async threads.
async fn blocking<T: Send + 'static>(path: &Path, f: fn(&Path) -> T) -> Result<T, std::io::Error> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || f(&path))
        .await
        .map_err(std::io::Error::other)
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

/// Removes the temp file unless disarmed: on every early return, error and dropped future.
struct TempGuard(Option<PathBuf>);

impl TempGuard {
    fn disarm(&mut self) {
        self.0 = None;
    }
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            // Synchronous on purpose: Drop cannot await, and an unlink is quick.
            let _ = std::fs::remove_file(path);
        }
    }
}
