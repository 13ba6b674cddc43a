//! A generated case as plain data: one or more [`GenStep`]s (a request each), run in order
//! against one world. A step turns into a [`RequestSpec`] with [`GenStep::to_spec`]; its
//! `Debug` (see `repro`) prints Rust code that rebuilds it, ready to paste into a test.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::contract::{limits, Action, ParamSource};
use crate::wire::{self, Body, Breakage, Encoding, JsonStyle, RequestSpec, SignMethod};

/// A generated case: requests sent in order to one world (a fresh one per case).
#[derive(Clone, PartialEq)]
pub struct GenCase {
    /// The requests, in order.
    pub steps: Vec<GenStep>,
}

/// One generated request.
#[derive(Clone, PartialEq)]
pub struct GenStep {
    /// The action whose rules judge the request.
    pub action: Action,
    /// The parameters, in the order to send them (any JSON: valid or not).
    pub params: Map<String, Value>,
    /// How the parameters travel.
    pub encoding: Encoding,
    /// How the request is signed (v1 only with a form or a query).
    pub sign_method: SignMethod,
    /// The SDK flavour of the bytes.
    pub json_style: JsonStyle,
    /// Deliberate protocol faults, applied in order.
    pub faults: Vec<ProtocolFault>,
}

/// A deliberate deviation from a correct request, beyond its parameters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ProtocolFault {
    /// A fault the signer injects (headers, timestamps, signatures, SecretId, raw body).
    Breakage(Breakage),
    /// Send (and sign) this action name instead of the step's.
    ActionName(String),
    /// Send (and sign) this version instead of 2017-03-12.
    Version(String),
    /// Pad the request one byte over the documented size of its encoding (GET 32 KiB in all,
    /// form POST body 1 MiB, JSON POST body 10 MiB).
    Oversize,
}

impl GenCase {
    /// A case of these steps.
    pub fn new(steps: Vec<GenStep>) -> GenCase {
        GenCase { steps }
    }
}

impl GenStep {
    /// A TC3-signed JSON request of `action` with `params` (an object; anything else gives no
    /// parameters), in the Python SDK's byte style, without faults.
    pub fn new(action: Action, params: Value) -> GenStep {
        let params = match params {
            Value::Object(params) => params,
            _ => Map::new(),
        };
        GenStep {
            action,
            params,
            encoding: Encoding::Json,
            sign_method: SignMethod::Tc3,
            json_style: JsonStyle::Python,
            faults: Vec::new(),
        }
    }

    /// This step sent with `encoding`.
    pub fn with_encoding(mut self, encoding: Encoding) -> GenStep {
        self.encoding = encoding;
        self
    }

    /// This step signed with `sign_method`.
    pub fn signed_with(mut self, sign_method: SignMethod) -> GenStep {
        self.sign_method = sign_method;
        self
    }

    /// This step in the byte style `json_style`.
    pub fn in_style(mut self, json_style: JsonStyle) -> GenStep {
        self.json_style = json_style;
        self
    }

    /// This step with one more protocol fault.
    pub fn with_fault(mut self, fault: ProtocolFault) -> GenStep {
        self.faults.push(fault);
        self
    }

    /// The request to sign at `timestamp` with `nonce`, on the default host without a region.
    pub fn to_spec(&self, timestamp: i64, nonce: u64) -> RequestSpec {
        let mut spec = self.spec_without_params(timestamp, nonce);
        if let Body::Params(params) = &mut spec.body {
            params.clone_from(&self.params);
        }
        spec
    }

    /// [`GenStep::to_spec`] with an empty parameter map where the parameters go: for signing
    /// with the step's parameters lent (`wire::sign_params_into`), not copied.
    pub(crate) fn spec_without_params(&self, timestamp: i64, nonce: u64) -> RequestSpec {
        let mut spec = RequestSpec::new(
            self.action.name(),
            timestamp,
            nonce,
            Body::Params(Map::new()),
        );
        spec.encoding = self.encoding;
        spec.sign_method = self.sign_method;
        spec.json_style = self.json_style;
        for fault in &self.faults {
            match fault {
                ProtocolFault::Breakage(breakage) => spec.breakage.push(breakage.clone()),
                ProtocolFault::ActionName(name) => spec.action.clone_from(name),
                ProtocolFault::Version(version) => spec.version.clone_from(version),
                ProtocolFault::Oversize => {
                    spec.body = Body::Raw(padded(&self.params, self.encoding, self.json_style))
                }
            }
        }
        spec
    }

    /// The parameters as the server decodes them, for the oracle: the JSON as it is, or the
    /// form or query flattened and unflattened again (string leaves); `None` when the flattened
    /// names do not decode (the server then answers `InvalidParameter`).
    pub fn server_params(&self) -> Option<(Cow<'_, Map<String, Value>>, ParamSource)> {
        match self.encoding {
            Encoding::Json => Some((Cow::Borrowed(&self.params), ParamSource::Json)),
            Encoding::Form | Encoding::Query => {
                let pairs = wire::flatten(&self.params, self.json_style);
                let params = wire::unflatten(&pairs).ok()?;
                Some((Cow::Owned(params), ParamSource::Form))
            }
        }
    }
}

/// The documented size limit of `encoding` (for GET: the whole request target).
pub fn size_limit(encoding: Encoding) -> usize {
    match encoding {
        Encoding::Json => limits::MAX_V3_POST_BODY_BYTES,
        Encoding::Form => limits::MAX_V1_POST_BODY_BYTES,
        Encoding::Query => limits::MAX_GET_REQUEST_BYTES,
    }
}

