import {
  REPORTER_NOTE_ACTIONS,
  maskFreeText,
  OPEN311_KINDS,
  OPEN311_OPEN_TICKET_STATUSES,
  OPEN311_PATH,
  OPEN311_SPECIFICATION,
  open311Status,
  TICKET_STATUSES,
  w3cShanghai,
  type Open311Answers,
  type Open311Attribute,
  type Open311Discovery,
  type Open311RequestCreate,
  type Open311RequestCreated,
  type Open311RequestsQuery,
  type Open311RequestUpdate,
  type Open311Service,
  type Open311ServiceDefinition,
  type Open311ServiceRequest,
  type Open311Settings,
  type Open311SettingsUpdate,
  type Open311TokenResult,
  type Open311UpdatesQuery,
  type TicketCreate,
  type TicketStatus,
} from '@tongxin/domain';
import type { Actor, Deps, TenantActor } from '../../lib/context.ts';
import { sha256 } from '../../lib/crypto.ts';
import { shownText } from '../../lib/freeText.ts';
import { newToken } from '../../lib/ids.ts';
import { appendAudit } from '../audit/index.ts';
import { actorFromApiKey } from '../auth/index.ts';
import { buildWordFilter, sensitiveWordList } from '../public/index.ts';
import { createTicket } from '../tickets/index.ts';
import { badKey, badRequest, unknown } from './open311.errors.ts';
import * as repo from './open311.repo.ts';
import { joinTransaction } from '../../db/joinTransaction.ts';

const DAY = 86_400_000;
/** The window GET requests and servicerequestupdates cover when no dates are given (the spec's 90 days). */
const DEFAULT_WINDOW = 90 * DAY;

export interface Meta {
  requestId: string;
  ip: string | null;
}

export interface Jurisdiction {
  id: string;
  code: string;
  name: string;
}

/** The alliance a request speaks to: `jurisdiction_id` is its code; without one, the deployment's only alliance. */
export async function jurisdiction(deps: Deps, jurisdictionId: string | undefined): Promise<Jurisdiction> {
  if (jurisdictionId) {
    const a = await repo.allianceByCode(deps.db, jurisdictionId.toUpperCase());
    if (!a) throw badRequest(`jurisdiction_id: unknown jurisdiction ${jurisdictionId}`);
    return a;
  }
  const all = await repo.someAlliances(deps.db);
  if (all.length !== 1) throw badRequest('jurisdiction_id: required (this server serves several jurisdictions)');
  return all[0] as Jurisdiction;
}

/** A valid, unrevoked API key of the jurisdiction's alliance (403 otherwise), optionally holding a permission. */
async function keyActor(deps: Deps, j: Jurisdiction, apiKey: string | undefined, meta: Meta, perm?: 'ticket:create'): Promise<TenantActor> {
  if (!apiKey) throw badKey('api_key: required');
  const actor: Actor | null = await actorFromApiKey(deps, apiKey, meta);
  // a key of another alliance reads as invalid here: never say that it exists elsewhere
  if (!actor || actor.allianceId !== j.id) throw badKey('api_key: invalid');
  if (perm && !actor.permissions.has(perm)) throw badKey(`api_key: lacks the ${perm} permission`);
  return actor as TenantActor;
}

/**
 * Who may read: anyone, unless the alliance requires a key for GETs. A key that is sent must be valid either way,
 * so that a client with a mistyped key learns of it.
 */
export async function assertReadable(deps: Deps, j: Jurisdiction, apiKey: string | undefined, meta: Meta): Promise<void> {
  if (apiKey) {
    await keyActor(deps, j, apiKey, meta);
    return;
  }
  const s = await repo.settingsOf(deps.db, j.id);
  if (s && Number(s.require_key_for_get) === 1) throw badKey('api_key: required by this jurisdiction');
}

/** The discovery document: one production endpoint at `<base>/open311/v2`, both formats. */
export async function discovery(deps: Deps, baseUrl: string, jurisdictionId: string | undefined): Promise<Open311Discovery> {
  // discovery is about the deployment; a named or sole jurisdiction only personalises the contact line
  const j = jurisdictionId
    ? await jurisdiction(deps, jurisdictionId)
    : (await repo.someAlliances(deps.db)).length === 1
      ? await jurisdiction(deps, undefined)
      : null;
  const changed = (await repo.categoriesChangedAt(deps.db, j?.id ?? null)) ?? 0;
  const changeset = w3cShanghai(changed);
  return {
    changeset,
    contact: j ? `${j.name}（jurisdiction_id: ${j.code}）` : 'Tongxin 同心：jurisdiction_id 为各商圈联盟的联盟代码',
    key_service: '在同心管理后台「接口密钥」页创建密钥（角色须含 ticket:create 才能提交诉求）',
    endpoints: [
      { specification: OPEN311_SPECIFICATION, url: `${baseUrl}${OPEN311_PATH}`, changeset, type: 'production', formats: ['text/xml', 'application/json'] },
    ],
  };
}

