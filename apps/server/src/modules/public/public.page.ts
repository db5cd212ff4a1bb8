import { TICKET_STATUS_LABELS, maskFreeText, type TicketDetail } from '@tongxin/domain';
import { html, page, type SafeHtml } from '../../lib/html.ts';

/** The status names of the tracking page (the domain's, shared with the Excel export). */
export const STATUS_ZH: Record<string, string> = TICKET_STATUS_LABELS;

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

/** The outcome a complaint verdict adds to its entry: the complainant learns whether it was upheld. */
function verdictOf(e: TicketDetail['timeline'][number]): string {
  if (e.action !== 'verdict') return '';
  return e.data?.verdict === 'upheld' ? '：属实' : e.data?.verdict === 'rejected' ? '：不属实' : '';
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
export function layout(title: string, body: SafeHtml): SafeHtml {
  return page({ title, css: CSS, body, footer: '同心 · 商圈党建联盟' });
}

function photoStrip(token: string, ids: string[]): SafeHtml | null {
  if (ids.length === 0) return null;
  const base = `/t/${encodeURIComponent(token)}/photos/`;
  return html`<div class="ph">${ids.map((id) => html`<a href="${base}${id}"><img src="${base}${id}/thumb" alt="照片" loading="lazy" /></a>`)}</div>`;
}

export interface TrackingView {
  token: string;
  ticket: TicketDetail;
  /** a message after a form post */
  message?: { text: string; ok: boolean } | undefined;
  /** the case a merged report is handled in now */
  mergedInto?: { number: string; status: string; leadUnitName: string | null } | null;
}

/** The tracking page: number, category, status, masked description, the timeline, and the rating form once resolved. */
export function trackingPage({ token, ticket: t, message, mergedInto }: TrackingView): SafeHtml {
  const events = t.timeline.slice(-60);
  const rateForm =
    t.status === 'resolved'
      ? html`<section>
          <h2>评价办理结果</h2>
          <form method="post" action="/t/${encodeURIComponent(token)}/rate">
            <fieldset>
              <legend>满意度</legend>
              ${[5, 4, 3, 2, 1].map((n) => html`<label><input type="radio" name="stars" value="${n}" required /> ${'★'.repeat(n)}</label>`)}
            </fieldset>
            <fieldset>
              <legend>问题是否解决</legend>
              <label><input type="radio" name="solved" value="yes" required /> 已解决</label
              ><label><input type="radio" name="solved" value="no" /> 未解决</label>
            </fieldset>
            <label for="c">留言（选填）</label><textarea id="c" name="comment" maxlength="500"></textarea> <button type="submit">提交评价</button>
          </form>
        </section>`
      : null;
  const rating = t.rating
    ? html`<section>
        <h2>评价</h2>
        <p>${'★'.repeat(t.rating.stars)}${'☆'.repeat(5 - t.rating.stars)} · ${t.rating.solved ? '已解决' : '未解决'}</p>
        ${t.rating.comment ? html`<p class="n">${maskFreeText(t.rating.comment)}</p>` : null}
      </section>`
    : null;
  const body = html`<h1>工单进度</h1>
    ${message ? html`<p class="msg${message.ok ? ' ok' : ''}">${message.text}</p>` : null}
    <section>
      <dl>
        <dt>工单编号</dt>
        <dd>${t.number}</dd>
        <dt>问题类别</dt>
        <dd>${t.categoryName}</dd>
        <dt>当前状态</dt>
        <dd><span class="st">${STATUS_ZH[t.status] ?? t.status}</span></dd>
        ${
          mergedInto
            ? html`<dt>合并办理</dt>
                <dd>${[mergedInto.number, STATUS_ZH[mergedInto.status] ?? mergedInto.status, mergedInto.leadUnitName].filter(Boolean).join(' · ')}</dd>`
            : null
        }
        <dt>提交时间</dt>
        <dd>${shanghaiTime(t.createdAt)}</dd>
        ${
          t.leadUnitName
            ? html`<dt>承办单位</dt>
                <dd>${t.leadUnitName}</dd>`
            : null
        }${
          t.address
            ? html`<dt>地点</dt>
                <dd>${maskFreeText(t.address)}</dd>`
            : null
        }
      </dl>
      ${mergedInto ? html`<p class="msg ok">您反映的问题与工单 ${mergedInto.number} 是同一件事，已合并办理，进度以该工单为准。</p>` : null}
      <p class="desc">${maskFreeText(t.description)}</p>
      ${photoStrip(
        token,
        t.photos.map((p) => p.id),
      )}
    </section>
    ${rateForm}${rating}
    <section>
      <h2>办理进度</h2>
      <ol>
        ${events
          .slice()
          .reverse()
          .map(
            (e) =>
              html`<li>
                <div>
                  <b>${ACTION_ZH[e.action] ?? '处理'}${verdictOf(e)}</b
                  >${e.toStatus && e.toStatus !== e.fromStatus ? html` → ${STATUS_ZH[e.toStatus] ?? ''}` : null}${
                    e.actorUnitName ? html` · ${e.actorUnitName}` : null
                  }
                </div>
                <div class="t">${shanghaiTime(e.at)}</div>
                ${e.note ? html`<div class="n">${maskFreeText(e.note)}</div>` : null}${photoStrip(
                  token,
                  e.photos.map((p) => p.id),
                )}
              </li>`,
          )}
      </ol>
    </section>`;
  return layout('工单进度', body);
}

/** The same page for a token that does not exist, was never issued or is malformed: no hint which. */
export function notFoundPage(): SafeHtml {
  return layout(
    '未找到',
    html`<h1>工单进度</h1>
      <section><p>未找到该工单，请核对链接是否完整。</p></section>`,
  );
}

export function messagePage(title: string, text: string): SafeHtml {
  return layout(
    title,
    html`<h1>${title}</h1>
      <section><p>${text}</p></section>`,
  );
}
