//! The agenda and its evidence pack: Markdown, plain text laid out for A4,
//! and a CSV of all linked requests. Built from one read of the meeting;
//! written 0600; every export is audited.

use crate::domain::meetings::TimeCheck;
use crate::model::meetings::{MeetingDetail, TopicRow};
use crate::store::agenda_error::{AgendaError, Result};
use crate::store::meeting_ops::load_meeting;
use crate::store::topics::list_topics;
use crate::store::{Store, StoreError};
use crate::text;
use crate::text::i18n::{Lang, fill, label, texts};
use chrono::NaiveDate;
use rusqlite::Connection;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Txt,
    Csv,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Txt => "txt",
            Format::Csv => "csv",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "md" => Some(Format::Md),
            "txt" => Some(Format::Txt),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// Characters per line of the A4 text (10 pt monospace, 2 cm margins).
pub const A4_COLUMNS: usize = 78;
/// Lines per A4 page; a form feed separates pages.
pub const A4_LINES: usize = 60;

/// A4 pages of `lines`: a form feed before each page after the first, and
/// a centred footer (`page_fmt` with `{n}` of `{of}`) under each.
pub fn paginate_a4(lines: &[String], page_fmt: &str, width: usize) -> String {
    let pages: Vec<&[String]> = lines.chunks(A4_LINES - 2).collect();
    let count = pages.len();
    let mut out = String::new();
    for (n, page) in pages.iter().enumerate() {
        if n > 0 {
            out.push('\u{c}');
        }
        for l in page.iter() {
            out.push_str(l);
            out.push('\n');
        }
        out.push('\n');
        let footer = fill(page_fmt, &[("n", &(n + 1)), ("of", &count)]);
        out.push_str(text::center(&footer, width).trim_end());
        out.push('\n');
    }
    out
}

/// One request linked to a topic on the agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedRequest {
    pub topic_id: i64,
    pub id: i64,
    pub received: String,
    pub village: String,
    pub address: String,
    pub resident: String,
    pub category: String,
    pub title: String,
    pub status: String,
}

/// Everything an export shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AgendaDoc {
    pub township: String,
    pub meeting: MeetingDetail,
    pub topics: Vec<TopicRow>,
    pub requests: Vec<LinkedRequest>,
}

