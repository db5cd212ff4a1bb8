import { TICKET_STATUS_LABELS, TICKET_STATUS_LABELS_EN, maskFreeText, type TicketDetail } from '@tongxin/domain';
import { html, page, type SafeHtml } from '../../lib/html.ts';
import { HTML_LANG, type PageLang } from '../../lib/pageLang.ts';

/** The status names of the tracking page (the domain's, shared with the Excel export). */
export const STATUS_ZH: Record<string, string> = TICKET_STATUS_LABELS;

/** The same in English (the H5 app's en-US names). */
export const STATUS_EN: Record<string, string> = TICKET_STATUS_LABELS_EN;

export const ACTION_ZH: Record<string, string> = {
  create: '提交诉求',
  dispatch: '派单',
  accept: '接单',
  return: '退单',
  resolve: '办理反馈',
  rate: '评价',
  callback: '回访',
  close_unrated: '超期未评价，自动办结',
  escalate: '吹哨上报',
  cancel: '撤销',
  merge: '合并',
  request_extension: '申请延期',
  decide_extension: '延期审批',
  urge: '催办',
  comment: '备注',
  reopen: '重新办理',
  close: '办结',
  sla_warning: '即将超时提醒',
  overdue: '已超时',
  verdict: '投诉核定',
  verdict_overturned: '投诉核定改判',
  merged_in: '合并重复诉求',
};

export const ACTION_EN: Record<string, string> = {
  create: 'Report submitted',
  dispatch: 'Dispatched',
  accept: 'Accepted',
  return: 'Returned',
  resolve: 'Resolved with feedback',
  rate: 'Rated',
  callback: 'Follow-up call',
  close_unrated: 'Not rated in time, closed automatically',
  escalate: 'Escalated',
  cancel: 'Cancelled',
  merge: 'Merged',
  request_extension: 'Extension requested',
  decide_extension: 'Extension decided',
  urge: 'Urged',
  comment: 'Note',
  reopen: 'Reopened',
  close: 'Closed',
  sla_warning: 'Deadline approaching',
  overdue: 'Overdue',
  verdict: 'Complaint verdict',
  verdict_overturned: 'Complaint verdict overturned',
  merged_in: 'Duplicate report merged in',
};

/** Every UI string of the tracking page and its form, one table per language (user data is shown as stored). */
export interface TrackingText {
  status: Record<string, string>;
  action: Record<string, string>;
  /** the fallback name of an action not in `action` */
  otherAction: string;
  upheld: string;
  rejected: string;
  title: string;
  footer: string;
  photo: string;
  rateTitle: string;
  stars: string;
  solvedQuestion: string;
  solved: string;
  unsolved: string;
  comment: string;
  submitRating: string;
  rating: string;
  number: string;
  category: string;
  status_: string;
  mergedInto: string;
  createdAt: string;
  leadUnit: string;
  address: string;
  mergedNote: (number: string) => string;
  progress: string;
  notFoundTitle: string;
  notFound: string;
  photoNotFound: string;
  rated: string;
  rateInvalid: string;
  rateRefused: string;
}

export const TRACKING_TEXT: Record<PageLang, TrackingText> = {
  zh: {
    status: STATUS_ZH,
    action: ACTION_ZH,
    otherAction: '处理',
    upheld: '：属实',
    rejected: '：不属实',
    title: '工单进度',
    footer: '同心 · 商圈党建联盟',
    photo: '照片',
    rateTitle: '评价办理结果',
    stars: '满意度',
    solvedQuestion: '问题是否解决',
    solved: '已解决',
    unsolved: '未解决',
    comment: '留言（选填）',
    submitRating: '提交评价',
    rating: '评价',
    number: '工单编号',
    category: '问题类别',
    status_: '当前状态',
    mergedInto: '合并办理',
    createdAt: '提交时间',
    leadUnit: '承办单位',
    address: '地点',
    mergedNote: (n) => `您反映的问题与工单 ${n} 是同一件事，已合并办理，进度以该工单为准。`,
    progress: '办理进度',
    notFoundTitle: '未找到',
    notFound: '未找到该工单，请核对链接是否完整。',
    photoNotFound: '未找到该照片。',
    rated: '感谢您的评价！',
    rateInvalid: '请选择满意度和是否解决后再提交。',
    rateRefused: '当前状态不能评价，请刷新页面。',
  },
  en: {
    status: STATUS_EN,
    action: ACTION_EN,
    otherAction: 'Handled',
    upheld: ': upheld',
    rejected: ': not upheld',
    title: 'Report progress',
    footer: 'Tongxin · Business District Party-Building Alliance',
    photo: 'Photo',
    rateTitle: 'Rate the handling',
    stars: 'Satisfaction',
    solvedQuestion: 'Was the problem solved?',
    solved: 'Solved',
    unsolved: 'Not solved',
    comment: 'Comment (optional)',
    submitRating: 'Submit rating',
    rating: 'Rating',
    number: 'Number',
    category: 'Category',
    status_: 'Status',
    mergedInto: 'Merged into',
    createdAt: 'Submitted',
    leadUnit: 'Handled by',
    address: 'Location',
    mergedNote: (n) => `Your report concerns the same matter as ticket ${n}; they are handled together, follow that ticket for progress.`,
    progress: 'Progress',
    notFoundTitle: 'Not found',
    notFound: 'This report was not found. Please check that the link is complete.',
    photoNotFound: 'This photo was not found.',
    rated: 'Thank you for your rating!',
    rateInvalid: 'Please choose a satisfaction level and whether the problem was solved, then submit again.',
    rateRefused: 'The report cannot be rated in its current state. Please reload the page.',
  },
};

