/** Password policy shared by the server and the forms. */

export const PASSWORD_MIN_LENGTH = 10;

/** Returns null when the password satisfies the policy, or the reason key: too short, too few character classes, contains the username. */
export function checkPasswordPolicy(password: string, username?: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'password_too_short';
  if (password.length > 128) return 'password_too_long';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 3) return 'password_too_simple';
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    return 'password_contains_username';
  }
  return null;
}
