//! Reports attached to agenda items (the rotating presenter's 近期民情数据通报):
//! computed when the agenda is exported, for the stored period, place and
//! theme, with the item's presenter on the presenter line. Residents' names
//! are masked: an agenda goes round the meeting.

use super::{Doc, Options, document, markdown_at, text_lines};
use crate::domain::analysis::{self, AttachedReport, Report};
use crate::model::meetings::MeetingDetail;
use crate::store::analysis::{attached_reports, load};
use crate::text::i18n::{Lang, texts};
use chrono::NaiveDate;
use rusqlite::Connection;

/// One attached report, computed.
#[derive(Debug, Clone, PartialEq)]
pub struct AttachedDoc {
    pub item_id: i64,
    pub report: Report,
    pub township: String,
    pub presenter: String,
    pub date: NaiveDate,
}

/// The reports attached to the items of `meeting`, as of `today`.
pub fn load_attached(
    conn: &Connection,
    meeting: &MeetingDetail,
    today: NaiveDate,
) -> crate::store::Result<Vec<AttachedDoc>> {
    let mut out = Vec::new();
    for AttachedReport {
        item_id,
        kind,
        span,
        selection,
    } in attached_reports(conn, meeting.id)?
    {
        let loaded = load(conn, kind, span, today)?;
        let report = analysis::build(&loaded.input, &selection, kind, span, today, loaded.settings);
        let presenter = meeting
            .items
            .iter()
            .find(|i| i.id == item_id)
            .and_then(|i| i.presenter.clone())
            .unwrap_or_default();
        out.push(AttachedDoc {
            item_id,
            report,
            township: loaded.township,
            presenter,
            date: today,
        });
    }
    Ok(out)
}

fn doc(a: &AttachedDoc, lang: Lang) -> Doc {
    document(
        &a.report,
        &Options {
            township: a.township.clone(),
            presenter: a.presenter.clone(),
            date: a.date,
            full_names: false,
            lang,
        },
    )
}

/// The report inside the item's section of the agenda's Markdown.
pub fn markdown(a: &AttachedDoc, lang: Lang) -> String {
    format!("\n{}", markdown_at(&doc(a, lang), lang, 3))
}

/// The report's lines inside the item's section of the A4 text.
pub fn text(a: &AttachedDoc, lang: Lang) -> Vec<String> {
    let mut lines = vec![String::new(), texts(lang).reports.attached_heading.clone()];
    lines.extend(text_lines(&doc(a, lang), lang));
    lines
}
