import { TICKET_KIND_LABELS, TICKET_STATUS_LABELS, type Ticket } from '@tongxin/domain';
import { addStreamSheet, streamWorkbook } from '../../lib/workbook.ts';

const SHANGHAI = 8 * 3_600_000;
/** 'YYYY-MM-DD HH:mm' in Asia/Shanghai, as the console shows times; empty for none. */
const when = (ms: number | null) => (ms === null ? '' : new Date(ms + SHANGHAI).toISOString().slice(0, 16).replace('T', ' '));

/** [header, width, value]: one column of the export. */
const COLUMNS: Array<[string, number, (t: Ticket) => string | number]> = [
  ['工单编号', 20, (t) => t.number],
  ['类型', 10, (t) => TICKET_KIND_LABELS[t.kind]],
  ['事项分类', 12, (t) => t.categoryName],
  ['标题', 28, (t) => t.title],
  ['问题描述', 48, (t) => t.description],
  ['所在网格', 22, (t) => t.gridName ?? ''],
  ['地址', 28, (t) => t.address ?? ''],
  ['商户', 18, (t) => t.merchantName ?? ''],
  ['紧急', 6, (t) => (t.urgent ? '是' : '')],
  ['反映人', 10, (t) => (t.anonymous ? '匿名' : (t.reporterName ?? ''))],
  ['反映人电话', 14, (t) => t.reporterPhone ?? ''], // masked
  ['承办单位', 28, (t) => t.leadUnitName ?? ''],
  ['协办单位', 28, (t) => t.assistUnitNames.join('、')],
  ['责任人', 10, (t) => t.responsiblePersonName ?? ''],
  ['状态', 8, (t) => TICKET_STATUS_LABELS[t.status]],
  ['是否超期', 8, (t) => (t.overdue ? '已超期' : '')],
  ['反映时间', 17, (t) => when(t.createdAt)],
  ['派单时间', 17, (t) => when(t.dispatchedAt)],
  ['接单时间', 17, (t) => when(t.acceptedAt)],
  ['办结时限', 17, (t) => when(t.dueAt)],
  ['反馈时间', 17, (t) => when(t.resolvedAt)],
  ['办结时间', 17, (t) => when(t.closedAt)],
  ['评价星级', 8, (t) => t.rating?.stars ?? ''],
  ['是否解决', 8, (t) => (t.rating ? (t.rating.solved ? '已解决' : '未解决') : '')],
  ['评价方式', 8, (t) => (t.rating ? (t.rating.byCallback ? '回访' : '本人评价') : '')],
  ['评价意见', 28, (t) => t.rating?.comment ?? ''],
];

/**
 * The ticket list as a workbook, written row by row as the pages come (memory stays one page of rows); one row per
 * ticket, numbers and phones as text, and a 说明 sheet with the count and whether the list was cut.
 */
export async function writeTicketExport(pages: AsyncIterable<Ticket[]>, matched: { total: number; capped: boolean }, exportedAt: number): Promise<Buffer> {
  return streamWorkbook(async (wb) => {
    const ws = addStreamSheet(
      wb,
      '工单',
      COLUMNS.map(([header, width], i) => ({ header, width, text: i === 0 || i === 10 })),
    );
    let written = 0;
    for await (const page of pages) {
      for (const t of page) ws.addRow(COLUMNS.map(([, , value]) => value(t))).commit();
      written += page.length;
    }
    ws.commit();
    const notes = wb.addWorksheet('说明');
    notes.columns = [{ width: 90 }];
    const count = matched.capped ? `超过 ${matched.total} 条` : `共 ${matched.total} 条`;
    notes.addRow([`导出时间：${when(exportedAt)}（北京时间）；${count}符合筛选条件，本文件含 ${written} 条（按反映时间从新到旧）。`]).commit();
    if (matched.capped || written < matched.total) notes.addRow([`一次最多导出 ${written} 条：请缩小筛选范围（如按月份、分类或网格）分次导出。`]).commit();
    notes.addRow(['反映人电话、描述中的手机号和身份证号已按个人信息保护要求脱敏。']).commit();
    notes.commit();
  });
}
