//! Printed forms over real HTTP on both stores: the receipt of a dossier received at the desk
//! is a PDF with the right Vietnamese text; papers a dossier does not have are 404; only
//! officers who may see the dossier get them.

mod online_files;
mod pages_support;

use motcua_store::Db;
use pages_support::{spawn_app, Browser};
use reqwest::StatusCode;
use serde_json::{json, Value};

motcua_store::on_both_stores!(
    receipt_of_a_desk_intake_prints_with_diacritics,
    the_receipt_names_the_officer_who_received_and_its_qr_opens_the_lookup,
);

async fn desk_intake(app: &pages_support::App) -> String {
    let http = reqwest::Client::new();
    let token: Value = http
        .post(format!("{}/api/v1/sessions", app.base))
        .json(&json!({"username": "desk", "password": "pw-desk"}))
        .send()
        .await
        .expect("sign in")
        .json()
        .await
        .expect("json");
    let token = token["token"].as_str().expect("token").to_owned();
    let r = http
        .post(format!("{}/api/v1/dossiers", app.base))
        .bearer_auth(&token)
        .json(&json!({
            "procedure_code": "2.000633",
            "applicant": {"name": "Nguyễn Thị Hường", "id_number": "022190001234",
                          "phone": "0912 345 678", "address": "Phường Đông Hải", "kind": "citizen"},
            "channel": "direct"
        }))
        .send()
        .await
        .expect("intake");
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.expect("json");
    v["dossier"]["code"].as_str().expect("code").to_owned()
}

fn pdf_text(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().ok()?;
    let path = dir.path().join("f.pdf");
    std::fs::write(&path, pdf).ok()?;
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

async fn receipt_of_a_desk_intake_prints_with_diacritics(db: Db, _: String) {
    let app = spawn_app(db).await;
    let code = desk_intake(&app).await;
    let url = format!("/print/dossiers/{code}/receipt.pdf");

    let mut anonymous = Browser::new(&app);
    let p = anonymous.get(&url).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "sign-in first");

    let mut citizen = Browser::new(&app);
    citizen.sign_in("citizen").await;
    assert_eq!(citizen.get(&url).await.status, StatusCode::NOT_FOUND);

    let mut desk = Browser::new(&app);
    desk.sign_in("desk").await;
    let res = desk
        .http
        .get(format!("{}{url}", app.base))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let pdf = res.bytes().await.expect("pdf");
    assert!(pdf.starts_with(b"%PDF"));
    match pdf_text(&pdf) {
        Some(text) => {
            for needle in [
                "Nguyễn Thị Hường",
                "Phường Đông Hải",
                &code,
                "Độc lập - Tự do - Hạnh phúc",
            ] {
                assert!(text.contains(needle), "{needle} missing from:\n{text}");
            }
        }
        None => eprintln!("pdftotext not installed: text of the PDF not checked"),
    }
    // A received dossier has no refusal slip, and unknown forms do not exist.
    for form in ["refusal.pdf", "nope.pdf"] {
        let p = desk.get(&format!("/print/dossiers/{code}/{form}")).await;
        assert_eq!(p.status, StatusCode::NOT_FOUND, "{form}");
    }
    let slip = desk
        .get(&format!("/print/dossiers/{code}/control-slip.pdf"))
        .await;
    assert_eq!(slip.status, StatusCode::OK);
}

/// Rasterises page 1 with poppler's `pdftoppm` as a greyscale PGM image.
fn rasterise(pdf: &[u8], dpi: u32) -> Option<(usize, usize, Vec<u8>)> {
    let dir = tempfile::tempdir().ok()?;
    let path = dir.path().join("f.pdf");
    std::fs::write(&path, pdf).ok()?;
    let out = std::process::Command::new("pdftoppm")
        .args(["-gray", "-r", &dpi.to_string(), "-f", "1", "-l", "1"])
        .arg(&path)
        .output()
        .ok()?;
    let pgm = out.stdout;
    // "P5\n<w> <h>\n255\n" then one byte per pixel.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while pgm.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !pgm.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..i]).to_string());
    }
    let (w, h): (usize, usize) = (fields[1].parse().ok()?, fields[2].parse().ok()?);
    Some((w, h, pgm[i + 1..].to_vec()))
}

async fn the_receipt_names_the_officer_who_received_and_its_qr_opens_the_lookup(db: Db, _: String) {
    let app = spawn_app(db).await;
    let code = desk_intake(&app).await;
    // The director prints the desk's receipt: the desk officer signs it, not the director.
    let mut director = Browser::new(&app);
    director.sign_in("director").await;
    let res = director
        .http
        .get(format!("{}/print/dossiers/{code}/receipt.pdf", app.base))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), StatusCode::OK);
    let pdf = res.bytes().await.expect("pdf").to_vec();
    match pdf_text(&pdf) {
        Some(text) => {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(text.contains("Cán bộ desk"), "{text}");
            assert!(!text.contains("Cán bộ director"), "{text}");
            assert!(text.contains("Số:"), "{text}");
        }
        None => eprintln!("pdftotext not installed: text of the PDF not checked"),
    }
    // The QR code holds the dossier's public lookup address on this server.
    let _ = std::fs::write(std::env::temp_dir().join("motcua-receipt-desk.pdf"), &pdf);
    let Some((w, h, pixels)) = rasterise(&pdf, 300) else {
        eprintln!("SKIPPED: pdftoppm not found");
        return;
    };
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the receipt");
    let (_, content) = grids[0].decode().expect("decode");
    let host = app.base.trim_start_matches("http://");
    assert_eq!(content, format!("http://{host}/lookup?code={code}"));
}