/** The outcome a complaint verdict adds to its entry: the complainant learns whether it was upheld. */
function verdictOf(e: TicketDetail['timeline'][number], t: TrackingText): string {
  if (e.action !== 'verdict') return '';
  return e.data?.verdict === 'upheld' ? t.upheld : e.data?.verdict === 'rejected' ? t.rejected : '';
}

/** 2026-11-20 10:00 in Asia/Shanghai (UTC+8 all year, no daylight saving). */
export function shanghaiTime(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

const CSS = `*{box-sizing:border-box}body{margin:0;font:15px/1.6 -apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#222;background:#f5f5f5}
main{max-width:640px;margin:0 auto;padding:12px}h1{font-size:20px;margin:8px 0 12px;color:#c00}
section{background:#fff;border-radius:8px;padding:12px 14px;margin-bottom:12px}h2{font-size:16px;margin:0 0 8px}
dl{margin:0;display:grid;grid-template-columns:5em 1fr;gap:4px 8px}dt{color:#888}dd{margin:0;word-break:break-all}
.st{display:inline-block;padding:0 8px;border-radius:10px;background:#c00;color:#fff;font-size:13px}
.desc{white-space:pre-wrap;word-break:break-all;margin:8px 0 0}
ol{list-style:none;margin:0;padding:0}li{border-left:2px solid #e6e6e6;padding:0 0 10px 12px;position:relative}
li:before{content:"";position:absolute;left:-6px;top:6px;width:10px;height:10px;border-radius:50%;background:#c00}
.t{color:#888;font-size:13px}.n{white-space:pre-wrap;word-break:break-all}
.ph{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}.ph img{width:96px;height:96px;object-fit:cover;border-radius:4px;background:#eee}
fieldset{border:0;padding:0;margin:0 0 10px}legend{font-weight:600;margin-bottom:4px}label{margin-right:12px;white-space:nowrap}
textarea{width:100%;min-height:72px;font:inherit;padding:6px;border:1px solid #ccc;border-radius:4px}
button{width:100%;padding:10px;font:inherit;font-size:16px;color:#fff;background:#c00;border:0;border-radius:6px;margin-top:8px}
.msg{padding:8px 12px;border-radius:6px;background:#fff7e6;border:1px solid #ffd591}.ok{background:#f6ffed;border-color:#b7eb8f}
footer{color:#999;font-size:12px;text-align:center;padding:8px}`;

/** The page shell (lib/html.ts page) with this page's CSS and footer. */
export function layout(title: string, body: SafeHtml, lang: PageLang = 'zh'): SafeHtml {
  return page({ title, css: CSS, body, footer: TRACKING_TEXT[lang].footer, lang: HTML_LANG[lang] });
}

function photoStrip(token: string, ids: string[], alt: string): SafeHtml | null {
  if (ids.length === 0) return null;
  const base = `/t/${encodeURIComponent(token)}/photos/`;
  return html`<div class="ph">${ids.map((id) => html`<a href="${base}${id}"><img src="${base}${id}/thumb" alt="${alt}" loading="lazy" /></a>`)}</div>`;
}

export interface TrackingView {
  token: string;
  ticket: TicketDetail;
  /** a message after a form post */
  message?: { text: string; ok: boolean } | undefined;
  /** the case a merged report is handled in now */
  mergedInto?: { number: string; status: string; leadUnitName: string | null } | null;
  /** the page's language (Chinese by default) */
  lang?: PageLang;
}

/** The tracking page: number, category, status, masked description, the timeline, and the rating form once resolved. */
export function trackingPage({ token, ticket: t, message, mergedInto, lang = 'zh' }: TrackingView): SafeHtml {
  const x = TRACKING_TEXT[lang];
  const events = t.timeline.slice(-60);
  const rateForm =
    t.status === 'resolved'
      ? html`<section>
          <h2>${x.rateTitle}</h2>
          <form method="post" action="/t/${encodeURIComponent(token)}/rate">
            <fieldset>
              <legend>${x.stars}</legend>
              ${[5, 4, 3, 2, 1].map((n) => html`<label><input type="radio" name="stars" value="${n}" required /> ${'★'.repeat(n)}</label>`)}
            </fieldset>
            <fieldset>
              <legend>${x.solvedQuestion}</legend>
              <label><input type="radio" name="solved" value="yes" required /> ${x.solved}</label
              ><label><input type="radio" name="solved" value="no" /> ${x.unsolved}</label>
            </fieldset>
            <label for="c">${x.comment}</label><textarea id="c" name="comment" maxlength="500"></textarea> <button type="submit">${x.submitRating}</button>
          </form>
        </section>`
      : null;
  const rating = t.rating
    ? html`<section>
        <h2>${x.rating}</h2>
        <p>${'★'.repeat(t.rating.stars)}${'☆'.repeat(5 - t.rating.stars)} · ${t.rating.solved ? x.solved : x.unsolved}</p>
        ${t.rating.comment ? html`<p class="n">${maskFreeText(t.rating.comment)}</p>` : null}
      </section>`
    : null;
  const body = html`<h1>${x.title}</h1>
    ${message ? html`<p class="msg${message.ok ? ' ok' : ''}">${message.text}</p>` : null}
    <section>
      <dl>
        <dt>${x.number}</dt>
        <dd>${t.number}</dd>
        <dt>${x.category}</dt>
        <dd>${t.categoryName}</dd>
        <dt>${x.status_}</dt>
        <dd><span class="st">${x.status[t.status] ?? t.status}</span></dd>
        ${
          mergedInto
            ? html`<dt>${x.mergedInto}</dt>
                <dd>${[mergedInto.number, x.status[mergedInto.status] ?? mergedInto.status, mergedInto.leadUnitName].filter(Boolean).join(' · ')}</dd>`
            : null
        }
        <dt>${x.createdAt}</dt>
        <dd>${shanghaiTime(t.createdAt)}</dd>
        ${
          t.leadUnitName
            ? html`<dt>${x.leadUnit}</dt>
                <dd>${t.leadUnitName}</dd>`
            : null
        }${
          t.address
            ? html`<dt>${x.address}</dt>
                <dd>${maskFreeText(t.address)}</dd>`
            : null
        }
      </dl>
      ${mergedInto ? html`<p class="msg ok">${x.mergedNote(mergedInto.number)}</p>` : null}
      <p class="desc">${maskFreeText(t.description)}</p>
      ${photoStrip(
        token,
        t.photos.map((p) => p.id),
        x.photo,
      )}
    </section>
    ${rateForm}${rating}
    <section>
      <h2>${x.progress}</h2>
      <ol>
        ${events
          .slice()
          .reverse()
          .map(
            (e) =>
              html`<li>
                <div>
                  <b>${x.action[e.action] ?? x.otherAction}${verdictOf(e, x)}</b
                  >${e.toStatus && e.toStatus !== e.fromStatus ? html` → ${x.status[e.toStatus] ?? ''}` : null}${
                    e.actorUnitName ? html` · ${e.actorUnitName}` : null
                  }
                </div>
                <div class="t">${shanghaiTime(e.at)}</div>
                ${e.note ? html`<div class="n">${maskFreeText(e.note)}</div>` : null}${photoStrip(
                  token,
                  e.photos.map((p) => p.id),
                  x.photo,
                )}
              </li>`,
          )}
      </ol>
    </section>`;
  return layout(x.title, body, lang);
}

/** The same page for a token that does not exist, was never issued or is malformed: no hint which. */
export function notFoundPage(lang: PageLang = 'zh'): SafeHtml {
  const x = TRACKING_TEXT[lang];
  return layout(
    x.notFoundTitle,
    html`<h1>${x.title}</h1>
      <section><p>${x.notFound}</p></section>`,
    lang,
  );
}

export function messagePage(title: string, text: string, lang: PageLang = 'zh'): SafeHtml {
  return layout(
    title,
    html`<h1>${title}</h1>
      <section><p>${text}</p></section>`,
    lang,
  );
}
