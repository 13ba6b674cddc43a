//! Reading one parameter's value as a typed leaf (a list of strings, a boolean, an integer, a list
//! of filters) according to where the parameters came from: JSON types for a v3 body, strings for a
//! v1 form or a GET query.

use serde_json::Value;

use crate::contract::action::Action;
use crate::contract::model::Filter;
use crate::contract::params::{ParamProblem, ParamSource, ProblemKind};

/// Reads typed leaves according to the source.
pub(crate) struct Reader {
    pub(crate) action: Action,
    pub(crate) source: ParamSource,
}

impl Reader {
    fn problem(&self, name: &str, kind: ProblemKind, message: String) -> ParamProblem {
        ParamProblem::new(self.action, name, kind, message)
    }

    fn wrong_type(
        &self,
        name: &str,
        expected: &str,
        found: &Value,
        required: bool,
    ) -> ParamProblem {
        let kind = match found {
            Value::Null => ProblemKind::Null { required },
            _ => ProblemKind::WrongType,
        };
        let message = format!("expected {expected}, found {}", type_name(found));
        self.problem(name, kind, message)
    }

    pub(crate) fn string_list<'v>(
        &self,
        name: &str,
        value: &'v Value,
        required: bool,
    ) -> Result<Vec<&'v str>, ParamProblem> {
        let Value::Array(items) = value else {
            return Err(self.wrong_type(name, "a list of strings", value, required));
        };
        // Sized up front: collecting through `Result` would grow the list step by step.
        let mut list = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            match item {
                Value::String(text) => list.push(text.as_str()),
                other => {
                    let name = format!("{name}.{index}");
                    return Err(self.wrong_type(&name, "a string", other, required));
                }
            }
        }
        Ok(list)
    }

    pub(crate) fn boolean(&self, name: &str, value: &Value) -> Result<bool, ParamProblem> {
        match (self.source, value) {
            (_, Value::Bool(flag)) => Ok(*flag),
            // The set Go's strconv.ParseBool accepts, which covers the SDKs' `true` and `True`.
            (ParamSource::Form, Value::String(text)) => match text.as_str() {
                "true" | "True" | "TRUE" | "t" | "T" | "1" => Ok(true),
                "false" | "False" | "FALSE" | "f" | "F" | "0" => Ok(false),
                _ => Err(self.problem(
                    name,
                    ProblemKind::WrongType,
                    format!("expected a boolean, found `{text}`"),
                )),
            },
            _ => Err(self.wrong_type(name, "a boolean", value, false)),
        }
    }

    pub(crate) fn integer(&self, name: &str, value: &Value) -> Result<i64, ParamProblem> {
        let out_of_range = if name == "Offset" {
            ProblemKind::BadOffset
        } else {
            ProblemKind::BadLimit
        };
        match (self.source, value) {
            (_, Value::Number(number)) => match number.as_i64() {
                Some(integer) => Ok(integer),
                None if number.is_u64() => {
                    Err(self.problem(name, out_of_range, format!("{number} is too large")))
                }
                None => Err(self.wrong_type(name, "an integer", value, false)),
            },
            (ParamSource::Form, Value::String(text)) => {
                let digits = text.strip_prefix('-').unwrap_or(text);
                match text.parse::<i64>() {
                    Ok(integer) => Ok(integer),
                    Err(_) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
                        Err(self.problem(name, out_of_range, format!("{text} does not fit")))
                    }
                    Err(_) => Err(self.problem(
                        name,
                        ProblemKind::WrongType,
                        format!("expected an integer, found `{text}`"),
                    )),
                }
            }
            _ => Err(self.wrong_type(name, "an integer", value, false)),
        }
    }

    pub(crate) fn filters(&self, name: &str, value: &Value) -> Result<Vec<Filter>, ParamProblem> {
        let Value::Array(items) = value else {
            return Err(self.wrong_type(name, "a list of filters", value, false));
        };
        let mut filters = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let entry = format!("{name}.{index}");
            let Value::Object(fields) = item else {
                return Err(self.wrong_type(&entry, "a filter object", item, false));
            };
            let bad_filter = |field: &str, message: String| {
                self.problem(&format!("{entry}.{field}"), ProblemKind::BadFilter, message)
            };
            if let Some(field) = fields
                .keys()
                .find(|field| *field != "Name" && *field != "Values")
            {
                return Err(bad_filter(
                    field,
                    "a filter has only `Name` and `Values`".into(),
                ));
            }
            let filter_name = match fields.get("Name") {
                Some(Value::String(text)) => text.clone(),
                Some(other) => {
                    return Err(bad_filter(
                        "Name",
                        format!("expected a string, found {}", type_name(other)),
                    ))
                }
                None => return Err(bad_filter("Name", "a filter needs a name".into())),
            };
            let values = match fields.get("Values") {
                Some(values) => self
                    .string_list(&format!("{entry}.Values"), values, true)
                    .map(|values| values.into_iter().map(str::to_owned).collect())
                    .map_err(|problem| bad_filter("Values", problem.message().to_owned()))?,
                None => return Err(bad_filter("Values", "a filter needs values".into())),
            };
            filters.push(Filter {
                name: filter_name,
                values,
            });
        }
        Ok(filters)
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const JSON: Reader = Reader {
        action: Action::DescribeInstances,
        source: ParamSource::Json,
    };
    const FORM: Reader = Reader {
        action: Action::DescribeInstances,
        source: ParamSource::Form,
    };

    #[test]
    fn booleans_by_source() {
        assert_eq!(JSON.boolean("ForceStop", &json!(true)), Ok(true));
        assert!(JSON.boolean("ForceStop", &json!("true")).is_err());
        for (text, flag) in [
            ("true", true),
            ("True", true),
            ("TRUE", true),
            ("false", false),
            ("False", false),
            ("0", false),
        ] {
            assert_eq!(FORM.boolean("ForceStop", &json!(text)), Ok(flag), "{text}");
        }
        let problem = FORM.boolean("ForceStop", &json!("yes")).unwrap_err();
        assert_eq!(problem.message(), "expected a boolean, found `yes`");
    }

    #[test]
    fn integers_by_source() {
        assert_eq!(JSON.integer("Limit", &json!(-3)), Ok(-3));
        assert_eq!(FORM.integer("Limit", &json!("-3")), Ok(-3));
        assert_eq!(
            JSON.integer("Offset", &json!(u64::MAX)).unwrap_err().kind(),
            ProblemKind::BadOffset
        );
        assert_eq!(
            FORM.integer("Limit", &json!("1e3")).unwrap_err().kind(),
            ProblemKind::WrongType
        );
        assert_eq!(
            FORM.integer("Limit", &json!("-")).unwrap_err().kind(),
            ProblemKind::WrongType
        );
        assert_eq!(
            JSON.integer("Limit", &json!(null)).unwrap_err().kind(),
            ProblemKind::Null { required: false }
        );
    }

    #[test]
    fn lists_name_the_bad_element() {
        let problem = JSON
            .string_list("InstanceIds", &json!(["a", ["b"]]), true)
            .unwrap_err();
        assert_eq!(problem.parameter(), "InstanceIds.1");
        assert_eq!(problem.message(), "expected a string, found a list");
        assert_eq!(
            JSON.string_list("InstanceIds", &json!([]), true),
            Ok(Vec::new())
        );
    }
}
