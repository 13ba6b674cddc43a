//! JUnit XML (feature `junit`, through `quick-junit`): one test suite per scenario group, one test
//! case per case; a failure carries the first finding as its message and every finding, the
//! answer and the redacted reproducer as its description; a skipped case carries its reason. A
//! fuzz campaign is one suite with one test case per kind of finding.

use std::collections::BTreeMap;

use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};

use crate::campaign::{Bucket, CampaignReport};
use crate::report::human;
use crate::runner::{Outcome, Report};

/// The report could not be serialised.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the junit report: {0}")]
pub struct JunitError(String);

/// `report` as JUnit XML.
pub fn render(report: &Report) -> Result<String, JunitError> {
    let mut junit = quick_junit::Report::new("tcconform");
    junit.set_time(report.elapsed);
    let mut suites: BTreeMap<&str, TestSuite> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for case in &report.cases {
        let status = match &case.outcome {
            Outcome::Pass => TestCaseStatus::success(),
            Outcome::Fail(findings) => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                if let Some(first) = findings.first() {
                    status.set_message(first.to_string());
                    status.set_type(first.check.name());
                }
                status.set_description(human::failure(case));
                status
            }
            Outcome::Skipped { reason } => {
                let mut status = TestCaseStatus::skipped();
                status.set_message(reason.as_str());
                status
            }
        };
        let mut test_case = TestCase::new(case.name.as_str(), status);
        test_case.set_classname(case.group.as_str());
        test_case.set_time(case.elapsed);
        let suite = suites.entry(case.group.as_str()).or_insert_with(|| {
            order.push(case.group.as_str());
            TestSuite::new(case.group.as_str())
        });
        suite.add_test_case(test_case);
    }
    for group in order {
        if let Some(suite) = suites.remove(group) {
            junit.add_test_suite(suite);
        }
    }
    junit.to_string().map_err(|err| JunitError(err.to_string()))
}

/// A fuzz campaign as JUnit XML: one suite, one test case per kind of finding (failed with the
/// shrunk case's violation and its reproducers when the campaign hit it).
pub fn render_campaign(report: &CampaignReport) -> Result<String, JunitError> {
    let mut junit = quick_junit::Report::new("tcconform fuzz");
    junit.set_time(report.elapsed);
    let mut suite = TestSuite::new(format!("fuzz seed {}", report.seed));
    for bucket in Bucket::ALL {
        let found = report.buckets.iter().find(|found| found.bucket == bucket);
        let status = match found {
            None => TestCaseStatus::success(),
            Some(found) => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status.set_message(format!(
                    "{} of {} cases: {}",
                    found.cases, report.cases, found.violation
                ));
                status.set_type(bucket.name());
                let mut description = format!("{:?}\n", found.minimal);
                if let Some(curl) = &found.curl {
                    description.push_str(curl);
                }
                status.set_description(description);
                status
            }
        };
        let mut case = TestCase::new(bucket.title(), status);
        case.set_classname(bucket.name());
        suite.add_test_case(case);
    }
    junit.add_test_suite(suite);
    junit.to_string().map_err(|err| JunitError(err.to_string()))
}
