//! Zip containers (DOCX, XLSX, ODT, ODS…) are refused when their entries would inflate past
//! [`MAX_INFLATED_BYTES`] (a "zip bomb": a few megabytes that open as gigabytes on an
//! officer's computer or in any tool that reads them). The sizes are read from the central
//! directory by the `zip` crate, without inflating anything: they are what a reader allocates
//! for, and a reader refuses an entry whose data does not match its declared size and CRC.

use std::path::Path;

/// The most a stored office document may hold once unpacked: 100 MiB (ten times the largest
/// upload, far above any real document of that size).
pub const MAX_INFLATED_BYTES: u64 = 100 * 1024 * 1024;
/// The most entries an office document may have (a real one has tens to a few hundred).
pub const MAX_ENTRIES: usize = 10_000;

/// The declared unpacked size of the archive at `path`, counting every entry; `u64::MAX` when
/// it has more than [`MAX_ENTRIES`] entries. `None` when it cannot be read as a zip archive
/// (the content check decides about such a file).
pub(crate) fn inflated_size(path: &Path) -> std::io::Result<Option<u64>> {
    let file = std::fs::File::open(path)?;
    let Ok(mut archive) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(None);
    };
    if archive.len() > MAX_ENTRIES {
        return Ok(Some(u64::MAX));
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            return Ok(None);
        };
        total = total.saturating_add(entry.size());
    }
    Ok(Some(total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn archive(entries: &[(&str, usize)]) -> tempfile::NamedTempFile {
        let tmp = tempfile::NamedTempFile::new().expect("tmp");
        let mut w = zip::ZipWriter::new(tmp.reopen().expect("reopen"));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, size) in entries {
            w.start_file(*name, opts).expect("start");
            let chunk = vec![0u8; 1 << 20];
            let mut left = *size;
            while left > 0 {
                let n = left.min(chunk.len());
                w.write_all(&chunk[..n]).expect("write");
                left -= n;
            }
        }
        w.finish().expect("finish");
        tmp
    }

    #[test]
    fn sums_declared_sizes_without_inflating() {
        let small = archive(&[("[Content_Types].xml", 100), ("word/document.xml", 2000)]);
        assert_eq!(inflated_size(small.path()).expect("read"), Some(2100));
        let big = archive(&[("word/document.xml", 110 << 20)]);
        let compressed = std::fs::metadata(big.path()).expect("meta").len();
        assert!(compressed < 1 << 20, "a bomb is small: {compressed}");
        assert!(inflated_size(big.path()).expect("read") > Some(MAX_INFLATED_BYTES));
    }

    #[test]
    fn not_a_zip_is_left_to_the_content_check() {
        let tmp = tempfile::NamedTempFile::new().expect("tmp");
        std::fs::write(tmp.path(), b"PK\x03\x04 not really").expect("write");
        assert_eq!(inflated_size(tmp.path()).expect("read"), None);
    }
}
