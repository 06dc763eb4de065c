//! The agenda and its evidence pack: Markdown, plain text laid out for A4,
//! and a CSV of all linked requests. Built from one read of the meeting;
//! written 0600; every export is audited.
//!
//! The document is handed round a meeting with resident representatives:
//! residents' names are masked (张*梅) and addresses left out unless the
//! exporting user asks for full data and may reveal (audited). The A4 text
//! is print-ready: names and phrases are never broken across lines, each
//! item has its start time, a 记录人 line and ruled space for notes.

use crate::domain::meetings::TimeCheck;
use crate::model::meetings::{MeetingDetail, TopicRow};
use crate::store::agenda_error::{AgendaError, Result};
use crate::store::meeting_ops::load_meeting;
use crate::store::topics::list_topics;
use crate::store::{Store, StoreError};
use crate::text;
use crate::text::i18n::{Lang, fill, label, marked, noted, texts};
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
    render_pages(&pages, page_fmt, width)
}

/// A4 pages of `blocks`, each block kept on one page when it fits (an
/// agenda item with its evidence and its space for notes is not split).
pub fn paginate_blocks(blocks: &[Vec<String>], page_fmt: &str, width: usize) -> String {
    let size = A4_LINES - 2;
    let mut pages: Vec<Vec<String>> = vec![Vec::new()];
    for block in blocks {
        let page = pages.last_mut().expect("one page");
        if !page.is_empty() && page.len() + block.len() > size {
            pages.push(Vec::new());
        }
        for line in block {
            let page = pages.last_mut().expect("one page");
            if page.len() == size {
                pages.push(Vec::new());
            }
            let page = pages.last_mut().expect("one page");
            // A new page does not start with blank lines.
            if page.is_empty() && line.is_empty() {
                continue;
            }
            page.push(line.clone());
        }
    }
    let pages: Vec<&[String]> = pages.iter().map(Vec::as_slice).collect();
    render_pages(&pages, page_fmt, width)
}

fn render_pages(pages: &[&[String]], page_fmt: &str, width: usize) -> String {
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
    /// Merged as a duplicate of this request (its status reads 重复合并).
    pub duplicate_of: Option<i64>,
    /// The topic it went into (a merged request reads 并入议题).
    pub merged_topic: Option<i64>,
}

/// Everything an export shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AgendaDoc {
    pub township: String,
    pub meeting: MeetingDetail,
    pub topics: Vec<TopicRow>,
    pub requests: Vec<LinkedRequest>,
    /// Titles of the cadres taking part (cadre id → 职务).
    pub cadre_titles: std::collections::HashMap<i64, String>,
    /// Residents' full names and addresses (only after an allowed, audited
    /// request for full data); masked otherwise.
    pub full: bool,
    /// 民情分析 reports attached to items (see the section at the end).
    pub reports: Vec<crate::export::analysis::agenda::AttachedDoc>,
}

impl AgendaDoc {
    /// A resident's name as this document shows it.
    fn resident(&self, name: &str) -> String {
        if self.full {
            name.to_string()
        } else {
            crate::domain::analysis::mask_name(name)
        }
    }

    /// A cadre taking part, with the title when there is one.
    fn cadre(&self, p: &crate::model::meetings::ParticipantRow, lang: Lang) -> String {
        match p
            .cadre_id
            .and_then(|id| self.cadre_titles.get(&id))
            .filter(|t| !t.is_empty())
        {
            Some(title) => fill(
                &texts(lang).clerkflow.cadre_with_title,
                &[("name", &p.name), ("title", title)],
            ),
            None => p.name.clone(),
        }
    }

