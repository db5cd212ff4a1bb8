/** Schemas of the merchant registry (商户) and its Excel import. */
import { z } from 'zod';
import { FileLangQuery, Id, NameText, OptionalNameText, OptionalRef, OptionalText, PageQuery, Text } from '../schemas/common.ts';
import { PhoneEdit, PhoneInput, PhoneLookup } from '../schemas/unit.ts';
import { GeoPoint } from '../tickets/schemas.ts';
import { creditCodeProblem, normalizeCreditCode } from '../validators/creditCode.ts';

/**
 * 业态: the business-type dictionary, drawn from the seeds' shops (餐饮, 零售, 服装, 美容美发, 生活服务, 住宿, 休闲娱乐,
 * 教育培训, 医药, 维修, 批发, 其他). Labels live in the web locale (`merchants.businessType.<code>`) and in
 * MERCHANT_BUSINESS_TYPE_LABELS for server-side artefacts (Excel templates and reports).
 */
export const MERCHANT_BUSINESS_TYPES = [
  'catering',
  'retail',
  'clothing',
  'beauty',
  'life_service',
  'lodging',
  'entertainment',
  'education',
  'pharmacy',
  'repair',
  'wholesale',
  'other',
] as const;
export type MerchantBusinessType = (typeof MERCHANT_BUSINESS_TYPES)[number];

/** zh-CN labels of the business types, for the Excel template, import and export (the web uses its locale files). */
export const MERCHANT_BUSINESS_TYPE_LABELS: Record<MerchantBusinessType, string> = {
  catering: '餐饮',
  retail: '零售',
  clothing: '服装',
  beauty: '美容美发',
  life_service: '生活服务',
  lodging: '住宿',
  entertainment: '休闲娱乐',
  education: '教育培训',
  pharmacy: '医药',
  repair: '维修',
  wholesale: '批发',
  other: '其他',
};

/** en-US labels of the business types (the web's en-US names), for English Excel files; import reads both. */
export const MERCHANT_BUSINESS_TYPE_LABELS_EN: Record<MerchantBusinessType, string> = {
  catering: 'Catering',
  retail: 'Retail',
  clothing: 'Clothing',
  beauty: 'Beauty & hair',
  life_service: 'Everyday services',
  lodging: 'Lodging',
  entertainment: 'Leisure & entertainment',
  education: 'Education & training',
  pharmacy: 'Pharmacy',
  repair: 'Repair',
  wholesale: 'Wholesale',
  other: 'Other',
};

/** 经营状态: operating 在营 or closed 已歇业. */
export const MERCHANT_STATUSES = ['operating', 'closed'] as const;
export type MerchantStatus = (typeof MERCHANT_STATUSES)[number];

/** zh-CN labels of the statuses (Excel). */
export const MERCHANT_STATUS_LABELS: Record<MerchantStatus, string> = { operating: '在营', closed: '已歇业' };

/** en-US labels of the statuses (English Excel files). */
export const MERCHANT_STATUS_LABELS_EN: Record<MerchantStatus, string> = { operating: 'Operating', closed: 'Closed' };

/** This month's 红黄旗 as the credit module stores it on the merchant. */
export const MERCHANT_FLAGS = ['red', 'yellow'] as const;

/**
 * A 统一社会信用代码 input: normalised (upper case, no spaces, half-width), then checked by GB 32100 and GB 11714.
 * The issue message names the problem: invalid_credit_code (length, charset or a check character).
 */
export const CreditCodeInput = z
  .string()
  .max(40)
  .transform((v) => normalizeCreditCode(v))
  .refine((v) => creditCodeProblem(v) === null, { message: 'invalid_credit_code' });

const Bool = z.boolean();

