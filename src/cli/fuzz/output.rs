//! What `tcconform fuzz` shows while it runs: a progress bar with cases/s and failing cases on a
//! terminal, a plain line every few seconds otherwise (CI logs).

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use crate::campaign::Progress as CampaignProgress;
use crate::report::fuzz::per_second;

/// How often the plain-line progress prints.
const LINE_EVERY: Duration = Duration::from_secs(5);

/// Progress on stderr.
pub enum Progress {
    /// A bar (bounded campaigns) or a spinner (by duration).
    Bar(ProgressBar),
    /// Plain lines, at most one per [`LINE_EVERY`].
    Lines {
        /// When the last line was printed.
        last: Instant,
    },
}

impl Progress {
    /// Progress of a campaign against `target`; a bar when stderr is a terminal.
    pub fn new(target: &str, bounded: bool) -> Progress {
        if !std::io::stderr().is_terminal() {
            eprintln!("fuzzing {target}");
            return Progress::Lines {
                last: Instant::now(),
            };
        }
        let bar = ProgressBar::new(0);
        let template = if bounded {
            "{spinner} [{bar:30}] {pos}/{len} cases {wide_msg}"
        } else {
            "{spinner} {elapsed_precise} {pos} cases {wide_msg}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.println(format!("fuzzing {target}"));
        Progress::Bar(bar)
    }

    /// The campaign moved on.
    pub fn update(&mut self, progress: &CampaignProgress) {
        let message = message(progress);
        match self {
            Progress::Bar(bar) => {
                if let Some(total) = progress.total {
                    bar.set_length(total);
                }
                bar.set_position(progress.cases);
                bar.set_message(message);
            }
            Progress::Lines { last } => {
                if last.elapsed() >= LINE_EVERY || progress.shrinking {
                    *last = Instant::now();
                    eprintln!("{} cases {message}", progress.cases);
                }
            }
        }
    }

    /// The campaign is over: clear the bar.
    pub fn finish(self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

fn message(progress: &CampaignProgress) -> String {
    let rate = per_second(progress.cases, progress.elapsed.as_secs_f64());
    let shrinking = if progress.shrinking {
        ", shrinking"
    } else {
        ""
    };
    let skipped = if progress.skipped > 0 {
        format!(", {} skipped", progress.skipped)
    } else {
        String::new()
    };
    format!(
        "{rate} cases/s, {} failing{skipped}{shrinking}",
        progress.failing
    )
}
