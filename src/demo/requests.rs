//! Twelve months of requests (诉求) with their event history, request
//! callbacks, and the topics (议题) that merge similar collective requests.

use super::people::{Household, Register};
use super::places::Town;
use super::words::{RequestTemplate, Slots, pick, weighted};
use super::{Ctx, fmt_day, fmt_time};
use crate::domain::request::{Priority, RequestKind};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rand::Rng;
use rusqlite::{Transaction, params};

/// One request a year for every eight households (750 for 6,000).
const HOUSEHOLDS_PER_REQUEST: usize = 8;

pub struct Topic {
    pub id: i64,
    pub title: String,
    pub village: usize,
    /// Index into `Words::topics`.
    pub template: usize,
    pub created: NaiveDateTime,
}

pub struct Work {
    pub requests: usize,
    pub topics: Vec<Topic>,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Status {
    Received,
    Assigned,
    InProgress,
    Resolved,
    Callback,
    Closed,
    Rejected,
    Escalated,
    Merged,
}

impl Status {
    fn code(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Assigned => "assigned",
            Status::InProgress => "in_progress",
            Status::Resolved => "resolved",
            Status::Callback => "callback",
            Status::Closed => "closed",
            Status::Rejected => "rejected",
            Status::Escalated => "escalated",
            Status::Merged => "merged",
        }
    }
}

const CHANNELS: [&str; 6] = ["visit", "hotline", "wechat_group", "online", "walk_in", "letter"];
const CHANNEL_WEIGHTS: [u32; 6] = [30, 25, 20, 8, 12, 5];

/// Everything needed to write one request and its history.
struct Draft<'a> {
    id: i64,
    received: NaiveDateTime,
    channel: &'static str,
    household: Option<&'a Household>,
    template: &'static RequestTemplate,
    village: usize,
    group: String,
    /// Merged into this topic (id, title) at this time.
    merge_at: Option<(i64, String, NaiveDateTime)>,
}

pub fn build(tx: &Transaction, ctx: &mut Ctx, town: &Town, register: &Register) -> rusqlite::Result<Work> {
    let mut writer = Writer::new(tx, town)?;
    let total = ctx
        .requests_wanted
        .unwrap_or(register.households.len() / HOUSEHOLDS_PER_REQUEST)
        .max(12);
    // A long history (`demo --requests`) goes back further: up to four years.
    let history = (365 * (total / 25_000).max(1) as i64).min(4 * 365);
    let (topics, mut drafts) = topics(tx, ctx, town, register, &writer, total)?;
    // Today's and yesterday's intake, so the triage queue is never empty.
    let fresh = (total / 150).max(3);
    for k in 0..total.saturating_sub(drafts.len()) {
        let received = match k {
            0 => ctx.now - Duration::minutes(ctx.range(5, 110)),
            n if n < fresh => received_time(ctx, 2),
            _ => received_time(ctx, history),
        };
        let (household, village, group) = requester(ctx, town, register);
        let template = pick_template(ctx, None);
        drafts.push(Draft {
            id: 0,
            received,
            channel: CHANNELS[weighted(&mut ctx.rng, &CHANNEL_WEIGHTS)],
            household,
            template,
            village,
            group,
            merge_at: None,
        });
    }
    // Request numbers follow the order of arrival, as in a real register.
    drafts.sort_by_key(|d| d.received);
    for (i, mut d) in drafts.into_iter().enumerate() {
        d.id = i as i64 + 1;
        writer.write(ctx, register, d)?;
    }
    Ok(Work {
        requests: writer.written,
        topics,
    })
}

