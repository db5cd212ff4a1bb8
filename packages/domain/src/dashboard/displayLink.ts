import { z } from 'zod';
import type { Permission } from '../enums.ts';
import { Id, NameText, PageQuery } from '../schemas/common.ts';

/** The HTTP auth scheme of a display token: `Authorization: Display txd_…` (never a Bearer key, never a session). */
export const DISPLAY_AUTH_SCHEME = 'Display';

/** Days a display link lasts when the form leaves it, and at most (a year). */
export const DISPLAY_LINK_DEFAULT_DAYS = 90;
export const DISPLAY_LINK_MAX_DAYS = 365;

/** The big screen's sections beyond the ticket figures that a display link may carry, each behind one read permission. */
export const DISPLAY_SECTIONS = ['cases', 'credit', 'projects', 'meetings'] as const;
export type DisplaySection = (typeof DISPLAY_SECTIONS)[number];

/** The read its creator must hold for a link to carry a section: 最新诉求, 商户信用, 项目清单, 联席会议. */
export const DISPLAY_SECTION_READS: Readonly<Record<DisplaySection, Permission>> = {
  cases: 'ticket:read',
  credit: 'merchant:read',
  projects: 'resource:read',
  meetings: 'meeting:read',
};

/** A display link (大屏投屏链接) as the console lists it: never the token nor its hash. */
export const DisplayLink = z.object({
  id: Id,
  name: z.string(),
  prefix: z.string(),
  sections: z.array(z.enum(DISPLAY_SECTIONS)),
  createdByName: z.string().nullable(),
  createdAt: z.number().int(),
  expiresAt: z.number().int(),
  lastUsedAt: z.number().int().nullable(),
  revokedAt: z.number().int().nullable(),
  /** false: its creator left, was disabled or lost the rights to create it, and the link opens nothing (revoke it) */
  creatorHolds: z.boolean(),
});
export type DisplayLink = z.infer<typeof DisplayLink>;

export const DisplayLinkCreate = z.object({
  name: NameText(64),
  days: z.number().int().min(1).max(DISPLAY_LINK_MAX_DAYS).default(DISPLAY_LINK_DEFAULT_DAYS),
});
export type DisplayLinkCreate = z.infer<typeof DisplayLinkCreate>;

/** The token is shown once, at creation; only its hash is stored. */
export const DisplayLinkCreated = DisplayLink.extend({ token: z.string() });
export type DisplayLinkCreated = z.infer<typeof DisplayLinkCreated>;

export const DisplayLinkQuery = PageQuery;

/** What the wall screen names in its header: the alliance and the link. */
export const DisplayInfo = z.object({ allianceName: z.string(), name: z.string(), expiresAt: z.number().int() });
export type DisplayInfo = z.infer<typeof DisplayInfo>;
