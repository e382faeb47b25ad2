import { adminUpdateUserAttributes, adminDeleteUserAttributes, adminUserGlobalSignOut, listUsers } from "./admin-attributes.js";
import { adminCreateUser, adminGetUser, adminDeleteUser, adminEnableUser, adminDisableUser, adminConfirmSignUp, adminSetUserPassword, adminResetUserPassword } from "./admin-users.js";
import { initiateAuth, adminInitiateAuth, respondToAuthChallenge, adminRespondToAuthChallenge, getTokensFromRefreshToken } from "./auth.js";
import { createUserPoolClient, describeUserPoolClient, updateUserPoolClient, deleteUserPoolClient, listUserPoolClients } from "./clients.js";
import { createUserPoolDomain, describeUserPoolDomain, deleteUserPoolDomain, createResourceServer, updateResourceServer, describeResourceServer, listResourceServers, deleteResourceServer } from "./domains.js";
import { forgotPassword, confirmForgotPassword } from "./forgot-password.js";
import { createGroup, getGroup, updateGroup, deleteGroup, listGroups, adminAddUserToGroup, adminRemoveUserFromGroup, adminListGroupsForUser, listUsersInGroup } from "./groups.js";
import { associateSoftwareToken, verifySoftwareToken, setUserMfaPreference, adminSetUserMfaPreference, setUserPoolMfaConfig, getUserPoolMfaConfig } from "./mfa.js";
import { createUserPool, describeUserPool, updateUserPool, deleteUserPool, listUserPools, addCustomAttributes } from "./pools.js";
import { getUser, deleteUser, updateUserAttributes, deleteUserAttributes, getUserAttributeVerificationCode, verifyUserAttribute, changePassword, globalSignOut, revokeToken } from "./self-service.js";
import { signUp, confirmSignUp, resendConfirmationCode } from "./sign-up.js";
import { tagResource, untagResource, listTagsForResource } from "./tags.js";

/** Every operation of the service (files group them by topic). */
export const operations = [
  adminUpdateUserAttributes,
  adminDeleteUserAttributes,
  adminUserGlobalSignOut,
  listUsers,
  adminCreateUser,
  adminGetUser,
  adminDeleteUser,
  adminEnableUser,
  adminDisableUser,
  adminConfirmSignUp,
  adminSetUserPassword,
  adminResetUserPassword,
  initiateAuth,
  adminInitiateAuth,
  respondToAuthChallenge,
  adminRespondToAuthChallenge,
  getTokensFromRefreshToken,
  createUserPoolClient,
  describeUserPoolClient,
  updateUserPoolClient,
  deleteUserPoolClient,
  listUserPoolClients,
  createUserPoolDomain,
  describeUserPoolDomain,
  deleteUserPoolDomain,
  createResourceServer,
  updateResourceServer,
  describeResourceServer,
  listResourceServers,
  deleteResourceServer,
  forgotPassword,
  confirmForgotPassword,
  createGroup,
  getGroup,
  updateGroup,
  deleteGroup,
  listGroups,
  adminAddUserToGroup,
  adminRemoveUserFromGroup,
  adminListGroupsForUser,
  listUsersInGroup,
  associateSoftwareToken,
  verifySoftwareToken,
  setUserMfaPreference,
  adminSetUserMfaPreference,
  setUserPoolMfaConfig,
  getUserPoolMfaConfig,
  createUserPool,
  describeUserPool,
  updateUserPool,
  deleteUserPool,
  listUserPools,
  addCustomAttributes,
  getUser,
  deleteUser,
  updateUserAttributes,
  deleteUserAttributes,
  getUserAttributeVerificationCode,
  verifyUserAttribute,
  changePassword,
  globalSignOut,
  revokeToken,
  signUp,
  confirmSignUp,
  resendConfirmationCode,
  tagResource,
  untagResource,
  listTagsForResource,
];
