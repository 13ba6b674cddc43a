//! One case, start to end: the state before (the mock's world in process, or a read of the
//! endpoint), the judgement (the case's expectation or the oracle's), the mock-only fault, the
//! signed request sent at the time it is signed, the checks of design §4 on what came back, the
//! state after (read through the API; on the mock, the rest of the world compared in process),
//! the restore on an endpoint, and the snapshot.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::contract::{self, Acceptable, Knowledge, World};
use crate::mock::fault_spec::Trigger;
use crate::mock::FaultSpec;
use crate::runner::answer::{Answer, NoAnswer, Observed};
use crate::runner::check::state::Change;
use crate::runner::check::{self, Basis, Judgement};
use crate::runner::config::SnapshotMode;
use crate::runner::error::RunError;
use crate::runner::exec::call::{self, answer_of};
use crate::runner::exec::{restore, state, Ctx};
use crate::runner::observed::{ObservedState, Scope};
use crate::runner::plan::{self, Planned};
use crate::runner::result::{CaseResult, Check, Finding, Outcome};
use crate::runner::snapshot;
use crate::scenario::{Case, Effect, Expected, Fault, ResolvedCase};
use crate::wire::{self, Body, Credentials, SignedRequest};

/// A finished case, and the snapshot file it wrote, if any.
pub(crate) struct CaseOutput {
    pub(crate) result: CaseResult,
    pub(crate) written: Option<PathBuf>,
}

/// Runs `case`, planned as `planned`, against the session's target.
pub(crate) async fn run_case(
    ctx: &Ctx,
    case: &Case,
    planned: Planned,
) -> Result<CaseOutput, RunError> {
    let started = Instant::now();
    let Planned {
        mut resolved,
        scope,
        params,
        ..
    } = planned;
    let credentials = ctx.credentials(&resolved.full_name);
    let (before, world) = match &ctx.mock {
        Some(service) => {
            // Every case starts from the world file's world, known here as `ctx.world`. A case
            // that changed its world leaves it to be reset the next time it runs: comparing the
            // worlds costs less than copying one.
            let pristine =
                service.inspect_world(&credentials.secret_id, |world| *world == ctx.world);
            if !pristine {
                service.reset(&credentials.secret_id);
            }
            let mut before = ObservedState::of_world(&ctx.world, &scope);
            derive_key_pairs(ctx, &scope, &mut before);
            (before, Some(&ctx.world))
        }
        None => match state::read(ctx, &credentials, &scope, true).await {
            Ok(before) => (before, None),
            Err(error) => {
                let finding = Finding::new(
                    Check::Setup,
                    "cannot read the state before the call, so the case was not sent",
                )
                .with_detail(error.message);
                let mut result = skeleton(case, started);
                result.outcome = Outcome::Fail(vec![finding]);
                result.observed = error
                    .unreachable
                    .then_some(Observed::Nothing(NoAnswer::Connect));
                return Ok(CaseOutput {
                    result,
                    written: None,
                });
            }
        },
    };
    let judgement = judgement(ctx, &resolved, world);
    if let Some(service) = &ctx.mock {
        for fault in faults(ctx, &resolved) {
            service.add_fault(&credentials.secret_id, fault);
        }
    }
    let sent = send(ctx, &mut resolved, &credentials, &judgement).await;
    if let Some(service) = &ctx.mock {
        service.clear_faults(&credentials.secret_id);
    }
    let mut result = skeleton(case, started);
    result.expected_codes = judgement.codes().collect();
    let (answer, signed, method) = match sent {
        Ok(sent) => sent,
        Err(reason) => {
            result.outcome = Outcome::Fail(vec![Finding::new(Check::Setup, reason)]);
            return Ok(CaseOutput {
                result,
                written: None,
            });
        }
    };
    let mut findings = check::transport::check(&answer, &judgement);
    let (envelope_findings, envelope) =
        check::envelope::check(resolved.action, &answer, &judgement);
    findings.extend(envelope_findings);
    let observed = check::envelope::observed(&answer, envelope.as_ref());
    findings.extend(check::outcome::check(&observed, &judgement));

    let change = Change::expected(resolved.action, params.as_ref(), &observed);
    let after = settled(ctx, &credentials, &scope, &before, &change, &resolved).await;
    if let (Some(service), Some(world), false) = (&ctx.mock, world, change == Change::Unknown) {
        // The rest of the mock's world, outside what the request can touch, compared in process
        // (and only looked at in detail when the world is not the one the case started from).
        let rest = scope.rest_of(world);
        let new = service.inspect_world(&credentials.secret_id, |now| {
            (now != world).then(|| ObservedState::of_world(now, &rest))
        });
        if let Some(new) = new {
            let old = ObservedState::of_world(world, &rest);
            findings.extend(check::state::check(&old, &new, &change, &[]));
        }
    }
    let after = match after {
        Ok((after, state_findings)) => {
            findings.extend(state_findings);
            Some(after)
        }
        Err(message) => {
            findings.push(Finding::new(
                Check::State,
                format!("cannot read the state after the call: {message}"),
            ));
            None
        }
    };
    if ctx.mock.is_none() {
        let changed = after
            .as_ref()
            .is_none_or(|after| after.instances != before.instances);
        if case.effect() != Effect::Rejected || changed {
            let force_stop = case.effect() == Effect::Disruptive;
            findings.extend(
                restore::restore(ctx, &credentials, &before, after.as_ref(), force_stop).await,
            );
        }
    }
    let rendered = snapshot::render(&answer);
    let written = snapshots(ctx, &resolved.full_name, &rendered, &mut findings)?;
    result.outcome = Outcome::from_findings(findings);
    if let Outcome::Fail(_) = result.outcome {
        result.reproducer = Some(plan::reproducer(&signed, &ctx.base_url, &method));
    }
    result.observed = Some(observed);
    result.snapshot = Some(rendered);
    result.elapsed = started.elapsed();
    Ok(CaseOutput { result, written })
}

