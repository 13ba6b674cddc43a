//! `tcconform run`: the conformance run. Until the scenario suite lands it runs the built-in
//! self-check: every published signing vector, signed, compared and verified back, and the oracle
//! and the deterministic service on the documented examples.

use std::io::Write;

use clap::Args;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::cli::exit;
use crate::cli::CliError;
use crate::contract::{self, codes, Action, Knowledge, ParamSource};
use crate::wire::{self, Body, Credentials, Encoding, RequestSpec, SecretKey, SignMethod};

/// The SDK-generated signing vectors of `DisassociateInstancesKeyPairs`.
const SDK_VECTORS: &str = include_str!("../../tests/vectors/sdk-vectors.json");

/// Flags of `tcconform run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Print only failures and the summary.
    #[arg(long, short)]
    quiet: bool,
}

/// One self-check and its verdict.
struct Check {
    name: String,
    verdict: Result<(), String>,
}

/// Runs the self-check and prints one line per check and a summary.
pub fn run(args: &RunArgs, out: &mut dyn Write) -> Result<u8, CliError> {
    let mut checks = signing_checks();
    checks.extend(oracle_checks());
    print_checks(out, &checks, args.quiet).map_err(CliError::harness)?;
    let failed = checks.iter().any(|check| check.verdict.is_err());
    Ok(if failed {
        exit::CONFORMANCE_FAILED
    } else {
        exit::OK
    })
}

fn print_checks(out: &mut dyn Write, checks: &[Check], quiet: bool) -> std::io::Result<()> {
    writeln!(
        out,
        "tcconform self-check: signing vectors and the oracle's documented examples \
         (the scenario suite against the embedded mock is not available yet)"
    )?;
    for check in checks {
        match &check.verdict {
            Ok(()) if quiet => {}
            Ok(()) => writeln!(out, "ok    {}", check.name)?,
            Err(reason) => writeln!(out, "FAIL  {}\n      {reason}", check.name)?,
        }
    }
    let failed = checks.iter().filter(|check| check.verdict.is_err()).count();
    writeln!(out, "{} passed, {failed} failed", checks.len() - failed)
}

#[derive(Deserialize)]
struct Vector {
    name: String,
    inputs: VectorInputs,
    body_or_query: String,
    headers: Map<String, Value>,
}

#[derive(Deserialize)]
struct VectorInputs {
    secret_id: String,
    secret_key: String,
    token: Option<String>,
    region: String,
    timestamp: i64,
    method: String,
    sign_method: String,
    host: String,
    params: Map<String, Value>,
}

/// The nonce the SDK vectors were generated with.
const VECTOR_NONCE: u64 = 11886;
/// The `RequestClient` the SDK vectors carry (signed in v1).
const VECTOR_REQUEST_CLIENT: &str = "SDK_PYTHON_3.1.178";

fn signing_checks() -> Vec<Check> {
    let mut checks = vec![official_example_a()];
    match serde_json::from_str::<Vec<Vector>>(SDK_VECTORS) {
        Ok(vectors) => checks.extend(vectors.iter().map(sdk_vector)),
        Err(err) => checks.push(Check {
            name: "signing: the SDK vectors load".to_owned(),
            verdict: Err(err.to_string()),
        }),
    }
    checks
}

/// The documentation's TC3 example: `DescribeInstances`, signature `72e494ea…`.
fn official_example_a() -> Check {
    let body = br#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;
    let mut spec = RequestSpec::new("DescribeInstances", 1551113065, 0, Body::Raw(body.to_vec()));
    spec.region = Some("ap-guangzhou".to_owned());
    spec.content_type = Some("application/json; charset=utf-8".to_owned());
    let credentials = demo_credentials(
        "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        None,
    );
    let verdict = sign_and_verify(&spec, &credentials).and_then(|signed| {
        expect_eq(
            "Authorization",
            signed.header("Authorization").unwrap_or(""),
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, \
             SignedHeaders=content-type;host, \
             Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
        )
    });
    Check {
        name: "signing: official TC3 example A (72e494ea…)".to_owned(),
        verdict,
    }
}

fn sdk_vector(vector: &Vector) -> Check {
    let inputs = &vector.inputs;
    let sign_method = match inputs.sign_method.as_str() {
        "HmacSHA1" => SignMethod::HmacSha1,
        "HmacSHA256" => SignMethod::HmacSha256,
        _ => SignMethod::Tc3,
    };
    let encoding = match (inputs.method.as_str(), sign_method) {
        ("GET", _) => Encoding::Query,
        (_, SignMethod::Tc3) => Encoding::Json,
        _ => Encoding::Form,
    };
    let mut spec = RequestSpec::new(
        Action::DisassociateInstancesKeyPairs.name(),
        inputs.timestamp,
        VECTOR_NONCE,
        Body::Params(inputs.params.clone()),
    );
    spec.region = Some(inputs.region.clone());
    spec.host = inputs.host.clone();
    spec.language = Some("zh-CN".to_owned());
    spec.request_client = Some(VECTOR_REQUEST_CLIENT.to_owned());
    spec.encoding = encoding;
    spec.sign_method = sign_method;
    let credentials = demo_credentials(&inputs.secret_id, &inputs.secret_key, inputs.token.clone());
    let verdict = sign_and_verify(&spec, &credentials).and_then(|signed| {
        let sent = match encoding {
            Encoding::Query => signed.path_and_query().trim_start_matches("/?").to_owned(),
            _ => String::from_utf8_lossy(signed.body()).into_owned(),
        };
        if sign_method == SignMethod::Tc3 {
            let expected = vector
                .headers
                .get("Authorization")
                .and_then(Value::as_str)
                .unwrap_or("");
            expect_eq(
                "Authorization",
                signed.header("Authorization").unwrap_or(""),
                expected,
            )?;
        }
        expect_eq("sent parameters", &sent, &vector.body_or_query)
    });
    Check {
        name: format!("signing: SDK vector {}", vector.name),
        verdict,
    }
}

