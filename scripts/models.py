#!/usr/bin/env python3
"""Vendors AWS's service models from an installed botocore into models/<service>.json.gz.

Run with `npm run models` (needs Python 3 and botocore; `npm ci`, `npm test` and `local-aws start`
do not). Keeps only what the emulator needs: operations with their HTTP bindings and errors, shapes
with their members, wire names (locationName, queryName, location, flattened, xmlNamespace,
xmlAttribute), timestamp formats and constraints (required, min, max, pattern, enum), error codes and
HTTP status. Documentation, examples and endpoint rules are dropped.

Some clients still speak a protocol AWS's current model no longer describes (SQS moved from Query
to AWS JSON in 2023; older AWS CLIs and SDKs still send Query). Such a model is vendored from
a botocore that had it (LEGACY below), under its own name (`sqs-query`), from a botocore
package directory given with --legacy-botocore or $LEGACY_BOTOCORE: Debian's python3-botocore
1.29.27 (`apt-get download python3-botocore && dpkg -x python3-botocore_*.deb x`, then
`--legacy-botocore x/usr/lib/python3/dist-packages/botocore`), or `pip download botocore==1.29.27
--no-deps` with the wheel unzipped. The botocore version of every file is recorded in models/SOURCES.

Usage: python3 scripts/models.py [--botocore-version 1.43.11] [--legacy-botocore DIR] [service ...]
       npm run models -- --legacy-botocore DIR
"""
import gzip
import json
import os
import re
import sys

SERVICES = [
    "dynamodb", "dynamodbstreams", "s3", "sqs", "sns", "lambda", "logs", "apigateway",
    "apigatewayv2", "apigatewaymanagementapi", "events", "scheduler", "stepfunctions",
    "cognito-idp", "cognito-identity", "sts", "iam", "cloudfront", "kinesis", "firehose",
]

# Models vendored from an older botocore, for a protocol the current model has dropped.
LEGACY = {
    "sqs-query": {
        "service": "sqs",
        "botocore": "1.29.27",
        # Operations AWS added after that version are taken from the current model (their shapes
        # still carry the Query traits, flattened lists) with what the JSON model lost: the result
        # wrapper every SQS Query answer has, and the element names of flattened lists (as the
        # Query SDKs of the time read them: SDK v3's de_ListMessageMoveTasksResult reads
        # <ListMessageMoveTasksResultEntry> elements).
        "newer_operations": ["CancelMessageMoveTask", "ListMessageMoveTasks", "StartMessageMoveTask"],
        # Members added since (ReceiveMessage's MessageSystemAttributeName.N, 2024), likewise.
        "newer_members": ["ReceiveMessageRequest.MessageSystemAttributeNames"],
        # MessageSystemAttributeName.N: no Query client ever had the member (it came with JSON);
        # named like its older twin AttributeName.N, which is what the handlers have accepted.
        "member_names": {
            "ListMessageMoveTasksResult.Results": "ListMessageMoveTasksResultEntry",
            "MessageSystemAttributeList.member": "MessageSystemAttributeName",
        },
    },
}

METADATA_KEYS = [
    "apiVersion", "protocol", "protocols", "jsonVersion", "targetPrefix", "signingName",
    "endpointPrefix", "serviceId", "xmlNamespace", "awsQueryCompatible", "timestampFormat",
    "globalEndpoint",
]
OPERATION_KEYS = ["httpChecksumRequired", "endpoint", "deprecated"]
HTTP_KEYS = ["method", "requestUri", "responseCode"]
SHAPE_KEYS = [
    "type", "required", "min", "max", "pattern", "enum", "flattened", "locationName",
    "xmlNamespace", "timestampFormat", "payload", "streaming", "requiresLength", "exception",
    "fault", "event", "eventstream", "union", "document", "sensitive", "wrapper",
]
MEMBER_KEYS = [
    "shape", "location", "locationName", "queryName", "flattened", "xmlNamespace", "xmlAttribute",
    "timestampFormat", "idempotencyToken", "jsonvalue", "hostLabel", "streaming", "eventpayload",
    "eventheader", "deprecated",
]
ERROR_KEYS = ["code", "httpStatusCode", "senderFault"]
REF_KEYS = ["shape", "locationName", "xmlNamespace", "resultWrapper"]


