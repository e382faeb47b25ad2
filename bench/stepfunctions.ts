/**
 * Step Functions workloads: EXPRESS StartSyncExecution of chains of Pass states in both query
 * languages (10 and 50 states: the difference over 40 is the cost of one state), and STANDARD
 * StartExecution of 10 Pass states with every transition and history event persisted;
 * DescribeStateMachine as the floor of the same request path; SendTaskSuccess throughput.
 */
import { CreateActivityCommand, CreateStateMachineCommand, DescribeStateMachineCommand, GetActivityTaskCommand, SFNClient, StartExecutionCommand, StartSyncExecutionCommand } from "@aws-sdk/client-sfn";
import { awsJsonRequest } from "./json-request.js";
import { runRaw } from "./measure.js";
import { benchCredentials, type RawRequest, type Target, type Workload } from "./types.js";

const ROLE = "arn:aws:iam::000000000000:role/bench";

function client(target: Target): SFNClient {
  return new SFNClient({ endpoint: target.endpoint, region: "us-east-1", credentials: benchCredentials, maxAttempts: 1, disableHostPrefix: true });
}

function chain(n: number, jsonata: boolean): string {
  const states: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    const flow = i === n - 1 ? { End: true } : { Next: `S${i + 1}` };
    states[`S${i}`] = jsonata ? { Type: "Pass", Output: { v: "{% $states.input.v + 1 %}" }, ...flow } : { Type: "Pass", Parameters: { "v.$": "States.MathAdd($.v, 1)" }, ...flow };
  }
  return JSON.stringify({ ...(jsonata ? { QueryLanguage: "JSONata" } : {}), StartAt: "S0", States: states });
}

function arn(name: string): string {
  return `arn:aws:states:us-east-1:000000000000:stateMachine:${name}`;
}

async function create(target: Target, name: string, definition: string, type: "STANDARD" | "EXPRESS"): Promise<void> {
  await client(target)
    .send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE, type }))
    .catch((err: Error) => {
      if (err.name !== "StateMachineAlreadyExists") throw err;
    });
}

function raw(operation: string, body: unknown): RawRequest {
  return awsJsonRequest("1.0", "AWSStepFunctions", "states", operation, body);
}

function syncWorkload(states: number, jsonata: boolean): Workload {
  const name = `bench-${jsonata ? "jsonata" : "jsonpath"}-${states}`;
  return {
    name: `stepfunctions StartSyncExecution (EXPRESS, ${states} Pass states, ${jsonata ? "JSONata" : "JSONPath"})`,
    targets: ["local-aws", "noop"],
    opsPerRound: 1000,
    warmUp: 500,
    async setup(target) {
      if (target.kind === "local-aws") await create(target, name, chain(states, jsonata), "EXPRESS");
    },
    sdk(target) {
      const sfn = client(target);
      return async () => {
        await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: arn(name), input: '{"v":1}' }));
      };
    },
    raw() {
      const request = raw("StartSyncExecution", { stateMachineArn: arn(name), input: '{"v":1}' });
      return () => request;
    },
  };
}

/** The same request path with no execution: what an execution adds is the difference. */
const describeFloor: Workload = {
  name: "stepfunctions DescribeStateMachine (the request path without an execution)",
  targets: ["local-aws", "noop"],
  opsPerRound: 1000,
  warmUp: 500,
  async setup(target) {
    if (target.kind === "local-aws") await create(target, "bench-jsonpath-10", chain(10, false), "EXPRESS");
  },
  sdk(target) {
    const sfn = client(target);
    return async () => {
      await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn("bench-jsonpath-10") }));
    };
  },
  raw() {
    const request = raw("DescribeStateMachine", { stateMachineArn: arn("bench-jsonpath-10") });
    return () => request;
  },
};

const CALLBACKS = 2000;
let callbackRound = 0;

/**
 * SendTaskSuccess at 32 in flight (raw client): each round starts 2,000 executions waiting on an
 * activity task (not measured), takes their tokens with GetActivityTask, then answers them all.
 */
const sendTaskSuccess: Workload = {
  name: "stepfunctions SendTaskSuccess (activity tasks, 32 in flight, raw client)",
  targets: ["local-aws"],
  async setup(target) {
    const sfn = client(target);
    await sfn.send(new CreateActivityCommand({ name: "bench-activity" }));
    const definition = JSON.stringify({ StartAt: "A", States: { A: { Type: "Task", Resource: ACTIVITY, End: true } } });
    await create(target, "bench-callbacks", definition, "STANDARD");
  },
  async custom(target) {
    const round = callbackRound++;
    await runRaw(target, (i) => raw("StartExecution", { stateMachineArn: arn("bench-callbacks"), name: `r${round}-${i}`, input: '{"v":1}' }), 32, CALLBACKS);
    const tokens: string[] = [];
    const sfn = client(target);
    while (tokens.length < CALLBACKS) {
      const task = await sfn.send(new GetActivityTaskCommand({ activityArn: ACTIVITY, workerName: "bench" }));
      if (!task.taskToken) break;
      tokens.push(task.taskToken);
    }
    const result = await runRaw(target, (i) => raw("SendTaskSuccess", { taskToken: tokens[i], output: '{"ok":true}' }), 32, tokens.length);
    return {
      tokens: tokens.length,
      "SendTaskSuccess/s (goal ≥ 2,000)": Math.round(result.ops / result.seconds),
      "server CPU µs/op": Math.round(result.cpuNs / 1000 / result.ops),
      errors: result.errors,
    };
  },
};

const ACTIVITY = "arn:aws:states:us-east-1:000000000000:activity:bench-activity";

export const workloads: Workload[] = [
  describeFloor,
  syncWorkload(10, false),
  syncWorkload(50, false),
  syncWorkload(10, true),
  syncWorkload(50, true),
  {
    name: "stepfunctions StartExecution (STANDARD, 10 Pass states, history persisted)",
    targets: ["local-aws", "noop"],
    opsPerRound: 1000,
    warmUp: 500,
    async setup(target) {
      if (target.kind === "local-aws") await create(target, "bench-standard-10", chain(10, false), "STANDARD");
    },
    sdk(target) {
      const sfn = client(target);
      return async () => {
        await sfn.send(new StartExecutionCommand({ stateMachineArn: arn("bench-standard-10"), input: '{"v":1}' }));
      };
    },
    raw() {
      return () => raw("StartExecution", { stateMachineArn: arn("bench-standard-10"), input: '{"v":1}' });
    },
  },
  sendTaskSuccess,
];
