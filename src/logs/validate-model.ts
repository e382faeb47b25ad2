/**
 * CloudWatch Logs' inputs are checked from AWS's model (models/logs.json.gz) before any handler
 * runs: coral's wording under InvalidParameterException. Below: where Logs' answers differ from the
 * model as botocore ships it; each entry is covered by a test in test/logs.
 */
import { coralValidation, type ModelBinding } from "../core/models/index.js";

/** The retention periods PutRetentionPolicy and CreateLogGroup accept, in the order Logs prints them. */
export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const logsModel: ModelBinding = {
  service: "logs",
  style: coralValidation("InvalidParameterException"),
  overrides: {
    shapes: {
      // The model types retention as any integer; Logs refuses the values it does not offer.
      Days: { enum: RETENTION_DAYS.map(String) },
    },
  },
};