def pick(source, keys):
    return {k: source[k] for k in keys if k in source}


def trim_ref(ref):
    return pick(ref, REF_KEYS)


def trim_operation(op):
    out = pick(op, OPERATION_KEYS)
    if "http" in op:
        out["http"] = pick(op["http"], HTTP_KEYS)
    for side in ("input", "output"):
        if side in op:
            out[side] = trim_ref(op[side])
    if op.get("errors"):
        out["errors"] = [e["shape"] for e in op["errors"]]
    return out


def trim_shape(shape):
    out = pick(shape, SHAPE_KEYS)
    if "error" in shape:
        out["error"] = pick(shape["error"], ERROR_KEYS)
    if "members" in shape:
        out["members"] = {name: pick(m, MEMBER_KEYS) for name, m in shape["members"].items()}
    for part in ("member", "key", "value"):
        if part in shape:
            out[part] = pick(shape[part], MEMBER_KEYS)
    return out


def latest_model(data_dir, service):
    base = os.path.join(data_dir, service)
    versions = sorted(v for v in os.listdir(base) if os.path.exists(os.path.join(base, v, "service-2.json.gz"))
                      or os.path.exists(os.path.join(base, v, "service-2.json")))
    path = os.path.join(base, versions[-1], "service-2.json")
    if os.path.exists(path + ".gz"):
        with gzip.open(path + ".gz", "rt", encoding="utf-8") as f:
            return json.load(f)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def botocore_version_at(package_dir):
    """The __version__ of the botocore package in `package_dir`, read without importing it."""
    with open(os.path.join(package_dir, "__init__.py"), encoding="utf-8") as f:
        found = re.search(r"^__version__ = ['\"]([^'\"]+)['\"]", f.read(), re.M)
    return found.group(1) if found else None


def shapes_used(model, names):
    """Every shape reachable from `names` (members, list members, map keys and values)."""
    seen = set()
    stack = list(names)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        shape = model["shapes"][name]
        refs = list((shape.get("members") or {}).values()) + [shape[p] for p in ("member", "key", "value") if p in shape]
        stack.extend(r["shape"] for r in refs)
    return seen


def legacy_model(spec, legacy_dir, current):
    """The older botocore's model, with the operations added since taken from the current one."""
    model = latest_model(os.path.join(legacy_dir, "data"), spec["service"])
    model = {**model, "operations": dict(model["operations"]), "shapes": dict(model["shapes"])}
    for name in spec.get("newer_operations", []):
        if name in model["operations"]:
            sys.exit(f"{name} is in botocore {spec['botocore']}'s model already: drop it from LEGACY")
        op = dict(current["operations"][name])
        if "output" in op:
            op["output"] = {**op["output"], "resultWrapper": f"{name}Result"}
        model["operations"][name] = op
        roots = [op[side]["shape"] for side in ("input", "output") if side in op] + [e["shape"] for e in op.get("errors", [])]
        for shape in shapes_used(current, roots):
            model["shapes"].setdefault(shape, current["shapes"][shape])
    for path in spec.get("newer_members", []):
        shape, member = path.split(".")
        if member in model["shapes"][shape]["members"]:
            sys.exit(f"{path} is in botocore {spec['botocore']}'s model already: drop it from LEGACY")
        ref = current["shapes"][shape]["members"][member]
        model["shapes"][shape] = {**model["shapes"][shape], "members": {**model["shapes"][shape]["members"], member: ref}}
        for used in shapes_used(current, [ref["shape"]]):
            model["shapes"].setdefault(used, current["shapes"][used])
    for path, wire in spec.get("member_names", {}).items():
        shape, member = path.split(".")
        if member == "member":
            model["shapes"][shape] = {**model["shapes"][shape], "member": {**model["shapes"][shape]["member"], "locationName": wire}}
            continue
        members = dict(model["shapes"][shape]["members"])
        members[member] = {**members[member], "locationName": wire}
        model["shapes"][shape] = {**model["shapes"][shape], "members": members}
    return model


