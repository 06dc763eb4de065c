//! Settings, villages with their groups, grids on the schematic map, cadres
//! (one per grid, plus leadership and clerks) and the demo users.

use super::Ctx;
use chrono::Datelike;
use rand::Rng;
use rusqlite::{Transaction, params};

pub const TOWNSHIP: &str = "东浦镇";
const VILLAGE_COUNT: usize = 12;
/// Columns of the schematic grid map; villages' grids stay adjacent.
const MAP_COLUMNS: usize = 6;

pub struct Village {
    pub id: i64,
    pub name: &'static str,
    /// Relative size, used to spread households.
    pub weight: u32,
    /// (group id, group name such as "3组")
    pub groups: Vec<(i64, String)>,
}

pub struct Grid {
    pub id: i64,
    pub village: usize,
    pub cadre_id: i64,
}

pub struct Town {
    pub villages: Vec<Village>,
    pub grids: Vec<Grid>,
    /// cadre id of each leader, first the party secretary, then the mayor.
    pub leaders: Vec<i64>,
    pub clerks: Vec<i64>,
    pub demo_user: i64,
    /// For each village: the grid covering each of its groups.
    pub grid_of_group: Vec<Vec<usize>>,
}

pub fn build(tx: &Transaction, ctx: &mut Ctx) -> rusqlite::Result<Town> {
    tx.execute("UPDATE settings SET value = ?1 WHERE key = 'township_name'", [TOWNSHIP])?;
    let villages = villages(tx, ctx)?;
    let leaders = leadership(tx, ctx)?;
    let clerks = clerks(tx, ctx)?;
    let (grids, grid_of_group) = grids(tx, ctx, &villages)?;
    let demo_user = users(tx, clerks[0])?;
    Ok(Town {
        villages,
        grids,
        leaders,
        clerks,
        demo_user,
        grid_of_group,
    })
}

fn villages(tx: &Transaction, ctx: &mut Ctx) -> rusqlite::Result<Vec<Village>> {
    let mut insert_village = tx.prepare("INSERT INTO villages (id, name, kind) VALUES (?1, ?2, ?3)")?;
    let mut insert_group =
        tx.prepare("INSERT INTO village_groups (id, village_id, number, name) VALUES (?1, ?2, ?3, ?4)")?;
    let names: Vec<&'static str> = ctx.words.villages.clone();
    let mut out = Vec::new();
    let mut group_id = 0;
    for (i, name) in names.into_iter().take(VILLAGE_COUNT).enumerate() {
        let id = i as i64 + 1;
        let community = name.ends_with("社区");
        insert_village.execute(params![id, name, if community { "community" } else { "village" }])?;
        // Communities around the town centre are denser than the villages.
        let weight = if community {
            ctx.rng.random_range(140..200)
        } else {
            ctx.rng.random_range(60..140)
        };
        let group_count = ctx.range(6, 12);
        let mut groups = Vec::new();
        for number in 1..=group_count {
            group_id += 1;
            let label = format!("{number}组");
            insert_group.execute(params![group_id, id, number, label])?;
            groups.push((group_id, label));
        }
        out.push(Village {
            id,
            name,
            weight,
            groups,
        });
    }
    Ok(out)
}

