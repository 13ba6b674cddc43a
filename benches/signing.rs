//! Signing benchmark: TC3 signing of the V1 request (fresh with `sign`, and in place with
//! `sign_into`, reusing the previous request's buffers), TC3 verification, v1 signing of the V8
//! request, and the floor: the hash primitives alone that one TC3 signature needs (SHA-256 of the
//! payload, SHA-256 of the canonical request, four HMAC-SHA256). Ends by printing the ratios
//! signing / floor.
//!
//! Run: `cargo bench --bench signing --no-default-features`.

use std::hint::black_box;
use std::time::Instant;

use criterion::Criterion;
use hmac::{Hmac, Mac};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use tcconform::wire::{
    self, Body, Credentials, Encoding, Received, RequestSpec, SecretKey, SignMethod, SigningTrace,
};

const ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
const KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

fn params() -> Map<String, Value> {
    match json!({"InstanceIds": ["ins-w34e5rl9"], "KeyIds": ["skey-e3r6y7ji"]}) {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The V1 vector's request, as the Python SDK builds it.
fn v1_vector_spec(sign_method: SignMethod, encoding: Encoding) -> RequestSpec {
    let mut spec = RequestSpec::new(
        "DisassociateInstancesKeyPairs",
        1_551_113_065,
        11886,
        Body::Params(params()),
    );
    spec.region = Some("ap-guangzhou".to_owned());
    spec.language = Some("zh-CN".to_owned());
    spec.request_client = Some("SDK_PYTHON_3.1.178".to_owned());
    spec.sign_method = sign_method;
    spec.encoding = encoding;
    spec
}

/// The inputs of the floor: exactly the bytes one signature hashes.
struct FloorInputs {
    payload: Vec<u8>,
    canonical_request: String,
    string_to_sign: String,
    date_key: Vec<u8>,
    date: String,
}

fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("any key length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// SHA-256 of the payload and of the canonical request, and the four HMAC-SHA256.
fn floor(inputs: &FloorInputs) -> [u8; 32] {
    let payload_hash = Sha256::digest(&inputs.payload);
    let canonical_hash = Sha256::digest(inputs.canonical_request.as_bytes());
    let k_date = hmac(&inputs.date_key, inputs.date.as_bytes());
    let k_service = hmac(&k_date, b"cvm");
    let k_signing = hmac(&k_service, b"tc3_request");
    let mut signature = hmac(&k_signing, inputs.string_to_sign.as_bytes());
    signature[0] ^= payload_hash[0] ^ canonical_hash[0];
    signature
}

/// The median time per call of `f`, in nanoseconds, over `rounds` rounds of `per_round` calls.
fn median_ns(rounds: usize, per_round: u32, mut f: impl FnMut()) -> f64 {
    let mut samples: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..per_round {
                f();
            }
            start.elapsed().as_nanos() as f64 / f64::from(per_round)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[rounds / 2]
}

fn main() {
    let credentials = Credentials {
        secret_id: ID.to_owned(),
        secret_key: SecretKey::new(KEY),
        token: None,
    };
    let tc3_spec = v1_vector_spec(SignMethod::Tc3, Encoding::Json);
    let v1_spec = v1_vector_spec(SignMethod::HmacSha1, Encoding::Query);
    let signed = wire::sign(&tc3_spec, &credentials).expect("the V1 request signs");
    let SigningTrace::Tc3(trace) = signed.trace() else {
        unreachable!("a tc3 request has a tc3 trace")
    };
    let floor_inputs = FloorInputs {
        payload: signed.body().to_vec(),
        canonical_request: trace.canonical_request.clone(),
        string_to_sign: trace.string_to_sign.clone(),
        date_key: [b"TC3".as_slice(), KEY.as_bytes()].concat(),
        date: trace.date().to_owned(),
    };
    let keys = |secret_id: &str| (secret_id == ID).then(|| KEY.to_owned());
    let received = Received {
        method: signed.method(),
        path_and_query: signed.path_and_query(),
        headers: signed.headers(),
        body: signed.body(),
    };

    let mut criterion = Criterion::default().configure_from_args();
    criterion.bench_function("tc3_sign_v1_request", |b| {
        b.iter(|| wire::sign(black_box(&tc3_spec), black_box(&credentials)))
    });
    let mut reused = signed.clone();
    criterion.bench_function("tc3_sign_into_v1_request", |b| {
        b.iter(|| wire::sign_into(black_box(&tc3_spec), black_box(&credentials), &mut reused))
    });
    criterion.bench_function("tc3_verify_v1_request", |b| {
        b.iter(|| wire::verify(black_box(&received), &keys, black_box(1_551_113_065)))
    });
    criterion.bench_function("v1_sign_hmac_sha1_get", |b| {
        b.iter(|| wire::sign(black_box(&v1_spec), black_box(&credentials)))
    });
    criterion.bench_function("floor_hash_primitives", |b| {
        b.iter(|| floor(black_box(&floor_inputs)))
    });
    criterion.final_summary();

    // The ratio only makes sense when benchmarking (`cargo bench`), not in test mode.
    let args: Vec<String> = std::env::args().collect();
    let benchmarking = args.iter().any(|arg| arg == "--bench")
        && !args.iter().any(|arg| arg == "--test" || arg == "--list");
    if !benchmarking {
        return;
    }
    let sign_ns = median_ns(41, 20_000, || {
        black_box(wire::sign(black_box(&tc3_spec), black_box(&credentials)).is_ok());
    });
    let sign_into_ns = median_ns(41, 20_000, || {
        black_box(
            wire::sign_into(black_box(&tc3_spec), black_box(&credentials), &mut reused).is_ok(),
        );
    });
    let floor_ns = median_ns(41, 20_000, || {
        black_box(floor(black_box(&floor_inputs)));
    });
    println!("hash floor (2 SHA-256 + 4 HMAC-SHA256): {floor_ns:.0} ns");
    println!(
        "signing/floor, sign (fresh request):        {:.2}x ({sign_ns:.0} ns)",
        sign_ns / floor_ns
    );
    println!(
        "signing/floor, sign_into (reused buffers):  {:.2}x ({sign_into_ns:.0} ns; target <= 1.5x)",
        sign_into_ns / floor_ns
    );
}
