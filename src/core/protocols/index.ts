import type { ProtocolName } from "../service.js";
import { awsJson1_0, awsJson1_1 } from "./aws-json.js";
import { awsQuery } from "./aws-query.js";
import type { Codec } from "./codec.js";
import { restJson1 } from "./rest-json.js";
import { restXml } from "./rest-xml.js";

export const codecs: Record<ProtocolName, Codec> = { awsJson1_0, awsJson1_1, restJson1, restXml, awsQuery };
export type { Codec } from "./codec.js";
export { JsonText } from "./aws-json.js";
