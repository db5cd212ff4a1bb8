/** Mobile and landline numbers of mainland China. */

/**
 * Full-width digits and signs as ASCII: a Chinese input method in full-width mode types １３８１２３４５６７８, which is
 * the same number to the person who typed it.
 */
export function halfWidthDigits(raw: string): string {
  return raw.replace(/[\uFF10-\uFF19\uFF0B\uFF0D]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Strips spaces, dashes inside mobiles and a +86 / 0086 prefix, full-width digits as ASCII; returns the normalised form. */
export function normalizePhone(raw: string): string {
  let s = halfWidthDigits(raw.trim()).replace(/[\s()（）]/g, '');
  s = s.replace(/^(\+86|0086)-?/, '');
  if (/^1[\d-]{10,12}$/.test(s)) s = s.replace(/-/g, '');
  return s;
}

/**
 * The number as looked up and compared: normalised as on input, and without the hyphens a landline keeps, so
 * 0579-85551234, 057985551234 and ０５７９ ８５５５ １２３４ are one key (the blind index of every stored phone).
 */
export function phoneKey(raw: string): string {
  return normalizePhone(raw).replace(/-/g, '');
}

/** True for an 11-digit mobile number `^1[3-9]\d{9}$` (after normalisation). */
export function isValidMobile(raw: string): boolean {
  return /^1[3-9]\d{9}$/.test(normalizePhone(raw));
}

/** True for a landline such as 0579-85551234 or 057985551234, with an optional -extension. */
export function isValidLandline(raw: string): boolean {
  return /^0\d{2,3}-?[2-9]\d{6,7}(-\d{1,6})?$/.test(normalizePhone(raw));
}

/** True for a mobile or a landline. */
export function isValidPhone(raw: string): boolean {
  return isValidMobile(raw) || isValidLandline(raw);
}
