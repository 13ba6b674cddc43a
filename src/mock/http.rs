//! The mock's HTTP front (feature `server`): an axum router over [`MockService`], and [`spawn`],
//! which binds a socket and serves until [`MockHandle::shutdown`]. The only code of the crate that
//! binds sockets and the only code of the mock that reads the clock.
//!
//! Handlers are thin: read the raw request (body capped at [`BODY_READ_CAP`], `Host` and every
//! other header verbatim), hand it to the service with the current time, and turn its reply into
//! HTTP (waiting out any latency fault; a dropped connection is a body stream that fails at once).

use std::borrow::Cow;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::mock::admin::{is_loopback, AdminReply, AdminRequest, ADMIN_PREFIX};
use crate::mock::protocol::BODY_READ_CAP;
use crate::mock::service::{MockConfig, MockService, Reply};
use crate::wire::envelope::CONTENT_TYPE;
use crate::wire::Received;

/// The most body bytes an admin request may carry (a seed document of a large world).
pub const ADMIN_BODY_CAP: usize = 256 * 1024 * 1024;

/// How long [`MockHandle::shutdown`] waits for open connections before closing them.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Why the mock could not start or stop cleanly.
#[derive(Debug, thiserror::Error)]
pub enum MockError {
    /// The address cannot be bound.
    #[error("cannot listen on {addr}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// The server stopped with an error.
    #[error("the mock server failed")]
    Serve(#[source] io::Error),
    /// The server task panicked or was cancelled.
    #[error("the mock server task ended abnormally: {0}")]
    Task(String),
}

/// A running mock server.
#[derive(Debug)]
pub struct MockHandle {
    addr: SocketAddr,
    service: Arc<MockService>,
    stop: oneshot::Sender<()>,
    task: JoinHandle<io::Result<()>>,
}

impl MockHandle {
    /// The address it listens on (the real port when asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`, the endpoint to give clients.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The service behind it, for in-process inspection.
    pub fn service(&self) -> &Arc<MockService> {
        &self.service
    }

    /// Stop accepting connections, let open ones finish (up to [`SHUTDOWN_GRACE`]), and wait.
    pub async fn shutdown(self) -> Result<(), MockError> {
        let MockHandle { stop, mut task, .. } = self;
        let _ = stop.send(());
        match tokio::time::timeout(SHUTDOWN_GRACE, &mut task).await {
            Ok(Ok(Ok(()))) => Ok(()),
            Ok(Ok(Err(err))) => Err(MockError::Serve(err)),
            Ok(Err(err)) => Err(MockError::Task(err.to_string())),
            Err(_) => {
                task.abort();
                Ok(())
            }
        }
    }
}

/// The router of the mock: admin routes under `/_mock/`, every other request to the API.
/// Serve it with `into_make_service_with_connect_info::<SocketAddr>()` so that the admin routes
/// see the peer; without connection info they answer 403.
pub fn app(service: Arc<MockService>) -> Router {
    router(service, None)
}

/// The router with the peer of every request known in advance: `Some(ip)` when the listener is
/// bound to a loopback address `ip`, whose connections can only come from this host.
fn router(service: Arc<MockService>, loopback_peer: Option<IpAddr>) -> Router {
    let state = AppState {
        service,
        started: Instant::now(),
        loopback_peer,
    };
    Router::new().fallback(handle).with_state(state)
}

/// Bind `addr` (e.g. `127.0.0.1:0`) and serve a new mock of `config` on it, in the background.
pub async fn spawn(config: MockConfig, addr: SocketAddr) -> Result<MockHandle, MockError> {
    spawn_service(Arc::new(MockService::new(config)), addr).await
}

/// Like [`spawn`], with a service the caller keeps a handle on.
pub async fn spawn_service(
    service: Arc<MockService>,
    addr: SocketAddr,
) -> Result<MockHandle, MockError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| MockError::Bind { addr, source })?;
    let bound = listener
        .local_addr()
        .map_err(|source| MockError::Bind { addr, source })?;
    let (stop, stopped) = oneshot::channel::<()>();
    let stopped = async move {
        let _ = stopped.await;
    };
    // A listener on a loopback address only ever sees this host's peers: no per-request
    // connection info is needed to guard the admin routes, and none is attached.
    let task = if is_loopback(bound.ip()) {
        let router = router(Arc::clone(&service), Some(bound.ip()));
        tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(stopped)
                .await
        })
    } else {
        let make_service =
            app(Arc::clone(&service)).into_make_service_with_connect_info::<SocketAddr>();
        tokio::spawn(async move {
            axum::serve(listener, make_service)
                .with_graceful_shutdown(stopped)
                .await
        })
    };
    Ok(MockHandle {
        addr: bound,
        service,
        stop,
        task,
    })
}

