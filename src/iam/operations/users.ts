/** CreateUser, GetUser, CreateAccessKey, UpdateAccessKey, DeleteAccessKey (long-term AKIA keys, attributed by STS GetCallerIdentity; an inactive or deleted key signs nothing under --enforce-iam strict). */
import type { AccessKey, CreateAccessKeyRequest, CreateUserRequest, DeleteAccessKeyRequest, GetUserRequest, UpdateAccessKeyRequest, User } from "@aws-sdk/client-iam";
import { randomBytes } from "node:crypto";
import type { RequestContext } from "../../core/context.js";
import { AwsError } from "../../core/errors.js";
import { alreadyExists, iamId, iamOperation, noSuchEntity, type IamState } from "../state.js";

interface StoredUser {
  Path: string;
  UserName: string;
  UserId: string;
  Arn: string;
  CreateDate: number;
  Tags?: { Key: string; Value: string }[];
}

function wireUser(u: StoredUser): User {
  return { Path: u.Path, UserName: u.UserName, UserId: u.UserId, Arn: u.Arn, CreateDate: new Date(u.CreateDate), ...(u.Tags?.length ? { Tags: u.Tags } : {}) };
}

function loadUser(ctx: RequestContext, state: IamState, name: string): StoredUser {
  const row = state.sql.user.get(ctx.accountId, name);
  if (!row) throw noSuchEntity(`The user with name ${name} cannot be found.`);
  return JSON.parse(row.meta) as StoredUser;
}

export const createUser = iamOperation<CreateUserRequest, { User: User }>({
  name: "CreateUser",
  handle(input, ctx, state) {
    if (state.sql.user.get(ctx.accountId, input.UserName!)) throw alreadyExists(`User with name ${input.UserName} already exists.`);
    const path = input.Path ?? "/";
    const user: StoredUser = {
      Path: path,
      UserName: input.UserName!,
      UserId: iamId("AIDA"),
      Arn: `arn:aws:iam::${ctx.accountId}:user${path}${input.UserName}`,
      CreateDate: ctx.clock.now(),
      ...(input.Tags?.length ? { Tags: input.Tags as StoredUser["Tags"] } : {}),
    };
    state.sql.putUser.run(ctx.accountId, user.UserName, JSON.stringify(user));
    return { User: wireUser(user) };
  },
});

export const getUser = iamOperation<GetUserRequest, { User: User }>({
  name: "GetUser",
  handle(input, ctx, state) {
    if (input.UserName === undefined) return { User: { Path: "/", UserName: "root", UserId: ctx.accountId, Arn: `arn:aws:iam::${ctx.accountId}:root`, CreateDate: new Date(0) } };
    return { User: wireUser(loadUser(ctx, state, input.UserName)) };
  },
});

export const createAccessKey = iamOperation<CreateAccessKeyRequest, { AccessKey: AccessKey }>({
  name: "CreateAccessKey",
  handle(input, ctx, state) {
    const user = loadUser(ctx, state, input.UserName ?? "");
    if ((state.sql.keysOf.get(ctx.accountId, user.UserName)?.n ?? 0) >= 2) {
      throw new AwsError("LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2", { status: 409 });
    }
    const id = iamId("AKIA", 16);
    const secret = randomBytes(30).toString("base64").replace(/[+/]/g, "A");
    const now = ctx.clock.now();
    state.sql.putKey.run(id, ctx.accountId, user.UserName, secret, "Active", now);
    return { AccessKey: { UserName: user.UserName, AccessKeyId: id, Status: "Active", SecretAccessKey: secret, CreateDate: new Date(now) } };
  },
});

/** The key of this user (the caller's own user when no name is given), or IAM's NoSuchEntity. */
function userKey(ctx: RequestContext, state: IamState, userName: string | undefined, accessKeyId: string): { id: string } {
  const key = state.sql.key.get(accessKeyId);
  const owner = userName ?? (key?.id === ctx.accessKeyId ? key?.user : undefined);
  if (!key || key.account !== ctx.accountId || owner === undefined || key.user.toLowerCase() !== owner.toLowerCase()) {
    if (userName !== undefined) loadUser(ctx, state, userName);
    throw noSuchEntity(`The Access Key with id ${accessKeyId} cannot be found.`);
  }
  return key;
}

export const updateAccessKey = iamOperation<UpdateAccessKeyRequest, Record<string, never>>({
  name: "UpdateAccessKey",
  handle(input, ctx, state) {
    const key = userKey(ctx, state, input.UserName, input.AccessKeyId!);
    state.sql.setKeyStatus.run(input.Status!, key.id);
    return {};
  },
});

export const deleteAccessKey = iamOperation<DeleteAccessKeyRequest, Record<string, never>>({
  name: "DeleteAccessKey",
  handle(input, ctx, state) {
    const key = userKey(ctx, state, input.UserName, input.AccessKeyId!);
    state.sql.deleteKey.run(key.id);
    return {};
  },
});
