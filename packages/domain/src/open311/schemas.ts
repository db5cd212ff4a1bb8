/** Schemas of Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) and mySociety's servicerequestupdates extension. */
import { z } from 'zod';
import { PhoneInput } from '../schemas/unit.ts';
import type { TicketStatus } from '../tickets/machine.ts';

export const OPEN311_SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** Where the endpoint lives on every deployment. */
export const OPEN311_PATH = '/open311/v2';

export const OPEN311_FORMATS = ['json', 'xml'] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];
/** Content types of the spec's "Format Support" section (UTF-8 everywhere). */
export const OPEN311_CONTENT_TYPES: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

export const OPEN311_STATUSES = ['open', 'closed'] as const;
export type Open311Status = (typeof OPEN311_STATUSES)[number];

/** Ticket statuses that GeoReport calls open; everything else (resolved, closed, cancelled, merged) is closed. */
export const OPEN311_OPEN_TICKET_STATUSES: readonly TicketStatus[] = ['submitted', 'dispatched', 'accepted'];

/** GeoReport's two-valued status of a ticket status. */
export function open311Status(s: TicketStatus | string): Open311Status {
  return (OPEN311_OPEN_TICKET_STATUSES as readonly string[]).includes(s) ? 'open' : 'closed';
}

/** Ticket kinds an Open311 client may choose through the `kind` attribute (those of the public report form), with their names. */
export const OPEN311_KINDS = [
  { key: 'report', name: '随手拍' },
  { key: 'complaint', name: '投诉维权' },
  { key: 'hazard', name: '隐患' },
  { key: 'need', name: '需求' },
  { key: 'wish', name: '微心愿' },
] as const;
export type Open311Kind = (typeof OPEN311_KINDS)[number]['key'];

/**
 * The ticket kinds GeoReport shows: those the public can report. Errands (personal services) and monitoring-point
 * feedback (about officials' conduct, possibly confidential) stay inside the console.
 */
export const OPEN311_PUBLIC_KINDS: readonly string[] = OPEN311_KINDS.map((k) => k.key);

const SHANGHAI_MS = 8 * 3_600_000;

/** A W3C datetime in Asia/Shanghai with its offset, as the spec requires: 2026-11-20T10:00:00+08:00. */
export function w3cShanghai(ms: number): string {
  return `${new Date(ms + SHANGHAI_MS).toISOString().slice(0, 19)}+08:00`;
}

