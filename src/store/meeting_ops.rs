//! Meetings and agendas: the detail of one meeting (items, participants,
//! opinions, rotation history) and every write to them. Each write is one
//! IMMEDIATE transaction with an audit entry; edits of versioned rows are
//! `WHERE id=? AND version=?`. Every write needs `PrepareMeetings`
//! (`Store::require`; README "Accounts and roles"): not a cadre account.

use super::agenda_error::{AgendaInvalid, Result, invalid, must_exist, run};
use super::{Store, expect_saved};
use crate::domain::accounts::Permission;
use crate::domain::meetings::{Affected, MAX_ITEM_MINUTES, MIN_ITEM_MINUTES, reorder};
use crate::model::meetings::ParticipantRole;
pub use crate::model::meetings::{ItemDetail, MeetingDetail, OpinionRow, ParticipantRow};
pub use crate::model::meetings::{ItemEdit, NewItem, NewMeeting, Participant};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use std::collections::BTreeMap;

pub const STATUSES: [&str; 3] = ["planned", "held", "closed"];

pub fn create_meeting(store: &mut Store, m: &NewMeeting) -> Result<i64> {
    store.require(Permission::PrepareMeetings, "meeting:new")?;
    let title = m.title.trim().to_string();
    if title.is_empty() {
        return invalid(AgendaInvalid::EmptyTitle);
    }
    if !(15..=600).contains(&m.duration_min) {
        return invalid(AgendaInvalid::BadLength(m.duration_min));
    }
    run(store, "meeting.create", "meeting:new", |tx, actor| {
        if let Some(c) = m.chair_id {
            must_exist(
                tx,
                "SELECT 1 FROM cadres WHERE id = ?1",
                c,
                AgendaInvalid::UnknownCadre(c),
            )?;
        }
        tx.execute(
            "INSERT INTO meetings (kind, level, title, starts_at, duration_min, place, chair_id, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'planned')",
            params![
                m.kind.code(),
                m.level.code(),
                title,
                m.starts_at.format("%Y-%m-%d %H:%M:%S").to_string(),
                m.duration_min,
                m.place.trim(),
                m.chair_id
            ],
        )?;
        let id = tx.last_insert_rowid();
        Store::audit(tx, actor, "meeting.create", &format!("meeting:{id}"), &title)?;
        Ok(id)
    })
}

fn meeting_status(tx: &Transaction, id: i64) -> Result<String> {
    let s: Option<String> = tx
        .query_row("SELECT status FROM meetings WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    match s {
        Some(s) => Ok(s),
        None => invalid(AgendaInvalid::UnknownMeeting(id)),
    }
}

fn editable(tx: &Transaction, meeting_id: i64) -> Result<()> {
    if meeting_status(tx, meeting_id)? == "closed" {
        return invalid(AgendaInvalid::MeetingClosed(meeting_id));
    }
    Ok(())
}

fn item_meeting(tx: &Transaction, item_id: i64) -> Result<i64> {
    let m: Option<i64> = tx
        .query_row("SELECT meeting_id FROM agenda_items WHERE id = ?1", [item_id], |r| {
            r.get(0)
        })
        .optional()?;
    match m {
        Some(m) => Ok(m),
        None => invalid(AgendaInvalid::UnknownItem(item_id)),
    }
}

/// Moves the meeting to the next status (planned -> held -> closed).
pub fn advance_status(store: &mut Store, id: i64, version: i64) -> Result<String> {
    store.require(Permission::PrepareMeetings, &format!("meeting:{id}"))?;
    let object = format!("meeting:{id}");
    run(store, "meeting.status", &object, |tx, actor| {
        let from = meeting_status(tx, id)?;
        let to = match from.as_str() {
            "planned" => "held",
            "held" => "closed",
            _ => {
                return invalid(AgendaInvalid::StatusNotNext {
                    from: from.clone(),
                    to: from.clone(),
                });
            }
        };
        let changed = tx.execute(
            "UPDATE meetings SET status = ?1, version = version + 1 WHERE id = ?2 AND version = ?3",
            params![to, id, version],
        )?;
        expect_saved(changed, &object)?;
        Store::audit(tx, actor, "meeting.status", &object, &format!("{from} -> {to}"))?;
        Ok(to.to_string())
    })
}

