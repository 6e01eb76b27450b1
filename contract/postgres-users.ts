// The database users a PostgreSQL secret rotates: the catalog refuses two secrets rotating the same
// user on one server (lib/catalog/rules.ts), and the rotation function alternates between the same
// two names (lambdas/rotation/core/postgres-roles.ts). One definition, so they cannot disagree.

export const CLONE_SUFFIX = '_clone';

/** `<user>` <-> `<user>_clone`, the alternating-users pair of AWS's multi-user rotation. */
export function alternateUsername(username: string): string {
  return username.endsWith(CLONE_SUFFIX) && username.length > CLONE_SUFFIX.length ? username.slice(0, -CLONE_SUFFIX.length) : `${username}${CLONE_SUFFIX}`;
}

/** Every user whose password a rotation of this secret changes: the user, and with alternating users its pair. */
export function rotatedUsers(username: string, strategy: 'single-user' | 'alternating-users'): string[] {
  return strategy === 'alternating-users' ? [username, alternateUsername(username)] : [username];
}
