//! Parsing API parameters into typed requests, with every problem typed and mapped to the code(s) it
//! yields: unknown name, missing, wrong JSON type, null, bad value.
//!
//! Two entry points share one pass: [`parse_params`] finds every problem (the oracle needs them all)
//! and [`parse_request`] returns the first, in the documented order (the service needs one).

use serde_json::{Map, Value};

use crate::contract::action::Action;
use crate::contract::limits;
use crate::contract::model::{
    AssociateInstancesKeyPairs, DescribeInstances, DescribeKeyPairs, DisassociateInstancesKeyPairs,
    Filter, Request,
};
use crate::contract::plain::{PlainParams, PlainValue};
use crate::contract::read::Reader;

/// Where the parameters came from, which decides how leaves are typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamSource {
    /// A v3 JSON body: leaves carry JSON types (a boolean is `true`, a number is a number).
    Json,
    /// A v1 form body or a GET query, unflattened by the wire layer: every leaf is a string
    /// (booleans as `true`/`false`/`True`/`False`, integers in decimal); `Name.N` lists are arrays.
    /// The v1 common parameters ([`V1_COMMON_PARAMETERS`]) are ignored if still present.
    Form,
}

/// The v1 common parameters, which share the form with the action's own parameters.
pub const V1_COMMON_PARAMETERS: &[&str] = &[
    "Action",
    "Version",
    "Region",
    "Timestamp",
    "Nonce",
    "SecretId",
    "Signature",
    "SignatureMethod",
    "Token",
    "Language",
    "RequestClient",
];

/// What is wrong with a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// A name the action does not define.
    Unknown,
    /// A required parameter is absent.
    Missing,
    /// A value of the wrong JSON type (a string for a list, a number for a boolean, …).
    WrongType,
    /// An explicit `null`; `required` says whether the parameter is required.
    Null {
        /// Whether the parameter is required (then `MissingParameter` is accepted too).
        required: bool,
    },
    /// A required list is empty. The documentation is silent; `MissingParameter` is answered.
    EmptyList,
    /// A `Filters` entry that is not `{"Name": string, "Values": [string]}`.
    BadFilter,
    /// `Offset` is negative or does not fit.
    BadOffset,
    /// `Limit` is negative, above 100 or does not fit.
    BadLimit,
}

/// A problem with one parameter. `code()` is the deterministic answer; `acceptable_codes()` every
/// documented answer the oracle accepts for it (the first is `code()`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("parameter `{parameter}`: {message}")]
pub struct ParamProblem {
    action: Action,
    parameter: String,
    message: String,
    kind: ProblemKind,
}

impl ParamProblem {
    pub(crate) fn new(
        action: Action,
        parameter: impl Into<String>,
        kind: ProblemKind,
        message: String,
    ) -> Self {
        ParamProblem {
            action,
            parameter: parameter.into(),
            message,
            kind,
        }
    }

    /// The parameter's name, with an index or field for nested values (`InstanceIds.2`, `Filters.0.Name`).
    pub fn parameter(&self) -> &str {
        &self.parameter
    }

    /// What is wrong, in words.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// What is wrong, as a kind.
    pub fn kind(&self) -> ProblemKind {
        self.kind
    }

    /// The action whose parameters were parsed.
    pub fn action(&self) -> Action {
        self.action
    }

