//! Shrinking: given a failing case and a predicate ("still fails"), find a smaller case that still
//! fails, deterministically. Candidates come coarse first: drop a step, drop a protocol fault,
//! drop a parameter, drop half a list then single items, simplify strings (empty, then one
//! character shorter) and other scalars, then fall back to JSON, TC3 and the Python byte style.
//! Every candidate is strictly smaller by [`size`], so shrinking ends; it also stops after
//! `max_tries` calls of the predicate. The result is a local minimum: no single move keeps it
//! failing.

use serde_json::Value;

use crate::gen::case::{GenCase, GenStep};
use crate::wire::{Encoding, JsonStyle, SignMethod};

/// The smallest case reached from `case` by steps that keep `fails` true, after at most
/// `max_tries` calls of `fails`. `case` itself is not re-checked.
pub fn shrink(
    case: &GenCase,
    mut fails: impl FnMut(&GenCase) -> bool,
    max_tries: usize,
) -> GenCase {
    let mut current = case.clone();
    let mut tries = 0;
    // After a success the search goes on from the same position of the (regenerated) list, and
    // starts over once it reaches the end, so a long list is not re-tried from its head each time.
    let mut start = 0;
    loop {
        let current_size = size(&current);
        let mut accepted = None;
        for (position, candidate) in candidates(&current).into_iter().enumerate().skip(start) {
            if size(&candidate) >= current_size {
                continue;
            }
            if tries >= max_tries {
                return current;
            }
            tries += 1;
            if fails(&candidate) {
                accepted = Some((position, candidate));
                break;
            }
        }
        match accepted {
            Some((position, candidate)) => {
                current = candidate;
                start = position;
            }
            None if start > 0 => start = 0,
            None => return current,
        }
    }
}

/// How big a case is: what shrinking makes smaller.
pub fn size(case: &GenCase) -> usize {
    case.steps
        .iter()
        .map(|step| {
            let transport = usize::from(step.encoding != Encoding::Json)
                + usize::from(step.sign_method != SignMethod::Tc3)
                + usize::from(step.json_style != JsonStyle::Python);
            1000 + 100 * step.faults.len()
                + 10 * transport
                + value_size(&Value::Object(step.params.clone()))
        })
        .sum()
}

fn value_size(value: &Value) -> usize {
    match value {
        Value::Null => 1,
        Value::Bool(flag) => 1 + usize::from(*flag),
        Value::Number(number) => 1 + usize::from(number.as_f64() != Some(0.0)),
        Value::String(text) => 2 + text.chars().count(),
        Value::Array(items) => 1 + items.iter().map(|item| 1 + value_size(item)).sum::<usize>(),
        Value::Object(map) => {
            1 + map
                .iter()
                .map(|(key, item)| 2 + key.len() + value_size(item))
                .sum::<usize>()
        }
    }
}

/// Every one-move simplification of `case`, coarse moves first.
fn candidates(case: &GenCase) -> Vec<GenCase> {
    let mut out = Vec::new();
    if case.steps.len() > 1 {
        for index in 0..case.steps.len() {
            let mut smaller = case.clone();
            smaller.steps.remove(index);
            out.push(smaller);
        }
    }
    for (index, step) in case.steps.iter().enumerate() {
        let mut with = |change: &dyn Fn(&mut GenStep)| {
            let mut smaller = case.clone();
            change(&mut smaller.steps[index]);
            out.push(smaller);
        };
        for fault in 0..step.faults.len() {
            with(&|step| {
                step.faults.remove(fault);
            });
        }
        for name in step.params.keys() {
            with(&|step| {
                step.params.shift_remove(name);
            });
        }
        for (name, value) in &step.params {
            for simpler in simpler_values(value) {
                with(&|step| {
                    step.params.insert(name.clone(), simpler.clone());
                });
            }
        }
        if step.encoding != Encoding::Json {
            with(&|step| {
                step.encoding = Encoding::Json;
                step.sign_method = SignMethod::Tc3;
            });
        }
        if step.sign_method != SignMethod::Tc3 {
            with(&|step| step.sign_method = SignMethod::Tc3);
        }
        if step.json_style != JsonStyle::Python {
            with(&|step| step.json_style = JsonStyle::Python);
        }
    }
    out
}

/// Simpler versions of one parameter value: lists lose half, then single items, then their items
/// get simpler; strings become empty, then one character shorter; other scalars become plain.
fn simpler_values(value: &Value) -> Vec<Value> {
    match value {
        Value::Array(items) => {
            let mut out = Vec::new();
            if items.len() >= 2 {
                let half = items.len() / 2;
                out.push(Value::Array(items[half..].to_vec()));
                out.push(Value::Array(items[..half].to_vec()));
            }
            for index in 0..items.len() {
                let mut fewer = items.clone();
                fewer.remove(index);
                out.push(Value::Array(fewer));
            }
            for (index, item) in items.iter().enumerate() {
                for simpler in simpler_scalars(item) {
                    let mut changed = items.clone();
                    changed[index] = simpler;
                    out.push(Value::Array(changed));
                }
            }
            out
        }
        other => simpler_scalars(other),
    }
}

fn simpler_scalars(value: &Value) -> Vec<Value> {
    match value {
        Value::String(text) if !text.is_empty() => {
            let mut shorter = text.clone();
            shorter.pop();
            vec![Value::from(""), Value::String(shorter)]
        }
        Value::Number(number) if number.as_f64() != Some(0.0) => vec![Value::from(0)],
        Value::Bool(true) => vec![Value::Bool(false)],
        Value::Object(map) => map
            .keys()
            .map(|key| {
                let mut fewer = map.clone();
                fewer.shift_remove(key);
                Value::Object(fewer)
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::contract::Action;
    use crate::gen::case::ProtocolFault;
    use crate::wire::Breakage;

    #[test]
    fn shrinks_to_what_the_predicate_needs() {
        let big = GenCase::new(vec![
            GenStep::new(Action::DescribeInstances, json!({"Limit": 5})),
            GenStep::new(
                Action::DisassociateInstancesKeyPairs,
                json!({"InstanceIds": (vec!["ins-stpdlnx1"; 101]), "KeyIds": ["skey-bound001", "skey-unbound1"], "ForceStop": true, "Foo": {"a": 1}}),
            )
            .with_encoding(Encoding::Query)
            .signed_with(SignMethod::HmacSha1)
            .in_style(JsonStyle::Compact)
            .with_fault(ProtocolFault::Breakage(Breakage::AlterSignature)),
        ]);
        let over_limit = |case: &GenCase| {
            case.steps.iter().any(|step| {
                step.params
                    .get("InstanceIds")
                    .and_then(Value::as_array)
                    .is_some_and(|ids| ids.len() > 100)
            })
        };
        let mut calls = 0;
        let small = shrink(
            &big,
            |case| {
                calls += 1;
                over_limit(case)
            },
            100_000,
        );
        assert_eq!(
            format!("{small:?}"),
            r#"GenCase::new(vec![
    GenStep::new(Action::DisassociateInstancesKeyPairs, json!({"InstanceIds": (vec![""; 101])})),
])"#
        );
        assert!(calls < 5000, "{calls}");
        assert!(size(&small) < size(&big));
        // The same input shrinks the same way, and a budget of tries is kept.
        assert_eq!(shrink(&big, over_limit, 100_000), small);
        let mut limited = 0;
        let partial = shrink(
            &big,
            |case| {
                limited += 1;
                over_limit(case)
            },
            3,
        );
        assert_eq!(limited, 3);
        assert!(size(&partial) <= size(&big));
    }
}
