//! Property tests of the in-process mock: arbitrary requests (raw bytes, or correctly signed with
//! arbitrary parameters in every encoding) never panic, always get a valid envelope with a code the
//! action documents, never break the world's invariants, and errors change nothing.

use proptest::prelude::*;
use tcconform::mock::DEMO_SECRET_ID;
use tcconform::wire::{Encoding, SignMethod};

use super::*;

/// Values a parameter may take: IDs of the default world, malformed and unknown IDs, and junk.
fn arb_value() -> impl Strategy<Value = Value> {
    let table = roles::default_role_ids();
    let mut known: Vec<String> = table.values().cloned().collect();
    known.extend(
        [
            "ins-1122",
            "skey-1122",
            "ins-zzzzzzzz",
            "skey-zzzzzzzz",
            "",
            "INS-ABCDEFGH",
        ]
        .map(String::from),
    );
    let id = proptest::sample::select(known).prop_map(Value::String);
    let leaf = prop_oneof![
        4 => id,
        1 => any::<bool>().prop_map(Value::Bool),
        1 => (-5i64..150).prop_map(Value::from),
        1 => "[ -~]{0,12}".prop_map(Value::String),
        1 => Just(Value::Null),
    ];
    leaf.prop_recursive(2, 24, 6, |inner| {
        prop_oneof![
            4 => proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            1 => proptest::collection::btree_map("Name|Values|[A-Z][a-z]{0,6}", inner, 0..3)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

fn arb_params() -> impl Strategy<Value = Map<String, Value>> {
    let names = "InstanceIds|KeyIds|ForceStop|Filters|Offset|Limit|DryRun|instanceIds";
    proptest::collection::btree_map(names, arb_value(), 0..5)
        .prop_map(|map| map.into_iter().collect())
}

fn arb_variant() -> impl Strategy<Value = (Encoding, SignMethod)> {
    proptest::sample::select(vec![
        (Encoding::Json, SignMethod::Tc3),
        (Encoding::Form, SignMethod::HmacSha256),
        (Encoding::Query, SignMethod::HmacSha1),
        (Encoding::Query, SignMethod::Tc3),
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn signed_requests_with_arbitrary_parameters(
        action in proptest::sample::select(Action::ALL.to_vec()),
        params in arb_params(),
        (encoding, sign_method) in arb_variant(),
    ) {
        let service = service();
        let mut request = RequestSpec::new(action.name(), NOW, 7, Body::Params(params));
        request.encoding = encoding;
        request.sign_method = sign_method;
        // Some shapes cannot be form-encoded at all; the signer says so, and there is nothing to send.
        let Ok(signed_request) = sign(&request, &demo()) else {
            return Ok(());
        };
        let before = service.world(DEMO_SECRET_ID);
        let answer = call_signed(&service, &signed_request, NOW);
        let after = service.world(DEMO_SECRET_ID);
        prop_assert_eq!(after.check_invariants(), Ok(()));
        if answer.code.is_some() {
            prop_assert_eq!(&after, &before, "an error changed the world: {:?}", answer);
        }
    }

    #[test]
    fn arbitrary_bytes_get_an_envelope_and_change_nothing(
        method in proptest::sample::select(vec!["GET", "POST", "PUT", "OPTIONS"]),
        target in "/[ -~]{0,60}",
        headers in proptest::collection::vec(
            ("content-type|authorization|x-tc-action|x-tc-timestamp|x-tc-version|host|[a-z-]{1,12}", "[ -~]{0,60}"),
            0..6,
        ),
        body in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let service = service();
        let received = Received {
            method,
            path_and_query: &target,
            headers: &headers,
            body: &body,
        };
        let reply = service.handle(&received, NOW, 0);
        let answer = answer_of(&reply, None);
        prop_assert!(answer.code.is_some());
        prop_assert_eq!(service.world(DEMO_SECRET_ID), roles::default_world());
    }
}
