//! Legacy signature v1 (HmacSHA1 / HmacSHA256): the string to sign over every parameter, common
//! ones included, and its Base64 HMAC.

use std::borrow::Cow;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::Sha256;

/// The parameter that carries the signature (excluded from the string to sign).
pub const SIGNATURE_PARAM: &str = "Signature";
/// The parameter that selects the hash.
pub const SIGNATURE_METHOD_PARAM: &str = "SignatureMethod";

/// The hash of a v1 signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum V1Hash {
    /// `HmacSHA1`: the default when `SignatureMethod` is absent.
    Sha1,
    /// `HmacSHA256`: only when `SignatureMethod` is exactly `HmacSHA256`.
    Sha256,
}

impl V1Hash {
    /// The value of `SignatureMethod` naming this hash.
    pub fn name(self) -> &'static str {
        match self {
            V1Hash::Sha1 => "HmacSHA1",
            V1Hash::Sha256 => "HmacSHA256",
        }
    }

    /// The hash a `SignatureMethod` value selects: SHA-256 only for exactly `HmacSHA256`,
    /// SHA-1 otherwise (absent included), as documented.
    pub fn from_param(value: Option<&str>) -> V1Hash {
        match value {
            Some("HmacSHA256") => V1Hash::Sha256,
            _ => V1Hash::Sha1,
        }
    }
}

/// `METHOD + host + path + "?" + joined`, where `joined` is every parameter but `Signature`,
/// names with `_` written as `.`, sorted by name in byte order (stable), as raw `name=value`
/// joined by `&`. `path` is `/` for API 3.0 (`/v2/index.php` for the pre-3.0 API).
pub fn string_to_sign<K: AsRef<str>, V: AsRef<str>>(
    method: &str,
    host: &str,
    path: &str,
    params: &[(K, V)],
) -> String {
    // Names are copied only when they hold an `_` to replace.
    let mut sorted: Vec<(Cow<'_, str>, &str)> = params
        .iter()
        .filter(|(name, _)| name.as_ref() != SIGNATURE_PARAM)
        .map(|(name, value)| {
            let name = name.as_ref();
            let name = if name.contains('_') {
                Cow::Owned(name.replace('_', "."))
            } else {
                Cow::Borrowed(name)
            };
            (name, value.as_ref())
        })
        .collect();
    sorted.sort_by(|left, right| left.0.as_bytes().cmp(right.0.as_bytes()));
    let joined_len: usize = sorted
        .iter()
        .map(|(name, value)| name.len() + value.len() + 2)
        .sum();
    let mut out = String::with_capacity(method.len() + host.len() + path.len() + 1 + joined_len);
    out.push_str(method);
    out.push_str(host);
    out.push_str(path);
    out.push('?');
    for (index, (name, value)) in sorted.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// `Base64(HMAC(secret_key, string_to_sign))` with the chosen hash.
pub fn signature(secret_key: &str, string_to_sign: &str, hash: V1Hash) -> String {
    let engine = &base64::engine::general_purpose::STANDARD;
    match hash {
        V1Hash::Sha1 => {
            let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(secret_key.as_bytes())
                .expect("hmac accepts keys of any length");
            mac.update(string_to_sign.as_bytes());
            engine.encode(mac.finalize().into_bytes())
        }
        V1Hash::Sha256 => {
            let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret_key.as_bytes())
                .expect("hmac accepts keys of any length");
            mac.update(string_to_sign.as_bytes());
            engine.encode(mac.finalize().into_bytes())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(
        method: &str,
        host: &str,
        path: &str,
        params: &[(&str, &str)],
        key: &str,
        expected: (&str, &str),
    ) {
        let to_sign = string_to_sign(method, host, path, params);
        assert_eq!(to_sign, expected.0);
        let hash = V1Hash::from_param(
            params
                .iter()
                .find(|(name, _)| *name == SIGNATURE_METHOD_PARAM)
                .map(|(_, value)| *value),
        );
        assert_eq!(signature(key, &to_sign, hash), expected.1);
    }

    #[test]
    fn api3_doc_example_defaults_to_sha1() {
        check(
            "GET",
            "cvm.tencentcloudapi.com",
            "/",
            &[
                ("Action", "DescribeInstances"),
                ("Version", "2017-03-12"),
                ("Limit", "20"),
                ("InstanceIds.0", "ins-09dx96dg"),
                ("Nonce", "11886"),
                ("Offset", "0"),
                ("Region", "ap-guangzhou"),
                ("SecretId", "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"),
                ("Timestamp", "1465185768"),
                ("Signature", "ignored"),
            ],
            "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
            (
                "GETcvm.tencentcloudapi.com/?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Limit=20&Nonce=11886&Offset=0&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&Timestamp=1465185768&Version=2017-03-12",
                "EliP9YW3pW28FpsEdkXt/+WcGeI=",
            ),
        );
    }

    #[test]
    fn pre_3_0_pair() {
        let params = |method| {
            [
                ("Action", "DescribeInstances"),
                ("InstanceIds.0", "ins-09dx96dg"),
                ("Nonce", "11886"),
                ("Region", "ap-guangzhou"),
                ("SecretId", "AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA"),
                ("SignatureMethod", method),
                ("Timestamp", "1465185768"),
            ]
        };
        let key = "Gu5t9xGARNpq86cd98joQYCN3Cozk1qA";
        check(
            "GET",
            "cvm.api.qcloud.com",
            "/v2/index.php",
            &params("HmacSHA256"),
            key,
            (
                "GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Nonce=11886&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&SignatureMethod=HmacSHA256&Timestamp=1465185768",
                "0EEm/HtGRr/VJXTAD9tYMth1Bzm3lLHz5RCDv1GdM8s=",
            ),
        );
        check(
            "GET",
            "cvm.api.qcloud.com",
            "/v2/index.php",
            &params("HmacSHA1"),
            key,
            (
                "GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Nonce=11886&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&SignatureMethod=HmacSHA1&Timestamp=1465185768",
                "nPVnY6njQmwQ8ciqbPl5Qe+Oru4=",
            ),
        );
    }

    #[test]
    fn sorts_by_bytes_and_writes_underscores_as_dots() {
        let to_sign = string_to_sign(
            "POST",
            "h",
            "/",
            &[
                ("InstanceIds.2", "b"),
                ("InstanceIds.12", "a"),
                ("Placement_Zone", "z"),
                ("a", "lower"),
            ],
        );
        assert_eq!(
            to_sign,
            "POSTh/?InstanceIds.12=a&InstanceIds.2=b&Placement.Zone=z&a=lower"
        );
    }

    #[test]
    fn only_exact_hmac_sha256_selects_sha256() {
        assert_eq!(V1Hash::from_param(None), V1Hash::Sha1);
        assert_eq!(V1Hash::from_param(Some("HmacSHA256")), V1Hash::Sha256);
        assert_eq!(V1Hash::from_param(Some("hmacsha256")), V1Hash::Sha1);
        assert_eq!(V1Hash::from_param(Some("HmacSHA1")), V1Hash::Sha1);
    }
}
