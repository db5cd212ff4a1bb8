/**
 * Ranking of resources for a need ticket (docs/RESOURCES.md "Matching"). Pure: no I/O.
 *
 *   score = 0.50 · category + 0.35 · text + 0.15 · distance        (each part in [0, 1])
 *
 * category: how strongly the need points at the resource's category. Each category has a keyword list (below);
 *   hits(k) = keywords of k found in the ticket's title, description and category name, plus one for the ticket
 *   category's hint (e.g. 消费纠纷 → legal_aid). category = hits(resource's category) / max over k of hits(k), 0 without hits.
 * text: IDF-weighted share of the ticket's jieba tokens that the resource also holds (its title, description,
 *   availability and its category's label): Σ idf(t) over shared tokens / Σ idf(t) over the ticket's tokens,
 *   idf(t) = ln(1 + N / (1 + df(t))) over the N candidate resources — a word every resource holds counts little.
 * distance: exp(−d / 2000 m), d the haversine distance between WGS-84 points; 0 when either point is missing.
 */
import { distanceMeters, type ResourceCategory } from '@tongxin/domain';

/** Words (matched as substrings) that show a need for each resource category. Generic words such as 咨询 or 服务 are left out on purpose. */
export const CATEGORY_KEYWORDS: Record<ResourceCategory, readonly string[]> = {
  venue: ['场地', '场所', '活动室', '阵地', '中庭', '广场', '借用', '办活动', '摆摊'],
  meeting_room: ['会议室', '开会', '会场', '议事', '座谈'],
  legal_aid: ['法律', '律师', '法援', '合同', '维权', '纠纷', '官司', '诉讼', '仲裁', '起诉', '商标', '侵权', '知识产权', '劳动争议', '欠薪', '讨薪', '赔偿'],
  finance: ['贷款', '融资', '资金', '银行', '信贷', '金融', '周转', '收款码', '支付', '反诈', '诈骗', '开户', '利率'],
  training: ['培训', '课程', '讲座', '技能', '直播', '电商', '急救', '考证', '学习'],
  volunteer: ['志愿', '帮忙', '代办', '代跑', '帮扶', '助老', '敬老', '看护', '搬运', '义工'],
  medical: ['义诊', '医生', '看病', '体检', '健康', '血压', '医疗', '问诊', '药品', '身体不适'],
  policy: ['政策', '税', '发票', '营业执照', '执照', '证照', '办证', '补贴', '申报', '社保', '减免'],
  convenience: ['充电', '饮水', '喝水', '维修', '休息', '歇脚', '厕所', '雨伞', '打气', '热饭'],
  culture: ['演出', '电影', '阅读', '书吧', '市集', '文艺', '文体', '亲子', '夏令营', '联谊'],
  employment: ['招聘', '招工', '用工', '求职', '就业', '岗位', '缺人', '招人', '员工'],
  foreign: ['外籍', '外商', '翻译', '签证', '居留', '涉外', '外国', '英语', '阿拉伯语'],
  other: [],
};

/** Chinese labels of the categories, part of each resource's text (the web shows its own locale's labels). */
export const CATEGORY_LABELS: Record<ResourceCategory, string> = {
  venue: '场地',
  meeting_room: '免费会议室',
  legal_aid: '法律援助',
  finance: '金融服务',
  training: '培训',
  volunteer: '志愿服务',
  medical: '义诊',
  policy: '政策咨询',
  convenience: '便民服务',
  culture: '文体活动',
  employment: '招聘就业',
  foreign: '涉外服务',
  other: '其他',
};

/** Hints from the default ticket categories (codes seeded in every alliance) to the resource category they need. */
const TICKET_CATEGORY_HINTS: Record<string, ResourceCategory> = {
  XFJF: 'legal_aid', // 消费纠纷
  XFYH: 'training', // 消防隐患: 消防培训
  WXY: 'volunteer', // 微心愿
};

export const WEIGHTS = { category: 0.5, text: 0.35, distance: 0.15 } as const;
export const DISTANCE_SCALE_M = 2000;

export interface NeedInput {
  text: string;
  tokens: string[];
  categoryCode: string | null;
  point: { lng: number; lat: number } | null;
}

export interface Candidate {
  id: string;
  category: ResourceCategory;
  tokens: string[];
  point: { lng: number; lat: number } | null;
}

export interface Ranked {
  id: string;
  score: number;
  categoryScore: number;
  textScore: number;
  distanceScore: number;
  distance: number | null;
  matchedTokens: string[];
}

/** Keyword hits per resource category for a need's text and ticket category. */
export function categoryHits(text: string, categoryCode: string | null): Map<ResourceCategory, number> {
  const hits = new Map<ResourceCategory, number>();
  for (const [k, words] of Object.entries(CATEGORY_KEYWORDS) as [ResourceCategory, readonly string[]][]) {
    const n = words.filter((w) => text.includes(w)).length;
    if (n) hits.set(k, n);
  }
  const hint = categoryCode ? TICKET_CATEGORY_HINTS[categoryCode] : undefined;
  if (hint) hits.set(hint, (hits.get(hint) ?? 0) + 1);
  return hits;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** Scores every candidate for the need and sorts them best first (ties: text, then id for a stable order). */
export function rankResources(need: NeedInput, candidates: Candidate[]): Ranked[] {
  const hits = categoryHits(need.text, need.categoryCode);
  const maxHits = Math.max(0, ...hits.values());
  const sets = candidates.map((c) => new Set(c.tokens));
  const n = candidates.length;
  const idf = new Map<string, number>();
  for (const t of need.tokens) {
    const df = sets.reduce((sum, s) => sum + (s.has(t) ? 1 : 0), 0);
    idf.set(t, Math.log(1 + n / (1 + df)));
  }
  const total = [...idf.values()].reduce((x, y) => x + y, 0);
  const out = candidates.map((c, i) => {
    const set = sets[i] as Set<string>;
    const matched = need.tokens.filter((t) => set.has(t));
    const textScore = total > 0 ? matched.reduce((sum, t) => sum + (idf.get(t) ?? 0), 0) / total : 0;
    const categoryScore = maxHits > 0 ? (hits.get(c.category) ?? 0) / maxHits : 0;
    const distance = need.point && c.point ? distanceMeters(need.point, c.point) : null;
    const distanceScore = distance === null ? 0 : Math.exp(-distance / DISTANCE_SCALE_M);
    const score = WEIGHTS.category * categoryScore + WEIGHTS.text * textScore + WEIGHTS.distance * distanceScore;
    return {
      id: c.id,
      score: round(score),
      categoryScore: round(categoryScore),
      textScore: round(textScore),
      distanceScore: round(distanceScore),
      distance: distance === null ? null : Math.round(distance),
      matchedTokens: matched,
    };
  });
  return out.sort((x, y) => y.score - x.score || y.textScore - x.textScore || (x.id < y.id ? -1 : 1));
}