fn insert_cadre(tx: &Transaction, ctx: &mut Ctx, id: i64, title: &str, role: &str) -> rusqlite::Result<()> {
    let male = ctx.chance(0.7);
    let birth_year = ctx.today.year() - ctx.range(27, 56) as i32;
    let name = ctx.words.full_name(&mut ctx.rng, male, birth_year);
    let phone = ctx.phone();
    tx.prepare_cached("INSERT INTO cadres (id, name, phone, title, role) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![id, name, phone, title, role])?;
    Ok(())
}

const LEADER_TITLES: [&str; 6] = ["党委书记", "镇长", "党委副书记", "副镇长", "副镇长", "人大主席"];
/// Cadre ids: leaders 1.., clerks next, grid cadres after them.
fn leadership(tx: &Transaction, ctx: &mut Ctx) -> rusqlite::Result<Vec<i64>> {
    let mut ids = Vec::new();
    for (i, title) in LEADER_TITLES.iter().enumerate() {
        let id = i as i64 + 1;
        insert_cadre(tx, ctx, id, title, "leader")?;
        ids.push(id);
    }
    Ok(ids)
}

fn clerks(tx: &Transaction, ctx: &mut Ctx) -> rusqlite::Result<Vec<i64>> {
    let first = LEADER_TITLES.len() as i64 + 1;
    let ids = vec![first, first + 1];
    insert_cadre(tx, ctx, ids[0], "民情办文员", "clerk")?;
    insert_cadre(tx, ctx, ids[1], "党政办文员", "clerk")?;
    Ok(ids)
}

/// Splits each village's groups among 1–4 grids (bigger villages get more),
/// 20–30 grids in all, laid out row by row on the map.
fn grids(tx: &Transaction, ctx: &mut Ctx, villages: &[Village]) -> rusqlite::Result<(Vec<Grid>, Vec<Vec<usize>>)> {
    const TITLES: [&str; 6] = ["网格长", "驻村干部", "联村干部", "驻村指导员", "网格指导员", "驻村干部"];
    let total = ctx.range(22, 28) as usize;
    let weight_sum: u32 = villages.iter().map(|v| v.weight).sum();
    // One grid each, the rest by size (largest remainder), at most 4.
    let extra = total - villages.len();
    let mut counts: Vec<usize> = villages
        .iter()
        .map(|v| 1 + (extra as u32 * v.weight / weight_sum) as usize)
        .collect();
    let mut order: Vec<usize> = (0..villages.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(villages[i].weight));
    let mut k = 0;
    while counts.iter().sum::<usize>() < total {
        let i = order[k % order.len()];
        if counts[i] < 4 {
            counts[i] += 1;
        }
        k += 1;
    }
    let mut grids = Vec::new();
    let mut grid_of_group = Vec::new();
    let mut cadre_id = (LEADER_TITLES.len() + 2) as i64;
    for (vi, v) in villages.iter().enumerate() {
        let n = counts[vi].min(v.groups.len());
        let mut owner = vec![0; v.groups.len()];
        for gi in 0..n {
            // Contiguous runs of groups, as grids follow village roads.
            let lo = gi * v.groups.len() / n;
            let hi = (gi + 1) * v.groups.len() / n;
            let idx = grids.len();
            cadre_id += 1;
            let title = super::words::pick(&mut ctx.rng, &TITLES);
            insert_cadre(tx, ctx, cadre_id, title, "cadre")?;
            let id = idx as i64 + 1;
            let name = if n == 1 {
                format!("{}网格", v.name)
            } else {
                format!("{}第{}网格", v.name, gi + 1)
            };
            tx.prepare_cached(
                "INSERT INTO grids (id, village_id, name, cadre_id, map_row, map_col) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                id,
                v.id,
                name,
                cadre_id,
                (idx / MAP_COLUMNS) as i64,
                (idx % MAP_COLUMNS) as i64
            ])?;
            owner[lo..hi].fill(idx);
            grids.push(Grid {
                id,
                village: vi,
                cadre_id,
            });
        }
        grid_of_group.push(owner);
    }
    Ok((grids, grid_of_group))
}

/// `demo` is the clerk the TUI opens as; `admin` may reveal masked numbers.
fn users(tx: &Transaction, clerk_cadre: i64) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO users (id, login, display_name, role, cadre_id, can_reveal) \
         VALUES (1, 'demo', '演示文员', 'clerk', ?1, 0)",
        [clerk_cadre],
    )?;
    tx.execute(
        "INSERT INTO users (id, login, display_name, role, can_reveal) \
         VALUES (2, 'admin', '系统管理员', 'admin', 1)",
        [],
    )?;
    Ok(1)
}
