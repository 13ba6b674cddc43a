//! `tcconform sign`: sign one request and print every stage, then a ready curl command.

use std::io::Write;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;
use clap::{Args, ValueEnum};
use serde_json::{Map, Value};

use crate::cli::exit;
use crate::cli::CliError;
use crate::contract;
use crate::wire::{
    self, Body, Credentials, Encoding, RequestSpec, SecretKey, SignMethod, SigningTrace,
};

const SIGN_HELP: &str = "\
Credentials come from TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY (and
TENCENTCLOUD_SESSION_TOKEN, sent as X-TC-Token). The secret key is never printed.

Compare each printed stage with what your own code computes: the first stage that
differs is where the bug is. The usual suspects: the body you sign is not the body you
send (spacing, key order, escaping), the Host differs (a port, a scheme), the date in the
credential scope is not the UTC date of the timestamp, or the clock is off by more than
five minutes.";

/// Flags of `tcconform sign`.
#[derive(Debug, Args)]
#[command(after_help = SIGN_HELP)]
pub struct SignArgs {
    /// The action, sent in X-TC-Action (or Action= for v1).
    #[arg(long, default_value = "DisassociateInstancesKeyPairs")]
    action: String,
    /// The API version.
    #[arg(long, default_value = contract::VERSION)]
    version: String,
    /// The region; omitted from the request when empty.
    #[arg(long, env = "TENCENTCLOUD_REGION", default_value = "ap-guangzhou")]
    region: String,
    /// The Host header, signed verbatim (include ":port" for a custom endpoint).
    #[arg(long, default_value = contract::DEFAULT_HOST)]
    host: String,
    /// Unix seconds to sign with; defaults to now.
    #[arg(long)]
    timestamp: Option<i64>,
    /// Override the Content-Type header (it is signed), e.g. "application/json; charset=utf-8".
    #[arg(long)]
    content_type: Option<String>,
    /// HTTP method: POST sends the body; GET sends the parameters as a query string.
    #[arg(long, value_enum, default_value_t = Method::Post)]
    method: Method,
    /// Signature method: TC3-HMAC-SHA256, or legacy v1 HmacSHA1 / HmacSHA256.
    #[arg(long, value_enum, default_value_t = SignMethodArg::Tc3)]
    sign_method: SignMethodArg,
    /// The request body. For TC3 POST it is signed byte for byte as given; otherwise it must be a
    /// JSON object of parameters, flattened to Name.N form.
    #[arg(long, conflicts_with = "body_file", default_value = "{}")]
    body: String,
    /// Read the body from this file instead (byte for byte).
    #[arg(long, value_name = "PATH")]
    body_file: Option<PathBuf>,
    /// An extra header to sign besides content-type and host, e.g. x-tc-action (repeatable).
    #[arg(long = "signed-header", value_name = "NAME")]
    signed_headers: Vec<String>,
    /// The Nonce of a v1 request.
    #[arg(long, default_value_t = 11886)]
    nonce: u64,
    /// X-TC-Language (zh-CN or en-US); not sent when absent.
    #[arg(long)]
    language: Option<String>,
    /// The URL the curl command targets; defaults to https://HOST/ (or HOST itself when it
    /// already has a scheme).
    #[arg(long)]
    url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Method {
    Post,
    Get,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SignMethodArg {
    /// TC3-HMAC-SHA256 (signature v3)
    Tc3,
    /// HmacSHA1 (legacy signature v1)
    HmacSha1,
    /// HmacSHA256 (legacy signature v1)
    HmacSha256,
}

/// Signs the request the flags describe and prints its stages.
pub fn run(args: &SignArgs, out: &mut dyn Write) -> Result<u8, CliError> {
    let credentials = credentials_from_env()?;
    let spec = spec_from_args(args)?;
    let signed = wire::sign(&spec, &credentials).map_err(CliError::usage)?;
    let url = args.url.clone().unwrap_or_else(|| default_url(&args.host));
    print_signed(out, &spec, &signed, &url).map_err(CliError::harness)?;
    Ok(exit::OK)
}

fn credentials_from_env() -> Result<Credentials, CliError> {
    let read = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    let secret_id = read("TENCENTCLOUD_SECRET_ID");
    let secret_key = read("TENCENTCLOUD_SECRET_KEY");
    let (Some(secret_id), Some(secret_key)) = (secret_id, secret_key) else {
        return Err(CliError::usage(anyhow::anyhow!(
            "set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY to the key pair to sign with"
        )));
    };
    Ok(Credentials {
        secret_id,
        secret_key: SecretKey::new(secret_key),
        token: read("TENCENTCLOUD_SESSION_TOKEN"),
    })
}

fn spec_from_args(args: &SignArgs) -> Result<RequestSpec, CliError> {
    let body = match &args.body_file {
        Some(path) => std::fs::read(path)
            .with_context(|| format!("cannot read the body file {}", path.display()))
            .map_err(CliError::usage)?,
        None => args.body.clone().into_bytes(),
    };
    let sign_method = match args.sign_method {
        SignMethodArg::Tc3 => SignMethod::Tc3,
        SignMethodArg::HmacSha1 => SignMethod::HmacSha1,
        SignMethodArg::HmacSha256 => SignMethod::HmacSha256,
    };
    let encoding = match (args.method, sign_method) {
        (Method::Get, _) => Encoding::Query,
        (Method::Post, SignMethod::Tc3) => Encoding::Json,
        (Method::Post, _) => Encoding::Form,
    };
    let body = if encoding == Encoding::Json {
        Body::Raw(body)
    } else {
        Body::Params(params_object(&body)?)
    };
    let timestamp = args.timestamp.unwrap_or_else(now);
    let mut spec = RequestSpec::new(&args.action, timestamp, args.nonce, body);
    spec.version = args.version.clone();
    spec.region = Some(args.region.clone()).filter(|region| !region.is_empty());
    spec.host = args.host.clone();
    spec.language = args.language.clone();
    spec.encoding = encoding;
    spec.sign_method = sign_method;
    spec.content_type = args.content_type.clone();
    spec.extra_signed_headers = args
        .signed_headers
        .iter()
        .map(|name| extra_header(&spec, name))
        .collect::<Result<_, _>>()?;
    Ok(spec)
}

/// The value an extra signed header takes: the request's own value for the X-TC-* headers.
fn extra_header(spec: &RequestSpec, name: &str) -> Result<(String, String), CliError> {
    let value = match name.to_ascii_lowercase().as_str() {
        "x-tc-action" => spec.action.clone(),
        "x-tc-version" => spec.version.clone(),
        "x-tc-timestamp" => spec.timestamp.to_string(),
        "x-tc-region" => spec.region.clone().unwrap_or_default(),
        other => {
            return Err(CliError::usage(anyhow::anyhow!(
                "cannot sign the header `{other}`: only x-tc-action, x-tc-version, x-tc-timestamp \
                 and x-tc-region can be added to content-type and host"
            )))
        }
    };
    Ok((name.to_owned(), value))
}

fn params_object(body: &[u8]) -> Result<Map<String, Value>, CliError> {
    let value: Value = serde_json::from_slice(body)
        .context("with GET or v1 signing the body must be a JSON object of parameters")
        .map_err(CliError::usage)?;
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(CliError::usage(anyhow::anyhow!(
            "with GET or v1 signing the body must be a JSON object of parameters, like {{\"InstanceIds\": [\"ins-w34e5rl9\"]}}"
        ))),
    }
}

fn default_url(host: &str) -> String {
    if host.contains("://") {
        host.to_owned()
    } else {
        format!("https://{host}")
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}

fn print_signed(
    out: &mut dyn Write,
    spec: &RequestSpec,
    signed: &wire::SignedRequest,
    url: &str,
) -> std::io::Result<()> {
    writeln!(out, "Request")?;
    writeln!(
        out,
        "  {} {}{}",
        signed.method(),
        url.trim_end_matches('/'),
        signed.path_and_query()
    )?;
    writeln!(
        out,
        "  action {}, version {}, region {}, timestamp {} ({} UTC), {}",
        spec.action,
        spec.version,
        spec.region.as_deref().unwrap_or("(none)"),
        spec.timestamp,
        wire::utc_date(spec.timestamp),
        spec.sign_method.name(),
    )?;
    writeln!(out)?;
    match signed.trace() {
        SigningTrace::Tc3(trace) => {
            stage(
                out,
                "1. HashedRequestPayload (hex SHA-256 of the body)",
                &trace.hashed_payload,
            )?;
            stage(out, "2. CanonicalRequest", &trace.canonical_request)?;
            stage(
                out,
                "2b. HashedCanonicalRequest",
                &trace.hashed_canonical_request,
            )?;
            stage(out, "3. StringToSign", &trace.string_to_sign)?;
            stage(out, "4. Signature", &trace.signature)?;
            stage(out, "5. Authorization", &trace.authorization)?;
        }
        SigningTrace::V1(trace) => {
            stage(out, "1. StringToSign", &trace.string_to_sign)?;
            stage(
                out,
                "2. Signature (Base64, sent URL-encoded)",
                &trace.signature,
            )?;
        }
    }
    writeln!(out, "curl")?;
    writeln!(out, "{}", signed.curl(url))?;
    Ok(())
}

/// Prints one stage: the value as it is, and, when it spans lines, as one escaped line too, so
/// that blank lines and trailing newlines are unambiguous.
fn stage(out: &mut dyn Write, title: &str, value: &str) -> std::io::Result<()> {
    writeln!(out, "{title}")?;
    for line in value.split('\n') {
        writeln!(out, "  {line}")?;
    }
    if value.contains('\n') {
        writeln!(out, "  as one line: {}", Value::String(value.to_owned()))?;
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Wrapper {
        #[command(flatten)]
        args: SignArgs,
    }

    fn parse(argv: &[&str]) -> SignArgs {
        Wrapper::try_parse_from(std::iter::once("sign").chain(argv.iter().copied()))
            .unwrap()
            .args
    }

    #[test]
    fn defaults_describe_a_tc3_json_post_of_the_action_under_test() {
        let args = parse(&["--timestamp", "1700000000"]);
        let spec = spec_from_args(&args).unwrap();
        assert_eq!(spec.action, "DisassociateInstancesKeyPairs");
        assert_eq!(spec.encoding, Encoding::Json);
        assert_eq!(spec.sign_method, SignMethod::Tc3);
        assert_eq!(spec.host, contract::DEFAULT_HOST);
    }

    #[test]
    fn get_and_v1_take_a_parameter_object() {
        let args = parse(&[
            "--method",
            "get",
            "--body",
            "{\"InstanceIds\": [\"ins-w34e5rl9\"]}",
        ]);
        assert_eq!(spec_from_args(&args).unwrap().encoding, Encoding::Query);
        let args = parse(&["--sign-method", "hmac-sha256", "--body", "[1]"]);
        assert!(spec_from_args(&args).is_err());
    }

    #[test]
    fn extra_signed_headers_take_the_request_values() {
        let args = parse(&[
            "--action",
            "DescribeInstances",
            "--signed-header",
            "x-tc-action",
        ]);
        let spec = spec_from_args(&args).unwrap();
        assert_eq!(
            spec.extra_signed_headers,
            vec![("x-tc-action".to_owned(), "DescribeInstances".to_owned())]
        );
        let args = parse(&["--signed-header", "x-custom"]);
        assert!(spec_from_args(&args).is_err());
    }

    #[test]
    fn a_url_is_derived_from_the_host() {
        assert_eq!(
            default_url("cvm.tencentcloudapi.com"),
            "https://cvm.tencentcloudapi.com"
        );
        assert_eq!(
            default_url("http://127.0.0.1:9000"),
            "http://127.0.0.1:9000"
        );
    }
}
