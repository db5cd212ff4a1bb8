/** Case texts by category, in the words of the seeds' 随手拍 and 投诉; search tokens are cached per distinct text. */
import { ticketTokens } from '../../tickets/index.ts';
import { pick, type Rand } from './rng.ts';

// {r}: a road of the alliance's city, {s}: a shop (the merchant's name when the case concerns one)
const TEXTS: Record<string, string[]> = {
  SRHJ: ['{r}沿街店招破损，存在坠落风险，请尽快处理。', '{r}绿化带内堆放建筑垃圾，影响市容。', '{r}人行道地砖松动破损，行人容易绊倒。'],
  XCGG: ['{r}有人乱贴小广告，电线杆和墙面上到处都是。', '{s}门口违规摆放落地广告牌，占用人行道。', '{r}楼顶广告牌灯箱不亮且有松动。'],
  SGGL: ['{r}夜间施工噪音很大，超过晚上十点还在作业。', '{r}施工围挡倒塌，渣土洒落路面。', '{r}工地车辆带泥上路，路面污染严重。'],
  TFSJ: ['{r}路口井盖缺失，非常危险，请立即处置。', '{r}一棵行道树被风吹倒，压住了电动车。', '{r}地下管道爆裂，路面大面积积水。'],
  JMZX: ['{r}流动摊贩聚集，晚上堵塞通道。', '{r}共享单车乱停乱放，占用盲道。', '{r}夜市散场后桌椅不收，占用消防通道。'],
  HJWS: ['{r}垃圾桶满溢未及时清运，气味很大。', '{s}后门餐厨垃圾乱倒，污水横流。', '{r}公厕卫生差，没有人打扫。'],
  XFYH: ['{s}店内电动车违规充电，飞线拉到门外。', '{r}消防通道被杂物堵塞，消防车进不来。', '{s}灭火器过期，安全出口指示灯不亮。'],
  TCGL: ['{r}机动车长期占用非机动车道停放。', '{r}路边僵尸车停放半年没人管。', '{s}门口车辆乱停，影响顾客进出。'],
  YY: ['{s}油烟直排，影响楼上居民生活，多次沟通无果。', '{s}油烟净化器不开，整条街都是油烟味。', '{r}烧烤摊油烟很大，熏得窗户都不敢开。'],
  ZY: ['{s}音响外放声音太大，晚上十一点还在放。', '{r}广场舞音乐声音过大，影响休息。', '{s}招揽顾客用喇叭循环播放，噪音扰民。'],
  ZDJY: ['{s}店门前占道经营，货物摆到了人行道上。', '{r}水果摊占道经营，行人只能走机动车道。', '{s}出店经营，桌椅摆到店外。'],
  XFJF: ['在{s}购买的商品有质量问题，商家拒绝退换。', '{s}办理的预付卡无法使用，商家联系不上。', '{s}价格标示不清，结账时多收费。'],
  SDQ: ['{r}整条街停电，商户无法营业。', '{r}自来水水压很低，二楼以上没水。', '{r}燃气管道有异味，担心泄漏。'],
  SHFW: ['{s}希望办理营业执照变更，咨询需要哪些材料。', '商户希望联盟组织一次直播带货培训。', '{s}申请小额创业担保贷款，想了解政策。'],
  WXY: ['独居老人希望有志愿者帮忙更换家里的灯泡。', '留守儿童希望得到一套课外读物。', '环卫工人希望夏天有个地方喝口凉茶。'],
};
const FALLBACK = ['{r}发现问题，请相关部门尽快处理。'];

const cache = new Map<string, string>();

/** A case text for the category, filled with a road and a shop name. */
export function caseText(rand: Rand, categoryCode: string, road: string, shop: string): string {
  return pick(rand, TEXTS[categoryCode] ?? FALLBACK)
    .replace('{r}', road)
    .replace('{s}', shop);
}

/** The ticket's search tokens, space-separated (the jieba result of a text is computed once per distinct text). */
export function searchTokens(title: string, description: string): string {
  const key = `${title}\u0000${description}`;
  let t = cache.get(key);
  if (t === undefined) {
    t = ticketTokens(title, description).join(' ');
    if (cache.size > 200_000) cache.clear();
    cache.set(key, t);
  }
  return t;
}
