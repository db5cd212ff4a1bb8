/**
 * One alliance's skeleton. The alliance itself (built-in roles, default categories and deduction catalogue, audit
 * records) is created by the real alliances service; orgs, grids, units, people and grid roles are an import written in
 * bulk (one audit record per alliance says so); accounts are inserted by the users module's own insertAccount with their memberships,
 * exactly as POST /api/v1/users does, so a generated admin logs in like any other.
 */
import { BUILTIN_ROLES } from '@tongxin/domain';
import type { Actor, Deps } from '../../../lib/context.ts';
import { newId } from '../../../lib/ids.ts';
import { createAlliance } from '../../alliances/index.ts';
import { appendAudit } from '../../audit/index.ts';
import { insertAccount, type PreparedAccount } from '../../users/index.ts';
import { address, allianceIdentity, CITIES, mobile, personName, residentId } from './names.ts';
import { pick, type Rand } from './rng.ts';
import type { Sink } from './sink.ts';
import { GRID_MEMBERS, GRIDS, ORGS, PEOPLE, UNITS } from './specs.ts';

/** The generator acting as a city administrator (createAlliance requires one); audit records name it. */
export function importActor(requestId: string): Actor {
  return {
    userId: null,
    name: 'tongxin seed --scale',
    allianceId: null,
    permissions: new Set(),
    scope: 'alliance',
    unitId: null,
    scopeOrgId: null,
    scopeGridId: null,
    personId: null,
    isCityAdmin: true,
    apiKeyId: null,
    requestId,
    ip: null,
  };
}

export interface Skeleton {
  id: string;
  code: string;
  cityIndex: number;
  areaCode: string;
  categories: Array<{ id: string; code: string; acceptHours: number; resolveDays: number; urgentHours: number }>;
  /** regulator units first: they lead most cases */
  units: string[];
  unitByName: Map<string, string>;
  leaves: Array<{ id: string; shopLeader: string; shopLeaderName: string }>;
  staffNames: string[];
  items: Array<{ id: string; code: string; name: string; points: number }>;
  usernames: { admin: string; staff: string; handler: string; grid: string };
}

const UNIT_TEMPLATES: Array<[kind: string, name: string, category: string, duties: string]> = [
  ['regulator', '市场监督管理所', '市场监管', '食品安全、价格监督、消费维权'],
  ['regulator', '综合行政执法中队', '城市管理', '占道经营、户外广告、市容秩序'],
  ['regulator', '派出所', '公安', '治安防控、矛盾调处'],
  ['regulator', '消防救援站', '消防', '消防安全检查、隐患整改'],
  ['regulator', '生态环境分局执法大队', '生态环境', '油烟、噪音、污水治理'],
  ['regulator', '交警中队', '交通', '停车秩序、交通疏导'],
  ['resident_unit', '供电所', '公共服务', '供电抢修、用电安全'],
  ['resident_unit', '自来水公司营业所', '公共服务', '供水抢修、水表维护'],
  ['resident_unit', '农商银行支行', '金融', '普惠金融、反诈宣传'],
  ['resident_unit', '律师事务所', '法律服务', '法律咨询、纠纷调解'],
  ['property_owner', '商业运营管理有限公司', '物业', '商铺物业、设施维护'],
  ['social_org', '志愿者协会', '社会组织', '志愿服务、微心愿认领'],
];

const COMMUNITY_NAMES = ['城中', '新华', '文化', '人民', '建设', '和平', '友谊', '光明'];

/**
 * Creates alliance #i with its skeleton, sized for `merchants` merchants (about 30 shops per 十邻铺 cell).
 * The sink must be idle (committed) on entry; it is committed again before the accounts are written.
 */
