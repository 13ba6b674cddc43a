//! The fixtures file of a real target: which real resource plays each role (`[roles]`), and
//! optionally the snapshot profile and the region. Role names are checked against the role table
//! and IDs against the ID grammar, with a did-you-mean and the classifier's reason.
//!
//! ```toml
//! profile = "staging"
//! region = "ap-guangzhou"
//!
//! [roles]
//! stopped_linux = "ins-w34e5rl9"
//! bound_key = "skey-e3r6y7ji"
//! ```

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use toml::Spanned;

use crate::contract::{ids, roles};
use crate::scenario::diagnostic::{Diagnostic, LoadErrors};
use crate::scenario::format::FixturesDto;
use crate::scenario::params::unknown_role;
use crate::scenario::parse::{deserialize_collecting, parse_tree, SourceFile};
use crate::scenario::validate::is_slug;

/// A validated fixtures file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixtures {
    path: PathBuf,
    profile: Option<String>,
    region: Option<String>,
    roles: BTreeMap<String, String>,
}

impl Fixtures {
    /// The file it was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The snapshot profile (`snapshots/<profile>/`), if the file names one.
    pub fn profile(&self) -> Option<&str> {
        self.profile.as_deref()
    }

    /// The region, if the file names one.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// Role → real ID, for [`crate::scenario::Case::resolve`].
    pub fn roles(&self) -> &BTreeMap<String, String> {
        &self.roles
    }
}

/// Read and validate the fixtures file at `path`.
pub fn load_fixtures(path: &Path) -> Result<Fixtures, LoadErrors> {
    match fs::read_to_string(path) {
        Ok(text) => parse_fixtures(path, &text),
        Err(error) => Err(LoadErrors::new(vec![Diagnostic::file(
            path,
            format!("cannot read the fixtures file: {error}"),
        )
        .with_help("give the path of a TOML file with a [roles] table")])),
    }
}

/// Validate a fixtures file's text; `path` names it in diagnostics.
pub fn parse_fixtures(path: &Path, text: &str) -> Result<Fixtures, LoadErrors> {
    let file = SourceFile { path, text };
    let tree = parse_tree(file).map_err(|diagnostic| LoadErrors::new(vec![*diagnostic]))?;
    let collected = deserialize_collecting::<FixturesDto>(file, text.to_owned(), &tree);
    let mut diagnostics = collected.diagnostics;
    let Some(dto) = collected.value else {
        return Err(LoadErrors::new(diagnostics));
    };
    if let Some(profile) = &dto.profile {
        if !is_slug(profile.get_ref()) {
            diagnostics.push(
                file.diag(
                    profile.span(),
                    format!("`{}` cannot name a profile", profile.get_ref()),
                )
                .with_label("not lower-case letters, digits, `-` and `_`")
                .with_help(
                    "the profile names a directory under snapshots/: write it like `staging`",
                ),
            );
        }
    }
    if let Some(region) = &dto.region {
        let text = region.get_ref();
        if text.is_empty()
            || !text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            diagnostics.push(
                file.diag(region.span(), format!("`{text}` is not a region"))
                    .with_label("a region is lower-case letters, digits and `-`")
                    .with_help("write it like `region = \"ap-guangzhou\"`"),
            );
        }
    }
    let mut assigned: BTreeMap<String, String> = BTreeMap::new();
    let mut owners: BTreeMap<&str, &str> = BTreeMap::new();
    for (key, id) in &dto.roles {
        let role = Spanned::new(key.span_or(id.span()), key.name().to_owned());
        let Some(spec) = roles::role_spec(role.get_ref()) else {
            diagnostics.push(unknown_role(file, role.span(), role.get_ref(), ""));
            continue;
        };
        let kind = match spec.kind {
            roles::RoleKind::Instance(_) => ids::IdKind::Instance,
            roles::RoleKind::KeyPair => ids::IdKind::KeyPair,
        };
        if let Some(reason) = ids::classify(kind, id.get_ref()).reason() {
            diagnostics.push(
                file.diag(
                    id.span(),
                    format!("malformed {} for role `{}`", kind.noun(), role.get_ref()),
                )
                .with_label(reason.to_string())
                .with_help(format!(
                    "`{}` is {}: `{}` and 8 lower-case letters or digits, e.g. `{}`",
                    role.get_ref(),
                    if kind == ids::IdKind::Instance {
                        "an instance"
                    } else {
                        "a key pair"
                    },
                    kind.prefix(),
                    spec.default_id
                )),
            );
            continue;
        }
        if let Some(other) = owners.get(id.get_ref().as_str()) {
            diagnostics.push(
                file.diag(id.span(), format!("`{}` plays two roles", id.get_ref()))
                    .with_label(format!("already the `{other}`"))
                    .with_help(
                        "each role needs its own resource, since each name implies its own state",
                    ),
            );
            continue;
        }
        owners.insert(id.get_ref(), key.name());
        assigned.insert(role.into_inner(), id.get_ref().clone());
    }
    if !diagnostics.is_empty() {
        return Err(LoadErrors::new(diagnostics));
    }
    Ok(Fixtures {
        path: path.to_owned(),
        profile: dto.profile.map(|profile| profile.into_inner()),
        region: dto.region.map(|region| region.into_inner()),
        roles: assigned,
    })
}
