// Takes a second per call; fails when asked to, so its asynchronous invocations are retried.
import { setTimeout as sleep } from "node:timers/promises";

export const handler = async (event) => {
  await sleep(1000);
  if (event.fail) throw new Error("payment service down");
  return { paid: event.amount };
};
