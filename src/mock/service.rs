//! The mock's pure service: a received request in, a reply out, the SecretId's world updated.
//! No I/O, no clock: the time is a parameter. It holds no business rules: every decision about an
//! action comes from `contract::service`, so the mock and the oracle cannot drift.
//!
//! Precedence, first problem wins:
//! 1. method other than GET and POST: `UnsupportedProtocol`;
//! 2. over the documented size (GET 32 KiB, form POST 1 MiB, other POST 10 MiB):
//!    `RequestSizeLimitExceeded`;
//! 3. signature, credentials and clock (`wire::verify`, in its own documented order), e.g.
//!    `AuthFailure.SecretIdNotFound`, `AuthFailure.SignatureExpire`, `AuthFailure.SignatureFailure`,
//!    and `InvalidParameter` for a body that does not decode;
//! 4. no action: `MissingParameter`; unknown action: `InvalidAction`; no version:
//!    `MissingParameter`; another version: `NoSuchVersion`;
//! 5. the faults of the SecretId's world (see `faults`);
//! 6. the action itself (`contract::service::execute_plain` for plain JSON parameters,
//!    `execute_params` otherwise): parameters, limits, IDs, states.
//!
//! Every API reply is HTTP 200 with `Content-Type: application/json` and a fresh lower-case UUID
//! v4 `RequestId`. An error changes nothing. Each SecretId has its own world behind its own lock;
//! a request locks only its own world.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::contract::codes;
use crate::contract::params::ParamSource;
use crate::contract::service::execute_plain;
use crate::contract::world::{World, WorldError};
use crate::mock::fault_spec::FaultSpec;
use crate::mock::faults::{Faults, Verdict};
use crate::mock::mutant::{self, Mutant};
use crate::mock::protocol::{self, Rejection};
use crate::wire::envelope::{error_body, success_body, CONTENT_TYPE};
use crate::wire::{verify_with, Encoding, HeaderPair, Params, Received, SecretKeys};

/// The documented example SecretId, accepted by default.
pub const DEMO_SECRET_ID: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
/// The documented example SecretKey, accepted by default.
pub const DEMO_SECRET_KEY: &str = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

/// The body of a garbage-body fault: what a misbehaving gateway might send, not JSON.
pub const GARBAGE_BODY: &[u8] = b"<html><head><title>502 Bad Gateway</title></head><body>tcconform mock: garbage body fault</body></html>";

/// The demo credential pair, as a credentials table.
pub fn demo_credentials() -> Vec<(String, String)> {
    vec![(DEMO_SECRET_ID.to_owned(), DEMO_SECRET_KEY.to_owned())]
}

/// What the mock starts from. `Debug` shows the SecretIds, never the keys.
#[derive(Clone)]
pub struct MockConfig {
    /// The world each SecretId's world is created from (and reset to).
    pub world_template: World,
    /// Accepted SecretId / SecretKey pairs; a later pair with the same SecretId wins.
    pub credentials: Vec<(String, String)>,
    /// A deliberate deviation from the contract, to test a harness (`None`: the conforming
    /// mock). See `mock::mutant`.
    pub mutant: Option<Mutant>,
}

/// The answer to one API request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Send this response after `delay_ms` milliseconds.
    Respond {
        /// The HTTP status (200 for every API-level result).
        status: u16,
        /// The exact `Content-Type` value.
        content_type: &'static str,
        /// The body bytes.
        body: Vec<u8>,
        /// Delay before answering, from latency faults.
        delay_ms: u64,
    },
    /// Close the connection without a valid response, after `delay_ms` milliseconds.
    DropConnection {
        /// Delay before closing, from latency faults.
        delay_ms: u64,
    },
}

impl Reply {
    /// The delay before the reply, in milliseconds.
    pub fn delay_ms(&self) -> u64 {
        match self {
            Reply::Respond { delay_ms, .. } | Reply::DropConnection { delay_ms } => *delay_ms,
        }
    }

