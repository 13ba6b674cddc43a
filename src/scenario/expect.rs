//! `[case.expect]` and `[case.fault]`: the outcomes a case allows (success, documented codes, pins
//! per target profile) and the fault the mock injects. Every code must be documented for the
//! case's action or common to all actions. The state tables are `state`'s.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use toml::Spanned;

use crate::contract::{codes, Acceptable, Action};
use crate::scenario::case::{Expect, Fault, Pinned};
use crate::scenario::diagnostic::Diagnostic;
use crate::scenario::format::{ExpectDto, FaultDto};
use crate::scenario::parse::SourceFile;
use crate::scenario::state::state;
use crate::scenario::validate::is_slug;
use crate::suggest::{nearest, quoted_list};

/// The catalogue's spelling of `code`, if it is documented for `action` or common to all actions.
pub(crate) fn documented_code(action: Action, code: &str) -> Option<&'static str> {
    codes::COMMON
        .iter()
        .chain(codes::action_codes(action))
        .find(|info| info.code == code)
        .map(|info| info.code)
}

/// `code` as a documented code of `action`, or `None` after pushing a diagnostic with a
/// did-you-mean.
pub(crate) fn code(
    file: SourceFile<'_>,
    action: Action,
    code: &Spanned<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<&'static str> {
    let text = code.get_ref();
    if let Some(code) = documented_code(action, text) {
        return Some(code);
    }
    let candidates = codes::COMMON
        .iter()
        .chain(codes::action_codes(action))
        .map(|info| info.code);
    let elsewhere = Action::ALL
        .iter()
        .find(|other| codes::is_documented(Some(**other), text));
    let label = match (elsewhere, nearest(text, candidates)) {
        (Some(other), _) => format!("documented for {other}, not for {action}"),
        (None, Some(suggestion)) => format!("did you mean `{suggestion}`?"),
        (None, None) => "not in the action's list nor the common codes".to_owned(),
    };
    diagnostics.push(
        file.diag(
            code.span(),
            format!("undocumented code `{text}` for {action}"),
        )
        .with_label(label)
        .with_help(format!(
            "name only codes documented for {action} or common to every action \
                 (scenarios/README.md lists them)"
        )),
    );
    None
}

/// `[case.expect]` (written at `span`) validated for `action`.
pub(crate) fn expect(
    file: SourceFile<'_>,
    table: &ExpectDto,
    span: Range<usize>,
    action: Action,
    diagnostics: &mut Vec<Diagnostic>,
) -> Expect {
    let outcome = outcome(
        file,
        &table.success,
        &table.codes,
        span.clone(),
        action,
        diagnostics,
    );
    let mut profiles = BTreeMap::new();
    for (name, pin) in &table.profiles {
        let pin_span = name.span_or(span.clone());
        if !is_slug(name.name()) {
            diagnostics.push(
                file.diag(
                    pin_span.clone(),
                    format!("`{}` cannot name a profile", name.name()),
                )
                .with_label("not lower-case letters, digits, `-` and `_`")
                .with_help(
                    "profile names are directory names under snapshots/: rename it, e.g. `staging`",
                ),
            );
        }
        let Some(pinned) = outcome_or_nothing(
            file,
            pin_span.clone(),
            &pin.success,
            &pin.codes,
            action,
            diagnostics,
        ) else {
            continue;
        };
        if let Some(case) = &outcome {
            narrows(
                file,
                pin_span,
                &pinned.acceptable,
                &case.acceptable,
                diagnostics,
            );
        }
        profiles.insert(name.name().to_owned(), pinned);
    }
    let state = table
        .state
        .iter()
        .filter_map(|(role, dto)| state(file, role, dto, span.clone(), diagnostics))
        .collect();
    Expect {
        outcome,
        profiles,
        state,
    }
}