type CategoryRow = NonNullable<Awaited<ReturnType<typeof repo.activeCategory>>>;

function toService(c: CategoryRow): Open311Service {
  return {
    service_code: c.code,
    service_name: shownText(c.name),
    description: `${shownText(c.name)}：${Number(c.accept_hours)} 小时内接单，${Number(c.resolve_days)} 个工作日内办结`,
    // every service answers the kind and grid attributes
    metadata: true,
    type: 'realtime',
    keywords: shownText(c.gb_class) ?? '',
    group: shownText(c.gb_class) ?? '其他',
  };
}

/** GET services: the alliance's active categories. */
export async function services(deps: Deps, j: Jurisdiction): Promise<Open311Service[]> {
  return (await repo.activeCategories(deps.db, j.id)).map(toService);
}

/** The attributes every service takes: the ticket kind and, where the alliance has grids, the grid (it picks the default lead unit). */
async function attributesOf(deps: Deps, j: Jurisdiction): Promise<Open311Attribute[]> {
  const attrs: Open311Attribute[] = [
    {
      variable: true,
      code: 'kind',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: '不填为随手拍',
      order: 1,
      description: '诉求类型',
      values: OPEN311_KINDS.map((k) => ({ key: k.key, name: k.name })),
    },
  ];
  const grids = await repo.leafGrids(deps.db, j.id);
  if (grids.length > 0)
    attrs.push({
      variable: true,
      code: 'grid',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: '事发地所在网格',
      order: 2,
      description: '所在网格',
      values: grids.map((g) => ({ key: g.id, name: shownText(g.name) })),
    });
  return attrs;
}

/** GET services/{code}: the service definition; 404 for a code that is not an active category of the alliance. */
export async function serviceDefinition(deps: Deps, j: Jurisdiction, code: string): Promise<Open311ServiceDefinition> {
  const c = await repo.activeCategory(deps.db, j.id, code);
  if (!c) throw unknown(`service_code ${code} not found`);
  return { service_code: c.code, attributes: await attributesOf(deps, j) };
}

const STATUS_TEXT: Record<TicketStatus, string> = {
  submitted: '待派单',
  dispatched: '已派单',
  accepted: '已接单，办理中',
  resolved: '已反馈办理结果',
  closed: '已办结',
  cancelled: '已撤销',
  merged: '已合并到重复诉求',
};

/** The public text of a status change: its note (phone/ID numbers masked), else what the change means. */
function changeText(e: { action: string; to_status: string | null; note: string | null }): string {
  // only the notes written for the reporter (feedback, why it was cancelled): not a dispatch instruction or a 退单 reason
  if (e.note && e.note.trim() && REPORTER_NOTE_ACTIONS.has(e.action)) return maskFreeText(e.note);
  if (e.action === 'return') return '已退单，待重新派单';
  return STATUS_TEXT[(e.to_status ?? 'submitted') as TicketStatus] ?? '';
}

function parseAnswers(json: string | null): Open311Answers {
  if (!json) return {};
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Open311Answers) : {};
  } catch {
    return {};
  }
}

const num = (v: number | null) => (v === null ? null : Number(v));

/** Rows → GeoReport requests, each with the note of its latest status change as status_notes. */
async function toRequests(deps: Deps, rows: repo.RequestRow[]): Promise<Open311ServiceRequest[]> {
  const latest = new Map<string, string>();
  if (rows.length > 0)
    for (const e of await repo.transitionsOf(
      deps.db,
      rows.map((r) => r.id),
    ))
      latest.set(e.ticket_id, changeText(e));
  return rows.map((r) => ({
    service_request_id: r.number,
    status: open311Status(r.status),
    status_notes: latest.get(r.id) ?? null,
    service_name: shownText(r.category_name),
    service_code: r.category_code,
    description: maskFreeText(r.description),
    agency_responsible: shownText(r.lead_unit_name),
    service_notice: null,
    requested_datetime: w3cShanghai(Number(r.created_at)),
    updated_datetime: w3cShanghai(Number(r.updated_at)),
    expected_datetime: r.due_at === null ? null : w3cShanghai(Number(r.due_at)),
    address: r.address === null ? null : maskFreeText(r.address),
    address_id: null,
    zipcode: null,
    lat: num(r.wgs_lat),
    long: num(r.wgs_lng),
    media_url: r.media_url,
    attributes: parseAnswers(r.attributes),
  }));
}