    /// The code the deterministic service answers.
    pub fn code(&self) -> &'static str {
        self.acceptable_codes()[0]
    }

    /// Every documented code a server may answer for this problem, `code()` first.
    pub fn acceptable_codes(&self) -> &'static [&'static str] {
        use crate::contract::codes::*;
        let key_pairs = self.action == Action::DescribeKeyPairs;
        match self.kind {
            ProblemKind::Unknown => &[UNKNOWN_PARAMETER],
            ProblemKind::Missing => &[MISSING_PARAMETER],
            ProblemKind::WrongType => &[INVALID_PARAMETER, INVALID_PARAMETER_VALUE],
            ProblemKind::Null { required: true } => &[
                INVALID_PARAMETER,
                INVALID_PARAMETER_VALUE,
                MISSING_PARAMETER,
            ],
            ProblemKind::Null { required: false } => &[INVALID_PARAMETER, INVALID_PARAMETER_VALUE],
            ProblemKind::EmptyList => &[MISSING_PARAMETER, INVALID_PARAMETER_VALUE],
            ProblemKind::BadFilter => &[
                INVALID_PARAMETER,
                INVALID_PARAMETER_VALUE,
                INVALID_FILTER,
                UNKNOWN_PARAMETER,
                MISSING_PARAMETER,
            ],
            ProblemKind::BadOffset if key_pairs => {
                &[INVALID_PARAMETER_VALUE, INVALID_PARAMETER_VALUE_OFFSET]
            }
            ProblemKind::BadOffset => &[INVALID_PARAMETER_VALUE],
            ProblemKind::BadLimit if key_pairs => &[
                INVALID_PARAMETER_VALUE,
                INVALID_PARAMETER_VALUE_LIMIT,
                INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED,
            ],
            ProblemKind::BadLimit => &[
                INVALID_PARAMETER_VALUE,
                INVALID_PARAMETER_VALUE_LIMIT_EXCEEDED,
            ],
        }
    }
}

/// What a lenient pass over the parameters found: every problem, in precedence order, and each
/// field that parsed (a field is `None` when absent or of the wrong type). The ID lists borrow
/// from the parameters, which are read several times per request and copied by none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedParams<'a> {
    /// Every problem, in the order [`parse_request`] documents.
    pub problems: Vec<ParamProblem>,
    /// `InstanceIds`, duplicates kept.
    pub instance_ids: Option<Vec<&'a str>>,
    /// `KeyIds`, duplicates kept.
    pub key_ids: Option<Vec<&'a str>>,
    /// `ForceStop`.
    pub force_stop: Option<bool>,
    /// `Filters`.
    pub filters: Option<Vec<Filter>>,
    /// `Offset`.
    pub offset: Option<i64>,
    /// `Limit`.
    pub limit: Option<i64>,
}

/// The most parameters any action defines (see [`parameters`]).
const MAX_PARAMETERS: usize = 4;

/// The parameters `action` defines, in the SDK's order, with whether each is required.
pub fn parameters(action: Action) -> &'static [(&'static str, bool)] {
    match action {
        Action::DisassociateInstancesKeyPairs | Action::AssociateInstancesKeyPairs => &[
            ("InstanceIds", true),
            ("KeyIds", true),
            ("ForceStop", false),
        ],
        Action::DescribeInstances => &[
            ("InstanceIds", false),
            ("Filters", false),
            ("Offset", false),
            ("Limit", false),
        ],
        Action::DescribeKeyPairs => &[
            ("KeyIds", false),
            ("Filters", false),
            ("Offset", false),
            ("Limit", false),
        ],
    }
}

