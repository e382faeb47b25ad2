import {
  AddCustomAttributesCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { createPool } from "./helpers.js";

const ctx = useServer();

describe("user pools", () => {
  it("creates a pool with an AWS-shaped id and AWS's defaults", async () => {
    const cognito = ctx.client(CognitoIdentityProviderClient);
    const out = await cognito.send(new CreateUserPoolCommand({ PoolName: "my-pool" }));
    const pool = out.UserPool!;
    expect(pool.Id).toMatch(/^us-east-1_[0-9A-Za-z]{9}$/);
    expect(pool.Arn).toBe(`arn:aws:cognito-idp:us-east-1:000000000000:userpool/${pool.Id}`);
    expect(pool.Policies?.PasswordPolicy).toMatchObject({ MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 7 });
    expect(pool.UsernameConfiguration?.CaseSensitive).toBe(true);
    expect(pool.MfaConfiguration).toBe("OFF");
    expect(pool.CreationDate).toBeInstanceOf(Date);
    const names = pool.SchemaAttributes!.map((a) => a.Name);
    expect(names).toEqual(expect.arrayContaining(["sub", "email", "email_verified", "phone_number", "updated_at"]));
    const described = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }));
    expect(described.UserPool?.Name).toBe("my-pool");
    expect(described.UserPool?.EstimatedNumberOfUsers).toBe(0);
  });

  it("keeps settings, custom attributes and the password policy", async () => {
    const cognito = ctx.client(CognitoIdentityProviderClient);
    const id = await createPool(cognito, {
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireSymbols: false } },
      AliasAttributes: ["email", "preferred_username"],
      UsernameConfiguration: { CaseSensitive: false },
      AutoVerifiedAttributes: ["email"],
      Schema: [{ Name: "tenant", AttributeDataType: "String", Mutable: true }, { Name: "email", Required: true, AttributeDataType: "String" }],
    });
    await cognito.send(new AddCustomAttributesCommand({ UserPoolId: id, CustomAttributes: [{ Name: "plan", AttributeDataType: "String" }] }));
    const pool = (await cognito.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;
    expect(pool.Policies?.PasswordPolicy?.MinimumLength).toBe(12);
    expect(pool.Policies?.PasswordPolicy?.RequireSymbols).toBe(false);
    expect(pool.AliasAttributes).toEqual(["email", "preferred_username"]);
    expect(pool.UsernameConfiguration?.CaseSensitive).toBe(false);
    expect(pool.SchemaAttributes?.find((a) => a.Name === "custom:tenant")).toMatchObject({ AttributeDataType: "String", Mutable: true });
    expect(pool.SchemaAttributes?.find((a) => a.Name === "custom:plan")).toBeDefined();
    expect(pool.SchemaAttributes?.find((a) => a.Name === "email")?.Required).toBe(true);
    await expectAwsError(cognito.send(new AddCustomAttributesCommand({ UserPoolId: id, CustomAttributes: [{ Name: "plan", AttributeDataType: "String" }] })), {
      name: "InvalidParameterException",
      message: "Existing attribute already has name custom:plan.",
    });
  });

  it("validates input against AWS's model, in AWS's words", async () => {
    const cognito = ctx.client(CognitoIdentityProviderClient);
    await expectAwsError(cognito.send(new CreateUserPoolCommand({ PoolName: "" })), {
      name: "InvalidParameterException",
      message: /^2 validation errors detected: Value '' at 'poolName' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
    });
    await expectAwsError(cognito.send(new DescribeUserPoolCommand({ UserPoolId: "not a pool id" })), {
      name: "InvalidParameterException",
      message: "1 validation error detected: Value 'not a pool id' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+",
    });
  });

  it("refuses both alias and username attributes", async () => {
    const cognito = ctx.client(CognitoIdentityProviderClient);
    await expectAwsError(cognito.send(new CreateUserPoolCommand({ PoolName: "x", AliasAttributes: ["email"], UsernameAttributes: ["email"] })), {
      name: "InvalidParameterException",
      status: 400,
      message: "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.",
    });
  });

  it("updates, lists with pagination, and deletes (honouring deletion protection)", async () => {
    const cognito = ctx.client(CognitoIdentityProviderClient, { region: "eu-west-1" });
    const ids = [await createPool(cognito), await createPool(cognito), await createPool(cognito)];
    expect(ids[0]).toMatch(/^eu-west-1_/);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await cognito.send(new ListUserPoolsCommand({ MaxResults: 2, NextToken: token }));
      seen.push(...page.UserPools!.map((p) => p.Id!));
      token = page.NextToken;
    } while (token);
    expect(seen.sort()).toEqual([...ids].sort());
    await cognito.send(new UpdateUserPoolCommand({ UserPoolId: ids[0], DeletionProtection: "ACTIVE" }));
    await expectAwsError(cognito.send(new DeleteUserPoolCommand({ UserPoolId: ids[0] })), { name: "InvalidParameterException" });
    await cognito.send(new UpdateUserPoolCommand({ UserPoolId: ids[0], DeletionProtection: "INACTIVE" }));
    await cognito.send(new DeleteUserPoolCommand({ UserPoolId: ids[0] }));
    await expectAwsError(cognito.send(new DescribeUserPoolCommand({ UserPoolId: ids[0] })), {
      name: "ResourceNotFoundException",
      message: `User pool ${ids[0]} does not exist.`,
    });
    await expectAwsError(cognito.send(new ListUserPoolsCommand({ MaxResults: 61 })), {
      name: "InvalidParameterException",
      message: "1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60",
    });
  });

  it("tags pools by ARN", async () => {
    const cognito = ctx.client(CognitoIdentityProviderClient);
    const pool = (await cognito.send(new CreateUserPoolCommand({ PoolName: "tagged", UserPoolTags: { team: "a" } }))).UserPool!;
    await cognito.send(new TagResourceCommand({ ResourceArn: pool.Arn, Tags: { env: "dev" } }));
    await cognito.send(new UntagResourceCommand({ ResourceArn: pool.Arn, TagKeys: ["team"] }));
    expect((await cognito.send(new ListTagsForResourceCommand({ ResourceArn: pool.Arn }))).Tags).toEqual({ env: "dev" });
    await expectAwsError(cognito.send(new ListTagsForResourceCommand({ ResourceArn: pool.Arn!.replace(pool.Id!, "us-east-1_Nope12345") })), { name: "ResourceNotFoundException" });
  });

  it("sets and reads the MFA configuration", async () => {
    const cognito = ctx.client(CognitoIdentityProviderClient);
    const id = await createPool(cognito);
    const out = await cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: id, MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true } }));
    expect(out.MfaConfiguration).toBe("OPTIONAL");
    const got = await cognito.send(new GetUserPoolMfaConfigCommand({ UserPoolId: id }));
    expect(got.SoftwareTokenMfaConfiguration?.Enabled).toBe(true);
    await expectAwsError(cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: id, MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: false } })), {
      name: "InvalidParameterException",
    });
  });
});

