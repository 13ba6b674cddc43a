//! The bodies of the cargo-fuzz targets in `fuzz/`, kept in the library so that committed seeds
//! and crash reproducers replay under plain `cargo test` on stable (`tests/it/regressions.rs`)
//! without copying a line. Each takes the fuzzer's bytes, never panics on its own account, and
//! asserts one property: a failed assertion is what libFuzzer reports as a crash.
//!
//! Invariant: pure: no I/O, no clock (time is [`FUZZ_NOW`]), no feature needed.

use std::cell::RefCell;
use std::path::Path;
use std::sync::OnceLock;

use arbitrary::Unstructured;
use serde_json::Value;

use crate::contract::{
    codes, default_world, parse_clean, parse_params, Action, ParamSource, PlainParams, World,
};
use crate::gen::{self, GenCase, GenContext, GenOptions, Violation};
use crate::mock::{
    demo_credentials, MockConfig, MockService, Mutant, DEMO_SECRET_ID, DEMO_SECRET_KEY,
};
use crate::scenario;
use crate::wire::{self, envelope, Credentials, Received, SecretKey};

/// The clock of every in-process target: requests are signed and answered at this instant.
pub const FUZZ_NOW: i64 = 1_700_000_000;

/// The body of a fuzz target: the fuzzer's bytes in, a panic on a property violation.
pub type Body = fn(&[u8]);

/// The names of the targets, as `fuzz/fuzz_targets/<name>.rs` and the corpus directories spell
/// them, with their bodies.
pub const TARGETS: &[(&str, Body)] = &[
    ("mock_vs_oracle", mock_vs_oracle),
    ("sign_verify", sign_verify),
    ("envelope_parse", envelope_parse),
    ("form_decode", form_decode),
    ("scenario_parse", scenario_parse),
    ("json_params", json_params),
];

/// Arbitrary request sequences (the fuzzer's bytes read by the case generator) into a fresh
/// in-process mock of the default world: every answer is one the oracle allows for the world
/// before it, the envelope validates clean, the world's invariants hold, errors change nothing,
/// successes move exactly the requested bindings.
pub fn mock_vs_oracle(data: &[u8]) {
    let (case, violations) = mock_vs_oracle_run(data, None);
    if !violations.is_empty() {
        let list: Vec<String> = violations.iter().map(Violation::to_string).collect();
        panic!(
            "the mock broke the contract:\n{}\nreproducer:\n{case:?}",
            list.join("\n")
        );
    }
}

/// What [`mock_vs_oracle`] checks, as data: the case the bytes stand for and its violations
/// against a mock running `mutant` (`None`: the conforming mock).
pub fn mock_vs_oracle_run(data: &[u8], mutant: Option<Mutant>) -> (GenCase, Vec<Violation>) {
    let case = gen::case_from_bytes(data, context());
    let violations = with_fresh_mock(mutant, |service, world| {
        gen::judge_from(service, &demo(), &case, FUZZ_NOW, world)
    });
    (case, violations)
}

/// Runs `run` on this thread's mock of `mutant` and its demo world, which is the default world:
/// as good as a new mock, without building one per input (the world is reset only if the last
/// input changed it).
fn with_fresh_mock<R>(mutant: Option<Mutant>, run: impl FnOnce(&MockService, &World) -> R) -> R {
    static TEMPLATE: OnceLock<World> = OnceLock::new();
    let template = TEMPLATE.get_or_init(default_world);
    thread_local! {
        static MOCKS: RefCell<Vec<(Option<Mutant>, MockService)>> = const { RefCell::new(Vec::new()) };
    }
    MOCKS.with(|mocks| {
        let mut mocks = mocks.borrow_mut();
        let index = match mocks.iter().position(|(each, _)| *each == mutant) {
            Some(index) => index,
            None => {
                let service = MockService::new(MockConfig {
                    world_template: template.clone(),
                    credentials: demo_credentials(),
                    mutant,
                });
                mocks.push((mutant, service));
                mocks.len() - 1
            }
        };
        let service = &mocks[index].1;
        if !service.inspect_world(DEMO_SECRET_ID, |world| world == template) {
            service.reset(DEMO_SECRET_ID);
        }
        run(service, template)
    })
}

/// Sign → verify round trip of a generated request (its parameters come back as the server must
/// read them), then `verify` on an arbitrary request built from the remaining bytes, which must
/// answer without panicking.
pub fn sign_verify(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(mut step) = gen::gen_step(&mut u, context()) else {
        return;
    };
    step.faults.clear();
    let signed = wire::sign(&step.to_spec(FUZZ_NOW, 1), &demo())
        .unwrap_or_else(|error| panic!("a generated request must sign: {error}\n{step:?}"));
    let keys = |secret_id: &str| (secret_id == DEMO_SECRET_ID).then(|| DEMO_SECRET_KEY.to_owned());
    let received = Received {
        method: signed.method(),
        path_and_query: signed.path_and_query(),
        headers: signed.headers(),
        body: signed.body(),
    };
    let verified = wire::verify(&received, &keys, FUZZ_NOW)
        .unwrap_or_else(|error| panic!("a signed request must verify: {error}\n{step:?}"));
    let expected = step.server_params().map(|(params, _)| params.into_owned());
    assert_eq!(
        Some(verified.params.into_map()),
        expected,
        "parameters changed on the way\n{step:?}"
    );
    assert_eq!(verified.action.as_deref(), Some(step.action.name()));

    let method = u
        .choose(&["POST", "GET", "PUT", "post"])
        .copied()
        .unwrap_or("POST");
    let path_and_query: String = u.arbitrary().unwrap_or_default();
    let mut headers: Vec<(String, String)> = u.arbitrary().unwrap_or_default();
    if u.arbitrary().unwrap_or(false) {
        headers.extend(signed.headers().iter().cloned());
    }
    let body: &[u8] = u.arbitrary().unwrap_or_default();
    let arbitrary = Received {
        method,
        path_and_query: &path_and_query,
        headers: &headers,
        body,
    };
    let _ = wire::verify(&arbitrary, &keys, FUZZ_NOW);
}

