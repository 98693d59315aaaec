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
fn a_receipt_tells_nothing_by_itself() {
    let e = event(
        EventKind::PaymentRecorded {
            method: PaymentMethod::Cash,
            receipt: None,
        },
        Some(Status::AwaitingPayment),
        Status::Processing,
        vn(2025, 6, 5, 15, 0),
    );
    let n: Vec<Notice> = run(&dossier(), e)
        .into_iter()
        .filter(|n| n.channel != NoticeChannel::NationalPortal)
        .collect();
    assert!(n.is_empty());
}