fn demo_credentials(secret_id: &str, secret_key: &str, token: Option<String>) -> Credentials {
    Credentials {
        secret_id: secret_id.to_owned(),
        secret_key: SecretKey::new(secret_key),
        token,
    }
}

/// Signs `spec`, then verifies the result as a server would at the signing time.
fn sign_and_verify(
    spec: &RequestSpec,
    credentials: &Credentials,
) -> Result<wire::SignedRequest, String> {
    let signed = wire::sign(spec, credentials).map_err(|err| format!("signing failed: {err}"))?;
    let received = wire::Received {
        method: signed.method(),
        path_and_query: signed.path_and_query(),
        headers: signed.headers(),
        body: signed.body(),
    };
    let keys = |secret_id: &str| {
        (secret_id == credentials.secret_id).then(|| credentials.secret_key.expose().to_owned())
    };
    wire::verify(&received, &keys, spec.timestamp)
        .map_err(|err| format!("the signed request does not verify: {err}"))?;
    Ok(signed)
}

fn expect_eq(what: &str, found: &str, expected: &str) -> Result<(), String> {
    if found == expected {
        Ok(())
    } else {
        Err(format!(
            "{what} differs\n      expected: {expected}\n      found:    {found}"
        ))
    }
}

/// The documented examples, each checked against the oracle (on the default world) and the
/// deterministic service that the mock runs: the oracle must give the documented answer, and the
/// service's answer must be one the oracle allows.
fn oracle_checks() -> Vec<Check> {
    let roles = contract::default_role_ids();
    let role = |name: &str| Value::String(roles.get(name).cloned().unwrap_or_default());
    let hundred_and_one: Vec<Value> = (0..101).map(|n| json!(format!("ins-{n:08}"))).collect();
    let cases: Vec<(&str, Value, Option<&str>)> = vec![
        (
            "ins-1122 is a malformed instance ID",
            json!({"InstanceIds": ["ins-1122"], "KeyIds": [role("bound_key")]}),
            Some(codes::INVALID_INSTANCE_ID_MALFORMED),
        ),
        (
            "skey-1122 is a malformed key pair ID",
            json!({"InstanceIds": [role("stopped_linux")], "KeyIds": ["skey-1122"]}),
            Some(codes::INVALID_KEY_PAIR_ID_MALFORMED),
        ),
        (
            "a well-formed unknown instance ID is not found",
            json!({"InstanceIds": ["ins-zzzzzzzz"], "KeyIds": [role("bound_key")]}),
            Some(codes::INVALID_INSTANCE_ID_NOT_FOUND),
        ),
        (
            "a well-formed unknown key pair ID is not found",
            json!({"InstanceIds": [role("stopped_linux")], "KeyIds": ["skey-zzzzzzzz"]}),
            Some(codes::INVALID_KEY_PAIR_ID_NOT_FOUND),
        ),
        (
            "only Linux instances are supported",
            json!({"InstanceIds": [role("windows")], "KeyIds": [role("bound_key")]}),
            Some(codes::UNSUPPORTED_OPERATION_INSTANCE_OS_WINDOWS),
        ),
        (
            "a running instance needs ForceStop",
            json!({"InstanceIds": [role("running_linux")], "KeyIds": [role("bound_key")]}),
            Some(codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_RUNNING),
        ),
        (
            "ForceStop unbinds from a running instance",
            json!({"InstanceIds": [role("running_linux")], "KeyIds": [role("bound_key")], "ForceStop": true}),
            None,
        ),
        (
            "a stopped Linux instance is unbound",
            json!({"InstanceIds": [role("stopped_linux")], "KeyIds": [role("bound_key")]}),
            None,
        ),
        (
            "at most 100 instances per request",
            json!({"InstanceIds": hundred_and_one, "KeyIds": [role("bound_key")]}),
            Some(codes::INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED),
        ),
        (
            "InstanceIds is required",
            json!({"KeyIds": [role("bound_key")]}),
            Some(codes::MISSING_PARAMETER),
        ),
    ];
    cases
        .into_iter()
        .map(|(name, params, documented)| oracle_check(name, &params, documented))
        .collect()
}

fn oracle_check(name: &str, params: &Value, documented: Option<&str>) -> Check {
    let action = Action::DisassociateInstancesKeyPairs;
    let params = params.as_object().cloned().unwrap_or_default();
    let mut world = contract::default_world();
    let allowed = contract::acceptable(
        action,
        &params,
        ParamSource::Json,
        &Knowledge::World(&world),
    );
    let answer = contract::execute_params(&mut world, action, &params, ParamSource::Json);
    let answer_code = answer.as_ref().err().map(|err| err.code);
    let verdict = if !allowed.allows(documented) {
        Err(format!(
            "the oracle allows {allowed}, not the documented {}",
            documented.unwrap_or("success")
        ))
    } else if !allowed.allows(answer_code) {
        Err(format!(
            "the service answered {}, which the oracle does not allow ({allowed})",
            answer_code.unwrap_or("success")
        ))
    } else {
        Ok(())
    };
    Check {
        name: format!("oracle: {name}"),
        verdict,
    }
}