/// The envelope validator on arbitrary bodies never panics, and an error envelope built by the
/// mock's builder around an arbitrary message validates clean (but for an empty message).
pub fn envelope_parse(data: &[u8]) {
    let (head, body) = data.split_at(data.len().min(1));
    let action = head
        .first()
        .and_then(|byte| Action::ALL.get(usize::from(*byte % 5)).copied());
    let status = if head.first().is_some_and(|byte| byte & 0x80 != 0) {
        400
    } else {
        200
    };
    let check = envelope::validate(action, status, Some(envelope::CONTENT_TYPE), body);
    assert_eq!(check.is_clean(), check.findings.is_empty());

    let message = String::from_utf8_lossy(body);
    let id = "6ef60bec-0242-43af-bb20-270359fb54a7";
    let built = envelope::error_body(id, codes::MISSING_PARAMETER, &message);
    let check = envelope::validate(action, 200, Some(envelope::CONTENT_TYPE), &built);
    let error = check
        .envelope
        .as_ref()
        .and_then(|envelope| envelope.error.clone());
    assert_eq!(
        error.map(|error| error.message),
        Some(message.clone().into_owned())
    );
    if message.trim().is_empty() {
        assert_eq!(check.findings.len(), 1, "{:?}", check.findings);
    } else {
        assert!(check.is_clean(), "{:?}", check.findings);
    }
}

/// The form and query decoder on arbitrary text never panics; what decodes re-encodes to the
/// same pairs, and what unflattens flattens and unflattens to the same parameters.
pub fn form_decode(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = wire::decode_form_params(&text);
    let Ok(pairs) = wire::decode_pairs(&text) else {
        return;
    };
    let again = wire::decode_pairs(&wire::encode_pairs(&pairs)).expect("encoded pairs decode");
    assert_eq!(again, pairs, "decode(encode(pairs)) changed them");
    let Ok(params) = wire::unflatten(&pairs) else {
        return;
    };
    let flat = wire::flatten(&params, wire::JsonStyle::Python);
    let round = wire::unflatten(&flat).expect("flattened parameters unflatten");
    assert_eq!(
        Value::Object(round),
        Value::Object(params),
        "unflatten(flatten(p)) != p"
    );
}

/// A body read as plain parameters is exactly the object `serde_json` decodes from it, and the
/// verifier's reading of a JSON body (plain or decoded) agrees with that decode; for every
/// action, the clean parse of plain parameters is the general parse whenever it answers.
pub fn json_params(data: &[u8]) {
    let decoded = match serde_json::from_slice::<Value>(data) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    };
    match wire::decode_json_body(data) {
        Ok(params) => assert_eq!(
            Some(params.into_map()),
            decoded,
            "the verifier read another object"
        ),
        Err(_) => assert!(decoded.is_none(), "the verifier refused an object"),
    }
    let Some(plain) = PlainParams::from_json(data) else {
        return;
    };
    let map = plain.to_map();
    assert_eq!(
        Some(&map),
        decoded.as_ref(),
        "a plain reading is not the full decode"
    );
    for action in Action::ALL {
        let general = parse_params(*action, &map, ParamSource::Json);
        if let Ok(clean) = parse_clean(*action, plain.clone()) {
            assert_eq!(
                clean, general,
                "the clean parse of {action:?} is not the general parse"
            );
        }
    }
}

/// The scenario and fixtures parsers on arbitrary text never panic, and every diagnostic points
/// inside the text: a line that exists, a column at most one past its end.
pub fn scenario_parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.toml");
    let mut diagnostics = Vec::new();
    if let Err(errors) = scenario::parse_file(path, text) {
        diagnostics.extend(errors.diagnostics().iter().cloned());
    }
    if let Err(errors) = scenario::parse_fixtures(path, text) {
        diagnostics.extend(errors.diagnostics().iter().cloned());
    }
    let lines: Vec<&str> = text.split('\n').collect();
    for diagnostic in &diagnostics {
        let _ = diagnostic.render();
        let Some(pos) = diagnostic.pos() else {
            continue;
        };
        assert!(
            pos.line >= 1 && pos.line <= lines.len(),
            "line {} of {}: {}",
            pos.line,
            lines.len(),
            diagnostic.title()
        );
        let width = lines[pos.line - 1].chars().count();
        assert!(
            pos.column >= 1 && pos.column <= width + 1,
            "column {} of {width} at line {}: {}",
            pos.column,
            pos.line,
            diagnostic.title()
        );
    }
}

fn context() -> &'static GenContext {
    static CONTEXT: OnceLock<GenContext> = OnceLock::new();
    CONTEXT.get_or_init(|| GenContext::default_world(GenOptions::IN_PROCESS))
}

fn demo() -> Credentials {
    Credentials {
        secret_id: DEMO_SECRET_ID.to_owned(),
        secret_key: SecretKey::new(DEMO_SECRET_KEY),
        token: None,
    }
}
