//! Content sniffing against the allowlist.
//!
//! Most types are decided from the first bytes with `infer`. Two container families need more:
//! OOXML (DOCX/XLSX) are ZIPs whose kind shows only in the entry names, which `infer` guesses
//! from the first few local headers and misses for some writers, so we read the ZIP's central
//! directory at the end of the file; DOC/XLS are OLE compound files whose kind is the root
//! CLSID, which needs the directory sectors anywhere in the file.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use serde::Serialize;

/// One accepted format: what the web layer prints as "accepted formats".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AllowedType {
    pub mime: &'static str,
    /// Lowercase, without the dot; the first is the canonical one.
    pub extensions: &'static [&'static str],
    pub label: &'static str,
}

pub const PDF: &str = "application/pdf";
pub const JPEG: &str = "image/jpeg";
pub const PNG: &str = "image/png";
pub const TIFF: &str = "image/tiff";
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const ODT: &str = "application/vnd.oasis.opendocument.text";
pub const ODS: &str = "application/vnd.oasis.opendocument.spreadsheet";
pub const DOC: &str = "application/msword";
pub const XLS: &str = "application/vnd.ms-excel";
const ZIP: &str = "application/zip";
const PPTX: &str = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
const OLE: &str = "application/x-ole-storage";

/// The allowlist. PDF first: it is the format we ask people to convert to.
pub const ALLOWED: &[AllowedType] = &[
    AllowedType {
        mime: PDF,
        extensions: &["pdf"],
        label: "PDF",
    },
    AllowedType {
        mime: JPEG,
        extensions: &["jpg", "jpeg"],
        label: "JPEG",
    },
    AllowedType {
        mime: PNG,
        extensions: &["png"],
        label: "PNG",
    },
    AllowedType {
        mime: TIFF,
        extensions: &["tif", "tiff"],
        label: "TIFF",
    },
    AllowedType {
        mime: DOCX,
        extensions: &["docx"],
        label: "Word (DOCX)",
    },
    AllowedType {
        mime: DOC,
        extensions: &["doc"],
        label: "Word 97-2003 (DOC)",
    },
    AllowedType {
        mime: XLSX,
        extensions: &["xlsx"],
        label: "Excel (XLSX)",
    },
    AllowedType {
        mime: XLS,
        extensions: &["xls"],
        label: "Excel 97-2003 (XLS)",
    },
    AllowedType {
        mime: ODT,
        extensions: &["odt"],
        label: "OpenDocument Text (ODT)",
    },
    AllowedType {
        mime: ODS,
        extensions: &["ods"],
        label: "OpenDocument Spreadsheet (ODS)",
    },
];

/// How many leading bytes are buffered for sniffing.
pub(crate) const HEAD_LEN: usize = 8 * 1024;

pub fn allowed(mime: &str) -> Option<&'static AllowedType> {
    ALLOWED.iter().find(|t| t.mime == mime)
}

/// "PDF, JPEG, …" for messages.
pub(crate) fn accepted_labels() -> String {
    ALLOWED
        .iter()
        .map(|t| t.label)
        .collect::<Vec<_>>()
        .join(", ")
}

/// (label, canonical extension) for a detected allowed mime, for messages.
pub(crate) fn label_for(mime: &str) -> (&'static str, &'static str) {
    allowed(mime)
        .map(|t| (t.label, t.extensions.first().copied().unwrap_or("")))
        .unwrap_or(("?", "?"))
}

/// What the first bytes say.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Head {
    Allowed(&'static AllowedType),
    /// A ZIP that is not ODF: decide from the central directory once the whole file is there.
    Zip,
    /// An OLE compound file: decide from the root CLSID once the whole file is there.
    Ole,
    /// Refused; the detected mime if `infer` knew it.
    Refused(Option<String>),
}

