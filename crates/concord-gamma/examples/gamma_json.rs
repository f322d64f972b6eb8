//! Reads the cross-check's JSON continua (format of `xtask/crosscheck/gamma_reference.py`)
//! and prints concord-gamma's figures in the same shape.
//!
//! `cargo run --release -p concord-gamma --example gamma_json -- input.json > output.json`

use std::collections::BTreeSet;
use std::time::Instant;

use concord_gamma::{Params, Unit, best_alignment, gamma};
use serde_json::{Value, json};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: gamma_json input.json")?;
    let input: Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let mut out = Vec::new();
    for spec in input["continua"].as_array().ok_or("no continua")? {
        let annotators = spec["annotators"].as_object().ok_or("no annotators")?;
        let labels: BTreeSet<String> = annotators
            .values()
            .flat_map(|units| units.as_array().into_iter().flatten())
            .map(|u| u[2].as_str().map_or_else(|| u[2].to_string(), str::to_string))
            .collect();
        let labels: Vec<String> = labels.into_iter().collect();
        let mut names: Vec<&String> = annotators.keys().collect();
        names.sort();
        let mut continuum = Vec::new();
        for name in names {
            let mut units = Vec::new();
            for u in annotators[name.as_str()].as_array().into_iter().flatten() {
                let label = u[2].as_str().map_or_else(|| u[2].to_string(), str::to_string);
                let id = labels.binary_search(&label).map_err(|_| "label")? as u32;
                units.push(Unit::new(u[0].as_f64().ok_or("start")?, u[1].as_f64().ok_or("end")?, id));
            }
            continuum.push(units);
        }
        let params = Params {
            alpha: spec["alpha"].as_f64().unwrap_or(1.0),
            beta: spec["beta"].as_f64().unwrap_or(1.0),
            delta_empty: spec["delta_empty"].as_f64().unwrap_or(1.0),
            samples: spec["samples"].as_u64().unwrap_or(30) as usize,
            ..Params::default()
        };
        let t0 = Instant::now();
        let best = best_alignment(&continuum, &params);
        let mut row = json!({
            "name": spec["name"],
            "seconds_alignment": t0.elapsed().as_secs_f64(),
            "observed_disorder": best.as_ref().map(|a| a.disorder).ok(),
            "unitary_alignments": best.as_ref().map(|a| a.unitary_alignments.len()).ok(),
        });
        if spec["gamma"].as_bool().unwrap_or(false) {
            let t0 = Instant::now();
            let seed = spec["seed"].as_u64().unwrap_or(4772);
            let g = gamma(&continuum, &params, seed);
            row["seconds_gamma"] = json!(t0.elapsed().as_secs_f64());
            row["gamma"] = json!(g.gamma);
            row["chance_disorder"] = json!(g.chance_disorder);
            row["chance_std"] = json!(g.chance_std);
            row["standard_error"] = json!(g.standard_error);
            row["samples"] = json!(g.samples);
            row["gamma_cat"] = json!(g.gamma_cat);
            let ks: serde_json::Map<String, Value> =
                g.gamma_k.iter().map(|k| (labels[k.label as usize].clone(), json!(k.gamma))).collect();
            row["gamma_k"] = Value::Object(ks);
        }
        out.push(row);
    }
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}