/// The parameters encoded, padded one byte over the limit of `encoding`: trailing spaces after
/// JSON, a `Padding=xxx…` parameter after a form or query (whose `/?` counts for GET).
fn padded(params: &Map<String, Value>, encoding: Encoding, style: JsonStyle) -> Vec<u8> {
    let target = size_limit(encoding) + 1;
    match encoding {
        Encoding::Json => {
            let mut bytes = wire::encode_json(params, style);
            let size = target.max(bytes.len());
            bytes.resize(size, b' ');
            bytes
        }
        Encoding::Form | Encoding::Query => {
            let mut bytes = wire::encode_pairs(&wire::flatten(params, style)).into_bytes();
            if !bytes.is_empty() {
                bytes.push(b'&');
            }
            bytes.extend_from_slice(b"Padding=");
            let fill = target.saturating_sub(bytes.len()).max(1);
            bytes.extend(std::iter::repeat_n(b'x', fill));
            bytes
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::wire::{sign, Credentials, SecretKey};

    fn credentials() -> Credentials {
        Credentials {
            secret_id: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE".into(),
            secret_key: SecretKey::new("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"),
            token: None,
        }
    }

    #[test]
    fn faults_become_spec_fields_and_breakage() {
        let step = GenStep::new(
            Action::DescribeKeyPairs,
            json!({"KeyIds": ["skey-bound001"]}),
        )
        .with_encoding(Encoding::Query)
        .signed_with(SignMethod::HmacSha256)
        .in_style(JsonStyle::Compact)
        .with_fault(ProtocolFault::ActionName("Nope".into()))
        .with_fault(ProtocolFault::Version("2020-01-01".into()))
        .with_fault(ProtocolFault::Breakage(Breakage::WrongSecret));
        let spec = step.to_spec(1_700_000_000, 7);
        assert_eq!(
            (spec.action.as_str(), spec.version.as_str()),
            ("Nope", "2020-01-01")
        );
        assert_eq!(
            (spec.encoding, spec.sign_method),
            (Encoding::Query, SignMethod::HmacSha256)
        );
        assert_eq!(spec.breakage, [Breakage::WrongSecret]);
        assert_eq!(
            GenStep::new(Action::DescribeKeyPairs, json!([1])).params,
            Map::new()
        );
    }

    #[test]
    fn oversize_goes_one_byte_over_each_limit() {
        let params = json!({"InstanceIds": ["ins-stpdlnx1"], "KeyIds": ["skey-bound001"]});
        for (encoding, sign_method) in [
            (Encoding::Json, SignMethod::Tc3),
            (Encoding::Form, SignMethod::HmacSha1),
            (Encoding::Query, SignMethod::Tc3),
        ] {
            let step = GenStep::new(Action::DisassociateInstancesKeyPairs, params.clone())
                .with_encoding(encoding)
                .signed_with(sign_method)
                .with_fault(ProtocolFault::Oversize);
            let signed = sign(&step.to_spec(1_700_000_000, 1), &credentials()).unwrap();
            let size = match encoding {
                Encoding::Query => signed.path_and_query().len(),
                _ => signed.body().len(),
            };
            assert!(size > size_limit(encoding), "{encoding:?}: {size}");
            assert!(size < size_limit(encoding) + 1024, "{encoding:?}: {size}");
        }
    }

    #[test]
    fn signing_with_lent_params_is_signing_the_spec() {
        use crate::gen::{case_from_bytes, GenContext, GenOptions, Seed};
        use crate::wire::sign_params_into;
        use crate::wire::SignedRequest;
        let context = GenContext::default_world(GenOptions::IN_PROCESS);
        let mut steps = 0;
        for index in 0..300 {
            let case = case_from_bytes(&Seed(11).case(index).bytes(), &context);
            for step in &case.steps {
                let whole = sign(&step.to_spec(1_700_000_000, 3), &credentials());
                let mut lent = SignedRequest::empty();
                let lent = sign_params_into(
                    &step.spec_without_params(1_700_000_000, 3),
                    Some(&step.params),
                    &credentials(),
                    &mut lent,
                )
                .map(|()| lent);
                let text = |result: Result<_, crate::wire::WireError>| {
                    result.map_err(|error| error.to_string())
                };
                assert_eq!(text(whole), text(lent), "{step:?}");
                steps += 1;
            }
        }
        assert!(steps >= 300, "{steps}");
    }

    #[test]
    fn server_params_are_what_the_form_carries() {
        let step = GenStep::new(
            Action::DisassociateInstancesKeyPairs,
            json!({"InstanceIds": [], "KeyIds": ["skey-bound001", 3], "ForceStop": null}),
        );
        assert_eq!(step.server_params().unwrap().1, ParamSource::Json);
        let form_step = step.with_encoding(Encoding::Form);
        let form = form_step.server_params().unwrap();
        assert_eq!(
            Value::Object(form.0.into_owned()),
            json!({"KeyIds": ["skey-bound001", "3"]})
        );
        let clash = GenStep::new(Action::DescribeKeyPairs, json!({"A.0": "x", "A": ["y"]}))
            .with_encoding(Encoding::Query);
        assert_eq!(clash.server_params(), None);
    }
}
