//! Running a campaign (I/O): starts the embedded mock (or checks the endpoint), sends each
//! planned case from a pool of concurrent lanes, judges it with `verdict`, tallies `bucket`s,
//! then shrinks each bucket's smallest case against the same target and prepares its reproducer
//! and scenario file.
//!
//! On the mock every lane has its own SecretId, hence its own world, reset in process before a
//! case whenever the previous one sent a binding request: each case starts from the world file,
//! whatever ran before it on the lane. On an endpoint there is one world, the account: cases that
//! send no binding request run concurrently; the others run one at a time (a write lock), are
//! followed by a state read, and are restored to the key sets read at the start.

mod endpoint;
mod reproduce;

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::sync::RwLock;

use crate::campaign::bucket::{Bucket, Buckets};
use crate::campaign::found::Inexpressible;
use crate::campaign::plan::{Budget, Plan};
use crate::campaign::summary::{BucketReport, CampaignReport, Progress};
use crate::campaign::verdict::{carried_by_http, may_mutate, CaseJudge, Trust};
use crate::client::{Client, ClientConfig};
use crate::contract::{Action, World};
use crate::gen::judge::is_binding;
use crate::gen::{
    shrink, size, GenCase, GenContext, GenOptions, GenStep, Generator, Seed, Violation,
};
use crate::mock::http::{spawn, MockError, MockHandle};
use crate::mock::{MockConfig, DEMO_SECRET_ID, DEMO_SECRET_KEY};
use crate::runner::plan::host_of;
use crate::runner::{answer_of, now, Answer, NoAnswer, TargetConfig, MOCK_REGION};
use crate::scenario::Shard;
use crate::wire::{sign, Credentials, RequestSpec, SecretKey, SignedRequest};

/// Answers longer than this are a transport finding (no documented answer comes near it).
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Everything a campaign needs. The CLI decides the defaults.
#[derive(Debug, Clone)]
pub struct CampaignConfig {
    /// The embedded mock (its world, and a mutant to prove the fuzzer catches it) or an endpoint.
    pub target: TargetConfig,
    /// The seed every case derives from.
    pub seed: Seed,
    /// How many cases, or for how long.
    pub budget: Budget,
    /// Only this shard's cases.
    pub shard: Option<Shard>,
    /// Cases in flight at once.
    pub concurrency: usize,
    /// Requests started per second at most.
    pub rate: Option<f64>,
    /// Budget for one request.
    pub timeout: Duration,
    /// What to generate.
    pub options: GenOptions,
    /// Most re-runs while shrinking one bucket's case.
    pub shrink_tries: usize,
}

