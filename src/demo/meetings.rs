//! Meetings over the year: an analysis meeting (民情分析会) for each topic,
//! deliberation meetings (民情议事会) with resident representatives for two
//! of them, one joint county–township meeting, and one planned meeting.
//! Decisions carry owners, deadlines and progress notes.

use super::people::Register;
use super::places::Town;
use super::requests::Topic;
use super::words::pick;
use super::{Ctx, fmt_day, fmt_time, is_weekend};
use crate::domain::ids::age_on;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use rand::Rng;
use rusqlite::{Transaction, params};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Analysis,
    Deliberation,
    Joint,
}

struct Plan {
    kind: Kind,
    day: NaiveDate,
    topic: usize,
    /// The topic's decisions are taken at this meeting.
    decides: bool,
}

pub fn build(
    tx: &Transaction,
    ctx: &mut Ctx,
    town: &Town,
    register: &Register,
    topics: &[Topic],
) -> rusqlite::Result<()> {
    let plans = plan(ctx, topics);
    let mut w = Writer {
        tx,
        town,
        register,
        item_id: 0,
        decision_id: 0,
        held: false,
    };
    for (i, p) in plans.iter().enumerate() {
        w.meeting(ctx, i as i64 + 1, p, &topics[p.topic])?;
    }
    // Topic states follow from the meetings.
    for (i, t) in topics.iter().enumerate() {
        let decided = plans.iter().any(|p| p.topic == i && p.decides);
        let joint = plans.iter().any(|p| p.topic == i && p.kind == Kind::Joint);
        let open_decisions: i64 = tx.query_row(
            "SELECT count(*) FROM decisions d JOIN agenda_items a ON a.id = d.agenda_item_id \
             WHERE a.topic_id = ?1 AND d.status <> 'done'",
            [t.id],
            |r| r.get(0),
        )?;
        let status = match (decided, open_decisions) {
            (true, 0) => "closed",
            (true, _) => "decided",
            _ => "open",
        };
        tx.execute(
            "UPDATE topics SET status = ?1, level = ?2 WHERE id = ?3",
            params![status, if joint { "county" } else { "township" }, t.id],
        )?;
    }
    Ok(())
}

/// Next weekday on or after `day`.
fn weekday(day: NaiveDate) -> NaiveDate {
    let mut d = day;
    while is_weekend(d) {
        d += Duration::days(1);
    }
    d
}

fn plan(ctx: &mut Ctx, topics: &[Topic]) -> Vec<Plan> {
    let k = topics.len();
    let last_past = ctx.today - Duration::days(3);
    let deliberated = |i: usize| i == 1 || i == if k >= 4 { k - 2 } else { 0 };
    let mut plans = Vec::new();
    for (i, t) in topics.iter().enumerate().take(k.saturating_sub(1)) {
        let a = weekday(t.created.date() + Duration::days(ctx.range(7, 15))).min(last_past);
        plans.push(Plan {
            kind: Kind::Analysis,
            day: a,
            topic: i,
            decides: !deliberated(i),
        });
        if deliberated(i) {
            let d = weekday(a + Duration::days(ctx.range(8, 16))).min(last_past);
            plans.push(Plan {
                kind: Kind::Deliberation,
                day: d,
                topic: i,
                decides: true,
            });
        }
    }
    if k >= 2 {
        let j = k - 2;
        let after = plans
            .iter()
            .filter(|p| p.topic == j)
            .map(|p| p.day)
            .max()
            .unwrap_or(last_past);
        plans.push(Plan {
            kind: Kind::Joint,
            day: weekday(after + Duration::days(ctx.range(5, 12))).min(last_past),
            topic: j,
            decides: false,
        });
    }
    if k >= 1 {
        plans.push(Plan {
            kind: Kind::Analysis,
            day: weekday(ctx.today + Duration::days(ctx.range(5, 12))),
            topic: k - 1,
            decides: false,
        });
    }
    plans.sort_by_key(|p| p.day);
    plans
}

struct Writer<'a> {
    tx: &'a Transaction<'a>,
    town: &'a Town,
    register: &'a Register,
    item_id: i64,
    decision_id: i64,
    /// Whether the meeting being written has taken place.
    held: bool,
}

