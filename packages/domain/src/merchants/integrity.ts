/** Schemas of the public integrity page, posters and monitoring-point feedback. */
import { z } from 'zod';
import { Id, OptionalRef, Text } from '../schemas/common.ts';
import { PhoneInput } from '../schemas/unit.ts';

/**
 * Display names of the plaque kinds (挂牌, PLAQUE_KINDS of the credit module) on the server-rendered pages; a kind not
 * listed here is shown as stored (so a Chinese plaque name works as is).
 */
export const PLAQUE_LABELS: Record<string, string> = {
  party_member: '党员经营户',
  demonstration: '示范户',
  trusted: '放心店',
  pioneer: '先锋商户',
  recommended: '联盟推荐商家',
};

/** en-US names of the plaque kinds (the web's en-US names), for English Excel files. */
export const PLAQUE_LABELS_EN: Record<string, string> = {
  party_member: 'Party-member business',
  demonstration: 'Model business',
  trusted: 'Trusted shop',
  pioneer: 'Pioneer business',
  recommended: 'Alliance recommended',
};

/** The display name of a plaque kind. */
export function plaqueLabel(kind: string): string {
  return PLAQUE_LABELS[kind] ?? kind;
}

/** The complaint form of the public page `/m/<code>` as browsers post it (form-encoded or multipart strings). */
export const PublicComplaintForm = z.object({
  description: Text(1000),
  phone: PhoneInput.optional().transform((v) => (v ? v : null)),
  // a checkbox posts "on" when ticked and nothing when not
  consent: z.enum(['on', 'yes', 'true', '1'], { message: 'consent_required' }),
});
export type PublicComplaintForm = z.infer<typeof PublicComplaintForm>;

/** 营商环境监测点 feedback topics: services (服务) or conduct (作风: 党风廉政, 作风效能 — confidential). */
export const FEEDBACK_TOPICS = ['service', 'conduct'] as const;
export type FeedbackTopic = (typeof FEEDBACK_TOPICS)[number];

/** Feedback a monitoring point's 居务联络员 files from H5. */
export const MonitoringFeedbackCreate = z.object({
  merchantId: Id,
  topic: z.enum(FEEDBACK_TOPICS),
  /** the member unit the feedback concerns; conduct feedback never reaches it */
  concernedUnitId: OptionalRef,
  description: Text(1000),
  photos: z.array(Id).max(9).optional(),
});
export type MonitoringFeedbackCreate = z.infer<typeof MonitoringFeedbackCreate>;

/** One feedback ticket as its liaison sees it. */
export const MonitoringFeedback = z.object({
  id: Id,
  number: z.string(),
  merchantId: Id,
  merchantName: z.string(),
  topic: z.enum(FEEDBACK_TOPICS),
  confidential: z.boolean(),
  status: z.string(),
  description: z.string(),
  createdAt: z.number().int(),
});
export type MonitoringFeedback = z.infer<typeof MonitoringFeedback>;

/** A monitoring point the signed-in liaison looks after. */
export const MonitoringPoint = z.object({
  merchantId: Id,
  name: z.string(),
  address: z.string().nullable(),
  gridName: z.string().nullable(),
});
export type MonitoringPoint = z.infer<typeof MonitoringPoint>;

/** Units the liaison may name as concerned (id and name only). */
export const UnitOption = z.object({ id: Id, name: z.string() });

/** The alliance's integrity settings: who receives confidential conduct feedback. */
export const IntegritySettings = z.object({
  confidentialContactUserId: Id.nullable(),
  confidentialContactName: z.string().nullable(),
});
export type IntegritySettings = z.infer<typeof IntegritySettings>;

export const IntegritySettingsUpdate = z.object({ confidentialContactUserId: Id.nullable() });
export type IntegritySettingsUpdate = z.infer<typeof IntegritySettingsUpdate>;

/** The inspector's lookup: name fragment, 统一社会信用代码, or the public code read from the QR (or its URL). */
export const MerchantLookupQuery = z.object({ q: z.string().trim().min(1).max(200) });

/** A merchant card for inspectors (H5): the credit summary, no personal data. */
export const MerchantCard = z.object({
  id: Id,
  name: z.string(),
  creditCode: z.string(),
  address: z.string().nullable(),
  gridName: z.string().nullable(),
  status: z.string(),
  creditPoints: z.number().int(),
  creditStars: z.number().int().nullable(),
  creditFlag: z.string().nullable(),
  plaques: z.array(z.string()),
  partyMemberOperator: z.boolean(),
  monitoringPoint: z.boolean(),
  publicCode: z.string(),
  upheldComplaintsThisYear: z.number().int(),
});
export type MerchantCard = z.infer<typeof MerchantCard>;

/** The batch poster print of a grid (its subtree). */
export const PosterBatchQuery = z.object({ gridId: Id });

/** Extracts a merchant's public code from what a QR holds (the page URL) or from a typed code; null when none. */
export function publicCodeFrom(text: string): string | null {
  const t = text.trim();
  const m = /\/m\/([A-Za-z0-9_-]{6,64})(?:[/?#]|$)/.exec(t);
  if (m) return m[1] ?? null;
  return /^[A-Za-z0-9_-]{6,64}$/.test(t) ? t : null;
}
