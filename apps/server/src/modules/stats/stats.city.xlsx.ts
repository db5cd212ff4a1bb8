import type { CityAlliance, CityFigures, CityOverview } from '@tongxin/domain';
import type { PageLang } from '../../lib/pageLang.ts';
import { newWorkbook, styleHeader, toBuffer } from '../../lib/workbook.ts';

// Loaded lazily (stats.city.export.ts): exceljs costs ~10 MB of memory.

type ColumnKey =
  | 'name'
  | 'code'
  | 'status'
  | 'reported'
  | 'open'
  | 'overdue'
  | 'responseRate'
  | 'acceptedOnTime'
  | 'responseDue'
  | 'resolutionRate'
  | 'ratedSolved'
  | 'rated'
  | 'satisfactionRate'
  | 'ratedSatisfied'
  | 'satisfiedStars'
  | 'merchants'
  | 'stars5'
  | 'stars4'
  | 'stars3'
  | 'stars2'
  | 'stars1'
  | 'stars0';

/** The export's words in the console's language (Chinese by default). */
interface CityText {
  file: (month: string) => string;
  sheet: string;
  headers: Record<ColumnKey, string>;
  active: string;
  disabled: string;
  total: string;
  note: (month: string, at: string) => string;
}

const TEXT: Record<PageLang, CityText> = {
  zh: {
    file: (m) => `全市总览-${m}.xlsx`,
    sheet: '全市总览',
    headers: {
      name: '联盟',
      code: '代码',
      status: '状态',
      reported: '本月受理',
      open: '在办',
      overdue: '当前超期',
      responseRate: '响应率',
      acceptedOnTime: '按时接单',
      responseDue: '应接单',
      resolutionRate: '解决率',
      ratedSolved: '评价已解决',
      rated: '已评价',
      satisfactionRate: '满意率',
      ratedSatisfied: '满意',
      satisfiedStars: '满意标准（星）',
      merchants: '在营商户',
      stars5: '五星',
      stars4: '四星',
      stars3: '三星',
      stars2: '二星',
      stars1: '一星',
      stars0: '未评星',
    },
    active: '启用',
    disabled: '停用',
    total: '全市合计',
    note: (m, at) =>
      `${m} 月（北京时间）受理的工单的三率，各联盟按本联盟的口径计算；全市合计由各联盟的分子、分母相加后计算，不是各联盟比率的平均。在办、超期和商户为导出时（${at}）的数字。`,
  },
  en: {
    file: (m) => `City overview ${m}.xlsx`,
    sheet: 'City overview',
    headers: {
      name: 'Alliance',
      code: 'Code',
      status: 'Status',
      reported: 'Reported this month',
      open: 'Open',
      overdue: 'Overdue now',
      responseRate: 'Response rate',
      acceptedOnTime: 'Accepted on time',
      responseDue: 'Due a response',
      resolutionRate: 'Resolution rate',
      ratedSolved: 'Rated solved',
      rated: 'Rated',
      satisfactionRate: 'Satisfaction rate',
      ratedSatisfied: 'Satisfied',
      satisfiedStars: 'Satisfied from (stars)',
      merchants: 'Merchants in business',
      stars5: '5 stars',
      stars4: '4 stars',
      stars3: '3 stars',
      stars2: '2 stars',
      stars1: '1 star',
      stars0: 'Not rated',
    },
    active: 'Active',
    disabled: 'Disabled',
    total: 'City total',
    note: (m, at) =>
      `The rates are those of the cases reported in ${m} (Beijing time), each alliance's by its own settings; the city total is computed from the alliances' summed numerators and denominators, not as an average of their rates. Open, overdue and merchants are as at ${at}.`,
  },
};

const WIDTHS: Partial<Record<ColumnKey, number>> = { name: 28, code: 10, satisfiedStars: 16, merchants: 14 };
const RATES: readonly ColumnKey[] = ['responseRate', 'resolutionRate', 'satisfactionRate'];
const SHANGHAI = 8 * 3_600_000;

/** The file name of a month's export in `lang`. */
export const cityFileName = (month: string, lang: PageLang): string => TEXT[lang].file(month);

/** The cells of one row (an alliance, or the city's total with no code, status or settings). */
function cells(f: CityFigures, head: { name: string; code: string; status: string; satisfiedStars: number | null }): Record<ColumnKey, string | number | null> {
  const star = (s: number) => f.credit.stars.find((x) => x.stars === s)?.count ?? 0;
  const r = f.rates;
  return {
    ...head,
    reported: f.reported,
    open: f.open,
    overdue: f.overdue,
    responseRate: r.responseRate,
    acceptedOnTime: r.acceptedOnTime,
    responseDue: r.responseDue,
    resolutionRate: r.resolutionRate,
    ratedSolved: r.ratedSolved,
    rated: r.rated,
    satisfactionRate: r.satisfactionRate,
    ratedSatisfied: r.ratedSatisfied,
    merchants: f.credit.operating,
    stars5: star(5),
    stars4: star(4),
    stars3: star(3),
    stars2: star(2),
    stars1: star(1),
    stars0: star(0),
  };
}

/** The city overview's table as a workbook in `lang`: one row per alliance, the city total, and a note on the rates. */
export async function writeCityOverview(o: CityOverview, lang: PageLang): Promise<Buffer> {
  const t = TEXT[lang];
  const keys = Object.keys(t.headers) as ColumnKey[];
  const wb = newWorkbook();
  const ws = wb.addWorksheet(t.sheet);
  styleHeader(
    ws,
    keys.map((k) => t.headers[k]),
  );
  keys.forEach((k, i) => {
    const col = ws.getColumn(i + 1);
    col.width = WIDTHS[k] ?? 12;
    if (RATES.includes(k)) col.numFmt = '0.0%';
  });
  const add = (values: Record<ColumnKey, string | number | null>) => ws.addRow(keys.map((k) => values[k] ?? '—'));
  for (const a of o.alliances as CityAlliance[])
    add(cells(a, { name: a.name, code: a.code, status: a.status === 'active' ? t.active : t.disabled, satisfiedStars: a.settings.satisfiedStars }));
  const total = add(cells(o.total, { name: t.total, code: '', status: '', satisfiedStars: null }));
  total.font = { bold: true };
  ws.addRow([]);
  ws.addRow([t.note(o.month, new Date(o.generatedAt + SHANGHAI).toISOString().slice(0, 16).replace('T', ' '))]);
  return toBuffer(wb);
}
