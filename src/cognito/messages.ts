/**
 * Messages AWS would send (codes, invitations, MFA codes): nothing leaves the machine; each is
 * captured for `GET /_local/cognito/messages` and logged. The CustomMessage trigger shapes them
 * first, as on AWS.
 */
import type { RequestContext } from "../core/context.js";
import { errors } from "./errors.js";
import { newCode } from "./ids.js";
import { type Pool, type User } from "./model.js";
import { runTrigger } from "./triggers.js";
import type { CognitoState } from "./state.js";

export interface CapturedMessage {
  time: number;
  userPoolId: string;
  username: string;
  medium: "EMAIL" | "SMS";
  destination: string;
  triggerSource: string;
  code?: string;
  subject?: string;
  message: string;
}

export interface CodeDeliveryDetails {
  Destination: string;
  DeliveryMedium: "EMAIL" | "SMS";
  AttributeName: string;
}

/** AWS's masked destination: `j***@e***`, `+*******1234`. */
export function maskDestination(medium: "EMAIL" | "SMS", value: string): string {
  if (medium === "SMS") return `+${"*".repeat(Math.max(0, value.length - 5))}${value.slice(-4)}`;
  const [local = "", domain = ""] = value.split("@");
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}

/** Where a code for this user goes: `attribute` if given, else an auto-verified email, else phone. */
export function destinationOf(pool: Pool, user: User, attribute?: string): CodeDeliveryDetails | undefined {
  const candidates = attribute ? [attribute] : (pool.AutoVerifiedAttributes ?? []).slice().sort();
  for (const name of candidates) {
    const value = user.Attributes[name];
    if (!value) continue;
    const medium = name === "phone_number" ? "SMS" : "EMAIL";
    return { Destination: maskDestination(medium, value), DeliveryMedium: medium, AttributeName: name };
  }
  return undefined;
}

export function fixedCode(ctx: RequestContext): string | undefined {
  const config = ctx.settings.config.cognito as { code?: unknown } | undefined;
  return typeof config?.code === "string" && /^\d{4,8}$/.test(config.code) ? config.code : undefined;
}

interface Defaults {
  email: string;
  subject: string;
  sms: string;
}

function defaultsFor(pool: Pool, source: string): Defaults {
  const t = pool.VerificationMessageTemplate as { EmailMessage?: string; EmailSubject?: string; SmsMessage?: string };
  if (source === "CustomMessage_AdminCreateUser") {
    const invite = (pool.AdminCreateUserConfig.InviteMessageTemplate ?? {}) as { EmailMessage?: string; EmailSubject?: string; SMSMessage?: string };
    return {
      email: invite.EmailMessage ?? "Your username is {username} and temporary password is {####}. ",
      subject: invite.EmailSubject ?? "Your temporary password",
      sms: invite.SMSMessage ?? "Your username is {username} and temporary password is {####}. ",
    };
  }
  if (source === "CustomMessage_Authentication") {
    const emailMfa = (pool.EmailMfaConfiguration ?? {}) as { Message?: string; Subject?: string };
    return {
      email: emailMfa.Message ?? "Your authentication code is {####}. ",
      subject: emailMfa.Subject ?? "Your authentication code",
      sms: pool.SmsAuthenticationMessage ?? "Your authentication code is {####}. ",
    };
  }
  return {
    email: t.EmailMessage ?? "Your verification code is {####}. ",
    subject: t.EmailSubject ?? "Your verification code",
    sms: t.SmsMessage ?? "Your verification code is {####}. ",
  };
}

/**
 * Sends (captures) a message carrying `code` to the user's `delivery` destination, through the
 * CustomMessage trigger when the pool has one.
 */
export async function deliver(state: CognitoState, 
  ctx: RequestContext,
  pool: Pool,
  user: User,
  delivery: CodeDeliveryDetails,
  source: string,
  code: string,
  clientId?: string,
  clientMetadata?: Record<string, string>,
): Promise<void> {
  const defaults = defaultsFor(pool, source);
  let email = defaults.email;
  let subject = defaults.subject;
  let sms = defaults.sms;
  const custom = await runTrigger(ctx, pool, "CustomMessage", {
    triggerSource: source,
    userName: user.Username,
    clientId,
    request: {
      userAttributes: { ...user.Attributes, "cognito:user_status": user.UserStatus },
      codeParameter: "{####}",
      linkParameter: "{##Click Here##}",
      usernameParameter: source === "CustomMessage_AdminCreateUser" ? "{username}" : null,
      clientMetadata: clientMetadata ?? {},
    },
    response: { smsMessage: null, emailMessage: null, emailSubject: null },
  });
  if (custom) {
    const r = custom.response as { smsMessage?: unknown; emailMessage?: unknown; emailSubject?: unknown };
    if (typeof r.emailMessage === "string") email = r.emailMessage;
    if (typeof r.emailSubject === "string") subject = r.emailSubject;
    if (typeof r.smsMessage === "string") sms = r.smsMessage;
    const chosen = delivery.DeliveryMedium === "EMAIL" ? email : sms;
    if (!chosen.includes("{####}")) throw errors.invalidLambdaResponse("Invalid lambda response: message must contain {####}");
  }
  const text = (delivery.DeliveryMedium === "EMAIL" ? email : sms).replaceAll("{####}", code).replaceAll("{username}", user.Username);
  const message: CapturedMessage = {
    time: ctx.clock.now(),
    userPoolId: pool.Id,
    username: user.Username,
    medium: delivery.DeliveryMedium,
    destination: user.Attributes[delivery.AttributeName] ?? "",
    triggerSource: source,
    code,
    subject: delivery.DeliveryMedium === "EMAIL" ? subject : undefined,
    message: text,
  };
  state.cs.insertMessage.run(pool.Id, user.Username, message.time, JSON.stringify(message));
  ctx.log.info({ userPoolId: pool.Id, username: user.Username, medium: message.medium, triggerSource: source, code }, "cognito message (not sent: captured)");
}

/** A new code for `purpose`, valid 24 hours (verification) or 1 hour (password reset), remembered on the user. */
export function issueCode(ctx: RequestContext, user: User, purpose: string): string {
  const code = newCode(fixedCode(ctx));
  const ttl = purpose === "forgot" ? 3_600_000 : 86_400_000;
  user.codes[purpose] = { code, expires: ctx.clock.now() + ttl };
  return code;
}