function ticketStatuses(wanted: readonly string[] | undefined): readonly TicketStatus[] | undefined {
  if (!wanted || wanted.length === 2) return undefined;
  const open = OPEN311_OPEN_TICKET_STATUSES;
  return wanted[0] === 'open' ? open : TICKET_STATUSES.filter((s) => !open.includes(s));
}

/** The time window of a query: the given dates, else the 90 days before end_date (or now); without an end, no upper bound. */
function windowOf(deps: Deps, q: { start_date?: number | undefined; end_date?: number | undefined }): { from: number; to: number | undefined } {
  const to = q.end_date;
  const from = q.start_date ?? (to ?? deps.clock.now()) - DEFAULT_WINDOW;
  if (to !== undefined && from > to) throw badRequest('start_date: must not be after end_date');
  return { from, to };
}

/** GET requests: by ids (the other filters ignored, as the spec says), else by service codes, status and window; newest first. */
export async function listRequests(deps: Deps, j: Jurisdiction, q: Open311RequestsQuery): Promise<Open311ServiceRequest[]> {
  if (q.service_request_id) return toRequests(deps, await repo.requestRows(deps.db, j.id, { numbers: q.service_request_id.map((s) => s.toUpperCase()) }));
  const { from, to } = windowOf(deps, q);
  return toRequests(deps, await repo.requestRows(deps.db, j.id, { categoryCodes: q.service_code, statuses: ticketStatuses(q.status), from, to }));
}

/** GET requests/{id}: a one-element list, or 404. */
export async function getRequest(deps: Deps, j: Jurisdiction, id: string): Promise<Open311ServiceRequest[]> {
  const rows = await repo.requestRows(deps.db, j.id, { numbers: [id.toUpperCase()] });
  if (rows.length === 0) throw unknown(`service_request_id ${id} not found`);
  return toRequests(deps, rows);
}

/** GET tokens/{token}: the request id a token stands for, or 404. */
export async function resolveToken(deps: Deps, j: Jurisdiction, token: string): Promise<Open311TokenResult[]> {
  const number = /^[A-Za-z0-9_-]{16,100}$/.test(token) ? await repo.numberByToken(deps.db, j.id, sha256(token)) : null;
  if (!number) throw unknown('token not found');
  return [{ service_request_id: number, token }];
}

/** GET servicerequestupdates: every status change in the window (default the last 90 days), oldest first. */
export async function listUpdates(deps: Deps, j: Jurisdiction, q: Open311UpdatesQuery): Promise<Open311RequestUpdate[]> {
  const { from, to } = windowOf(deps, q);
  const rows = await repo.transitionsBetween(deps.db, j.id, from, to);
  return rows.map((e) => ({
    update_id: e.id,
    service_request_id: e.number,
    status: open311Status(e.to_status ?? 'submitted'),
    updated_datetime: w3cShanghai(Number(e.at)),
    description: changeText(e),
    // photos of the timeline are not public (they are served to members and to the reporter's tracking link only)
    media_url: null,
  }));
}

/** Checks the attribute answers against the definition; answers to unknown codes are dropped, as the spec lets servers ignore them. */
async function checkAnswers(
  deps: Deps,
  j: Jurisdiction,
  given: Open311Answers,
): Promise<{ kind: TicketCreate['kind']; gridId: string | null; answers: Open311Answers }> {
  const defs = await attributesOf(deps, j);
  const answers: Open311Answers = {};
  for (const d of defs) {
    const v = given[d.code];
    if (v === undefined || v === '') {
      if (d.required) throw badRequest(`attribute[${d.code}]: required`);
      continue;
    }
    const single = Array.isArray(v) ? v[v.length - 1] : v;
    if (single === undefined || !d.values.some((x) => x.key === single)) throw badRequest(`attribute[${d.code}]: not one of the listed values`);
    answers[d.code] = single;
  }
  return { kind: (answers.kind as TicketCreate['kind'] | undefined) ?? 'report', gridId: (answers.grid as string | undefined) ?? null, answers };
}

/** The reporter's name from the form: Chinese names family name first and unspaced, others given name first. */
export function reporterName(first: string | undefined, last: string | undefined): string | null {
  const parts = [first, last].filter((x): x is string => !!x);
  if (parts.length === 0) return null;
  const cjk = parts.every((p) => /^[\u3400-\u9fff·]+$/u.test(p));
  const name = cjk ? `${last ?? ''}${first ?? ''}` : parts.join(' ');
  return [...name].slice(0, 32).join('');
}

