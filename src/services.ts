import type { ServiceManifest } from "./core/service.js";
import { s3Manifest } from "./s3/manifest.js";

/** Every implemented service, one line each. A service is loaded on first use, or right after start. */
export const builtinServices: ServiceManifest[] = [s3Manifest];
