//! The case generator: single requests of every kind (valid ones from the roles, boundary
//! sizes, malformed and unknown IDs, parameter faults, the three encodings and both byte styles,
//! protocol faults) and short sequences that change bindings and read them back; plus
//! [`Generator`], the seeded stream of cases a campaign runs.

use arbitrary::{Result, Unstructured};

use crate::contract::ids::IdKind;
use crate::contract::Action;
use crate::gen::case::{GenCase, GenStep};
use crate::gen::context::GenContext;
use crate::gen::ids::pick_id;
use crate::gen::params::{binding_params, describe_params, valid_binding};
use crate::gen::pick::{chance, weighted};
use crate::gen::protocol::faults;
use crate::gen::seed::Seed;
use crate::wire::{Encoding, JsonStyle, SignMethod};

/// One case read from `u`: a single request, or (when the options allow) a short sequence.
pub fn gen_case(u: &mut Unstructured<'_>, context: &GenContext) -> Result<GenCase> {
    if context.options.max_steps >= 2 && chance(u, 25)? {
        return sequence(u, context);
    }
    Ok(GenCase::new(vec![gen_step(u, context)?]))
}

/// One request read from `u`, of any action, maybe with protocol faults.
pub fn gen_step(u: &mut Unstructured<'_>, context: &GenContext) -> Result<GenStep> {
    let action = *weighted(
        u,
        &[
            (70, Action::DisassociateInstancesKeyPairs),
            (10, Action::AssociateInstancesKeyPairs),
            (10, Action::DescribeInstances),
            (10, Action::DescribeKeyPairs),
        ],
    )?;
    let params = match action {
        Action::DisassociateInstancesKeyPairs | Action::AssociateInstancesKeyPairs => {
            binding_params(u, context)?
        }
        Action::DescribeInstances | Action::DescribeKeyPairs => {
            describe_params(u, context, action)?
        }
    };
    let mut step = transport(u, GenStep::new(action, serde_json::Value::Object(params)))?;
    if context.options.protocol && chance(u, 15)? {
        step.faults = faults(u, &step, &context.options)?;
    }
    Ok(step)
}

/// The case `bytes` stand for (the fuzz targets' input); an empty case if they cannot.
pub fn case_from_bytes(bytes: &[u8], context: &GenContext) -> GenCase {
    gen_case(&mut Unstructured::new(bytes), context).unwrap_or_else(|_| GenCase::new(Vec::new()))
}

/// The seeded stream of cases of a campaign: case `index` depends only on the seed, the index
/// and the context, so any case can be replayed alone ([`Generator::case_at`]).
#[derive(Debug, Clone)]
pub struct Generator {
    seed: Seed,
    context: GenContext,
    next: u64,
}

impl Generator {
    /// The stream of `seed` over `context`, from case 0.
    pub fn new(seed: Seed, context: GenContext) -> Generator {
        Generator {
            seed,
            context,
            next: 0,
        }
    }

    /// Case `index` of the stream.
    pub fn case_at(&self, index: u64) -> GenCase {
        case_from_bytes(&self.seed.case(index).bytes(), &self.context)
    }

    /// The campaign seed.
    pub fn seed(&self) -> Seed {
        self.seed
    }
}

impl Iterator for Generator {
    type Item = (u64, GenCase);

    fn next(&mut self) -> Option<(u64, GenCase)> {
        let index = self.next;
        self.next = self.next.checked_add(1)?;
        Some((index, self.case_at(index)))
    }
}