    /// The body, if the reply is a response.
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Reply::Respond { body, .. } => Some(body),
            Reply::DropConnection { .. } => None,
        }
    }
}

/// The stateful mock of CVM, without any transport. `Debug` shows the SecretIds, never the keys.
pub struct MockService {
    template: World,
    credentials: BTreeMap<String, String>,
    mutant: Option<Mutant>,
    /// One world per SecretId. Ordered maps: a lookup compares a few short strings instead of
    /// hashing the SecretId with a keyed hasher, and there are few SecretIds.
    tenants: Mutex<BTreeMap<String, Arc<Mutex<Tenant>>>>,
}

/// One SecretId's world and the faults active on it.
struct Tenant {
    world: World,
    faults: Faults,
}

impl MockService {
    /// A mock whose worlds start from `config.world_template`, accepting `config.credentials`,
    /// deviating from the contract only if `config.mutant` says so.
    pub fn new(config: MockConfig) -> MockService {
        MockService {
            template: config.world_template,
            credentials: config.credentials.into_iter().collect(),
            mutant: config.mutant,
            tenants: Mutex::new(BTreeMap::new()),
        }
    }

    /// Answer one API request (its headers owned or lent) received at `now` (Unix seconds; checked against the signature's
    /// timestamp) and `now_millis` (any monotonic millisecond clock; drives the throttle).
    pub fn handle<H: HeaderPair>(
        &self,
        request: &Received<'_, H>,
        now: i64,
        now_millis: u64,
    ) -> Reply {
        let reply = match self.answer(request, now, now_millis) {
            Answer::Fields(fields, delay_ms) => {
                respond(success_body(&request_id(), &fields), delay_ms)
            }
            Answer::Error {
                code,
                message,
                delay_ms,
            } => respond(error_body(&request_id(), &code, &message), delay_ms),
            Answer::Garbage(delay_ms) => respond(GARBAGE_BODY.to_vec(), delay_ms),
            Answer::Drop(delay_ms) => Reply::DropConnection { delay_ms },
        };
        mutant::reply(self.mutant, reply)
    }

    /// The reply to a request whose body was too large to read at all.
    pub fn reject_unreadable(&self) -> Reply {
        let reply = respond(rejection_body(&protocol::unreadably_large()), 0);
        mutant::reply(self.mutant, reply)
    }

    /// The deliberate deviation this mock runs with, if any.
    pub fn mutant(&self) -> Option<Mutant> {
        self.mutant
    }

    /// Whether `secret_id` is in the credentials table.
    pub fn knows(&self, secret_id: &str) -> bool {
        self.credentials.contains_key(secret_id)
    }

    /// A copy of the world of `secret_id` (created from the template on first use).
    pub fn world(&self, secret_id: &str) -> World {
        self.inspect_world(secret_id, World::clone)
    }

    /// What `inspect` makes of the world of `secret_id`, read in place under its lock (no copy):
    /// how an in-process judge compares worlds at full speed.
    pub fn inspect_world<R>(&self, secret_id: &str, inspect: impl FnOnce(&World) -> R) -> R {
        inspect(&lock(&self.tenant(secret_id)).world)
    }

    /// Replace the world of `secret_id`; a world that breaks an invariant is refused.
    pub fn seed(&self, secret_id: &str, world: World) -> Result<(), WorldError> {
        world.check_invariants()?;
        lock(&self.tenant(secret_id)).world = world;
        Ok(())
    }

    /// Put the world of `secret_id` back to the template and clear its faults.
    pub fn reset(&self, secret_id: &str) {
        let tenant = self.tenant(secret_id);
        let mut tenant = lock(&tenant);
        tenant.world.clone_from(&self.template);
        tenant.faults.clear();
    }

    /// Add a fault to the world of `secret_id`.
    pub fn add_fault(&self, secret_id: &str, fault: FaultSpec) {
        lock(&self.tenant(secret_id)).faults.add(fault);
    }

