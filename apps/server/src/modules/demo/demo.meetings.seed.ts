/**
 * Seeds the joint meetings (联席会议) of each demo alliance through the real HTTP API, after the 三张清单: one held
 * meeting with its minutes and resolutions, some of which became projects under the alliance's 项目清单, and one planned
 * meeting that took some of the 吹哨 cases waiting for it — not all: the newest stays 待上会, for staff to take. From the seeds: Yiwu's 社区大党委 calls its member units every month
 * and "在会上形成决议，完善三张清单"; Zunyi's 六角井 meets every quarter in the 红色议事厅 (党员、居委会成员、商户代表、
 * 群众代表, a 骑手议事会) by 大事共议、实事共办; 泉港's 永嘉国潮街区商圈党委 convened 社区“两委”、商户负责人、居民代表 on
 * 油烟污染、噪音扰民、占道经营 and wrote the 《商居共建自治公约》.
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../lib/context.ts';
import { shanghaiDate } from '@tongxin/domain';
import { DEMO_PASSWORD, type DemoAlliance } from './demo.data.ts';
import { DemoApi, need, type Created } from './demo.seed.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

interface DemoResolution {
  text: string;
  /** projects it creates under the alliance's root project: owner unit key, title, days to the deadline */
  projects?: Array<{ unit: string; title: string; description?: string; due: number }>;
}

interface DemoMeeting {
  title: string;
  /** days from now (negative: past), and the hour of day (Asia/Shanghai) */
  day: number;
  hour: number;
  place: string;
  host: string;
  attendees: string;
  topics: Array<[title: string, description?: string]>;
  /** held meetings: the minutes and the resolutions */
  minutes?: string;
  resolutions?: DemoResolution[];
  /** planned meetings: the 吹哨 cases (by ticket title) they took; the others stay waiting on the 吹哨议题 page */
  take?: string[];
}

interface DemoMeetings {
  alliance: string;
  staff: string;
  /** the title of the 项目清单 root the resolutions' projects go under */
  rootProject: string;
  meetings: DemoMeeting[];
}

