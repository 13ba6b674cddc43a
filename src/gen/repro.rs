//! Reproducers: the `Debug` of a [`GenCase`] or [`GenStep`] is Rust code that rebuilds it, with
//! `serde_json::json!` for the parameters, ready to paste into a test:
//!
//! ```text
//! GenCase::new(vec![
//!     GenStep::new(Action::DisassociateInstancesKeyPairs, json!({"InstanceIds": ["ins-stpdlnx1"], "KeyIds": ["skey-bound001"]}))
//!         .with_encoding(Encoding::Form)
//!         .signed_with(SignMethod::HmacSha1)
//!         .with_fault(ProtocolFault::Breakage(Breakage::SkewTimestamp(-301))),
//! ])
//! ```
//!
//! Names are unqualified: the paste needs `use tcconform::gen::*`, `use tcconform::contract::Action`,
//! `use tcconform::wire::{Breakage, Encoding, JsonStyle, SignMethod}` and `serde_json::json`.
//! Lists longer than 16 items are written as one parenthesised Rust expression (`vec![…; n]` when
//! every item is the same string), which `json!` takes whole, so no recursion limit is hit.

use std::fmt::{self, Write};

use serde_json::Value;

use crate::gen::case::{GenCase, GenStep, ProtocolFault};
use crate::wire::{Breakage, Encoding, JsonStyle, SignMethod};

/// Lists longer than this are written as a single Rust expression.
const INLINE_LIST_MAX: usize = 16;

impl fmt::Debug for GenCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("GenCase::new(vec![\n")?;
        for step in &self.steps {
            f.write_str("    ")?;
            write_step(f, step, "        ")?;
            f.write_str(",\n")?;
        }
        f.write_str("])")
    }
}

impl fmt::Debug for GenStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_step(f, self, "    ")
    }
}

fn write_step(out: &mut dyn Write, step: &GenStep, indent: &str) -> fmt::Result {
    write!(out, "GenStep::new(Action::{:?}, json!(", step.action)?;
    write_value(out, &Value::Object(step.params.clone()))?;
    out.write_str("))")?;
    if step.encoding != Encoding::Json {
        write!(
            out,
            "\n{indent}.with_encoding(Encoding::{:?})",
            step.encoding
        )?;
    }
    if step.sign_method != SignMethod::Tc3 {
        write!(
            out,
            "\n{indent}.signed_with(SignMethod::{:?})",
            step.sign_method
        )?;
    }
    if step.json_style != JsonStyle::Python {
        write!(out, "\n{indent}.in_style(JsonStyle::{:?})", step.json_style)?;
    }
    for fault in &step.faults {
        write!(out, "\n{indent}.with_fault(")?;
        write_fault(out, fault)?;
        out.write_str(")")?;
    }
    Ok(())
}

fn write_fault(out: &mut dyn Write, fault: &ProtocolFault) -> fmt::Result {
    match fault {
        ProtocolFault::Breakage(breakage) => {
            out.write_str("ProtocolFault::Breakage(")?;
            write_breakage(out, breakage)?;
            out.write_str(")")
        }
        ProtocolFault::ActionName(name) => {
            write!(out, "ProtocolFault::ActionName({name:?}.into())")
        }
        ProtocolFault::Version(version) => {
            write!(out, "ProtocolFault::Version({version:?}.into())")
        }
        ProtocolFault::Oversize => out.write_str("ProtocolFault::Oversize"),
    }
}

fn write_breakage(out: &mut dyn Write, breakage: &Breakage) -> fmt::Result {
    match breakage {
        Breakage::RawBody(bytes) => {
            out.write_str("Breakage::RawBody(b\"")?;
            for byte in bytes {
                write!(out, "{}", std::ascii::escape_default(*byte))?;
            }
            out.write_str("\".to_vec())")
        }
        Breakage::RemoveHeader(name) => write!(out, "Breakage::RemoveHeader({name:?}.into())"),
        Breakage::OverrideHeader(name, value) => write!(
            out,
            "Breakage::OverrideHeader({name:?}.into(), {value:?}.into())"
        ),
        Breakage::SkewTimestamp(seconds) => write!(out, "Breakage::SkewTimestamp({seconds})"),
        Breakage::ScopeDate(date) => write!(out, "Breakage::ScopeDate({date:?}.into())"),
        // Unit variants print as their Rust name.
        other => write!(out, "Breakage::{other:?}"),
    }
}

