//! Running a suite for real (features `client` and `server`): a [`Session`] starts the target
//! (the embedded mock on 127.0.0.1:0 with one SecretId per case, or clients for an endpoint),
//! runs the cases that may run concurrently up to the concurrency limit (on an endpoint never two
//! whose scopes overlap, as `runner::schedule` decides), then those that may change an endpoint's
//! fixtures one at a time, and gathers a [`Report`] in suite order.

mod call;
mod case;
mod restore;
mod state;

use std::collections::{BTreeMap, HashMap};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Map};
use tokio::task::{JoinError, JoinSet};

use crate::client::{Client, ClientConfig};
use crate::contract::{Action, World};
use crate::mock::http::{spawn, MockHandle};
use crate::mock::{demo_credentials, FaultSpec, MockConfig, MockService, DEMO_SECRET_KEY};
use crate::runner::config::{Patience, RunConfig, SnapshotMode, TargetConfig};
use crate::runner::error::RunError;
use crate::runner::plan::{self, Phase, Planned};
use crate::runner::result::{CaseResult, Outcome, Report};
use crate::runner::schedule::{Job, Scheduler};
use crate::scenario::{Case, ResolvedCase, Suite};
use crate::wire::{Credentials, SecretKey};
pub(crate) use call::{answer_of, now};

use case::{run_case, skeleton, CaseOutput};

/// The largest response body read (a `DescribeInstances` of 100 instances is far smaller).
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// A started target, ready to run suites.
#[derive(Debug)]
pub struct Session {
    ctx: Arc<Ctx>,
    mock: Option<MockHandle>,
}

/// What every case of a session shares.
#[derive(Debug)]
pub(crate) struct Ctx {
    pub(crate) config: RunConfig,
    /// The embedded mock's service (`None` on an endpoint).
    pub(crate) mock: Option<Arc<MockService>>,
    /// Sends the cases' own requests: no retry on the mock, where every attempt is an observation.
    pub(crate) probe: Client,
    /// Sends the harness's reads and restores, with retries.
    pub(crate) support: Client,
    pub(crate) base_url: String,
    pub(crate) host: String,
    /// ID → role on the target (the oracle's knowledge on an endpoint).
    pub(crate) id_roles: BTreeMap<String, String>,
    /// The world the target is known to start from (`plan::target_world`): cases are planned
    /// with it, and on the embedded mock it is every case's world before its call.
    pub(crate) world: World,
    /// The SecretId of each case the embedded mock accepts, by case (hashed once, at the start).
    registered: HashMap<String, String>,
    /// Requests sent so far (the cases' own, state reads, restores).
    requests: AtomicUsize,
}

impl Ctx {
    /// How patient to be with the target: not at all with the mock.
    pub(crate) fn patience(&self) -> Patience {
        match &self.config.target {
            TargetConfig::EmbeddedMock(_) => Patience {
                attempts: 1,
                pause: Duration::ZERO,
            },
            TargetConfig::Endpoint(endpoint) => Patience {
                attempts: endpoint.patience.attempts.max(1),
                pause: endpoint.patience.pause,
            },
        }
    }

    /// The credentials the case `full_name` is signed with: its own SecretId (registered when the
    /// session started) and the demo key on the embedded mock, the configured ones on an endpoint.
    pub(crate) fn credentials(&self, full_name: &str) -> Credentials {
        match self.registered.get(full_name) {
            Some(secret_id) => Credentials {
                secret_id: secret_id.clone(),
                secret_key: SecretKey::new(DEMO_SECRET_KEY),
                token: None,
            },
            None => plan::case_credentials(&self.config.target, full_name),
        }
    }

