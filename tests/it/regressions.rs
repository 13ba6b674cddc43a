//! Fuzz inputs as tests, on stable, without cargo-fuzz: every committed seed
//! (`fuzz/seeds/<target>/`) and crash reproducer (`fuzz/regressions/<target>/`) replays through
//! its target's body in `tcconform::fuzz_entry`, and each body then runs on a few thousand
//! deterministic pseudo-random inputs (mutated seeds and raw bytes). A new crash file needs no
//! new code: drop it in `fuzz/regressions/<target>/` (see `fuzz/README.md`).

use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tcconform::fuzz_entry::{self, TARGETS};
use tcconform::mock::Mutant;

/// Pseudo-random inputs per target.
const RANDOM_INPUTS: usize = 2000;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The input files under `dir`, sorted, without `README.md` and dotfiles.
fn inputs(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .filter(|path| {
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or(".");
            !name.starts_with('.') && name != "README.md"
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let bytes =
                fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            (path, bytes)
        })
        .collect()
}

/// Runs `body` on `input`, turning a panic into its message.
fn run(body: fn(&[u8]), input: &[u8]) -> Result<(), String> {
    panic::catch_unwind(AssertUnwindSafe(|| body(input))).map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| {
                payload
                    .downcast_ref::<&str>()
                    .map(|text| (*text).to_owned())
            })
            .unwrap_or_else(|| "a panic".to_owned())
    })
}

#[test]
fn every_committed_seed_and_regression_replays() {
    let mut failures = Vec::new();
    for (name, body) in TARGETS {
        let seeds = inputs(&fuzz_dir().join("seeds").join(name));
        assert!(!seeds.is_empty(), "fuzz/seeds/{name}/ has no seed");
        let regressions = inputs(&fuzz_dir().join("regressions").join(name));
        for (path, bytes) in seeds.iter().chain(&regressions) {
            if let Err(message) = run(*body, bytes) {
                failures.push(format!("{}: {message}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_target_has_its_file_bin_seeds_and_regressions() {
    let manifest = fs::read_to_string(fuzz_dir().join("Cargo.toml")).unwrap();
    let mut files: Vec<String> = fs::read_dir(fuzz_dir().join("fuzz_targets"))
        .unwrap()
        .flatten()
        .filter_map(|entry| {
            entry
                .file_name()
                .to_str()?
                .strip_suffix(".rs")
                .map(str::to_owned)
        })
        .collect();
    files.sort();
    let mut names: Vec<String> = TARGETS.iter().map(|(name, _)| (*name).to_owned()).collect();
    names.sort();
    assert_eq!(
        files, names,
        "fuzz/fuzz_targets/ and fuzz_entry::TARGETS differ"
    );
    for name in &names {
        let source =
            fs::read_to_string(fuzz_dir().join("fuzz_targets").join(format!("{name}.rs"))).unwrap();
        assert!(
            source.contains(&format!("fuzz_entry::{name}(data)")),
            "{name}.rs calls another body"
        );
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "fuzz/Cargo.toml has no [[bin]] {name}"
        );
        assert!(
            fuzz_dir().join("regressions").join(name).is_dir(),
            "no fuzz/regressions/{name}/"
        );
    }
}

#[test]
fn the_seeds_that_catch_each_mutant_still_catch_it() {
    let dir = fuzz_dir().join("seeds").join("mock_vs_oracle");
    for mutant in Mutant::ALL {
        let path = dir.join(format!("catches-{}", mutant.name()));
        let bytes = fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let (case, violations) = fuzz_entry::mock_vs_oracle_run(&bytes, Some(*mutant));
        assert!(
            !violations.is_empty(),
            "{mutant} is no longer caught by {case:?}"
        );
        assert!(fuzz_entry::mock_vs_oracle_run(&bytes, None).1.is_empty());
    }
}

#[test]
fn every_target_holds_on_pseudo_random_inputs() {
    for (index, (name, body)) in TARGETS.iter().enumerate() {
        let seeds: Vec<Vec<u8>> = inputs(&fuzz_dir().join("seeds").join(name))
            .into_iter()
            .map(|(_, bytes)| bytes)
            .collect();
        let mut rng = StdRng::seed_from_u64(0x0f0f_0000 + index as u64);
        for round in 0..RANDOM_INPUTS {
            let input = if round % 4 == 0 || seeds.is_empty() {
                let len = rng.gen_range(0..512);
                (0..len).map(|_| rng.gen()).collect()
            } else {
                mutate(&mut rng, &seeds[round % seeds.len()], &seeds)
            };
            if let Err(message) = run(*body, &input) {
                panic!("{name}, input {round} {input:?}: {message}");
            }
        }
    }
}

/// `seed` changed in one to four places: a byte flipped, inserted or deleted, a chunk repeated,
/// or a chunk of another seed spliced in.
fn mutate(rng: &mut StdRng, seed: &[u8], seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut out = seed.to_vec();
    for _ in 0..rng.gen_range(1..=4) {
        let at = rng.gen_range(0..=out.len());
        match rng.gen_range(0..5) {
            0 if at < out.len() => out[at] ^= 1 << rng.gen_range(0..8),
            1 => out.insert(at, rng.gen()),
            2 if at < out.len() => {
                out.remove(at);
            }
            3 => {
                let end = rng.gen_range(at..=out.len().min(at + 16));
                let chunk = out[at..end].to_vec();
                out.splice(at..at, chunk);
            }
            _ => {
                let other = &seeds[rng.gen_range(0..seeds.len())];
                let start = rng.gen_range(0..=other.len());
                let end = rng.gen_range(start..=other.len().min(start + 32));
                out.splice(at..at, other[start..end].iter().copied());
            }
        }
    }
    out
}
