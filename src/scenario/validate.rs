//! From a case's DTO to a [`Case`]: names, enumerations with did-you-mean, the request (params or
//! raw body), protocol, fault and expectation, then the rules that span fields: JSON goes with tc3,
//! a deviating request says what it expects, and the declared effect covers what the case may do.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use toml::Spanned;

use crate::contract::{roles, Action, World};
use crate::scenario::case::{Case, Effect, Expect, Fault, RequestTemplate};
use crate::scenario::diagnostic::Diagnostic;
use crate::scenario::effect;
use crate::scenario::expect;
use crate::scenario::format::CaseDto;
use crate::scenario::node::{entry_span, Node};
use crate::scenario::params;
use crate::scenario::parse::{missing, SourceFile};
use crate::scenario::protocol::{self, Protocol};
use crate::suggest::{nearest, quoted_list};
use crate::wire::{self, Encoding, SignMethod};

/// What validation compares cases against: the role table's default world.
pub(crate) struct Context {
    pub(crate) default_ids: BTreeMap<String, String>,
    pub(crate) world: World,
}

impl Context {
    pub(crate) fn new() -> Context {
        Context {
            default_ids: roles::default_role_ids(),
            world: roles::default_world(),
        }
    }
}

/// Whether `text` is lower-case letters, digits, `-` and `_`, starting with a letter or digit.
pub(crate) fn is_slug(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_lowercase() || first.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// One `[[case]]` table as parsed.
pub(crate) struct Parsed<'a> {
    /// The span of its `[[case]]` header.
    pub(crate) header: Range<usize>,
    /// Its DTO.
    pub(crate) dto: &'a CaseDto,
    /// Its table in the file's tree (for the spans of its sub-tables).
    pub(crate) node: &'a Spanned<Node>,
    /// The fields its unknown keys were taken for (their absence is already explained).
    pub(crate) misspelt: &'a [String],
}

