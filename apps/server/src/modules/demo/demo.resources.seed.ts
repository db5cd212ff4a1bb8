/**
 * Seeds the 三张清单 of each demo alliance through the real HTTP API: the 资源清单 each unit offers (from the seeds:
 * 律师坐班, 金融志愿者, 党群服务E站, 免费义诊, 会议室 …), the 项目清单 as trees with weights and progress reports
 * (some overdue), one need matched to a resource and dispatched with it (一对一精准派单), and a service project
 * (认购式服务) a merchant has adopted. Everything happens "now"; one documented SQL step (dateLists) then moves the
 * lists back onto the months before the seeding, so a newcomer does not see every project reported today.
 */
import { shanghaiDate, type ResourceCategory } from '@tongxin/domain';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.ts';
import { DEMO_PASSWORD, type DemoAlliance } from './demo.data.ts';
import { DemoApi, need, type Created } from './demo.seed.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

type Slot = [weekday: number, start: string, end: string];

interface DemoResource {
  unit: string;
  category: ResourceCategory;
  title: string;
  description: string;
  capacity?: number;
  /** free text: the opening hours when there are no slots, otherwise only what the slots cannot say (预约 …) */
  availability?: string;
  slots?: Slot[];
  contact?: [name: string, phone?: string];
  address?: string;
  /** metres east / north of the alliance's centre */
  at?: [number, number];
}

interface DemoProject {
  key: string;
  parent?: string;
  unit: string;
  title: string;
  description?: string;
  /** days from now (negative: already passed) */
  due?: number;
  weight?: number;
  /** progress reports of a leaf, in order, with their notes */
  reports?: Array<[progress: number, note: string]>;
  done?: boolean;
  resource?: string;
  service?: { capacity: number; adoptedBy?: string[] };
}

interface DemoLists {
  alliance: string;
  staff: string;
  origin: [number, number];
  resources: Record<string, DemoResource>;
  projects: DemoProject[];
  /** a submitted need (by title) to match and dispatch with its best resource */
  matchNeed?: string;
}

