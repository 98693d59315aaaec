mod samples;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::Poll;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use futures_util::stream::{self, Stream};
use motcua_files::*;
use tokio::io::AsyncReadExt;

const MB10: u64 = 10 * 1024 * 1024;

fn store() -> (tempfile::TempDir, BlobStore) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = BlobStore::open(dir.path().to_path_buf()).expect("open store");
    (dir, store)
}

/// `data` in chunks of `size` bytes, as a multipart body arrives.
fn chunks(data: &[u8], size: usize) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Unpin {
    let parts: Vec<_> = data
        .chunks(size)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    stream::iter(parts)
}

fn count_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .map(|e| e.expect("entry").path())
        .map(|p| if p.is_dir() { count_files(&p) } else { 1 })
        .sum()
}

/// Nothing half-stored: no temp file and no blob.
fn assert_empty(dir: &tempfile::TempDir) {
    assert_eq!(count_files(&dir.path().join("tmp")), 0, "tmp not empty");
    assert_eq!(count_files(&dir.path().join("blobs")), 0, "blobs not empty");
}

async fn put(store: &BlobStore, data: &[u8], name: &str) -> Result<StoredFile, UploadError> {
    store.put(chunks(data, 7), name, MB10).await
}

#[tokio::test]
async fn stores_each_allowed_format() {
    let (dir, store) = store();
    let cases: Vec<(Vec<u8>, &str, &str)> = vec![
        (samples::pdf(), "Đơn đề nghị.PDF", "application/pdf"),
        (samples::png(), "ảnh.png", "image/png"),
        (samples::jpeg(), "chân dung.jpeg", "image/jpeg"),
        (samples::tiff(), "bản quét.tif", "image/tiff"),
        (samples::docx(), "tờ khai.docx", sniff_docx()),
        (samples::docx_late_word_part(), "khác.docx", sniff_docx()),
        (samples::xlsx(), "bảng kê.xlsx", sniff_xlsx()),
        (
            samples::odt(),
            "văn bản.odt",
            "application/vnd.oasis.opendocument.text",
        ),
        (
            samples::ods(),
            "bảng tính.ods",
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        (samples::doc(), "cũ.doc", "application/msword"),
        (samples::xls(), "cũ.xls", "application/vnd.ms-excel"),
    ];
    for (data, name, mime) in cases {
        let stored = put(&store, &data, name)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(stored.mime, mime, "{name}");
        assert_eq!(stored.size, data.len() as u64);
        assert_eq!(stored.original_name, name);
        assert!(allowed(&stored.mime)
            .expect("allowed")
            .extensions
            .contains(&stored.extension.as_str()));

        let mut back = Vec::new();
        let mut f = store.open_blob(&stored.sha256).await.expect("open blob");
        f.read_to_end(&mut back).await.expect("read");
        assert_eq!(back, data, "{name}");
        assert_eq!(store.size(&stored.sha256).await.expect("size"), stored.size);
        assert!(store.exists(&stored.sha256).await.expect("exists"));
        let p = store.path(&stored.sha256).expect("path");
        let rel = p.strip_prefix(dir.path()).expect("under root");
        let expected = format!(
            "blobs/{}/{}/{}",
            &stored.sha256[..2],
            &stored.sha256[2..4],
            stored.sha256
        );
        assert_eq!(rel, Path::new(&expected));
    }
    assert_eq!(count_files(&dir.path().join("tmp")), 0);
}

fn sniff_docx() -> &'static str {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
}

fn sniff_xlsx() -> &'static str {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}

#[test]
fn late_word_part_is_beyond_what_infer_sees_in_the_head() {
    // Why the central directory is read: the head alone does not say DOCX.
    let data = samples::docx_late_word_part();
    assert!(!infer::doc::is_docx(&data[..8 * 1024]));
}

#[tokio::test]
async fn sha256_is_of_the_content() {
    let (_dir, store) = store();
    let data = samples::pdf();
    let stored = put(&store, &data, "a.pdf").await.expect("stored");
    use sha2::Digest;
    assert_eq!(stored.sha256, hex::encode(sha2::Sha256::digest(&data)));
}

