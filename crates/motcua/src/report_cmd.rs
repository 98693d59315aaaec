//! `motcua report 06a|07b|766|reform|behind|rebuild`: the statistics forms, the Decision 766
//! index and the reform figures for any period, as JSON, CSV, XLSX (the official layouts) or
//! PDF, and the reform report as a document to send (ODT, DOCX, PDF) with the same text as
//! the page `/reports/reform`: both render `App::report_reform_statement` with
//! `motcua_reports::official::reform_document`. A new output format is one arm of [`render`];
//! a new report is one variant of [`Report`]. The figures come from the same use cases as the
//! pages and the JSON API (`motcua_app::reports`), read as the system actor.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context};
use chrono::{NaiveDate, Utc};
use motcua_app::reports::{DossierPage, Scope};
use motcua_app::App;
use motcua_domain::dossier::{vn_date, Actor};
use motcua_domain::reports::{
    as_of, Against, Cell06a, Counts06a, Form06a, Form07b, GroupBy, Index766, Period,
    ReformStatement,
};
use motcua_store::reports as rep;
use motcua_store::Db;

#[derive(clap::Subcommand, Debug)]
pub enum ReportCmd {
    /// Biểu II.06a: received, resolved, in progress, per field / procedure / unit / agency.
    #[command(name = "06a")]
    Form06a(ReportArgs),
    /// Biểu II.07b: procedures under one-stop and inter-agency one-stop, per level.
    #[command(name = "07b")]
    Form07b(ReportArgs),
    /// The Decision 766 service-quality index.
    #[command(name = "766")]
    Index766(ReportArgs),
    /// The reform report: its text (late dossiers, apologies, petitions) and figures, compared
    /// with the same period a year earlier; `--format odt|docx|pdf` for the document to send.
    Reform(ReportArgs),
    /// The dossiers behind one cell of II.06a (narrow with --field/--procedure/--unit/--agency).
    Behind {
        #[command(flatten)]
        args: ReportArgs,
        /// received_total, carried_over, new_online, new_direct_postal, resolved_total, early,
        /// on_time, late, in_progress_total, within_deadline, overdue, withdrawn, stopped.
        #[arg(long, value_parser = parse_cell)]
        cell: Cell06a,
        #[arg(long, default_value_t = 1)]
        page: u32,
        #[arg(long, default_value_t = 100)]
        per_page: u32,
    },
    /// Recompute the report facts from the dossiers (after an upgrade or calendar changes).
    Rebuild,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Csv,
    /// The official layout as a spreadsheet (numbers as numbers); needs `-o FILE`.
    Xlsx,
    /// The official layout on A4 (the reform report: its text and figures); needs `-o FILE`.
    Pdf,
    /// The reform report as OpenDocument text (.odt: LibreOffice, Word); needs `-o FILE`.
    Odt,
    /// The reform report as Word (.docx); needs `-o FILE`.
    Docx,
}

#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// First day of the period (YYYY-MM-DD, Vietnam date).
    #[arg(long)]
    from: NaiveDate,
    /// Last day of the period, included.
    #[arg(long)]
    to: NaiveDate,
    #[arg(long)]
    agency: Option<String>,
    #[arg(long)]
    unit: Option<String>,
    #[arg(long)]
    field: Option<String>,
    #[arg(long)]
    procedure: Option<String>,
    /// Rows of II.06a: field, procedure, unit or agency.
    #[arg(long, value_parser = parse_group, default_value = "field")]
    by: GroupBy,
    /// Count early / on time / late against the extended appointment, not the original one.
    #[arg(long)]
    extended: bool,
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long)]
    output: Option<PathBuf>,
}

fn parse_group(s: &str) -> Result<GroupBy, String> {
    GroupBy::parse(s).ok_or_else(|| format!("“{s}”: field | procedure | unit | agency"))
}

fn parse_cell(s: &str) -> Result<Cell06a, String> {
    Cell06a::parse(s).ok_or_else(|| format!("“{s}” is not a cell of II.06a"))
}

impl ReportArgs {
    /// The period asked for; one still running stops today, so a dossier due next week is
    /// not counted as overdue at the period's end (the web pages do the same).
    fn period(&self) -> anyhow::Result<Period> {
        Ok(as_of(
            Period::range(self.from, self.to)?,
            vn_date(Utc::now()),
        ))
    }

