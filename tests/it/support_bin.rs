//! The real `dutygraph` binary as a child process, and a minimal HTTP/1.1
//! client over `std::net::TcpStream`, for the tests that need a process to
//! kill, logs to read or a socket to stream into.
//!
//! Every server listens on port 0 and reports the port it got in its JSON
//! start-up line; a dropped [`ServerProcess`] is killed, so no test leaves
//! a server behind.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The binary under test.
pub fn dutygraph() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dutygraph"));
    // The caller's environment must not leak into the test.
    for var in ["DUTYGRAPH_DATA", "DUTYGRAPH_TOKEN", "DUTYGRAPH_LOG", "DUTYGRAPH_LOG_FORMAT"] {
        command.env_remove(var);
    }
    command
}

/// Runs the binary to completion with `args` on data dir `data`.
pub fn run(data: &Path, args: &[&str]) -> Output {
    dutygraph().arg("--data").arg(data).args(args).output().expect("the dutygraph binary runs")
}

/// A `dutygraph serve` child process with JSON logs.
pub struct ServerProcess {
    child: Child,
    pub addr: SocketAddr,
    logs: Arc<Mutex<Vec<String>>>,
    reader: Option<JoinHandle<()>>,
}

impl ServerProcess {
    /// Starts `dutygraph --data <data> serve --bind 127.0.0.1:0` with the
    /// given extra environment and waits (at most 60 s) until it listens.
    pub fn start(data: &Path, env: &[(&str, &str)]) -> ServerProcess {
        let mut command = dutygraph();
        command
            .arg("--data")
            .arg(data)
            .args(["--log-format", "json", "serve", "--bind", "127.0.0.1:0"])
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("the dutygraph binary starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let logs = Arc::new(Mutex::new(Vec::new()));
        let (found, addr) = mpsc::channel();
        // Reading continues after start-up: a full pipe would block the
        // server's logging and with it the server.
        let reader = std::thread::spawn({
            let logs = logs.clone();
            move || {
                for line in BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    if let Some(addr) = listening_addr(&line) {
                        let _ = found.send(addr);
                    }
                    logs.lock().unwrap().push(line);
                }
            }
        });
        let mut server =
            ServerProcess { child, addr: SocketAddr::from(([127, 0, 0, 1], 0)), logs, reader: Some(reader) };
        match addr.recv_timeout(Duration::from_secs(60)) {
            Ok(addr) => server.addr = addr,
            Err(_) => {
                server.kill();
                panic!("the server did not start listening; its log:\n{}", server.logs().join("\n"));
            }
        }
        server
    }

    /// The log lines read so far (all of them once the process has ended).
    pub fn logs(&self) -> Vec<String> {
        self.logs.lock().unwrap().clone()
    }

    /// SIGKILL: no shutdown code runs, as in a power cut or an OOM kill.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.join_reader();
    }

    /// SIGTERM, then waits for the graceful shutdown (killing the process
    /// after 20 s). Returns whether it exited successfully.
    pub fn terminate(&mut self) -> bool {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().is_ok_and(|s| s.success());
        let deadline = Instant::now() + Duration::from_secs(20);
        while sent && Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                self.join_reader();
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.kill();
        false
    }

    fn join_reader(&mut self) {
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            self.kill();
        }
    }
}

/// The address in the server's "dutygraph serving" JSON log line.
fn listening_addr(line: &str) -> Option<SocketAddr> {
    let entry: Value = serde_json::from_str(line).ok()?;
    let fields = &entry["fields"];
    if !fields["message"].as_str()?.starts_with("dutygraph serving") {
        return None;
    }
    fields["addr"].as_str()?.parse().ok()
}

/// One HTTP response: status, lower-cased headers, body.
#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

/// Sends one request on a fresh connection (`Connection: close`) and reads
/// the whole response. Fails on any I/O error, e.g. when the server died.
pub fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> io::Result<HttpResponse> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    read_response(&mut stream)
}

/// Reads a response until the server closes the connection.
pub fn read_response(stream: &mut impl Read) -> io::Result<HttpResponse> {
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> io::Result<HttpResponse> {
    let broken =
        |what: &str| io::Error::new(io::ErrorKind::InvalidData, format!("broken HTTP response: {what}"));
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| broken("no end of head"))?;
    let head = std::str::from_utf8(&raw[..split]).map_err(|_| broken("head is not UTF-8"))?;
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| broken("no status"))?;
    let headers: HashMap<String, String> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers.get("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        body = dechunk(&body).ok_or_else(|| broken("bad chunked body"))?;
    }
    Ok(HttpResponse { status, headers, body })
}

fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&raw[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        raw = &raw[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(raw.get(..size)?);
        raw = raw.get(size + 2..)?;
    }
}

/// POSTs one GraphQL operation; the answer must be JSON.
pub fn graphql(
    addr: SocketAddr,
    token: Option<&str>,
    query: &str,
    variables: Value,
) -> io::Result<(u16, Value)> {
    let body = json!({ "query": query, "variables": variables }).to_string();
    let bearer = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("Content-Type", "application/json"), ("Accept", "application/json")];
    if let Some(bearer) = &bearer {
        headers.push(("Authorization", bearer.as_str()));
    }
    let response = http(addr, "POST", "/graphql", &headers, body.as_bytes())?;
    let answer = serde_json::from_slice(&response.body)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("the answer is not JSON: {e}")))?;
    Ok((response.status, answer))
}

/// The number of documents `/health` reports.
pub fn health_documents(addr: SocketAddr) -> u64 {
    let response = http(addr, "GET", "/health", &[], b"").expect("/health answers");
    assert_eq!(response.status, 200);
    let health: Value = serde_json::from_slice(&response.body).expect("/health is JSON");
    health["documents"].as_u64().expect("/health counts documents")
}

/// A tiny seeded generator (SplitMix64) for the tests' random choices.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn below(&mut self, bound: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % bound
    }
}