/// The result of `case` before anything is known: skipped with no reason, to be filled in.
pub(crate) fn skeleton(case: &Case, started: Instant) -> CaseResult {
    CaseResult {
        full_name: case.full_name(),
        group: case.group().to_owned(),
        name: case.name().to_owned(),
        description: case.description().to_owned(),
        location: case.location().clone(),
        effect: case.effect(),
        action: case.action(),
        outcome: Outcome::Skipped {
            reason: String::new(),
        },
        observed: None,
        expected_codes: BTreeSet::new(),
        snapshot: None,
        reproducer: None,
        elapsed: started.elapsed(),
    }
}

/// What the answer is judged against: the case's expectation, the fault's, or the oracle's
/// (knowing the mock's whole world, or on an endpoint what the fixtures' role names imply).
fn judgement(ctx: &Ctx, resolved: &ResolvedCase, world: Option<&World>) -> Judgement {
    match &resolved.expected {
        Expected::Oracle => {
            let Some((params, source)) = resolved.oracle_input() else {
                return Judgement::Outcomes {
                    acceptable: Acceptable::default(),
                    basis: Basis::Oracle {
                        reasons: vec![
                            "the oracle cannot judge exact bytes: the case must say what it expects"
                                .to_owned(),
                        ],
                    },
                };
            };
            let knowledge = match world {
                Some(world) => Knowledge::World(world),
                None => Knowledge::Roles(&ctx.id_roles),
            };
            let action = resolved.action;
            let acceptable = contract::acceptable(action, &params, source, &knowledge);
            let reasons = contract::explain(action, &params, source, &knowledge)
                .iter()
                .map(|finding| finding.message().to_owned())
                .collect();
            Judgement::Outcomes {
                acceptable,
                basis: Basis::Oracle { reasons },
            }
        }
        Expected::Outcomes(acceptable) => Judgement::Outcomes {
            acceptable: acceptable.clone(),
            basis: match &resolved.expected_at {
                Some(at) => Basis::Case { at: at.clone() },
                None => Basis::Fault,
            },
        },
        Expected::NoResponse => Judgement::NoResponse,
        Expected::NotJson => Judgement::NotJson,
    }
}

/// The faults to inject for this case: its own, then the run's (harness self-tests).
fn faults(ctx: &Ctx, resolved: &ResolvedCase) -> Vec<FaultSpec> {
    let own = resolved.fault.as_ref().map(|fault| match fault {
        Fault::Code { code, message } => FaultSpec::ForceCode {
            code: (*code).to_owned(),
            message: message.clone(),
            trigger: Trigger::Next(1),
        },
        Fault::GarbageBody => FaultSpec::GarbageBody { count: Some(1) },
        Fault::DropConnection => FaultSpec::DropConnection { count: Some(1) },
    });
    own.into_iter().chain(ctx.injected_faults()).collect()
}