const LISTS: DemoLists[] = [
  {
    alliance: 'HHX',
    staff: 'hhx_staff',
    origin: [120.0712, 29.3069],
    resources: {
      lawDuty: {
        unit: 'law',
        category: 'legal_aid',
        title: '律师坐班 免费法律援助',
        description: '浙江通惠律师事务所律师每周三下午在社区党群服务中心坐班，提供合同审查、消费纠纷调解、涉外合同与劳动争议咨询。',
        slots: [[3, '14:00', '17:00']],
        contact: ['何志远', '13800001018'],
        address: '通惠社区党群服务中心一楼',
        at: [120, 80],
      },
      bankLoan: {
        unit: 'bank',
        category: 'finance',
        title: '商户小额信贷与收款码开通',
        description: '客户经理上门为个体工商户办理小额经营贷款、移动支付收款码，开展反诈宣传进商圈。',
        availability: '工作日 8:30-17:00，可预约上门',
        contact: ['黄琳'],
        address: '义乌市稠城街道通惠路',
        at: [-200, 150],
      },
      taxClass: {
        unit: 'sw',
        category: 'policy',
        title: '减税降费与出口退税政策辅导',
        description: '税收管理员讲解小规模纳税人增值税减免、发票代开、出口退税与外贸备案流程。',
        availability: '每月第一个周五上午',
        contact: ['孙敏', '0579-85550105'],
        at: [300, -100],
      },
      ytRoom: {
        unit: 'yintai',
        category: 'meeting_room',
        title: '银泰三楼党群活动室（免费会议室）',
        description: '可容纳 40 人，配投影与音响，联盟成员单位与商户议事、员工培训可免费预约。',
        capacity: 40,
        availability: '提前一天预约',
        slots: [1, 2, 3, 4, 5, 6, 7].map((d) => [d, '09:00', '21:00'] as Slot),
        contact: ['蒋涛', '0579-85550111'],
        address: '银泰百货义乌店三楼',
        at: [0, 0],
      },
      ytEstation: {
        unit: 'yintai',
        category: 'convenience',
        title: '党群服务“E”站：免费饮水、充电、维修',
        description: '面向外卖小哥、快递小哥和商圈群众，提供免费饮水、手机充电、雨伞借用和小家电维修。',
        availability: '每天 10:00-22:00',
        address: '银泰百货义乌店一楼东门',
        at: [20, -10],
      },
      xtdAtrium: {
        unit: 'xtd',
        category: 'venue',
        title: '新天地中庭活动场地',
        description: '商厦一楼中庭，可承接童趣市集、公益活动和联盟推荐商家发布会。',
        capacity: 200,
        availability: '周末全天，工作日晚间',
        at: [150, -60],
      },
      clinic: {
        unit: 'ws',
        category: 'medical',
        title: '家庭医生进商圈免费义诊',
        description: '社区卫生服务中心家庭医生每月进商圈义诊：量血压、测血糖、健康咨询，并教授急救知识。',
        availability: '每月 15 日上午',
        contact: ['冯雅', '0579-85550108'],
        at: [-120, -200],
      },
      fireTraining: {
        unit: 'xf',
        category: 'training',
        title: '商场商户消防安全培训',
        description: '消防救援站到商场开展灭火器使用、疏散逃生演练和电动车充电安全培训。',
        capacity: 60,
        availability: '每季度一次，可预约',
        at: [400, 250],
      },
      redAgent: {
        unit: 'bbt',
        category: 'volunteer',
        title: '“红色代办”与代跑服务',
        description: '红色帮帮团党员志愿者为商户和老人代办营业执照、社保等事项，“最多跑一次”。',
        availability: '工作日 9:00-17:00',
        contact: ['金国华'],
        at: [-60, 60],
      },
      foreignDesk: {
        unit: 'wszj',
        category: 'foreign',
        title: '外商之家政策翻译与签证咨询转介',
        description: '为外籍商户翻译政策文件，转介签证与居留咨询，组织中外商户联谊。',
        slots: [
          [2, '14:00', '17:00'],
          [4, '14:00', '17:00'],
        ],
        at: [500, -300],
      },
    },
    projects: [
      {
        key: 'root',
        unit: 'scjg',
        title: '2026 年荷花芯商圈项目清单',
        description: '联席会议决议形成的年度项目清单，由商圈党委统筹、一对一派单到承接单位。',
        due: 40,
      },
      { key: 'cx', parent: 'root', unit: 'scjg', title: '诚信消费示范点建设', due: 30, weight: 3 },
      {
        key: 'cx1',
        parent: 'cx',
        unit: 'law',
        title: '消费纠纷调解室律师轮值',
        resource: 'lawDuty',
        due: 25,
        weight: 2,
        reports: [
          [40, '调解室已挂牌，排定 12 月律师轮值表'],
          [70, '本月受理消费纠纷 6 起，调解成功 5 起'],
        ],
      },
      { key: 'cx2', parent: 'cx', unit: 'scjg', title: '十家营商环境监测点回访', due: -3, weight: 1, reports: [[60, '已回访 6 家监测点，4 家待回访']] },
      { key: 'es', parent: 'root', unit: 'yintai', title: '党群服务“E”站提档升级', due: 20, weight: 2 },
      { key: 'es1', parent: 'es', unit: 'yintai', title: '银泰“E”站增设充电柜与饮水机', resource: 'ytEstation', done: true },
      { key: 'es2', parent: 'es', unit: 'xtd', title: '新天地“E”站授牌与设施配置', reports: [[30, '授牌完成，设施采购中']] },
      { key: 'es3', parent: 'es', unit: 'yxzx', title: '义乌之心“驿家亲”驿站延长开放时间', reports: [[50, '已与物业协商延长至 22:00']] },
      {
        key: 'svc',
        unit: 'yxzx',
        title: '认领“小候鸟”假期公益课堂',
        description: '商圈党委推出服务项目，商家认领一期课堂，提供场地、物资或讲师，亮出可共享的党建活动平台。',
        due: 45,
        service: { capacity: 5, adoptedBy: ['hhx_merchant'] },
      },
      {
        key: 'svc2',
        unit: 'bbt',
        title: '认领“我们的节日”敬老餐活动',
        description: '传统节日里商家志愿者与辖区独居老人共度佳节，认领一场敬老餐的食材与场地。',
        due: 60,
        service: { capacity: 3 },
      },
    ],
    matchNeed: '童装店想办理外贸出口备案，不清楚流程',
  },
  {
    alliance: 'LJJ',
    staff: 'ljj_staff',
    origin: [106.9772, 27.7296],
    resources: {
      lawTeam: {
        unit: 'law',
        category: 'legal_aid',
        title: '法律志愿者服务队：商标维权与法律咨询',
        description: '和辰律师事务所党支部组建法律志愿者服务队，为商户提供商标维权、合同纠纷和法律咨询服务。',
        slots: [[5, '14:00', '17:30']],
        contact: ['何畅'],
        at: [80, 40],
      },
      bankTeam: {
        unit: 'bank',
        category: 'finance',
        title: '金融志愿者服务队：融资对接',
        description: '遵义长征村镇银行金融志愿者为商户对接创业担保贷款和经营贷款，讲解防范电信诈骗。',
        availability: '工作日',
        contact: ['龚燕玲'],
        at: [-150, 90],
      },
      healthCert: {
        unit: 'scjg',
        category: 'policy',
        title: '食品从业人员健康证办理指导',
        description: '讲解餐饮店员健康证体检地点、所需材料和办理时限，协助预约体检。',
        availability: '工作日 9:00-17:00',
        at: [200, -50],
      },
      center: {
        unit: 'linda',
        category: 'venue',
        title: '六角井商圈党群服务中心',
        description: '集政务服务、城市主题书房、露天观光休闲于一体，可承接主题消费活动与党员活动。',
        capacity: 120,
        availability: '每天 9:00-20:00',
        at: [0, 0],
      },
      socialWork: {
        unit: 'sg',
        category: 'volunteer',
        title: '大学生志愿者服务队：“幼有善育”课堂',
        description: '遵享童年社工站组织大学生志愿者为商户子女开展课业辅导和安全教育。',
        availability: '寒暑假',
        at: [-80, -120],
      },
    },
    projects: [
      { key: 'root', unit: 'linda', title: '“社区+商圈”共建项目清单', due: 50 },
      {
        key: 'p1',
        parent: 'root',
        unit: 'law',
        title: '商户商标维权帮扶',
        resource: 'lawTeam',
        weight: 2,
        due: 30,
        reports: [[55, '已为 8 家商户完成商标查询，3 件提交注册']],
      },
      {
        key: 'p2',
        parent: 'root',
        unit: 'bank',
        title: '商户融资需求摸排对接',
        resource: 'bankTeam',
        weight: 1,
        due: -5,
        reports: [[35, '摸排 40 户，对接 9 户']],
      },
      { key: 'p3', parent: 'root', unit: 'sh', title: '慈善基金“消费捐”公示', weight: 1, done: true },
      {
        key: 'svc',
        unit: 'sh',
        title: '认领还房小区敬老助餐点',
        description: '商家认领一个月的助餐点食材或配送，服务还房小区独居老人。',
        due: 30,
        service: { capacity: 4, adoptedBy: ['ljj_merchant'] },
      },
    ],
    matchNeed: '想给店员办理健康证，问问在哪里体检',
  },
  {
    alliance: 'QG',
    staff: 'qg_admin',
    origin: [118.8847, 25.1569],
    resources: {
      law: {
        unit: 'law',
        category: 'legal_aid',
        title: '法律咨询进商圈',
        description: '福建港城律师事务所律师在“党建+”邻里中心定期坐班，解答商标注册、租赁合同等法律问题。',
        slots: [[2, '14:00', '17:00']],
        at: [60, 30],
      },
      hub: {
        unit: 'wy',
        category: 'venue',
        title: '“党建+”邻里中心多功能厅',
        description: '永嘉国潮街区五号商业楼，集组织生活、政务服务、协商议事、文体休闲于一体。',
        capacity: 80,
        availability: '每天 9:00-21:00',
        at: [0, 0],
      },
      cinema: {
        unit: 'cinema',
        category: 'culture',
        title: '国潮影城公益观影',
        description: '每月一场党员和新就业群体公益观影，可承接主题党日活动。',
        capacity: 150,
        availability: '每月最后一个周六',
        at: [120, -80],
      },
      tax: {
        unit: 'sw',
        category: 'policy',
        title: '“不打烊”办税服务进商圈',
        description: '税务干部进街区讲解个体户税费政策，现场帮办发票申领。',
        availability: '每月 10 日',
        at: [-100, 50],
      },
    },
    projects: [
      { key: 'root', unit: 'wy', title: '永嘉国潮街区“港市红”项目清单', due: 35 },
      { key: 'p1', parent: 'root', unit: 'wy', title: '闲置物业盘活为邻里中心', resource: 'hub', weight: 2, done: true },
      { key: 'p2', parent: 'root', unit: 'law', title: '商户法律体检', resource: 'law', weight: 1, due: 20, reports: [[25, '完成 5 家商户合同审查']] },
    ],
  },
];

