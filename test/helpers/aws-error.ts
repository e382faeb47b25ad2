import { expect } from "vitest";

export interface ExpectedAwsError {
  name?: string;
  status?: number;
  message?: string | RegExp;
}

interface SdkError {
  name: string;
  message: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $fault?: string;
}

/** Awaits `promise`, expects it to fail with an SDK error of this name, status and message. */
export async function expectAwsError<T extends SdkError = SdkError>(promise: Promise<unknown>, expected: ExpectedAwsError): Promise<T> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  expect(caught, "expected the call to fail").toBeDefined();
  const err = caught as T;
  if (expected.name !== undefined) expect(err.name).toBe(expected.name);
  if (expected.status !== undefined) expect(err.$metadata?.httpStatusCode).toBe(expected.status);
  if (typeof expected.message === "string") expect(err.message).toBe(expected.message);
  else if (expected.message) expect(err.message).toMatch(expected.message);
  return err;
}
