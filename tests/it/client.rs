//! The HTTP client against hostile loopback servers: silence, resets, garbage, huge bodies, and a
//! retry after a dropped connection. Every server here is a raw TCP listener on 127.0.0.1:0 that
//! serves a bounded number of connections.

use std::time::Duration;

use serde_json::json;
use tcconform::client::{Client, ClientConfig, ClientErrorKind};
use tcconform::wire::{self, Body, Credentials, RequestSpec, SecretKey, SignedRequest};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const OK_RESPONSE: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 63\r\n\r\n{\"Response\": {\"RequestId\": \"6ef60bec-0242-43af-bb20-270359fb54a7\"}}";

fn config(base_url: String) -> ClientConfig {
    ClientConfig {
        base_url,
        timeout: Duration::from_millis(500),
        connect_timeout: Duration::from_millis(500),
        max_body_bytes: 1024 * 1024,
        concurrency: 4,
        rate_per_second: None,
        retries: 0,
        backoff: Duration::from_millis(10),
        retry_throttled: false,
    }
}

fn signed(host: &str) -> SignedRequest {
    let params = json!({"InstanceIds": ["ins-w34e5rl9"], "KeyIds": ["skey-e3r6y7ji"]});
    let mut spec = RequestSpec::new(
        "DisassociateInstancesKeyPairs",
        1_700_000_000,
        1,
        Body::Params(params.as_object().cloned().unwrap_or_default()),
    );
    spec.host = host.to_owned();
    let credentials = Credentials {
        secret_id: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE".to_owned(),
        secret_key: SecretKey::new("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"),
        token: None,
    };
    wire::sign(&spec, &credentials).expect("signs")
}

/// Serves `connections` connections, each with `behaviour`, and returns the base URL and a task
/// yielding the raw bytes of every request head it read.
async fn serve<F, Fut>(
    connections: usize,
    behaviour: F,
) -> (String, tokio::task::JoinHandle<Vec<Vec<u8>>>)
where
    F: Fn(usize, tokio::net::TcpStream) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Vec<u8>> + Send,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let url = format!("http://{}", listener.local_addr().expect("has an address"));
    let task = tokio::spawn(async move {
        let mut seen = Vec::new();
        for index in 0..connections {
            let Ok(Ok((stream, _))) =
                tokio::time::timeout(Duration::from_secs(5), listener.accept()).await
            else {
                break;
            };
            seen.push(behaviour(index, stream).await);
        }
        seen
    });
    (url, task)
}

async fn read_head(stream: &mut tokio::net::TcpStream) -> Vec<u8> {
    let mut buffer = vec![0u8; 64 * 1024];
    let mut read = 0;
    while read < buffer.len() {
        match tokio::time::timeout(Duration::from_secs(2), stream.read(&mut buffer[read..])).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => break,
            Ok(Ok(n)) => read += n,
        }
        if buffer[..read]
            .windows(4)
            .any(|window| window == b"\r\n\r\n")
        {
            break;
        }
    }
    buffer.truncate(read);
    buffer
}

#[tokio::test]
async fn a_good_answer_comes_back_whole_and_the_signed_host_is_sent_verbatim() {
    let (url, task) = serve(1, |_, mut stream| async move {
        let head = read_head(&mut stream).await;
        let _ = stream.write_all(OK_RESPONSE).await;
        head
    })
    .await;
    let client = Client::new(config(url.clone())).expect("client");
    // The Python SDK's quirk: an endpoint with a scheme is sent (and signed) as the Host.
    let exchange = client.send(&signed(&url)).await.expect("an answer");
    assert_eq!(exchange.status, 200);
    assert_eq!(exchange.content_type(), Some("application/json"));
    assert!(exchange.body.starts_with(b"{\"Response\""));
    assert_eq!(exchange.attempts, 1);
    let heads = task.await.expect("server task");
    let head = String::from_utf8_lossy(&heads[0]).to_ascii_lowercase();
    assert!(
        head.contains(&format!("host: {}", url.to_ascii_lowercase())),
        "{head}"
    );
    assert!(
        head.contains("x-tc-action: disassociateinstanceskeypairs"),
        "{head}"
    );
}

