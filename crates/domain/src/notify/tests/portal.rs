//! The national-portal record: one per status change, every field mapped.

use super::*;

#[test]
fn one_portal_record_per_status_change_in_order() {
    let submitted = event(
        EventKind::Submitted {
            dossier: match reception_event_init() {
                Some(i) => i,
                None => return,
            },
        },
        None,
        Status::Submitted,
        vn(2025, 6, 1, 20, 0),
    );
    let p = procedure();
    let src = Source {
        procedure: &p,
        field_name: None,
        base_url: super::BASE,
    };
    let out = notices(&dossier(), &src, &[submitted, received()]);
    let channels: Vec<_> = out.iter().map(|n| n.channel).collect();
    assert_eq!(
        channels,
        [
            // Filed online: the code by e-mail and text, then the record; then reception.
            NoticeChannel::Email,
            NoticeChannel::Sms,
            NoticeChannel::NationalPortal,
            NoticeChannel::Email,
            NoticeChannel::Sms,
            NoticeChannel::NationalPortal
        ]
    );
    let ids: Vec<u64> = out
        .iter()
        .filter(|n| n.channel == NoticeChannel::NationalPortal)
        .map(|n| {
            let v: serde_json::Value = serde_json::from_str(&n.body).expect("json");
            v["TrangThaiHoSo"].as_u64().expect("status id")
        })
        .collect();
    assert_eq!(ids, [1, 2]);
}

fn reception_event_init() -> Option<DossierInit> {
    Some(DossierInit {
        code: "000.00.17.H56-250602-0001".into(),
        receiving_agency: "000.00.17.H56".into(),
        agency_code: "000.00.17.H56".into(),
        procedure_code: "1.000948".into(),
        procedure_version_id: 1,
        channel: Channel::Online,
        applicant: Applicant::default(),
        owner_account: None,
        summary: None,
        files: Vec::new(),
        steps: steps(),
        handed_in: Vec::new(),
    })
}

#[test]
fn portal_record_maps_every_field() {
    let out = run(&dossier(), received());
    let n = out
        .iter()
        .find(|n| n.channel == NoticeChannel::NationalPortal)
        .expect("portal record");
    assert_eq!(n.recipient, None);
    assert_eq!(
        n.subject.as_deref(),
        Some("Đồng bộ hồ sơ 000.00.17.H56-250602-0001 — new")
    );
    let v: serde_json::Value = serde_json::from_str(&n.body).expect("json");
    let expected = serde_json::json!({
        "MaHoSo": "000.00.17.H56-250602-0001",
        "MaTTHC": "1.000948",
        "TenTTHC": "Cấp Giấy phép bán buôn sản phẩm rượu",
        "MaLinhVuc": "LT",
        "TenLinhVuc": "Lưu thông hàng hóa",
        "KenhThucHien": 2,
        "TrichYeuHoSo": "Xin cấp giấy phép",
        "ChuHoSo": "Nguyễn Văn An",
        "SoGiayToChuHoSo": "001090000001",
        "LoaiDoiTuong": 1,
        "DiaChiChuHoSo": "12 Lê Lợi, Huế",
        "Email": "an@example.vn",
        "SoDienThoai": "0912345678",
        "NoiNopHoSo": "000.00.17.H56",
        "DonViXuLy": "000.00.17.H56",
        "PhongBanXuLy": "MC",
        "NgayNopHoSo": "20250601200000",
        "NgayTiepNhan": "20250602091500",
        "NgayHenTra": "20250616091500",
        "NgayHenTraBanDau": "20250616091500",
        "TrangThaiHoSo": 2,
        "MaTrangThai": "new",
        "TaiLieuNop": [{
            "TenTepDinhKem": "don.pdf",
            "MaTep": "ab".repeat(32),
            "ThanhPhanHoSo": "Đơn đề nghị",
        }],
        "QuaTrinhXuLy": [{
            "NguoiXuLy": "motcua1",
            "ThoiDiemXuLy": "20250602091500",
            "PhongBanXuLy": "MC",
            "NoiDungXuLy": "Tiếp nhận hồ sơ",
            "TrangThai": 2,
            "BuocXuLy": "Tiếp nhận hồ sơ",
            "NgayBatDau": "20250602091500",
            "NgayKetThucTheoQuyDinh": "20250603091500",
        }],
    });
    assert_eq!(v, expected);
    // And it reads back into the typed record.
    let back: PortalRecord = serde_json::from_value(v).expect("typed");
    assert_eq!(back.trang_thai_ho_so, 2);
}