#[derive(Debug, Clone)]
struct AppState {
    service: Arc<MockService>,
    started: Instant,
    /// The peer of every request, when the listener is bound to loopback.
    loopback_peer: Option<IpAddr>,
}

async fn handle(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    if parts.uri.path().starts_with(ADMIN_PREFIX) {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip())
            .or(state.loopback_peer);
        let body = if peer.is_some_and(is_loopback) {
            match axum::body::to_bytes(body, ADMIN_BODY_CAP).await {
                Ok(body) => body,
                Err(_) => return admin_response(admin_body_unreadable()),
            }
        } else {
            Bytes::new()
        };
        let admin = AdminRequest {
            method: parts.method.as_str(),
            path: parts.uri.path(),
            body: &body,
            peer,
        };
        return admin_response(state.service.admin(&admin));
    }
    // The declared `Content-Length`, as the HTTP stack parsed it (no lower bound otherwise).
    let declared = HttpBody::size_hint(&body).lower();
    if declared > BODY_READ_CAP as u64 {
        return render(state.service.reject_unreadable()).await;
    }
    let Ok(body) = axum::body::to_bytes(body, BODY_READ_CAP).await else {
        return render(state.service.reject_unreadable()).await;
    };
    let reply = api_reply(&state, &parts, &body);
    // Nothing of the request is held across this await: it ends with `api_reply`.
    drop((parts, body));
    render(reply).await
}

/// The service's reply to an API request, read whole: synchronous, so that the handler's future
/// keeps none of the request's views across an await.
fn api_reply(state: &AppState, parts: &Parts, body: &[u8]) -> Reply {
    // Names and values are lent, not copied; only a value that is not UTF-8 is replaced, lossily.
    // (`from_utf8` checks a word at a time, where `HeaderValue::to_str` checks each byte and
    // `from_utf8_lossy` walks chunks.)
    let headers: Vec<(&str, Cow<'_, str>)> = parts
        .headers
        .iter()
        .map(|(name, value)| {
            let bytes = value.as_bytes();
            let text = std::str::from_utf8(bytes)
                .map_or_else(|_| String::from_utf8_lossy(bytes), Cow::Borrowed);
            (name.as_str(), text)
        })
        .collect();
    let received = Received {
        method: parts.method.as_str(),
        path_and_query: parts
            .uri
            .path_and_query()
            .map_or("/", |target| target.as_str()),
        headers: &headers,
        body,
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| {
            i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
        });
    let now_millis = u64::try_from(state.started.elapsed().as_millis()).unwrap_or(u64::MAX);
    state.service.handle(&received, now, now_millis)
}

async fn render(reply: Reply) -> Response {
    let delay_ms = reply.delay_ms();
    if delay_ms > 0 {
        // Boxed: latency faults are rare, and a timer held inline would make the future of every
        // request larger (axum boxes each handler's future, copying it whole).
        Box::pin(tokio::time::sleep(Duration::from_millis(delay_ms))).await;
    }
    response(reply)
}

fn response(reply: Reply) -> Response {
    match reply {
        Reply::Respond {
            status,
            content_type,
            body,
            ..
        } => (
            StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
            [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
            // A boxed slice becomes a body without the extra shared header a vector with spare
            // capacity needs; shrinking a small vector is done in place by the allocator.
            Bytes::from(body.into_boxed_slice()),
        )
            .into_response(),
        Reply::DropConnection { .. } => {
            let broken = futures_util::stream::iter([Err::<Bytes, io::Error>(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "connection dropped by a mock fault",
            ))]);
            (StatusCode::OK, Body::from_stream(broken)).into_response()
        }
    }
}

fn admin_response(reply: AdminReply) -> Response {
    (
        StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        [(header::CONTENT_TYPE, CONTENT_TYPE)],
        reply.body,
    )
        .into_response()
}

fn admin_body_unreadable() -> AdminReply {
    let reason = format!("the admin request body is unreadable or over {ADMIN_BODY_CAP} bytes");
    AdminReply {
        status: 400,
        body: serde_json::to_vec(&serde_json::json!({ "error": reason })).unwrap_or_default(),
    }
}