fn outcome_or_nothing(
    file: SourceFile<'_>,
    span: Range<usize>,
    success: &Option<Spanned<bool>>,
    codes: &Option<Spanned<Vec<Spanned<String>>>>,
    action: Action,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Pinned> {
    let pinned = outcome(file, success, codes, span.clone(), action, diagnostics);
    if pinned.is_none() && success.is_none() && codes.is_none() {
        diagnostics.push(
            file.diag(span, "this profile pins nothing")
                .with_label("no `success` or `codes`")
                .with_help("add `codes = [\"…\"]` (or `success = true`), or remove the table"),
        );
    }
    pinned
}

fn outcome(
    file: SourceFile<'_>,
    success: &Option<Spanned<bool>>,
    codes: &Option<Spanned<Vec<Spanned<String>>>>,
    table_span: Range<usize>,
    action: Action,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Pinned> {
    if success.is_none() && codes.is_none() {
        return None;
    }
    let allows_success = success.as_ref().is_some_and(|success| *success.get_ref());
    let mut acceptable = Acceptable {
        success: allows_success,
        codes: BTreeSet::new(),
    };
    if let Some(codes) = codes {
        if codes.get_ref().is_empty() {
            diagnostics.push(
                file.diag(codes.span(), "`codes` is empty")
                    .with_label("no code listed")
                    .with_help("list the acceptable codes, or write `success = true` instead"),
            );
        }
        for listed in codes.get_ref() {
            if let Some(known) = code(file, action, listed, diagnostics) {
                acceptable.codes.insert(known);
            }
        }
    } else if !allows_success {
        let span = success.as_ref().map_or(table_span.clone(), Spanned::span);
        diagnostics.push(
            file.diag(span, "`success = false` allows nothing")
                .with_label("no `codes` to allow instead")
                .with_help("list the acceptable codes: codes = [\"InvalidInstanceId.NotFound\"]"),
        );
    }
    let anchor = codes
        .as_ref()
        .map(Spanned::span)
        .or_else(|| success.as_ref().map(Spanned::span))
        .unwrap_or(table_span);
    Some(Pinned {
        acceptable,
        location: file.location(anchor.start),
    })
}

fn narrows(
    file: SourceFile<'_>,
    span: Range<usize>,
    pinned: &Acceptable,
    case: &Acceptable,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut extra: Vec<&str> = pinned.codes.difference(&case.codes).copied().collect();
    if pinned.success && !case.success {
        extra.insert(0, "success");
    }
    if extra.is_empty() {
        return;
    }
    diagnostics.push(
        file.diag(span, "a profile pin may only narrow the case's expectation")
            .with_label(format!(
                "{} not allowed by [case.expect]",
                quoted_list(extra)
            ))
            .with_help("add them to the case's `codes`, or pin a subset of them"),
    );
}

/// `[case.fault]` (written at `span`) validated for `action`.
pub(crate) fn fault(
    file: SourceFile<'_>,
    table: &FaultDto,
    span: Range<usize>,
    action: Action,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Fault> {
    let on = |flag: &Option<Spanned<bool>>| flag.as_ref().is_some_and(|flag| *flag.get_ref());
    let kinds = [
        table.code.is_some(),
        on(&table.garbage_body),
        on(&table.drop_connection),
    ];
    if kinds.iter().filter(|given| **given).count() != 1 {
        diagnostics.push(
            file.diag(
                span,
                "a fault is one of `code`, `garbage_body` or `drop_connection`",
            )
            .with_label(if kinds.contains(&true) {
                "more than one given"
            } else {
                "none given"
            })
            .with_help(
                "write for example `code = \"InternalServerError\"`, or `drop_connection = true`",
            ),
        );
        return None;
    }
    if let Some(message) = &table.message {
        if table.code.is_none() {
            diagnostics.push(
                file.diag(message.span(), "`message` goes with `code`")
                    .with_label("no `code` in this fault")
                    .with_help("remove `message`, or force a code with `code = \"…\"`"),
            );
            return None;
        }
    }
    if let Some(forced) = &table.code {
        let code = code(file, action, forced, diagnostics)?;
        return Some(Fault::Code {
            code,
            message: table
                .message
                .as_ref()
                .map(|message| message.get_ref().clone()),
        });
    }
    Some(if on(&table.garbage_body) {
        Fault::GarbageBody
    } else {
        Fault::DropConnection
    })
}
