//! Survey campaigns for the two rates (两率): a seeded sample of households
//! per grid (`survey_samples`) and the calls recorded against it
//! (`callbacks` rows carrying the `campaign_id`).

use super::calendar_days::date_text;
use super::dates::day_at;
use super::{Result, Store, StoreError, now_text};
use crate::domain::assessment::{Call, Satisfaction, draw_sample};
pub use crate::model::assessment::{CampaignRow, SampleRow};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

/// All campaigns, newest first.
pub fn list_campaigns(conn: &Connection) -> Result<Vec<CampaignRow>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.name, c.created_at, c.per_grid, c.seed,
                (SELECT count(*) FROM survey_samples s WHERE s.campaign_id = c.id),
                (SELECT count(DISTINCT b.household_id) FROM callbacks b WHERE b.campaign_id = c.id)
         FROM survey_campaigns c ORDER BY c.id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(CampaignRow {
            id: r.get(0)?,
            name: r.get(1)?,
            created_at: r.get(2)?,
            per_grid: r.get(3)?,
            seed: r.get(4)?,
            sampled: r.get(5)?,
            called: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Creates a campaign and draws its sample: up to `per_grid` households of
/// every grid, reproducibly from `seed`. Returns (campaign id, households drawn).
pub fn create_campaign(store: &mut Store, name: &str, per_grid: usize, seed: u64) -> Result<(i64, usize)> {
    if name.trim().is_empty() {
        return Err(StoreError::Refused(super::Refusal::CampaignNeedsName));
    }
    if per_grid == 0 || per_grid > 1000 {
        return Err(StoreError::Refused(super::Refusal::HouseholdsPerGrid));
    }
    store.write(|tx, actor| {
        let mut grids: Vec<(i64, Vec<i64>)> = Vec::new();
        {
            let mut stmt = tx.prepare("SELECT grid_id, id FROM households ORDER BY grid_id, id")?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
            for row in rows {
                let (g, h) = row?;
                match grids.last_mut() {
                    Some((last, homes)) if *last == g => homes.push(h),
                    _ => grids.push((g, vec![h])),
                }
            }
        }
        // SQLite integers are signed; the seed is stored bit for bit.
        tx.execute(
            "INSERT INTO survey_campaigns (name, created_at, per_grid, seed) VALUES (?1, ?2, ?3, ?4)",
            params![name.trim(), now_text(), per_grid as i64, seed as i64],
        )?;
        let id = tx.last_insert_rowid();
        let mut insert =
            tx.prepare("INSERT INTO survey_samples (campaign_id, household_id, position) VALUES (?1, ?2, ?3)")?;
        let mut position = 0i64;
        for (_, homes) in draw_sample(&grids, per_grid, seed) {
            for h in homes {
                position += 1;
                insert.execute(params![id, h, position])?;
            }
        }
        Store::audit(
            tx,
            actor,
            "survey.create",
            &format!("campaign:{id}"),
            &format!("per_grid={per_grid} seed={seed} drawn={position}"),
        )?;
        Ok((id, position as usize))
    })
}

/// The sample's household ids in call order (for reproducibility checks).
pub fn sample_households(conn: &Connection, campaign_id: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare("SELECT household_id FROM survey_samples WHERE campaign_id = ?1 ORDER BY position")?;
    let rows = stmt.query_map([campaign_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn call_list(conn: &Connection, campaign_id: i64) -> Result<Vec<SampleRow>> {
    let mut stmt = conn.prepare(
        "SELECT s.household_id, s.position, g.name, c.name, h.address, p.name, coalesce(p.phone, h.phone),
                b.reached, b.knows_cadre, b.satisfaction, b.comment, b.called_on
         FROM survey_samples s
         JOIN households h ON h.id = s.household_id
         JOIN grids g ON g.id = h.grid_id
         LEFT JOIN cadres c ON c.id = g.cadre_id
         LEFT JOIN persons p ON p.id = (SELECT id FROM persons WHERE household_id = h.id AND relation = '户主'
                                        ORDER BY id LIMIT 1)
         LEFT JOIN callbacks b ON b.id = (SELECT max(id) FROM callbacks
                                          WHERE campaign_id = s.campaign_id AND household_id = s.household_id)
         WHERE s.campaign_id = ?1 ORDER BY s.position",
    )?;
    let rows = stmt.query_map([campaign_id], |r| {
        let reached: Option<bool> = r.get(7)?;
        let satisfaction: Option<String> = r.get(9)?;
        Ok(SampleRow {
            household_id: r.get(0)?,
            position: r.get(1)?,
            grid: r.get(2)?,
            cadre: r.get(3)?,
            address: r.get(4)?,
            head: r.get(5)?,
            phone: r.get(6)?,
            call: reached.map(|reached| Call {
                reached,
                knows_cadre: r.get::<_, Option<bool>>(8).ok().flatten(),
                satisfaction: satisfaction.as_deref().and_then(Satisfaction::parse),
            }),
            comment: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
            called_on: day_at(r, 11)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records (or corrects) the call to a sampled household: one callback row
/// per household and campaign, attributed to the grid's cadre. Audited.
pub fn record_call(
    store: &mut Store,
    campaign_id: i64,
    household_id: i64,
    call: Call,
    comment: &str,
    today: NaiveDate,
) -> Result<i64> {
    store.write(|tx, actor| {
        let cadre: Option<Option<i64>> = tx
            .query_row(
                "SELECT g.cadre_id FROM survey_samples s JOIN households h ON h.id = s.household_id
                 JOIN grids g ON g.id = h.grid_id WHERE s.campaign_id = ?1 AND s.household_id = ?2",
                params![campaign_id, household_id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(cadre) = cadre else {
            return Err(StoreError::NotFound(format!(
                "campaign:{campaign_id} household:{household_id}"
            )));
        };
        let existing: Option<i64> = tx
            .query_row(
                "SELECT max(id) FROM callbacks WHERE campaign_id = ?1 AND household_id = ?2",
                params![campaign_id, household_id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let knows = call.knows_cadre.filter(|_| call.reached);
        let satisfaction = call.satisfaction.filter(|_| call.reached).map(Satisfaction::code);
        let id = match existing {
            Some(id) => {
                tx.execute(
                    "UPDATE callbacks SET reached = ?2, knows_cadre = ?3, satisfaction = ?4, comment = ?5,
                            called_on = ?6, user_id = ?7, cadre_id = ?8 WHERE id = ?1",
                    params![
                        id,
                        call.reached,
                        knows,
                        satisfaction,
                        comment,
                        date_text(today),
                        actor.user_id,
                        cadre
                    ],
                )?;
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO callbacks (household_id, campaign_id, cadre_id, user_id, method, reached,
                                            knows_cadre, satisfaction, comment, called_on)
                     VALUES (?1, ?2, ?3, ?4, 'phone', ?5, ?6, ?7, ?8, ?9)",
                    params![
                        household_id,
                        campaign_id,
                        cadre,
                        actor.user_id,
                        call.reached,
                        knows,
                        satisfaction,
                        comment,
                        date_text(today)
                    ],
                )?;
                tx.last_insert_rowid()
            }
        };
        let detail = format!(
            "household:{household_id} reached={} knows={:?} satisfaction={}",
            call.reached,
            knows,
            satisfaction.unwrap_or("-")
        );
        Store::audit(tx, actor, "survey.call", &format!("campaign:{campaign_id}"), &detail)?;
        Ok(id)
    })
}

/// The number to dial for a sampled household's survey call, in full, for
/// whoever makes the calls (`LogVisits`), with or without the general
/// reveal permission. Audited as a reveal for the purpose 回访 (README,
/// Accounts and roles). None when the household has no phone.
pub fn call_number(store: &mut Store, campaign_id: i64, household_id: i64) -> Result<Option<String>> {
    let object = format!("household:{household_id}");
    store.require(crate::domain::accounts::Permission::LogVisits, &object)?;
    let phone: Option<Option<String>> = store
        .conn()
        .query_row(
            "SELECT coalesce(p.phone, h.phone) FROM survey_samples s
             JOIN households h ON h.id = s.household_id
             LEFT JOIN persons p ON p.id = (SELECT id FROM persons WHERE household_id = h.id AND relation = '户主'
                                            ORDER BY id LIMIT 1)
             WHERE s.campaign_id = ?1 AND s.household_id = ?2",
            params![campaign_id, household_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(phone) = phone else {
        return Err(StoreError::NotFound(format!(
            "survey_sample:{campaign_id}/{household_id}"
        )));
    };
    let Some(phone) = phone else { return Ok(None) };
    let detail = format!("phone shown for the purpose callback (回访): survey campaign {campaign_id}");
    store.write(|tx, actor| Store::audit(tx, actor, "person.reveal", &object, &detail))?;
    Ok(Some(phone))
}