/// 3–5 topics, each created from several collective requests of one
/// category in one village, spread over the year.
fn topics<'r>(
    tx: &Transaction,
    ctx: &mut Ctx,
    town: &Town,
    register: &'r Register,
    writer: &Writer,
    total: usize,
) -> rusqlite::Result<(Vec<Topic>, Vec<Draft<'r>>)> {
    let mut drafts = Vec::new();
    let count = (3 + usize::from(total >= 100) + ctx.rng.random_range(0..=1)).min(ctx.words.topics.len());
    let mut order: Vec<usize> = (0..ctx.words.topics.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, ctx.rng.random_range(0..=i));
    }
    let mut out = Vec::new();
    for (n, &template) in order.iter().take(count).enumerate() {
        let id = n as i64 + 1;
        // The last topic is recent and still open for the planned meeting.
        let days_ago = 320 - (n as i64 * 280 / count as i64) + ctx.range(-10, 10);
        let created = ctx.office_time(ctx.today - Duration::days(days_ago.max(5)));
        // A village with households (tiny demos leave some empty).
        let village = register.households[ctx.rng.random_range(0..register.households.len())].village;
        let topic_template = &ctx.words.topics[template];
        let title = format!("{}{}", town.villages[village].name, topic_template.title);
        let category = topic_template.category;
        let category_id = writer.category_id(category);
        let merged = ctx.range(3, 6) as usize + total / 800;
        tx.execute(
            "INSERT INTO topics (id, title, category_id, scope, level, status, note, created_at, \
             created_by) VALUES (?1, ?2, ?3, 'collective', 'township', 'open', ?4, ?5, ?6)",
            params![
                id,
                title,
                category_id,
                format!("由{merged}件同类诉求合并"),
                fmt_time(created),
                town.demo_user
            ],
        )?;
        let households: Vec<&Household> = register.households.iter().filter(|h| h.village == village).collect();
        for _ in 0..merged {
            let h = households[ctx.rng.random_range(0..households.len())];
            let received = received_before(ctx, created, 40);
            let template = pick_template(ctx, Some(category));
            let group = town.villages[village].groups[h.group].1.clone();
            let draft = Draft {
                id: 0,
                received,
                channel: CHANNELS[weighted(&mut ctx.rng, &CHANNEL_WEIGHTS)],
                household: Some(h),
                template,
                village,
                group,
                merge_at: Some((id, title.clone(), created)),
            };
            drafts.push(draft);
        }
        out.push(Topic {
            id,
            title,
            village,
            template,
            created,
        });
    }
    Ok((out, drafts))
}

/// A household (97%) or an outside caller, with the village and group the
/// request text talks about.
fn requester<'a>(ctx: &mut Ctx, town: &Town, register: &'a Register) -> (Option<&'a Household>, usize, String) {
    if ctx.chance(0.97) {
        let h = &register.households[ctx.rng.random_range(0..register.households.len())];
        let group = town.villages[h.village].groups[h.group].1.clone();
        (Some(h), h.village, group)
    } else {
        let v = ctx.rng.random_range(0..town.villages.len());
        let g = ctx.rng.random_range(0..town.villages[v].groups.len());
        (None, v, town.villages[v].groups[g].1.clone())
    }
}

fn pick_template(ctx: &mut Ctx, category: Option<&str>) -> &'static RequestTemplate {
    let all = &ctx.words.requests;
    match category {
        None => &all[ctx.rng.random_range(0..all.len())],
        Some(c) => {
            let fitting: Vec<&'static RequestTemplate> =
                all.iter().filter(|t| t.category == c && t.collective).collect();
            fitting[ctx.rng.random_range(0..fitting.len())]
        }
    }
}

/// A receiving time in the last `days` days; fewer on weekends, evenings
/// only through the hotline and WeChat (approximated by the time range).
fn received_time(ctx: &mut Ctx, days: i64) -> NaiveDateTime {
    let mut day = ctx.recent_day(days);
    if ctx.is_off(day) && ctx.chance(0.6) {
        day = ctx.recent_day(days);
    }
    // Today's evening has not come yet.
    if day < ctx.today && ctx.chance(0.12) {
        let minute = ctx.rng.random_range(18 * 60..21 * 60 + 30);
        let t = day.and_time(NaiveTime::from_hms_opt(minute / 60, minute % 60, 7).expect("time"));
        return t;
    }
    ctx.office_time(day)
}