    /// Clear every fault of the world of `secret_id`.
    pub fn clear_faults(&self, secret_id: &str) {
        lock(&self.tenant(secret_id)).faults.clear();
    }

    /// The active faults of the world of `secret_id`, as the admin route lists them.
    pub fn faults_json(&self, secret_id: &str) -> serde_json::Value {
        lock(&self.tenant(secret_id)).faults.to_json()
    }

    fn answer<H: HeaderPair>(
        &self,
        request: &Received<'_, H>,
        now: i64,
        now_millis: u64,
    ) -> Answer {
        let checked = protocol::check_method(request.method)
            .and_then(|()| protocol::check_size(request))
            .and_then(|()| {
                let checks = mutant::verify_checks(self.mutant);
                verify_with(request, &KeyTable(&self.credentials), now, checks)
                    .map_err(|err| protocol::verify_rejection(&err))
            })
            .and_then(|verified| Ok((protocol::resolve_action(&verified)?, verified)));
        let (action, verified) = match checked {
            Ok(checked) => checked,
            Err(rejection) => return Answer::rejected(rejection, 0),
        };
        let tenant = self.tenant(&verified.secret_id);
        let mut tenant = lock(&tenant);
        let decision = tenant.faults.decide(now_millis);
        let delay_ms = decision.delay_ms;
        match decision.verdict {
            Verdict::Execute => {}
            Verdict::DropConnection => return Answer::Drop(delay_ms),
            Verdict::GarbageBody => return Answer::Garbage(delay_ms),
            Verdict::Throttled { per_second } => {
                let rejection = Rejection {
                    code: codes::REQUEST_LIMIT_EXCEEDED,
                    message: format!(
                        "Your request rate exceeds the frequency limit of {per_second} requests per second. Please reduce the frequency of calls."
                    ),
                };
                return Answer::rejected(rejection, delay_ms);
            }
            Verdict::ForcedCode { code, message } => {
                let message = message.unwrap_or_else(|| {
                    let meaning = codes::meaning(&code).unwrap_or("an error");
                    format!("{meaning} (a fault injected by the mock)")
                });
                return Answer::Error {
                    code,
                    message,
                    delay_ms,
                };
            }
        }
        let source = match verified.encoding {
            Encoding::Json => ParamSource::Json,
            Encoding::Form | Encoding::Query => ParamSource::Form,
        };
        let world = &mut tenant.world;
        let executed = match (verified.params, self.mutant) {
            // The common request: plain parameters, read without building a JSON map.
            (Params::Plain(plain), None) => execute_plain(world, action, plain),
            (params, mutant) => mutant::execute(mutant, world, action, &params.to_map(), source),
        };
        match executed {
            Ok(fields) => Answer::Fields(fields, delay_ms),
            Err(error) => Answer::Error {
                code: error.code.to_owned(),
                message: error.message,
                delay_ms,
            },
        }
    }

    /// The tenant of `secret_id`, created from the template on first use. The template is cloned
    /// outside the table's lock, so a big world does not stall other SecretIds.
    fn tenant(&self, secret_id: &str) -> Arc<Mutex<Tenant>> {
        if let Some(tenant) = lock(&self.tenants).get(secret_id) {
            return Arc::clone(tenant);
        }
        let fresh = Arc::new(Mutex::new(Tenant {
            world: self.template.clone(),
            faults: Faults::default(),
        }));
        let mut tenants = lock(&self.tenants);
        Arc::clone(tenants.entry(secret_id.to_owned()).or_insert(fresh))
    }
}

/// The credentials table as the verifier reads it: the keys are lent, not copied per request.
/// Private, so that nothing outside the service can read a key through it.
struct KeyTable<'a>(&'a BTreeMap<String, String>);

impl SecretKeys for KeyTable<'_> {
    fn secret_key(&self, secret_id: &str) -> Option<Cow<'_, str>> {
        self.0.get(secret_id).map(|key| Cow::Borrowed(key.as_str()))
    }
}

