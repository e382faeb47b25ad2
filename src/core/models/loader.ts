/**
 * Loads a vendored AWS service model (models/<service>.json.gz) the first time a service that
 * opted in needs it, applies the service's overrides, and keeps it for the process.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { ModelOverrides, ServiceModel, ShapeModel } from "./types.js";

// src/core/models and dist/core/models are both three levels below the package root.
const MODELS_DIR = new URL("../../../models/", import.meta.url);

const raw = new Map<string, ServiceModel>();

/** The model as vendored (shared, never mutated). */
export function loadModel(service: string): ServiceModel {
  let model = raw.get(service);
  if (!model) {
    if (!/^[a-z0-9-]+$/.test(service)) throw new Error(`invalid model name ${service}`);
    const text = gunzipSync(readFileSync(new URL(`${service}.json.gz`, MODELS_DIR))).toString("utf8");
    model = JSON.parse(text) as ServiceModel;
    raw.set(service, model);
  }
  return model;
}

/** The model with `overrides.shapes` merged over its shapes (a new object; the vendored one is untouched). */
export function withOverrides(model: ServiceModel, overrides: ModelOverrides | undefined): ServiceModel {
  if (!overrides?.shapes) return model;
  const shapes: Record<string, ShapeModel> = { ...model.shapes };
  for (const [name, patch] of Object.entries(overrides.shapes)) {
    shapes[name] = { ...(shapes[name] ?? { type: patch.type ?? "string" }), ...patch } as ShapeModel;
  }
  return { ...model, shapes };
}

/** The services whose models are vendored (for tests and tools). */
export function modelVersion(): string {
  return readFileSync(new URL("VERSION", MODELS_DIR), "utf8").trim();
}
