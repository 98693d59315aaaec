//! What the attachment tests share: the server with its users and blob store, and real file
//! bytes built in code (a PDF, a PNG, the start of an executable).

use motcua_domain::{Catalog, Role};

use crate::online_files;
use motcua_store::users::{create_user, NewUser};
use motcua_store::{catalog, Db};
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

pub const DEMO: &str = include_str!("../../../motcua/demo/catalog.json");
pub const SCT: &str = "000.17.22.H56";
/// Bán buôn rượu, filed with the Department of Industry and Trade (SCT).
pub const PROCEDURE: &str = "2.000633";
/// Another agency of the demo catalog, for an officer who must not see SCT's dossiers.
pub const OTHER_AGENCY: &str = "000.00.11.H56";

pub const APPLICANT_NAME: &str = "Nguyễn Thị Hoa Mai";
pub const APPLICANT_ID: &str = "079188001234";
pub const APPLICANT_PHONE: &str = "0903 456 789";

pub struct App {
    pub base: String,
    pub http: reqwest::Client,
    pub files: tempfile::TempDir,
}

impl App {
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        applicant: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut r = self.http.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        if let Some(a) = applicant {
            r = r.header("X-Applicant-Id", a);
        }
        if let Some(b) = body {
            r = r.json(&b);
        }
        let res = r.send().await.expect("request");
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn upload(
        &self,
        parts: Vec<(&str, Vec<u8>)>,
        component: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut form = Form::new();
        if let Some(c) = component {
            form = form.text("component", c.to_owned());
        }
        for (name, bytes) in parts {
            form = form.part("file", Part::bytes(bytes).file_name(name.to_owned()));
        }
        let res = self
            .http
            .post(format!("{}/api/v1/uploads", self.base))
            .multipart(form)
            .send()
            .await
            .expect("upload");
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn download(
        &self,
        code: &str,
        sha: &str,
        token: Option<&str>,
        applicant: Option<&str>,
    ) -> reqwest::Response {
        let mut r = self
            .http
            .get(format!("{}/api/v1/dossiers/{code}/files/{sha}", self.base));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        if let Some(a) = applicant {
            r = r.header("X-Applicant-Id", a);
        }
        r.send().await.expect("download")
    }

    pub async fn sign_in(&self, user: &str) -> String {
        let (s, v) = self
            .call(
                Method::POST,
                "/api/v1/sessions",
                None,
                None,
                Some(json!({"username": user, "password": format!("pw-{user}")})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        v["token"].as_str().expect("token").to_owned()
    }

    /// Every file in the blob store (stored blobs and leftover temp files).
    pub fn stored_files(&self) -> Vec<std::path::PathBuf> {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else {
                    out.push(p);
                }
            }
        }
        let mut out = Vec::new();
        walk(self.files.path(), &mut out);
        out
    }
}

/// Starts the server with the demo catalog, a desk officer of SCT and an officer of another
/// agency; `limits` overrides (per file, per dossier).
pub async fn spawn_app(db: Db, limits: Option<(u64, u64)>) -> App {
    let c: Catalog = serde_json::from_str(DEMO).expect("demo catalog");
    catalog::import_catalog(&db, &c, None)
        .await
        .expect("import");
    let other_unit = c
        .agencies
        .iter()
        .find(|a| a.code == OTHER_AGENCY)
        .and_then(|a| a.units.first())
        .map(|u| u.code.clone())
        .expect("a unit of the other agency");
    for (name, agency, unit) in [
        ("desk", SCT.to_owned(), "MOTCUA".to_owned()),
        ("outsider", OTHER_AGENCY.to_owned(), other_unit),
    ] {
        let hash = motcua_app::auth::hash_password(&format!("pw-{name}")).expect("hash");
        create_user(
            &db,
            &NewUser {
                username: name.into(),
                full_name: format!("Cán bộ {name}"),
                email: None,
                password_hash: hash,
                agency_code: Some(agency),
                unit_code: Some(unit),
                roles: vec![Role::Desk],
            },
        )
        .await
        .expect("user");
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let files = tempfile::tempdir().expect("files dir");
    online_files::seed_upload_ticket_key(&db).await;
    let mut state = motcua_web::AppState::new(
        motcua_app::App::open(db, files.path().to_path_buf())
            .await
            .expect("app"),
    )
    .expect("state");
    if let Some((max_file, max_dossier)) = limits {
        state.app.uploads.max_file = max_file;
        state.app.uploads.max_dossier = max_dossier;
    }
    tokio::spawn(motcua_web::serve(listener, state, std::future::pending()));
    App {
        base: format!("http://{addr}"),
        http: reqwest::Client::new(),
        files,
    }
}

/// A small but well-formed one-page PDF; `pad` bytes of comment make it larger.
pub fn pdf(pad: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ];
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    out.extend(std::iter::repeat_n(b'%', pad));
    out.push(b'\n');
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

/// A valid 1×1 grey PNG, built chunk by chunk with real CRCs.
pub fn png() -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    // 1×1, 8-bit greyscale.
    chunk(&mut out, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
    // zlib, one stored block: filter byte 0, one pixel 0x80; Adler-32 of those two bytes.
    let raw = [0u8, 0x80];
    let (a, b) = raw.iter().fold((1u32, 0u32), |(a, b), &x| {
        ((a + u32::from(x)) % 65521, (b + a + u32::from(x)) % 65521)
    });
    let mut idat = vec![0x78, 0x01, 0x01, 0x02, 0x00, 0xFD, 0xFF];
    idat.extend_from_slice(&raw);
    idat.extend_from_slice(&((b << 16) | a).to_be_bytes());
    chunk(&mut out, b"IDAT", &idat);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// The start of a Linux executable.
pub fn elf() -> Vec<u8> {
    let mut out = b"\x7fELF\x02\x01\x01\x00".to_vec();
    out.extend_from_slice(&[0u8; 8]);
    out.extend_from_slice(&[2, 0, 0x3E, 0, 1, 0, 0, 0]);
    out.resize(4096, 0x90);
    out
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

/// A submission of [`PROCEDURE`] with `files`; the required components no file is tagged
/// for get a reference to the first file (the same blob: the dossier's total is unchanged),
/// so the dossier is complete and only what the test sends is on trial.
pub fn submission(files: Value) -> Value {
    let mut files = files;
    if let Some(list) = files.as_array_mut() {
        if let Some(first) = list.first().cloned() {
            let tagged: Vec<Value> = list.iter().map(|f| f["component"].clone()).collect();
            for name in online_files::required_components(PROCEDURE) {
                if !tagged.contains(&json!(name)) {
                    let mut f = first.clone();
                    f["component"] = json!(name);
                    list.push(f);
                }
            }
        }
    }
    json!({
        "procedure_code": PROCEDURE,
        "applicant": {"name": APPLICANT_NAME, "id_number": APPLICANT_ID, "phone": APPLICANT_PHONE,
            "address": "12 Trần Phú, Nha Trang", "email": "hoamai@example.vn"},
        "summary": "Đề nghị cấp Giấy phép bán buôn rượu",
        "files": files
    })
}
