//! The admin routes under `/_mock/`: plain JSON, not signed, loopback peers only. Reads, seeds and
//! resets a SecretId's world and manages its faults. Pure: the HTTP front passes the peer address.
//!
//! - `GET    /_mock/worlds/{secret_id}`: the world (see `world_doc`);
//! - `PUT    /_mock/worlds/{secret_id}`: seed the world from a document of the same shape;
//! - `POST   /_mock/worlds/{secret_id}/reset`: back to the world file, faults cleared;
//! - `GET    /_mock/worlds/{secret_id}/faults`: the active faults;
//! - `POST   /_mock/worlds/{secret_id}/faults`: add one fault (see `faults`);
//! - `DELETE /_mock/worlds/{secret_id}/faults`: clear every fault.
//!
//! Statuses: 200 with JSON on success; 400 for a bad document (with the reason); 403 for a peer
//! that is not loopback; 404 for an unknown route or a SecretId the mock does not accept; 405 for
//! a method the route does not serve. Error bodies are `{"error": "…"}`.

use std::net::IpAddr;

use serde_json::{json, Value};

use crate::mock::fault_spec::FaultSpec;
use crate::mock::service::MockService;
use crate::mock::world_doc;

/// Every admin route starts with this prefix.
pub const ADMIN_PREFIX: &str = "/_mock/";

/// An admin request as the HTTP front received it.
#[derive(Debug, Clone, Copy)]
pub struct AdminRequest<'a> {
    /// The HTTP method.
    pub method: &'a str,
    /// The request path, without the query.
    pub path: &'a str,
    /// The body (JSON for PUT and POST faults).
    pub body: &'a [u8],
    /// The peer's address; only loopback peers are served.
    pub peer: Option<IpAddr>,
}

/// The answer to an admin request: an HTTP status and a JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminReply {
    /// The HTTP status.
    pub status: u16,
    /// The JSON body.
    pub body: Vec<u8>,
}

/// Whether `peer` is a loopback address (IPv4-mapped IPv6 loopback included).
pub fn is_loopback(peer: IpAddr) -> bool {
    match peer {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map_or(v6.is_loopback(), |v4| v4.is_loopback()),
    }
}

impl MockService {
    /// Serve one admin request.
    pub fn admin(&self, request: &AdminRequest<'_>) -> AdminReply {
        if !request.peer.is_some_and(is_loopback) {
            return error(403, "the admin routes answer loopback peers only".into());
        }
        let Some(rest) = request.path.strip_prefix("/_mock/worlds/") else {
            return not_found(request.path);
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let (secret_id, route) = match rest.split_once('/') {
            Some((secret_id, route)) => (secret_id, route),
            None => (rest, ""),
        };
        if secret_id.is_empty() || !matches!(route, "" | "reset" | "faults") {
            return not_found(request.path);
        }
        if !self.knows(secret_id) {
            return error(
                404,
                format!("the mock does not accept the SecretId `{secret_id}`; add it with --credential ID:KEY"),
            );
        }
        match (route, request.method) {
            ("", "GET") => ok(world_doc::to_json(&self.world(secret_id))),
            ("", "PUT") => self.seed_from(secret_id, request.body),
            ("reset", "POST") => {
                self.reset(secret_id);
                ok(world_doc::to_json(&self.world(secret_id)))
            }
            ("faults", "GET") => ok(json!({ "faults": self.faults_json(secret_id) })),
            ("faults", "POST") => match FaultSpec::from_json(request.body) {
                Ok(fault) => {
                    self.add_fault(secret_id, fault);
                    ok(json!({ "faults": self.faults_json(secret_id) }))
                }
                Err(err) => error(400, err.to_string()),
            },
            ("faults", "DELETE") => {
                self.clear_faults(secret_id);
                ok(json!({ "faults": [] }))
            }
            (route, method) => {
                let allowed = match route {
                    "" => "GET, PUT",
                    "reset" => "POST",
                    _ => "GET, POST, DELETE",
                };
                error(405, format!("{method} is not served here; use {allowed}"))
            }
        }
    }

    fn seed_from(&self, secret_id: &str, body: &[u8]) -> AdminReply {
        let world = match world_doc::from_json(body) {
            Ok(world) => world,
            Err(err) => return error(400, err.to_string()),
        };
        if let Err(err) = self.seed(secret_id, world) {
            return error(400, err.to_string());
        }
        ok(world_doc::to_json(&self.world(secret_id)))
    }
}

fn ok(value: Value) -> AdminReply {
    AdminReply {
        status: 200,
        body: serde_json::to_vec(&value).unwrap_or_default(),
    }
}

fn error(status: u16, reason: String) -> AdminReply {
    AdminReply {
        status,
        body: serde_json::to_vec(&json!({ "error": reason })).unwrap_or_default(),
    }
}

fn not_found(path: &str) -> AdminReply {
    let shown: String = path.chars().take(200).collect();
    error(
        404,
        format!(
            "no admin route `{shown}`; the routes are /_mock/worlds/{{secret_id}}[/reset|/faults]"
        ),
    )
}

#[cfg(test)]
mod tests {
    use std::net::{Ipv4Addr, Ipv6Addr};

    use super::*;

    #[test]
    fn loopback_peers() {
        assert!(is_loopback(IpAddr::V4(Ipv4Addr::LOCALHOST)));
        assert!(is_loopback(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2))));
        assert!(is_loopback(IpAddr::V6(Ipv6Addr::LOCALHOST)));
        assert!(is_loopback(IpAddr::V6(
            Ipv4Addr::LOCALHOST.to_ipv6_mapped()
        )));
        assert!(!is_loopback(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1))));
        assert!(!is_loopback(IpAddr::V6(
            Ipv4Addr::new(192, 168, 1, 1).to_ipv6_mapped()
        )));
    }
}