export async function createSkeleton(
  deps: Deps,
  sink: Sink,
  rand: Rand,
  i: number,
  merchants: number,
  now: number,
  account: PreparedAccount,
  requestId: string,
): Promise<Skeleton> {
  const ident = allianceIdentity(i, rand);
  const city = CITIES[ident.cityIndex] as (typeof CITIES)[number];
  const actor = importActor(requestId);
  const alliance = await createAlliance(deps, actor, {
    code: ident.code,
    name: ident.name,
    region: ident.region,
    description: `${ident.region}的商圈党建联盟（城市规模生成数据）`,
    gridLevelNames: ['社区', '网格', '邻铺单元'],
  });
  const id = alliance.id;
  const cats = await deps.db
    .selectFrom('categories')
    .select(['id', 'code', 'accept_hours', 'resolve_days', 'urgent_hours'])
    .where('alliance_id', '=', id)
    .orderBy('code')
    .execute();
  const roles = await deps.db.selectFrom('roles').select(['id', 'name']).where('alliance_id', '=', id).execute();
  const roleId = (key: string) => {
    const b = BUILTIN_ROLES.find((r) => r.key === key);
    const r = roles.find((x) => x.name === b?.name);
    if (!r) throw new Error(`generator: built-in role ${key} missing`);
    return r.id;
  };
  const place = ident.name.replace(/商圈党建联盟$/, '');
  const counts = { orgs: 0, grids: 0, units: 0, people: 0, gridMembers: 0 };

  // 党组织: 街道党工委 → 社区大党委 → 商圈党委 → 党支部
  const org = (parent: { id: string; path: string } | null, kind: string, name: string, order: number) => {
    const oid = newId(now);
    const path = `${parent?.path ?? '/'}${oid}/`;
    sink.add(ORGS, [oid, id, parent?.id ?? null, path, kind, name, personName(rand).name, order, now, now]);
    counts.orgs++;
    return { id: oid, path };
  };
  const street = org(null, 'street_committee', `${ident.region.replace(city.city, '')}党工委`, 0);
  const community = org(street, 'community_committee', `${place}社区大党委`, 1);
  const districtOrg = org(community, 'district_committee', `${place}商圈党委`, 2);
  const branches = ['第一党支部', '第二党支部', '商户联合党支部', '流动党员党支部'].map((n, k) => org(districtOrg, 'branch', `${place}${n}`, 3 + k));

  // people get phones (and the party members ID numbers) encrypted with the app's cipher, as the people module does
  const person = (name: string, gender: string, title: string, o: { unitId?: string; gridId?: string; party?: boolean }) => {
    const pid = newId(now);
    const phone = mobile(rand);
    const party = o.party ?? rand() < 0.3;
    const idNumber = party ? residentId(rand, city.area, gender as 'male' | 'female') : null;
    sink.add(PEOPLE, [
      pid,
      id,
      name,
      gender,
      deps.cipher.encrypt(phone),
      deps.cipher.phoneIndex(phone),
      idNumber ? 'resident_id' : null,
      deps.cipher.encrypt(idNumber),
      deps.cipher.blindIndex(idNumber),
      party ? 1 : 0,
      party ? pick(rand, branches).id : null,
      o.unitId ?? null,
      o.gridId ?? null,
      title,
      now,
      now,
    ]);
    counts.people++;
    return pid;
  };

  // 网格: 社区 → 网格 → 邻铺单元 (Quanzhou's 十邻铺), about 30 shops per cell
  const leavesWanted = Math.max(4, Math.ceil(merchants / 30));
  const communities = Math.max(2, Math.min(COMMUNITY_NAMES.length, Math.round(Math.sqrt(leavesWanted / 6))));
  const perGrid = 6;
  const gridsPerCommunity = Math.max(1, Math.ceil(leavesWanted / communities / perGrid));
  const leaves: Skeleton['leaves'] = [];
  const gridTops: string[] = [];
  let order = 0;
  const grid = (parent: { id: string; path: string } | null, level: number, name: string, code: string) => {
    const gid = newId(now);
    const path = `${parent?.path ?? '/'}${gid}/`;
    sink.add(GRIDS, [gid, id, parent?.id ?? null, path, level, name, code, level === 0 ? community.id : districtOrg.id, order++, now, now]);
    counts.grids++;
    return { id: gid, path };
  };
  for (let c = 0; c < communities && leaves.length < leavesWanted; c++) {
    const cg = grid(null, 0, `${COMMUNITY_NAMES[c]}社区`, `C${c + 1}`);
    for (let g = 0; g < gridsPerCommunity && leaves.length < leavesWanted; g++) {
      const gg = grid(cg, 1, `${COMMUNITY_NAMES[c]}社区第${g + 1}网格`, `C${c + 1}-G${g + 1}`);
      gridTops.push(gg.id);
      const officer = personName(rand);
      const pid = person(officer.name, officer.gender, '专职网格员', { gridId: gg.id, party: true });
      sink.add(GRID_MEMBERS, [id, gg.id, pid, 'grid_officer', now]);
      counts.gridMembers++;
      for (let l = 0; l < perGrid && leaves.length < leavesWanted; l++) {
        const lg = grid(gg, 2, `${pick(rand, city.roads)}第${leaves.length + 1}邻铺单元`, `C${c + 1}-G${g + 1}-L${l + 1}`);
        const leader = personName(rand);
        const lid = person(leader.name, leader.gender, '邻铺长', { gridId: lg.id });
        sink.add(GRID_MEMBERS, [id, lg.id, lid, 'shop_leader', now]);
        counts.gridMembers++;
        leaves.push({ id: lg.id, shopLeader: lid, shopLeaderName: leader.name });
      }
    }
  }

  const units: string[] = [];
  const unitByName = new Map<string, string>();
  for (const [kind, suffix, category, duties] of UNIT_TEMPLATES) {
    const uid = newId(now);
    const name =
      kind === 'regulator' || suffix.startsWith('供电') || suffix.startsWith('自来水')
        ? `${ident.region.replace(city.city, '')}${suffix}`
        : `${place}${suffix}`;
    const contact = personName(rand);
    const phone = mobile(rand);
    sink.add(UNITS, [
      uid,
      id,
      kind,
      name,
      category,
      districtOrg.id,
      null,
      contact.name,
      deps.cipher.encrypt(phone),
      deps.cipher.phoneIndex(phone),
      address(rand, ident.cityIndex),
      duties,
      'active',
      now,
      now,
    ]);
    counts.units++;
    units.push(uid);
    unitByName.set(suffix, uid);
    person(contact.name, contact.gender, '联络员', { unitId: uid });
  }
  const staffNames: string[] = [];
  const staff = (title: string) => {
    const p = personName(rand);
    staffNames.push(p.name);
    return { id: person(p.name, p.gender, title, { party: true }), name: p.name };
  };
  const adminP = staff('商圈党委书记');
  const dispatcherP = staff('党群服务中心调度员');
  const leaderP = staff('街道分管领导');
  const handlerP = person(personName(rand).name, 'male', '执法队员', { unitId: units[1] as string });
  // the deduction catalogue came with the alliance (createAlliance seeds it)
  const items = (
    await deps.db.selectFrom('credit_items').select(['id', 'code', 'name', 'points']).where('alliance_id', '=', id).orderBy('sort_order').execute()
  ).map((it) => ({ ...it, points: Number(it.points) }));
  await sink.checkpoint(true);

  // accounts: the users module's insertAccount (user row + audit) and the same membership row POST /users writes
  const lower = ident.code.toLowerCase();
  const usernames = { admin: `${lower}.admin`, staff: `${lower}.staff`, handler: `${lower}.handler`, grid: `${lower}.grid` };
  await deps.db.transaction().execute(async (trx) => {
    const member = async (username: string, displayName: string, personId: string, role: string, m: { unitId?: string; gridId?: string }) => {
      const userId = await insertAccount(
        trx,
        deps,
        { ...account, username, displayName, personId },
        { userId: null, name: actor.name, requestId, ip: null },
        id,
      );
      await trx
        .insertInto('memberships')
        .values({
          id: newId(now),
          user_id: userId,
          alliance_id: id,
          role_id: roleId(role),
          unit_id: m.unitId ?? null,
          scope_org_id: null,
          scope_grid_id: m.gridId ?? null,
          created_at: now,
        })
        .execute();
      await appendAudit(
        trx,
        deps,
        { ...actor, allianceId: id },
        {
          action: 'membership.create',
          entity: 'user',
          entityId: userId,
          after: { username, role, unitId: m.unitId ?? null, scopeGridId: m.gridId ?? null },
        },
      );
    };
    await member(usernames.admin, adminP.name, adminP.id, 'admin', {});
    await member(usernames.staff, dispatcherP.name, dispatcherP.id, 'staff', {});
    await member(`${lower}.leader`, leaderP.name, leaderP.id, 'leader', {});
    await member(usernames.handler, `${place}执法队员`, handlerP, 'unit_handler', { unitId: units[1] as string });
    await member(usernames.grid, `${place}网格员`, pick(rand, leaves).shopLeader, 'grid_officer', { gridId: gridTops[0] as string });
    await appendAudit(trx, deps, { ...actor, allianceId: id }, { action: 'import.scale_skeleton', entity: 'alliance', entityId: id, after: counts });
  });
  return {
    id,
    code: ident.code,
    cityIndex: ident.cityIndex,
    areaCode: city.area,
    categories: cats.map((c) => ({
      id: c.id,
      code: c.code,
      acceptHours: Number(c.accept_hours),
      resolveDays: Number(c.resolve_days),
      urgentHours: Number(c.urgent_hours),
    })),
    units,
    unitByName,
    leaves,
    staffNames,
    items,
    usernames,
  };
}
