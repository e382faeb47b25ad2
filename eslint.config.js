import js from "@eslint/js";
import { dirname, relative, resolve, sep } from "node:path";
import tseslint from "typescript-eslint";

/**
 * Services meet only through core (ports, the event log, the bus): a file under src/<service>/ may
 * import from src/core/ and its own folder, never from another service's; src/core/ imports no
 * service. Top-level files (index.ts, cli.ts, services.ts) wire services together and may.
 */
const serviceBoundaries = {
  meta: { type: "problem", schema: [], messages: { crossService: "{{from}} must not import {{target}}: {{reason}}" } },
  create(context) {
    const src = resolve(context.cwd, "src");
    const areaOf = (file) => {
      const rel = relative(src, file);
      if (rel.startsWith("..") || !rel.includes(sep)) return undefined;
      return rel.split(sep)[0];
    };
    const from = areaOf(context.filename);
    if (!from) return {};
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== "string" || !spec.startsWith(".")) return;
      const target = areaOf(resolve(dirname(context.filename), spec));
      if (target === undefined) {
        if (from === "core" || resolve(dirname(context.filename), spec).startsWith(src + sep)) {
          // A top-level module (services.ts, config.ts) from inside a service or core.
          const top = relative(src, resolve(dirname(context.filename), spec));
          if (!top.startsWith("..")) context.report({ node: node.source, messageId: "crossService", data: { from: `src/${from}`, target: `src/${top}`, reason: "it wires every service together" } });
        }
        return;
      }
      if (target === from || target === "core") return;
      const reason = from === "core" ? "core imports no service" : "services meet through src/core (ports.ts, the event log, the bus)";
      context.report({ node: node.source, messageId: "crossService", data: { from: `src/${from}`, target: `src/${target}`, reason } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

const clockOnly = "Timers and wall-clock reads go through src/core/clock.ts so the virtual clock can drive them.";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", ".local-aws/", "coverage/", "scratch/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  {
    files: ["src/**/*.ts"],
    ignores: ["src/core/clock.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: clockOnly },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: clockOnly },
        { selector: "CallExpression[callee.name=/^(setTimeout|setInterval)$/]", message: clockOnly },
        { selector: "CallExpression[callee.object.name=/^(globalThis|global|window)$/][callee.property.name=/^(setTimeout|setInterval)$/]", message: clockOnly },
      ],
    },
  },
  {
    files: ["src/**/*.ts"],
    plugins: { "local-aws": { rules: { "service-boundaries": serviceBoundaries } } },
    rules: { "local-aws/service-boundaries": "error" },
  },
  {
    files: ["bin/**/*.js", "eslint.config.js", "bench/**/*.mjs", "scripts/**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly" } },
  },
);
