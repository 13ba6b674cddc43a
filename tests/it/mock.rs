//! The mock through the library API: the in-process `MockService` (every rule of the action, the
//! protocol, the admin routes, the faults) and a spawned server on 127.0.0.1:0 driven over HTTP.
//! Every API reply is checked against the envelope contract (status 200, exact content type,
//! lower-case UUID `RequestId`) by the helpers, and every error reply is checked to change nothing.
//! Property tests send arbitrary requests and check the same, plus the world's invariants.

mod admin;
mod faults;
mod protocol;
mod robustness;
mod rules;
#[cfg(all(feature = "server", feature = "client"))]
mod server;

use std::net::{IpAddr, Ipv4Addr};

use serde_json::{json, Map, Value};
use tcconform::contract::{roles, Action, World};
use tcconform::mock::{
    demo_credentials, AdminRequest, MockConfig, MockService, Reply, DEMO_SECRET_ID, DEMO_SECRET_KEY,
};
use tcconform::wire::envelope;
use tcconform::wire::{
    decode_form_params, sign, Body, Credentials, Received, RequestSpec, SecretKey, SignedRequest,
};

/// The nominal clock of the in-process tests (Unix seconds).
const NOW: i64 = 1_700_000_000;

/// A second accepted credential, for isolation tests.
const OTHER_ID: &str = "AKIDotherTenant0000000000000000000000";
const OTHER_KEY: &str = "otherSecretKey000000000000000000";

/// The mock of the default world, accepting the demo pair and [`OTHER_ID`].
fn service() -> MockService {
    let mut credentials = demo_credentials();
    credentials.push((OTHER_ID.to_owned(), OTHER_KEY.to_owned()));
    MockService::new(MockConfig {
        world_template: roles::default_world(),
        credentials,
        mutant: None,
    })
}

/// The ID of a role in the default world.
fn id(role: &str) -> String {
    roles::default_role_ids()
        .get(role)
        .unwrap_or_else(|| panic!("no role {role}"))
        .clone()
}

fn demo() -> Credentials {
    credentials(DEMO_SECRET_ID, DEMO_SECRET_KEY)
}

fn credentials(secret_id: &str, secret_key: &str) -> Credentials {
    Credentials {
        secret_id: secret_id.to_owned(),
        secret_key: SecretKey::new(secret_key),
        token: None,
    }
}

/// A TC3 JSON request of `action` with `params` (a JSON object), signed at [`NOW`].
fn spec(action: &str, params: Value) -> RequestSpec {
    let Value::Object(params) = params else {
        panic!("params must be an object")
    };
    RequestSpec::new(action, NOW, 11886, Body::Params(params))
}

/// `DisassociateInstancesKeyPairs` of these instance and key roles (or raw IDs: any string that is
/// not a role is sent as it is).
fn disassociate(instances: &[&str], keys: &[&str]) -> RequestSpec {
    spec(
        "DisassociateInstancesKeyPairs",
        json!({ "InstanceIds": ids(instances), "KeyIds": ids(keys) }),
    )
}

fn ids(roles_or_ids: &[&str]) -> Vec<String> {
    let table = roles::default_role_ids();
    roles_or_ids
        .iter()
        .map(|item| {
            table
                .get(*item)
                .cloned()
                .unwrap_or_else(|| (*item).to_owned())
        })
        .collect()
}

#[track_caller]
fn signed(spec: &RequestSpec, credentials: &Credentials) -> SignedRequest {
    match sign(spec, credentials) {
        Ok(signed) => signed,
        Err(err) => panic!("cannot sign: {err}"),
    }
}

/// What an API reply said, after the envelope checks.
#[derive(Debug)]
struct Answer {
    code: Option<String>,
    message: String,
    fields: Map<String, Value>,
}

impl Answer {
    #[track_caller]
    fn expect_ok(&self) -> &Map<String, Value> {
        assert_eq!(self.code, None, "{}", self.message);
        &self.fields
    }
}

/// Send `spec` signed with the demo credentials, received at [`NOW`].
#[track_caller]
fn call(service: &MockService, spec: &RequestSpec) -> Answer {
    call_signed(service, &signed(spec, &demo()), NOW)
}

