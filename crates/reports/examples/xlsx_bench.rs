//! Big-export figure: writes N dossier rows (default 1,000,000) with `XlsxRowWriter` and
//! prints the time. Measure memory with `/usr/bin/time -v`:
//! `/usr/bin/time -v cargo run -p motcua-reports --example xlsx_bench -- 1000000 /tmp/big.xlsx`.

use std::time::Instant;

use motcua_reports::{Cell, HeaderCell, XlsxRowWriter};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let path = args.next().unwrap_or_else(|| "/tmp/motcua-big.xlsx".into());
    let header = vec![[
        "STT",
        "Mã hồ sơ",
        "Thủ tục hành chính",
        "Người nộp",
        "Địa chỉ",
        "Kênh",
        "Ngày tiếp nhận",
        "Ngày hẹn trả",
        "Ngày trả",
        "Trạng thái",
        "Số ngày xử lý",
        "Phí (đồng)",
    ]
    .map(HeaderCell::new)
    .to_vec()];
    let widths = vec![
        8.0, 28.0, 40.0, 24.0, 36.0, 10.0, 16.0, 16.0, 16.0, 16.0, 10.0, 12.0,
    ];
    let started = Instant::now();
    let mut w = XlsxRowWriter::new(
        "Danh sách hồ sơ",
        Some("Từ ngày 01/01/2025 đến ngày 31/12/2025"),
        header,
        widths,
        true,
    )?;
    let procedures = [
        "Cấp Giấy phép bán lẻ sản phẩm rượu",
        "Cấp Giấy chứng nhận đủ điều kiện sản xuất, kinh doanh hóa chất",
        "Cấp lại Giấy phép hoạt động điện lực",
    ];
    let names = [
        "Nguyễn Thị Hường",
        "Trần Đức Việt",
        "Công ty TNHH Thương mại Hạ Long",
    ];
    let status = ["Đã trả kết quả", "Đang xử lý", "Chờ bổ sung"];
    for i in 0..n {
        let k = i as usize;
        let day = 1 + (i % 28);
        let row = [
            Cell::int(i as i64 + 1),
            Cell::text(format!("000.17.22.H56-2501{day:02}-{:04}", i % 10_000)),
            Cell::text(procedures[k % 3]),
            Cell::text(names[k % 3]),
            Cell::text("Phường Đông Hải, tỉnh Quảng Ninh"),
            Cell::text(if i % 2 == 0 {
                "Trực tuyến"
            } else {
                "Trực tiếp"
            }),
            Cell::text(format!("{day:02}/01/2025")),
            Cell::text(format!("{day:02}/02/2025")),
            Cell::text(format!("{:02}/02/2025", 1 + (i % 27))),
            Cell::text(status[k % 3]),
            Cell::number((i % 40) as f64 / 2.0),
            Cell::int(1_200_000),
        ];
        w.write_row(&row)?;
    }
    let rows = w.finish(&path)?;
    let secs = started.elapsed().as_secs_f64();
    let size = std::fs::metadata(&path)?.len();
    println!(
        "{rows} rows in {secs:.1} s, {:.1} MB: {path}",
        size as f64 / 1e6
    );
    Ok(())
}