    fn scope(&self) -> Scope {
        Scope {
            agency_code: self.agency.clone(),
            unit_code: self.unit.clone(),
            field_code: self.field.clone(),
            procedure_code: self.procedure.clone(),
        }
    }

    fn against(&self) -> Against {
        if self.extended {
            Against::Extended
        } else {
            Against::Original
        }
    }
}

/// A computed report, ready to render.
pub enum Report {
    Form06a(Form06a),
    Form07b(Form07b),
    Index766(Index766, Period),
    /// The reform report's text and figures.
    Reform(Box<ReformStatement>),
    Behind(DossierPage),
}

/// Runs `cmd`; `files` is the attachment store's directory (the use cases open it with the rest).
pub async fn run(cmd: ReportCmd, db: &Db, files: PathBuf) -> anyhow::Result<()> {
    if let ReportCmd::Rebuild = cmd {
        let bar = spinner("Đang tính lại số liệu báo cáo / rebuilding report facts");
        // The administrator's calendar (overrides and office hours), as every write uses.
        let cal = motcua_app::calendar::build(db).await?;
        let r = rep::rebuild_facts(db, &cal).await?;
        bar.finish_and_clear();
        println!(
            "Đã tính lại số liệu báo cáo của {} hồ sơ ({} dòng) / report facts rebuilt",
            r.dossiers, r.rows
        );
        return Ok(());
    }
    let app = App::open(db.clone(), files).await?;
    // The operator at the console reads every agency, as the system.
    let me = Actor::system();
    let (report, args) = match cmd {
        ReportCmd::Rebuild => return Ok(()),
        ReportCmd::Form06a(a) => {
            let f = app
                .report_06a(&me, a.period()?, &a.scope(), a.by, a.against())
                .await?;
            (Report::Form06a(f), a)
        }
        ReportCmd::Form07b(a) => (
            Report::Form07b(app.report_07b(&me, a.period()?, &a.scope()).await?),
            a,
        ),
        ReportCmd::Index766(a) => {
            let p = a.period()?;
            (
                Report::Index766(app.report_766(&me, p, &a.scope()).await?, p),
                a,
            )
        }
        ReportCmd::Reform(a) => (
            Report::Reform(Box::new(
                app.report_reform_statement(&me, a.period()?, &a.scope(), Utc::now())
                    .await?,
            )),
            a,
        ),
        ReportCmd::Behind {
            args,
            cell,
            page,
            per_page,
        } => {
            if page == 0 {
                bail!("--page bắt đầu từ 1 / --page starts at 1");
            }
            if args.format == Format::Xlsx {
                return behind_xlsx(&app, &me, &args, cell).await;
            }
            let p = app
                .report_behind(
                    &me,
                    args.period()?,
                    &args.scope(),
                    cell,
                    args.against(),
                    page,
                    per_page,
                )
                .await?;
            (Report::Behind(p), args)
        }
    };
    let binary = matches!(
        args.format,
        Format::Xlsx | Format::Pdf | Format::Odt | Format::Docx
    );
    if binary && args.output.is_none() {
        bail!("--format {:?} cần -o FILE / needs -o FILE", args.format);
    }
    match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("không ghi được / cannot write {}", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            render(&report, args.format, &mut out)?;
            out.flush()?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            render(&report, args.format, &mut out)?;
        }
    }
    Ok(())
}

/// Writes `report` in `format`.
pub fn render(report: &Report, format: Format, out: &mut dyn Write) -> anyhow::Result<()> {
    match format {
        Format::Json => {
            match report {
                Report::Form06a(r) => serde_json::to_writer_pretty(&mut *out, r)?,
                Report::Form07b(r) => serde_json::to_writer_pretty(&mut *out, r)?,
                Report::Index766(r, _) => serde_json::to_writer_pretty(&mut *out, r)?,
                Report::Reform(r) => serde_json::to_writer_pretty(&mut *out, r)?,
                Report::Behind(r) => serde_json::to_writer_pretty(&mut *out, r)?,
            }
            writeln!(out)?;
        }
        Format::Csv => csv(report, out)?,
        Format::Xlsx | Format::Pdf => {
            let Some(table) = official_table(report) else {
                bail!(
                    "--format xlsx|pdf: dùng `behind --format xlsx` / use `behind --format xlsx`"
                );
            };
            let bytes = if format == Format::Xlsx {
                motcua_reports::table_xlsx(&table, &[])?
            } else {
                let fonts = motcua_reports::Fonts::bundled()?;
                match report {
                    Report::Reform(r) => motcua_reports::document_pdf(
                        &motcua_reports::official::reform_document(r),
                        &fonts,
                    )?,
                    _ => motcua_reports::table_pdf(&table, &[], &fonts)?,
                }
            };
            out.write_all(&bytes)?;
        }
        Format::Odt | Format::Docx => {
            let Report::Reform(r) = report else {
                bail!("--format odt|docx chỉ dành cho báo cáo cải cách / is for the reform report");
            };
            let document = motcua_reports::official::reform_document(r);
            let bytes = if format == Format::Odt {
                motcua_reports::document_odt(&document)?
            } else {
                motcua_reports::document_docx(&document)?
            };
            out.write_all(&bytes)?;
        }
    }
    Ok(())
}

