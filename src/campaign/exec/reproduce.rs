//! What a campaign hands back for a bucket besides its count: the failing request of the minimal
//! case as a redacted curl command, and as a scenario file expecting what the contract allows.

use crate::campaign::bucket::Bucket;
use crate::campaign::exec::Inner;
use crate::campaign::found::{scenario_file, FoundCase, Inexpressible};
use crate::campaign::summary::Scenario;
use crate::campaign::verdict::Trust;
use crate::contract::{Acceptable, Knowledge};
use crate::gen::{acceptable, GenCase, GenStep, Violation};
use crate::mock::{DEMO_SECRET_ID, DEMO_SECRET_KEY};
use crate::runner::TargetConfig;
use crate::wire::{sign, Credentials, SecretKey};

impl Inner {
    /// The failing request as a curl command, signature and token redacted (on the mock signed
    /// with the demo pair, which `tcconform mock` accepts).
    pub(super) fn reproducer(&self, step: &GenStep) -> Option<String> {
        let credentials = match &self.service {
            Some(_) => Credentials {
                secret_id: DEMO_SECRET_ID.to_owned(),
                secret_key: SecretKey::new(DEMO_SECRET_KEY),
                token: None,
            },
            None => self.lanes[0].clone(),
        };
        let signed = sign(&self.spec(step, 1), &credentials).ok()?;
        Some(signed.curl_redacted(&self.base_url))
    }

    /// The failing step as a scenario file expecting what the contract allows on a fresh world.
    pub(super) fn scenario(
        &self,
        bucket: Bucket,
        index: u64,
        minimal: &GenCase,
        step: &GenStep,
        violation: &Violation,
    ) -> Result<Scenario, Inexpressible> {
        let allowed: Acceptable = match self.trust {
            Trust::Model => {
                let world = self.world.try_read().map(|w| w.clone()).unwrap_or_default();
                acceptable(step, &Knowledge::World(&world))
            }
            Trust::Roles => acceptable(step, &Knowledge::Roles(&self.id_roles)),
        };
        let seed = self.config.seed.0;
        let name = format!("{}-{index}", bucket.name());
        let mut comments = vec![
            format!(
                "Found by `tcconform fuzz --seed {seed}` (case {index}, shrunk) against {}.",
                self.target_name()
            ),
            format!("{}: {violation}", bucket.title()),
        ];
        if minimal.steps.len() > 1 {
            comments.push(format!(
                "The shrunk case has {} requests; this is the one that failed. Alone, on a fresh \
                 world, it may pass: the Rust reproducer in the fuzz report has them all.",
                minimal.steps.len()
            ));
        }
        let text = scenario_file(&FoundCase {
            name,
            comments,
            step,
            id_roles: &self.id_roles,
            allowed: &allowed,
        })?;
        Ok(Scenario {
            file_name: format!("{}-seed{seed}-case{index}.toml", bucket.name()),
            text,
        })
    }

    pub(super) fn target_name(&self) -> String {
        match &self.config.target {
            TargetConfig::EmbeddedMock(embedded) => match embedded.mutant {
                Some(mutant) => format!("the embedded mock with mutant `{}`", mutant.name()),
                None => "the embedded mock".to_owned(),
            },
            TargetConfig::Endpoint(endpoint) => endpoint.url.clone(),
        }
    }
}