fn received_before(ctx: &mut Ctx, end: NaiveDateTime, days: i64) -> NaiveDateTime {
    let day = end.date() - Duration::days(ctx.range(1, days));
    ctx.office_time(day)
}

/// An office-hours moment `lo..=hi` working days after `t`, never before it.
fn after(ctx: &mut Ctx, t: NaiveDateTime, lo: u32, hi: u32) -> NaiveDateTime {
    let days = ctx.rng.random_range(lo..=hi);
    let day = ctx.add_working_days(t.date(), days);
    let candidate = ctx.office_time(day);
    if candidate > t {
        candidate
    } else if t.time() < NaiveTime::from_hms_opt(16, 0, 0).expect("time") {
        t + Duration::minutes(ctx.range(20, 90))
    } else {
        // Arrived late in the day: handled the next working day.
        let day = ctx.add_working_days(t.date(), 1);
        let next = ctx.office_time(day);
        if next > t { next } else { t + Duration::minutes(1) }
    }
}

/// The office's SLA rules as the program reads them
/// (`store::calendar_days::sla_working_days`), by (kind code, urgent).
fn sla_table(tx: &Transaction) -> rusqlite::Result<Vec<(&'static str, bool, u32)>> {
    let mut out = Vec::new();
    for code in ["help", "consultation", "complaint", "suggestion"] {
        let kind = RequestKind::parse(code).expect("schema kinds");
        for (urgent, priority) in [(false, Priority::Normal), (true, Priority::Urgent)] {
            let days = crate::store::calendar_days::sla_working_days(tx, kind, priority).map_err(|e| match e {
                crate::store::StoreError::Sqlite(e) => e,
                other => rusqlite::Error::ToSqlConversionFailure(Box::new(other)),
            })?;
            out.push((code, urgent, days));
        }
    }
    Ok(out)
}