/// The official layout of a report (the drill-down list has none: it streams rows).
fn official_table(report: &Report) -> Option<motcua_reports::ReportTable> {
    use motcua_reports::official as o;
    Some(match report {
        Report::Form06a(f) => o::form06a_table(f),
        Report::Form07b(f) => o::form07b_table(f),
        Report::Index766(x, p) => o::index766_table(x, p),
        Report::Reform(r) => o::reform_table(&r.figures),
        Report::Behind(_) => return None,
    })
}

fn spinner(msg: &'static str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new_spinner().with_message(msg);
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// Every dossier behind a cell as XLSX, row by row in constant memory, with a progress bar.
async fn behind_xlsx(
    app: &App,
    me: &Actor,
    args: &ReportArgs,
    cell: Cell06a,
) -> anyhow::Result<()> {
    use motcua_reports::{Cell, HeaderCell, XlsxRowWriter};
    let Some(path) = &args.output else {
        bail!("--format xlsx cần -o FILE / needs -o FILE");
    };
    let period = args.period()?;
    let find = spinner("Đang tìm hồ sơ / finding dossiers");
    let codes = app
        .report_behind_all(me, period, &args.scope(), cell, args.against())
        .await?;
    find.finish_and_clear();
    let bar = indicatif::ProgressBar::new(codes.len() as u64).with_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} hồ sơ ({eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut w = XlsxRowWriter::new(
        &format!("Hồ sơ: {}", cell.name_vi()),
        Some(&motcua_reports::official::period_line(&period)),
        vec![vec![HeaderCell::new("STT"), HeaderCell::new("Mã hồ sơ")]],
        vec![8.0, 30.0],
        false,
    )?;
    for (i, c) in codes.iter().enumerate() {
        w.write_row(&[Cell::int(i as i64 + 1), Cell::text(c.as_str())])?;
        if i % 1000 == 0 {
            bar.set_position(i as u64);
        }
    }
    bar.set_position(codes.len() as u64);
    w.finish(path)?;
    bar.finish_and_clear();
    eprintln!("{} hồ sơ → {}", codes.len(), path.display());
    Ok(())
}

/// One CSV field, quoted when needed (RFC 4180).
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn line(out: &mut dyn Write, cells: &[String]) -> std::io::Result<()> {
    let v: Vec<String> = cells.iter().map(|c| field(c)).collect();
    writeln!(out, "{}", v.join(","))
}

fn opt(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.4}")).unwrap_or_default()
}

fn counts_cells(c: &Counts06a) -> Vec<String> {
    Cell06a::ALL.iter().map(|k| c.get(*k).to_string()).collect()
}

fn csv(report: &Report, out: &mut dyn Write) -> anyhow::Result<()> {
    match report {
        Report::Form06a(f) => {
            let mut head = vec!["Mã".to_owned(), "Tên".to_owned()];
            head.extend(Cell06a::ALL.iter().map(|c| c.name_vi().to_owned()));
            line(out, &head)?;
            for r in &f.rows {
                let mut v = vec![r.code.clone(), r.name.clone()];
                v.extend(counts_cells(&r.counts));
                line(out, &v)?;
            }
            let mut v = vec![String::new(), "Tổng cộng".to_owned()];
            v.extend(counts_cells(&f.total));
            line(out, &v)?;
        }
        Report::Form07b(f) => {
            line(
                out,
                &[
                    "Cấp",
                    "Số TTHC",
                    "Một cửa",
                    "Một cửa liên thông",
                    "Hồ sơ một cửa",
                    "Hồ sơ liên thông",
                ]
                .map(str::to_owned),
            )?;
            for r in f.rows.iter().chain(std::iter::once(&f.total)) {
                line(
                    out,
                    &[
                        r.level.clone(),
                        r.procedures.to_string(),
                        r.one_stop.to_string(),
                        r.inter_agency.to_string(),
                        r.dossiers_one_stop.to_string(),
                        r.dossiers_inter_agency.to_string(),
                    ],
                )?;
            }
        }
        Report::Index766(x, _) => {
            line(
                out,
                &[
                    "Nhóm",
                    "Mã",
                    "Chỉ số",
                    "Tính được",
                    "Tử số",
                    "Mẫu số",
                    "Tỷ lệ",
                    "Ngưỡng",
                    "Điểm tối đa",
                    "Điểm",
                    "Ghi chú",
                ]
                .map(str::to_owned),
            )?;
            for i in &x.indicators {
                line(
                    out,
                    &[
                        i.group.name_vi().to_owned(),
                        i.code.to_owned(),
                        i.name_vi.to_owned(),
                        if i.computable { "có" } else { "không" }.to_owned(),
                        i.numerator.to_string(),
                        i.denominator.to_string(),
                        opt(i.rate),
                        format!("{:.2}", i.threshold),
                        format!("{:.2}", i.max_points),
                        opt(i.score),
                        i.note.to_owned(),
                    ],
                )?;
            }
            for g in &x.groups {
                let mut v = vec![String::new(); 11];
                v[0] = g.name_vi.to_owned();
                v[2] = "Cộng nhóm".to_owned();
                v[8] = format!("{:.2}", g.max_points);
                v[9] = format!("{:.4}", g.score);
                line(out, &v)?;
            }
            let mut v = vec![String::new(); 11];
            v[2] = "Tổng điểm".to_owned();
            v[8] = format!("{:.2}", x.max_points);
            v[9] = format!("{:.4}", x.score);
            line(out, &v)?;
        }
        Report::Reform(r) => {
            let r = &r.figures;
            line(
                out,
                &[
                    "Chỉ tiêu".to_owned(),
                    "Giá trị".to_owned(),
                    "Trên".to_owned(),
                    "Tỷ lệ".to_owned(),
                ],
            )?;
            let share = |name: &str, s: &motcua_domain::reports::reform::Share| {
                vec![
                    name.to_owned(),
                    s.count.to_string(),
                    s.of.to_string(),
                    opt(s.rate),
                ]
            };
            let n = |name: &str, v: i64| {
                vec![name.to_owned(), v.to_string(), String::new(), String::new()]
            };
            let ratio = |name: &str, v: Option<f64>| {
                vec![name.to_owned(), opt(v), String::new(), String::new()]
            };
            let rows = vec![
                n("Số TTHC", r.procedures),
                share("TTHC cắt giảm ≥30% thời gian", &r.procedures_cut_30),
                n("DVC trực tuyến toàn trình", r.online_services.full),
                n("DVC trực tuyến một phần", r.online_services.partial),
                n(
                    "DVC trực tuyến trên Cổng DVC quốc gia",
                    r.online_services.on_national_portal,
                ),
                share("Hồ sơ giải quyết đúng hạn", &r.resolved_on_time),
                share("Hồ sơ giải quyết \"4 tại chỗ\"", &r.on_the_spot),
                share("Hài lòng (trên số đánh giá)", &r.satisfaction.satisfied),
                share(
                    "Rất hài lòng (trên số đánh giá)",
                    &r.satisfaction.very_satisfied,
                ),
                n("Hồ sơ tiếp nhận trực tiếp", r.received_direct),
                n("Hồ sơ tiếp nhận trực tuyến", r.received_online),
                n("Hồ sơ tiếp nhận qua bưu chính", r.received_postal),
                n("Tổng hồ sơ tiếp nhận", r.received_total),
                n("Tổng hồ sơ cùng kỳ năm trước", r.previous_received_total),
                ratio("So với cùng kỳ (lần)", r.total_vs_previous),
                n(
                    "Hồ sơ trực tuyến cùng kỳ năm trước",
                    r.previous_received_online,
                ),
                ratio("Trực tuyến so với cùng kỳ (lần)", r.online_vs_previous),
            ];
            for v in rows {
                line(out, &v)?;
            }
        }
        Report::Behind(p) => {
            line(out, &[format!("Mã hồ sơ ({} hồ sơ)", p.total)])?;
            for c in &p.codes {
                line(out, std::slice::from_ref(c))?;
            }
        }
    }
    Ok(())
}