/** A point some metres east/north of a centre (WGS-84). */
function offset(origin: [number, number], at: [number, number]): { lng: number; lat: number; crs: 'wgs84' } {
  const lat = origin[1] + at[1] / 111_000;
  const lng = origin[0] + at[0] / (111_000 * Math.cos((origin[1] * Math.PI) / 180));
  return { lng: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6, crs: 'wgs84' };
}

/**
 * The moments of the lists' story, in Beijing time (UTC+8, no summer time) relative to the seeding: the member units
 * report the 三张清单 monthly by the 25th (the HHX joint meeting's rule), so the last report month is this one once its
 * 25th has passed, else the month before. `at(n, day, hour)` is `n` months before that month, on `day` (≤ 25) at `hour`.
 */
function storyClock(now: number): (monthsBack: number, day: number, hour: number, minute?: number) => number {
  const cst = new Date(now + 8 * HOUR);
  const month = cst.getUTCMonth() - (cst.getUTCDate() > 25 ? 0 : 1);
  return (monthsBack, day, hour, minute = 0) => Date.UTC(cst.getUTCFullYear(), month - monthsBack, day, hour - 8, minute);
}

/** When each seeded row of the lists happened in the demo's story: resources, and the project events each call wrote. */
interface Story {
  resources: Map<string, number>;
  events: Map<string, number>;
  projects: string[];
}

