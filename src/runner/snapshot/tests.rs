//! Unit tests of the snapshot rendering and file format.

use super::*;
use crate::runner::answer::NoAnswer;

fn response(body: &str) -> Answer {
    Answer::Response {
        status: 200,
        content_type: Some("application/json".to_owned()),
        body: body.as_bytes().to_vec(),
    }
}

#[test]
fn bodies_are_sorted_pretty_and_redacted() {
    let rendered = render(&response(
        r#"{"Response":{"RequestId":"6ef60bec-0242-43af-bb20-270359fb54a7","Error":{"Message":"timestamp 1700000000, server time 1700000601 (300 s; 10485761 bytes)","Code":"AuthFailure.SignatureExpire"}}}"#,
    ));
    assert_eq!(
        rendered,
        r#"status: 200
content-type: application/json
body:
{
  "Response": {
    "Error": {
      "Code": "AuthFailure.SignatureExpire",
      "Message": "timestamp [timestamp], server time [timestamp] (300 s; 10485761 bytes)"
    },
    "RequestId": "[request-id]"
  }
}"#
    );
}

#[test]
fn other_answers_render_stably() {
    let garbage = Answer::Response {
        status: 502,
        content_type: None,
        body: b"<html>\x07bad</html>".to_vec(),
    };
    assert_eq!(
        render(&garbage),
        "status: 502\ncontent-type: (none)\nbody (not json, 17 bytes):\n<html>\\u{7}bad</html>"
    );
    assert_eq!(
        render(&response("")),
        "status: 200\ncontent-type: application/json\nbody: (empty)"
    );
    let nothing = Answer::Nothing {
        why: NoAnswer::Broken,
        detail: "error sending request for url (http://127.0.0.1:4242/)".to_owned(),
    };
    assert_eq!(
        render(&nothing),
        "no response: the connection broke before a complete answer"
    );
}

#[test]
fn names_and_places() {
    assert_eq!(name_of("unbind/one-pair"), "scenario__unbind__one-pair");
    let base = Path::new("snapshots");
    assert_eq!(snapshot_dir(base, None), base);
    assert_eq!(snapshot_dir(base, Some("mock")), base);
    assert_eq!(snapshot_dir(base, Some("staging")), base.join("staging"));
    assert_eq!(
        snapshot_path(base, "scenario__a__b"),
        base.join("scenario__a__b.snap")
    );
}

#[test]
fn the_file_format_is_insta_s() {
    let text = file_text("status: 200\nbody: (empty)");
    assert_eq!(
        text,
        "---\nsource: tests/it/scenarios.rs\nexpression: normalised_response\n---\nstatus: 200\nbody: (empty)\n"
    );
    assert_eq!(stored_content(&text), "status: 200\nbody: (empty)\n");
    assert_eq!(stored_content("no header"), "no header");
}

#[test]
fn comparison_reports_missing_and_changed_snapshots() {
    let path = Path::new("snapshots/scenario__a__b.snap");
    let rendered = "status: 200\nline";
    assert_eq!(compare(path, Some(&file_text(rendered)), rendered), None);
    let crlf = file_text(rendered).replace('\n', "\r\n");
    assert_eq!(compare(path, Some(&crlf), rendered), None);
    let missing = compare(path, None, rendered).unwrap();
    assert_eq!(missing.check, Check::Snapshot);
    assert_eq!(
        missing.message,
        "no snapshot at snapshots/scenario__a__b.snap"
    );
    let changed = compare(path, Some(&file_text("status: 200\nother")), rendered).unwrap();
    assert_eq!(
        changed.detail.as_deref(),
        Some("- stored, + this run:\n  status: 200\n- other\n+ line")
    );
}
