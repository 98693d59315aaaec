//! Writes every form of both rule sets with sample data as PDF into a directory:
//! `cargo run -p motcua-reports --example render_samples -- /tmp/forms`.

use motcua_domain::rules::RuleSetId;
use motcua_reports::{render_form, samples, Fonts};

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
    Ok(())
}
