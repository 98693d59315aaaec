use motcua_files::*;

fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).expect("hex");
            out.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

#[test]
fn content_disposition_keeps_vietnamese_names() {
    let name = "Đơn đề nghị cấp giấy phép xây dựng.pdf";
    let h = content_disposition(name);
    assert!(
        h.starts_with(
            "attachment; filename=\"Don de nghi cap giay phep xay dung.pdf\"; filename*=UTF-8''"
        ),
        "{h}"
    );
    let encoded = h.rsplit("UTF-8''").next().expect("filename*");
    assert!(encoded.starts_with("%C4%90%C6%A1n%20"), "{encoded}");
    assert!(encoded.is_ascii() && !encoded.contains(' '));
    assert_eq!(
        String::from_utf8(percent_decode(encoded)).expect("utf8"),
        name
    );
}

#[test]
fn content_disposition_cannot_break_the_header() {
    assert_eq!(
        content_disposition("a\"b;c.pdf"),
        "attachment; filename=\"a_b;c.pdf\"; filename*=UTF-8''a%22b%3Bc.pdf"
    );
    let h = content_disposition("x.pdf\r\nSet-Cookie: a=b");
    assert!(!h.contains('\r') && !h.contains('\n'), "{h}");
    let h = content_disposition("../../etc/passwd");
    assert!(h.contains("filename=\"passwd\""), "{h}");
    // Non-Latin scripts fall back to '_' in the ASCII part only.
    let h = content_disposition("日本.pdf");
    assert!(h.starts_with("attachment; filename=\"__.pdf\"; filename*=UTF-8''%E6%97%A5"));
}

#[test]
fn messages_say_why_and_what_to_do() {
    let e = UploadError::TooLarge {
        limit: 10 * 1024 * 1024,
    };
    assert!(e.message_vi().starts_with("Tệp quá lớn: tối đa 10 MB."));
    assert!(e
        .message_en()
        .starts_with("The file is too large: at most 10 MB."));
    let e = UploadError::TooLarge { limit: 1536 * 1024 };
    assert!(e.message_vi().contains("1,5 MB"));
    assert!(e.message_en().contains("1.5 MB"));

    let e = UploadError::NotAllowed {
        detected: Some("application/x-executable".into()),
    };
    assert!(e.message_vi().contains("PDF, JPEG, PNG"));
    assert!(e.message_en().contains("Accepted formats: PDF"));

    let e = UploadError::ExtensionMismatch {
        extension: "pdf".into(),
        detected: "application/vnd.openxmlformats-officedocument.wordprocessingml.document".into(),
    };
    assert!(e.message_vi().contains(".pdf"));
    assert!(e.message_vi().contains("Word (DOCX)"));
    assert!(e.message_en().contains("end in .docx"));

    for e in [
        UploadError::Empty,
        UploadError::Io(std::io::Error::other("disk full")),
        UploadError::Stream("reset".into()),
    ] {
        assert!(!e.message_vi().is_empty() && !e.message_en().is_empty());
        // Internal details stay in logs, not in what the user sees.
        assert!(!e.message_en().contains("disk full"));
    }
}

#[test]
fn allowlist_is_consistent() {
    for t in ALLOWED {
        assert!(!t.extensions.is_empty(), "{}", t.mime);
        for ext in t.extensions {
            assert_eq!(*ext, ext.to_lowercase());
            let owners = ALLOWED
                .iter()
                .filter(|o| o.extensions.contains(ext))
                .count();
            assert_eq!(owners, 1, "extension {ext} claimed twice");
        }
    }
    assert_eq!(format_size(100, ','), "100 byte");
    assert_eq!(format_size(512 * 1024, ','), "512 KB");
}