#[tokio::test]
async fn silence_is_a_timeout() {
    let (url, _task) = serve(1, |_, mut stream| async move {
        let head = read_head(&mut stream).await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        head
    })
    .await;
    let client = Client::new(config(url)).expect("client");
    let err = client
        .send(&signed("cvm.tencentcloudapi.com"))
        .await
        .expect_err("no answer");
    assert!(
        matches!(err.kind(), ClientErrorKind::Timeout { .. }),
        "{err}"
    );
}

#[tokio::test]
async fn a_reset_is_a_transport_failure() {
    let (url, _task) = serve(1, |_, mut stream| async move {
        let head = read_head(&mut stream).await;
        drop(stream);
        head
    })
    .await;
    let client = Client::new(config(url)).expect("client");
    let err = client
        .send(&signed("cvm.tencentcloudapi.com"))
        .await
        .expect_err("broken");
    assert!(err.is_transient(), "{err}");
}

#[tokio::test]
async fn garbage_instead_of_http_is_a_transport_failure() {
    let (url, _task) = serve(1, |_, mut stream| async move {
        let head = read_head(&mut stream).await;
        let _ = stream.write_all(b"\x00\xffnot http at all\r\n\r\n").await;
        head
    })
    .await;
    let client = Client::new(config(url)).expect("client");
    let err = client
        .send(&signed("cvm.tencentcloudapi.com"))
        .await
        .expect_err("garbage");
    assert!(
        matches!(err.kind(), ClientErrorKind::Transport { .. }),
        "{err}"
    );
}

#[tokio::test]
async fn a_huge_body_is_cut_off_at_the_cap() {
    let (url, _task) = serve(1, |_, mut stream| async move {
        let head = read_head(&mut stream).await;
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n")
            .await;
        let chunk = vec![b'x'; 64 * 1024];
        for _ in 0..64 {
            if stream.write_all(&chunk).await.is_err() {
                break;
            }
        }
        head
    })
    .await;
    let mut config = config(url);
    config.max_body_bytes = 256 * 1024;
    let client = Client::new(config).expect("client");
    let err = client
        .send(&signed("cvm.tencentcloudapi.com"))
        .await
        .expect_err("too big");
    assert!(
        matches!(err.kind(), ClientErrorKind::BodyTooLarge { limit: 262_144 }),
        "{err}"
    );
}

#[tokio::test]
async fn a_dropped_connection_is_retried() {
    let (url, task) = serve(2, |index, mut stream| async move {
        let head = read_head(&mut stream).await;
        if index > 0 {
            let _ = stream.write_all(OK_RESPONSE).await;
        }
        head
    })
    .await;
    let mut config = config(url);
    config.retries = 2;
    let client = Client::new(config).expect("client");
    let exchange = client
        .send(&signed("cvm.tencentcloudapi.com"))
        .await
        .expect("second attempt answers");
    assert_eq!(exchange.attempts, 2);
    assert_eq!(task.await.expect("server task").len(), 2);
}

#[tokio::test]
async fn nothing_listening_is_a_connect_failure() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    drop(listener);
    let client = Client::new(config(url)).expect("client");
    let err = client
        .send(&signed("cvm.tencentcloudapi.com"))
        .await
        .expect_err("refused");
    assert!(
        matches!(err.kind(), ClientErrorKind::Connect { .. }),
        "{err}"
    );
}

#[test]
fn a_bad_url_is_refused_up_front() {
    for url in ["not a url", "ftp://127.0.0.1:21"] {
        let err = Client::new(config(url.to_owned())).expect_err("refused");
        assert!(
            matches!(err.kind(), ClientErrorKind::InvalidUrl { .. }),
            "{err}"
        );
    }
}