const MEETINGS: DemoMeetings[] = [
  {
    alliance: 'HHX',
    staff: 'hhx_staff',
    rootProject: '2026 年荷花芯商圈项目清单',
    meetings: [
      {
        title: '荷花芯商圈党建联盟 11 月联席会议',
        day: -18,
        hour: 14,
        place: '通惠社区党群服务中心三楼会议室',
        host: '通惠社区大党委书记',
        attendees:
          '稠城街道党工委、稠城市场监管所、综合行政执法稠城中队、稠城派出所、银泰百货、新天地精品商厦、义乌之心购物中心、通惠律师事务所、外商之家、商户代表',
        topics: [
          ['诚信消费示范点创建推进', '宾王路精品街区商户参与意愿高，需明确挂牌标准与时间表'],
          ['外籍商户政策咨询需求', '中东、南亚商户反映签证、税务政策看不懂'],
        ],
        minutes:
          '会议由通惠社区大党委书记主持。稠城市场监管所通报诚信消费示范点创建进度，外商之家汇报外籍商户服务需求，各成员单位交流本月工作动态。会议议定：年底前完成宾王路精品街区诚信示范店挂牌；外商之家与税务所联合开设双语政策讲堂；各成员单位按月更新三张清单。',
        resolutions: [
          {
            text: '年底前完成宾王路精品街区 10 家诚信消费示范店评定挂牌，由稠城市场监管所牵头',
            projects: [{ unit: 'scjg', title: '宾王路精品街区诚信示范店挂牌', description: '联席会议决议：评定并挂牌 10 家诚信消费示范店。', due: 28 }],
          },
          {
            text: '外商之家联合税务所每月开设一次双语政策讲堂',
            projects: [{ unit: 'wszj', title: '外籍商户双语政策讲堂', due: 45 }],
          },
          { text: '各成员单位每月 25 日前报送三张清单更新情况，由社区大党委汇总' },
        ],
      },
      {
        title: '荷花芯商圈党建联盟 12 月联席会议',
        day: 9,
        hour: 14,
        place: '银泰百货三楼党群活动室',
        host: '通惠社区大党委书记',
        attendees: '各成员单位党组织负责人、网格员代表、商户代表',
        topics: [['岁末年初消防安全大检查', '商场、农贸市场电动车充电与疏散通道专项检查']],
        // 稠州中路商铺音响外放, blown later, still waits
        take: ['宾王路多家餐厅油烟扰民，反复投诉'],
      },
    ],
  },
  {
    alliance: 'LJJ',
    staff: 'ljj_staff',
    rootProject: '“社区+商圈”共建项目清单',
    meetings: [
      {
        title: '六角井社区第三季度“红色议事厅”联席会议',
        day: -40,
        hour: 15,
        place: '六角井社区红色议事厅',
        host: '六角井社区党委书记',
        attendees: '党员代表、居委会成员、商户代表、群众代表、外卖骑手代表（骑手议事会）、新蒲市场监管所、城管中队、林达阳光城购物中心',
        topics: [
          ['骑手停车难、充电难', '骑手议事会反映：送餐高峰商圈门口无处停车，电动车充电不便'],
          ['夜市摊点占道经营', '居民反映夜市摊点外摆堵塞消防通道'],
        ],
        minutes:
          '会议坚持“大事共议、实事共办、要事共决、急事共商”，听取骑手、商户、居民代表意见。议定：在林达阳光城外侧设置骑手临时停车点与充电驿站；夜市摊点划线定位、定时经营，由城管中队牵头、商户自治管理。',
        resolutions: [
          {
            text: '在林达阳光城外侧设置骑手临时停车点和充电驿站，年底前建成',
            projects: [{ unit: 'linda', title: '骑手临时停车点与充电驿站建设', due: 25 }],
          },
          {
            text: '夜市摊点划线定位、定时经营，商户轮值自治管理',
            projects: [{ unit: 'cg', title: '夜市摊点划线定位与定时经营', due: 12 }],
          },
        ],
      },
      {
        title: '六角井社区第四季度联席会议',
        day: 14,
        hour: 15,
        place: '六角井社区红色议事厅',
        host: '六角井社区党委书记',
        attendees: '党员代表、居委会成员、商户代表、群众代表、骑手代表',
        topics: [['商圈年货节筹备', '年货节期间交通疏导与摊位安排']],
        // 还房小区楼下广场舞音响太大 still waits
        take: ['商业楼盘KTV深夜噪音'],
      },
    ],
  },
  {
    alliance: 'QG',
    staff: 'qg_admin',
    rootProject: '永嘉国潮街区“港市红”项目清单',
    meetings: [
      {
        title: '永嘉国潮街区商圈党建联席会议',
        day: -30,
        hour: 19,
        place: '永嘉国潮街区“党建+”邻里中心',
        host: '永嘉国潮街区商圈党委书记',
        attendees: '社区“两委”、企业商户负责人、居民代表、山腰城管中队、山腰市场监管所、街区运营公司',
        topics: [
          ['油烟污染', '沿街餐饮油烟直排，居民反映强烈'],
          ['噪音扰民', '夜间外摆音响、喧哗影响居民休息'],
          ['占道经营', '流动摊点占道，卫生脏乱'],
        ],
        minutes:
          '商居混合带来卫生脏乱、油烟污染、噪音扰民、占道经营等问题。会议邀请社区“两委”、企业商户负责人、居民代表就相关问题沟通协商，形成《商居共建自治公约》，明确商家“门前三包”责任落实、流动摊点布局、市场秩序维护等事项。',
        resolutions: [
          {
            text: '制定《商居共建自治公约》，明确“门前三包”责任、流动摊点布局和市场秩序维护，全体商户签署',
            projects: [
              { unit: 'wy', title: '《商居共建自治公约》宣贯与签署', due: 20 },
              { unit: 'cg', title: '流动摊点集中布局', due: 30 },
            ],
          },
          {
            text: '沿街餐饮商户限期加装油烟净化设施，22 时后停止外摆音响',
            projects: [{ unit: 'cg', title: '餐饮油烟净化与夜间噪音整治', due: 25 }],
          },
        ],
      },
      {
        title: '永嘉国潮街区商圈联席会议（年末）',
        day: 7,
        hour: 19,
        place: '永嘉国潮街区“党建+”邻里中心',
        host: '永嘉国潮街区商圈党委书记',
        attendees: '社区“两委”、商户代表、居民代表、山腰城管中队',
        // its one 吹哨 case (美食街西段油烟扰民) still waits
        topics: [['《商居共建自治公约》执行情况回顾']],
      },
    ],
  },
];

/**
 * Documented SQL step (times only, like the tickets' ageing): the API stamps a held meeting, its topics, its resolutions
 * and their projects with the seeding moment, but the meeting was called a week before it met and held on its day.
 * The meeting is created a week before heldAt, its topics a minute apart after that, and updated (marked held) at its
 * end. Each resolution moves to the meeting's end (a minute apart, in the order they were recorded); its projects —
 * created with it and untouched since — move by the same amount: their 创建时间, 更新时间 and the 'create' event of
 * their history. The root project they were created under (seeded with the 三张清单, at the seeding moment) was drawn up
 * before the meeting was called: its 创建时间 and 'create' event move a day before the call, so the project list never
 * shows a child older than its parent. Its other events (the roll-up to 进行中 its seeded children's progress caused) and
 * its 更新时间 stay with those children, as demo.resources.seed.ts dated them. The audit log keeps the real times, so the audit chain
 * still verifies.
 */