/// `value` as `json!` input: Rust string literals, and long lists as one Rust expression.
fn write_value(out: &mut dyn Write, value: &Value) -> fmt::Result {
    match value {
        Value::Null => out.write_str("null"),
        Value::Bool(flag) => write!(out, "{flag}"),
        Value::Number(number) => write!(out, "{number}"),
        Value::String(text) => write!(out, "{text:?}"),
        Value::Array(items) if items.len() > INLINE_LIST_MAX => write_long_list(out, items),
        Value::Array(items) => {
            out.write_str("[")?;
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.write_str(", ")?;
                }
                write_value(out, item)?;
            }
            out.write_str("]")
        }
        Value::Object(map) => {
            out.write_str("{")?;
            for (index, (key, item)) in map.iter().enumerate() {
                if index > 0 {
                    out.write_str(", ")?;
                }
                write!(out, "{key:?}: ")?;
                write_value(out, item)?;
            }
            out.write_str("}")
        }
    }
}

fn write_long_list(out: &mut dyn Write, items: &[Value]) -> fmt::Result {
    if let Some(Value::String(first)) = items.first() {
        if items.iter().all(|item| item.as_str() == Some(first)) {
            return write!(out, "(vec![{first:?}; {}])", items.len());
        }
    }
    out.write_str("(vec![")?;
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.write_str(", ")?;
        }
        out.write_str("json!(")?;
        write_value(out, item)?;
        out.write_str(")")?;
    }
    out.write_str("])")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::contract::Action;

    /// The output below, pasted back as code, rebuilds the case it was printed from.
    #[test]
    fn debug_is_a_paste_ready_reproducer() {
        let case = GenCase::new(vec![
            GenStep::new(
                Action::DisassociateInstancesKeyPairs,
                json!({"InstanceIds": (vec!["ins-stpdlnx1"; 101]), "KeyIds": ["skey-é\n\0", 3, null, {"a": true}]}),
            )
            .with_encoding(Encoding::Form)
            .signed_with(SignMethod::HmacSha1)
            .in_style(JsonStyle::Compact)
            .with_fault(ProtocolFault::Breakage(Breakage::SkewTimestamp(-301)))
            .with_fault(ProtocolFault::Breakage(Breakage::RawBody(b"{\"\xff".to_vec())))
            .with_fault(ProtocolFault::Breakage(Breakage::OverrideHeader("Host".into(), "e\"vil".into())))
            .with_fault(ProtocolFault::Breakage(Breakage::AlterSignature))
            .with_fault(ProtocolFault::Version("".into()))
            .with_fault(ProtocolFault::Oversize),
            GenStep::new(Action::DescribeKeyPairs, json!({"Limit": 1.5, "Filters": (vec![json!(1), json!("a"), json!(1), json!(1), json!(1), json!(1), json!(1), json!(1), json!(1), json!(1), json!(1), json!(1), json!(1), json!(1), json!(1), json!(1), json!(1)])})),
        ]);
        let printed = format!("{case:?}");
        let expected = r#"GenCase::new(vec![
    GenStep::new(Action::DisassociateInstancesKeyPairs, json!({"InstanceIds": (vec!["ins-stpdlnx1"; 101]), "KeyIds": ["skey-é\n\0", 3, null, {"a": true}]}))
        .with_encoding(Encoding::Form)
        .signed_with(SignMethod::HmacSha1)
        .in_style(JsonStyle::Compact)
        .with_fault(ProtocolFault::Breakage(Breakage::SkewTimestamp(-301)))
        .with_fault(ProtocolFault::Breakage(Breakage::RawBody(b"{\"\xff".to_vec())))
        .with_fault(ProtocolFault::Breakage(Breakage::OverrideHeader("Host".into(), "e\"vil".into())))
        .with_fault(ProtocolFault::Breakage(Breakage::AlterSignature))
        .with_fault(ProtocolFault::Version("".into()))
        .with_fault(ProtocolFault::Oversize),
    GenStep::new(Action::DescribeKeyPairs, json!({"Limit": 1.5, "Filters": (vec![json!(1), json!("a"), json!(1), json!(1), json!(1), json!(1), json!(1), json!(1), json!(1), json!(1), json!(1), json!(1), json!(1), json!(1), json!(1), json!(1), json!(1)])})),
])"#;
        assert_eq!(printed, expected);
        let step_only = format!("{:?}", case.steps[1]);
        assert!(step_only.starts_with("GenStep::new(Action::DescribeKeyPairs"));
    }
}