pub fn build(conn: &Connection, meeting_id: i64, today: NaiveDate) -> Result<AgendaDoc> {
    let meeting = load_meeting(conn, meeting_id, today)?;
    let township: String = conn
        .query_row("SELECT value FROM settings WHERE key = 'township_name'", [], |r| {
            r.get(0)
        })
        .unwrap_or_default();
    let on_agenda: Vec<i64> = meeting.items.iter().filter_map(|i| i.topic_id).collect();
    let topics: Vec<TopicRow> = list_topics(conn, today)?
        .into_iter()
        .filter(|t| on_agenda.contains(&t.id))
        .collect();
    let mut stmt = conn.prepare_cached(
        "SELECT tr.topic_id, r.id, substr(r.received_at, 1, 10), ifnull(v.name, ''), ifnull(h.address, ''),
                coalesce(p.name, r.caller_name, ''), ifnull(c.name, ''), r.title, r.status
         FROM agenda_items a JOIN topic_requests tr ON tr.topic_id = a.topic_id
         JOIN requests r ON r.id = tr.request_id
         LEFT JOIN households h ON h.id = r.household_id LEFT JOIN villages v ON v.id = h.village_id
         LEFT JOIN persons p ON p.id = r.person_id LEFT JOIN categories c ON c.id = r.category_id
         WHERE a.meeting_id = ?1 ORDER BY a.position, r.received_at, r.id",
    )?;
    let requests = stmt
        .query_map([meeting_id], |r| {
            Ok(LinkedRequest {
                topic_id: r.get(0)?,
                id: r.get(1)?,
                received: r.get(2)?,
                village: r.get(3)?,
                address: r.get(4)?,
                resident: r.get(5)?,
                category: r.get(6)?,
                title: r.get(7)?,
                status: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(AgendaDoc {
        township,
        meeting,
        topics,
        requests,
    })
}

/// The document lines shared by Markdown and text: (heading level or 0, text).
fn meta_lines(doc: &AgendaDoc, lang: Lang) -> Vec<(String, String)> {
    let t = texts(lang);
    let x = &t.agenda.export;
    let m = &doc.meeting;
    let total = TimeCheck::new(m.items.iter().map(|i| i.minutes_allotted), m.duration_min);
    let cadres: Vec<&str> = m
        .participants
        .iter()
        .filter(|p| p.role == "cadre")
        .map(|p| p.name.as_str())
        .collect();
    let reps: Vec<String> = m
        .participants
        .iter()
        .filter(|p| p.role == "representative")
        .map(|p| match &p.village {
            Some(v) => format!("{} ({v})", p.name),
            None => p.name.clone(),
        })
        .collect();
    vec![
        (x.kind.clone(), label(&t.meeting_kind, m.kind.code()).to_string()),
        (x.level.clone(), label(&t.level, m.level.code()).to_string()),
        (
            x.time.clone(),
            m.starts_at.get(..16).unwrap_or(&m.starts_at).to_string(),
        ),
        (x.place.clone(), m.place.clone()),
        (x.chair.clone(), m.chair.clone().unwrap_or_default()),
        (
            x.length.clone(),
            fill(&x.length_fmt, &[("length", &total.length), ("total", &total.total)]),
        ),
        (x.cadres.clone(), cadres.join(", ")),
        (x.representatives.clone(), reps.join(", ")),
    ]
}

fn evidence_line(topic: &TopicRow, lang: Lang) -> String {
    let x = &texts(lang).agenda.export;
    let e = &topic.evidence;
    let span = match (e.earliest, e.latest) {
        (Some(a), Some(b)) => format!("{a} - {b}"),
        _ => String::new(),
    };
    fill(
        &x.evidence_fmt,
        &[
            ("requests", &e.requests),
            ("households", &e.households),
            ("villages", &e.villages),
            ("overdue", &e.overdue),
            ("repeat", &e.repeat_requesters),
            ("unsatisfied", &e.unsatisfied),
            ("span", &span),
        ],
    )
}

fn request_cells(r: &LinkedRequest, lang: Lang) -> [String; 6] {
    let t = texts(lang);
    [
        r.id.to_string(),
        r.received.clone(),
        r.village.clone(),
        r.resident.clone(),
        r.title.clone(),
        label(&t.status, &r.status).to_string(),
    ]
}

/// After the meeting: the item's record, resident opinions (adopted or
/// not) and decisions, one line each.
fn record_lines(i: &crate::model::meetings::ItemDetail, lang: Lang) -> Vec<String> {
    let t = texts(lang);
    let x = &t.agenda.export;
    let mut out = Vec::new();
    if !i.item_minutes.is_empty() {
        out.push(format!("{}: {}", x.record, i.item_minutes));
    }
    for o in &i.opinions {
        let mark = if o.adopted { &x.adopted } else { &x.not_adopted };
        let who = o.person.as_deref().map(|p| format!("{p}: ")).unwrap_or_default();
        out.push(format!("{} [{mark}]: {who}{}", x.opinion, o.text));
    }
    for d in &i.decisions {
        out.push(format!(
            "{} [{}]: {}",
            x.decision,
            label(&t.agenda.decision_status, d.status.code()),
            d.text
        ));
    }
    out
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn markdown(doc: &AgendaDoc, lang: Lang) -> String {
    let t = texts(lang);
    let x = &t.agenda.export;
    let m = &doc.meeting;
    let mut out = format!("# {}\n\n", m.title);
    if !doc.township.is_empty() {
        out.push_str(&format!("{}\n\n", doc.township));
    }
    for (k, v) in meta_lines(doc, lang) {
        out.push_str(&format!("- {k}: {v}\n"));
    }
    out.push_str(&format!("\n## {}\n\n", x.agenda));
    out.push_str(&format!(
        "| {} | {} | {} | {} |\n|---|---|---|---|\n",
        x.position, x.item, x.minutes, x.presenter
    ));
    for i in &m.items {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            i.position,
            md_escape(&i.title),
            fill(&x.minutes_fmt, &[("n", &i.minutes_allotted)]),
            md_escape(i.presenter.as_deref().unwrap_or(""))
        ));
    }
    for i in &m.items {
        out.push_str(&format!("\n## {}. {}\n\n", i.position, i.title));
        out.push_str(&format!(
            "- {}: {}\n- {}: {}\n",
            x.presenter,
            i.presenter.as_deref().unwrap_or(""),
            x.minutes,
            fill(&x.minutes_fmt, &[("n", &i.minutes_allotted)])
        ));
        if !i.notes.is_empty() {
            out.push_str(&format!("- {}: {}\n", x.notes, i.notes));
        }
        for l in record_lines(i, lang) {
            out.push_str(&format!("- {l}\n"));
        }
        let Some(topic) = i.topic_id.and_then(|id| doc.topics.iter().find(|t| t.id == id)) else {
            continue;
        };
        out.push_str(&format!("\n**{}**: {}\n\n", x.evidence, evidence_line(topic, lang)));
        out.push_str(&format!(
            "**{}**: {}\n\n",
            x.suggested_level,
            label(&t.level, topic.suggested_level.code())
        ));
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|\n",
            x.req_id, x.req_date, x.req_village, x.req_resident, x.req_title, x.req_status
        ));
        for r in doc.requests.iter().filter(|r| r.topic_id == topic.id) {
            let cells = request_cells(r, lang).map(|c| md_escape(&c));
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
    }
    out
}

/// Plain text for printing on A4: 78 columns, Chinese wrapped by display
/// width, pages of 60 lines separated by a form feed.
pub fn plain_text(doc: &AgendaDoc, lang: Lang) -> String {
    let t = texts(lang);
    let x = &t.agenda.export;
    let m = &doc.meeting;
    let w = A4_COLUMNS;
    let mut lines: Vec<String> = Vec::new();
    let para = |lines: &mut Vec<String>, s: &str, indent: usize| {
        for l in text::wrap(s, w - indent) {
            lines.push(format!("{}{l}", " ".repeat(indent)).trim_end().to_string());
        }
    };
    lines.push(text::center(&m.title, w).trim_end().to_string());
    if !doc.township.is_empty() {
        lines.push(text::center(&doc.township, w).trim_end().to_string());
    }
    lines.push(String::new());
    for (k, v) in meta_lines(doc, lang) {
        para(&mut lines, &format!("{k}: {v}"), 0);
    }
    lines.push(String::new());
    lines.push(x.agenda.clone());
    lines.push("-".repeat(w));
    let cols = [4usize, 48, 10, 12];
    let row = |cells: [&str; 4]| {
        let mut s = String::new();
        for (c, width) in cells.iter().zip(cols) {
            s.push_str(&text::fit(c, width));
            s.push(' ');
        }
        s.trim_end().to_string()
    };
    lines.push(row([&x.position, &x.item, &x.minutes, &x.presenter]));
    for i in &m.items {
        let minutes = fill(&x.minutes_fmt, &[("n", &i.minutes_allotted)]);
        let title_lines = text::wrap(&i.title, cols[1]);
        for (n, tl) in title_lines.iter().enumerate() {
            if n == 0 {
                let pos = i.position.to_string();
                lines.push(row([&pos, tl, &minutes, i.presenter.as_deref().unwrap_or("")]));
            } else {
                lines.push(row(["", tl, "", ""]));
            }
        }
    }
    for i in &m.items {
        lines.push(String::new());
        para(&mut lines, &format!("{}. {}", i.position, i.title), 0);
        lines.push("=".repeat(w.min(40)));
        para(
            &mut lines,
            &format!(
                "{}: {}    {}: {}",
                x.presenter,
                i.presenter.as_deref().unwrap_or(""),
                x.minutes,
                fill(&x.minutes_fmt, &[("n", &i.minutes_allotted)])
            ),
            0,
        );
        if !i.notes.is_empty() {
            para(&mut lines, &format!("{}: {}", x.notes, i.notes), 0);
        }
        for l in record_lines(i, lang) {
            para(&mut lines, &l, 0);
        }
        let Some(topic) = i.topic_id.and_then(|id| doc.topics.iter().find(|t| t.id == id)) else {
            continue;
        };
        para(
            &mut lines,
            &format!("{}: {}", x.evidence, evidence_line(topic, lang)),
            0,
        );
        para(
            &mut lines,
            &format!(
                "{}: {}",
                x.suggested_level,
                label(&t.level, topic.suggested_level.code())
            ),
            0,
        );
        lines.push(String::new());
        let rc = [6usize, 10, 10, 8, 30, 8];
        let rrow = |cells: &[String]| {
            let mut s = String::new();
            for (c, width) in cells.iter().zip(rc) {
                s.push_str(&text::fit(c, width));
                s.push(' ');
            }
            s.trim_end().to_string()
        };
        let head = [
            &x.req_id,
            &x.req_date,
            &x.req_village,
            &x.req_resident,
            &x.req_title,
            &x.req_status,
        ]
        .map(|s| s.to_string());
        lines.push(rrow(&head));
        for r in doc.requests.iter().filter(|r| r.topic_id == topic.id) {
            let cells = request_cells(r, lang);
            let titles = text::wrap(&cells[4], rc[4]);
            for (n, tl) in titles.iter().enumerate() {
                let mut c = cells.clone();
                c[4] = tl.clone();
                if n > 0 {
                    c = [
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        tl.clone(),
                        String::new(),
                    ];
                }
                lines.push(rrow(&c));
            }
        }
    }
    paginate_a4(&lines, &x.page_fmt, w)
}

/// CSV of all requests linked to the agenda's topics (UTF-8 with a BOM so
/// Chinese Excel opens it correctly).
pub fn csv(doc: &AgendaDoc, lang: Lang) -> Result<String> {
    let x = &texts(lang).agenda.export;
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| AgendaError::Store(StoreError::Io(std::io::Error::other(e)));
    w.write_record([
        &x.csv_meeting,
        &x.position,
        &x.csv_topic_id,
        &x.csv_topic,
        &x.req_id,
        &x.req_date,
        &x.req_village,
        &x.csv_address,
        &x.req_resident,
        &x.csv_category,
        &x.req_title,
        &x.req_status,
    ])
    .map_err(io)?;
    let t = texts(lang);
    for r in &doc.requests {
        let item = doc.meeting.items.iter().find(|i| i.topic_id == Some(r.topic_id));
        let topic = doc.topics.iter().find(|t| t.id == r.topic_id);
        w.write_record([
            doc.meeting.id.to_string(),
            item.map(|i| i.position.to_string()).unwrap_or_default(),
            r.topic_id.to_string(),
            topic.map(|t| t.title.clone()).unwrap_or_default(),
            r.id.to_string(),
            r.received.clone(),
            r.village.clone(),
            r.address.clone(),
            r.resident.clone(),
            r.category.clone(),
            r.title.clone(),
            label(&t.status, &r.status).to_string(),
        ])
        .map_err(io)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AgendaError::Store(StoreError::Io(std::io::Error::other(e.to_string()))))?;
    Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}

pub fn render(doc: &AgendaDoc, format: Format, lang: Lang) -> Result<String> {
    Ok(match format {
        Format::Md => markdown(doc, lang),
        Format::Txt => plain_text(doc, lang),
        Format::Csv => csv(doc, lang)?,
    })
}

/// The default file name: `meeting-ID-YYYYMMDD.ext` in `dir`.
pub fn default_path(dir: &Path, doc: &AgendaDoc, format: Format) -> PathBuf {
    let day: String = doc.meeting.starts_at.chars().take(10).filter(|c| *c != '-').collect();
    dir.join(format!("meeting-{}-{day}.{}", doc.meeting.id, format.extension()))
}

/// Writes the export to `path` (mode 0600, replacing an older file) and
/// audits it; a failure is audited too.
pub fn export(
    store: &mut Store,
    meeting_id: i64,
    format: Format,
    path: &Path,
    lang: Lang,
    today: NaiveDate,
) -> Result<PathBuf> {
    let object = format!("meeting:{meeting_id}");
    let result = build(store.conn(), meeting_id, today)
        .and_then(|doc| render(&doc, format, lang))
        .and_then(|body| {
            crate::store::files::write_private(path, body.as_bytes())
                .map_err(|e| AgendaError::Store(StoreError::from(e)))
        });
    match result {
        Ok(()) => {
            let detail = format!("{} {}", format.extension(), path.display());
            store.write(|tx, actor| Store::audit(tx, actor, "agenda.export", &object, &detail))?;
            Ok(path.to_path_buf())
        }
        Err(e) => {
            let _ = store.audit_failure("agenda.export", &object, &format!("{e}"));
            Err(e)
        }
    }
}

/// `minqing agenda export`: writes to `out` (0600) or, without it, to
/// stdout; audited either way. Returns a sentence for the user, or why not.
pub fn export_cli(
    store: &mut Store,
    meeting_id: i64,
    format: Format,
    out: Option<&Path>,
    lang: Lang,
) -> std::result::Result<String, String> {
    let today = chrono::Local::now().date_naive();
    let say = |e: AgendaError| crate::text::i18n::agenda_error(lang, &e);
    match out {
        Some(path) => {
            let written = export(store, meeting_id, format, path, lang, today).map_err(say)?;
            Ok(fill(&texts(lang).agenda.ui.exported, &[("path", &written.display())]))
        }
        None => {
            let body = build(store.conn(), meeting_id, today)
                .and_then(|doc| render(&doc, format, lang))
                .map_err(say)?;
            let object = format!("meeting:{meeting_id}");
            let detail = format!("{} stdout", format.extension());
            store
                .write(|tx, actor| Store::audit(tx, actor, "agenda.export", &object, &detail))
                .map_err(|e| crate::text::i18n::store_error(lang, &e))?;
            std::io::stdout()
                .write_all(body.as_bytes())
                .map_err(|e| e.to_string())?;
            Ok(String::new())
        }
    }
}
