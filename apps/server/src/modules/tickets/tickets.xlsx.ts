import {
  TICKET_KIND_LABELS,
  TICKET_KIND_LABELS_EN,
  TICKET_STATUS_LABELS,
  TICKET_STATUS_LABELS_EN,
  type Ticket,
  type TicketKind,
  type TicketStatus,
} from '@tongxin/domain';
import type { PageLang } from '../../lib/pageLang.ts';
import { addStreamSheet, streamWorkbook } from '../../lib/workbook.ts';

const SHANGHAI = 8 * 3_600_000;
/** 'YYYY-MM-DD HH:mm' in Asia/Shanghai, as the console shows times; empty for none. */
const when = (ms: number | null) => (ms === null ? '' : new Date(ms + SHANGHAI).toISOString().slice(0, 16).replace('T', ' '));

type ColumnKey =
  | 'number'
  | 'kind'
  | 'category'
  | 'title'
  | 'description'
  | 'grid'
  | 'address'
  | 'merchant'
  | 'urgent'
  | 'reporter'
  | 'reporterPhone'
  | 'leadUnit'
  | 'assistUnits'
  | 'responsible'
  | 'status'
  | 'overdue'
  | 'createdAt'
  | 'dispatchedAt'
  | 'acceptedAt'
  | 'dueAt'
  | 'resolvedAt'
  | 'closedAt'
  | 'stars'
  | 'solved'
  | 'ratedBy'
  | 'comment';

/** Everything the export writes in words, in the language the console asked for (Chinese by default). */
interface ExportText {
  file: string;
  sheet: string;
  notesSheet: string;
  headers: Record<ColumnKey, string>;
  kind: Record<TicketKind, string>;
  status: Record<TicketStatus, string>;
  yes: string;
  anonymous: string;
  overdue: string;
  solved: string;
  unsolved: string;
  byCallback: string;
  byReporter: string;
  listSep: string;
  summary: (exportedAt: string, total: number, capped: boolean, written: number) => string;
  cut: (written: number) => string;
  masked: string;
}

export const TICKET_EXPORT_TEXT: Record<PageLang, ExportText> = {
  zh: {
    file: '工单.xlsx',
    sheet: '工单',
    notesSheet: '说明',
    headers: {
      number: '工单编号',
      kind: '类型',
      category: '事项分类',
      title: '标题',
      description: '问题描述',
      grid: '所在网格',
      address: '地址',
      merchant: '商户',
      urgent: '紧急',
      reporter: '反映人',
      reporterPhone: '反映人电话',
      leadUnit: '承办单位',
      assistUnits: '协办单位',
      responsible: '责任人',
      status: '状态',
      overdue: '是否超期',
      createdAt: '反映时间',
      dispatchedAt: '派单时间',
      acceptedAt: '接单时间',
      dueAt: '办结时限',
      resolvedAt: '反馈时间',
      closedAt: '办结时间',
      stars: '评价星级',
      solved: '是否解决',
      ratedBy: '评价方式',
      comment: '评价意见',
    },
    kind: TICKET_KIND_LABELS,
    status: TICKET_STATUS_LABELS,
    yes: '是',
    anonymous: '匿名',
    overdue: '已超期',
    solved: '已解决',
    unsolved: '未解决',
    byCallback: '回访',
    byReporter: '本人评价',
    listSep: '、',
    summary: (at, total, capped, written) =>
      `导出时间：${at}（北京时间）；${capped ? `超过 ${total} 条` : `共 ${total} 条`}符合筛选条件，本文件含 ${written} 条（按反映时间从新到旧）。`,
    cut: (written) => `一次最多导出 ${written} 条：请缩小筛选范围（如按月份、分类或网格）分次导出。`,
    masked: '反映人电话、描述中的手机号和身份证号已按个人信息保护要求脱敏。',
  },
  en: {
    file: 'Tickets.xlsx',
    sheet: 'Tickets',
    notesSheet: 'Notes',
    headers: {
      number: 'Number',
      kind: 'Type',
      category: 'Category',
      title: 'Title',
      description: 'Description',
      grid: 'Grid',
      address: 'Address',
      merchant: 'Merchant',
      urgent: 'Urgent',
      reporter: 'Reporter',
      reporterPhone: 'Reporter phone',
      leadUnit: 'Lead unit',
      assistUnits: 'Assisting units',
      responsible: 'Responsible person',
      status: 'Status',
      overdue: 'Overdue',
      createdAt: 'Reported at',
      dispatchedAt: 'Dispatched at',
      acceptedAt: 'Accepted at',
      dueAt: 'Deadline',
      resolvedAt: 'Resolved at',
      closedAt: 'Closed at',
      stars: 'Rating (stars)',
      solved: 'Solved',
      ratedBy: 'Rated by',
      comment: 'Rating comment',
    },
    kind: TICKET_KIND_LABELS_EN,
    status: TICKET_STATUS_LABELS_EN,
    yes: 'Yes',
    anonymous: 'Anonymous',
    overdue: 'Overdue',
    solved: 'Solved',
    unsolved: 'Not solved',
    byCallback: 'Call-back',
    byReporter: 'Reporter',
    listSep: ', ',
    summary: (at, total, capped, written) =>
      `Exported at ${at} (Beijing time); ${capped ? `more than ${total} tickets match` : total === 1 ? '1 ticket matches' : `${total} tickets match`} the filters, this file holds ${written} (newest report first).`,
    cut: (written) => `At most ${written} tickets are exported at once: narrow the filters (e.g. by month, category or grid) and export in parts.`,
    masked: "The reporters' phone numbers and the phone and ID numbers in descriptions are masked, as personal-information protection requires.",
  },
};

