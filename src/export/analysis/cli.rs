//! `minqing report analysis` and `minqing report monthly`: read the rows,
//! compute the report, write it (file mode 0600) or print it; every export
//! is audited, full names only for a user who may reveal.

use super::{Doc, Options, document, markdown, monthly_document, plain_text, sheets};
use crate::domain::analysis::{self, PeriodKind, Place, Selection, Span, Theme, span_of};
use crate::store::analysis::{Loaded, business_month_start, load};
use crate::store::{Store, StoreError};
use crate::text::i18n::{Lang, fill, io_error, store_error, texts};
use chrono::NaiveDate;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Txt,
    Csv,
    Xlsx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Txt => "txt",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// Options of `minqing report analysis`.
#[derive(Debug, Clone, clap::Args)]
pub struct AnalysisArgs {
    /// week, month, quarter, year or business-month (from the 21st; setting
    /// analysis_business_month_start).
    #[arg(long, default_value = "month")]
    pub period: String,
    /// A custom range instead of --period: first day (YYYY-MM-DD).
    #[arg(long, requires = "to")]
    pub from: Option<String>,
    /// A custom range instead of --period: last day (YYYY-MM-DD).
    #[arg(long, requires = "from")]
    pub to: Option<String>,
    /// The report day (default: today): the period containing it, counted up to it.
    #[arg(long)]
    pub date: Option<String>,
    /// village:NAME or grid:NAME (default: the whole township).
    #[arg(long)]
    pub scope: Option<String>,
    /// category:NAME, tag:NAME or channel:CODE.
    #[arg(long)]
    pub theme: Option<String>,
    #[arg(long, value_enum, default_value = "md")]
    pub format: Format,
    /// Output file (default: standard output; xlsx needs a file).
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// Residents' full names instead of 张*梅 (users who may reveal; audited).
    #[arg(long)]
    pub full: bool,
    /// The presenter line (default: the user's display name).
    #[arg(long)]
    pub presenter: Option<String>,
}

/// Options of `minqing report monthly`.
#[derive(Debug, Clone, clap::Args)]
pub struct MonthlyArgs {
    /// month or business-month.
    #[arg(long, value_parser = ["month", "business-month"], default_value = "month")]
    pub period: String,
    /// A day in the month reported (default: today).
    #[arg(long)]
    pub date: Option<String>,
    #[arg(long, value_enum, default_value = "txt")]
    pub format: Format,
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
}

fn parse_date(s: &str, lang: Lang) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| fill(&texts(lang).analysis.bad_date, &[("value", &s)]))
}

fn report_day(date: Option<&str>, today: NaiveDate, lang: Lang) -> Result<NaiveDate, String> {
    date.map_or(Ok(today), |d| parse_date(d, lang))
}

fn render(doc: &Doc, format: Format, lang: Lang) -> Result<Vec<u8>, String> {
    Ok(match format {
        Format::Md => markdown(doc, lang).into_bytes(),
        Format::Txt => plain_text(doc, lang).into_bytes(),
        Format::Csv => sheets::csv(doc).into_bytes(),
        Format::Xlsx => sheets::xlsx(doc).map_err(|e| io_error(lang, &crate::export::excel_limit::to_io(e)))?,
    })
}

/// Where a document goes and how its export is audited.
struct Delivery<'a> {
    action: &'a str,
    object: String,
    format: Format,
    output: Option<&'a Path>,
    detail: String,
}

/// Writes or prints `doc` and audits it (a failure is audited too).
fn deliver(store: &mut Store, doc: &Doc, d: Delivery, lang: Lang) -> Result<String, String> {
    let x = &texts(lang).analysis;
    let Delivery {
        action,
        object,
        format,
        output,
        detail,
    } = d;
    let object = object.as_str();
    let written = (|| {
        let bytes = render(doc, format, lang)?;
        match output {
            Some(path) => crate::store::files::write_private(path, &bytes)
                .map(|()| fill(&x.exported, &[("path", &path.display())]))
                .map_err(|e| crate::export::texts::failed(lang, &e)),
            None if format == Format::Xlsx => Err(x.xlsx_needs_file.clone()),
            None => std::io::stdout()
                .write_all(&bytes)
                .map(|()| String::new())
                .map_err(|e| crate::export::texts::failed(lang, &e)),
        }
    })();
    let target = output.map_or_else(|| "stdout".to_string(), |p| p.display().to_string());
    match written {
        Ok(msg) => {
            let detail = format!("{} {target} {detail}", format.extension());
            store
                .write(|tx, actor| Store::audit(tx, actor, action, object, &detail))
                .map_err(|e| store_error(lang, &e))?;
            Ok(msg)
        }
        Err(e) => {
            let _ = store.audit_failure(action, object, &e);
            Err(e)
        }
    }
}

/// The period and span asked for.
pub fn resolve_span(
    period: &str,
    from: Option<&str>,
    to: Option<&str>,
    day: NaiveDate,
    business_start: u32,
    lang: Lang,
) -> Result<(PeriodKind, Span), String> {
    if let (Some(f), Some(t)) = (from, to) {
        return Ok((
            PeriodKind::Custom,
            Span::new(parse_date(f, lang)?, parse_date(t, lang)?),
        ));
    }
    let kind = PeriodKind::parse(period, business_start)
        .filter(|k| *k != PeriodKind::Custom)
        .ok_or_else(|| fill(&texts(lang).analysis.bad_period, &[("value", &period)]))?;
    Ok((kind, span_of(kind, day)))
}