/// The case `parsed` in group `group`, or `None` after pushing every problem found to
/// `diagnostics`.
pub(crate) fn case(
    file: SourceFile<'_>,
    group: &str,
    parsed: Parsed<'_>,
    context: &Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Case> {
    let Parsed {
        header: span,
        dto,
        node,
        misspelt,
    } = parsed;
    let table_span = |key: &str| entry_span(node, key).unwrap_or(span.clone());
    let before = diagnostics.len();
    let mut required = |value: &Option<Spanned<String>>, field: &str| {
        if value.is_none() && !misspelt.iter().any(|known| known == field) {
            diagnostics.push(missing(file, span.clone(), "[[case]]", field));
        }
    };
    required(&dto.name, "name");
    required(&dto.description, "description");
    required(&dto.effect, "effect");
    if let Some(name) = &dto.name {
        slug(file, name, "case name", diagnostics);
    }
    if let Some(description) = dto
        .description
        .as_ref()
        .filter(|text| text.get_ref().trim().is_empty())
    {
        diagnostics.push(
            file.diag(description.span(), "empty `description`")
                .with_label("say what the documentation promises")
                .with_help("for example:\ndescription = \"a malformed instance ID is rejected with a Malformed code\""),
        );
    }
    let mut tags = Vec::new();
    for tag in &dto.tags {
        slug(file, tag, "tag", diagnostics);
        if tags.contains(tag.get_ref()) {
            diagnostics.push(
                file.diag(
                    tag.span(),
                    format!("tag `{}` is listed twice", tag.get_ref()),
                )
                .with_label("already listed")
                .with_help("remove the repetition"),
            );
        }
        tags.push(tag.get_ref().clone());
    }
    let effect = choice(
        file,
        dto.effect.as_ref(),
        "effect",
        Effect::ALL,
        |effect| effect.name(),
        diagnostics,
    );
    let action = choice(
        file,
        dto.action.as_ref(),
        "action",
        Action::ALL,
        |action| action.name(),
        diagnostics,
    )
    .unwrap_or(Action::DisassociateInstancesKeyPairs);
    let chosen_encoding = choice(
        file,
        dto.encoding.as_ref(),
        "encoding",
        ENCODINGS,
        |encoding| encoding.name(),
        diagnostics,
    );
    // An unknown encoding is reported once, not again through the rules that depend on it.
    let encoding_known = dto.encoding.is_none() || chosen_encoding.is_some();
    let encoding = chosen_encoding.unwrap_or(Encoding::Json);
    let sign_method = choice(
        file,
        dto.sign.as_ref(),
        "sign",
        SIGN_METHODS,
        sign_name,
        diagnostics,
    )
    .unwrap_or(match encoding {
        Encoding::Json => SignMethod::Tc3,
        Encoding::Form | Encoding::Query => SignMethod::HmacSha256,
    });
    if let (true, Encoding::Json, SignMethod::HmacSha1 | SignMethod::HmacSha256) =
        (encoding_known, encoding, sign_method)
    {
        let span = dto.sign.as_ref().map_or(span.clone(), Spanned::span);
        diagnostics.push(
            file.diag(span, "a JSON body is signed with tc3 only")
                .with_label(format!(
                    "{} signs form and query requests",
                    sign_method.name()
                ))
                .with_help("use `sign = \"tc3\"`, or `encoding = \"form\"` for a v1 request"),
        );
    }
    let request = request(file, span.clone(), dto, sign_method, diagnostics);
    let protocol = dto
        .protocol
        .as_ref()
        .map_or_else(Protocol::default, |table| {
            protocol::protocol(
                file,
                table,
                sign_method,
                dto.raw_body.is_some(),
                diagnostics,
            )
        });
    let fault = dto
        .fault
        .as_ref()
        .and_then(|table| expect::fault(file, table, table_span("fault"), action, diagnostics));
    let expect = dto.expect.as_ref().map_or_else(Expect::default, |table| {
        expect::expect(file, table, table_span("expect"), action, diagnostics)
    });
    if expect.outcome.is_none() && fault.is_none() {
        let raw = matches!(request, Some(RequestTemplate::Raw(_)));
        if raw || protocol.deviates() {
            let what = if raw { "`raw_body`" } else { "[case.protocol]" };
            let at = if raw {
                span.clone()
            } else {
                table_span("protocol")
            };
            diagnostics.push(
                file.diag(at, "this case must say what it expects")
                    .with_label(format!("the oracle judges parameters only, not {what}"))
                    .with_help("add [case.expect] with `codes = [\"…\"]` (or `success = true`)"),
            );
        }
    }
    if let Some(fault) = &fault {
        fault_agrees(file, table_span("expect"), fault, &expect, diagnostics);
    }
    let mut roles = BTreeSet::new();
    if let Some(RequestTemplate::Params(template)) = &request {
        template.collect_roles(&mut roles);
    }
    for state in &expect.state {
        state.collect_roles(&mut roles);
    }
    let (Some(name), Some(description), Some(written_effect), Some(effect), Some(request)) =
        (&dto.name, &dto.description, &dto.effect, effect, request)
    else {
        return None;
    };
    if diagnostics.len() > before {
        return None;
    }
    let case = Case {
        group: group.to_owned(),
        name: name.get_ref().clone(),
        location: file.location(span.start),
        description: description.get_ref().clone(),
        tags,
        effect,
        action,
        encoding,
        sign_method,
        request,
        protocol,
        fault,
        expect,
        roles,
    };
    effect::covers(file, written_effect, &case, context, diagnostics);
    (diagnostics.len() == before).then_some(case)
}

const ENCODINGS: &[Encoding] = &[Encoding::Json, Encoding::Form, Encoding::Query];
const SIGN_METHODS: &[SignMethod] = &[
    SignMethod::Tc3,
    SignMethod::HmacSha1,
    SignMethod::HmacSha256,
];

/// The name of a signing method as a scenario writes it.
pub(crate) fn sign_name(method: SignMethod) -> &'static str {
    match method {
        SignMethod::Tc3 => "tc3",
        SignMethod::HmacSha1 => "hmac-sha1",
        SignMethod::HmacSha256 => "hmac-sha256",
    }
}