    /// Counts one request about to be sent.
    pub(crate) fn count_request(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    /// The run's own faults, injected on every case (the embedded mock only).
    pub(crate) fn injected_faults(&self) -> Vec<FaultSpec> {
        match &self.config.target {
            TargetConfig::EmbeddedMock(mock) => mock.faults.clone(),
            TargetConfig::Endpoint(_) => Vec::new(),
        }
    }
}

impl Session {
    /// Starts the target of `config` for the cases of `suite`: on the embedded mock, every case's
    /// SecretId is registered (the demo pair too); on an endpoint, one read (`DescribeInstances`
    /// with `Limit` 1) checks that it can be reached and accepts the credentials.
    pub async fn start(config: &RunConfig, suite: &Suite) -> Result<Session, RunError> {
        let mut registered: HashMap<String, String> = HashMap::new();
        let (mock, base_url) = match &config.target {
            TargetConfig::EmbeddedMock(embedded) => {
                let mut credentials = demo_credentials();
                let mut owners: HashMap<String, String> = HashMap::new();
                for case in suite {
                    let secret_id = plan::case_secret_id(&case.full_name());
                    if let Some(first) = owners.insert(secret_id.clone(), case.full_name()) {
                        return Err(RunError::SecretIdClash {
                            first,
                            second: case.full_name(),
                        });
                    }
                    registered.insert(case.full_name(), secret_id.clone());
                    credentials.push((secret_id, DEMO_SECRET_KEY.to_owned()));
                }
                let config = MockConfig {
                    world_template: embedded.world.clone(),
                    credentials,
                    mutant: embedded.mutant,
                };
                let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
                let handle = spawn(config, addr).await.map_err(RunError::Mock)?;
                let url = handle.url();
                (Some(handle), url)
            }
            TargetConfig::Endpoint(endpoint) => {
                (None, endpoint.url.trim_end_matches('/').to_owned())
            }
        };
        let endpoint = matches!(config.target, TargetConfig::Endpoint(_));
        let client = |retries: u32, retry_throttled: bool| {
            Client::new(ClientConfig {
                base_url: base_url.clone(),
                timeout: config.timeout,
                connect_timeout: config.timeout.min(Duration::from_secs(10)),
                max_body_bytes: MAX_BODY_BYTES,
                concurrency: config.concurrency.max(1),
                rate_per_second: None,
                retries,
                backoff: Duration::from_millis(200),
                retry_throttled,
            })
            .map_err(RunError::Client)
        };
        // On the mock every attempt of a case's request is an observation: no retry. The mock
        // throttles only when a case asks it to, so the harness's own calls need not read every
        // answer for throttling codes either.
        let probe = if endpoint {
            client(2, true)?
        } else {
            client(0, false)?
        };
        let support = client(2, endpoint)?;
        let roles = config.target.roles();
        let id_roles = roles
            .iter()
            .map(|(role, id)| (id.clone(), role.clone()))
            .collect();
        let ctx = Ctx {
            config: config.clone(),
            mock: mock.as_ref().map(|handle| Arc::clone(handle.service())),
            probe,
            support,
            host: plan::host_of(&base_url).unwrap_or_default().to_owned(),
            base_url,
            id_roles,
            world: plan::target_world(&config.target),
            registered,
            requests: AtomicUsize::new(0),
        };
        if let TargetConfig::Endpoint(endpoint) = &config.target {
            let mut params = Map::new();
            params.insert("Limit".to_owned(), json!(1));
            let probe = call::call(
                &ctx,
                &endpoint.credentials,
                Action::DescribeInstances,
                params,
            );
            if let Err(error) = probe.await {
                let url = ctx.base_url.clone();
                let refused = error
                    .code
                    .as_deref()
                    .is_some_and(|code| code.starts_with("AuthFailure"));
                if error.unreachable {
                    return Err(RunError::Unreachable {
                        url,
                        reason: error.message,
                    });
                }
                if refused {
                    return Err(RunError::Credentials {
                        url,
                        reason: error.message,
                    });
                }
            }
        }
        Ok(Session {
            ctx: Arc::new(ctx),
            mock,
        })
    }

    /// The target's base URL (the embedded mock's `http://127.0.0.1:PORT`).
    pub fn base_url(&self) -> &str {
        &self.ctx.base_url
    }

    /// The client that sends the cases' requests, for measurements against the same target.
    pub fn client(&self) -> &Client {
        &self.ctx.probe
    }

    /// Runs every case of `suite` and reports; `observer` sees each result as it is known.
    pub async fn run(
        &self,
        suite: &Suite,
        observer: &mut dyn FnMut(&CaseResult),
    ) -> Result<Report, RunError> {
        let started = Instant::now();
        let requests_before = self.ctx.requests.load(Ordering::Relaxed);
        let mut slots: Vec<Option<CaseResult>> = vec![None; suite.len()];
        let mut written = Vec::new();
        let mut concurrent = Vec::new();
        let mut serial = Vec::new();
        for (index, case) in suite.cases().iter().enumerate() {
            let planned = match plan::plan(case, &self.ctx.config, &self.ctx.world) {
                Ok(planned) => planned,
                Err(reason) => {
                    let mut result = skeleton(case, Instant::now());
                    result.outcome = Outcome::Skipped { reason };
                    observer(&result);
                    slots[index] = Some(result);
                    continue;
                }
            };
            if self.mock.is_some()
                && !self
                    .ctx
                    .registered
                    .contains_key(&planned.resolved.full_name)
            {
                return Err(RunError::Unregistered(case.full_name()));
            }
            let phase = planned.phase;
            let entry = (index, case.clone(), planned);
            match phase {
                Phase::Concurrent => concurrent.push(entry),
                Phase::Serial => serial.push(entry),
            }
        }
        let mut sink = Sink {
            slots: &mut slots,
            written: &mut written,
            observer,
        };
        self.run_concurrently(concurrent, &mut sink).await?;
        for (index, case, planned) in serial {
            let output = run_case(&self.ctx, &case, planned).await?;
            sink.take(index, output);
        }
        let snapshot_dir = match &self.ctx.config.snapshots {
            SnapshotMode::Off => None,
            SnapshotMode::Compare(dir) | SnapshotMode::Update(dir) => Some(dir.clone()),
        };
        let target = match &self.ctx.config.target {
            TargetConfig::EmbeddedMock(_) => format!("the embedded mock at {}", self.ctx.base_url),
            TargetConfig::Endpoint(_) => self.ctx.base_url.clone(),
        };
        Ok(Report {
            target,
            profile: self.ctx.config.target.profile().map(str::to_owned),
            snapshot_dir,
            cases: slots.into_iter().flatten().collect(),
            snapshots_written: written,
            requests: self.ctx.requests.load(Ordering::Relaxed) - requests_before,
            elapsed: started.elapsed(),
        })
    }

