import js from "@eslint/js";
import tseslint from "typescript-eslint";

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
    files: ["bin/**/*.js", "eslint.config.js", "bench/**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly" } },
  },
);
