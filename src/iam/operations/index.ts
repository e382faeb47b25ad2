import { attachRolePolicy, detachRolePolicy, listAttachedRolePolicies } from "./attachments.js";
import { createPolicy, createPolicyVersion, deletePolicy, getPolicy, getPolicyVersion, listPolicies } from "./policies.js";
import { deleteRolePolicy, getRolePolicy, listRolePolicies, putRolePolicy } from "./role-policies.js";
import { createRole, deleteRole, deleteRolePermissionsBoundary, getRole, listRoles, putRolePermissionsBoundary, updateAssumeRolePolicy } from "./roles.js";
import { deleteUserPolicy, getUserPolicy, listUserPolicies, putUserPolicy } from "./user-policies.js";
import { createAccessKey, createUser, getUser } from "./users.js";

export const iamOperations = [
  createRole,
  getRole,
  listRoles,
  deleteRole,
  updateAssumeRolePolicy,
  putRolePermissionsBoundary,
  deleteRolePermissionsBoundary,
  putRolePolicy,
  getRolePolicy,
  deleteRolePolicy,
  listRolePolicies,
  createPolicy,
  getPolicy,
  deletePolicy,
  createPolicyVersion,
  getPolicyVersion,
  listPolicies,
  attachRolePolicy,
  detachRolePolicy,
  listAttachedRolePolicies,
  createUser,
  getUser,
  createAccessKey,
  putUserPolicy,
  getUserPolicy,
  deleteUserPolicy,
  listUserPolicies,
];
