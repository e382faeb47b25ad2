import { describe, expect, it } from "vitest";
import { optionsFromEnv, resolveSettings } from "../../src/config.js";
import { startOptionsSchema } from "../../src/core/config-schema.js";

describe("the --enforce-iam start option", () => {
  it("is off by default, and set by LOCAL_AWS_ENFORCE_IAM or the options", () => {
    expect(resolveSettings({ inMemory: true }).enforceIam).toBe("off");
    expect(resolveSettings({ inMemory: true, ...optionsFromEnv({ LOCAL_AWS_ENFORCE_IAM: "strict" }) }).enforceIam).toBe("strict");
    expect(resolveSettings({ inMemory: true, enforceIam: "on" }).enforceIam).toBe("on");
  });

  it("refuses a mode that is not off, on or strict", () => {
    expect(() => resolveSettings({ inMemory: true, enforceIam: "yes" as "on" })).toThrow("--enforce-iam must be off, on or strict, got yes");
  });

  it("is a config file setting", async () => {
    const schema = await startOptionsSchema();
    expect(schema.safeParse({ enforceIam: "on" }).success).toBe(true);
    expect(schema.safeParse({ enforceIam: "enforce" }).success).toBe(false);
  });
});
