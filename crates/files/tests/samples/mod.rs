//! Small but real sample files, generated so the tests need no binary fixtures.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

pub fn pdf() -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let objects = [
        "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
        "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n",
        "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n",
    ];
    let mut offsets = Vec::new();
    for o in objects {
        offsets.push(out.len());
        out.extend_from_slice(o.as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n0 4\n0000000000 65535 f \n");
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

/// A PDF padded with a comment to exactly `len` bytes.
pub fn pdf_of_len(len: usize) -> Vec<u8> {
    let mut out = pdf();
    assert!(len > out.len() + 2);
    out.push(b'%');
    out.resize(len - 1, b'x');
    out.push(b'\n');
    out
}

/// A valid 1×1 grey PNG (zlib stream with one stored block).
pub fn png() -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&1u32.to_be_bytes());
    ihdr.extend_from_slice(&1u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    let raw = [0u8, 0x80]; // filter byte, one grey pixel
    let mut idat = vec![0x78, 0x01, 0x01, 0x02, 0x00, 0xFD, 0xFF];
    idat.extend_from_slice(&raw);
    idat.extend_from_slice(&adler32(&raw).to_be_bytes());
    chunk(&mut out, b"IDAT", &idat);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &d in data {
        a = (a + u32::from(d)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

/// JFIF header bytes and an end-of-image marker.
pub fn jpeg() -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    out.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

/// Little-endian TIFF header with an empty IFD.
pub fn tiff() -> Vec<u8> {
    let mut out = b"II*\0".to_vec();
    out.extend_from_slice(&8u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    out
}

pub fn elf() -> Vec<u8> {
    let mut out = b"\x7FELF\x02\x01\x01\0".to_vec();
    out.resize(64, 0);
    out
}

pub fn exe() -> Vec<u8> {
    let mut out = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0".to_vec();
    out.resize(128, 0);
    out
}

fn zip_of(entries: &[(&str, &[u8], CompressionMethod)]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data, method) in entries {
        let opts = SimpleFileOptions::default().compression_method(*method);
        w.start_file(*name, opts).expect("start entry");
        w.write_all(data).expect("write entry");
    }
    w.finish().expect("finish zip").into_inner()
}

const D: CompressionMethod = CompressionMethod::Deflated;
const S: CompressionMethod = CompressionMethod::Stored;
const CT: &[u8] = br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;
const RELS: &[u8] = br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>"#;

pub fn docx() -> Vec<u8> {
    zip_of(&[
        ("[Content_Types].xml", CT, D),
        ("_rels/.rels", RELS, D),
        ("word/document.xml", b"<w:document/>", D),
    ])
}

/// A DOCX whose `word/` part lies beyond the sniffed head behind a large stored entry, as some
/// writers order them: only the central directory tells.
pub fn docx_late_word_part() -> Vec<u8> {
    let filler = vec![b'a'; 40 * 1024];
    zip_of(&[
        ("[Content_Types].xml", CT, D),
        ("_rels/.rels", RELS, D),
        ("docProps/thumbnail.bin", &filler, S),
        ("customXml/item1.xml", b"<x/>", D),
        ("word/document.xml", b"<w:document/>", D),
    ])
}

pub fn xlsx() -> Vec<u8> {
    zip_of(&[
        ("[Content_Types].xml", CT, D),
        ("_rels/.rels", RELS, D),
        ("xl/workbook.xml", b"<workbook/>", D),
        ("xl/worksheets/sheet1.xml", b"<worksheet/>", D),
    ])
}

pub fn pptx() -> Vec<u8> {
    zip_of(&[
        ("[Content_Types].xml", CT, D),
        ("_rels/.rels", RELS, D),
        ("ppt/presentation.xml", b"<p:presentation/>", D),
    ])
}

pub fn plain_zip() -> Vec<u8> {
    zip_of(&[("readme.txt", b"hello", D), ("run.exe", &exe(), D)])
}

fn odf(mime: &str) -> Vec<u8> {
    zip_of(&[
        ("mimetype", mime.as_bytes(), S),
        ("content.xml", b"<office:document-content/>", D),
        ("META-INF/manifest.xml", b"<manifest:manifest/>", D),
    ])
}

pub fn odt() -> Vec<u8> {
    odf("application/vnd.oasis.opendocument.text")
}

pub fn ods() -> Vec<u8> {
    odf("application/vnd.oasis.opendocument.spreadsheet")
}

/// An OLE compound file with the given root CLSID, as Word/Excel 97-2003 write.
fn ole(clsid: &str, stream: &str) -> Vec<u8> {
    let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("create cfb");
    let id = uuid::Uuid::parse_str(clsid).expect("clsid");
    cf.set_storage_clsid("/", id).expect("set clsid");
    let mut s = cf.create_stream(stream).expect("create stream");
    s.write_all(&[0x42; 600]).expect("write stream");
    drop(s);
    cf.flush().expect("flush cfb");
    cf.into_inner().into_inner()
}

pub fn doc() -> Vec<u8> {
    ole("00020906-0000-0000-C000-000000000046", "WordDocument")
}

pub fn xls() -> Vec<u8> {
    ole("00020820-0000-0000-C000-000000000046", "Workbook")
}
