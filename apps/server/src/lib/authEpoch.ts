// Resolved session actors are cached for a moment (modules/auth/actor.ts). Any write that can change who a
// session is or what it may do — sessions, accounts, memberships, roles, alliances — bumps this epoch, which
// drops every cached actor of this process at once. Other processes notice within the cache's TTL.
let epoch = 0;

/** The current epoch of identity and permission data in this process. */
export function authEpoch(): number {
  return epoch;
}

/** Marks every cached actor stale; call on any change to sessions, accounts, memberships, roles or alliances. */
export function bumpAuthEpoch(): void {
  epoch++;
}
