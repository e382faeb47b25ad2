package local.aws.lambda;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Lambda Runtime API over one keep-alive HTTP/1.1 connection (plain sockets: cheaper to load
 * and run than java.net.http, and /next is a long poll with no timeout).
 */
final class RuntimeApi {
    static final class Response {
        final int status;
        final Map<String, String> headers;
        final byte[] body;

        Response(int status, Map<String, String> headers, byte[] body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static final String BASE = "/2018-06-01/runtime";
    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RuntimeApi(String address) {
        int colon = address.lastIndexOf(':');
        this.host = address.substring(0, colon);
        this.port = Integer.parseInt(address.substring(colon + 1));
    }

    Response next() throws IOException {
        return request("GET", "/invocation/next", null, null);
    }

    Response post(String path, byte[] body, String errorType) throws IOException {
        return request("POST", path, body, errorType);
    }

    /**
     * Posts a result and asks for the next invocation in one write (HTTP/1.1 pipelining): the
     * server reads both at once, one wake-up per invocation fewer.
     */
    Response postThenNext(String path, byte[] body, String errorType) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(body.length + 400);
        b.write(head("POST", path, body, errorType));
        b.write(body);
        b.write(head("GET", "/invocation/next", null, null));
        return send(b.toByteArray(), 2);
    }

    private byte[] head(String method, String path, byte[] body, String errorType) {
        StringBuilder head = new StringBuilder(160);
        head.append(method).append(' ').append(BASE).append(path).append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port).append("\r\n");
        if (body != null) head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        if (errorType != null) head.append("Lambda-Runtime-Function-Error-Type: ").append(errorType).append("\r\n");
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private Response request(String method, String path, byte[] body, String errorType) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(head(method, path, body, errorType));
        if (body != null) b.write(body);
        return send(b.toByteArray(), 1);
    }

    private Response send(byte[] bytes, int responses) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                if (socket == null) connect();
                out.write(bytes);
                out.flush();
                for (int k = 1; k < responses; k++) read();
                return read();
            } catch (IOException e) {
                close();
                if (attempt > 0) throw e;
            }
        }
    }

    private void connect() throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 16384);
        out = socket.getOutputStream();
    }

    private void close() {
        try {
            if (socket != null) socket.close();
        } catch (IOException ignored) {
            // closing a broken connection
        }
        socket = null;
    }

    private Response read() throws IOException {
        String status = line();
        if (status == null) throw new IOException("connection closed");
        int code = Integer.parseInt(status.split(" ", 3)[1]);
        Map<String, String> headers = new TreeMap<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int c = l.indexOf(':');
            if (c > 0) headers.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
        }
        byte[] body;
        String length = headers.get("content-length");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(line().split(";")[0].trim(), 16);
                if (size == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                b.write(in.readNBytes(size));
                line();
            }
            body = b.toByteArray();
        } else {
            body = in.readAllBytes();
            close();
        }
        if ("close".equalsIgnoreCase(headers.get("connection"))) close();
        return new Response(code, headers, body);
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) return b.length() == 0 ? null : b.toString();
            if (c == '\n') {
                int n = b.length();
                if (n > 0 && b.charAt(n - 1) == '\r') b.setLength(n - 1);
                return b.toString();
            }
            b.append((char) c);
        }
    }
}