/// Saves the meeting's overall minutes (versioned).
pub fn set_minutes(store: &mut Store, id: i64, version: i64, minutes: &str) -> Result<i64> {
    store.require(Permission::PrepareMeetings, &format!("meeting:{id}"))?;
    let object = format!("meeting:{id}");
    run(store, "meeting.minutes", &object, |tx, actor| {
        meeting_status(tx, id)?;
        let changed = tx.execute(
            "UPDATE meetings SET minutes = ?1, version = version + 1 WHERE id = ?2 AND version = ?3",
            params![minutes.trim(), id, version],
        )?;
        expect_saved(changed, &object)?;
        Store::audit(tx, actor, "meeting.minutes", &object, "")?;
        Ok(version + 1)
    })
}

pub fn add_item(store: &mut Store, item: &NewItem) -> Result<i64> {
    store.require(Permission::PrepareMeetings, &format!("meeting:{}", item.meeting_id))?;
    let title = item.title.trim().to_string();
    if title.is_empty() {
        return invalid(AgendaInvalid::EmptyTitle);
    }
    if !(MIN_ITEM_MINUTES..=MAX_ITEM_MINUTES).contains(&item.minutes) {
        return invalid(AgendaInvalid::BadMinutes(item.minutes));
    }
    let object = format!("meeting:{}", item.meeting_id);
    run(store, "agenda.add", &object, |tx, actor| {
        editable(tx, item.meeting_id)?;
        if let Some(t) = item.topic_id {
            must_exist(
                tx,
                "SELECT 1 FROM topics WHERE id = ?1",
                t,
                AgendaInvalid::UnknownTopic(t),
            )?;
            let on: Option<i64> = tx
                .query_row(
                    "SELECT id FROM agenda_items WHERE meeting_id = ?1 AND topic_id = ?2",
                    params![item.meeting_id, t],
                    |r| r.get(0),
                )
                .optional()?;
            if on.is_some() {
                return invalid(AgendaInvalid::AlreadyOnAgenda(t));
            }
        }
        if let Some(c) = item.presenter_id {
            must_exist(
                tx,
                "SELECT 1 FROM cadres WHERE id = ?1",
                c,
                AgendaInvalid::UnknownCadre(c),
            )?;
        }
        tx.execute(
            "INSERT INTO agenda_items (meeting_id, position, topic_id, title, minutes_allotted, presenter_id)
             VALUES (?1, (SELECT ifnull(max(position), 0) + 1 FROM agenda_items WHERE meeting_id = ?1),
                     ?2, ?3, ?4, ?5)",
            params![item.meeting_id, item.topic_id, title, item.minutes, item.presenter_id],
        )?;
        let id = tx.last_insert_rowid();
        Store::audit(tx, actor, "agenda.add", &format!("agenda_item:{id}"), &title)?;
        Ok(id)
    })
}

/// Removes an item with nothing recorded on it and renumbers the rest.
pub fn remove_item(store: &mut Store, item_id: i64) -> Result<()> {
    store.require(Permission::PrepareMeetings, &format!("agenda_item:{item_id}"))?;
    let object = format!("agenda_item:{item_id}");
    run(store, "agenda.remove", &object, |tx, actor| {
        let meeting = item_meeting(tx, item_id)?;
        editable(tx, meeting)?;
        let records: i64 = tx.query_row(
            "SELECT (SELECT count(*) FROM decisions WHERE agenda_item_id = ?1)
                  + (SELECT count(*) FROM opinions WHERE agenda_item_id = ?1)",
            [item_id],
            |r| r.get(0),
        )?;
        if records > 0 {
            return invalid(AgendaInvalid::ItemHasRecords(item_id));
        }
        tx.execute("DELETE FROM agenda_items WHERE id = ?1", [item_id])?;
        renumber(tx, meeting, None)?;
        Store::audit(tx, actor, "agenda.remove", &object, "")?;
        Ok(())
    })
}

