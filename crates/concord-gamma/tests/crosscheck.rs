//! concord-gamma against pygamma-agreement 0.5.9 on generated continua
//! (`tests/fixtures/pygamma_generated.json`, made as its README says).

use std::collections::BTreeSet;

use concord_gamma::{Params, Unit, best_alignment, gamma};
use serde_json::Value;

fn continuum(spec: &Value) -> Vec<Vec<Unit>> {
    let annotators = spec["annotators"].as_object().unwrap();
    let labels: BTreeSet<&str> =
        annotators.values().flat_map(|u| u.as_array().unwrap()).map(|u| u[2].as_str().unwrap()).collect();
    let labels: Vec<&str> = labels.into_iter().collect();
    annotators
        .values()
        .map(|units| {
            units
                .as_array()
                .unwrap()
                .iter()
                .map(|u| {
                    let label = labels.binary_search(&u[2].as_str().unwrap()).unwrap() as u32;
                    Unit::new(u[0].as_f64().unwrap(), u[1].as_f64().unwrap(), label)
                })
                .collect()
        })
        .collect()
}

#[test]
fn matches_pygamma_on_generated_continua() {
    let fixture: Value = serde_json::from_str(include_str!("fixtures/pygamma_generated.json")).unwrap();
    let params = Params::default();
    for spec in fixture["continua"].as_array().unwrap() {
        let c = continuum(spec);
        let py = &spec["pygamma"];
        let name = spec["name"].as_str().unwrap();
        let observed = best_alignment(&c, &params).unwrap().disorder;
        let expected = py["observed_disorder"].as_f64().unwrap();
        assert!((observed - expected).abs() < 1e-6, "{name}: {observed} vs {expected}");

        let g = gamma(&c, &params, 4772);
        let (n, chance, sd) = (
            py["samples"].as_f64().unwrap(),
            py["chance_disorder"].as_f64().unwrap(),
            py["chance_std"].as_f64().unwrap(),
        );
        let se_py = expected / (chance * chance) * sd * (n / (n - 1.0)).sqrt() / n.sqrt();
        let se = se_py.hypot(g.standard_error.unwrap());
        let diff = (g.gamma.unwrap() - py["gamma"].as_f64().unwrap()).abs();
        assert!(diff < 4.0 * se, "{name}: gamma {:?} vs {} (se {se})", g.gamma, py["gamma"]);
    }
}