/**
 * Documented SQL step (times only, like the tickets' ageing): the API stamps every resource, project, progress report,
 * roll-up and adoption with the seeding moment. Each project event moves to the moment of the call that wrote it (a roll-up
 * on a parent with the child's change that caused it; a millisecond apart within one call, keeping their order); each
 * project's 创建时间 to its 'create' event and its 更新时间 to its latest event; an adoption to its 'adopt' event; each
 * resource to its own moment. The audit log keeps the real times, so the audit chain still verifies.
 */
async function dateLists(deps: Deps, allianceId: string, story: Story): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    for (const [id, at] of story.resources) await trx.updateTable('resources').set({ created_at: at, updated_at: at }).where('id', '=', id).execute();
    for (const [id, at] of story.events) await trx.updateTable('project_events').set({ at }).where('id', '=', id).execute();
    for (const id of story.projects) {
      const events = await trx.selectFrom('project_events').select(['action', 'at']).where('project_id', '=', id).execute();
      const created = events.find((e) => e.action === 'create');
      if (!created) continue;
      const updated = Math.max(...events.map((e) => Number(e.at)));
      await trx
        .updateTable('projects')
        .set({ created_at: Number(created.at), updated_at: updated })
        .where('id', '=', id)
        .execute();
    }
    const adoptions = await trx
      .selectFrom('project_adoptions as d')
      .innerJoin('project_events as e', (j) => j.onRef('e.project_id', '=', 'd.project_id').onRef('e.subject_user_id', '=', 'd.user_id'))
      .select(['d.id', 'e.at'])
      .where('d.alliance_id', '=', allianceId)
      .where('e.action', '=', 'adopt')
      .execute();
    for (const d of adoptions)
      await trx
        .updateTable('project_adoptions')
        .set({ created_at: Number(d.at) })
        .where('id', '=', d.id)
        .execute();
  });
}

