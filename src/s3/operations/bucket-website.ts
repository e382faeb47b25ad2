import { parseWebsite, websiteXml, type WebsiteConfig } from "../website-config.js";
import { subresourceOperations } from "./bucket-subresource.js";

export const [putBucketWebsite, getBucketWebsite, deleteBucketWebsite] = subresourceOperations<WebsiteConfig>({
  query: "website",
  name: "BucketWebsite",
  member: "WebsiteConfiguration",
  xmlRoot: "WebsiteConfiguration",
  parse: parseWebsite,
  render: websiteXml,
  missing: { code: "NoSuchWebsiteConfiguration", message: "The specified bucket does not have a website configuration" },
});