#[tokio::test]
async fn refuses_executables_and_unknown_content() {
    let (dir, store) = store();
    for (data, name) in [(samples::elf(), "hoso.pdf"), (samples::exe(), "hoso.pdf")] {
        match put(&store, &data, name).await {
            Err(UploadError::NotAllowed { detected: Some(d) }) => {
                assert!(d.contains("executable"), "{d}")
            }
            other => panic!("{other:?}"),
        }
    }
    match put(&store, b"just some text\n", "ghi chu.pdf").await {
        Err(UploadError::NotAllowed { detected: None }) => {}
        other => panic!("{other:?}"),
    }
    // Containers of a kind not on the list.
    for (data, expected) in [
        (samples::plain_zip(), "application/zip"),
        (
            samples::pptx(),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
    ] {
        match put(&store, &data, "tai lieu.docx").await {
            Err(UploadError::NotAllowed { detected: Some(d) }) => assert_eq!(d, expected),
            other => panic!("{other:?}"),
        }
    }
    assert_empty(&dir);
}

#[tokio::test]
async fn extension_must_agree_with_content() {
    let (dir, store) = store();
    for (data, name, ext) in [
        (samples::pdf(), "to khai.docx", "docx"),
        (samples::docx(), "to khai.pdf", "pdf"),
        (samples::xlsx(), "bang.docx", "docx"),
        (samples::png(), "anh.jpg", "jpg"),
        (samples::pdf(), "khong-duoi", ""),
    ] {
        match put(&store, &data, name).await {
            Err(UploadError::ExtensionMismatch { extension, .. }) => assert_eq!(extension, ext),
            other => panic!("{name}: {other:?}"),
        }
    }
    assert_empty(&dir);
}

#[tokio::test]
async fn refuses_empty() {
    let (dir, store) = store();
    let r = store.put(chunks(b"", 4), "rong.pdf", MB10).await;
    assert!(matches!(r, Err(UploadError::Empty)), "{r:?}");
    let no_chunks = stream::iter(Vec::<Result<Bytes, std::io::Error>>::new());
    let r = store.put(no_chunks, "rong.pdf", MB10).await;
    assert!(matches!(r, Err(UploadError::Empty)), "{r:?}");
    assert_empty(&dir);
}

#[tokio::test]
async fn limit_is_inclusive_and_exceeding_by_one_byte_refuses() {
    let (dir, store) = store();
    let limit = 20_000u64;
    let over = samples::pdf_of_len(limit as usize + 1);
    let r = store.put(chunks(&over, 1000), "lon.pdf", limit).await;
    assert!(
        matches!(r, Err(UploadError::TooLarge { limit: 20_000 })),
        "{r:?}"
    );
    assert_empty(&dir);

    let exact = samples::pdf_of_len(limit as usize);
    let stored = store
        .put(chunks(&exact, 1000), "vua.pdf", limit)
        .await
        .expect("exactly at the limit");
    assert_eq!(stored.size, limit);
}

#[tokio::test]
async fn same_content_twice_is_one_blob() {
    let (dir, store) = store();
    let data = samples::docx();
    let a = put(&store, &data, "lần 1.docx").await.expect("first");
    let b = store
        .put(chunks(&data, 1024), "lần 2.docx", MB10)
        .await
        .expect("second");
    assert_eq!(a.sha256, b.sha256);
    assert_eq!(b.original_name, "lần 2.docx");
    assert_eq!(count_files(&dir.path().join("blobs")), 1);
    assert_eq!(count_files(&dir.path().join("tmp")), 0);
}

#[tokio::test]
async fn stream_error_midway_leaves_nothing() {
    let (dir, store) = store();
    let data = samples::pdf_of_len(30_000);
    let mut parts: Vec<Result<Bytes, std::io::Error>> = data
        .chunks(4096)
        .take(3)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    parts.push(Err(std::io::Error::other("connection reset")));
    let r = store.put(stream::iter(parts), "dut.pdf", MB10).await;
    match r {
        Err(UploadError::Stream(m)) => assert!(m.contains("connection reset")),
        other => panic!("{other:?}"),
    }
    assert_empty(&dir);
}

#[tokio::test]
async fn disallowed_content_is_refused_before_the_stream_ends() {
    let (dir, store) = store();
    let mut head = samples::elf();
    head.resize(16 * 1024, 0);
    let mut parts: Vec<Result<Bytes, std::io::Error>> = vec![Ok(Bytes::from(head))];
    parts.push(Err(std::io::Error::other("never reached")));
    let r = store.put(stream::iter(parts), "virus.pdf", MB10).await;
    assert!(matches!(r, Err(UploadError::NotAllowed { .. })), "{r:?}");
    assert_empty(&dir);
}

#[tokio::test]
async fn cancelled_put_leaves_nothing() {
    let (dir, store) = store();
    let tmp = dir.path().join("tmp");
    let data = samples::pdf_of_len(20_000);
    let saw_temp_file = Arc::new(AtomicBool::new(false));
    let saw = saw_temp_file.clone();
    let mut sent = 0;
    // Sends half the file, then stalls like a client that went quiet.
    let stalled = stream::poll_fn(move |_cx| {
        if sent < 10_000 {
            sent += 1_000;
            return Poll::Ready(Some(Ok::<_, std::io::Error>(Bytes::copy_from_slice(
                &data[sent - 1_000..sent],
            ))));
        }
        saw.store(count_files(&tmp) == 1, Ordering::SeqCst);
        Poll::Pending
    });
    let r = tokio::time::timeout(
        Duration::from_millis(200),
        store.put(stalled, "treo.pdf", MB10),
    )
    .await;
    assert!(r.is_err(), "put should still be waiting");
    assert!(
        saw_temp_file.load(Ordering::SeqCst),
        "upload was in progress"
    );
    assert_empty(&dir);
}

#[tokio::test]
async fn hashes_are_validated_before_touching_the_disk() {
    let (_dir, store) = store();
    for bad in [
        "../..",
        "../../etc/passwd",
        "",
        "ab/cd",
        &"A".repeat(64),
        &format!("{}/", "a".repeat(63)),
        &"g".repeat(64),
    ] {
        assert!(
            matches!(store.path(bad), Err(FileError::InvalidHash(_))),
            "{bad}"
        );
        assert!(matches!(
            store.open_blob(bad).await,
            Err(FileError::InvalidHash(_))
        ));
        assert!(matches!(
            store.exists(bad).await,
            Err(FileError::InvalidHash(_))
        ));
        assert!(matches!(
            store.size(bad).await,
            Err(FileError::InvalidHash(_))
        ));
    }
    let missing = "0".repeat(64);
    assert!(!store.exists(&missing).await.expect("valid"));
    assert!(matches!(
        store.open_blob(&missing).await,
        Err(FileError::NotFound(_))
    ));
    assert!(matches!(
        store.size(&missing).await,
        Err(FileError::NotFound(_))
    ));
}

#[tokio::test]
async fn open_removes_stale_temp_files_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    drop(BlobStore::open(dir.path().to_path_buf()).expect("open"));
    let tmp = dir.path().join("tmp");
    let stale = tmp.join("upload-1-2-3.part");
    let fresh = tmp.join("upload-4-5-6.part");
    std::fs::write(&stale, b"half").expect("write");
    std::fs::write(&fresh, b"half").expect("write");
    let old = SystemTime::now() - STALE_TEMP_AGE - Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .and_then(|f| f.set_modified(old))
        .expect("age the file");
    BlobStore::open(dir.path().to_path_buf()).expect("reopen");
    assert!(!stale.exists(), "stale temp file removed");
    assert!(fresh.exists(), "a live upload of another process is kept");
}

#[tokio::test]
async fn stored_name_is_sanitized() {
    let (_dir, store) = store();
    let stored = put(&store, &samples::pdf(), "C:\\fakepath\\..\\Giấy\ttờ.PDF")
        .await
        .expect("stored");
    assert_eq!(stored.original_name, "Giấytờ.PDF");
    assert_eq!(stored.extension, "pdf");
}