/// The due date the program itself gives (`store::calendar_days::compute_due`):
/// the office's SLA rule on its working-day calendar.
fn due_day(ctx: &Ctx, sla: &[(&'static str, bool, u32)], received: NaiveDate, kind: &str, urgent: bool) -> NaiveDate {
    let days = sla
        .iter()
        .find(|(k, u, _)| *k == kind && *u == urgent)
        .map_or(13, |(_, _, d)| *d);
    crate::domain::calendar::due_date(received, days, &ctx.calendar).due
}

/// Where a request of this age usually stands: old ones closed, recent
/// ones open, a few stuck or rejected.
fn target_status(ctx: &mut Ctx, age_days: i64, level: &str) -> Status {
    use Status::*;
    if level != "township" && ctx.chance(0.8) {
        return Escalated;
    }
    let (states, weights): (&[Status], &[u32]) = match age_days {
        46.. => (
            &[Closed, Callback, Resolved, InProgress, Assigned, Rejected, Escalated],
            &[86, 3, 2, 4, 1, 3, 1],
        ),
        15..=45 => (
            &[Closed, Callback, Resolved, InProgress, Assigned, Rejected, Escalated],
            &[56, 12, 8, 15, 4, 3, 2],
        ),
        3..=14 => (
            &[
                Closed, Callback, Resolved, InProgress, Assigned, Received, Rejected, Escalated,
            ],
            &[10, 10, 15, 30, 20, 10, 3, 2],
        ),
        // The last two days: much still waiting to be triaged.
        _ => (&[Received, Assigned, InProgress, Rejected], &[40, 35, 20, 5]),
    };
    states[weighted(&mut ctx.rng, weights)]
}

/// Prepared inserts and the running count.
struct Writer<'t> {
    insert: rusqlite::Statement<'t>,
    event: rusqlite::Statement<'t>,
    callback: rusqlite::Statement<'t>,
    link: rusqlite::Statement<'t>,
    categories: Vec<(i64, String)>,
    /// Grid cadres per village, for assignment.
    cadres_by_village: Vec<Vec<i64>>,
    villages: Vec<&'static str>,
    /// Cadre of each grid, by grid index.
    grid_cadres: Vec<i64>,
    user: i64,
    written: usize,
    /// (kind code, urgent, working days).
    sla: Vec<(&'static str, bool, u32)>,
}

impl<'t> Writer<'t> {
    fn new(tx: &'t Transaction, town: &Town) -> rusqlite::Result<Writer<'t>> {
        let categories = tx
            .prepare("SELECT id, name FROM categories ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut cadres_by_village = vec![Vec::new(); town.villages.len()];
        for g in &town.grids {
            cadres_by_village[g.village].push(g.cadre_id);
        }
        Ok(Writer {
            insert: tx.prepare(
                "INSERT INTO requests (id, received_at, channel, household_id, person_id, \
                 caller_name, caller_phone, category_id, kind, title, content, scope, difficulty, \
                 priority, level, status, assignee_id, assigned_at, due_at, resolved_at, \
                 resolution, solved, satisfaction, topic_id, closed_at, created_by, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, \
                 ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)",
            )?,
            event: tx.prepare(
                "INSERT INTO request_events (request_id, at, user_id, action, from_status, \
                 to_status, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?,
            callback: tx.prepare(
                "INSERT INTO callbacks (household_id, request_id, cadre_id, user_id, method, \
                 reached, knows_cadre, solved, satisfaction, comment, called_on) \
                 VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, ?8, ?9, ?10)",
            )?,
            link: tx.prepare("INSERT INTO topic_requests (topic_id, request_id, added_at) VALUES (?1, ?2, ?3)")?,
            categories,
            cadres_by_village,
            villages: town.villages.iter().map(|v| v.name).collect(),
            grid_cadres: town.grids.iter().map(|g| g.cadre_id).collect(),
            user: town.demo_user,
            written: 0,
            sla: sla_table(tx)?,
        })
    }

    fn category_id(&self, name: &str) -> i64 {
        self.categories
            .iter()
            .find(|(_, n)| n == name)
            .map(|(id, _)| *id)
            .expect("templates name only categories of the schema (words tests)")
    }
}

/// The history of one request, cut off at `now`.
struct Chain {
    events: Vec<(NaiveDateTime, &'static str, Option<Status>, Status, String)>,
    status: Status,
    t: NaiveDateTime,
    now: NaiveDateTime,
}

impl Chain {
    /// Records a transition unless it would lie in the future.
    fn go(&mut self, at: NaiveDateTime, action: &'static str, to: Status, note: String) -> bool {
        if at > self.now {
            return false;
        }
        self.events.push((at, action, Some(self.status), to, note));
        self.status = to;
        self.t = at;
        true
    }

    fn time_of(&self, to: Status) -> Option<NaiveDateTime> {
        self.events.iter().find(|e| e.3 == to).map(|e| e.0)
    }
}

fn channel_note(channel: &str) -> &'static str {
    match channel {
        "visit" => "民情面对面走访中收集",
        "hotline" => "民情热线来电受理",
        "wechat_group" => "民情微群留言受理",
        "online" => "网上民情平台受理",
        "walk_in" => "群众来访受理",
        _ => "群众来信受理",
    }
}

impl Writer<'_> {
    fn write(&mut self, ctx: &mut Ctx, register: &Register, d: Draft) -> rusqlite::Result<()> {
        let tpl = d.template;
        let slots = ctx.words.slots(&mut ctx.rng);
        let village = self.villages[d.village];
        let title = slots.fill(tpl.title, village, &d.group);
        let content = slots.fill(tpl.content, village, &d.group);
        let (person_id, caller_name, caller_phone) = match d.household {
            Some(h) => (Some(register.adult_of(ctx, h).id), None, None),
            None => {
                let year = ctx.today.year() - ctx.range(25, 70) as i32;
                let male = ctx.chance(0.6);
                let name = ctx.words.full_name(&mut ctx.rng, male, year);
                (None, Some(name), Some(ctx.phone()))
            }
        };
        let assignee = match d.household {
            Some(h) => self.grid_cadres[h.grid],
            None => pick(&mut ctx.rng, &self.cadres_by_village[d.village]),
        };
        let difficulty = ["easy", "medium", "hard"][weighted(
            &mut ctx.rng,
            if tpl.kind == "consultation" {
                &[70, 25, 5]
            } else {
                &[30, 50, 20]
            },
        )];
        let urgent = ctx.chance(if matches!(tpl.kind, "help" | "complaint") {
            0.06
        } else {
            0.01
        });
        let mut level = ["township", "county", "city"][weighted(&mut ctx.rng, &[93, 5, 2])];
        let due = due_day(ctx, &self.sla, d.received.date(), tpl.kind, urgent);
        let mut chain = Chain {
            events: vec![(
                d.received,
                "create",
                None,
                Status::Received,
                channel_note(d.channel).to_string(),
            )],
            status: Status::Received,
            t: d.received,
            now: ctx.now,
        };
        let age_days = (ctx.today - d.received.date()).num_days();
        let mut resolution = None;
        let mut solved = None;
        let mut satisfaction = None;
        if let Some((_, topic_title, merge_at)) = &d.merge_at {
            let merge_at = *merge_at;
            let assign_at = after(ctx, d.received, 0, 0);
            if assign_at < merge_at && ctx.chance(0.6) {
                chain.go(assign_at, "assign", Status::Assigned, "派遣网格责任干部".into());
            }
            chain.go(
                merge_at,
                "merge",
                Status::Merged,
                format!("同类诉求较多，并入议题：{topic_title}"),
            );
        } else {
            // The last two hours' arrivals await triage.
            let target = if ctx.now - d.received < Duration::hours(2) {
                Status::Received
            } else {
                target_status(ctx, age_days, level)
            };
            if target == Status::Escalated && level == "township" {
                level = "county";
            }
            Self::run(ctx, &mut chain, target, urgent, due, tpl, &slots);
            if chain.status >= Status::Resolved && chain.status <= Status::Closed {
                let (_, _, _, _, note) = chain
                    .events
                    .iter()
                    .find(|e| e.3 == Status::Resolved)
                    .expect("resolved before callback and close");
                resolution = Some(note.clone());
                solved = Some(true);
            }
            if chain.status == Status::Rejected {
                resolution = chain.events.last().map(|e| e.4.clone());
            }
            if chain.status == Status::Closed {
                let s = ["satisfied", "basically", "unsatisfied"][weighted(&mut ctx.rng, &[78, 17, 5])];
                satisfaction = Some(s);
                solved = Some(s != "unsatisfied" || ctx.chance(0.5));
            }
        }
        let assigned_at = chain.time_of(Status::Assigned);
        let closed_at = chain
            .time_of(Status::Closed)
            .or_else(|| chain.time_of(Status::Rejected));
        self.insert.execute(params![
            d.id,
            fmt_time(d.received),
            d.channel,
            d.household.map(|h| h.id),
            person_id,
            caller_name,
            caller_phone,
            self.category_id(tpl.category),
            tpl.kind,
            title,
            content,
            if tpl.collective { "collective" } else { "individual" },
            difficulty,
            if urgent { "urgent" } else { "normal" },
            level,
            chain.status.code(),
            assigned_at.map(|_| assignee),
            assigned_at.map(fmt_time),
            format!("{} 23:59:59", fmt_day(due)),
            chain.time_of(Status::Resolved).map(fmt_time),
            resolution,
            solved,
            satisfaction,
            d.merge_at.as_ref().map(|m| m.0),
            closed_at.map(fmt_time),
            self.user,
            fmt_time(chain.t),
        ])?;
        for (at, action, from, to, note) in &chain.events {
            self.event.execute(params![
                d.id,
                fmt_time(*at),
                self.user,
                action,
                from.map(Status::code),
                to.code(),
                note
            ])?;
        }
        if let Some(s) = satisfaction {
            self.callback(ctx, &d, &chain, assignee, s, solved == Some(true))?;
        }
        if let Some((topic, _, at)) = &d.merge_at {
            self.link.execute(params![topic, d.id, fmt_time(*at)])?;
        }
        self.written += 1;
        Ok(())
    }

    /// Walks the workflow towards `target`, stopping at `now`.
    fn run(
        ctx: &mut Ctx,
        c: &mut Chain,
        target: Status,
        urgent: bool,
        due: NaiveDate,
        template: &RequestTemplate,
        slots: &Slots,
    ) {
        use Status::*;
        if target == Received {
            return;
        }
        if target == Rejected {
            let at = after(ctx, c.t, 0, 1);
            c.go(
                at,
                "reject",
                Rejected,
                "经核实不属于本镇受理范围，已告知诉求人向相关部门反映".into(),
            );
            return;
        }
        let at = if urgent {
            c.t + Duration::minutes(ctx.range(5, 40))
        } else {
            after(ctx, c.t, 0, 1)
        };
        if !c.go(at, "assign", Assigned, "派遣网格责任干部".into()) || target == Assigned {
            return;
        }
        if target == Escalated {
            let at = after(ctx, c.t, 1, 3);
            c.go(
                at,
                "escalate",
                Escalated,
                "涉及多个部门，镇级难以解决，提交县级联动处理".into(),
            );
            return;
        }
        let at = if urgent {
            c.t + Duration::minutes(ctx.range(10, 60))
        } else {
            after(ctx, c.t, 0, 1)
        };
        if !c.go(at, "start", InProgress, "已联系诉求人，到现场查看".into()) || target == InProgress {
            return;
        }
        // Most are resolved before the deadline; some run late.
        let at = if ctx.chance(0.86) {
            let span = (due - c.t.date()).num_days().max(0);
            let day = c.t.date() + Duration::days(ctx.range(0, span));
            let t = ctx.office_time(day);
            if t > c.t {
                t
            } else {
                c.t + Duration::minutes(ctx.range(30, 180))
            }
        } else {
            let day = due + Duration::days(ctx.range(1, 12));
            ctx.office_time(day)
        };
        let text = if ctx.chance(0.85) {
            slots.fill(template.resolution, "", "")
        } else {
            pick(&mut ctx.rng, &ctx.words.resolutions).to_string()
        };
        if !c.go(at, "resolve", Resolved, text) || target == Resolved {
            return;
        }
        let at = after(ctx, c.t, 1, 3);
        if !c.go(at, "callback", Callback, "转民情办回访".into()) || target == Callback {
            return;
        }
        let at = after(ctx, c.t, 0, 1);
        c.go(at, "close", Closed, "回访完成，结案".into());
    }

    fn callback(
        &mut self,
        ctx: &mut Ctx,
        d: &Draft,
        chain: &Chain,
        cadre: i64,
        satisfaction: &str,
        solved: bool,
    ) -> rusqlite::Result<()> {
        let method = ["phone", "visit", "sms"][weighted(&mut ctx.rng, &[85, 10, 5])];
        let knows = d.household.map(|_| ctx.chance(0.9));
        let comment = if ctx.chance(0.3) {
            pick(&mut ctx.rng, &ctx.words.callback_comments)
        } else {
            ""
        };
        self.callback.execute(params![
            d.household.map(|h| h.id),
            d.id,
            cadre,
            self.user,
            method,
            knows,
            solved,
            satisfaction,
            comment,
            fmt_day(chain.t.date()),
        ])?;
        Ok(())
    }
}
