/** The `cloudfront` section of the config file (read by own-ports.ts). */
import type { ZodType } from "zod";

export async function cloudfrontConfigSchema(): Promise<ZodType> {
  const { z } = await import("zod");
  const distribution = z.strictObject({
    /** Also serve the distribution (the one with this CallerReference) at the root of this port. */
    port: z.number().int().min(1).max(65535).optional(),
  });
  const text = z.string().min(1).max(256);
  /** The viewer CloudFront describes in its CloudFront-Viewer-* headers (viewer-headers.ts has the defaults). */
  const viewer = z.strictObject({
    address: text.optional(),
    asn: text.optional(),
    country: z.string().regex(/^[A-Z]{2}$/).optional(),
    countryName: text.optional(),
    countryRegion: text.optional(),
    countryRegionName: text.optional(),
    city: text.optional(),
    postalCode: text.optional(),
    timeZone: text.optional(),
    latitude: text.optional(),
    longitude: text.optional(),
    metroCode: text.optional(),
    httpVersion: z.enum(["1.0", "1.1", "2.0", "3.0"]).optional(),
    tls: text.optional(),
  });
  return z.strictObject({
    viewer: viewer.optional(),
    /** CallerReference → settings. */
    distributions: z.record(z.string().min(1).max(128), distribution).optional(),
  });
}