fn options(
    store: &Store,
    loaded: &Loaded,
    presenter: Option<String>,
    day: NaiveDate,
    full: bool,
    lang: Lang,
) -> Options {
    Options {
        township: loaded.township.clone(),
        presenter: presenter.unwrap_or_else(|| store.actor().display_name.clone()),
        date: day,
        full_names: full,
        lang,
    }
}

/// `minqing report analysis`. Returns a sentence for the user, or why not.
pub fn analysis_cli(store: &mut Store, args: AnalysisArgs, lang: Lang, today: NaiveDate) -> Result<String, String> {
    let x = &texts(lang).analysis;
    let place = args.scope.as_deref().unwrap_or("");
    let place = Place::parse(place).ok_or_else(|| fill(&x.bad_scope, &[("value", &place)]))?;
    let theme = args.theme.as_deref().unwrap_or("");
    let theme = Theme::parse(theme).ok_or_else(|| fill(&x.bad_theme, &[("value", &theme)]))?;
    let day = report_day(args.date.as_deref(), today, lang)?;
    let start = business_month_start(store.conn()).map_err(|e| store_error(lang, &e))?;
    let (kind, span) = resolve_span(&args.period, args.from.as_deref(), args.to.as_deref(), day, start, lang)?;
    let object = format!("report:analysis {}..{}", span.from, span.to);
    if args.full && !store.actor().can_reveal {
        let _ = store.audit_failure("analysis.export", &object, "full names refused: may not reveal");
        return Err(x.refuse_full.clone());
    }
    let loaded = load(store.conn(), kind, span, day).map_err(|e| store_error(lang, &e))?;
    let selection = Selection { place, theme };
    let report = analysis::build(&loaded.input, &selection, kind, span, day, loaded.settings);
    let opts = options(store, &loaded, args.presenter, day, args.full, lang);
    let doc = document(&report, &opts);
    let detail = format!(
        "{} {:?} {:?}",
        if args.full { "full" } else { "masked" },
        selection.place,
        selection.theme
    );
    let delivery = Delivery {
        action: "analysis.export",
        object,
        format: args.format,
        output: args.output.as_deref(),
        detail,
    };
    deliver(store, &doc, delivery, lang)
}

/// The 民情分析 pane's export of the report it shows: written to `path`
/// (0600) and audited; full names (`opts.full_names`) only for a user who
/// may reveal (a refusal is audited too). Returns a sentence for the
/// status line.
pub fn export_report(
    store: &mut Store,
    report: &analysis::Report,
    format: Format,
    path: &Path,
    opts: &Options,
) -> Result<String, String> {
    let object = format!("report:analysis {}..{}", report.span.from, report.span.to);
    let full = opts.full_names;
    if full && !store.actor().can_reveal {
        let _ = store.audit_failure("analysis.export", &object, "full names refused: may not reveal");
        return Err(texts(opts.lang).analysis.refuse_full.clone());
    }
    let doc = document(report, opts);
    let detail = format!(
        "{} {:?} {:?}",
        if full { "full" } else { "masked" },
        report.selection.place,
        report.selection.theme
    );
    let delivery = Delivery {
        action: "analysis.export",
        object,
        format,
        output: Some(path),
        detail,
    };
    deliver(store, &doc, delivery, opts.lang)
}

/// The file a report is written to when no path is given:
/// `analysis-FROM-TO.ext` in `dir`.
pub fn default_path(dir: &Path, report: &analysis::Report, format: Format) -> PathBuf {
    let day = |d: NaiveDate| d.format("%Y%m%d").to_string();
    dir.join(format!(
        "analysis-{}-{}.{}",
        day(report.span.from),
        day(report.span.to),
        format.extension()
    ))
}

/// `minqing report monthly`: one row per village and the township total.
pub fn monthly_cli(store: &mut Store, args: MonthlyArgs, lang: Lang, today: NaiveDate) -> Result<String, String> {
    let day = report_day(args.date.as_deref(), today, lang)?;
    let start = business_month_start(store.conn()).map_err(|e| store_error(lang, &e))?;
    let (kind, span) = resolve_span(&args.period, None, None, day, start, lang)?;
    let loaded = load(store.conn(), kind, span, day).map_err(|e: StoreError| store_error(lang, &e))?;
    let rows = analysis::monthly(&loaded.input, &loaded.villages, kind, span, day);
    let opts = options(store, &loaded, None, day, false, lang);
    let doc = monthly_document(&rows, kind, span, &opts);
    let object = format!("report:monthly {}..{}", span.from, span.to);
    let delivery = Delivery {
        action: "monthly.export",
        object,
        format: args.format,
        output: args.output.as_deref(),
        detail: String::new(),
    };
    deliver(store, &doc, delivery, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_from_the_command_line() {
        let day = d(2026, 11, 26);
        let custom = resolve_span("month", Some("2024-02-29"), Some("2024-03-06"), day, 21, Lang::Zh);
        assert_eq!(
            custom,
            Ok((PeriodKind::Custom, Span::new(d(2024, 2, 29), d(2024, 3, 6))))
        );
        let biz = resolve_span("business-month", None, None, day, 26, Lang::Zh);
        assert_eq!(
            biz,
            Ok((
                PeriodKind::BusinessMonth { start: 26 },
                Span::new(d(2026, 11, 26), d(2026, 12, 25))
            ))
        );
        let bad = resolve_span("custom", None, None, day, 21, Lang::En).unwrap_err();
        assert!(bad.starts_with("Unknown period: custom"), "{bad}");
        let bad = resolve_span("month", Some("2026-13-01"), Some("2026-12-01"), day, 21, Lang::Zh).unwrap_err();
        assert!(bad.starts_with("日期写法不对：2026-13-01"), "{bad}");
    }
}
