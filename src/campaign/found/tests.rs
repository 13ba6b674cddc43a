//! Found cases as scenario text: the loader accepts what is written, IDs come back as roles, and
//! what TOML cannot write is written as JSON or refused with the reason.

use std::collections::BTreeMap;

use serde_json::json;

use super::*;
use crate::contract::{default_role_ids, default_world, Knowledge};
use crate::gen::acceptable;

fn id_roles() -> BTreeMap<String, String> {
    default_role_ids()
        .into_iter()
        .map(|(role, id)| (id, role))
        .collect()
}

fn write(step: &GenStep) -> Result<String, Inexpressible> {
    let world = default_world();
    let allowed = acceptable(step, &Knowledge::World(&world));
    let roles = id_roles();
    scenario_file(&FoundCase {
        name: "wrong-code-7".into(),
        comments: vec!["Found by a test.".into()],
        step,
        id_roles: &roles,
        allowed: &allowed,
    })
}

/// Loads `text` as the scenario file `dir/found.toml` and returns its one case's name.
fn load(text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("tcconform-found-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = dir.join(format!("found-{n}.toml"));
    std::fs::write(&path, text).unwrap();
    let suite = crate::scenario::load_paths(std::slice::from_ref(&path));
    let _ = std::fs::remove_file(&path);
    match suite {
        Ok(suite) => (&suite).into_iter().next().unwrap().full_name(),
        Err(errors) => panic!("{}\n---\n{text}", errors.render()),
    }
}

#[test]
fn a_plain_request_comes_back_with_roles() {
    let step = GenStep::new(
        Action::DisassociateInstancesKeyPairs,
        json!({"InstanceIds": ["ins-stpdlnx1", "ins-1122"], "KeyIds": ["skey-bound001", "@x"], "ForceStop": false}),
    );
    let text = write(&step).unwrap();
    assert!(
        text.contains(r#"InstanceIds = ["@stopped_linux", "ins-1122"]"#),
        "{text}"
    );
    assert!(text.contains(r#""@@x""#), "{text}");
    assert!(text.contains("effect = \"rejected\""), "{text}");
    assert!(text.contains("[case.expect]"), "{text}");
    assert!(load(&text).ends_with("/wrong-code-7"));
}

#[test]
fn long_lists_of_one_value_are_written_as_a_repeat() {
    let step = GenStep::new(
        Action::DisassociateInstancesKeyPairs,
        json!({"InstanceIds": vec!["ins-stpdlnx1"; 101], "KeyIds": ["skey-bound001"]}),
    );
    let text = write(&step).unwrap();
    assert!(
        text.contains(r#"InstanceIds = { repeat = "@stopped_linux", count = 101 }"#),
        "{text}"
    );
    load(&text);
}

#[test]
fn protocol_faults_and_awkward_values_load() {
    let step = GenStep::new(
        Action::DescribeKeyPairs,
        json!({"KeyIds": null, "Limit": 18446744073709551615u64, "Filters": [{"json": 1}], "Odd key": "a\u{7f}b\"c"}),
    )
    .with_encoding(Encoding::Query)
    .signed_with(SignMethod::HmacSha1)
    .with_fault(ProtocolFault::Breakage(Breakage::SkewTimestamp(-301)))
    .with_fault(ProtocolFault::Breakage(Breakage::RemoveHeader("X-TC-Region".into())))
    .with_fault(ProtocolFault::Version("2020-01-01".into()))
    .with_fault(ProtocolFault::Oversize);
    let text = write(&step).unwrap();
    assert!(text.contains("skew_seconds = -301"), "{text}");
    assert!(text.contains("KeyIds = { json = \"null\" }"), "{text}");
    assert!(text.contains("sign = \"hmac-sha1\""), "{text}");
    load(&text);
}

#[test]
fn a_successful_binding_is_mutating_and_inexpressible_steps_say_why() {
    let step = GenStep::new(
        Action::DisassociateInstancesKeyPairs,
        json!({"InstanceIds": ["ins-stpdlnx1"], "KeyIds": ["skey-second01"]}),
    );
    let text = write(&step).unwrap();
    assert!(
        text.contains("effect = \"mutating\"") && text.contains("success = true"),
        "{text}"
    );
    load(&text);
    let raw = step
        .clone()
        .with_fault(ProtocolFault::Breakage(Breakage::RawBody(vec![0xff, 0xfe])));
    assert!(write(&raw).unwrap_err().0.contains("UTF-8"));
    let twice = step
        .with_fault(ProtocolFault::Breakage(Breakage::WrongSecret))
        .with_fault(ProtocolFault::Breakage(Breakage::WrongSecret));
    assert!(write(&twice).is_err());
}