/// Parse `params` of `action` into a typed request, or the first problem. Problems are ordered:
/// 1. names the action does not define (`UnknownParameter`), in the order given;
/// 2. missing required parameters (`MissingParameter`), in the action's parameter order;
/// 3. wrong types and nulls (`InvalidParameter`), in parameter order, first bad element of each;
/// 4. bad values, in parameter order: an empty required list (`MissingParameter`), a negative
///    `Offset`, a `Limit` outside 0..=100 (`InvalidParameterValue`).
pub fn parse_request(
    action: Action,
    params: &Map<String, Value>,
    source: ParamSource,
) -> Result<Request, ParamProblem> {
    let parsed = parse_params(action, params, source);
    if let Some(problem) = parsed.problems.into_iter().next() {
        return Err(problem);
    }
    let request = match action {
        Action::DisassociateInstancesKeyPairs => {
            Request::DisassociateInstancesKeyPairs(DisassociateInstancesKeyPairs {
                instance_ids: owned(parsed.instance_ids).unwrap_or_default(),
                key_ids: owned(parsed.key_ids).unwrap_or_default(),
                force_stop: parsed.force_stop,
            })
        }
        Action::AssociateInstancesKeyPairs => {
            Request::AssociateInstancesKeyPairs(AssociateInstancesKeyPairs {
                instance_ids: owned(parsed.instance_ids).unwrap_or_default(),
                key_ids: owned(parsed.key_ids).unwrap_or_default(),
                force_stop: parsed.force_stop,
            })
        }
        Action::DescribeInstances => Request::DescribeInstances(DescribeInstances {
            instance_ids: owned(parsed.instance_ids),
            filters: parsed.filters,
            offset: parsed.offset,
            limit: parsed.limit,
        }),
        Action::DescribeKeyPairs => Request::DescribeKeyPairs(DescribeKeyPairs {
            key_ids: owned(parsed.key_ids),
            filters: parsed.filters,
            offset: parsed.offset,
            limit: parsed.limit,
        }),
    };
    Ok(request)
}

/// An ID list as the typed requests own it.
pub(crate) fn owned(ids: Option<Vec<&str>>) -> Option<Vec<String>> {
    ids.map(|ids| ids.into_iter().map(str::to_owned).collect())
}

/// Parse `params` of `action` leniently: every problem, and every field that could be read.
pub fn parse_params(
    action: Action,
    params: &Map<String, Value>,
    source: ParamSource,
) -> ParsedParams<'_> {
    let definitions = parameters(action);
    let mut parsed = ParsedParams::default();
    // One pass over the given names finds each defined parameter's value (a map holds a name at
    // most once), rather than one hashed lookup per definition and stage.
    let mut given: [Option<&Value>; MAX_PARAMETERS] = [None; MAX_PARAMETERS];
    for (name, value) in params {
        let defined = definitions.iter().position(|(defined, _)| defined == name);
        if let Some(at) = defined {
            given[at] = Some(value);
            continue;
        }
        let common = source == ParamSource::Form && V1_COMMON_PARAMETERS.contains(&name.as_str());
        if !common {
            let message = "the action does not define this parameter".to_owned();
            parsed.problems.push(ParamProblem::new(
                action,
                name,
                ProblemKind::Unknown,
                message,
            ));
        }
    }
    for ((name, required), value) in definitions.iter().zip(given) {
        if *required && value.is_none() {
            let message = "a required parameter is missing".to_owned();
            parsed.problems.push(ParamProblem::new(
                action,
                *name,
                ProblemKind::Missing,
                message,
            ));
        }
    }
    let reader = Reader { action, source };
    for ((name, required), value) in definitions.iter().zip(given) {
        let Some(value) = value else {
            continue;
        };
        let result = match *name {
            "InstanceIds" => reader
                .string_list(name, value, *required)
                .map(|ids| parsed.instance_ids = Some(ids)),
            "KeyIds" => reader
                .string_list(name, value, *required)
                .map(|ids| parsed.key_ids = Some(ids)),
            "ForceStop" => reader
                .boolean(name, value)
                .map(|flag| parsed.force_stop = Some(flag)),
            "Filters" => reader
                .filters(name, value)
                .map(|filters| parsed.filters = Some(filters)),
            "Offset" => reader
                .integer(name, value)
                .map(|offset| parsed.offset = Some(offset)),
            _ => reader
                .integer(name, value)
                .map(|limit| parsed.limit = Some(limit)),
        };
        if let Err(problem) = result {
            parsed.problems.push(problem);
        }
    }
    parsed.problems.extend(field_value_problems(
        action,
        parsed.instance_ids.as_deref(),
        parsed.key_ids.as_deref(),
        parsed.offset,
        parsed.limit,
    ));
    parsed
}