const filters = new WeakMap<Deps, ReturnType<typeof buildWordFilter>>();
function wordFilter(deps: Deps) {
  let f = filters.get(deps);
  if (!f) {
    f = buildWordFilter(sensitiveWordList(deps.config.sensitiveWords ?? []));
    filters.set(deps, f);
  }
  return f;
}

/** The API key behind a POST: of the jurisdiction's alliance and holding ticket:create (403 otherwise). */
export function postingActor(deps: Deps, j: Jurisdiction, apiKey: string | undefined, meta: Meta): Promise<TenantActor> {
  return keyActor(deps, j, apiKey, meta, 'ticket:create');
}

/**
 * POST requests: a ticket of the key's alliance through the tickets module's intake (number, timeline, audit, outbox)
 * plus its Open311 record (token, client ids, media_url, attribute answers), in one transaction.
 */
export async function createRequest(deps: Deps, j: Jurisdiction, actor: TenantActor, body: Open311RequestCreate): Promise<Open311RequestCreated[]> {
  const cat = await repo.activeCategory(deps.db, j.id, body.service_code);
  if (!cat) throw badRequest(`service_code: ${body.service_code} is not a service of this jurisdiction`);
  const { kind, gridId, answers } = await checkAnswers(deps, j, body.attributes);
  const description = wordFilter(deps).apply(body.description).text;
  const ticketBody: TicketCreate = {
    kind,
    categoryId: cat.id,
    title: null,
    description,
    photos: [],
    location: body.lat !== undefined && body.long !== undefined ? { lat: body.lat, lng: body.long, crs: 'wgs84' } : null,
    address: body.address_string ? [...body.address_string].slice(0, 200).join('') : null,
    gridId,
    merchantName: null,
    urgent: false,
    reporterName: reporterName(body.first_name, body.last_name),
    reporterPhone: body.phone ?? null,
  };
  const token = newToken(24);
  const ticket = await deps.db.transaction().execute(async (trx) => {
    const t = await createTicket({ ...deps, db: joinTransaction(trx) }, actor, ticketBody);
    const record = {
      ticket_id: t.id,
      alliance_id: j.id,
      token_hash: sha256(token),
      api_key_id: actor.apiKeyId as string,
      account_id: body.account_id ?? null,
      device_id: body.device_id ?? null,
      media_url: body.media_url ?? null,
      attributes: JSON.stringify(answers),
      created_at: deps.clock.now(),
    };
    await repo.insertRequest(trx, record);
    await appendAudit(trx, deps, actor, {
      action: 'open311.request',
      entity: 'ticket',
      entityId: t.id,
      after: { number: t.number, accountId: record.account_id, deviceId: record.device_id, mediaUrl: record.media_url, attributes: answers },
    });
    return t;
  });
  return [{ service_request_id: ticket.number, token, service_notice: `已受理，诉求编号 ${ticket.number}`, account_id: body.account_id ?? null }];
}

/** The console's view of the alliance's Open311 settings. */
export async function getSettings(deps: Deps, a: TenantActor): Promise<Open311Settings> {
  const [s, alliance] = await Promise.all([
    repo.settingsOf(deps.db, a.allianceId),
    deps.db.selectFrom('alliances').select('code').where('id', '=', a.allianceId).executeTakeFirstOrThrow(),
  ]);
  return { requireKeyForGet: !!s && Number(s.require_key_for_get) === 1, jurisdictionId: alliance.code, endpoint: `${OPEN311_PATH}/` };
}

/** Changes whether public GETs need an api_key; one transaction with its audit record. */
export async function updateSettings(deps: Deps, a: TenantActor, body: Open311SettingsUpdate): Promise<Open311Settings> {
  const before = await getSettings(deps, a);
  await deps.db.transaction().execute(async (trx) => {
    await repo.saveSettings(trx, {
      alliance_id: a.allianceId,
      require_key_for_get: body.requireKeyForGet ? 1 : 0,
      updated_by: a.userId,
      updated_at: deps.clock.now(),
    });
    await appendAudit(trx, deps, a, {
      action: 'open311.settings.update',
      entity: 'open311_settings',
      entityId: a.allianceId,
      before: { requireKeyForGet: before.requireKeyForGet },
      after: { requireKeyForGet: body.requireKeyForGet },
    });
  });
  return { ...before, requireKeyForGet: body.requireKeyForGet };
}