/// Harness faults: nothing to do with the target's conformance.
#[derive(Debug, thiserror::Error)]
pub enum CampaignError {
    /// The embedded mock could not start.
    #[error("the embedded mock could not start: {0}")]
    Mock(#[from] MockError),
    /// The HTTP client could not be built.
    #[error("{0}")]
    Client(String),
    /// The endpoint could not be read before the campaign.
    #[error("cannot read the fixtures' instances on {url}: {reason}")]
    Unreachable {
        /// The endpoint.
        url: String,
        /// Why.
        reason: String,
    },
    /// A restore after a mutating case failed: the campaign stopped to do no more harm.
    #[error("RESTORE FAILED after case {index}: {detail}; fix the fixtures by hand")]
    Restore {
        /// The case.
        index: u64,
        /// What is left changed.
        detail: String,
    },
}

/// A started campaign target.
pub struct Campaign {
    inner: Arc<Inner>,
    mock: Option<MockHandle>,
}

struct Inner {
    config: CampaignConfig,
    client: Client,
    base_url: String,
    host: String,
    region: String,
    trust: Trust,
    id_roles: BTreeMap<String, String>,
    generator: Generator,
    /// The mock's lanes (one SecretId each), or one lane of the endpoint's credentials.
    lanes: Vec<Credentials>,
    /// The lane shrinking runs on (its own world on the mock).
    shrink_lane: Credentials,
    /// The mock's service, to reset lanes' worlds.
    service: Option<Arc<crate::mock::MockService>>,
    /// The world each case starts from: the mock's world file, or the endpoint's fixtures as
    /// read at the start (the write lock serializes cases that may change it).
    world: RwLock<World>,
    requests: AtomicU64,
    restore_failed: Mutex<Option<CampaignError>>,
    stop: AtomicBool,
}

/// Runs a whole campaign: start, run, shut down.
pub async fn run(
    config: CampaignConfig,
    progress: &mut dyn FnMut(&Progress),
) -> Result<CampaignReport, CampaignError> {
    let campaign = Campaign::start(config).await?;
    let report = campaign.run(progress).await;
    campaign.shutdown().await;
    report
}

impl Campaign {
    /// Starts the target: the embedded mock on 127.0.0.1:0 with one SecretId per lane, or one
    /// read of the endpoint's fixture instances (the model the cases are judged against).
    pub async fn start(config: CampaignConfig) -> Result<Campaign, CampaignError> {
        let concurrency = config.concurrency.max(1);
        let (mock, base_url, lanes, shrink_lane, world, trust, region) = match &config.target {
            TargetConfig::EmbeddedMock(embedded) => {
                let lane = |name: String| Credentials {
                    secret_id: name,
                    secret_key: SecretKey::new(DEMO_SECRET_KEY),
                    token: None,
                };
                let lanes: Vec<Credentials> = (0..concurrency)
                    .map(|i| lane(format!("AKIDtcconformFuzzLane{i:04}")))
                    .collect();
                let shrink_lane = lane("AKIDtcconformFuzzShrink".to_owned());
                let mut credentials = vec![(DEMO_SECRET_ID.to_owned(), DEMO_SECRET_KEY.to_owned())];
                credentials.extend(
                    lanes
                        .iter()
                        .chain([&shrink_lane])
                        .map(|c| (c.secret_id.clone(), DEMO_SECRET_KEY.to_owned())),
                );
                let mock_config = MockConfig {
                    world_template: embedded.world.clone(),
                    credentials,
                    mutant: embedded.mutant,
                };
                let handle = spawn(mock_config, SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?;
                let url = handle.url();
                (
                    Some(handle),
                    url,
                    lanes,
                    shrink_lane,
                    embedded.world.clone(),
                    Trust::Model,
                    MOCK_REGION.to_owned(),
                )
            }
            TargetConfig::Endpoint(endpoint) => (
                None,
                endpoint.url.trim_end_matches('/').to_owned(),
                vec![endpoint.credentials.clone()],
                endpoint.credentials.clone(),
                World::default(),
                Trust::Roles,
                endpoint.region.clone().unwrap_or_default(),
            ),
        };
        let endpoint = trust == Trust::Roles;
        let client = Client::new(ClientConfig {
            base_url: base_url.clone(),
            timeout: config.timeout,
            connect_timeout: config.timeout.min(Duration::from_secs(10)),
            max_body_bytes: MAX_BODY_BYTES,
            concurrency,
            rate_per_second: config.rate,
            // On the mock every answer is an observation; an endpoint may throttle.
            retries: if endpoint { 2 } else { 0 },
            backoff: Duration::from_millis(200),
            retry_throttled: endpoint,
        })
        .map_err(|error| CampaignError::Client(error.to_string()))?;
        let role_ids = config.target.roles();
        let id_roles: BTreeMap<String, String> = role_ids
            .iter()
            .map(|(role, id)| (id.clone(), role.clone()))
            .collect();
        let generator = Generator::new(config.seed, GenContext::new(&role_ids, config.options));
        let inner = Inner {
            host: host_of(&base_url).unwrap_or_default().to_owned(),
            service: mock.as_ref().map(|handle| Arc::clone(handle.service())),
            config,
            client,
            base_url,
            region,
            trust,
            id_roles,
            generator,
            lanes,
            shrink_lane,
            world: RwLock::new(world),
            requests: AtomicU64::new(0),
            restore_failed: Mutex::new(None),
            stop: AtomicBool::new(false),
        };
        if endpoint {
            let world = inner.read_fixtures(&role_ids).await?;
            *inner.world.write().await = world;
        }
        Ok(Campaign {
            inner: Arc::new(inner),
            mock,
        })
    }

    /// The target's base URL.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Runs the planned cases, then shrinks each bucket's smallest case. `progress` is called
    /// about ten times a second.
    pub async fn run(
        &self,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<CampaignReport, CampaignError> {
        let inner = &self.inner;
        if let Some(service) = &inner.service {
            // Every case starts from the world file, also when a campaign runs again.
            for lane in &inner.lanes {
                service.reset(&lane.secret_id);
            }
        }
        let plan = Plan::new(inner.config.shard, &inner.config.budget);
        let requests_before = inner.requests.load(Ordering::Relaxed);
        let started = Instant::now();
        let deadline = inner.config.budget.duration.map(|d| started + d);
        let next = Arc::new(AtomicU64::new(0));
        let counters = Arc::new(Counters::default());
        let buckets = Arc::new(Mutex::new(Buckets::default()));
        let mut tasks = tokio::task::JoinSet::new();
        for lane in 0..inner.lanes.len() {
            let (inner, next, counters, buckets) = (
                Arc::clone(inner),
                Arc::clone(&next),
                Arc::clone(&counters),
                Arc::clone(&buckets),
            );
            tasks.spawn(async move {
                let mut dirty = false;
                loop {
                    if inner.stop.load(Ordering::Relaxed)
                        || deadline.is_some_and(|deadline| Instant::now() >= deadline)
                    {
                        break;
                    }
                    let Some(index) = plan.index(next.fetch_add(1, Ordering::Relaxed)) else {
                        break;
                    };
                    let case = inner.generator.case_at(index);
                    let Some(violations) = inner.case(lane, index, &case, &mut dirty).await else {
                        counters.skipped.fetch_add(1, Ordering::Relaxed);
                        continue;
                    };
                    counters.cases.fetch_add(1, Ordering::Relaxed);
                    if !violations.is_empty() {
                        counters.failing.fetch_add(1, Ordering::Relaxed);
                        counters.first_failing.fetch_min(index, Ordering::Relaxed);
                        if let Ok(mut buckets) = buckets.lock() {
                            buckets.record(index, &case, &violations);
                        }
                    }
                }
            });
        }
        let snapshot = |shrinking: bool| Progress {
            cases: counters.cases.load(Ordering::Relaxed),
            failing: counters.failing.load(Ordering::Relaxed),
            skipped: counters.skipped.load(Ordering::Relaxed),
            total: plan.len(),
            elapsed: started.elapsed(),
            shrinking,
        };
        let mut tick = tokio::time::interval(Duration::from_millis(100));
        loop {
            tokio::select! {
                joined = tasks.join_next() => {
                    if joined.is_none() {
                        break;
                    }
                }
                _ = tick.tick() => progress(&snapshot(false)),
            }
        }
        let elapsed = started.elapsed();
        let requests = inner.requests.load(Ordering::Relaxed) - requests_before;
        let last = snapshot(true);
        progress(&last);
        if let Some(error) = inner.restore_failed.lock().ok().and_then(|mut e| e.take()) {
            return Err(error);
        }
        let buckets = Arc::try_unwrap(buckets)
            .ok()
            .and_then(|mutex| mutex.into_inner().ok())
            .unwrap_or_default();
        let mut reports = Vec::new();
        for (bucket, entry) in buckets.iter() {
            let (index, case, violation) = entry.smallest.clone();
            let report = self
                .shrunk(bucket, entry.cases, index, case, violation)
                .await;
            reports.push(report);
            progress(&last);
        }
        if let Some(error) = inner.restore_failed.lock().ok().and_then(|mut e| e.take()) {
            return Err(error);
        }
        Ok(CampaignReport {
            seed: inner.config.seed,
            base_url: inner.base_url.clone(),
            cases: last.cases,
            failing: last.failing,
            skipped: last.skipped,
            first_failing: Some(counters.first_failing.load(Ordering::Relaxed))
                .filter(|first| *first != u64::MAX),
            requests,
            elapsed,
            buckets: reports,
        })
    }

    /// Stops the embedded mock.
    pub async fn shutdown(self) {
        if let Some(mock) = self.mock {
            let _ = mock.shutdown().await;
        }
    }

    /// Shrinks `case` against the target while it keeps failing in `bucket`, then prepares its
    /// reproducer and scenario file.
    async fn shrunk(
        &self,
        bucket: Bucket,
        cases: u64,
        index: u64,
        case: GenCase,
        violation: Violation,
    ) -> BucketReport {
        let inner = Arc::clone(&self.inner);
        let handle = tokio::runtime::Handle::current();
        let original = case.clone();
        let tries = inner.config.shrink_tries;
        let minimal = tokio::task::spawn_blocking(move || {
            shrink(
                &original,
                |candidate| {
                    handle
                        .block_on(inner.shrink_case(index, candidate))
                        .iter()
                        .any(|(found, _)| *found == bucket)
                },
                tries,
            )
        })
        .await
        .unwrap_or_else(|_| case.clone());
        let violation = self
            .inner
            .shrink_case(index, &minimal)
            .await
            .into_iter()
            .find(|(found, _)| *found == bucket)
            .map_or(violation, |(_, violation)| violation);
        let step_index = violation.step.min(minimal.steps.len().saturating_sub(1));
        let step = minimal.steps.get(step_index);
        let curl = step.and_then(|step| self.inner.reproducer(step));
        let scenario = match step {
            Some(step) => self
                .inner
                .scenario(bucket, index, &minimal, step, &violation),
            None => Err(Inexpressible("the case has no request".to_owned())),
        };
        BucketReport {
            bucket,
            cases,
            index,
            sizes: (size(&case), size(&minimal)),
            minimal,
            violation,
            curl,
            scenario,
        }
    }
}

struct Counters {
    cases: AtomicU64,
    failing: AtomicU64,
    skipped: AtomicU64,
    first_failing: AtomicU64,
}

impl Default for Counters {
    fn default() -> Counters {
        Counters {
            cases: AtomicU64::new(0),
            failing: AtomicU64::new(0),
            skipped: AtomicU64::new(0),
            first_failing: AtomicU64::new(u64::MAX),
        }
    }
}

impl Inner {
    /// Runs case `index` on `lane`; `None` when it is not run (unsafe for the endpoint).
    async fn case(
        &self,
        lane: usize,
        index: u64,
        case: &GenCase,
        dirty: &mut bool,
    ) -> Option<Vec<(Bucket, Violation)>> {
        let credentials = &self.lanes[lane];
        match &self.service {
            Some(service) => {
                if std::mem::take(dirty) {
                    service.reset(&credentials.secret_id);
                }
                let start = self.world.read().await.clone();
                let (violations, sent_binding) = self.send_case(credentials, case, start).await;
                *dirty = sent_binding;
                Some(violations)
            }
            None => self.endpoint_case(index, case).await,
        }
    }

    /// A case on the endpoint: skipped when the safety gates forbid it; run alone (then
    /// restored) when it sends a binding request; concurrently otherwise.
    async fn endpoint_case(&self, index: u64, case: &GenCase) -> Option<Vec<(Bucket, Violation)>> {
        if !self.allowed_on_endpoint(case) {
            return None;
        }
        let binding = case.steps.iter().any(|step| is_binding(step.action));
        if !binding {
            let start = self.world.read().await.clone();
            return Some(self.send_case(&self.lanes[0], case, start).await.0);
        }
        Some(self.alone_then_restore(&self.lanes[0], index, case).await)
    }

    /// A case re-run while shrinking the case of campaign index `index`: on the mock on its own
    /// fresh world; on an endpoint alone (then restored), within the same safety gates.
    async fn shrink_case(&self, index: u64, case: &GenCase) -> Vec<(Bucket, Violation)> {
        let credentials = &self.shrink_lane;
        if let Some(service) = &self.service {
            service.reset(&credentials.secret_id);
            let start = self.world.read().await.clone();
            return self.send_case(credentials, case, start).await.0;
        }
        if self.stop.load(Ordering::Relaxed) || !self.allowed_on_endpoint(case) {
            return Vec::new();
        }
        self.alone_then_restore(credentials, index, case).await
    }

    /// Whether the endpoint's safety gates let `case` run: a case that may succeed with an
    /// effect needs `--allow-mutations`, and with `ForceStop` `--allow-disruptive`.
    fn allowed_on_endpoint(&self, case: &GenCase) -> bool {
        let TargetConfig::Endpoint(endpoint) = &self.config.target else {
            return false;
        };
        if !may_mutate(case, &self.id_roles) {
            return true;
        }
        let disruptive = case
            .steps
            .iter()
            .any(|step| step.params.contains_key("ForceStop"));
        endpoint.safety.allow_mutations && (!disruptive || endpoint.safety.allow_disruptive)
    }

    /// Runs `case` alone on the endpoint (the write lock over the model) and, if it sent a
    /// binding request, restores the key sets read at the start. A failed restore stops the
    /// campaign.
    async fn alone_then_restore(
        &self,
        credentials: &Credentials,
        index: u64,
        case: &GenCase,
    ) -> Vec<(Bucket, Violation)> {
        let world = self.world.write().await;
        let (violations, sent_binding) = self.send_case(credentials, case, world.clone()).await;
        if sent_binding {
            if let Err(detail) = self.restore(credentials, &world).await {
                self.stop.store(true, Ordering::Relaxed);
                if let Ok(mut failed) = self.restore_failed.lock() {
                    failed.get_or_insert(CampaignError::Restore { index, detail });
                }
            }
        }
        violations
    }

    /// Sends every step of `case` and, after a binding request, reads the state; returns the
    /// violations and whether a binding request was sent.
    async fn send_case(
        &self,
        credentials: &Credentials,
        case: &GenCase,
        start: World,
    ) -> (Vec<(Bucket, Violation)>, bool) {
        let mut judge = CaseJudge::new(start, self.trust, &self.id_roles);
        for (index, step) in case.steps.iter().enumerate() {
            if !carried_by_http(step) {
                continue;
            }
            let nonce = u64::try_from(index).unwrap_or(0) + 1;
            let signed = match sign(&self.spec(step, nonce), credentials) {
                Ok(signed) => signed,
                Err(error) => {
                    judge.harness(index, error.to_string());
                    continue;
                }
            };
            let Some(answer) = self.send(&signed).await else {
                // HTTP cannot carry the request as generated (e.g. a control character in a
                // header value): nothing reached the target, so nothing is judged.
                continue;
            };
            judge.step(index, step, &answer);
        }
        let sent_binding = judge.sent_binding();
        if judge.needs_state_read() {
            let read = GenStep::new(
                Action::DescribeInstances,
                Value::Object(judge.state_read_params()),
            );
            let answer = match sign(&self.spec(&read, 0), credentials) {
                Ok(signed) => self.send(&signed).await,
                Err(_) => None,
            };
            if let Some(answer) = answer {
                judge.state_read(case.steps.len(), &answer);
            }
        }
        (judge.finish(), sent_binding)
    }

    /// The request of `step`, signed now for this target.
    fn spec(&self, step: &GenStep, nonce: u64) -> RequestSpec {
        let mut spec = step.to_spec(now(), nonce);
        spec.host.clone_from(&self.host);
        if !self.region.is_empty() {
            spec.region = Some(self.region.clone());
        }
        spec
    }

    /// Sends `signed`; `None` when it cannot be sent as built.
    async fn send(&self, signed: &SignedRequest) -> Option<Answer> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        match answer_of(self.client.send(signed).await) {
            Answer::Nothing {
                why: NoAnswer::Unsendable,
                ..
            } => None,
            answer => Some(answer),
        }
    }
}
