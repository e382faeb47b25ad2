#!/usr/bin/env python3
"""Vendors AWS's service models from an installed botocore into models/<service>.json.gz.

Run with `npm run models` (needs Python 3 and botocore; `npm ci`, `npm test` and `local-aws start`
do not). Keeps only what the emulator needs: operations with their HTTP bindings and errors, shapes
with their members, wire names (locationName, queryName, location, flattened, xmlNamespace,
xmlAttribute), timestamp formats and constraints (required, min, max, pattern, enum), error codes and
HTTP status. Documentation, examples and endpoint rules are dropped.

Usage: python3 scripts/models.py [--botocore-version 1.43.11] [service ...]
"""
import gzip
import json
import os
import sys

SERVICES = [
    "dynamodb", "dynamodbstreams", "s3", "sqs", "sns", "lambda", "logs", "apigateway",
    "apigatewayv2", "apigatewaymanagementapi", "events", "scheduler", "stepfunctions",
    "cognito-idp", "cognito-identity", "sts", "iam", "cloudfront", "kinesis", "firehose",
]

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


def main(argv):
    import botocore
    want_version = None
    services = []
    i = 0
    while i < len(argv):
        if argv[i] == "--botocore-version":
            want_version = argv[i + 1]
            i += 2
            continue
        services.append(argv[i])
        i += 1
    if want_version and botocore.__version__ != want_version:
        sys.exit(f"botocore {botocore.__version__} is installed, {want_version} was asked for "
                 f"(pip install botocore=={want_version})")
    services = services or SERVICES
    data_dir = os.path.join(os.path.dirname(botocore.__file__), "data")
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models")
    os.makedirs(root, exist_ok=True)
    total = 0
    for service in services:
        model = latest_model(data_dir, service)
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
    print(f"total {total} bytes; botocore {botocore.__version__}")


if __name__ == "__main__":
    main(sys.argv[1:])
