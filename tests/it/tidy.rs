//! Repository rules, checked on every `cargo test`: each source file says what it owns, no test is
//! ignored or expected to panic, no snapshot is pending or unreferenced (a scenario snapshot is
//! referenced while its case exists in `scenarios/`), files stay small.

use std::fs;
use std::path::{Path, PathBuf};

/// Non-test lines a source file may hold before it must be split by concept.
const MAX_NON_TEST_LINES: usize = 600;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files_under(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == extension) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn rust_sources() -> Vec<PathBuf> {
    ["src", "tests", "benches", "fuzz/fuzz_targets"]
        .iter()
        .flat_map(|dir| files_under(&root().join(dir), "rs"))
        .collect()
}

#[test]
fn every_source_file_starts_with_a_module_doc() {
    let missing: Vec<_> = rust_sources()
        .into_iter()
        .filter(|path| {
            !fs::read_to_string(path)
                .unwrap_or_default()
                .starts_with("//!")
        })
        .collect();
    assert!(
        missing.is_empty(),
        "add a `//!` line saying what the file owns: {missing:?}"
    );
}

#[test]
fn no_test_is_ignored_or_expected_to_panic() {
    let banned = [concat!("#[", "ignore"), concat!("#[", "should_panic")];
    let offenders: Vec<_> = rust_sources()
        .into_iter()
        .filter(|path| {
            let text = fs::read_to_string(path).unwrap_or_default();
            banned.iter().any(|attr| text.contains(attr))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "assert the behaviour instead: {offenders:?}"
    );
}

#[test]
fn source_files_stay_within_the_size_budget() {
    let too_big: Vec<_> = files_under(&root().join("src"), "rs")
        .into_iter()
        .filter_map(|path| {
            let text = fs::read_to_string(&path).unwrap_or_default();
            let non_test = text
                .lines()
                .take_while(|line| !line.starts_with("#[cfg(test)]"))
                .count();
            (non_test > MAX_NON_TEST_LINES).then_some((path, non_test))
        })
        .collect();
    assert!(too_big.is_empty(), "split these by concept: {too_big:?}");
}

#[test]
fn no_snapshot_is_pending() {
    let pending: Vec<_> = ["snap.new", "pending-snap"]
        .iter()
        .flat_map(|ext| files_under(root(), ext))
        .filter(|path| !path.starts_with(root().join("target")))
        .collect();
    assert!(
        pending.is_empty(),
        "review these with `cargo insta review`: {pending:?}"
    );
}

/// The snapshot names of the cases in `scenarios/`: a scenario snapshot is referenced exactly when
/// its case exists (`tests/it/scenarios.rs` asserts them all by name).
fn scenario_snapshot_names() -> std::collections::BTreeSet<String> {
    let dir = root().join("scenarios");
    if !dir.is_dir() {
        return Default::default();
    }
    let suite = tcconform::scenario::load_paths(&[dir])
        .unwrap_or_else(|errors| panic!("scenarios/ does not load:\n{}", errors.render()));
    suite
        .cases()
        .iter()
        .map(tcconform::runner::snapshot_name)
        .collect()
}

#[test]
fn every_snapshot_is_referenced_by_a_test() {
    let sources: String = rust_sources()
        .iter()
        .map(|path| fs::read_to_string(path).unwrap_or_default())
        .collect();
    let scenario_snapshots = scenario_snapshot_names();
    let unreferenced: Vec<_> = files_under(&root().join("snapshots"), "snap")
        .into_iter()
        .filter(|path| {
            let name = path
                .file_stem()
                .and_then(|stem| stem.to_str())
                .unwrap_or_default();
            let scenario = name.starts_with(tcconform::runner::snapshot::SNAPSHOT_PREFIX);
            if scenario {
                return !scenario_snapshots.contains(name);
            }
            !sources.contains(&format!("\"{name}\""))
        })
        .collect();
    assert!(
        unreferenced.is_empty(),
        "delete or reference these snapshots (a scenario snapshot is referenced while its case \
         exists in scenarios/): {unreferenced:?}"
    );
}
