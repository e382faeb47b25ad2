/** The bucket website configuration: what is stored and how GET returns it. */
import { asList } from "../core/protocols/xml.js";
import { s3Errors } from "./errors.js";

export interface RoutingRule {
  Condition?: { KeyPrefixEquals?: string; HttpErrorCodeReturnedEquals?: string };
  Redirect: { HostName?: string; Protocol?: string; ReplaceKeyPrefixWith?: string; ReplaceKeyWith?: string; HttpRedirectCode?: string };
}

export interface WebsiteConfig {
  IndexDocument?: { Suffix: string };
  ErrorDocument?: { Key: string };
  RedirectAllRequestsTo?: { HostName: string; Protocol?: string };
  RoutingRules?: RoutingRule[];
}

export function parseWebsite(doc: unknown): WebsiteConfig {
  const d = (doc ?? {}) as Record<string, Record<string, string> | undefined> & { RoutingRules?: { RoutingRule?: unknown } };
  const config: WebsiteConfig = {};
  if (d.RedirectAllRequestsTo) {
    if (!d.RedirectAllRequestsTo.HostName || typeof d.RedirectAllRequestsTo.HostName !== "string") throw s3Errors.malformedXml();
    config.RedirectAllRequestsTo = { HostName: d.RedirectAllRequestsTo.HostName, Protocol: d.RedirectAllRequestsTo.Protocol };
    return config;
  }
  const suffix = d.IndexDocument?.Suffix;
  // An element where S3's schema has text (<Suffix><a/></Suffix>) does not validate against it.
  if (suffix !== undefined && typeof suffix !== "string") throw s3Errors.malformedXml();
  if (!suffix) throw s3Errors.invalidArgument("A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty", "IndexDocument", "");
  if (suffix.includes("/")) throw s3Errors.invalidArgument("The IndexDocument Suffix is not well formed", "IndexDocument", suffix);
  config.IndexDocument = { Suffix: suffix };
  if (d.ErrorDocument?.Key !== undefined && typeof d.ErrorDocument.Key !== "string") throw s3Errors.malformedXml();
  if (d.ErrorDocument?.Key) config.ErrorDocument = { Key: d.ErrorDocument.Key };
  const rules = asList<RoutingRule>(d.RoutingRules?.RoutingRule);
  if (rules.length) config.RoutingRules = rules;
  return config;
}

export function websiteXml(config: WebsiteConfig): Record<string, unknown> {
  return {
    RedirectAllRequestsTo: config.RedirectAllRequestsTo,
    IndexDocument: config.IndexDocument,
    ErrorDocument: config.ErrorDocument,
    RoutingRules: config.RoutingRules ? { RoutingRule: config.RoutingRules } : undefined,
  };
}