/// The step with an encoding, a signing method and a byte style read from `u`.
fn transport(u: &mut Unstructured<'_>, mut step: GenStep) -> Result<GenStep> {
    step.encoding = *weighted(
        u,
        &[
            (60, Encoding::Json),
            (20, Encoding::Form),
            (20, Encoding::Query),
        ],
    )?;
    step.sign_method = match step.encoding {
        Encoding::Json => SignMethod::Tc3,
        Encoding::Form | Encoding::Query => *weighted(
            u,
            &[
                (50, SignMethod::Tc3),
                (25, SignMethod::HmacSha1),
                (25, SignMethod::HmacSha256),
            ],
        )?,
    };
    step.json_style = *weighted(u, &[(70, JsonStyle::Python), (30, JsonStyle::Compact)])?;
    Ok(step)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Template {
    /// Unbind, then read both sides back.
    ReadBack,
    /// Bind, read, unbind, read.
    RoundTrip,
    /// Any requests in a row.
    Random,
}

fn sequence(u: &mut Unstructured<'_>, context: &GenContext) -> Result<GenCase> {
    let template = *weighted(
        u,
        &[
            (35, Template::ReadBack),
            (35, Template::RoundTrip),
            (30, Template::Random),
        ],
    )?;
    let mut instance_ids = Vec::new();
    let mut key_ids = Vec::new();
    for _ in 0..u.int_in_range(1..=2)? {
        instance_ids.push(pick_id(u, IdKind::Instance, &context.instances)?);
    }
    for _ in 0..u.int_in_range(1..=2)? {
        key_ids.push(pick_id(u, IdKind::KeyPair, &context.keys)?);
    }
    let force_stop = chance(u, 30)?;
    let binding = |action| {
        GenStep::new(
            action,
            valid_binding(&instance_ids, &key_ids, force_stop).into(),
        )
    };
    let describe_instances = GenStep::new(
        Action::DescribeInstances,
        serde_json::json!({ "InstanceIds": instance_ids }),
    );
    let describe_keys = GenStep::new(
        Action::DescribeKeyPairs,
        serde_json::json!({ "KeyIds": key_ids }),
    );
    let plan = match template {
        Template::ReadBack => vec![
            binding(Action::DisassociateInstancesKeyPairs),
            describe_instances,
            describe_keys,
        ],
        Template::RoundTrip => vec![
            binding(Action::AssociateInstancesKeyPairs),
            describe_keys,
            binding(Action::DisassociateInstancesKeyPairs),
            describe_instances,
        ],
        Template::Random => {
            let count = u.int_in_range(2..=context.options.max_steps.max(2))?;
            let mut steps = Vec::with_capacity(count);
            for _ in 0..count {
                steps.push(gen_step(u, context)?);
            }
            return Ok(GenCase::new(steps));
        }
    };
    let mut steps = Vec::with_capacity(plan.len());
    for step in plan.into_iter().take(context.options.max_steps) {
        steps.push(transport(u, step)?);
    }
    Ok(GenCase::new(steps))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gen::context::GenOptions;

    fn context() -> GenContext {
        GenContext::default_world(GenOptions::IN_PROCESS)
    }

    #[test]
    fn the_same_seed_gives_the_same_cases() {
        let first: Vec<String> = Generator::new(Seed(42), context())
            .take(300)
            .map(|(_, case)| format!("{case:?}"))
            .collect();
        let second: Vec<String> = Generator::new(Seed(42), context())
            .take(300)
            .map(|(_, case)| format!("{case:?}"))
            .collect();
        assert_eq!(first, second);
        let other: Vec<String> = Generator::new(Seed(43), context())
            .take(300)
            .map(|(_, case)| format!("{case:?}"))
            .collect();
        assert_ne!(first, other);
        let generator = Generator::new(Seed(42), context());
        assert_eq!(format!("{:?}", generator.case_at(17)), first[17]);
    }

    #[test]
    fn v1_never_signs_json_and_sequences_respect_the_step_limit() {
        let options = GenOptions {
            max_steps: 2,
            ..GenOptions::IN_PROCESS
        };
        let generator = Generator::new(Seed(5), GenContext::default_world(options));
        let mut longest = 0;
        for (_, case) in generator.take(2000) {
            longest = longest.max(case.steps.len());
            for step in &case.steps {
                assert!(step.encoding != Encoding::Json || step.sign_method == SignMethod::Tc3);
            }
        }
        assert_eq!(longest, 2);
        let single = GenOptions {
            max_steps: 1,
            ..GenOptions::IN_PROCESS
        };
        let generator = Generator::new(Seed(5), GenContext::default_world(single));
        assert!(generator.take(500).all(|(_, case)| case.steps.len() == 1));
    }

    #[test]
    fn no_input_is_one_valid_unbind() {
        let case = case_from_bytes(&[], &context());
        assert_eq!(
            format!("{case:?}"),
            r#"GenCase::new(vec![
    GenStep::new(Action::DisassociateInstancesKeyPairs, json!({"InstanceIds": ["ins-stpdlnx1"], "KeyIds": ["skey-bound001"]})),
])"#
        );
    }
}