/** Seeds the 资源清单 and 项目清单 with progress, and an adoption of one demo alliance; returns a line for the seed log. */
export async function seedDemoResources(app: FastifyInstance, deps: Deps, a: DemoAlliance, c: Created): Promise<string> {
  const lists = LISTS.find((l) => l.alliance === a.code);
  if (!lists) return `demo: ${a.code}: resources — none`;
  const sessions = new Map<string, DemoApi>();
  const as = async (username: string): Promise<DemoApi> => {
    let s = sessions.get(username);
    if (!s) {
      s = await DemoApi.login(app, username, DEMO_PASSWORD);
      await s.call('POST', '/api/v1/auth/switch', { allianceId: c.allianceId });
      sessions.set(username, s);
    }
    return s;
  };
  const staff = await as(lists.staff);
  const now = deps.clock.now();
  const date = (days: number) => shanghaiDate(now + days * DAY);
  const at = storyClock(now);
  const story: Story = { resources: new Map(), events: new Map(), projects: [] };
  // the project events each call writes (roll-ups on the parents included) take that call's moment in the story
  const seen = new Set<string>();
  const happened = async <T>(when: number, call: () => Promise<T>): Promise<T> => {
    const r = await call();
    const rows = await deps.db.selectFrom('project_events').select('id').where('alliance_id', '=', c.allianceId).orderBy('at').orderBy('id').execute();
    let k = 0;
    for (const e of rows) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      story.events.set(e.id, when + k++);
    }
    return r;
  };

  const resources = new Map<string, string>();
  for (const [key, r] of Object.entries(lists.resources)) {
    const row = await staff.call('POST', '/api/v1/resources', {
      unitId: need(c.units, r.unit, 'unit'),
      category: r.category,
      title: r.title,
      description: r.description,
      capacity: r.capacity ?? null,
      availability: r.availability ?? null,
      weeklySlots: (r.slots ?? []).map(([weekday, start, end]) => ({ weekday, start, end })),
      contactName: r.contact?.[0] ?? null,
      contactPhone: r.contact?.[1] ?? null,
      address: r.address ?? null,
      location: r.at ? offset(lists.origin, r.at) : null,
    });
    resources.set(key, row.id);
    // the units published their resources over a few weeks, before the project list was drawn up
    const n = resources.size;
    story.resources.set(row.id, at(5, 3 + (n % 20), 9 + (n % 8), (n * 7) % 60));
  }

  // a project names who answers for it (项目清单: 承接单位、责任人、时限): the owner unit's first person in the demo data
  const responsibleOf = (unit: string) => a.people.find((p) => p.unit === unit)?.key;
  const projects = new Map<string, string>();
  let adoptions = 0;
  for (const [i, p] of lists.projects.entries()) {
    // the list was drawn up four months before the last reports, a child a day after the one before it (so never
    // before its parent); the service projects (认购式服务) came two months later
    const created = p.service ? at(2, 3 + (i % 10), 15) : at(4, 6 + i, 9 + (i % 7), (i * 11) % 60);
    const row = await happened(created, () =>
      staff.call('POST', '/api/v1/projects', {
        kind: p.service ? 'service' : 'undertaking',
        parentId: need(projects, p.parent, 'project'),
        title: p.title,
        description: p.description ?? null,
        ownerUnitId: need(c.units, p.unit, 'unit'),
        responsiblePersonId: need(c.people, responsibleOf(p.unit), 'person'),
        deadline: p.due === undefined ? null : date(p.due),
        ...(p.weight !== undefined ? { weight: p.weight } : {}),
        resourceId: need(resources, p.resource, 'resource'),
        ...(p.service ? { capacity: p.service.capacity } : {}),
      }),
    );
    projects.set(p.key, row.id);
    story.projects.push(row.id);
  }
  // the whole tree first, then the work: a parent's status follows its children (done when all are done), so a
  // child finished before its siblings exist would close the parent only for the next sibling to reopen it
  for (const [i, p] of lists.projects.entries()) {
    const id = need(projects, p.key, 'project');
    // one report a month, the last in the last report month, between the 18th and the 25th
    const reports = p.reports ?? [];
    let last: number | null = null;
    for (const [j, [progress, note]] of reports.entries()) {
      last = at(reports.length - 1 - j, 18 + (i % 8), 9 + ((i + j) % 8), (i * 13 + j * 7) % 60);
      await happened(last, () => staff.call('POST', `/api/v1/projects/${id}/progress`, { progress, note }));
    }
    if (p.done) {
      const done = last === null ? at(1, 10 + (i % 10), 16) : last + 2 * HOUR;
      await happened(done, () => staff.call('POST', `/api/v1/projects/${id}/status`, { status: 'done', note: '验收完成' }));
    }
    for (const [k, username] of (p.service?.adoptedBy ?? []).entries()) {
      const adopter = await as(username);
      await happened(at(1, 3 + (i % 10) + k, 11), () => adopter.call('POST', `/api/v1/projects/${id}/adoptions`, { note: '店里可以提供场地和物资' }));
      adoptions++;
    }
  }
  await dateLists(deps, c.allianceId, story);

  let matched = '';
  if (lists.matchNeed) {
    const list = await staff.call<{ items: Array<{ id: string; title: string }> }>('GET', '/api/v1/tickets?status=submitted&kind=need&pageSize=100');
    const ticket = list.items.find((t) => t.title === lists.matchNeed);
    if (ticket) {
      const s = await staff.call<{ items: Array<{ resource: { id: string; title: string } }> }>(
        'GET',
        `/api/v1/tickets/${ticket.id}/resource-suggestions?limit=3`,
      );
      const best = s.items[0];
      if (best) {
        const resourceKey = [...resources].find(([, id]) => id === best.resource.id)?.[0];
        const unit = resourceKey === undefined ? undefined : lists.resources[resourceKey]?.unit;
        await staff.call('POST', `/api/v1/tickets/${ticket.id}/dispatch-with-resource`, {
          resourceId: best.resource.id,
          responsiblePersonId: unit === undefined ? null : need(c.people, responsibleOf(unit), 'person'),
          deadline: date(10),
          parentProjectId: projects.get('root') ?? null,
          note: `按资源清单一对一精准派单：${best.resource.title}`,
        });
        matched = `; need “${ticket.title}” dispatched with “${best.resource.title}”`;
      }
    }
  }
  for (const s of sessions.values()) await s.call('POST', '/api/v1/auth/logout', {});
  return `demo: ${a.code}: ${resources.size} resources, ${projects.size} projects, ${adoptions} adoption(s)${matched}`;
}