impl fmt::Debug for MockConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secret_ids: Vec<&str> = self.credentials.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_struct("MockConfig")
            .field("world_template", &self.world_template)
            .field("secret_ids", &secret_ids)
            .field("mutant", &self.mutant)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for MockService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // In order: the table is an ordered map.
        let secret_ids: Vec<&str> = self.credentials.keys().map(String::as_str).collect();
        f.debug_struct("MockService")
            .field("instances_in_template", &self.template.instances.len())
            .field("key_pairs_in_template", &self.template.key_pairs.len())
            .field("secret_ids", &secret_ids)
            .field("worlds", &lock(&self.tenants).len())
            .field("mutant", &self.mutant)
            .finish_non_exhaustive()
    }
}

/// What `answer` decided, before the envelope is built.
enum Answer {
    Fields(serde_json::Map<String, serde_json::Value>, u64),
    Error {
        code: String,
        message: String,
        delay_ms: u64,
    },
    Garbage(u64),
    Drop(u64),
}

impl Answer {
    fn rejected(rejection: Rejection, delay_ms: u64) -> Answer {
        Answer::Error {
            code: rejection.code.to_owned(),
            message: rejection.message,
            delay_ms,
        }
    }
}

fn respond(body: Vec<u8>, delay_ms: u64) -> Reply {
    Reply::Respond {
        status: 200,
        content_type: CONTENT_TYPE,
        body,
        delay_ms,
    }
}

fn rejection_body(rejection: &Rejection) -> Vec<u8> {
    error_body(&request_id(), rejection.code, &rejection.message)
}

/// A fresh lower-case UUID v4. The random bits come from a fast generator per thread, seeded
/// once from the operating system's entropy: RequestIds must be unique, not secret or
/// unpredictable, and 122 random bits from a 256-bit state make a repeat practically impossible.
/// Its text is written on the stack: it is copied once, into the body.
fn request_id() -> RequestId {
    use rand::{Rng, SeedableRng};
    thread_local! {
        static IDS: std::cell::RefCell<rand::rngs::SmallRng> =
            std::cell::RefCell::new(rand::rngs::SmallRng::from_entropy());
    }
    let bytes: [u8; 16] = IDS.with(|ids| ids.borrow_mut().gen());
    let mut text = [0_u8; uuid::fmt::Hyphenated::LENGTH];
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .encode_lower(&mut text);
    RequestId(text)
}

/// The text of a RequestId, held inline.
struct RequestId([u8; uuid::fmt::Hyphenated::LENGTH]);

impl std::ops::Deref for RequestId {
    type Target = str;

    fn deref(&self) -> &str {
        // Only the ASCII of a hyphenated UUID was written.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// Lock, recovering from a poisoned lock: a world is never left half-changed, since the contract
/// validates before it changes anything.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::envelope::is_lower_uuid;

    #[test]
    fn debug_never_shows_a_secret_key() {
        let config = MockConfig {
            world_template: World::default(),
            credentials: vec![("AKIDvisible".into(), "very-secret-key".into())],
            mutant: None,
        };
        let config_text = format!("{config:?}");
        let service_text = format!("{:?}", MockService::new(config));
        for text in [config_text, service_text] {
            assert!(text.contains("AKIDvisible"), "{text}");
            assert!(!text.contains("very-secret-key"), "{text}");
        }
    }

    #[test]
    fn request_ids_are_fresh_lower_case_uuids() {
        let first = request_id();
        assert!(is_lower_uuid(&first), "{}", &*first);
        assert_ne!(*first, *request_id());
    }

    #[test]
    fn a_later_credential_pair_wins() {
        let service = MockService::new(MockConfig {
            world_template: World::default(),
            credentials: vec![("A".into(), "old".into()), ("A".into(), "new".into())],
            mutant: None,
        });
        assert!(service.knows("A"));
        assert_eq!(service.credentials["A"], "new");
        assert!(!service.knows("B"));
    }
}