/** A merchant as every API answer shows it: the contact phone only masked, plus the credit summary of the current cycle. */
export const Merchant = z.object({
  id: Id,
  allianceId: Id,
  creditCode: z.string(),
  name: z.string(),
  businessType: z.enum(MERCHANT_BUSINESS_TYPES),
  address: z.string().nullable(),
  /** as entered, with its coordinate system */
  location: GeoPoint.nullable(),
  /** the same point normalised to WGS-84 */
  wgs84: z.object({ lng: z.number(), lat: z.number() }).nullable(),
  gridId: Id.nullable(),
  gridName: z.string().nullable(),
  operatorPersonId: Id.nullable(),
  operatorPersonName: z.string().nullable(),
  /** the operator's name as typed (when the operator is not a person of the alliance, or in addition) */
  operatorName: z.string().nullable(),
  partyMemberOperator: Bool,
  contactPhone: z.string().nullable(), // always masked
  status: z.enum(MERCHANT_STATUSES),
  publicCode: z.string(),
  monitoringPoint: Bool,
  liaisonPersonId: Id.nullable(),
  liaisonPersonName: z.string().nullable(),
  creditPoints: z.number().int(),
  creditStars: z.number().int().nullable(),
  creditFlag: z.string().nullable(),
  plaques: z.array(z.string()),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Merchant = z.infer<typeof Merchant>;

const MerchantFields = z.object({
  creditCode: CreditCodeInput,
  name: NameText(100),
  businessType: z.enum(MERCHANT_BUSINESS_TYPES),
  address: OptionalText(200),
  location: GeoPoint.nullable().optional(),
  gridId: OptionalRef,
  operatorPersonId: OptionalRef,
  operatorName: OptionalNameText(32),
  partyMemberOperator: Bool.optional(),
  contactPhone: PhoneInput.nullable().optional(),
  status: z.enum(MERCHANT_STATUSES).optional(),
  /** 营商环境监测点: needs a 居务联络员 (liaisonPersonId, a person of the alliance) */
  monitoringPoint: Bool.optional(),
  liaisonPersonId: OptionalRef,
});

export const MerchantCreate = MerchantFields;
export type MerchantCreate = z.infer<typeof MerchantCreate>;

// an edit takes the stored names and phone back unchecked: the service refuses only a changed name holding a number
// (keptName) or a changed phone of a wrong format (PhoneEdit)
export const MerchantUpdate = MerchantFields.extend({ name: Text(100), operatorName: OptionalText(32), contactPhone: PhoneEdit }).partial();
export type MerchantUpdate = z.infer<typeof MerchantUpdate>;

const BoolQuery = z.enum(['true', 'false']).optional();

/** Filters of the merchant list and of the Excel export (q: name, credit code, address or operator; phone: the contact phone, exact). */
export const MerchantQuery = PageQuery.extend({
  gridId: Id.optional(), // the grid and its subtree
  businessType: z.enum(MERCHANT_BUSINESS_TYPES).optional(),
  status: z.enum(MERCHANT_STATUSES).optional(),
  stars: z.coerce.number().int().min(1).max(5).optional(),
  flag: z.enum(MERCHANT_FLAGS).optional(),
  plaque: z
    .string()
    .trim()
    .regex(/^[a-z_]{1,32}$/)
    .optional(),
  pointsMin: z.coerce.number().int().min(0).max(100).optional(),
  pointsMax: z.coerce.number().int().min(0).max(100).optional(),
  monitoringPoint: BoolQuery,
  partyMember: BoolQuery,
  phone: PhoneLookup, // the contact phone
});
export type MerchantQuery = z.infer<typeof MerchantQuery>;

/** GET /merchants/export: the list's filters and the file's language. */
export const MerchantExportQuery = MerchantQuery.extend(FileLangQuery.shape);
export type MerchantExportQuery = z.infer<typeof MerchantExportQuery>;

/** Import modes: `valid` imports the valid rows and reports the rest; `all` imports nothing unless every row is valid. */
export const MERCHANT_IMPORT_MODES = ['valid', 'all'] as const;
export type MerchantImportMode = (typeof MERCHANT_IMPORT_MODES)[number];

/** POST /merchants/import: the mode, and the language of the rejected rows' reasons and of the report (as for a file). */
export const MerchantImportQuery = z.object({ mode: z.enum(MERCHANT_IMPORT_MODES).default('valid') }).extend(FileLangQuery.shape);

/** What an import did; the report workbook repeats each rejected row with a 错误原因 column. */
export const MerchantImportResult = z.object({
  mode: z.enum(MERCHANT_IMPORT_MODES),
  /** false when mode = all and some row was rejected: nothing was written */
  committed: Bool,
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  /** rows equal to the stored merchant (a re-import of the same file) */
  unchanged: z.number().int(),
  rejected: z.number().int(),
  /** the first rejected rows with their reasons (the report holds all of them) */
  errors: z.array(z.object({ row: z.number().int(), reasons: z.array(z.string()) })),
  reportFileId: Id.nullable(),
  reportUrl: z.string().nullable(),
});
export type MerchantImportResult = z.infer<typeof MerchantImportResult>;