async function dateHeldMeeting(deps: Deps, meetingId: string, heldAt: number, end: number, resolutions: string[], root: string | null): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const called = heldAt - 7 * DAY;
    await trx.updateTable('meetings').set({ created_at: called, updated_at: end }).where('id', '=', meetingId).execute();
    const topics = await trx.selectFrom('meeting_topics').select('id').where('meeting_id', '=', meetingId).orderBy('created_at').orderBy('id').execute();
    for (const [i, t] of topics.entries())
      await trx
        .updateTable('meeting_topics')
        .set({ created_at: called + (i + 1) * 60_000 })
        .where('id', '=', t.id)
        .execute();
    if (root) {
      const drawn = called - DAY;
      await trx.updateTable('projects').set({ created_at: drawn }).where('id', '=', root).where('created_at', '>', drawn).execute();
      await trx
        .updateTable('project_events')
        .set({ at: drawn })
        .where('project_id', '=', root)
        .where('action', '=', 'create')
        .where('at', '>', drawn)
        .execute();
    }
    for (const [i, id] of resolutions.entries()) {
      const at = end + i * 60_000;
      const r = await trx.selectFrom('resolutions').select('created_at').where('id', '=', id).executeTakeFirstOrThrow();
      const delta = at - Number(r.created_at);
      await trx.updateTable('resolutions').set({ created_at: at }).where('id', '=', id).execute();
      const made = await trx.selectFrom('projects').select(['id', 'created_at', 'updated_at']).where('resolution_id', '=', id).execute();
      for (const p of made) {
        await trx
          .updateTable('projects')
          .set({ created_at: Number(p.created_at) + delta, updated_at: Number(p.updated_at) + delta })
          .where('id', '=', p.id)
          .execute();
        const events = await trx.selectFrom('project_events').select(['id', 'at']).where('project_id', '=', p.id).where('action', '=', 'create').execute();
        for (const e of events)
          await trx
            .updateTable('project_events')
            .set({ at: Number(e.at) + delta })
            .where('id', '=', e.id)
            .execute();
      }
    }
  });
}

/** Seeds the joint meetings of one demo alliance; returns a line for the seed log. */
export async function seedDemoMeetings(app: FastifyInstance, deps: Deps, a: DemoAlliance, c: Created): Promise<string> {
  const data = MEETINGS.find((m) => m.alliance === a.code);
  if (!data) return `demo: ${a.code}: meetings — none`;
  const staff = await DemoApi.login(app, data.staff, DEMO_PASSWORD);
  await staff.call('POST', '/api/v1/auth/switch', { allianceId: c.allianceId });
  const now = deps.clock.now();
  // the meeting's day at the given hour, Asia/Shanghai (UTC+8, no summer time)
  const at = (day: number, hour: number) => Date.parse(`${shanghaiDate(now + day * DAY)}T00:00:00+08:00`) + hour * HOUR;
  const roots = await staff.call<{ items: Array<{ id: string; title: string; depth: number }> }>(
    'GET',
    `/api/v1/projects?q=${encodeURIComponent(data.rootProject)}&pageSize=20`,
  );
  const root = roots.items.find((p) => p.title === data.rootProject && p.depth === 0)?.id ?? null;
  let projects = 0;
  let taken = 0;
  for (const m of data.meetings) {
    const row = await staff.call('POST', '/api/v1/meetings', {
      title: m.title,
      heldAt: at(m.day, m.hour),
      place: m.place,
      host: m.host,
      attendees: m.attendees,
    });
    if (m.take) {
      const waiting = await staff.call<{ items: Array<{ id: string; ticketTitle: string }> }>('GET', '/api/v1/agenda-items?state=waiting&pageSize=50');
      const byTitle = new Map(waiting.items.map((i) => [i.ticketTitle, i.id]));
      for (const title of m.take) {
        await staff.call('POST', `/api/v1/meetings/${row.id}/agenda`, { agendaItemId: need(byTitle, title, 'waiting 吹哨 case') });
        taken++;
      }
    }
    for (const [title, description] of m.topics) await staff.call('POST', `/api/v1/meetings/${row.id}/topics`, { title, description: description ?? null });
    if (!m.minutes) continue;
    await staff.call('POST', `/api/v1/meetings/${row.id}/hold`, { minutes: m.minutes });
    const resolutions: string[] = [];
    for (const r of m.resolutions ?? []) {
      const rows = (r.projects ?? []).map((p) => ({
        parentId: root,
        title: p.title,
        description: p.description ?? `联席会议决议：${r.text}`,
        ownerUnitId: need(c.units, p.unit, 'unit'),
        // like every project of the 项目清单: someone of the owner unit answers for it
        responsiblePersonId: need(c.people, a.people.find((x) => x.unit === p.unit)?.key, 'person'),
        deadline: shanghaiDate(now + p.due * DAY),
      }));
      const d = await staff.call<{ resolutions: Array<{ id: string }> }>('POST', `/api/v1/meetings/${row.id}/resolutions`, { text: r.text, projects: rows });
      // the new one (not the last in the list: resolutions recorded in the same millisecond tie on their time)
      resolutions.push(d.resolutions.find((x) => !resolutions.includes(x.id))!.id);
      projects += rows.length;
    }
    await dateHeldMeeting(deps, row.id, at(m.day, m.hour), at(m.day, m.hour) + 2 * HOUR, resolutions, root);
  }
  await staff.call('POST', '/api/v1/auth/logout', {});
  return `demo: ${a.code}: ${data.meetings.length} joint meetings, ${projects} projects from resolutions, ${taken} 吹哨 case(s) taken onto the next agenda`;
}