def write_sources(root, versions):
    """models/SOURCES: the botocore version each model file comes from (updated, not rewritten)."""
    path = os.path.join(root, "SOURCES")
    rows = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    name, rest = line.split(None, 1)
                    rows[name] = rest.strip()
    rows.update(versions)
    with open(path, "w", encoding="utf-8") as f:
        f.write("# model file, the botocore it was vendored from, the model in it (scripts/models.py)\n")
        for name in sorted(rows):
            f.write(f"{name:26} {rows[name]}\n")


def main(argv):
    import botocore
    want_version = None
    legacy_dir = os.environ.get("LEGACY_BOTOCORE")
    services = []
    i = 0
    while i < len(argv):
        if argv[i] == "--botocore-version":
            want_version = argv[i + 1]
            i += 2
            continue
        if argv[i] == "--legacy-botocore":
            legacy_dir = argv[i + 1]
            i += 2
            continue
        services.append(argv[i])
        i += 1
    if want_version and botocore.__version__ != want_version:
        sys.exit(f"botocore {botocore.__version__} is installed, {want_version} was asked for "
                 f"(pip install botocore=={want_version})")
    services = services or SERVICES + sorted(LEGACY)
    data_dir = os.path.join(os.path.dirname(botocore.__file__), "data")
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models")
    os.makedirs(root, exist_ok=True)
    total = 0
    versions = {}
    for service in services:
        spec = LEGACY.get(service)
        found = botocore_version_at(legacy_dir) if spec and legacy_dir else None
        if spec and found != spec["botocore"]:
            sys.exit(f"{service} comes from botocore {spec['botocore']}'s {spec['service']} model: pass "
                     f"--legacy-botocore <its botocore package directory> (found {found or 'none'}; "
                     f"see the top of this script), or name the other services only")
    for service in services:
        spec = LEGACY.get(service)
        if spec:
            current = latest_model(data_dir, spec["service"])
            model = legacy_model(spec, legacy_dir, current)
            newer = spec.get("newer_operations")
            versions[service] = (f"{spec['botocore']:9} {spec['service']} {model['metadata']['apiVersion']} ({model['metadata']['protocol']})"
                                 + (f"; {', '.join(newer + spec.get('newer_members', []))} from botocore {botocore.__version__}" if newer else ""))
        else:
            model = latest_model(data_dir, service)
            versions[service] = f"{botocore.__version__:9} {service} {model['metadata']['apiVersion']} ({model['metadata']['protocol']})"
        trimmed = {
            "metadata": pick(model["metadata"], METADATA_KEYS),
            "operations": {n: trim_operation(o) for n, o in sorted(model["operations"].items())},
            "shapes": {n: trim_shape(s) for n, s in sorted(model["shapes"].items())},
        }
        text = json.dumps(trimmed, separators=(",", ":"), sort_keys=False).encode("utf-8")
        target = os.path.join(root, service + ".json.gz")
        # mtime=0 keeps the file byte-identical across runs (clean diffs).
        with open(target, "wb") as raw:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f:
                f.write(text)
        size = os.path.getsize(target)
        total += size
        print(f"{service:26} {len(model['operations']):4} operations  {len(text):8} bytes json  {size:7} bytes gz")
    with open(os.path.join(root, "VERSION"), "w", encoding="utf-8") as f:
        f.write(f"botocore {botocore.__version__}\n")
    write_sources(root, versions)
    print(f"total {total} bytes; botocore {botocore.__version__}")


if __name__ == "__main__":
    main(sys.argv[1:])
