//! What `tcconform run` shows while and after it runs: a progress bar on a terminal (plain lines
//! otherwise), the case list of `--list`, the requests of `--dry-run`, and the report files.

use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::error::CliError;
use crate::cli::report_file::{self, ReportFile, ReportFormat};
use crate::report::{human, json, junit};
use crate::runner::{CaseResult, DryRunEntry, Report};
use crate::scenario::Suite;

/// Progress on stderr: a bar on a terminal, one plain line per finished case otherwise.
pub enum Progress {
    /// A progress bar.
    Bar(ProgressBar),
    /// Plain lines: cases done so far, and how many there are.
    Lines {
        /// Cases done.
        done: usize,
        /// Cases in the run.
        total: usize,
    },
}

impl Progress {
    /// Progress over `total` cases, a bar when stderr is a terminal.
    pub fn new(total: usize) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress::Lines { done: 0, total };
        }
        let bar = ProgressBar::new(total as u64);
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} [{bar:40}] {pos}/{len} {wide_msg}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        Progress::Bar(bar)
    }

    /// One more case is done.
    pub fn case_done(&mut self, result: &CaseResult) {
        match self {
            Progress::Bar(bar) => {
                bar.set_message(human::case_line(result));
                bar.inc(1);
            }
            Progress::Lines { done, total } => {
                *done += 1;
                eprintln!("[{done}/{total}] {}", human::case_line(result));
            }
        }
    }

    /// The run is over: clear the bar.
    pub fn finish(self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

/// `--list`: one line per case (full name, effect, tags, description) and a count.
pub fn list(suite: &Suite, out: &mut dyn Write) -> std::io::Result<()> {
    for case in suite {
        let tags = if case.tags().is_empty() {
            String::new()
        } else {
            format!("  [{}]", case.tags().join(", "))
        };
        writeln!(
            out,
            "{}  {}{tags}  {}",
            case.full_name(),
            case.effect().name(),
            case.description()
        )?;
    }
    writeln!(out, "{} cases", suite.len())
}

/// `--dry-run`: every request as a redacted curl command, skipped cases with their reason.
pub fn dry_run(entries: &[DryRunEntry], out: &mut dyn Write) -> std::io::Result<()> {
    let mut sent = 0;
    for entry in entries {
        match &entry.plan {
            Err(reason) => writeln!(out, "# {}: skipped: {reason}\n", entry.full_name)?,
            Ok(request) => {
                sent += 1;
                let alone = if request.serial {
                    "runs alone, after the others; restores what it changes; "
                } else {
                    ""
                };
                let (instances, key_pairs) = request.reads;
                writeln!(
                    out,
                    "# {} ({alone}its state check reads {instances} instances and {key_pairs} key pairs)\n{}\n",
                    entry.full_name, request.curl
                )?;
            }
        }
    }
    writeln!(
        out,
        "dry run: {sent} requests would be sent, {} cases skipped; nothing was sent",
        entries.len() - sent
    )
}

/// Writes every `--report` file.
pub fn report_files(report: &Report, files: &[ReportFile]) -> Result<(), CliError> {
    for file in files {
        let text = match file.format {
            ReportFormat::Json => json::render(report),
            ReportFormat::Junit => junit::render(report).map_err(CliError::harness)?,
        };
        report_file::write(&file.path, &text)?;
    }
    Ok(())
}