    /// Each item's start time ("14:15"), from the meeting's start and the
    /// minutes allotted to the items before it.
    fn start_times(&self) -> Vec<String> {
        let m = &self.meeting;
        let start = chrono::NaiveDateTime::parse_from_str(m.starts_at.get(..16).unwrap_or(""), "%Y-%m-%d %H:%M")
            .or_else(|_| chrono::NaiveDateTime::parse_from_str(m.starts_at.get(..16).unwrap_or(""), "%Y-%m-%dT%H:%M"));
        let mut at = 0i64;
        m.items
            .iter()
            .map(|i| {
                let s = start
                    .map(|s| (s + chrono::Duration::minutes(at)).format("%H:%M").to_string())
                    .unwrap_or_default();
                at += i.minutes_allotted;
                s
            })
            .collect()
    }
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
                coalesce(p.name, r.caller_name, ''), ifnull(c.name, ''), r.title, r.status,
                r.duplicate_of, r.topic_id
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
                duplicate_of: r.get(9)?,
                merged_topic: r.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, ifnull(c.title, '') FROM meeting_participants mp JOIN cadres c ON c.id = mp.cadre_id
         WHERE mp.meeting_id = ?1",
    )?;
    let cadre_titles = stmt
        .query_map([meeting_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let reports = crate::export::analysis::agenda::load_attached(conn, &meeting, today)?;
    Ok(AgendaDoc {
        township,
        meeting,
        topics,
        requests,
        cadre_titles,
        full: false,
        reports,
    })
}

/// The document lines shared by Markdown and text: (label, the parts of
/// its value). A value's parts (names, phrases) are never broken across
/// lines in the A4 text.
fn meta_lines(doc: &AgendaDoc, lang: Lang) -> Vec<(String, Vec<String>)> {
    let t = texts(lang);
    let x = &t.agenda.export;
    let m = &doc.meeting;
    let total = TimeCheck::new(m.items.iter().map(|i| i.minutes_allotted), m.duration_min);
    let cadres: Vec<String> = m
        .participants
        .iter()
        .filter(|p| p.role == crate::model::meetings::ParticipantRole::Cadre)
        .map(|p| doc.cadre(p, lang))
        .collect();
    let reps: Vec<String> = m
        .participants
        .iter()
        .filter(|p| p.role == crate::model::meetings::ParticipantRole::Representative)
        .map(|p| match &p.village {
            Some(v) => noted(t, &doc.resident(&p.name), v),
            None => doc.resident(&p.name),
        })
        .collect();
    let one = |label: &String, value: String| (label.clone(), vec![value]);
    vec![
        one(&x.kind, label(&t.meeting_kind, m.kind.code()).to_string()),
        one(&x.level, label(&t.level, m.level.code()).to_string()),
        one(&x.time, m.starts_at.get(..16).unwrap_or(&m.starts_at).to_string()),
        one(&x.place, m.place.clone()),
        one(&x.chair, m.chair.clone().unwrap_or_default()),
        one(
            &x.length,
            fill(&x.length_fmt, &[("length", &total.length), ("total", &total.total)]),
        ),
        (x.cadres.clone(), cadres),
        (x.representatives.clone(), reps),
    ]
}

/// `label: part、part、…` wrapped to `width` columns without breaking a
/// part (a name, a phrase); continuation lines are indented under the
/// first part. A part wider than a line is wrapped on its own.
/// `head` (a label with its separator, or nothing) starts the first line;
/// the parts follow it joined by `sep`, wrapped under the head.
pub fn wrap_parts(head: &str, parts: &[String], sep: &str, width: usize) -> Vec<String> {
    let head = head.to_string();
    let indent = text::width(&head).min(width / 2);
    let mut lines = Vec::new();
    let mut line = head.clone();
    let mut used = text::width(&head);
    let mut first = true;
    for (i, part) in parts.iter().enumerate() {
        let piece = if i + 1 < parts.len() {
            format!("{part}{sep}")
        } else {
            part.clone()
        };
        let pw = text::width(piece.trim_end());
        if !first && used + pw > width {
            lines.push(line.trim_end().to_string());
            line = " ".repeat(indent);
            used = indent;
        }
        if used + pw > width {
            // Longer than a line by itself: wrapped as prose.
            for (k, l) in text::wrap(&piece, width - used).into_iter().enumerate() {
                if k > 0 {
                    lines.push(line.trim_end().to_string());
                    line = " ".repeat(used);
                }
                line.push_str(&l);
            }
            used = text::width(&line);
        } else {
            line.push_str(&piece);
            used += text::width(&piece);
        }
        first = false;
    }
    lines.push(line.trim_end().to_string());
    lines
}

/// The evidence's phrases (诉求 5 件, 涉及 5 户, …), each kept whole.
fn evidence_parts(topic: &TopicRow, lang: Lang) -> Vec<String> {
    let sep = &texts(lang).clerkflow.list_sep;
    evidence_line(topic, lang)
        .split(sep.as_str())
        .map(str::to_string)
        .collect()
}

fn evidence_line(topic: &TopicRow, lang: Lang) -> String {
    let x = &texts(lang).agenda.export;
    let e = &topic.evidence;
    let span = match (e.earliest, e.latest) {
        (Some(a), Some(b)) => fill(&x.span, &[("from", &a), ("to", &b)]),
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

/// A linked request's status in words: 并入议题 and 重复合并 are told
/// apart from each other and from the workflow statuses.
fn status_text(r: &LinkedRequest, lang: Lang) -> String {
    match crate::domain::request::Status::parse(&r.status) {
        Some(s) => crate::text::i18n::status_label(texts(lang), s, r.duplicate_of, r.merged_topic).to_string(),
        None => r.status.clone(),
    }
}

fn request_cells(doc: &AgendaDoc, r: &LinkedRequest, lang: Lang) -> [String; 6] {
    [
        r.id.to_string(),
        r.received.clone(),
        r.village.clone(),
        doc.resident(&r.resident),
        r.title.clone(),
        status_text(r, lang),
    ]
}

/// After the meeting: the item's record, resident opinions (adopted or
/// not) and decisions, one line each.
fn record_lines(doc: &AgendaDoc, i: &crate::model::meetings::ItemDetail, lang: Lang) -> Vec<String> {
    let t = texts(lang);
    let x = &t.agenda.export;
    let sep = &t.clerkflow.label_sep;
    let mut out = Vec::new();
    if !i.item_minutes.is_empty() {
        out.push(format!("{}{sep}{}", x.record, i.item_minutes));
    }
    for o in &i.opinions {
        let mark = if o.adopted { &x.adopted } else { &x.not_adopted };
        let who = o
            .person
            .as_deref()
            .map(|p| format!("{}{sep}", doc.resident(p)))
            .unwrap_or_default();
        let what = marked(t, &x.opinion, mark);
        out.push(format!("{what}{sep}{who}{}", o.text));
    }
    for d in &i.decisions {
        let mark = label(&t.agenda.decision_status, d.status.code());
        let what = marked(t, &x.decision, mark);
        out.push(format!("{what}{sep}{}", d.text));
    }
    out
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn markdown(doc: &AgendaDoc, lang: Lang) -> String {
    let t = texts(lang);
    let x = &t.agenda.export;
    let c = &t.clerkflow;
    let sep = &c.label_sep;
    let m = &doc.meeting;
    let starts = doc.start_times();
    let mut out = format!("# {}\n\n", m.title);
    if !doc.township.is_empty() {
        out.push_str(&format!("{}\n\n", doc.township));
    }
    for (k, v) in meta_lines(doc, lang) {
        out.push_str(&format!("- {k}{sep}{}\n", v.join(&c.name_sep)));
    }
    out.push_str(&format!("\n## {}\n\n", x.agenda));
    out.push_str(&format!(
        "| {} | {} | {} | {} | {} |\n|---|---|---|---|---|\n",
        x.position, c.starts, x.item, x.minutes, x.presenter
    ));
    for (i, start) in m.items.iter().zip(&starts) {
        out.push_str(&format!(
            "| {} | {start} | {} | {} | {} |\n",
            i.position,
            md_escape(&i.title),
            fill(&x.minutes_fmt, &[("n", &i.minutes_allotted)]),
            md_escape(i.presenter.as_deref().unwrap_or(""))
        ));
    }
    for (i, start) in m.items.iter().zip(&starts) {
        out.push_str(&format!("\n## {}. {}\n\n", i.position, i.title));
        out.push_str(&format!(
            "- {}{sep}{start}\n- {}{sep}{}\n- {}{sep}{}\n",
            c.starts,
            x.presenter,
            i.presenter.as_deref().unwrap_or(""),
            x.minutes,
            fill(&x.minutes_fmt, &[("n", &i.minutes_allotted)])
        ));
        if !i.notes.is_empty() {
            out.push_str(&format!("- {}{sep}{}\n", x.notes, i.notes));
        }
        for l in record_lines(doc, i, lang) {
            out.push_str(&format!("- {l}\n"));
        }
        out.push_str(&attached_markdown(doc, i.id, lang));
        if let Some(topic) = i.topic_id.and_then(|id| doc.topics.iter().find(|t| t.id == id)) {
            out.push_str(&format!("\n**{}**{sep}{}\n\n", x.evidence, evidence_line(topic, lang)));
            out.push_str(&format!(
                "**{}**{sep}{}\n\n",
                x.suggested_level,
                label(&t.level, topic.suggested_level.code())
            ));
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|\n",
                x.req_id, x.req_date, x.req_village, x.req_resident, x.req_title, x.req_status
            ));
            for r in doc.requests.iter().filter(|r| r.topic_id == topic.id) {
                let cells = request_cells(doc, r, lang).map(|c| md_escape(&c));
                out.push_str(&format!("| {} |\n", cells.join(" | ")));
            }
        }
        out.push_str(&format!("\n{}{sep}\n", c.recorder));
    }
    out
}

/// Lines of ruled space for handwritten notes under each item.
const NOTE_LINES: usize = 4;

/// Plain text for printing on A4: 78 columns, Chinese wrapped by display
/// width without breaking names or phrases, pages of 60 lines separated by
/// a form feed; each item with its start time, a 记录人 line and ruled
/// space for notes.
pub fn plain_text(doc: &AgendaDoc, lang: Lang) -> String {
    let t = texts(lang);
    let x = &t.agenda.export;
    let c = &t.clerkflow;
    let sep = &c.label_sep;
    let m = &doc.meeting;
    let w = A4_COLUMNS;
    let starts = doc.start_times();
    let mut lines: Vec<String> = Vec::new();
    let para = |lines: &mut Vec<String>, s: &str| {
        for l in text::wrap(s, w) {
            lines.push(l.trim_end().to_string());
        }
    };
    lines.push(text::center(&m.title, w).trim_end().to_string());
    if !doc.township.is_empty() {
        lines.push(text::center(&doc.township, w).trim_end().to_string());
    }
    lines.push(String::new());
    for (k, v) in meta_lines(doc, lang) {
        lines.extend(wrap_parts(&format!("{k}{sep}"), &v, &c.name_sep, w));
    }
    lines.push(String::new());
    lines.push(x.agenda.clone());
    lines.push("-".repeat(w));
    let cols = [4usize, 6, 42, 10, 12];
    let row = |cells: [&str; 5]| {
        let mut s = String::new();
        for (c, width) in cells.iter().zip(cols) {
            s.push_str(&text::fit(c, width));
            s.push(' ');
        }
        s.trim_end().to_string()
    };
    lines.push(row([&x.position, &c.starts, &x.item, &x.minutes, &x.presenter]));
    for (i, start) in m.items.iter().zip(&starts) {
        let minutes = fill(&x.minutes_fmt, &[("n", &i.minutes_allotted)]);
        let title_lines = text::wrap(&i.title, cols[2]);
        for (n, tl) in title_lines.iter().enumerate() {
            if n == 0 {
                let pos = i.position.to_string();
                lines.push(row([&pos, start, tl, &minutes, i.presenter.as_deref().unwrap_or("")]));
            } else {
                lines.push(row(["", "", tl, "", ""]));
            }
        }
    }
    let mut blocks: Vec<Vec<String>> = Vec::new();
    for (i, start) in m.items.iter().zip(&starts) {
        blocks.push(std::mem::take(&mut lines));
        lines.push(String::new());
        para(&mut lines, &format!("{}. {}", i.position, i.title));
        lines.push("=".repeat(w.min(40)));
        lines.extend(wrap_parts(
            "",
            &[
                format!("{}{sep}{start}", c.starts),
                format!("{}{sep}{}", x.presenter, i.presenter.as_deref().unwrap_or("")),
                format!(
                    "{}{sep}{}",
                    x.minutes,
                    fill(&x.minutes_fmt, &[("n", &i.minutes_allotted)])
                ),
            ],
            "    ",
            w,
        ));
        if !i.notes.is_empty() {
            para(&mut lines, &format!("{}{sep}{}", x.notes, i.notes));
        }
        for l in record_lines(doc, i, lang) {
            para(&mut lines, &l);
        }
        lines.extend(attached_text(doc, i.id, lang));
        if let Some(topic) = i.topic_id.and_then(|id| doc.topics.iter().find(|t| t.id == id)) {
            let head = format!("{}{sep}", x.evidence);
            lines.extend(wrap_parts(&head, &evidence_parts(topic, lang), &c.list_sep, w));
            lines.push(format!(
                "{}{sep}{}",
                x.suggested_level,
                label(&t.level, topic.suggested_level.code())
            ));
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
                let cells = request_cells(doc, r, lang);
                let titles = text::wrap(&cells[4], rc[4]);
                for (n, tl) in titles.iter().enumerate() {
                    let row = if n == 0 {
                        let mut c = cells.clone();
                        c[4] = tl.clone();
                        c
                    } else {
                        [
                            String::new(),
                            String::new(),
                            String::new(),
                            String::new(),
                            tl.clone(),
                            String::new(),
                        ]
                    };
                    lines.push(rrow(&row));
                }
            }
        }
        // Space for the note-taker: who, and ruled lines to write on.
        lines.push(String::new());
        lines.push(format!("{}{sep}{}", c.recorder, "_".repeat(20)));
        lines.push(format!("{}{}", c.notes_space, sep.trim_end()));
        for _ in 0..NOTE_LINES {
            lines.push("_".repeat(w));
        }
    }
    blocks.push(lines);
    paginate_blocks(&blocks, &x.page_fmt, w)
}

/// CSV of all requests linked to the agenda's topics (UTF-8 with a BOM so
/// Chinese Excel opens it correctly). Residents' names masked and no
/// addresses, unless the document holds full data.
pub fn csv(doc: &AgendaDoc, lang: Lang) -> Result<String> {
    let x = &texts(lang).agenda.export;
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| AgendaError::Store(StoreError::Io(std::io::Error::other(e)));
    let mut head = vec![
        &x.csv_meeting,
        &x.position,
        &x.csv_topic_id,
        &x.csv_topic,
        &x.req_id,
        &x.req_date,
        &x.req_village,
    ];
    if doc.full {
        head.push(&x.csv_address);
    }
    head.extend([&x.req_resident, &x.csv_category, &x.req_title, &x.req_status]);
    w.write_record(head).map_err(io)?;
    for r in &doc.requests {
        let item = doc.meeting.items.iter().find(|i| i.topic_id == Some(r.topic_id));
        let topic = doc.topics.iter().find(|t| t.id == r.topic_id);
        let mut record = vec![
            doc.meeting.id.to_string(),
            item.map(|i| i.position.to_string()).unwrap_or_default(),
            r.topic_id.to_string(),
            topic.map(|t| t.title.clone()).unwrap_or_default(),
            r.id.to_string(),
            r.received.clone(),
            r.village.clone(),
        ];
        if doc.full {
            record.push(r.address.clone());
        }
        record.extend([
            doc.resident(&r.resident),
            r.category.clone(),
            r.title.clone(),
            status_text(r, lang),
        ]);
        w.write_record(record).map_err(io)?;
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
/// audits it; a failure is audited too. Residents are masked.
pub fn export(
    store: &mut Store,
    meeting_id: i64,
    format: Format,
    path: &Path,
    lang: Lang,
    today: NaiveDate,
) -> Result<PathBuf> {
    export_with(store, meeting_id, format, path, lang, today, false)
}

/// The document for `meeting_id` (a meeting the session sees): with residents' full names and addresses
/// only when `full` is asked for and the user may reveal (the store checks
/// and audits a refusal).
pub fn build_for(store: &mut Store, meeting_id: i64, today: NaiveDate, full: bool) -> Result<AgendaDoc> {
    store.require_meeting(meeting_id)?;
    if full {
        store
            .require(
                crate::domain::accounts::Permission::Reveal,
                &format!("meeting:{meeting_id}"),
            )
            .map_err(AgendaError::Store)?;
    }
    let mut doc = build(store.conn(), meeting_id, today)?;
    doc.full = full;
    Ok(doc)
}

/// [`export`], with full data when `full` (see [`build_for`]); the audit
/// row says which.
pub fn export_with(
    store: &mut Store,
    meeting_id: i64,
    format: Format,
    path: &Path,
    lang: Lang,
    today: NaiveDate,
    full: bool,
) -> Result<PathBuf> {
    let object = format!("meeting:{meeting_id}");
    let result = build_for(store, meeting_id, today, full)
        .and_then(|doc| render(&doc, format, lang))
        .and_then(|body| {
            crate::store::files::write_private(path, body.as_bytes())
                .map_err(|e| AgendaError::Store(StoreError::from(e)))
        });
    match result {
        Ok(()) => {
            let scope = if full { "full" } else { "masked" };
            let detail = format!("{} {scope} {}", format.extension(), path.display());
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
    full: bool,
    lang: Lang,
) -> std::result::Result<String, String> {
    let today = chrono::Local::now().date_naive();
    let say = |e: AgendaError| crate::text::i18n::agenda_error(lang, &e);
    match out {
        Some(path) => {
            let written = export_with(store, meeting_id, format, path, lang, today, full).map_err(say)?;
            Ok(fill(&texts(lang).agenda.ui.exported, &[("path", &written.display())]))
        }
        None => {
            let body = build_for(store, meeting_id, today, full)
                .and_then(|doc| render(&doc, format, lang))
                .map_err(say)?;
            let object = format!("meeting:{meeting_id}");
            let scope = if full { "full" } else { "masked" };
            let detail = format!("{} {scope} stdout", format.extension());
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

// ---- 民情分析: reports attached to agenda items (issue 14) ----------------
// The rotating presenter's 近期民情数据通报: the report attached to an item
// is computed when the agenda is exported and printed inside the item's
// section (`export::analysis::agenda`), names masked.

fn attached_markdown(doc: &AgendaDoc, item_id: i64, lang: Lang) -> String {
    doc.reports
        .iter()
        .filter(|r| r.item_id == item_id)
        .map(|r| crate::export::analysis::agenda::markdown(r, lang))
        .collect()
}

fn attached_text(doc: &AgendaDoc, item_id: i64, lang: Lang) -> Vec<String> {
    doc.reports
        .iter()
        .filter(|r| r.item_id == item_id)
        .flat_map(|r| crate::export::analysis::agenda::text(r, lang))
        .collect()
}