/// Signs and sends the case's request, resending (on an endpoint, within its patience) while the
/// answer is a transient code the judgement does not allow. The answer, the last request sent and
/// the HTTP method it was sent with; `Err` when the request cannot be signed.
async fn send(
    ctx: &Ctx,
    resolved: &mut ResolvedCase,
    credentials: &Credentials,
    judgement: &Judgement,
) -> Result<(Answer, SignedRequest, String), String> {
    let patience = ctx.patience();
    let mut attempt = 1;
    // The body (megabytes for a size case) moves into the last attempt's request instead of
    // being copied; nothing reads it from the case afterwards.
    let mut body = Some(std::mem::replace(&mut resolved.body, Body::Raw(Vec::new())));
    loop {
        let mut spec = plan::request_spec(
            resolved,
            &ctx.host,
            ctx.config.target.region(),
            call::now(),
            call::nonce(),
        );
        spec.body = if attempt < patience.attempts {
            body.clone()
        } else {
            body.take()
        }
        .unwrap_or(Body::Raw(Vec::new()));
        let signed = wire::sign(&spec, credentials)
            .map_err(|err| format!("the request cannot be signed: {err}"))?;
        let method = resolved
            .method
            .clone()
            .unwrap_or_else(|| signed.method().to_owned());
        ctx.count_request();
        let answer = answer_of(ctx.probe.send_as(&signed, &method).await);
        if attempt < patience.attempts && unexpected_transient(&answer, resolved, judgement) {
            attempt += 1;
            tokio::time::sleep(patience.pause).await;
            continue;
        }
        return Ok((answer, signed, method));
    }
}

fn unexpected_transient(answer: &Answer, resolved: &ResolvedCase, judgement: &Judgement) -> bool {
    let (_, envelope) = check::envelope::check(resolved.action, answer, judgement);
    let Observed::Code(code) = check::envelope::observed(answer, envelope.as_ref()) else {
        return false;
    };
    let allowed = match judgement {
        Judgement::Outcomes { acceptable, .. } => acceptable.allows_code(&code),
        _ => false,
    };
    Acceptable::is_transient(&code) && !allowed
}

/// On the embedded mock, the key-pair view of the scope derived from its instance view instead
/// of read with `DescribeKeyPairs`: the mock keeps a binding only in the instance's key list, so
/// both views come from the same data and the read would carry no information. The scope holds
/// every instance bound to the key pairs the case names or expects something of, and a binding
/// to an instance outside it shows up in the in-process comparison of the rest of the world.
fn derive_key_pairs(ctx: &Ctx, scope: &Scope, state: &mut ObservedState) {
    state.derive_key_pairs(&scope.key_ids, |key_id| {
        ctx.world.key_pairs.contains_key(key_id)
    });
}

/// The state after the call and check 7's findings on it; on an endpoint, read again (within its
/// patience) while the findings last, since a real service may apply the change late.
async fn settled(
    ctx: &Ctx,
    credentials: &Credentials,
    scope: &Scope,
    before: &ObservedState,
    change: &Change,
    resolved: &ResolvedCase,
) -> Result<(ObservedState, Vec<Finding>), String> {
    let patience = ctx.patience();
    let mut attempt = 1;
    let on_mock = ctx.mock.is_some();
    loop {
        let mut after = state::read(ctx, credentials, scope, !on_mock)
            .await
            .map_err(|error| error.message)?;
        if on_mock {
            derive_key_pairs(ctx, scope, &mut after);
        }
        let found = check::state::check(before, &after, change, &resolved.state);
        if found.is_empty() || attempt >= patience.attempts {
            return Ok((after, found));
        }
        attempt += 1;
        tokio::time::sleep(patience.pause).await;
    }
}

/// Check 8, or the new baseline: compares `rendered` with the stored snapshot (a finding when it
/// is missing or differs), or writes it when it is missing or differs.
fn snapshots(
    ctx: &Ctx,
    full_name: &str,
    rendered: &str,
    findings: &mut Vec<Finding>,
) -> Result<Option<PathBuf>, RunError> {
    let (dir, update) = match &ctx.config.snapshots {
        SnapshotMode::Off => return Ok(None),
        SnapshotMode::Compare(dir) => (dir, false),
        SnapshotMode::Update(dir) => (dir, true),
    };
    let path = snapshot::snapshot_path(dir, &snapshot::name_of(full_name));
    let stored = read_snapshot(&path)?;
    let difference = snapshot::compare(&path, stored.as_deref(), rendered);
    if !update {
        findings.extend(difference);
        return Ok(None);
    }
    if difference.is_none() {
        return Ok(None);
    }
    let write = |path: &Path| -> io::Result<()> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, snapshot::file_text(rendered))
    };
    write(&path).map_err(|source| RunError::WriteSnapshot {
        path: path.clone(),
        source,
    })?;
    Ok(Some(path))
}

fn read_snapshot(path: &Path) -> Result<Option<String>, RunError> {
    match fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(RunError::ReadSnapshot {
            path: path.to_owned(),
            source,
        }),
    }
}
