import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { normalizePhone, phoneKey } from '@tongxin/domain';
import { randomBytesPooled } from './ids.ts';

/** Keys derived from the one configured master secret, each for one purpose. */
export interface Keys {
  enc: Buffer;
  bidx: Buffer;
  audit: Buffer;
}

/** Derives the purpose keys from the master secret with HKDF-SHA256. */
export function deriveKeys(secret: string): Keys {
  const k = (info: string) => Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), info, 32));
  return { enc: k('tongxin:pii-encryption'), bidx: k('tongxin:blind-index'), audit: k('tongxin:audit-chain') };
}

/** The blind indexes one `?phone=` looks for (PiiCipher.phoneLookup): at least one, so that `in (…)` is valid SQL. */
export type PhoneLookup = [string, ...string[]];

/** A blind index no row carries (not hex): the lookup of a value without anything to look up. */
const NO_ROW = '~none~';

/** Encryption of personal data at rest (AES-256-GCM) and the HMAC blind index for exact lookups. */
export class PiiCipher {
  constructor(private readonly keys: Keys) {}

  /** Encrypts to `v1.<base64(iv|tag|ciphertext)>`; null stays null. */
  encrypt(plain: string | null | undefined): string | null {
    if (plain === null || plain === undefined || plain === '') return null;
    const iv = randomBytesPooled(12);
    const c = createCipheriv('aes-256-gcm', this.keys.enc, iv);
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return `v1.${Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64')}`;
  }

  /** Decrypts a value written by encrypt(); throws when it was tampered with. */
  decrypt(stored: string | null | undefined): string | null {
    if (!stored) return null;
    if (!stored.startsWith('v1.')) throw new Error('unknown ciphertext version');
    const raw = Buffer.from(stored.slice(3), 'base64');
    const d = createDecipheriv('aes-256-gcm', this.keys.enc, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  }

  /** Deterministic keyed index of a normalised value, so equal values can be found without decrypting. */
  blindIndex(value: string | null | undefined): string | null {
    if (!value) return null;
    return createHmac('sha256', this.keys.bidx).update(value.trim().toUpperCase()).digest('hex');
  }

  /**
   * The blind index of a phone number, of its phoneKey: every spelling of one number (a landline with or without its
   * area-code hyphen, spaces, full-width digits, +86) has one index, and `?phone=` finds it written any of those ways.
   */
  phoneIndex(phone: string | null | undefined): string | null {
    return phone ? this.blindIndex(phoneKey(phone)) : null;
  }

  /**
   * The blind indexes a list's `?phone=` matches: the number's phoneIndex, and the index of its normalised spelling,
   * which rows written before phoneIndex carry until `tongxin recount --fix` re-indexes them. Never empty: a value
   * without a number matches no row.
   */
  phoneLookup(phone: string): PhoneLookup {
    const [first, ...more] = [...new Set([this.phoneIndex(phone), this.blindIndex(normalizePhone(phone))])].filter((x): x is string => x !== null);
    return first === undefined ? [NO_ROW] : [first, ...more];
  }
}

/** SHA-256 hex of a secret token (sessions, API keys are stored only hashed). */
export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** Constant-time comparison of two hex strings. */
export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
