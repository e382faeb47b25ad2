/**
 * CloudFront's own request headers (AWS: "Add CloudFront request headers"): added only when the
 * behaviour's cache policy or origin-request policy names them, so they reach the cache key, the
 * origin, CloudFront Functions and Lambda@Edge origin events, but not a Lambda@Edge viewer-request
 * event (AWS adds them after that event). Geo values come from the config file's
 * `cloudfront.viewer` section, else the defaults below (a Seattle viewer).
 */
import type { BehaviorPolicy, ForwardPolicy } from "./policies.js";

export interface ViewerSettings {
  address?: string;
  asn?: string;
  country?: string;
  countryName?: string;
  countryRegion?: string;
  countryRegionName?: string;
  city?: string;
  postalCode?: string;
  timeZone?: string;
  latitude?: string;
  longitude?: string;
  metroCode?: string;
  httpVersion?: string;
  tls?: string;
}

export const VIEWER_DEFAULTS: Required<ViewerSettings> = {
  address: "127.0.0.1:50000",
  asn: "16509",
  country: "US",
  countryName: "United States",
  countryRegion: "WA",
  countryRegionName: "Washington",
  city: "Seattle",
  postalCode: "98101",
  timeZone: "America/Los_Angeles",
  latitude: "47.60620",
  longitude: "-122.33210",
  metroCode: "819",
  httpVersion: "1.1",
  tls: "TLSv1.3:TLS_AES_128_GCM_SHA256:fullHandshake",
};

/** Header (lower-case) → the setting it reads. JA3/JA4 fingerprints are not generated (no TLS here). */
const FROM_SETTINGS: Record<string, keyof ViewerSettings> = {
  "cloudfront-viewer-address": "address",
  "cloudfront-viewer-asn": "asn",
  "cloudfront-viewer-country": "country",
  "cloudfront-viewer-country-name": "countryName",
  "cloudfront-viewer-country-region": "countryRegion",
  "cloudfront-viewer-country-region-name": "countryRegionName",
  "cloudfront-viewer-city": "city",
  "cloudfront-viewer-postal-code": "postalCode",
  "cloudfront-viewer-time-zone": "timeZone",
  "cloudfront-viewer-latitude": "latitude",
  "cloudfront-viewer-longitude": "longitude",
  "cloudfront-viewer-metro-code": "metroCode",
  "cloudfront-viewer-http-version": "httpVersion",
  "cloudfront-viewer-tls": "tls",
};

const MOBILE = /Mobi|iPhone|iPod|Android.*Mobile|Windows Phone|BlackBerry|Opera Mini/i;
const TABLET = /iPad|Tablet|Kindle|Silk|PlayBook|Android(?!.*Mobile)/i;
const SMART_TV = /Smart-?TV|GoogleTV|AppleTV|HbbTV|Roku|BRAVIA|NetCast|Tizen.*TV|Web0S|WebOS.*TV|CrKey/i;

const device = (test: (ua: string) => boolean) => (ua: string): string => String(test(ua));
const FROM_USER_AGENT: Record<string, (ua: string) => string> = {
  "cloudfront-is-mobile-viewer": device((ua) => MOBILE.test(ua)),
  "cloudfront-is-tablet-viewer": device((ua) => !MOBILE.test(ua) && TABLET.test(ua)),
  "cloudfront-is-smarttv-viewer": device((ua) => SMART_TV.test(ua)),
  "cloudfront-is-desktop-viewer": device((ua) => !MOBILE.test(ua) && !TABLET.test(ua) && !SMART_TV.test(ua)),
  "cloudfront-is-ios-viewer": device((ua) => /iPhone|iPad|iPod/.test(ua)),
  "cloudfront-is-android-viewer": device((ua) => /Android/i.test(ua)),
};

/** Every CloudFront-generated request header this edge knows (a viewer's own copies are dropped). */
export const CLOUDFRONT_REQUEST_HEADERS = new Set([...Object.keys(FROM_SETTINGS), ...Object.keys(FROM_USER_AGENT), "cloudfront-forwarded-proto", "cloudfront-viewer-ja3-fingerprint", "cloudfront-viewer-ja4-fingerprint"]);

const settingsOf = new WeakMap<object, Required<ViewerSettings>>();

function viewerSettings(config: Record<string, unknown>): Required<ViewerSettings> {
  let s = settingsOf.get(config);
  if (!s) {
    const section = (config.cloudfront as { viewer?: ViewerSettings } | undefined)?.viewer ?? {};
    s = { ...VIEWER_DEFAULTS };
    for (const k of Object.keys(VIEWER_DEFAULTS) as (keyof ViewerSettings)[]) if (typeof section[k] === "string") s[k] = section[k];
    settingsOf.set(config, s);
  }
  return s;
}

/** Lists per policy pair (policies are built once per config), so a cache hit allocates none. */
const namedBy = new WeakMap<BehaviorPolicy, WeakMap<ForwardPolicy, string[]>>();
const namedByKeyOnly = new WeakMap<BehaviorPolicy, string[]>();

/** The CloudFront headers the behaviour's policies name (cache key headers and forwarded headers). */
export function namedCloudFrontHeaders(policy: BehaviorPolicy, forward: ForwardPolicy | undefined): string[] {
  if (!forward) {
    let named = namedByKeyOnly.get(policy);
    if (!named) namedByKeyOnly.set(policy, (named = namesOf(policy, undefined)));
    return named;
  }
  let byForward = namedBy.get(policy);
  if (!byForward) namedBy.set(policy, (byForward = new WeakMap()));
  let named = byForward.get(forward);
  if (!named) byForward.set(forward, (named = namesOf(policy, forward)));
  return named;
}

function namesOf(policy: BehaviorPolicy, forward: ForwardPolicy | undefined): string[] {
  const out: string[] = [];
  for (const h of policy.headers) if (CLOUDFRONT_REQUEST_HEADERS.has(h)) out.push(h);
  // "only" lists them; allViewerAndWhitelistCloudFront keeps its list under "all".
  if (forward && (forward.headers.mode === "only" || forward.headers.mode === "all")) for (const h of forward.headers.names) if (CLOUDFRONT_REQUEST_HEADERS.has(h) && !out.includes(h)) out.push(h);
  return out;
}

/** Sets the named headers on `headers` (lower-case names, changed in place). */
export function addCloudFrontHeaders(names: string[], headers: Record<string, string>, config: Record<string, unknown>): void {
  if (names.length === 0) return;
  const settings = viewerSettings(config);
  const ua = headers["user-agent"] ?? "";
  for (const name of names) {
    const setting = FROM_SETTINGS[name];
    if (setting !== undefined) headers[name] = settings[setting];
    else if (name === "cloudfront-forwarded-proto") headers[name] = "https"; // local counts as HTTPS
    else {
      const fromUa = FROM_USER_AGENT[name];
      if (fromUa) headers[name] = fromUa(ua);
    }
  }
}
