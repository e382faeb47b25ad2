import { describe, expect, it } from "vitest";
import { operations } from "../../src/stepfunctions/operations/index.js";
import { useServer } from "../helpers/use-server.js";

const ctx = useServer();

async function call(target: string, body: unknown): Promise<{ status: number; type: string }> {
  const res = await fetch(ctx.endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": `AWSStepFunctions.${target}`,
      authorization: "AWS4-HMAC-SHA256 Credential=AKIDLOCALAWSTEST/20240101/us-east-1/states/aws4_request, SignedHeaders=host, Signature=0",
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { __type?: string };
  return { status: res.status, type: String(json.__type ?? "") };
}

const garbage: unknown[] = [{}, { stateMachineArn: 5, definition: [], name: {}, executionArn: null, taskToken: 7, input: {}, activityArn: true }, { definition: "{", roleArn: "x", name: "n" }];

describe("malformed requests", () => {
  it("no operation answers a 500 to missing or wrongly typed members", async () => {
    for (const op of operations) {
      if (op.name === "GetActivityTask") continue;
      for (const body of garbage) {
        const out = await call(op.name, body);
        expect(out.status, `${op.name} ${JSON.stringify(body)} → ${out.type}`).toBeLessThan(500);
      }
    }
  });
});

describe("the model's checks", () => {
  it("answers AWS's SerializationException and ValidationException before the handler", async () => {
    expect(await call("StartExecution", { stateMachineArn: 5 })).toMatchObject({ status: 400, type: expect.stringContaining("SerializationException") });
    const long = await call("CreateStateMachine", { name: "n".repeat(81), definition: "{}", roleArn: "arn:aws:iam::000000000000:role/r" });
    expect(long).toMatchObject({ status: 400, type: expect.stringContaining("ValidationException") });
  });
});