const W3C = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses a W3C datetime (date alone, or with time and optional zone; no zone means +08:00) to epoch ms, or null. */
export function parseW3c(s: string): number | null {
  const m = W3C.exec(s.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', zone] = m;
  const z0 = zone === undefined ? '+08:00' : zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${sec}${frac.slice(0, 4)}${z0}`);
  if (Number.isNaN(ms)) return null;
  // Date.parse rolls 2026-02-31 over into March: refuse such dates
  const local = new Date(ms + (zone === undefined ? SHANGHAI_MS : 0)).toISOString();
  if (zone === undefined && local.slice(0, 10) !== `${y}-${mo}-${d}`) return null;
  return ms;
}

// ---- responses (JSON shapes; the XML uses the same names, see the module's serialiser) ----

export const Open311Error = z.object({ code: z.number().int(), description: z.string() });
export type Open311Error = z.infer<typeof Open311Error>;

export const Open311Endpoint = z.object({
  specification: z.string(),
  url: z.string(),
  changeset: z.string(),
  type: z.enum(['production', 'test']),
  formats: z.array(z.string()),
});

export const Open311Discovery = z.object({
  changeset: z.string(),
  contact: z.string(),
  key_service: z.string(),
  endpoints: z.array(Open311Endpoint),
});
export type Open311Discovery = z.infer<typeof Open311Discovery>;

export const Open311Service = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: z.string(),
  group: z.string(),
});
export type Open311Service = z.infer<typeof Open311Service>;

export const Open311AttributeValue = z.object({ key: z.string(), name: z.string() });

export const Open311Attribute = z.object({
  variable: z.boolean(),
  code: z.string(),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean(),
  datatype_description: z.string(),
  order: z.number().int(),
  description: z.string(),
  values: z.array(Open311AttributeValue),
});
export type Open311Attribute = z.infer<typeof Open311Attribute>;

export const Open311ServiceDefinition = z.object({ service_code: z.string(), attributes: z.array(Open311Attribute) });
export type Open311ServiceDefinition = z.infer<typeof Open311ServiceDefinition>;

/** Attribute answers of a request: code → value (single-value lists) or values (multi-value lists). */
export const Open311Answers = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
export type Open311Answers = z.infer<typeof Open311Answers>;

/** One service request as GET requests answers it: no reporter data, phone/ID numbers in free text masked. */
export const Open311ServiceRequest = z.object({
  service_request_id: z.string(),
  status: z.enum(OPEN311_STATUSES),
  status_notes: z.string().nullable(),
  service_name: z.string(),
  service_code: z.string(),
  description: z.string(),
  agency_responsible: z.string().nullable(),
  service_notice: z.string().nullable(),
  requested_datetime: z.string(),
  updated_datetime: z.string(),
  expected_datetime: z.string().nullable(),
  address: z.string().nullable(),
  address_id: z.string().nullable(),
  zipcode: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: z.string().nullable(),
  /** the attribute answers given when the request was posted through Open311 (an extension; empty otherwise) */
  attributes: Open311Answers,
});
export type Open311ServiceRequest = z.infer<typeof Open311ServiceRequest>;

/** The answer to POST requests: the id at once (intake is synchronous) and a token that also resolves to it. */
export const Open311RequestCreated = z.object({
  service_request_id: z.string(),
  token: z.string(),
  service_notice: z.string().nullable(),
  account_id: z.string().nullable(),
});
export type Open311RequestCreated = z.infer<typeof Open311RequestCreated>;

export const Open311TokenResult = z.object({ service_request_id: z.string(), token: z.string() });
export type Open311TokenResult = z.infer<typeof Open311TokenResult>;

/** mySociety's servicerequestupdates: one status change of a request. */
export const Open311RequestUpdate = z.object({
  update_id: z.string(),
  service_request_id: z.string(),
  status: z.enum(OPEN311_STATUSES),
  updated_datetime: z.string(),
  description: z.string(),
  media_url: z.string().nullable(),
});
export type Open311RequestUpdate = z.infer<typeof Open311RequestUpdate>;

// ---- requests (form fields and query strings arrive as strings; empty strings count as absent) ----

const absent = (v: unknown) => (v === '' || v === null ? undefined : v);
const opt = <T extends z.ZodTypeAny>(s: T) => z.preprocess(absent, s.optional());

/** A comma-delimited list of the query string. */
const CommaList = <T extends z.ZodType<string, string>>(item: T, max: number) =>
  z
    .string()
    .max(4000)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1).max(max));

const W3cDate = z
  .string()
  .max(40)
  .transform((s, ctx) => {
    const ms = parseW3c(s);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: 'not a W3C datetime, e.g. 2026-11-20T10:00:00+08:00' });
      return z.NEVER;
    }
    return ms;
  });

const JurisdictionId = z.string().trim().max(16);
const ApiKeyField = z.string().trim().max(200);

/** Query of every GET: jurisdiction and an optional api_key. */
export const Open311BaseQuery = z.object({
  jurisdiction_id: opt(JurisdictionId),
  api_key: opt(ApiKeyField),
});
export type Open311BaseQuery = z.infer<typeof Open311BaseQuery>;

/** GET requests: the spec's filters (service_request_id, when given, overrides the others). */
export const Open311RequestsQuery = Open311BaseQuery.extend({
  service_request_id: opt(CommaList(z.string().max(40), 200)),
  service_code: opt(CommaList(z.string().max(16), 100)),
  start_date: opt(W3cDate),
  end_date: opt(W3cDate),
  status: opt(CommaList(z.enum(OPEN311_STATUSES), 2)),
});
export type Open311RequestsQuery = z.infer<typeof Open311RequestsQuery>;

/** GET servicerequestupdates. */
export const Open311UpdatesQuery = Open311BaseQuery.extend({ start_date: opt(W3cDate), end_date: opt(W3cDate) });
export type Open311UpdatesQuery = z.infer<typeof Open311UpdatesQuery>;

const Coordinate = (min: number, max: number) => z.coerce.number().min(min).max(max);

/** POST requests (form-encoded), with the `attribute[code]` fields gathered into `attributes`. */
export const Open311RequestCreate = z
  .object({
    jurisdiction_id: opt(JurisdictionId),
    api_key: opt(ApiKeyField),
    service_code: z.string().trim().min(1).max(16),
    lat: opt(Coordinate(-90, 90)),
    long: opt(Coordinate(-180, 180)),
    address_string: opt(z.string().trim().max(200)),
    address_id: opt(z.string().trim().max(64)),
    email: opt(z.email().max(254)),
    device_id: opt(z.string().trim().max(100)),
    account_id: opt(z.string().trim().max(100)),
    first_name: opt(z.string().trim().max(32)),
    last_name: opt(z.string().trim().max(32)),
    phone: opt(PhoneInput),
    // the spec leaves it optional; a case without words cannot be handled, so this server requires it
    description: z.string().trim().min(1).max(2000),
    media_url: opt(z.url({ protocol: /^https?$/ }).max(1000)),
    attributes: Open311Answers.default({}),
  })
  .superRefine((v, ctx) => {
    if ((v.lat === undefined) !== (v.long === undefined))
      ctx.addIssue({ code: 'custom', path: [v.lat === undefined ? 'lat' : 'long'], message: 'lat and long go together' });
    if (v.lat === undefined && !v.address_string)
      ctx.addIssue({ code: 'custom', path: ['lat'], message: 'a location is required: lat and long, or address_string' });
  });
export type Open311RequestCreate = z.infer<typeof Open311RequestCreate>;

// ---- the console's setting ----

/** Open311 settings of the current alliance, with what a client needs to connect. */
export const Open311Settings = z.object({
  requireKeyForGet: z.boolean(),
  /** the alliance code clients send as jurisdiction_id */
  jurisdictionId: z.string(),
  /** the endpoint path (append discovery.json, services.xml …) */
  endpoint: z.string(),
});
export type Open311Settings = z.infer<typeof Open311Settings>;

export const Open311SettingsUpdate = z.object({ requireKeyForGet: z.boolean() });
export type Open311SettingsUpdate = z.infer<typeof Open311SettingsUpdate>;