/// What [`parse_params`] makes of `plain.to_map()` when it finds no problem at all, taken from the
/// plain parameters without building a JSON map or copying a list; `plain` back when there is any
/// problem (an unknown name, a missing parameter, a wrong type, an empty required list) or a
/// parameter plain values cannot hold. Then the general path finds and orders every problem.
pub fn parse_clean<'a>(
    action: Action,
    plain: PlainParams<'a>,
) -> Result<ParsedParams<'a>, PlainParams<'a>> {
    if !is_clean(action, &plain) {
        return Err(plain);
    }
    let mut parsed = ParsedParams::default();
    for (name, value) in plain.into_entries() {
        match (name, value) {
            ("InstanceIds", PlainValue::Texts(ids)) => parsed.instance_ids = Some(ids),
            ("KeyIds", PlainValue::Texts(ids)) => parsed.key_ids = Some(ids),
            ("ForceStop", PlainValue::Flag(flag)) => parsed.force_stop = Some(flag),
            // `is_clean` let nothing else through.
            _ => {}
        }
    }
    Ok(parsed)
}

/// Whether `plain` has no problem and only parameters plain values hold (see [`parse_clean`]).
fn is_clean(action: Action, plain: &PlainParams<'_>) -> bool {
    let definitions = parameters(action);
    let mut given: [Option<&PlainValue<'_>>; MAX_PARAMETERS] = [None; MAX_PARAMETERS];
    for (name, value) in plain.entries() {
        let Some(at) = definitions.iter().position(|(defined, _)| defined == name) else {
            return false;
        };
        given[at] = Some(value);
    }
    let binding = matches!(
        action,
        Action::DisassociateInstancesKeyPairs | Action::AssociateInstancesKeyPairs
    );
    definitions
        .iter()
        .zip(given)
        .all(|((name, required), value)| match (*name, value) {
            (_, None) => !required,
            // A binding action's empty list is a problem (see `field_value_problems`).
            ("InstanceIds" | "KeyIds", Some(PlainValue::Texts(ids))) => {
                !(binding && ids.is_empty())
            }
            ("ForceStop", Some(PlainValue::Flag(_))) => true,
            _ => false,
        })
}

/// The bad-value problems of a typed request (stage 4 of [`parse_request`]), for requests built by
/// hand rather than parsed.
pub fn value_problems(request: &Request) -> Vec<ParamProblem> {
    let action = request.action();
    match request {
        Request::DisassociateInstancesKeyPairs(_) | Request::AssociateInstancesKeyPairs(_) => {
            let binding = request.binding().expect("a binding action");
            field_value_problems(
                action,
                Some(binding.instance_ids),
                Some(binding.key_ids),
                None,
                None,
            )
        }
        Request::DescribeInstances(describe) => {
            field_value_problems::<String>(action, None, None, describe.offset, describe.limit)
        }
        Request::DescribeKeyPairs(describe) => {
            field_value_problems::<String>(action, None, None, describe.offset, describe.limit)
        }
    }
}

fn field_value_problems<S>(
    action: Action,
    instance_ids: Option<&[S]>,
    key_ids: Option<&[S]>,
    offset: Option<i64>,
    limit: Option<i64>,
) -> Vec<ParamProblem> {
    let mut problems = Vec::new();
    let binding = matches!(
        action,
        Action::DisassociateInstancesKeyPairs | Action::AssociateInstancesKeyPairs
    );
    for (name, list) in [("InstanceIds", instance_ids), ("KeyIds", key_ids)] {
        if binding && list.is_some_and(<[S]>::is_empty) {
            let message = "the list is empty".to_owned();
            problems.push(ParamProblem::new(
                action,
                name,
                ProblemKind::EmptyList,
                message,
            ));
        }
    }
    if let Some(offset) = offset.filter(|offset| *offset < 0) {
        let message = format!("must not be negative, found {offset}");
        problems.push(ParamProblem::new(
            action,
            "Offset",
            ProblemKind::BadOffset,
            message,
        ));
    }
    if let Some(limit) = limit.filter(|limit| !(0..=limits::DESCRIBE_LIMIT_MAX).contains(limit)) {
        let message = format!(
            "must be between 0 and {}, found {limit}",
            limits::DESCRIBE_LIMIT_MAX
        );
        problems.push(ParamProblem::new(
            action,
            "Limit",
            ProblemKind::BadLimit,
            message,
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;
    use crate::contract::codes;

    #[test]
    fn no_action_defines_more_than_max_parameters() {
        for action in Action::ALL {
            assert!(parameters(*action).len() <= MAX_PARAMETERS, "{action:?}");
        }
    }

    fn map(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        }
    }

    #[track_caller]
    fn problem(action: Action, params: Value, source: ParamSource) -> ParamProblem {
        let problem = parse_request(action, &map(params), source).unwrap_err();
        for code in problem.acceptable_codes() {
            assert!(codes::is_documented(Some(action), code), "{code}");
        }
        assert_eq!(problem.code(), problem.acceptable_codes()[0]);
        problem
    }

    const DISASSOCIATE: Action = Action::DisassociateInstancesKeyPairs;

    #[test]
    fn documented_example_parses() {
        let params = json!({"InstanceIds": ["ins-w34e5rl9"], "KeyIds": ["skey-e3r6y7ji"]});
        let request = parse_request(DISASSOCIATE, &map(params.clone()), ParamSource::Json).unwrap();
        assert_eq!(
            request,
            Request::DisassociateInstancesKeyPairs(DisassociateInstancesKeyPairs {
                instance_ids: vec!["ins-w34e5rl9".into()],
                key_ids: vec!["skey-e3r6y7ji".into()],
                force_stop: None,
            })
        );
        assert_eq!(Value::Object(request.to_params()), params);
    }

    #[test]
    fn form_booleans_and_common_parameters() {
        for (text, flag) in [
            ("true", true),
            ("True", true),
            ("false", false),
            ("False", false),
        ] {
            let params = json!({"InstanceIds": ["ins-w34e5rl9"], "KeyIds": ["skey-e3r6y7ji"],
                "ForceStop": text, "Action": "DisassociateInstancesKeyPairs", "Nonce": "11886"});
            let request = parse_request(DISASSOCIATE, &map(params), ParamSource::Form).unwrap();
            assert_eq!(request.binding().unwrap().force_stop, flag);
        }
        let params = json!({"InstanceIds": ["ins-w34e5rl9"], "KeyIds": ["skey-e3r6y7ji"], "ForceStop": "yes"});
        let found = problem(DISASSOCIATE, params, ParamSource::Form);
        assert_eq!(
            (found.parameter(), found.code()),
            ("ForceStop", codes::INVALID_PARAMETER)
        );
        // In JSON, common parameters travel in headers: in the body they are unknown.
        let params = json!({"InstanceIds": ["ins-w34e5rl9"], "KeyIds": ["skey-e3r6y7ji"], "Region": "ap-guangzhou"});
        assert_eq!(
            problem(DISASSOCIATE, params, ParamSource::Json).code(),
            codes::UNKNOWN_PARAMETER
        );
    }

    #[test]
    fn missing_unknown_and_their_order() {
        let found = problem(
            DISASSOCIATE,
            json!({"InstanceIds": ["ins-w34e5rl9"]}),
            ParamSource::Json,
        );
        assert_eq!(
            (found.parameter(), found.code()),
            ("KeyIds", codes::MISSING_PARAMETER)
        );
        assert_eq!(
            found.to_string(),
            "parameter `KeyIds`: a required parameter is missing"
        );
        let params = json!({"instanceIds": ["ins-w34e5rl9"], "KeyIds": ["skey-e3r6y7ji"]});
        let object = map(params.clone());
        let parsed = parse_params(DISASSOCIATE, &object, ParamSource::Json);
        let found: Vec<_> = parsed
            .problems
            .iter()
            .map(|p| (p.parameter(), p.code()))
            .collect();
        assert_eq!(
            found,
            [
                ("instanceIds", codes::UNKNOWN_PARAMETER),
                ("InstanceIds", codes::MISSING_PARAMETER)
            ]
        );
        assert_eq!(
            problem(DISASSOCIATE, params, ParamSource::Json).kind(),
            ProblemKind::Unknown
        );
    }

    #[test]
    fn wrong_types() {
        let cases = [
            (
                json!({"InstanceIds": "ins-w34e5rl9", "KeyIds": ["skey-e3r6y7ji"]}),
                "InstanceIds",
                ProblemKind::WrongType,
            ),
            (
                json!({"InstanceIds": ["ins-w34e5rl9", 7], "KeyIds": ["skey-e3r6y7ji"]}),
                "InstanceIds.1",
                ProblemKind::WrongType,
            ),
            (
                json!({"InstanceIds": null, "KeyIds": ["skey-e3r6y7ji"]}),
                "InstanceIds",
                ProblemKind::Null { required: true },
            ),
            (
                json!({"InstanceIds": ["ins-w34e5rl9"], "KeyIds": {"0": "skey-e3r6y7ji"}}),
                "KeyIds",
                ProblemKind::WrongType,
            ),
            (
                json!({"InstanceIds": ["ins-w34e5rl9"], "KeyIds": ["skey-e3r6y7ji"], "ForceStop": 1}),
                "ForceStop",
                ProblemKind::WrongType,
            ),
            (
                json!({"InstanceIds": ["ins-w34e5rl9"], "KeyIds": ["skey-e3r6y7ji"], "ForceStop": "true"}),
                "ForceStop",
                ProblemKind::WrongType,
            ),
            (
                json!({"InstanceIds": ["ins-w34e5rl9"], "KeyIds": ["skey-e3r6y7ji"], "ForceStop": null}),
                "ForceStop",
                ProblemKind::Null { required: false },
            ),
        ];
        for (params, parameter, kind) in cases {
            let found = problem(DISASSOCIATE, params, ParamSource::Json);
            assert_eq!((found.parameter(), found.kind()), (parameter, kind));
            assert_eq!(found.code(), codes::INVALID_PARAMETER);
        }
        let null = problem(
            DISASSOCIATE,
            json!({"InstanceIds": null, "KeyIds": ["skey-e3r6y7ji"]}),
            ParamSource::Json,
        );
        assert!(null.acceptable_codes().contains(&codes::MISSING_PARAMETER));
        assert_eq!(null.message(), "expected a list of strings, found null");
    }

    #[test]
    fn empty_required_list_answers_missing_and_accepts_invalid_value() {
        let found = problem(
            DISASSOCIATE,
            json!({"InstanceIds": [], "KeyIds": ["skey-e3r6y7ji"]}),
            ParamSource::Json,
        );
        assert_eq!(found.kind(), ProblemKind::EmptyList);
        assert_eq!(
            found.acceptable_codes(),
            [codes::MISSING_PARAMETER, codes::INVALID_PARAMETER_VALUE]
        );
        let hand_built = Request::AssociateInstancesKeyPairs(AssociateInstancesKeyPairs {
            instance_ids: vec!["ins-w34e5rl9".into()],
            key_ids: Vec::new(),
            force_stop: None,
        });
        let problems = value_problems(&hand_built);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].parameter(), "KeyIds");
    }

    #[test]
    fn paging_values() {
        let describe = Action::DescribeInstances;
        let cases = [
            (
                json!({"Limit": -1}),
                ParamSource::Json,
                "Limit",
                codes::INVALID_PARAMETER_VALUE,
            ),
            (
                json!({"Limit": 101}),
                ParamSource::Json,
                "Limit",
                codes::INVALID_PARAMETER_VALUE,
            ),
            (
                json!({"Offset": -5}),
                ParamSource::Json,
                "Offset",
                codes::INVALID_PARAMETER_VALUE,
            ),
            (
                json!({"Limit": 18446744073709551615_u64}),
                ParamSource::Json,
                "Limit",
                codes::INVALID_PARAMETER_VALUE,
            ),
            (
                json!({"Limit": 1.5}),
                ParamSource::Json,
                "Limit",
                codes::INVALID_PARAMETER,
            ),
            (
                json!({"Limit": "20"}),
                ParamSource::Json,
                "Limit",
                codes::INVALID_PARAMETER,
            ),
            (
                json!({"Limit": "abc"}),
                ParamSource::Form,
                "Limit",
                codes::INVALID_PARAMETER,
            ),
            (
                json!({"Offset": "-1"}),
                ParamSource::Form,
                "Offset",
                codes::INVALID_PARAMETER_VALUE,
            ),
            (
                json!({"Offset": "99999999999999999999"}),
                ParamSource::Form,
                "Offset",
                codes::INVALID_PARAMETER_VALUE,
            ),
        ];
        for (params, source, parameter, code) in cases {
            let found = problem(describe, params, source);
            assert_eq!((found.parameter(), found.code()), (parameter, code));
        }
        let found = problem(
            Action::DescribeKeyPairs,
            json!({"Limit": 500}),
            ParamSource::Json,
        );
        assert!(found
            .acceptable_codes()
            .contains(&codes::INVALID_PARAMETER_VALUE_LIMIT));
        let request = parse_request(
            describe,
            &map(json!({"Offset": "3", "Limit": "0"})),
            ParamSource::Form,
        )
        .unwrap();
        assert_eq!(
            request,
            Request::DescribeInstances(DescribeInstances {
                offset: Some(3),
                limit: Some(0),
                ..Default::default()
            })
        );
    }

    #[test]
    fn filters() {
        let describe = Action::DescribeKeyPairs;
        let params = json!({"Filters": [{"Name": "key-name", "Values": ["a", "b"]}]});
        let request = parse_request(describe, &map(params), ParamSource::Json).unwrap();
        let Request::DescribeKeyPairs(request) = request else {
            panic!("wrong action")
        };
        assert_eq!(request.filters.unwrap()[0].values, ["a", "b"]);
        let cases = [
            (
                json!({"Filters": [{"Name": "key-name", "Values": ["a"], "Op": "eq"}]}),
                "Filters.0.Op",
            ),
            (json!({"Filters": [{"Values": ["a"]}]}), "Filters.0.Name"),
            (
                json!({"Filters": [{"Name": "key-name"}]}),
                "Filters.0.Values",
            ),
            (
                json!({"Filters": [{"Name": "key-name", "Values": "a"}]}),
                "Filters.0.Values",
            ),
            (
                json!({"Filters": [{"Name": 3, "Values": ["a"]}]}),
                "Filters.0.Name",
            ),
        ];
        for (params, parameter) in cases {
            let found = problem(describe, params, ParamSource::Json);
            assert_eq!(
                (found.parameter(), found.kind()),
                (parameter, ProblemKind::BadFilter)
            );
        }
        let found = problem(
            describe,
            json!({"Filters": ["key-name"]}),
            ParamSource::Json,
        );
        assert_eq!(
            (found.parameter(), found.kind()),
            ("Filters.0", ProblemKind::WrongType)
        );
    }

    fn id() -> impl Strategy<Value = String> {
        prop_oneof!["ins-[a-z0-9]{8}", "skey-[a-z0-9]{8}", "[ -~]{0,12}",]
    }

    fn filter() -> impl Strategy<Value = Filter> {
        ("[a-z-]{1,12}", prop::collection::vec("[ -~]{0,6}", 0..3))
            .prop_map(|(name, values)| Filter { name, values })
    }

    fn ids() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec(id(), 1..4)
    }

    fn optional_ids() -> impl Strategy<Value = Option<Vec<String>>> {
        prop::option::of(prop::collection::vec(id(), 0..4))
    }

    fn optional_filters() -> impl Strategy<Value = Option<Vec<Filter>>> {
        prop::option::of(prop::collection::vec(filter(), 0..3))
    }

    fn paging() -> impl Strategy<Value = (Option<i64>, Option<i64>)> {
        (prop::option::of(0_i64..1000), prop::option::of(0_i64..=100))
    }

    fn request() -> impl Strategy<Value = Request> {
        prop_oneof![
            (ids(), ids(), prop::option::of(any::<bool>())).prop_map(
                |(instance_ids, key_ids, force_stop)| {
                    Request::DisassociateInstancesKeyPairs(DisassociateInstancesKeyPairs {
                        instance_ids,
                        key_ids,
                        force_stop,
                    })
                }
            ),
            (ids(), ids(), prop::option::of(any::<bool>())).prop_map(
                |(instance_ids, key_ids, force_stop)| {
                    Request::AssociateInstancesKeyPairs(AssociateInstancesKeyPairs {
                        instance_ids,
                        key_ids,
                        force_stop,
                    })
                }
            ),
            (optional_ids(), optional_filters(), paging()).prop_map(
                |(instance_ids, filters, (offset, limit))| {
                    Request::DescribeInstances(DescribeInstances {
                        instance_ids,
                        filters,
                        offset,
                        limit,
                    })
                }
            ),
            (optional_ids(), optional_filters(), paging()).prop_map(
                |(key_ids, filters, (offset, limit))| {
                    Request::DescribeKeyPairs(DescribeKeyPairs {
                        key_ids,
                        filters,
                        offset,
                        limit,
                    })
                }
            ),
        ]
    }

    proptest! {
        #[test]
        fn typed_requests_round_trip_through_json_and_form(request in request()) {
            let action = request.action();
            prop_assert!(value_problems(&request).is_empty());
            prop_assert_eq!(parse_request(action, &request.to_params(), ParamSource::Json), Ok(request.clone()));
            prop_assert_eq!(parse_request(action, &request.to_form_params(), ParamSource::Form), Ok(request));
        }

        /// The clean parse is the general parse whenever it answers, and it answers whenever the
        /// general parse finds no problem in parameters plain values can hold.
        #[test]
        fn the_clean_parse_is_the_general_parse(
            action in proptest::sample::select(Action::ALL.to_vec()),
            entries in prop::collection::vec(
                (
                    proptest::sample::select(vec!["InstanceIds", "KeyIds", "ForceStop", "Filters", "Offset", "Region"]),
                    prop_oneof![
                        "[a-z0-9-]{0,6}".prop_map(Value::String),
                        any::<bool>().prop_map(Value::Bool),
                        prop::collection::vec("[a-z0-9-]{0,6}".prop_map(Value::String), 0..3).prop_map(Value::Array),
                    ],
                ),
                0..4,
            ),
        ) {
            let body = serde_json::to_vec(&Value::Object(entries.into_iter().map(|(name, value)| (name.to_owned(), value)).collect())).unwrap();
            let plain = PlainParams::from_json(&body).expect("plain by construction");
            let map = plain.to_map();
            let general = parse_params(action, &map, ParamSource::Json);
            match parse_clean(action, plain.clone()) {
                Ok(clean) => prop_assert_eq!(clean, general),
                Err(back) => {
                    prop_assert_eq!(&back, &plain);
                    // Filters, offsets and limits are always left to the general path.
                    let general_only = plain
                        .entries()
                        .iter()
                        .any(|(name, _)| matches!(*name, "Filters" | "Offset" | "Limit"));
                    prop_assert!(general_only || !general.problems.is_empty());
                }
            }
        }
    }
}
