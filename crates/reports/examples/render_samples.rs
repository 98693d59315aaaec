//! Writes every form of both rule sets with sample data as PDF into a directory:
//! `cargo run -p motcua-reports --example render_samples -- /tmp/forms`.

use motcua_domain::rules::RuleSetId;
use motcua_reports::{
    bar_chart_svg, line_chart_svg, qr_svg, render_form, samples, table_pdf, table_xlsx, ChartKind,
    Fonts,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/motcua-forms".into());
    std::fs::create_dir_all(&dir)?;
    let fonts = Fonts::bundled()?;
    for rs in [RuleSetId::Decree61_2018, RuleSetId::Decree118_2025] {
        for (kind, data) in samples::all_forms(rs) {
            let pdf = render_form(kind, &data, &fonts)?;
            let path = format!("{dir}/{:?}-{:?}.pdf", rs, kind.form);
            std::fs::write(&path, pdf)?;
            println!("{path}");
        }
    }
    let table = samples::ii06a();
    let chart = samples::on_time_chart();
    let mut lines = samples::on_time_chart();
    lines.title = "Tỷ lệ đúng hạn theo tháng".into();
    lines.categories = (7..=12).map(|m| format!("Tháng {m}")).collect();
    lines.series[0].values = vec![0.91, 0.935, 0.97, 0.955, 0.99, 1.0];
    lines.series.push(motcua_reports::Series {
        name: "Mục tiêu".into(),
        values: vec![0.95; 6],
    });
    let charts = [
        (chart.clone(), ChartKind::Bar),
        (lines.clone(), ChartKind::Line),
    ];
    std::fs::write(
        format!("{dir}/ii06a.pdf"),
        table_pdf(&table, &charts, &fonts)?,
    )?;
    std::fs::write(format!("{dir}/ii06a.xlsx"), table_xlsx(&table, &charts)?)?;
    let page = format!(
        "<!doctype html><meta charset=utf-8><body style='max-width:700px'>{}{}<div style='width:160px'>{}</div>",
        bar_chart_svg(&chart),
        line_chart_svg(&lines),
        qr_svg("000.17.22.H56-250805-0001")?
    );
    std::fs::write(format!("{dir}/charts.html"), page)?;
    println!("{dir}/ii06a.pdf {dir}/ii06a.xlsx {dir}/charts.html");
    Ok(())
}
