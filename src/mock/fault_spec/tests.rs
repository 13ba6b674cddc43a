//! Unit tests of fault parsing: every documented shape, and refusals with their reasons.

use super::*;

#[track_caller]
fn parse(body: &str) -> FaultSpec {
    match FaultSpec::from_json(body.as_bytes()) {
        Ok(spec) => spec,
        Err(err) => panic!("{body}: {err}"),
    }
}

#[track_caller]
fn refused(body: &str) -> String {
    match FaultSpec::from_json(body.as_bytes()) {
        Ok(spec) => panic!("{body} was accepted as {spec:?}"),
        Err(err) => err.to_string(),
    }
}

#[test]
fn every_documented_shape_parses() {
    assert_eq!(
        parse(r#"{"code": "InternalServerError", "count": 2}"#),
        FaultSpec::ForceCode {
            code: "InternalServerError".into(),
            message: None,
            trigger: Trigger::Next(2)
        }
    );
    assert_eq!(
        parse(r#"{"code": "InternalServerError", "ratio": 0.5, "seed": 1}"#),
        FaultSpec::ForceCode {
            code: "InternalServerError".into(),
            message: None,
            trigger: Trigger::Ratio {
                ratio: 0.5,
                seed: 1
            }
        }
    );
    assert_eq!(
        parse(r#"{"latency_ms": 200, "count": 1}"#),
        FaultSpec::Latency {
            millis: 200,
            count: Some(1)
        }
    );
    assert_eq!(
        parse(r#"{"throttle_per_second": 10}"#),
        FaultSpec::Throttle { per_second: 10 }
    );
    assert_eq!(
        parse(r#"{"drop_connection": true, "count": 1}"#),
        FaultSpec::DropConnection { count: Some(1) }
    );
    assert_eq!(
        parse(r#"{"garbage_body": true, "count": 1}"#),
        FaultSpec::GarbageBody { count: Some(1) }
    );
    assert_eq!(
        parse(r#"{"garbage_body": true}"#),
        FaultSpec::GarbageBody { count: None }
    );
}

#[test]
fn bad_documents_are_refused_with_a_reason() {
    assert!(refused(r#"{"code": "X", "count": 1, "colour": 1}"#).contains("unknown field `colour`"));
    assert!(refused("{}").contains("needs one of"));
    assert!(refused("not json").starts_with("bad fault document"));
    assert!(refused("[]").contains("expected one JSON object"));
    assert!(refused(r#"{"code": "X", "latency_ms": 1}"#).contains("exactly one"));
    assert!(refused(r#"{"code": "X"}"#).contains("needs `count`"));
    assert!(refused(r#"{"code": "X", "count": 1, "ratio": 0.5}"#).contains("not both"));
    assert!(refused(r#"{"code": "X", "count": 0}"#).contains("at least 1"));
    assert!(refused(r#"{"code": "X", "ratio": 0}"#).contains("(0, 1]"));
    assert!(refused(r#"{"code": "X", "ratio": 1.5}"#).contains("(0, 1]"));
    assert!(refused(r#"{"code": "a..b", "count": 1}"#).contains("Category.Detail"));
    assert!(refused(r#"{"code": "", "count": 1}"#).contains("Category.Detail"));
    assert!(refused(r#"{"throttle_per_second": 0}"#).contains("at least 1"));
    assert!(refused(r#"{"throttle_per_second": 5, "count": 1}"#).contains("`count` does not go"));
    assert!(refused(r#"{"drop_connection": false}"#).contains("must be true"));
    assert!(refused(r#"{"latency_ms": 600001}"#).contains("at most"));
    assert!(refused(r#"{"latency_ms": 5, "seed": 1}"#).contains("go with `code` only"));
    assert!(refused(r#"{"code": "X", "count": 1, "seed": 3}"#).contains("`seed` goes with `ratio`"));
}
