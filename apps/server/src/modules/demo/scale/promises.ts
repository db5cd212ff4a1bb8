/**
 * The 亮身份·亮职责·亮承诺 promises of generated shops, in the words the seeds' alliances post on their doors: a
 * party-member operator names their membership, everyone their shop and a duty of the 门前三包 / 诚信经营 kind, and a
 * pledge built from the usual clauses. The text is composed exactly as the credit module composes it (promiseText).
 */
import { promiseText } from '@tongxin/domain';
import type { Rand } from './rng.ts';

const DUTIES = [
  '带头诚信守法经营，落实门前三包，维护商圈环境卫生',
  '做好门前三包，文明经营，配合网格开展安全巡查',
  '守法经营、明码标价，主动接受联盟和群众监督',
  '落实食品安全主体责任，保持店内外整洁有序',
  '参与商圈志愿服务，及时报告身边的安全隐患',
  '带动周边商户共创诚信示范街区',
];
const PLEDGES = [
  '明码标价、童叟无欺',
  '不占道经营、不乱堆乱放',
  '不缺斤短两、不以次充好',
  '七天无理由退换，投诉当日响应',
  '垃圾分类投放，油烟噪音不扰民',
  '文明用语、热情服务',
  '不售假冒伪劣商品',
  '消防通道不堆物，电动车不进店充电',
];

/** A promise for a shop, or its three parts and the composed text. */
export function promiseOf(rand: Rand, shop: string, operator: string, partyMember: boolean): { identity: string; duty: string; pledge: string; text: string } {
  const identity = partyMember ? `中共党员 ${operator}，${shop}经营者` : `${shop}经营者 ${operator}`;
  const duty = DUTIES[Math.floor(rand() * DUTIES.length)] as string;
  const picked = new Set<string>();
  const n = 2 + Math.floor(rand() * 3);
  while (picked.size < n) picked.add(PLEDGES[Math.floor(rand() * PLEDGES.length)] as string);
  const pledge = `${[...picked].join('，')}，自觉接受群众监督`;
  return { identity, duty, pledge, text: promiseText({ identity, duty, pledge }) };
}
