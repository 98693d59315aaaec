//! The payment request tells the applicant the amount, the lines and the three ways to pay.

use super::*;

#[test]
fn payment_request_gives_amount_lines_and_how_to_pay() {
    let e = event(
        EventKind::PaymentRequested {
            amount_vnd: Some(1_700_000),
            lines: vec![
                FeeLine {
                    name: "Phí thẩm định".into(),
                    amount_vnd: 1_200_000,
                },
                FeeLine {
                    name: "Lệ phí cấp giấy phép".into(),
                    amount_vnd: 500_000,
                },
            ],
        },
        Some(Status::Processing),
        Status::AwaitingPayment,
        vn(2025, 6, 5, 14, 30),
    );
    assert_letter(
        &applicant_notice(&dossier(), e),
        "Đề nghị nộp phí, lệ phí hồ sơ 000.00.17.H56-250602-0001",
        &[
            "- Phí thẩm định: 1.200.000 đồng",
            "- Lệ phí cấp giấy phép: 500.000 đồng",
            "Tổng số tiền phải nộp: 1.700.000 đồng",
            "chuyển khoản với nội dung là mã hồ sơ 000.00.17.H56-250602-0001",
            "thanh toán trực tuyến",
        ],
        "Dossier 000.00.17.H56-250602-0001: please pay the fees of 1.700.000 VND at the desk, by bank transfer quoting the dossier code, or online.",
    );
}

#[test]
fn a_recorded_payment_confirms_the_amount_and_the_receipt() {
    let receipt = Receipt {
        number: "VNP14567890".into(),
        amount_vnd: 1_700_000,
        method: PaymentMethod::Online,
        at: vn(2025, 6, 5, 15, 0),
        by: "system".into(),
        reference: Some("14567890".into()),
    };
    let e = event(
        EventKind::PaymentRecorded {
            method: PaymentMethod::Online,
            receipt: Some(receipt),
        },
        Some(Status::AwaitingPayment),
        Status::Processing,
        vn(2025, 6, 5, 15, 0),
    );
    assert_letter(
        &applicant_notice(&dossier(), e),
        "Đã nhận phí, lệ phí hồ sơ 000.00.17.H56-250602-0001",
        &[
            "đã nhận khoản nộp phí, lệ phí trực tuyến",
            "Số tiền đã nộp: 1.700.000 đồng",
            "Số biên lai: VNP14567890",
            "Thời điểm: 05/06/2025 15:00",
        ],
        "Dossier 000.00.17.H56-250602-0001: the fees of 1.700.000 VND paid online were received (receipt VNP14567890).",
    );
    // Without a receipt (recorded before receipts existed): still told, without figures.
    let e = event(
        EventKind::PaymentRecorded {
            method: PaymentMethod::Transfer,
            receipt: None,
        },
        Some(Status::AwaitingPayment),
        Status::Processing,
        vn(2025, 6, 5, 15, 0),
    );
    let n = applicant_notice(&dossier(), e);
    assert!(n.body.contains("bằng chuyển khoản"), "{}", n.body);
    assert!(!n.body.contains("Số biên lai"), "{}", n.body);
}