    async fn run_concurrently(
        &self,
        cases: Vec<(usize, Case, Planned)>,
        sink: &mut Sink<'_>,
    ) -> Result<(), RunError> {
        // Against an endpoint the cases share one world: two whose scopes overlap never run at
        // the same time, or a change one of them caused would be reported by the other too.
        let shared_world = self.ctx.mock.is_none();
        let jobs = cases
            .iter()
            .map(|(index, _, planned)| Job {
                id: *index,
                scope: planned.scope.clone(),
                cost: body_size(&planned.resolved),
            })
            .collect();
        let mut scheduler = Scheduler::new(jobs, self.ctx.config.concurrency, shared_world);
        let mut cases: HashMap<usize, (Case, Planned)> = cases
            .into_iter()
            .map(|(index, case, planned)| (index, (case, planned)))
            .collect();
        let mut tasks = JoinSet::new();
        loop {
            while let Some(index) = scheduler.start_next() {
                let Some((case, planned)) = cases.remove(&index) else {
                    continue;
                };
                let ctx = Arc::clone(&self.ctx);
                tasks.spawn(async move { (index, run_case(&ctx, &case, planned).await) });
            }
            let Some(done) = tasks.join_next().await else {
                // Nothing in flight: every case has been handed out and has ended.
                debug_assert!(scheduler.is_drained());
                return Ok(());
            };
            let index = sink.take_joined(done)?;
            scheduler.finish(index);
        }
    }

    /// Stops the embedded mock (nothing to stop on an endpoint).
    pub async fn shutdown(self) -> Result<(), RunError> {
        let Session { ctx, mock } = self;
        drop(ctx);
        match mock {
            Some(handle) => handle.shutdown().await.map_err(RunError::Mock),
            None => Ok(()),
        }
    }
}

/// The size of the request a case sends (its body, or its parameters' JSON).
fn body_size(resolved: &ResolvedCase) -> usize {
    match &resolved.body {
        crate::wire::Body::Raw(bytes) => bytes.len(),
        crate::wire::Body::Params(params) => params.len(),
    }
}

/// Where finished cases go: their slot in suite order, the snapshot files written, the observer.
struct Sink<'a> {
    slots: &'a mut [Option<CaseResult>],
    written: &'a mut Vec<PathBuf>,
    observer: &'a mut dyn FnMut(&CaseResult),
}

impl Sink<'_> {
    fn take(&mut self, index: usize, output: CaseOutput) {
        (self.observer)(&output.result);
        self.written.extend(output.written);
        self.slots[index] = Some(output.result);
    }

    /// Takes a finished task's case; its index.
    fn take_joined(
        &mut self,
        done: Result<(usize, Result<CaseOutput, RunError>), JoinError>,
    ) -> Result<usize, RunError> {
        let (index, output) = done.map_err(|err| RunError::Task(err.to_string()))?;
        self.take(index, output?);
        Ok(index)
    }
}

/// Starts the target, runs `suite`, stops the target.
pub async fn run(
    suite: &Suite,
    config: &RunConfig,
    observer: &mut dyn FnMut(&CaseResult),
) -> Result<Report, RunError> {
    let session = Session::start(config, suite).await?;
    let report = session.run(suite, observer).await;
    let stopped = session.shutdown().await;
    let report = report?;
    stopped?;
    Ok(report)
}

/// [`run`] on a runtime of its own, for callers that are not async.
pub fn run_blocking(
    suite: &Suite,
    config: &RunConfig,
    observer: &mut dyn FnMut(&CaseResult),
) -> Result<Report, RunError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(RunError::Runtime)?;
    runtime.block_on(run(suite, config, observer))
}
