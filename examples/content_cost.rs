//! Measured by hand: how long the hub content check takes on a hostile
//! 8 MiB document (`cargo run --release --example content_cost`).

use std::time::Instant;

use serde_json::{Value, json};

fn doc(units: usize, officers: usize, unknown: bool) -> Vec<u8> {
    let units: Vec<Value> = (0..units)
        .map(|i| json!({ "id": format!("unit-{i}"), "name": format!("Enhet nummer {i}") }))
        .collect();
    let officers: Vec<Value> = (0..officers)
        .map(|i| {
            let unit = if unknown { format!("nowhere-{i}") } else { format!("unit-{}", i % 50_000) };
            json!({ "name": format!("Förnamn{i} Efternamn"), "unit": unit, "email": format!("person{i}@kommun.example.se") })
        })
        .collect();
    serde_json::to_vec(&json!({
        "version": "big",
        "directory": { "units": units, "officers": officers }
    }))
    .unwrap()
}

fn main() {
    // What the unit screen computed on every redraw.
    let units: Vec<entre::config::Unit> = (0..50_000)
        .map(|i| entre::config::Unit {
            id: format!("unit-{i}"),
            name: format!("Enhet {i}"),
        })
        .collect();
    let officers: Vec<entre::config::Officer> = (0..50_000)
        .map(|i| entre::config::Officer {
            name: format!("Förnamn{i} Efternamn"),
            unit: format!("unit-{i}"),
            email: format!("person{i}@kommun.example.se"),
            available: true,
        })
        .collect();
    let t = Instant::now();
    let directory = entre::directory::Directory::new(units, officers);
    let made = t.elapsed();
    let t = Instant::now();
    let offered = directory.units_with_officers().len();
    println!(
        "directory of 50 000 units and officers: made in {:.3} s; units with officers ({offered}) in {:.3} s, as each redraw of the unit screen asks",
        made.as_secs_f64(),
        t.elapsed().as_secs_f64()
    );
    let languages = vec!["sv".to_string(), "en".to_string()];
    let allowed = entre_core::Allowed::new(&["kommun.example.se"], entre_core::link::DEFAULT_HOSTS);
    // Which documents: `all` (default), or their numbers, e.g. `1 3`.
    let pick: Vec<String> = std::env::args().skip(1).collect();
    for (n, (what, body)) in [
        ("50 000 units, 50 000 officers", doc(50_000, 50_000, false)),
        (
            "1 000 units, 50 000 officers in unknown units",
            doc(1_000, 50_000, true),
        ),
        (
            "500 units, 5 000 officers in unknown units",
            doc(500, 5_000, true),
        ),
    ]
    .into_iter()
    .enumerate()
    {
        if !pick.is_empty() && !pick.contains(&(n + 1).to_string()) {
            continue;
        }
        let t = Instant::now();
        let result = entre::outbound::hub::content::check(&body, &languages, &allowed);
        let said = match &result {
            Ok(_) => "accepted".to_string(),
            Err(r) => format!(
                "refused, {} problems, {} bytes said",
                r.0.len(),
                r.to_string().len()
            ),
        };
        println!(
            "{what} ({:.1} MiB): {:.2} s, {said}",
            body.len() as f64 / 1048576.0,
            t.elapsed().as_secs_f64()
        );
    }
}
