import { plaqueLabel } from '@tongxin/domain';
import QRCode from 'qrcode';
import { html, page, raw, type SafeHtml } from '../../lib/html.ts';
import { starText } from './integrity.page.ts';

/** One merchant on a poster. */
export interface PosterView {
  name: string;
  allianceName: string;
  plaques: string[];
  stars: number | null;
  partyMember: boolean;
  url: string;
}

// One A5 sheet per poster; Chinese through the CJK fonts a print machine has (Noto Sans CJK SC on Linux, PingFang, YaHei).
// On a phone's screen (an inspector opens it from the H5) the sheet takes the screen's width instead of scrolling sideways.
const CSS = `@page{size:A5 portrait;margin:0}*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:#222;background:#eee}
.p{width:148mm;height:210mm;margin:8mm auto;background:#fff;padding:12mm 12mm 10mm;display:flex;flex-direction:column;align-items:center;text-align:center;border-top:10mm solid #c00;page-break-after:always;break-after:page;overflow:hidden}
.p:last-child{page-break-after:auto;break-after:auto}
.t{font-size:9mm;font-weight:700;color:#c00;letter-spacing:1mm;margin:0}.al{font-size:4.2mm;color:#555;margin:1mm 0 5mm}
.q{width:78mm;height:78mm}.q svg{width:100%;height:100%}
.n{font-size:8mm;font-weight:700;margin:4mm 0 2mm;word-break:break-all;line-height:1.25}
.s{font-size:7mm;color:#fa8c16;letter-spacing:1mm}.b{display:inline-block;margin:1.5mm;padding:1mm 3mm;border:0.4mm solid #c00;border-radius:3mm;color:#c00;font-size:4.2mm}
.pm{background:#c00;color:#fff}.h{margin-top:auto;font-size:4mm;color:#555}.u{font-size:3.2mm;color:#888;word-break:break-all}
@media print{body{background:#fff}.p{margin:0;box-shadow:none}}
@media screen and (max-width:600px){.p{width:auto;height:auto;min-height:100vh;margin:0;padding:6mm 5mm}.q{width:min(78mm,80vw);height:min(78mm,80vw)}.t{font-size:7mm}}`;

/** The QR code of a URL as inline SVG (error correction M, quiet zone 2 modules). */
export async function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } });
}

async function poster(v: PosterView): Promise<SafeHtml> {
  const plaques = v.plaques.filter((p) => p !== 'party_member' && p !== '党员经营户');
  return html`<section class="p">
    <p class="t">诚信经营 扫码监督</p>
    <p class="al">${v.allianceName}</p>
    <div class="q">${raw(await qrSvg(v.url))}</div>
    <p class="n">${v.name}</p>
    <div class="s">${starText(v.stars)}</div>
    <div>${v.partyMember ? html`<span class="b pm">党员经营户</span>` : null}${plaques.map((p) => html`<span class="b">${plaqueLabel(p)}</span>`)}</div>
    <p class="h">微信扫一扫：查看诚信星级、信用分与承诺，在线投诉维权</p>
    <p class="u">${v.url}<br />编码 ${v.url.slice(v.url.lastIndexOf('/') + 1)}</p>
  </section>`;
}

/** A printable HTML document with one A5 poster per merchant. */
export async function posterDocument(title: string, items: PosterView[]): Promise<SafeHtml> {
  const pages: SafeHtml[] = [];
  for (const v of items) pages.push(await poster(v));
  const body = pages.length ? pages : html`<p style="text-align:center;padding:20mm">没有可打印的商户。</p>`;
  return page({ title, css: CSS, body, bare: true });
}

/**
 * The alliance's 随手拍 poster: one A5 sheet whose QR code opens the public report form (/h5/report?a=<code>), for the
 * committee to put up in the district. Residents and riders have no other way to the form than typing its address.
 */
export async function reportPosterDocument(allianceName: string, url: string): Promise<SafeHtml> {
  const sheet = html`<section class="p">
    <p class="t">随手拍 · 有事找联盟</p>
    <p class="al">${allianceName}</p>
    <div class="q">${raw(await qrSvg(url))}</div>
    <p class="n">扫码反映身边问题</p>
    <div>
      <span class="b">占道经营</span><span class="b">垃圾堆放</span><span class="b">设施损坏</span><span class="b">消费纠纷</span
      ><span class="b">安全隐患</span>
    </div>
    <p class="h">微信扫一扫，拍照上报，无需注册；提交后凭查询链接查看办理进度并评价。所填信息仅用于办理，电话加密保存。</p>
    <p class="u">${url}</p>
  </section>`;
  return page({ title: `${allianceName} · 随手拍二维码`, css: CSS, body: sheet, bare: true });
}
