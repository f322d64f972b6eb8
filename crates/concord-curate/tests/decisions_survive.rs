//! Property: no curator decision is ever lost across re-runs, whatever the annotators do in
//! between (spans added, removed, relabelled), and every run leaves a file that reads back and
//! that an immediate re-run does not change.

mod common;

use std::collections::BTreeSet;

use common::*;
use concord_schema::gold::{DecidedBy, Decision, GoldRecord};
use proptest::prelude::*;

/// Spans the annotators pick from: boundary variants, stacked and crossing labels.
const POOL: &[(&str, &str)] = &[
    ("ISIS", "MILITANT_GROUP"),
    ("ISIS", "ORG"),
    ("Quetta", "GPE"),
    ("Quetta", "LOC"),
    ("Lahore", "GPE"),
    ("Altaf Hussain", "PERSON"),
    ("Altaf", "PERSON"),
    ("Punjab", "GPE"),
    ("Punjab province", "GPE"),
    ("Punjab province", "LOC"),
];
const ANNOTATORS: [&str; 3] = ["a", "b", "c"];
const STRATEGIES: [&str; 4] = ["complete", "incomplete", "majority", "threshold"];

#[derive(Clone, Debug)]
enum Step {
    /// New span sets (bit masks over POOL) for the annotators.
    Annotate([u16; 3]),
    /// The curator answers open candidates: bit i of `accept`/`reject` for the i-th open one.
    Decide {
        accept: u32,
        reject: u32,
    },
    Curate(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        any::<[u16; 3]>().prop_map(Step::Annotate),
        (any::<u32>(), any::<u32>()).prop_map(|(accept, reject)| Step::Decide { accept, reject }),
        (0..STRATEGIES.len()).prop_map(Step::Curate),
    ]
}

type Key = (u64, u64, String);

/// Every decision in a gold file: (key, accepted?).
fn decisions(r: &GoldRecord) -> BTreeSet<(Key, bool)> {
    let mut out = BTreeSet::new();
    for s in &r.spans {
        if s.decided == Some(DecidedBy::Curator) {
            out.insert(((s.start, s.end, s.label.clone()), true));
        }
    }
    for s in &r.rejected {
        out.insert(((s.start, s.end, s.label.clone()), false));
    }
    for q in &r.questions {
        for c in &q.candidates {
            if let Some(d) = c.decision {
                out.insert(((c.start, c.end, c.label.clone()), d == Decision::Accept));
            }
        }
    }
    out
}

fn annotate(p: &Project, masks: [u16; 3]) {
    for (annotator, mask) in ANNOTATORS.iter().zip(masks) {
        let spans: Vec<(&str, &str)> =
            POOL.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, s)| *s).collect();
        p.annotate(annotator, &spans);
    }
}

proptest! {
    #![proptest_config(concord_testkit::proptest_config(24))]

    #[test]
    fn no_decision_is_ever_lost(first in any::<[u16; 3]>(), steps in prop::collection::vec(step(), 1..10)) {
        let p = Project::new();
        annotate(&p, first);
        p.curate(Some("complete"));
        let mut made: BTreeSet<(Key, bool)> = BTreeSet::new();
        let mut commented = false;
        for step in steps {
            match step {
                Step::Annotate(masks) => annotate(&p, masks),
                Step::Decide { accept, reject } => {
                    let mut r = p.record();
                    let mut i = 0;
                    for q in &mut r.questions {
                        for c in &mut q.candidates {
                            if c.decision.is_none() {
                                if accept & (1 << (i % 32)) != 0 {
                                    c.decision = Some(Decision::Accept);
                                } else if reject & (1 << (i % 32)) != 0 {
                                    c.decision = Some(Decision::Reject);
                                }
                                i += 1;
                            }
                        }
                    }
                    made = decisions(&r);
                    // A curator's comment at the top must survive every later run.
                    let text = concord_curate::render::render_gold(&r).replacen('\n', "\n# curator's notes\n", 1);
                    p.set_gold(&text);
                    commented = true;
                }
                Step::Curate(s) => {
                    p.curate(Some(STRATEGIES[s]));
                    let after = p.record();
                    let kept = decisions(&after);
                    for d in &made {
                        prop_assert!(kept.contains(d), "lost {d:?}\n{}", p.gold());
                    }
                    made = kept;
                    let text = p.gold();
                    prop_assert!(!commented || text.contains("# curator's notes"), "comment lost\n{}", text);
                    p.curate(None);
                    prop_assert_eq!(p.gold(), text, "a second run changed the file");
                }
            }
        }
        // Rule spans are never silently dropped either: they stay, maybe stale.
        let before = p.record();
        p.curate(None);
        let after = p.record();
        for s in before.spans.iter().filter(|s| s.decided == Some(DecidedBy::Rule)) {
            prop_assert!(after.spans.iter().any(|t| (t.start, t.end, &t.label) == (s.start, s.end, &s.label)));
        }
    }
}