/// Send a signed request as it is, received at `now`.
#[track_caller]
fn call_signed(service: &MockService, signed: &SignedRequest, now: i64) -> Answer {
    let received = Received {
        method: signed.method(),
        path_and_query: signed.path_and_query(),
        headers: signed.headers(),
        body: signed.body(),
    };
    answer_of(&service.handle(&received, now, 0), action_of(signed))
}

/// The action a signed request names: `X-TC-Action`, or `Action` in a v1 query or form body.
fn action_of(signed: &SignedRequest) -> Option<Action> {
    if let Some(name) = signed.header("x-tc-action") {
        return Action::from_name(name);
    }
    let query = signed
        .path_and_query()
        .split_once('?')
        .map_or("", |(_, query)| query);
    let body = std::str::from_utf8(signed.body()).unwrap_or("");
    [query, body].into_iter().find_map(|form| {
        let params = decode_form_params(form).ok()?;
        Action::from_name(params.get("Action")?.as_str()?)
    })
}

/// Check the envelope of a reply and read it.
#[track_caller]
fn answer_of(reply: &Reply, action: Option<Action>) -> Answer {
    let Reply::Respond {
        status,
        content_type,
        body,
        ..
    } = reply
    else {
        panic!("the connection was dropped")
    };
    envelope_answer(*status, Some(content_type), body, action)
}

/// The envelope invariant: status 200, `application/json` exactly, lower-case UUID, documented code.
#[track_caller]
fn envelope_answer(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    action: Option<Action>,
) -> Answer {
    let check = envelope::validate(action, status, content_type, body);
    assert!(
        check.is_clean(),
        "{:?} in {}",
        check.findings,
        String::from_utf8_lossy(body)
    );
    let envelope = check.envelope.expect("an envelope");
    let (code, message) = match envelope.error {
        Some(error) => (Some(error.code), error.message),
        None => (None, String::new()),
    };
    Answer {
        code,
        message,
        fields: envelope.fields,
    }
}

/// Send `spec` and check it fails with `code` and changes nothing.
#[track_caller]
fn expect_code(service: &MockService, spec: &RequestSpec, code: &str) -> Answer {
    let before = service.world(DEMO_SECRET_ID);
    let answer = call(service, spec);
    assert_eq!(answer.code.as_deref(), Some(code), "{}", answer.message);
    assert!(!answer.message.trim().is_empty());
    assert_eq!(
        service.world(DEMO_SECRET_ID),
        before,
        "an error changed the world"
    );
    answer
}

/// The key IDs bound to the instance of `role` in the demo world.
fn keys_of(service: &MockService, role: &str) -> Vec<String> {
    service.world(DEMO_SECRET_ID).instances[&id(role)]
        .key_ids
        .clone()
}

/// An admin request from a loopback peer.
fn admin(service: &MockService, method: &str, path: &str, body: &str) -> (u16, Value) {
    admin_from(service, method, path, body, IpAddr::V4(Ipv4Addr::LOCALHOST))
}

fn admin_from(
    service: &MockService,
    method: &str,
    path: &str,
    body: &str,
    peer: IpAddr,
) -> (u16, Value) {
    let reply = service.admin(&AdminRequest {
        method,
        path,
        body: body.as_bytes(),
        peer: Some(peer),
    });
    let value = serde_json::from_slice(&reply.body).expect("admin replies are JSON");
    (reply.status, value)
}

/// The path of the demo world's admin routes.
fn demo_world_path(suffix: &str) -> String {
    format!("/_mock/worlds/{DEMO_SECRET_ID}{suffix}")
}

/// A world of `n` stopped Linux instances `ins-00000000`… all bound to `skey-aaaaaaaa`, plus
/// `n` more key pairs `skey-k0000000`….
fn big_world(n: usize) -> World {
    use tcconform::contract::{Instance, InstanceState, KeyPair, Os};
    let mut world = World::default();
    world.insert_key_pair(KeyPair::new("skey-aaaaaaaa"));
    for index in 0..n {
        world.insert_key_pair(KeyPair::new(format!("skey-k{index:07}")));
        let mut instance =
            Instance::new(format!("ins-{index:08}"), Os::Linux, InstanceState::Stopped);
        instance.key_ids.push("skey-aaaaaaaa".to_owned());
        world.insert_instance(instance);
    }
    world
}