describe("user pool clients", () => {
  it("creates a client with a 26-character id, a secret and AWS's defaults", async () => {
    const cognito = ctx.client(CognitoIdentityProviderClient);
    const id = await createPool(cognito);
    const out = await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: "web", GenerateSecret: true }));
    const client = out.UserPoolClient!;
    expect(client.ClientId).toMatch(/^[a-z0-9]{26}$/);
    expect(client.ClientSecret).toMatch(/^[a-z0-9]{50,52}$/);
    expect(client.RefreshTokenValidity).toBe(30);
    expect(client.TokenValidityUnits).toEqual({ AccessToken: "hours", IdToken: "hours", RefreshToken: "days" });
    expect(client.PreventUserExistenceErrors).toBe("LEGACY");
    expect(client.AuthSessionValidity).toBe(3);
    expect(client.EnableTokenRevocation).toBe(true);
    const described = await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: client.ClientId }));
    expect(described.UserPoolClient?.ClientSecret).toBe(client.ClientSecret);
  });

  it("validates flows and token validities", async () => {
    const cognito = ctx.client(CognitoIdentityProviderClient);
    const id = await createPool(cognito);
    await expectAwsError(cognito.send(new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: "c", ExplicitAuthFlows: ["NOPE" as "ALLOW_USER_SRP_AUTH"] })), {
      name: "InvalidParameterException",
      message: /explicitAuthFlows/,
    });
    await expectAwsError(cognito.send(new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: "c", AccessTokenValidity: 2, TokenValidityUnits: { AccessToken: "days" } })), {
      name: "InvalidParameterException",
      message: /token validity/,
    });
    await expectAwsError(cognito.send(new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: "c", AllowedOAuthFlows: ["client_credentials"] })), {
      name: "InvalidParameterException",
      message: "client_credentials flow can not be selected if client does not have a client secret.",
    });
    await expectAwsError(cognito.send(new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: "c", AllowedOAuthScopes: ["orders/read"] })), {
      name: "ScopeDoesNotExistException",
      message: "Invalid scope requested: orders/read",
    });
    const ok = await cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: "c", AccessTokenValidity: 5, IdTokenValidity: 5, TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes" } }),
    );
    expect(ok.UserPoolClient?.AccessTokenValidity).toBe(5);
    expect(ok.UserPoolClient?.TokenValidityUnits?.RefreshToken).toBe("days");
  });

  it("updates (omitted settings return to defaults), lists and deletes", async () => {
    const cognito = ctx.client(CognitoIdentityProviderClient);
    const id = await createPool(cognito);
    const c = (await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: "c", PreventUserExistenceErrors: "ENABLED" }))).UserPoolClient!;
    const updated = await cognito.send(new UpdateUserPoolClientCommand({ UserPoolId: id, ClientId: c.ClientId, ClientName: "renamed" }));
    expect(updated.UserPoolClient?.ClientName).toBe("renamed");
    expect(updated.UserPoolClient?.PreventUserExistenceErrors).toBe("LEGACY");
    const list = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: id }));
    expect(list.UserPoolClients).toEqual([{ ClientId: c.ClientId, UserPoolId: id, ClientName: "renamed" }]);
    await cognito.send(new DeleteUserPoolClientCommand({ UserPoolId: id, ClientId: c.ClientId }));
    await expectAwsError(cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: c.ClientId })), {
      name: "ResourceNotFoundException",
      message: `User pool client ${c.ClientId!} does not exist.`,
    });
  });
});
