/**
 * The runtime interface client local-aws ships for Python functions: run by the machine's
 * `python3` (3.8 or later), it speaks the Lambda Runtime API like AWS's `awslambdaric`: imports
 * the handler `module.function` from LAMBDA_TASK_ROOT (then layers' `python` directories), calls
 * it with the event and a context object (`aws_request_id`, `function_name`, `function_version`,
 * `invoked_function_arn`, `memory_limit_in_mb`, `log_group_name`, `log_stream_name`, `identity`,
 * `client_context`, `get_remaining_time_in_millis()`), posts the JSON result or the error JSON
 * `{errorMessage, errorType, requestId, stackTrace}`, and installs the logging handler AWS's
 * runtime installs (text `[LEVEL]\t<time>\t<request id>\t<message>`, or JSON objects with
 * LoggingConfig's JSON format). SnapStart hooks (`snapshot_restore_py`) are provided as a module.
 * Kept as text and written beside the extracted code at start-up, so src and dist ship the same.
 */
export const PYTHON_BOOTSTRAP = String.raw`
import decimal
import importlib
import json
import logging
import os
import socket
import sys
import time
import traceback

BASE = "/2018-06-01/runtime"
current = {"id": None}
# A SnapStart snapshot: this process runs the init phase once, then forks a restored environment
# per request read from stdin (replies and child exits on fd 3).
TEMPLATE = os.environ.get("LOCAL_AWS_SNAPSHOT_TEMPLATE") == "1"


class RuntimeApi(object):
    """The Runtime API over one keep-alive connection. A result and the next /next go out in one
    write (HTTP/1.1 pipelining), so the server reads both at once: one wake-up per invocation
    fewer than with http.client, which waits for each answer before the next request."""

    def __init__(self):
        host, _, port = os.environ["AWS_LAMBDA_RUNTIME_API"].partition(":")
        self.host = host
        self.port = int(port)
        self.sock = None
        self.buf = bytearray()

    def connect(self):
        self.close()
        self.sock = socket.create_connection((self.host, self.port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = bytearray()

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
        self.sock = None

    def request(self, method, path, body=None, error_type=None):
        head = "%s %s%s HTTP/1.1\r\nHost: %s:%d\r\n" % (method, BASE, path, self.host, self.port)
        if body is not None:
            head += "Content-Type: application/json\r\nContent-Length: %d\r\n" % len(body)
        if error_type:
            head += "Lambda-Runtime-Function-Error-Type: %s\r\n" % error_type
        return (head + "\r\n").encode("latin-1") + (body or b"")

    def fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise ConnectionError("Runtime API connection closed")
        self.buf += data

    def response(self):
        end = self.buf.find(b"\r\n\r\n")
        while end < 0:
            self.fill()
            end = self.buf.find(b"\r\n\r\n")
        lines = bytes(self.buf[:end]).decode("latin-1").split("\r\n")
        del self.buf[:end + 4]
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        n = int(headers.get("content-length") or 0)
        while len(self.buf) < n:
            self.fill()
        body = bytes(self.buf[:n])
        del self.buf[:n]
        return int(lines[0].split(" ", 2)[1]), headers, body

    def exchange(self, *requests):
        """Sends the requests in one write; returns the last one's (status, headers, body)."""
        data = b"".join(self.request(*r) for r in requests)
        for attempt in (0, 1):
            try:
                if self.sock is None:
                    self.connect()
                self.sock.sendall(data)
                for _ in requests[1:]:
                    self.response()
                return self.response()
            except (OSError, ValueError, IndexError):
                self.close()
                if attempt:
                    raise


api = None


def runtime_api():
    global api
    if api is None:
        api = RuntimeApi()
    return api


class Encoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, decimal.Decimal):
            return int(o) if o == o.to_integral_value() else float(o)
        return super().default(o)


ENV_FIELDS = (None,) * 5
_plain_encoder = json.JSONEncoder()
_decimal_encoder = Encoder()


def dumps(value):
    # json.dumps(value, cls=...) builds a new encoder per call; reuse one, Decimal-aware on demand.
    try:
        return _plain_encoder.encode(value)
    except TypeError:
        return _decimal_encoder.encode(value)


def error_json(exc, request_id=""):
    tb = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != __file__]
    return {
        "errorMessage": str(exc),
        "errorType": type(exc).__name__,
        "requestId": request_id,
        "stackTrace": traceback.format_list(tb),
    }


log_format = os.environ.get("AWS_LAMBDA_LOG_FORMAT", "TEXT").upper()
log_level = os.environ.get("AWS_LAMBDA_LOG_LEVEL", "").upper()


class TextFormatter(logging.Formatter):
    def format(self, record):
        record.aws_request_id = current["id"] or ""
        t = time.gmtime(record.created)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", t) + ".%03dZ" % int(record.msecs)
        text = "[%s]\t%s\t%s\t%s" % (record.levelname, stamp, record.aws_request_id, record.getMessage())
        if record.exc_info:
            text += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        return text.replace("\n", "\r")


class JsonFormatter(logging.Formatter):
    def format(self, record):
        t = time.gmtime(record.created)
        out = {
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", t) + ".%03dZ" % int(record.msecs),
            "level": record.levelname,
            "message": record.msg if isinstance(record.msg, (dict, list)) and not record.args else record.getMessage(),
            "logger": record.name,
            "stackTrace": None,
            "errorType": None,
            "errorMessage": None,
            "requestId": current["id"] or "",
            "location": "%s:%s:%d" % (record.pathname, record.funcName, record.lineno),
        }
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            out["errorType"] = type(exc).__name__
            out["errorMessage"] = str(exc)
            out["stackTrace"] = [line for line in traceback.format_tb(record.exc_info[2]) if __file__ not in line]
        for key in ("stackTrace", "errorType", "errorMessage"):
            if out[key] is None:
                del out[key]
        return json.dumps(out, default=str)


def setup_logging():
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter() if log_format == "JSON" else TextFormatter())
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    root.addHandler(handler)
    if log_format == "JSON":
        root.setLevel(log_level or "INFO")
    else:
        root.setLevel(logging.WARNING)


class Context(object):
    def __init__(self, request_id, deadline_ms, arn, client_context, identity):
        self.aws_request_id = request_id
        self.function_name = ENV_FIELDS[0]
        self.function_version = ENV_FIELDS[1]
        self.invoked_function_arn = arn
        self.memory_limit_in_mb = ENV_FIELDS[2]
        self.log_group_name = ENV_FIELDS[3]
        self.log_stream_name = ENV_FIELDS[4]
        self.client_context = client_context
        self.identity = identity
        self._deadline = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline - time.time() * 1000))


def init_error(error):
    print("[ERROR] %s: %s" % (error["errorType"], error["errorMessage"]), flush=True)
    if TEMPLATE:
        control_write({"initError": error})
        sys.exit(1)
    runtime_api().exchange(("POST", "/init/error", json.dumps(error).encode(), error["errorType"]))
    sys.exit(1)


def load_handler():
    spec = os.environ.get("_HANDLER", "")
    module_path, _, fn_name = spec.rpartition(".")
    if not module_path or not fn_name:
        init_error({"errorMessage": "Bad handler '%s': not enough values to unpack (expected 2, got 1)" % spec, "errorType": "Runtime.MalformedHandlerName", "requestId": "", "stackTrace": []})
    module_name = module_path.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except SyntaxError as e:
        init_error({"errorMessage": "Syntax error in module '%s': %s" % (module_name, e), "errorType": "Runtime.UserCodeSyntaxError", "requestId": "", "stackTrace": [" File \"%s\" Line %s\n" % (e.filename, e.lineno), "    %s\n" % (e.text or "").strip()]})
    except ImportError as e:
        init_error({"errorMessage": "Unable to import module '%s': %s" % (module_name, e), "errorType": "Runtime.ImportModuleError", "requestId": "", "stackTrace": []})
    except Exception as e:
        init_error(error_json(e))
    handler = getattr(module, fn_name, None)
    if handler is None:
        init_error({"errorMessage": "Handler '%s' missing on module '%s'" % (fn_name, module_name), "errorType": "Runtime.HandlerNotFound", "requestId": "", "stackTrace": []})
    return handler


def control_write(message):
    # One write(2) per message: safe from the SIGCHLD handler too.
    os.write(3, (json.dumps(message) + "\n").encode())


def serve_snapshot(handler):
    import random
    import signal
    import socket
    import snapshot_restore_py

    snapshot_restore_py._run_before_snapshot()

    def reap(signum, frame):
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
            control_write({"exit": pid, "code": code})

    signal.signal(signal.SIGCHLD, reap)
    control_write({"ready": True})
    for line in sys.stdin:
        cmd = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        # A microVM snapshot keeps the random module's state; fork() would reseed it.
        state = random.getstate()
        pid = os.fork()
        if pid == 0:
            random.setstate(state)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            os.setsid()
            out = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            out.connect(cmd["output"])
            os.dup2(out.fileno(), 1)
            os.dup2(out.fileno(), 2)
            os.close(0)
            os.close(3)
            os.environ.update(cmd["env"])
            snapshot_restore_py._run_after_restore()
            serve(handler)
            os._exit(0)
        control_write({"forked": cmd["id"], "pid": pid})


def main():
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    sys.path.insert(0, task_root)
    setup_logging()
    handler = load_handler()
    if TEMPLATE:
        serve_snapshot(handler)
    else:
        serve(handler)


def serve(handler):
    # Read once per environment (a SnapStart restore sets them before serving).
    global ENV_FIELDS
    ENV_FIELDS = tuple(os.environ.get(k) for k in ("AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME"))
    rt = runtime_api()
    # The result of one invocation, posted together with the request for the next one.
    posted = ()
    while True:
        _, headers, body = rt.exchange(*(posted + (("GET", "/invocation/next"),)))
        posted = ()
        request_id = headers.get("lambda-runtime-aws-request-id")
        current["id"] = request_id
        trace = headers.get("lambda-runtime-trace-id")
        if trace:
            os.environ["_X_AMZN_TRACE_ID"] = trace
        cc = headers.get("lambda-runtime-client-context")
        ident = headers.get("lambda-runtime-cognito-identity")
        context = Context(request_id, int(headers.get("lambda-runtime-deadline-ms") or 0), headers.get("lambda-runtime-invoked-function-arn"), json.loads(cc) if cc else None, json.loads(ident) if ident else None)
        try:
            event = json.loads(body) if body else {}
            result = handler(event, context)
            try:
                payload = dumps(result)
            except (TypeError, ValueError) as e:
                error = {"errorMessage": "Unable to marshal response: %s" % e, "errorType": "Runtime.MarshalError", "requestId": request_id, "stackTrace": []}
                print("[ERROR] Runtime.MarshalError: %s" % error["errorMessage"], flush=True)
                posted = (("POST", "/invocation/%s/error" % request_id, json.dumps(error).encode(), "Runtime.MarshalError"),)
                continue
            posted = (("POST", "/invocation/%s/response" % request_id, payload.encode()),)
        except Exception as e:
            error = error_json(e, request_id)
            lines = "[ERROR] %s: %s\nTraceback (most recent call last):\n%s" % (error["errorType"], error["errorMessage"], "".join(error["stackTrace"]))
            if log_format == "JSON":
                print(json.dumps({"timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "level": "ERROR", "message": error["errorMessage"], "logger": "root", "requestId": request_id, "errorType": error["errorType"], "errorMessage": error["errorMessage"], "stackTrace": error["stackTrace"]}), flush=True)
            else:
                print(lines.rstrip("\n").replace("\n", "\r"), flush=True)
            posted = (("POST", "/invocation/%s/error" % request_id, json.dumps(error).encode(), "Unhandled"),)
        finally:
            current["id"] = None
            sys.stdout.flush()
            sys.stderr.flush()


main()
`;

/** AWS's SnapStart runtime hooks for Python (`from snapshot_restore_py import register_before_snapshot, register_after_restore`). */
export const SNAPSHOT_RESTORE_PY = String.raw`
_before = []
_after = []


def register_before_snapshot(func, *args, **kwargs):
    _before.append((func, args, kwargs))
    return func


def register_after_restore(func, *args, **kwargs):
    _after.append((func, args, kwargs))
    return func


def get_before_snapshot():
    return list(_before)


def get_after_restore():
    return list(_after)


def _run_before_snapshot():
    for func, args, kwargs in reversed(_before):
        func(*args, **kwargs)


def _run_after_restore():
    for func, args, kwargs in _after:
        func(*args, **kwargs)
`;