impl Writer<'_> {
    fn meeting(&mut self, ctx: &mut Ctx, id: i64, p: &Plan, topic: &Topic) -> rusqlite::Result<()> {
        let town = self.town;
        let village = town.villages[topic.village].name;
        let (kind, level, title, place, chair) = match p.kind {
            Kind::Analysis => (
                "analysis",
                "township",
                format!("{}年{}月民情分析会", p.day.year(), p.day.month()),
                "镇政府三楼会议室".to_string(),
                town.leaders[0],
            ),
            Kind::Deliberation => (
                "deliberation",
                "township",
                format!("{village}民情议事会"),
                format!("{village}文化礼堂"),
                town.leaders[1],
            ),
            Kind::Joint => (
                "joint",
                "county",
                "县镇民情联席会议".to_string(),
                "县民情通办公室会议室".to_string(),
                town.leaders[0],
            ),
        };
        let starts = p.day.and_time(NaiveTime::from_hms_opt(14, 0, 0).expect("time"));
        // A meeting later today has not been held yet.
        let held = starts <= ctx.now;
        self.held = held;
        let status = match (held, (ctx.today - p.day).num_days() > 14) {
            (false, _) => "planned",
            (true, true) => "closed",
            (true, false) => "held",
        };
        let minutes = if held {
            format!("会议研究了{}，听取了网格干部汇报，形成处理意见。", topic.title)
        } else {
            String::new()
        };
        self.tx.execute(
            "INSERT INTO meetings (id, kind, level, title, starts_at, duration_min, place, \
             chair_id, status, minutes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                id,
                kind,
                level,
                title,
                fmt_time(starts),
                if p.kind == Kind::Deliberation { 120 } else { 90 },
                place,
                chair,
                status,
                minutes
            ],
        )?;
        let grid_cadres: Vec<i64> = town
            .grids
            .iter()
            .filter(|g| g.village == topic.village)
            .map(|g| g.cadre_id)
            .collect();
        self.participants(ctx, id, p, topic, held, &grid_cadres)?;
        let clerk = town.clerks[0];
        self.item(id, 1, None, "近期民情数据通报", 15, clerk)?;
        let presenter = grid_cadres.first().copied().unwrap_or(town.leaders[2]);
        let item_title = match p.kind {
            Kind::Analysis => format!("{}研判", topic.title),
            Kind::Deliberation => format!("{}议事协商", topic.title),
            Kind::Joint => format!("{}县镇联动解决方案", topic.title),
        };
        let allotted = ctx.range(20, 40);
        let item = self.item(id, 2, Some(topic.id), &item_title, allotted, presenter)?;
        if p.kind == Kind::Deliberation && held {
            self.opinions(ctx, item)?;
        }
        if held && (p.decides || p.kind == Kind::Joint) {
            let texts: Vec<&str> = if p.kind == Kind::Joint {
                vec!["争取县级专项资金支持，纳入下年度实施计划"]
            } else {
                ctx.words.topics[topic.template].decisions.clone()
            };
            for text in texts {
                let owner = if ctx.chance(0.6) {
                    presenter
                } else {
                    town.leaders[ctx.rng.random_range(2..town.leaders.len())]
                };
                self.decision(ctx, item, p.day, text, owner, p.kind == Kind::Joint)?;
            }
        }
        Ok(())
    }

    fn participants(
        &mut self,
        ctx: &mut Ctx,
        meeting: i64,
        p: &Plan,
        topic: &Topic,
        held: bool,
        grid_cadres: &[i64],
    ) -> rusqlite::Result<()> {
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO meeting_participants (meeting_id, cadre_id, person_id, role, attended) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut cadres: Vec<i64> = self.town.leaders.clone();
        cadres.extend(grid_cadres);
        cadres.push(self.town.clerks[0]);
        for c in cadres {
            let attended = held.then(|| ctx.chance(0.92));
            insert.execute(params![meeting, c, None::<i64>, "cadre", attended])?;
        }
        if p.kind != Kind::Deliberation {
            return Ok(());
        }
        // Resident representatives: adults of the topic's village.
        let mut reps = Vec::new();
        let homes: Vec<_> = self
            .register
            .households
            .iter()
            .filter(|h| h.village == topic.village)
            .collect();
        for _ in 0..40 {
            if reps.len() >= 7 || homes.is_empty() {
                break;
            }
            let h = homes[ctx.rng.random_range(0..homes.len())];
            let person = &self.register.persons[h.members.start];
            if person.alive && age_on(person.birth, ctx.today) >= 30 && !reps.contains(&person.id) {
                reps.push(person.id);
            }
        }
        for r in reps {
            let attended = held.then(|| ctx.chance(0.9));
            insert.execute(params![meeting, None::<i64>, r, "representative", attended])?;
        }
        Ok(())
    }

    fn item(
        &mut self,
        meeting: i64,
        position: i64,
        topic: Option<i64>,
        title: &str,
        minutes: i64,
        presenter: i64,
    ) -> rusqlite::Result<i64> {
        self.item_id += 1;
        let (notes, item_minutes) = if topic.is_some() {
            ("附合并诉求清单和现场照片", "网格干部汇报诉求情况，与会人员讨论处理办法")
        } else {
            ("", "通报受理、办结、超期和回访满意情况")
        };
        // Minutes exist only once the meeting has been held.
        let item_minutes = if self.held { item_minutes } else { "" };
        self.tx
            .prepare_cached(
                "INSERT INTO agenda_items (id, meeting_id, position, topic_id, title, \
                 minutes_allotted, presenter_id, notes, item_minutes) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                self.item_id,
                meeting,
                position,
                topic,
                title,
                minutes,
                presenter,
                notes,
                item_minutes
            ])?;
        Ok(self.item_id)
    }

    fn opinions(&mut self, ctx: &mut Ctx, item: i64) -> rusqlite::Result<()> {
        const OPINIONS: [&str; 6] = [
            "希望先解决最急的几处，其余分批推进",
            "施工期间要提前告知，方便大家安排出行",
            "资金使用情况要在公开栏公布",
            "建议请村里的老党员一起监督",
            "可以发动村民投工投劳，节省费用",
            "完工后请组织回访，听听大家的意见",
        ];
        let reps: Vec<i64> = self
            .tx
            .prepare_cached(
                "SELECT person_id FROM meeting_participants mp JOIN agenda_items a \
                 ON a.meeting_id = mp.meeting_id WHERE a.id = ?1 AND mp.person_id IS NOT NULL \
                 ORDER BY mp.id",
            )?
            .query_map([item], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for _ in 0..ctx.range(2, 4) {
            let person = (!reps.is_empty()).then(|| pick(&mut ctx.rng, &reps));
            self.tx
                .prepare_cached(
                    "INSERT INTO opinions (agenda_item_id, person_id, text, adopted) \
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![item, person, pick(&mut ctx.rng, &OPINIONS), ctx.chance(0.6)])?;
        }
        Ok(())
    }

    /// A decision with progress notes up to today; most past their deadline
    /// are done, some overdue.
    fn decision(
        &mut self,
        ctx: &mut Ctx,
        item: i64,
        day: NaiveDate,
        text: &str,
        owner: i64,
        joint: bool,
    ) -> rusqlite::Result<()> {
        self.decision_id += 1;
        let id = self.decision_id;
        // A county-funded plan runs into next year; local measures take weeks.
        let deadline = day + Duration::days(if joint { ctx.range(200, 300) } else { ctx.range(40, 150) });
        let past = deadline < ctx.today;
        let (status, progress) = if past && ctx.chance(0.65) {
            ("done", 100)
        } else if (ctx.today - day).num_days() < 10 && ctx.chance(0.5) {
            ("planned", 0)
        } else {
            ("in_progress", ctx.range(2, 8) * 10)
        };
        let mut notes = Vec::new();
        let end = deadline.min(ctx.today);
        let steps = ((end - day).num_days() / 20).clamp(0, 3);
        for s in 1..=steps {
            let at = day + Duration::days((end - day).num_days() * s / (steps + 1));
            // Notes climb to the current progress (done adds a final 100).
            let value = match status {
                "planned" => 0,
                "done" => progress * s / (steps + 1),
                _ => progress * s / steps,
            };
            notes.push((at, value, "已召开现场协调会，按计划推进"));
        }
        if status == "done" {
            notes.push((end, 100, "已完成，群众代表现场验收"));
        }
        let updated = notes.last().map(|n| n.0).unwrap_or(day);
        self.tx
            .prepare_cached(
                "INSERT INTO decisions (id, agenda_item_id, text, owner_id, deadline, status, \
                 progress, published_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                id,
                item,
                text,
                owner,
                fmt_day(deadline),
                status,
                progress,
                (status != "planned").then(|| fmt_time(ctx.office_time(day + Duration::days(2)))),
                fmt_time(ctx.office_time(updated)),
            ])?;
        for (at, value, note) in notes {
            self.tx
                .prepare_cached(
                    "INSERT INTO decision_progress (decision_id, at, user_id, progress, note) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![
                    id,
                    fmt_time(ctx.office_time(at)),
                    self.town.demo_user,
                    value,
                    note
                ])?;
        }
        if status == "done" {
            self.tx
                .prepare_cached(
                    "INSERT INTO decision_evaluations (decision_id, kind, at, score, note) \
                     VALUES (?1, 'final', ?2, ?3, '群众代表评议')",
                )?
                .execute(params![id, fmt_time(ctx.office_time(end)), ctx.range(80, 98)])?;
        }
        Ok(())
    }
}