/// Writes positions 1..n in the current order, or in `order` when given.
fn renumber(tx: &Transaction, meeting: i64, order: Option<&[i64]>) -> Result<()> {
    let ids: Vec<i64> = match order {
        Some(o) => o.to_vec(),
        None => {
            let mut stmt = tx.prepare("SELECT id FROM agenda_items WHERE meeting_id = ?1 ORDER BY position, id")?;
            stmt.query_map([meeting], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?
        }
    };
    for (i, id) in ids.iter().enumerate() {
        tx.execute(
            "UPDATE agenda_items SET position = ?1, version = version + 1 WHERE id = ?2 AND position <> ?1",
            params![i as i64 + 1, id],
        )?;
    }
    Ok(())
}

/// Moves an item `delta` places up (negative) or down; false at the ends.
pub fn move_item(store: &mut Store, item_id: i64, delta: isize) -> Result<bool> {
    store.require(Permission::PrepareMeetings, &format!("agenda_item:{item_id}"))?;
    let object = format!("agenda_item:{item_id}");
    run(store, "agenda.move", &object, |tx, actor| {
        let meeting = item_meeting(tx, item_id)?;
        editable(tx, meeting)?;
        let ids: Vec<i64> = {
            let mut stmt = tx.prepare("SELECT id FROM agenda_items WHERE meeting_id = ?1 ORDER BY position, id")?;
            stmt.query_map([meeting], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?
        };
        let index = ids.iter().position(|i| *i == item_id).unwrap_or(0);
        let Some(order) = reorder(&ids, index, delta) else {
            return Ok(false);
        };
        renumber(tx, meeting, Some(&order))?;
        Store::audit(tx, actor, "agenda.move", &object, &format!("{delta:+}"))?;
        Ok(true)
    })
}

pub fn update_item(store: &mut Store, item_id: i64, version: i64, e: &ItemEdit) -> Result<i64> {
    store.require(Permission::PrepareMeetings, &format!("agenda_item:{item_id}"))?;
    if e.title.trim().is_empty() {
        return invalid(AgendaInvalid::EmptyTitle);
    }
    if !(MIN_ITEM_MINUTES..=MAX_ITEM_MINUTES).contains(&e.minutes) {
        return invalid(AgendaInvalid::BadMinutes(e.minutes));
    }
    let object = format!("agenda_item:{item_id}");
    run(store, "agenda.edit", &object, |tx, actor| {
        let meeting = item_meeting(tx, item_id)?;
        editable(tx, meeting)?;
        if let Some(c) = e.presenter_id {
            must_exist(
                tx,
                "SELECT 1 FROM cadres WHERE id = ?1",
                c,
                AgendaInvalid::UnknownCadre(c),
            )?;
        }
        let changed = tx.execute(
            "UPDATE agenda_items SET title = ?1, minutes_allotted = ?2, presenter_id = ?3, notes = ?4,
                    item_minutes = ?5, version = version + 1
             WHERE id = ?6 AND version = ?7",
            params![
                e.title.trim(),
                e.minutes,
                e.presenter_id,
                e.notes.trim(),
                e.item_minutes.trim(),
                item_id,
                version
            ],
        )?;
        expect_saved(changed, &object)?;
        Store::audit(tx, actor, "agenda.edit", &object, e.title.trim())?;
        Ok(version + 1)
    })
}

/// Sets an item's minutes (the `+`/`-` keys), versioned.
pub fn set_item_minutes(store: &mut Store, item_id: i64, version: i64, minutes: i64) -> Result<i64> {
    store.require(Permission::PrepareMeetings, &format!("agenda_item:{item_id}"))?;
    if !(MIN_ITEM_MINUTES..=MAX_ITEM_MINUTES).contains(&minutes) {
        return invalid(AgendaInvalid::BadMinutes(minutes));
    }
    let object = format!("agenda_item:{item_id}");
    run(store, "agenda.minutes", &object, |tx, actor| {
        let meeting = item_meeting(tx, item_id)?;
        editable(tx, meeting)?;
        let changed = tx.execute(
            "UPDATE agenda_items SET minutes_allotted = ?1, version = version + 1 WHERE id = ?2 AND version = ?3",
            params![minutes, item_id, version],
        )?;
        expect_saved(changed, &object)?;
        Store::audit(tx, actor, "agenda.minutes", &object, &minutes.to_string())?;
        Ok(version + 1)
    })
}

pub fn add_participant(store: &mut Store, meeting_id: i64, p: Participant) -> Result<i64> {
    store.require(Permission::PrepareMeetings, &format!("meeting:{meeting_id}"))?;
    let object = format!("meeting:{meeting_id}");
    run(store, "meeting.participant_add", &object, |tx, actor| {
        editable(tx, meeting_id)?;
        let (cadre, person, role) = match p {
            Participant::Cadre(c) => {
                must_exist(
                    tx,
                    "SELECT 1 FROM cadres WHERE id = ?1",
                    c,
                    AgendaInvalid::UnknownCadre(c),
                )?;
                (Some(c), None, ParticipantRole::Cadre.code())
            }
            Participant::Representative(pid) => {
                must_exist(
                    tx,
                    "SELECT 1 FROM persons WHERE id = ?1",
                    pid,
                    AgendaInvalid::UnknownPerson(pid),
                )?;
                (None, Some(pid), ParticipantRole::Representative.code())
            }
        };
        let dup: Option<i64> = tx
            .query_row(
                "SELECT id FROM meeting_participants WHERE meeting_id = ?1
                   AND (cadre_id IS ?2 AND person_id IS ?3)",
                params![meeting_id, cadre, person],
                |r| r.get(0),
            )
            .optional()?;
        if dup.is_some() {
            return invalid(AgendaInvalid::AlreadyParticipant);
        }
        tx.execute(
            "INSERT INTO meeting_participants (meeting_id, cadre_id, person_id, role) VALUES (?1, ?2, ?3, ?4)",
            params![meeting_id, cadre, person, role],
        )?;
        let id = tx.last_insert_rowid();
        Store::audit(tx, actor, "meeting.participant_add", &object, &format!("{p:?}"))?;
        Ok(id)
    })
}

pub fn remove_participant(store: &mut Store, participant_id: i64) -> Result<()> {
    store.require(Permission::PrepareMeetings, &format!("participant:{participant_id}"))?;
    let object = format!("participant:{participant_id}");
    run(store, "meeting.participant_remove", &object, |tx, actor| {
        let meeting: Option<i64> = tx
            .query_row(
                "SELECT meeting_id FROM meeting_participants WHERE id = ?1",
                [participant_id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(meeting) = meeting else {
            return invalid(AgendaInvalid::UnknownMeeting(0));
        };
        editable(tx, meeting)?;
        tx.execute("DELETE FROM meeting_participants WHERE id = ?1", [participant_id])?;
        Store::audit(tx, actor, "meeting.participant_remove", &object, "")?;
        Ok(())
    })
}

/// Records a resident opinion raised on an item and whether it was adopted (采纳).
pub fn add_opinion(store: &mut Store, item_id: i64, person_id: Option<i64>, text: &str, adopted: bool) -> Result<i64> {
    store.require(Permission::PrepareMeetings, &format!("agenda_item:{item_id}"))?;
    if text.trim().is_empty() {
        return invalid(AgendaInvalid::EmptyText);
    }
    let object = format!("agenda_item:{item_id}");
    run(store, "agenda.opinion", &object, |tx, actor| {
        item_meeting(tx, item_id)?;
        if let Some(p) = person_id {
            must_exist(
                tx,
                "SELECT 1 FROM persons WHERE id = ?1",
                p,
                AgendaInvalid::UnknownPerson(p),
            )?;
        }
        tx.execute(
            "INSERT INTO opinions (agenda_item_id, person_id, text, adopted) VALUES (?1, ?2, ?3, ?4)",
            params![item_id, person_id, text.trim(), adopted],
        )?;
        let id = tx.last_insert_rowid();
        Store::audit(tx, actor, "agenda.opinion", &object, text.trim())?;
        Ok(id)
    })
}

/// Marks an opinion adopted (采纳) or not.
pub fn set_adopted(store: &mut Store, opinion_id: i64, adopted: bool) -> Result<()> {
    store.require(Permission::PrepareMeetings, &format!("opinion:{opinion_id}"))?;
    let object = format!("opinion:{opinion_id}");
    run(store, "agenda.opinion_adopt", &object, |tx, actor| {
        let changed = tx.execute(
            "UPDATE opinions SET adopted = ?1 WHERE id = ?2",
            params![adopted, opinion_id],
        )?;
        if changed == 0 {
            return invalid(AgendaInvalid::UnknownItem(opinion_id));
        }
        Store::audit(tx, actor, "agenda.opinion_adopt", &object, &adopted.to_string())?;
        Ok(())
    })
}

// ---- read: one meeting in full ----

/// A meeting with its items, opinions, decisions (flags as of `today`),
/// participants and the households its topics affect.
pub fn load_meeting(conn: &Connection, id: i64, today: NaiveDate) -> Result<MeetingDetail> {
    let head = conn
        .query_row(
            "SELECT m.kind, m.level, m.title, m.starts_at, m.duration_min, m.place, m.chair_id, c.name, m.status,
                    m.minutes, m.version
             FROM meetings m LEFT JOIN cadres c ON c.id = m.chair_id WHERE m.id = ?1",
            [id],
            |r| {
                Ok(MeetingDetail {
                    id,
                    kind: r.get(0)?,
                    level: r.get(1)?,
                    title: r.get(2)?,
                    starts_at: r.get(3)?,
                    duration_min: r.get(4)?,
                    place: r.get(5)?,
                    chair_id: r.get(6)?,
                    chair: r.get(7)?,
                    status: r.get(8)?,
                    minutes: r.get(9)?,
                    version: r.get(10)?,
                    items: Vec::new(),
                    participants: Vec::new(),
                    presenter_history: Vec::new(),
                    affected: Vec::new(),
                })
            },
        )
        .optional()?;
    let Some(mut m) = head else {
        return invalid(AgendaInvalid::UnknownMeeting(id));
    };
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.position, a.topic_id, a.title, a.minutes_allotted, a.presenter_id, c.name, a.notes,
                a.item_minutes, a.version
         FROM agenda_items a LEFT JOIN cadres c ON c.id = a.presenter_id
         WHERE a.meeting_id = ?1 ORDER BY a.position, a.id",
    )?;
    m.items = stmt
        .query_map([id], |r| {
            Ok(ItemDetail {
                id: r.get(0)?,
                position: r.get(1)?,
                topic_id: r.get(2)?,
                title: r.get(3)?,
                minutes_allotted: r.get(4)?,
                presenter_id: r.get(5)?,
                presenter: r.get(6)?,
                notes: r.get(7)?,
                item_minutes: r.get(8)?,
                version: r.get(9)?,
                opinions: Vec::new(),
                decisions: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT o.agenda_item_id, o.id, p.name, o.text, o.adopted FROM opinions o
         JOIN agenda_items a ON a.id = o.agenda_item_id LEFT JOIN persons p ON p.id = o.person_id
         WHERE a.meeting_id = ?1 ORDER BY o.id",
    )?;
    for row in stmt.query_map([id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            OpinionRow {
                id: r.get(1)?,
                person: r.get(2)?,
                text: r.get(3)?,
                adopted: r.get(4)?,
            },
        ))
    })? {
        let (item, o) = row?;
        if let Some(i) = m.items.iter_mut().find(|i| i.id == item) {
            i.opinions.push(o);
        }
    }
    for d in super::decisions::of_meeting(conn, id, today)? {
        if let Some(i) = m.items.iter_mut().find(|i| i.id == d.item_id) {
            i.decisions.push(d);
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT mp.id, mp.cadre_id, mp.person_id, coalesce(c.name, p.name, ''), mp.role, p.household_id,
                h.village_id, v.name
         FROM meeting_participants mp LEFT JOIN cadres c ON c.id = mp.cadre_id
         LEFT JOIN persons p ON p.id = mp.person_id LEFT JOIN households h ON h.id = p.household_id
         LEFT JOIN villages v ON v.id = h.village_id
         WHERE mp.meeting_id = ?1 ORDER BY mp.role, mp.id",
    )?;
    m.participants = stmt
        .query_map([id], |r| {
            Ok(ParticipantRow {
                id: r.get(0)?,
                cadre_id: r.get(1)?,
                person_id: r.get(2)?,
                name: r.get(3)?,
                role: r.get(4)?,
                household_id: r.get(5)?,
                village_id: r.get(6)?,
                village: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT a.presenter_id FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
         WHERE m.kind = 'analysis' AND m.id <> ?1 AND a.presenter_id IS NOT NULL
           AND m.starts_at <= (SELECT starts_at FROM meetings WHERE id = ?1)
         ORDER BY m.starts_at, m.id, a.position",
    )?;
    m.presenter_history = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT a.topic_id, r.household_id, h.village_id FROM agenda_items a
         JOIN topic_requests tr ON tr.topic_id = a.topic_id JOIN requests r ON r.id = tr.request_id
         LEFT JOIN households h ON h.id = r.household_id
         WHERE a.meeting_id = ?1 ORDER BY a.position",
    )?;
    let mut affected: BTreeMap<i64, Affected> = BTreeMap::new();
    for row in stmt.query_map([id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, Option<i64>>(2)?,
        ))
    })? {
        let (topic, household, village) = row?;
        let a = affected.entry(topic).or_insert_with(|| Affected {
            topic_id: topic,
            households: Default::default(),
            villages: Default::default(),
        });
        a.households.extend(household);
        a.villages.extend(village);
    }
    m.affected = m
        .items
        .iter()
        .filter_map(|i| i.topic_id)
        .filter_map(|t| affected.remove(&t))
        .collect();
    Ok(m)
}

/// Leadership members (班子成员) in their standing order: active leaders.
pub fn leaders(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name FROM cadres WHERE active = 1 AND role = 'leader' ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Residents of the households affected by the meeting's topics, for
/// picking representatives: (person id, name, village), at most `limit`.
pub fn representative_candidates(
    conn: &Connection,
    meeting_id: i64,
    limit: usize,
) -> Result<Vec<(i64, String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT p.id, p.name, ifnull(v.name, '') FROM agenda_items a
         JOIN topic_requests tr ON tr.topic_id = a.topic_id JOIN requests r ON r.id = tr.request_id
         JOIN persons p ON p.household_id = r.household_id
         JOIN households h ON h.id = p.household_id LEFT JOIN villages v ON v.id = h.village_id
         WHERE a.meeting_id = ?1 AND p.status <> '去世'
         ORDER BY p.relation <> '户主', p.id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![meeting_id, limit as i64], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
