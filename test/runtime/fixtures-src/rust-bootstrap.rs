use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;

/// The Runtime API over one keep-alive connection, as the lambda_runtime crate (hyper) uses it.
struct Api {
    addr: String,
    conn: Option<BufReader<TcpStream>>,
}

impl Api {
    fn request(&mut self, method: &str, path: &str, body: &str, extra: &str) -> (Vec<(String, String)>, String) {
        if self.conn.is_none() {
            let s = TcpStream::connect(&self.addr).expect("connect");
            s.set_nodelay(true).ok();
            self.conn = Some(BufReader::new(s));
        }
        let r = self.conn.as_mut().unwrap();
        let head = format!("{} /2018-06-01/runtime/{} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n{}\r\n{}", method, path, self.addr, body.len(), extra, body);
        r.get_mut().write_all(head.as_bytes()).unwrap();
        let mut headers = Vec::new();
        let mut line = String::new();
        r.read_line(&mut line).unwrap();
        let mut len = 0usize;
        loop {
            line.clear();
            r.read_line(&mut line).unwrap();
            let l = line.trim_end();
            if l.is_empty() { break; }
            if let Some((k, v)) = l.split_once(':') {
                let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_string());
                if k == "content-length" { len = v.parse().unwrap_or(0); }
                headers.push((k, v));
            }
        }
        let mut buf = vec![0u8; len];
        r.read_exact(&mut buf).unwrap();
        (headers, String::from_utf8_lossy(&buf).into_owned())
    }
}

fn main() {
    let mut api = Api { addr: std::env::var("AWS_LAMBDA_RUNTIME_API").unwrap(), conn: None };
    let handler = std::env::var("_HANDLER").unwrap_or_default();
    loop {
        let (headers, event) = api.request("GET", "invocation/next", "", "");
        let id = headers.iter().find(|(k, _)| k == "lambda-runtime-aws-request-id").map(|(_, v)| v.clone()).unwrap();
        eprintln!("rust handling {}", id);
        if event.contains("\"fail\"") {
            let body = "{\"errorMessage\":\"asked to fail\",\"errorType\":\"RustError\"}";
            api.request("POST", &format!("invocation/{}/error", id), body, "Lambda-Runtime-Function-Error-Type: RustError\r\n");
        } else if event.contains("\"hang\"") {
            std::thread::sleep(std::time::Duration::from_secs(60));
        } else {
            let body = format!("{{\"rust\":true,\"handler\":\"{}\",\"event\":{}}}", handler, event);
            api.request("POST", &format!("invocation/{}/response", id), &body, "");
        }
    }
}