fn slug(
    file: SourceFile<'_>,
    text: &Spanned<String>,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !is_slug(text.get_ref()) {
        diagnostics.push(
            file.diag(
                text.span(),
                format!("`{}` is not a valid {what}", text.get_ref()),
            )
            .with_label("use lower-case letters, digits, `-` and `_`")
            .with_help(format!(
                "a {what} appears in file names and filters: write it like `unbind-one-key`"
            )),
        );
    }
}

/// The item of `items` named by `text`, or `None` (with a did-you-mean diagnostic when given).
fn choice<T: Copy>(
    file: SourceFile<'_>,
    text: Option<&Spanned<String>>,
    field: &str,
    items: &[T],
    name: impl Fn(T) -> &'static str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    let text = text?;
    if let Some(item) = items
        .iter()
        .copied()
        .find(|item| name(*item) == text.get_ref())
    {
        return Some(item);
    }
    let names: Vec<&str> = items.iter().map(|item| name(*item)).collect();
    let label = match nearest(text.get_ref(), names.iter().copied()) {
        Some(suggestion) => format!("did you mean `{suggestion}`?"),
        None => format!("not one of the {field} values"),
    };
    diagnostics.push(
        file.diag(text.span(), format!("unknown {field} `{}`", text.get_ref()))
            .with_label(label)
            .with_help(format!("`{field}` is one of {}", quoted_list(names))),
    );
    None
}

fn request(
    file: SourceFile<'_>,
    span: Range<usize>,
    dto: &CaseDto,
    sign_method: SignMethod,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<RequestTemplate> {
    match (&dto.params, &dto.raw_body) {
        (Some(params), None) => {
            params::params(file, &params.0, diagnostics).map(RequestTemplate::Params)
        }
        (None, Some(raw)) => {
            if sign_method != SignMethod::Tc3 {
                if let Err(error) = wire::decode_pairs(raw.get_ref()) {
                    diagnostics.push(
                        file.diag(raw.span(), "with v1 signing `raw_body` must be a form")
                            .with_label(error.to_string())
                            .with_help("write it as name=value pairs joined by `&`, percent-encoded, or sign with tc3"),
                    );
                }
            }
            Some(RequestTemplate::Raw(raw.get_ref().clone()))
        }
        (Some(_), Some(raw)) => {
            diagnostics.push(
                file.diag(raw.span(), "`raw_body` contradicts `params`")
                    .with_label("both say what to send")
                    .with_help("keep `params` for parameters, or `raw_body` for exact bytes"),
            );
            None
        }
        (None, None) => {
            diagnostics.push(
                file.diag(span, "this case sends nothing")
                    .with_label("no `params` and no `raw_body`")
                    .with_help("add for example:\nparams = { InstanceIds = [\"@stopped_linux\"], KeyIds = [\"@bound_key\"] }"),
            );
            None
        }
    }
}

fn fault_agrees(
    file: SourceFile<'_>,
    span: Range<usize>,
    fault: &Fault,
    expect: &Expect,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(outcome) = &expect.outcome else {
        return;
    };
    let problem = match fault {
        Fault::Code { code, .. } if !outcome.acceptable.codes.contains(code) => {
            format!("the forced code `{code}` is not among the expected codes")
        }
        Fault::Code { .. } => return,
        other => format!("a `{}` fault gives no answer to expect", other.field()),
    };
    diagnostics.push(
        file.diag(span, "[case.expect] contradicts [case.fault]")
            .with_label(problem)
            .with_help(
                "remove `success`/`codes` from [case.expect]: the fault says what comes back",
            ),
    );
}
