//! A year of cadre visits (走访, 住夜, 结对帮扶) and the callback surveys
//! behind the two rates (两率).

use super::people::Register;
use super::places::Town;
use super::words::pick;
use super::{Ctx, fmt_day, fmt_time, is_weekend};
use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;
use rusqlite::{Transaction, params};

const WEEKS: i64 = 52;

pub fn build(tx: &Transaction, ctx: &mut Ctx, town: &Town, register: &Register) -> rusqlite::Result<()> {
    visits(tx, ctx, town, register)?;
    surveys(tx, ctx, town, register)
}

/// Per cadre: about two village-visit days and one overnight stay a week
/// (a few cadres fall short), household visits on those days covering
/// 40–80% of the grid, and about monthly pairing visits to a few vulnerable homes.
fn visits(tx: &Transaction, ctx: &mut Ctx, town: &Town, register: &Register) -> rusqlite::Result<()> {
    let mut insert = tx.prepare(
        "INSERT INTO visits (cadre_id, household_id, kind, visited_on, notes, created_by) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut by_grid: Vec<Vec<usize>> = vec![Vec::new(); town.grids.len()];
    for (i, h) in register.households.iter().enumerate() {
        by_grid[h.grid].push(i);
    }
    let start = ctx.today - Duration::days(WEEKS * 7);
    // Mondays from a year ago.
    let first_monday = start + Duration::days((7 - start.weekday().num_days_from_monday() as i64) % 7);
    for (gi, grid) in town.grids.iter().enumerate() {
        let homes = &by_grid[gi];
        if homes.is_empty() {
            continue;
        }
        let diligent = ctx.chance(0.8);
        let (village_rate, overnight_rate) = if diligent { (0.97, 0.95) } else { (0.7, 0.6) };
        // Distinct households to see this year, in random order.
        let mut plan = homes.clone();
        shuffle(ctx, &mut plan);
        let coverage = ctx.rng.random_range(0.4..0.8);
        plan.truncate(((homes.len() as f64 * coverage).ceil() as usize).max(1));
        let mut days = Vec::new();
        let mut overnights = Vec::new();
        for w in 0..WEEKS {
            let monday = first_monday + Duration::days(w * 7);
            let mut weekdays: Vec<i64> = (0..5).collect();
            shuffle(ctx, &mut weekdays);
            for &d in weekdays.iter().take(2) {
                if ctx.chance(village_rate) {
                    days.push(monday + Duration::days(d));
                }
            }
            if ctx.chance(overnight_rate) {
                overnights.push(monday + Duration::days(ctx.range(0, 3)));
            }
        }
        days.retain(|d| *d <= ctx.today);
        days.sort();
        overnights.retain(|d| *d <= ctx.today);
        if days.is_empty() {
            continue;
        }
        let mut record = |ctx: &mut Ctx, h: usize, kind: &str, day: NaiveDate| {
            let notes = match kind {
                "overnight" => "住夜，与村干部和群众座谈".to_string(),
                "pairing" => "结对帮扶，了解生活困难".to_string(),
                _ => pick(&mut ctx.rng, &ctx.words.visit_notes).to_string(),
            };
            insert.execute(params![
                grid.cadre_id,
                register.households[h].id,
                kind,
                fmt_day(day),
                notes,
                town.demo_user
            ])
        };
        // Household visits spread evenly over the visit days; days left
        // without one (small grids) revisit a household.
        let mut used = vec![false; days.len()];
        for (k, &h) in plan.iter().enumerate() {
            let i = k * days.len() / plan.len();
            used[i] = true;
            record(ctx, h, "household", days[i])?;
        }
        for (i, &day) in days.iter().enumerate() {
            if !used[i] {
                let h = plan[ctx.rng.random_range(0..plan.len())];
                record(ctx, h, "household", day)?;
            }
        }
        for &day in &overnights {
            let h = homes[ctx.rng.random_range(0..homes.len())];
            record(ctx, h, "overnight", day)?;
        }
        // 结对帮扶: each cadre pairs with a handful of vulnerable households.
        let mut paired: Vec<usize> = homes
            .iter()
            .copied()
            .filter(|&h| register.households[h].vulnerable)
            .collect();
        shuffle(ctx, &mut paired);
        paired.truncate(ctx.range(6, 12) as usize);
        for h in paired {
            let mut day = ctx.today - Duration::days(ctx.range(330, 364));
            while day <= ctx.today {
                if !is_weekend(day) {
                    record(ctx, h, "pairing", day)?;
                }
                day += Duration::days(ctx.range(25, 45));
            }
        }
    }
    Ok(())
}

/// Two survey campaigns (half-yearly) sampling households per grid; each
/// sampled household gets a call recording whether it knows its cadre and
/// is satisfied.
fn surveys(tx: &Transaction, ctx: &mut Ctx, town: &Town, register: &Register) -> rusqlite::Result<()> {
    const PER_GRID: usize = 20;
    let mut by_grid: Vec<Vec<usize>> = vec![Vec::new(); town.grids.len()];
    for (i, h) in register.households.iter().enumerate() {
        by_grid[h.grid].push(i);
    }
    let mut sample =
        tx.prepare("INSERT INTO survey_samples (campaign_id, household_id, position) VALUES (?1, ?2, ?3)")?;
    let mut call = tx.prepare(
        "INSERT INTO callbacks (household_id, campaign_id, cadre_id, user_id, method, reached, \
         knows_cadre, satisfaction, comment, called_on) \
         VALUES (?1, ?2, ?3, ?4, 'phone', ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (n, months_ago) in [(1_i64, 8_i64), (2, 2)] {
        let created = ctx.today - Duration::days(months_ago * 30);
        let half = if created.month() <= 6 { "上" } else { "下" };
        let seed: i64 = ctx.rng.random_range(1..1_000_000);
        tx.execute(
            "INSERT INTO survey_campaigns (id, name, created_at, per_grid, seed) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                n,
                format!("{}年{half}半年两率测评", created.year()),
                fmt_time(ctx.office_time(created)),
                PER_GRID as i64,
                seed
            ],
        )?;
        for (gi, homes) in by_grid.iter().enumerate() {
            let mut picked = homes.clone();
            shuffle(ctx, &mut picked);
            picked.truncate(PER_GRID);
            for (pos, &h) in picked.iter().enumerate() {
                sample.execute(params![n, register.households[h].id, pos as i64 + 1])?;
                let day = created + Duration::days(ctx.range(1, 20));
                let reached = ctx.chance(0.88);
                let knows = reached.then(|| ctx.chance(0.86));
                let satisfaction = reached.then(|| {
                    ["satisfied", "basically", "unsatisfied"][super::words::weighted(&mut ctx.rng, &[80, 15, 5])]
                });
                let comment = if reached && ctx.chance(0.25) {
                    pick(&mut ctx.rng, &ctx.words.callback_comments)
                } else {
                    ""
                };
                call.execute(params![
                    register.households[h].id,
                    n,
                    town.grids[gi].cadre_id,
                    town.demo_user,
                    reached,
                    knows,
                    satisfaction,
                    comment,
                    fmt_day(day.min(ctx.today)),
                ])?;
            }
        }
    }
    Ok(())
}

/// Fisher–Yates on our own stream (keeps the dependency surface small).
pub fn shuffle<T>(ctx: &mut Ctx, v: &mut [T]) {
    for i in (1..v.len()).rev() {
        v.swap(i, ctx.rng.random_range(0..=i));
    }
}