#[test]
fn portal_record_of_a_closed_dossier() {
    let mut d = dossier();
    d.status = Status::Returned;
    d.step = 2;
    d.applicant.kind = ApplicantType::Foreign;
    d.channel = Channel::Postal;
    d.finished_at = Some(vn(2025, 6, 10, 15, 0));
    d.returned = Some(Returned {
        channel: ReturnChannel::Post,
        received_by: "Nguyễn Văn An".into(),
        by: "motcua1".into(),
        at: vn(2025, 6, 11, 9, 5),
    });
    d.pauses = vec![PauseInterval {
        start: vn(2025, 6, 4, 8, 0),
        end: Some(vn(2025, 6, 5, 8, 0)),
        reason: "Thiếu hợp đồng".into(),
    }];
    d.payment = Payment {
        state: PaymentState::Paid,
        amount_vnd: Some(1_200_000),
        method: Some(PaymentMethod::Transfer),
        requested_at: Some(vn(2025, 6, 9, 8, 0)),
        paid_at: Some(vn(2025, 6, 9, 10, 0)),
        ..Payment::default()
    };
    d.result = Some(ResultDoc {
        number: "15/GP-SCT".into(),
        signer: "Trần Thị Bình".into(),
        signed_on: NaiveDate::from_ymd_opt(2025, 6, 10).expect("date"),
        files: vec![FileRef {
            sha256: "cd".repeat(32),
            name: "giay-phep.pdf".into(),
            size: 1,
            content_type: None,
            component: None,
            upload_ticket: None,
        }],
    });
    let mut e = event(
        EventKind::ResultReturned {
            channel: ReturnChannel::Post,
            received_by: "Nguyễn Văn An".into(),
        },
        Some(Status::ResultReady),
        Status::Returned,
        vn(2025, 6, 11, 9, 5),
    );
    e.note = Some("Gửi bảo đảm".into());
    let p = procedure();
    let r = portal_record(
        &d,
        &Source {
            procedure: &p,
            field_name: None,
            base_url: super::BASE,
        },
        &e,
    );
    assert_eq!((r.trang_thai_ho_so, r.ma_trang_thai.as_str()), (10, "done"));
    assert_eq!((r.kenh_thuc_hien, r.loai_doi_tuong), (3, 4));
    assert_eq!(r.ngay_tra.as_deref(), Some("20250611090500"));
    assert_eq!(r.ngay_ket_thuc_xu_ly.as_deref(), Some("20250610150000"));
    assert_eq!(r.hinh_thuc_tra_ket_qua, Some(2));
    assert_eq!(r.ngay_tu_choi, None);
    assert_eq!(
        r.danh_sach_ho_so_bo_sung[0].ngay_bo_sung.as_deref(),
        Some("20250605080000")
    );
    assert_eq!(r.danh_sach_le_phi[0].so_tien, Some(1_200_000));
    assert_eq!(r.danh_sach_le_phi[0].trang_thai_thanh_toan, "paid");
    assert_eq!(r.danh_sach_giay_to_ket_qua[0].ngay_ky, "20250610");
    assert_eq!(
        r.danh_sach_giay_to_ket_qua[0].tep_ket_qua,
        ["giay-phep.pdf"]
    );
    let h = &r.qua_trinh_xu_ly[0];
    assert_eq!(
        h.noi_dung_xu_ly,
        "Trả kết quả cho Nguyễn Văn An. Ghi chú: Gửi bảo đảm"
    );
    assert_eq!(h.buoc_xu_ly.as_deref(), Some("Trả kết quả"));
}

#[test]
fn portal_record_of_a_refusal_and_a_submission() {
    let mut d = dossier();
    d.status = Status::Refused;
    d.received_at = None;
    d.due_at = None;
    d.original_due_at = None;
    d.ending = Some(Ending {
        kind: EndKind::Refused,
        reasons: vec!["Không thuộc thẩm quyền".into()],
        stage: Status::Submitted,
        step: 0,
        by: "motcua1".into(),
        at: vn(2025, 6, 2, 8, 0),
    });
    let e = event(
        EventKind::IntakeRefused {
            reasons: vec!["Không thuộc thẩm quyền".into()],
        },
        Some(Status::Submitted),
        Status::Refused,
        vn(2025, 6, 2, 8, 0),
    );
    let p = procedure();
    let src = Source {
        procedure: &p,
        field_name: None,
        base_url: super::BASE,
    };
    let r = portal_record(&d, &src, &e);
    assert_eq!(
        (r.trang_thai_ho_so, r.ma_trang_thai.as_str()),
        (3, "denied")
    );
    assert_eq!(r.ngay_tu_choi.as_deref(), Some("20250602080000"));
    assert_eq!((r.ngay_tiep_nhan, r.ngay_hen_tra), (None, None));
    assert_eq!(
        r.phong_ban_xu_ly, None,
        "not received: no handling unit yet"
    );
    assert_eq!(r.qua_trinh_xu_ly[0].buoc_xu_ly, None);
    assert_eq!(
        r.qua_trinh_xu_ly[0].noi_dung_xu_ly,
        "Từ chối tiếp nhận. Lý do: Không thuộc thẩm quyền"
    );
}

#[test]
fn channel_names_round_trip() {
    for c in [
        NoticeChannel::Email,
        NoticeChannel::Sms,
        NoticeChannel::NationalPortal,
    ] {
        assert_eq!(NoticeChannel::parse(c.as_str()), Some(c));
    }
    assert_eq!(NoticeChannel::parse("log"), None);
}