/** [header, width, value]: one column of the export. */
const COLUMNS: Array<[ColumnKey, number, (t: Ticket, x: ExportText) => string | number]> = [
  ['number', 20, (t) => t.number],
  ['kind', 10, (t, x) => x.kind[t.kind]],
  ['category', 12, (t) => t.categoryName],
  ['title', 28, (t) => t.title],
  ['description', 48, (t) => t.description],
  ['grid', 22, (t) => t.gridName ?? ''],
  ['address', 28, (t) => t.address ?? ''],
  ['merchant', 18, (t) => t.merchantName ?? ''],
  ['urgent', 6, (t, x) => (t.urgent ? x.yes : '')],
  ['reporter', 10, (t, x) => (t.anonymous ? x.anonymous : (t.reporterName ?? ''))],
  ['reporterPhone', 14, (t) => t.reporterPhone ?? ''], // masked
  ['leadUnit', 28, (t) => t.leadUnitName ?? ''],
  ['assistUnits', 28, (t, x) => t.assistUnitNames.join(x.listSep)],
  ['responsible', 10, (t) => t.responsiblePersonName ?? ''],
  ['status', 8, (t, x) => x.status[t.status]],
  ['overdue', 8, (t, x) => (t.overdue ? x.overdue : '')],
  ['createdAt', 17, (t) => when(t.createdAt)],
  ['dispatchedAt', 17, (t) => when(t.dispatchedAt)],
  ['acceptedAt', 17, (t) => when(t.acceptedAt)],
  ['dueAt', 17, (t) => when(t.dueAt)],
  ['resolvedAt', 17, (t) => when(t.resolvedAt)],
  ['closedAt', 17, (t) => when(t.closedAt)],
  ['stars', 8, (t) => t.rating?.stars ?? ''],
  ['solved', 8, (t, x) => (t.rating ? (t.rating.solved ? x.solved : x.unsolved) : '')],
  ['ratedBy', 8, (t, x) => (t.rating ? (t.rating.byCallback ? x.byCallback : x.byReporter) : '')],
  ['comment', 28, (t) => t.rating?.comment ?? ''],
];

/** Columns written as text (numbers that must not turn into figures): the ticket number and the phone. */
const TEXT_COLUMNS = new Set<ColumnKey>(['number', 'reporterPhone']);

/**
 * The ticket list as a workbook, written row by row as the pages come (memory stays one page of rows); one row per
 * ticket, numbers and phones as text, and a notes sheet (说明) with the count and whether the list was cut. Sheet names,
 * headers, labels and notes are in `lang`; the data (names, descriptions) stays as stored.
 */
export async function writeTicketExport(
  pages: AsyncIterable<Ticket[]>,
  matched: { total: number; capped: boolean },
  exportedAt: number,
  lang: PageLang = 'zh',
): Promise<Buffer> {
  const x = TICKET_EXPORT_TEXT[lang];
  return streamWorkbook(async (wb) => {
    const ws = addStreamSheet(
      wb,
      x.sheet,
      COLUMNS.map(([key, width]) => ({ header: x.headers[key], width, text: TEXT_COLUMNS.has(key) })),
    );
    let written = 0;
    for await (const page of pages) {
      for (const t of page) ws.addRow(COLUMNS.map(([, , value]) => value(t, x))).commit();
      written += page.length;
    }
    ws.commit();
    const notes = wb.addWorksheet(x.notesSheet);
    notes.columns = [{ width: 90 }];
    notes.addRow([x.summary(when(exportedAt), matched.total, matched.capped, written)]).commit();
    if (matched.capped || written < matched.total) notes.addRow([x.cut(written)]).commit();
    notes.addRow([x.masked]).commit();
    notes.commit();
  });
}
