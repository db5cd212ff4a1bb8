import { hash, verify, type Options } from '@node-rs/argon2';
import { checkPasswordPolicy } from '@tongxin/domain';
import { invalidField } from '../../lib/errors.ts';

// 2 = Algorithm.Argon2id (a const enum, which isolatedModules cannot import)
const OPTS: Options = { algorithm: 2 as Options['algorithm'], memoryCost: 19456, timeCost: 2, parallelism: 1 };

// verified against when the username is unknown, so timing does not reveal which accounts exist
let dummyHash: Promise<string> | null = null;

/** Hashes a password with argon2id after checking the policy (400 naming `field` when it fails). */
export async function hashPassword(password: string, username?: string, field = 'password'): Promise<string> {
  const problem = checkPasswordPolicy(password, username);
  if (problem) throw invalidField(field, problem, 'password does not meet the policy: at least 10 characters with 3 of upper, lower, digit, symbol');
  return hash(password, OPTS);
}

/** Verifies a password against a stored hash; false on any malformed hash. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hash('not-a-real-password-Aa1!', OPTS);
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