pub(crate) fn sniff_head(head: &[u8]) -> Head {
    const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if head.starts_with(OLE_MAGIC) {
        // Checked before `infer::get`, which would parse a truncated compound file.
        return Head::Ole;
    }
    if head.starts_with(b"PK\x03\x04") {
        // ODF puts an uncompressed `mimetype` entry first (required by the spec).
        if infer::odf::is_odt(head) {
            return allowed(ODT).map_or(Head::Zip, Head::Allowed);
        }
        if infer::odf::is_ods(head) {
            return allowed(ODS).map_or(Head::Zip, Head::Allowed);
        }
        return Head::Zip;
    }
    match infer::get(head) {
        Some(t) => match allowed(t.mime_type()) {
            // Only simple formats may be decided here; containers take the paths above.
            Some(a) if matches!(a.mime, PDF | JPEG | PNG | TIFF) => Head::Allowed(a),
            _ => Head::Refused(Some(t.mime_type().to_owned())),
        },
        None => Head::Refused(None),
    }
}

/// The mime of a complete ZIP file, from its central directory entry names.
pub(crate) fn classify_zip(path: &Path) -> std::io::Result<&'static str> {
    let names = match zip_entry_names(path)? {
        Some(names) => names,
        None => return Ok(ZIP),
    };
    if !names.iter().any(|n| n == "[Content_Types].xml") {
        return Ok(ZIP);
    }
    let has = |dir: &str| names.iter().any(|n| n.starts_with(dir));
    Ok(match (has("word/"), has("xl/"), has("ppt/")) {
        (true, false, false) => DOCX,
        (false, true, false) => XLSX,
        (false, false, true) => PPTX,
        _ => ZIP,
    })
}

/// Entry names from the central directory; `None` if it cannot be found (also ZIP64, which
/// no office document under an upload limit needs).
fn zip_entry_names(path: &Path) -> std::io::Result<Option<Vec<String>>> {
    const EOCD_SIG: &[u8] = b"PK\x05\x06";
    const EOCD_LEN: u64 = 22;
    const MAX_COMMENT: u64 = 0xFFFF;
    const MAX_CD: u32 = 16 * 1024 * 1024;

    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    let tail_len = len.min(EOCD_LEN + MAX_COMMENT);
    file.seek(SeekFrom::Start(len - tail_len))?;
    let mut tail = Vec::new();
    file.by_ref().take(tail_len).read_to_end(&mut tail)?;
    let Some(pos) = tail.windows(4).rposition(|w| w == EOCD_SIG) else {
        return Ok(None);
    };
    let eocd = &tail[pos..];
    if eocd.len() < EOCD_LEN as usize {
        return Ok(None);
    }
    let cd_size = le_u32(eocd, 12);
    let cd_offset = le_u32(eocd, 16);
    if cd_size > MAX_CD || u64::from(cd_offset) + u64::from(cd_size) > len {
        return Ok(None);
    }
    file.seek(SeekFrom::Start(u64::from(cd_offset)))?;
    let mut cd = vec![0; cd_size as usize];
    file.read_exact(&mut cd)?;

    let mut names = Vec::new();
    let mut at = 0usize;
    while cd.len() >= at + 46 && cd[at..].starts_with(b"PK\x01\x02") {
        let name_len = le_u16(&cd, at + 28);
        let extra_len = le_u16(&cd, at + 30);
        let comment_len = le_u16(&cd, at + 32);
        let Some(name) = cd.get(at + 46..at + 46 + name_len) else {
            break;
        };
        names.push(String::from_utf8_lossy(name).into_owned());
        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(Some(names))
}

fn le_u16(b: &[u8], at: usize) -> usize {
    usize::from(u16::from_le_bytes([b[at], b[at + 1]]))
}

fn le_u32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// The mime of a complete OLE compound file, from its root storage CLSID (as `infer` does).
pub(crate) fn classify_ole(path: &Path) -> &'static str {
    let Ok(file) = File::open(path) else {
        return OLE;
    };
    let Ok(cf) = cfb::CompoundFile::open(file) else {
        return OLE;
    };
    match cf.root_entry().clsid().to_string().as_str() {
        "00020906-0000-0000-c000-000000000046" => DOC,
        "00020810-0000-0000-c000-000000000046" | "00020820-0000-0000-c000-000000000046" => XLS,
        _ => OLE,
    }
}
