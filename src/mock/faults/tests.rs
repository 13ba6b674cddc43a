//! Unit tests of the per-request decision of the active faults.

use super::*;

#[track_caller]
fn parse(body: &str) -> FaultSpec {
    match FaultSpec::from_json(body.as_bytes()) {
        Ok(spec) => spec,
        Err(err) => panic!("{body}: {err}"),
    }
}

#[track_caller]
fn faults(specs: &[&str]) -> Faults {
    let mut faults = Faults::default();
    for spec in specs {
        faults.add(parse(spec));
    }
    faults
}

#[test]
fn a_counted_code_fires_exactly_n_times_then_disappears() {
    let mut faults = faults(&[r#"{"code": "InternalServerError", "count": 2}"#]);
    let forced = Verdict::ForcedCode {
        code: "InternalServerError".into(),
        message: None,
    };
    assert_eq!(faults.decide(0).verdict, forced);
    assert_eq!(faults.decide(0).verdict, forced);
    assert_eq!(faults.decide(0).verdict, Verdict::Execute);
    assert!(faults.is_empty());
}

#[test]
fn a_seeded_ratio_is_reproducible_and_near_its_ratio() {
    let run = |seed: u64| -> Vec<bool> {
        let mut faults = faults(&[&format!(
            r#"{{"code": "InternalError", "ratio": 0.5, "seed": {seed}}}"#
        )]);
        (0..1000)
            .map(|_| faults.decide(0).verdict != Verdict::Execute)
            .collect()
    };
    assert_eq!(run(1), run(1));
    assert_ne!(run(1), run(2));
    let hits = run(1).iter().filter(|hit| **hit).count();
    assert!((400..=600).contains(&hits), "{hits}");
    let mut always = faults(&[r#"{"code": "InternalError", "ratio": 1}"#]);
    assert!((0..100).all(|_| always.decide(0).verdict != Verdict::Execute));
}

#[test]
fn latency_adds_up_and_does_not_stop_the_request() {
    let mut faults = faults(&[
        r#"{"latency_ms": 200, "count": 1}"#,
        r#"{"latency_ms": 50}"#,
    ]);
    assert_eq!(
        faults.decide(0),
        Decision {
            delay_ms: 250,
            verdict: Verdict::Execute
        }
    );
    assert_eq!(
        faults.decide(0),
        Decision {
            delay_ms: 50,
            verdict: Verdict::Execute
        }
    );
}

#[test]
fn precedence_is_throttle_drop_garbage_code() {
    let mut faults = faults(&[
        r#"{"code": "InternalServerError", "count": 1}"#,
        r#"{"garbage_body": true, "count": 1}"#,
        r#"{"drop_connection": true, "count": 1}"#,
        r#"{"throttle_per_second": 4}"#,
    ]);
    let verdicts: Vec<Verdict> = (0..5).map(|_| faults.decide(0).verdict).collect();
    assert_eq!(
        verdicts,
        [
            Verdict::DropConnection,
            Verdict::GarbageBody,
            Verdict::ForcedCode {
                code: "InternalServerError".into(),
                message: None
            },
            Verdict::Execute,
            Verdict::Throttled { per_second: 4 },
        ]
    );
}

#[test]
fn a_throttle_replaces_the_previous_one_and_clear_removes_all() {
    let mut faults = faults(&[
        r#"{"throttle_per_second": 1}"#,
        r#"{"throttle_per_second": 3}"#,
    ]);
    let admitted = (0..10)
        .filter(|_| faults.decide(0).verdict == Verdict::Execute)
        .count();
    assert_eq!(admitted, 3);
    assert_eq!(faults.to_json(), json!([{ "throttle_per_second": 3 }]));
    faults.clear();
    assert!(faults.is_empty());
    assert_eq!(faults.decide(0).verdict, Verdict::Execute);
}

#[test]
fn the_listing_shows_what_remains() {
    let faults = faults(&[
        r#"{"code": "InternalServerError", "count": 2, "message": "boom"}"#,
        r#"{"code": "InternalError", "ratio": 0.25, "seed": 7}"#,
        r#"{"latency_ms": 10}"#,
        r#"{"drop_connection": true, "count": 3}"#,
    ]);
    assert_eq!(
        faults.to_json(),
        json!([
            { "code": "InternalServerError", "message": "boom", "remaining": 2 },
            { "code": "InternalError", "ratio": 0.25, "seed": 7 },
            { "latency_ms": 10 },
            { "drop_connection": true, "remaining": 3 },
        ])
    );
}
