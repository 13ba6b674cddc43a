//! `--report FORMAT=PATH`, shared by `run` and `fuzz`: the flag's value, and writing the file
//! (its directory created as needed).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::cli::error::CliError;

/// A report file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFile {
    /// Its format.
    pub format: ReportFormat,
    /// Where.
    pub path: PathBuf,
}

/// The machine-readable report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// JUnit XML.
    Junit,
    /// One JSON object per case per line.
    Json,
}

/// The `--report` value parser: `junit=PATH` or `json=PATH`.
pub fn parse_report(text: &str) -> Result<ReportFile, String> {
    let (format, path) = text
        .split_once('=')
        .ok_or_else(|| format!("expected FORMAT=PATH (junit=PATH or json=PATH), found `{text}`"))?;
    let format = match format {
        "junit" => ReportFormat::Junit,
        "json" => ReportFormat::Json,
        other => {
            return Err(format!(
                "unknown report format `{other}`; use junit or json"
            ))
        }
    };
    if path.is_empty() {
        return Err("the report needs a path, e.g. junit=target/tcconform.xml".to_owned());
    }
    Ok(ReportFile {
        format,
        path: PathBuf::from(path),
    })
}

/// Writes `text` to `path`, creating its directory.
pub fn write(path: &Path, text: &str) -> Result<(), CliError> {
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))
            .map_err(CliError::harness)?;
    }
    fs::write(path, text)
        .with_context(|| format!("cannot write the report {}", path.display()))
        .map_err(CliError::harness)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_values() {
        assert_eq!(
            parse_report("junit=out/report.xml"),
            Ok(ReportFile {
                format: ReportFormat::Junit,
                path: PathBuf::from("out/report.xml")
            })
        );
        assert_eq!(
            parse_report("json=r.jsonl").map(|r| r.format),
            Ok(ReportFormat::Json)
        );
        assert!(parse_report("xml=r").is_err());
        assert!(parse_report("junit=").is_err());
        assert!(parse_report("junit").is_err());
    }
}
