import { getOpenIdTokenForDeveloperIdentity } from "./developer.js";
import { getCredentialsForIdentity, getId, getOpenIdToken, listIdentities } from "./identities.js";
import { createIdentityPool, deleteIdentityPool, describeIdentityPool, getIdentityPoolRoles, listIdentityPools, setIdentityPoolRoles, updateIdentityPool } from "./pools.js";

export const identityOperations = [
  createIdentityPool,
  describeIdentityPool,
  updateIdentityPool,
  deleteIdentityPool,
  listIdentityPools,
  setIdentityPoolRoles,
  getIdentityPoolRoles,
  getId,
  getCredentialsForIdentity,
  getOpenIdToken,
  listIdentities,
  getOpenIdTokenForDeveloperIdentity,
];
