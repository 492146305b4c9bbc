//! `floor [--office ID]`: the open registrations (waiting or taken), oldest
//! first, one line each: code, state, errand (in Swedish), language, needs,
//! zone, minutes waited and who took it; with every office (no --office)
//! the office comes first. For IT and scripts; the page is for guides.

use std::path::Path;
use std::process::ExitCode;

use crate::config::HubConfig;
use crate::floor::{FloorRow, Titles};
use crate::store::{Ms, Store, StoreError};

#[derive(clap::Args)]
pub struct FloorArgs {
    /// One office (default: every office).
    #[arg(long, value_name = "ID")]
    pub office: Option<String>,
}

pub fn run(config: &Path, a: FloorArgs) -> ExitCode {
    super::kiosk::runtime().block_on(async {
        match super::kiosk::open(config).await {
            Ok((config, store)) => execute(&config, &*store, &a).await,
            Err(code) => code,
        }
    })
}

/// Prints the floor; exit 2 for an unknown office, 1 when the database
/// fails.
pub async fn execute(config: &HubConfig, store: &dyn Store, a: &FloorArgs) -> ExitCode {
    if let Some(id) = &a.office
        && config.office(id).is_none()
    {
        eprintln!(
            "--office: no office {} in {} (offices: {})",
            entre_core::text::quote(id),
            config.path.display(),
            config
                .offices
                .iter()
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return ExitCode::from(2);
    }
    match lines(config, store, a.office.as_deref(), crate::state::now_ms()).await {
        Ok(lines) => {
            for l in lines {
                println!("{l}");
            }
            ExitCode::SUCCESS
        }
        Err(e @ StoreError::Unavailable(_)) => {
            eprintln!("floor: {e} (try again)");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("floor: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The floor's lines at `now`: a header and one line per open
/// registration, columns aligned; or one line saying nobody waits.
pub async fn lines(
    config: &HubConfig,
    store: &dyn Store,
    office: Option<&str>,
    now: Ms,
) -> Result<Vec<String>, StoreError> {
    let rows = store.floor(office).await?;
    let where_ = match office {
        Some(id) => format!("office {id}"),
        None => "any office".to_string(),
    };
    if rows.is_empty() {
        return Ok(vec![format!("nobody on the floor ({where_})")]);
    }
    let mut titles: std::collections::HashMap<String, Titles> = Default::default();
    let mut table: Vec<Vec<String>> = Vec::with_capacity(rows.len() + 1);
    let mut header = vec![
        "code", "state", "errand", "language", "needs", "zone", "waited", "taken by",
    ];
    if office.is_none() {
        header.insert(0, "office");
    }
    table.push(header.into_iter().map(String::from).collect());
    for row in rows {
        if !titles.contains_key(&row.office) {
            let t = Titles::of_office(store, &row.office).await;
            titles.insert(row.office.clone(), t);
        }
        let settings = config.floor_of(&row.office);
        let t = &titles[&row.office];
        let f = FloorRow::new(row, now, settings, t);
        let mut cells = vec![
            f.row.code.clone(),
            f.state_sv.to_string(),
            entre_core::text::cut(&f.what_sv),
            f.language_sv.clone(),
            if f.needs_sv.is_empty() {
                "–".to_string()
            } else {
                f.needs_sv.join(", ")
            },
            f.zone_sv
                .as_deref()
                .map_or("–".to_string(), entre_core::text::cut),
            format!("{} min{}", f.minutes, if f.warn { " !" } else { "" }),
            f.row
                .claimed_by
                .as_deref()
                .filter(|_| f.row.state == crate::store::FloorState::Claimed)
                .map_or("–".to_string(), entre_core::text::cut),
        ];
        if office.is_none() {
            cells.insert(0, f.row.office.clone());
        }
        table.push(cells);
    }
    Ok(align(&table))
}

/// Columns padded to their widest cell (in characters), two spaces apart;
/// the last column unpadded.
fn align(table: &[Vec<String>]) -> Vec<String> {
    let cols = table.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            table
                .iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    table
        .iter()
        .map(|r| {
            let mut line = String::new();
            for (c, cell) in r.iter().enumerate() {
                if c + 1 == r.len() {
                    line.push_str(cell);
                } else {
                    line.push_str(cell);
                    line.extend(std::iter::repeat_n(
                        ' ',
                        widths[c] - cell.chars().count() + 2,
                    ));
                }
            }
            line.trim_end().to_string()
        })
        .collect()
}
