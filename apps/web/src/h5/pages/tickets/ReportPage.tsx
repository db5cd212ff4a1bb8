import './tickets.css';
import type { TicketDetail } from '@tongxin/domain';
import { Button, ErrorBlock, Form, Input, List, NavBar, Result, SafeArea, TextArea, Toast } from 'antd-mobile';
import { ChoiceButtons, ConsentCheckbox, PickerTrigger } from '../../components/KeyboardFields.tsx';
import { KeyboardPicker } from '../../components/KeyboardPicker.tsx';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { post } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { Loading } from '../../components/Loading.tsx';
import { PageShell } from '../../components/PageShell.tsx';
import { PhotoPicker, type PickedPhoto } from '../../components/PhotoPicker.tsx';
import { errorText } from '../../errors.ts';
import { useTitle } from '../../hooks/useTitle.ts';
import { useSession } from '../../session.tsx';
import { kindLabel } from './labels.ts';
import { publicApi, type PublicAlliance } from './publicApi.ts';

const PUBLIC_KINDS = ['report', 'complaint', 'hazard', 'need'] as const;
const MEMBER_KINDS = ['report', 'need'] as const;

type Point = { lng: number; lat: number; crs: 'wgs84' };
type Done = { number: string; trackingUrl?: string; ticketId?: string };

/** The page frame: a second-level page for the signed-in, a plain bar (nowhere to go back to) for residents. */
function Shell({ member, title, children }: { member: boolean; title: string; children: ReactNode }) {
  useTitle(title);
  if (member) return <PageShell title={title}>{children}</PageShell>;
  return (
    <div className="tx-app">
      <NavBar className="tx-navbar" backIcon={false}>
        {title}
      </NavBar>
      <div className="tx-body">{children}</div>
      <SafeArea position="bottom" />
    </div>
  );
}

/**
 * 随手拍 / 我要上报: the report form. Residents open /h5/report?a=<alliance code> without an account (public API,
 * personal-information notice and consent); signed-in members of that alliance file through /api/v1/tickets.
 */
export default function ReportPage() {
  const { me } = useSession();
  const [search] = useSearchParams();
  const codeParam = (search.get('a') ?? '').trim().toUpperCase();
  if (me === undefined) return <Loading />;
  const current = me?.currentAlliance ?? null;
  const member = !!me && !!current && (!codeParam || codeParam === current.code);
  const code = member ? current!.code : codeParam;
  const kindParam = search.get('kind');
  const kinds: readonly string[] = member ? MEMBER_KINDS : PUBLIC_KINDS;
  const kind = kindParam && kinds.includes(kindParam) ? kindParam : 'report';
  const title = t(member ? (kind === 'need' ? 'h5.tile.report' : 'h5.tile.visit') : 'h5.ticket.report.publicTitle');
  return (
    <Shell member={member} title={title}>
      {code ? (
        <ReportForm key={code} code={code} member={member} initialKind={kind} kinds={kinds} />
      ) : (
        <ErrorBlock status="empty" title={t('h5.ticket.report.noCode')} description={<Link to="/login">{t('h5.ticket.report.loginLink')}</Link>} />
      )}
    </Shell>
  );
}

function ReportForm({ code, member, initialKind, kinds }: { code: string; member: boolean; initialKind: string; kinds: readonly string[] }) {
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [alliance, setAlliance] = useState<PublicAlliance | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [uploading, setUploading] = useState(false);
  const [point, setPoint] = useState<Point | null>(null);
  const [locating, setLocating] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  const secure = typeof window !== 'undefined' && window.isSecureContext && 'geolocation' in navigator;

  useEffect(() => {
    let live = true;
    publicApi<PublicAlliance>('GET', `/alliances/${encodeURIComponent(code)}`)
      .then((a) => live && setAlliance(a))
      .catch((e: unknown) => live && setLoadError(errorText(e)));
    return () => {
      live = false;
    };
  }, [code]);

  const locate = () => {
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        setPoint({ lng: Number(pos.coords.longitude.toFixed(6)), lat: Number(pos.coords.latitude.toFixed(6)), crs: 'wgs84' });
      },
      (err) => {
        setLocating(false);
        Toast.show({ content: t(err.code === err.PERMISSION_DENIED ? 'h5.ticket.locationDenied' : 'h5.ticket.locationFailed') });
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const submit = async (v: { kind: string[]; categoryId: string[]; description: string; address?: string; gridId?: string[]; phone?: string }) => {
    if (uploading) {
      Toast.show({ content: t('h5.ticket.photoUploading') });
      return;
    }
    const common = {
      kind: v.kind[0] ?? initialKind,
      categoryId: v.categoryId[0],
      description: v.description.trim(),
      photos: photos.map((p) => p.extra.id),
      location: point,
      address: v.address?.trim() || null,
      gridId: v.gridId?.[0] ?? null,
    };
    setSubmitting(true);
    try {
      if (member) {
        const created = await post<TicketDetail>('/tickets', common);
        setDone({ number: created.number, ticketId: created.id });
      } else {
        const r = await publicApi<{ number: string; trackingUrl: string }>('POST', '/reports', {
          ...common,
          allianceCode: code,
          reporterPhone: v.phone?.trim() || null,
          consent: true,
        });
        setDone({ number: r.number, trackingUrl: r.trackingUrl });
      }
    } catch (e) {
      Toast.show({ icon: 'fail', content: errorText(e) });
    } finally {
      setSubmitting(false);
    }
  };

  if (done) return <ReportDone done={done} member={member} onAnother={() => navigate(0)} />;
  if (loadError) return <ErrorBlock status="default" title={loadError} description={t('h5.ticket.report.allianceMissing', { code })} />;
  if (!alliance) return <Loading />;

  const categoryColumns = [alliance.categories.map((c) => ({ label: c.name, value: c.id }))];
  const gridColumns = [alliance.grids.map((g) => ({ label: g.levelName ? `${g.name}（${g.levelName}）` : g.name, value: g.id }))];
  const maxLen = member ? 2000 : 1000;

  return (
    <div className="tx-report">
      <div className="tx-report-head">{alliance.name}</div>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: [initialKind], categoryId: [], gridId: [] }}
        onFinish={submit}
        footer={
          <Button block type="submit" color="primary" size="large" loading={submitting} disabled={uploading}>
            {t('h5.ticket.report.submit')}
          </Button>
        }
      >
        <Form.Item name="kind" label={t('h5.ticket.kind')} rules={[{ required: true, message: t('h5.ticket.kindRequired') }]}>
          <ChoiceButtons columns={2} options={kinds.map((k) => ({ label: kindLabel(k), value: k }))} />
        </Form.Item>
        <Form.Item
          name="categoryId"
          label={t('h5.ticket.category')}
          trigger="onConfirm"
          rules={[{ required: true, type: 'array', min: 1, message: t('h5.ticket.categoryRequired') }]}
          onClick={(_e, ref) => ref.current?.open()}
          arrowIcon
        >
          <KeyboardPicker columns={categoryColumns} title={t('h5.ticket.category')}>
            {(items, actions) => (
              <PickerTrigger open={actions.open} label={t('h5.ticket.category')}>
                {items[0] ? items[0].label : <span className="tx-placeholder">{t('h5.ticket.categoryPlaceholder')}</span>}
              </PickerTrigger>
            )}
          </KeyboardPicker>
        </Form.Item>
        <Form.Item
          name="description"
          label={t('h5.ticket.description')}
          rules={[{ required: true, whitespace: true, message: t('h5.ticket.descriptionRequired') }]}
        >
          <TextArea placeholder={t('h5.ticket.descriptionPlaceholder')} maxLength={maxLen} showCount autoSize={{ minRows: 4, maxRows: 8 }} />
        </Form.Item>
        <Form.Item label={t('h5.ticket.photos')}>
          <PhotoPicker value={photos} onChange={setPhotos} max={3} signedIn={member} onBusy={setUploading} />
        </Form.Item>
        <Form.Item label={t('h5.ticket.location')}>
          {secure ? (
            <div className="tx-locate">
              <Button size="small" color="primary" fill="outline" loading={locating} onClick={locate}>
                {t(point ? 'h5.ticket.locateAgain' : 'h5.ticket.locate')}
              </Button>
              <span className="tx-hint">{point ? t('h5.ticket.located', { lng: point.lng, lat: point.lat }) : t('h5.ticket.locateHint')}</span>
            </div>
          ) : (
            <div className="tx-hint">{t('h5.ticket.locationNeedsHttps')}</div>
          )}
        </Form.Item>
        <Form.Item name="address" label={t('h5.ticket.address')}>
          <Input placeholder={t('h5.ticket.addressPlaceholder')} maxLength={200} clearable />
        </Form.Item>
        <Form.Item name="gridId" label={t('h5.ticket.grid')} trigger="onConfirm" onClick={(_e, ref) => ref.current?.open()} arrowIcon>
          <KeyboardPicker columns={gridColumns} title={t('h5.ticket.grid')}>
            {(items, actions) => (
              <PickerTrigger open={actions.open} label={t('h5.ticket.grid')}>
                {items[0] ? items[0].label : <span className="tx-placeholder">{t('h5.ticket.gridPlaceholder')}</span>}
              </PickerTrigger>
            )}
          </KeyboardPicker>
        </Form.Item>
        {!member && (
          <>
            <Form.Item name="phone" label={t('h5.ticket.phone')} description={t('h5.ticket.phoneHint')}>
              <Input type="tel" inputMode="tel" placeholder={t('h5.ticket.phonePlaceholder')} maxLength={24} clearable />
            </Form.Item>
            <div className="tx-privacy" data-testid="privacy-notice">
              <div className="tx-privacy-title">{t('h5.ticket.privacy.title')}</div>
              <p>{t('h5.ticket.privacy.what')}</p>
              <p>{t('h5.ticket.privacy.why')}</p>
              <p>{t('h5.ticket.privacy.who')}</p>
              <p>{t('h5.ticket.privacy.keep')}</p>
              <p>{t('h5.ticket.privacy.rights')}</p>
            </div>
            <Form.Item
              name="consent"
              valuePropName="checked"
              rules={[{ validator: (_r, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('h5.ticket.consentRequired')))) }]}
            >
              <ConsentCheckbox>{t('h5.ticket.consent')}</ConsentCheckbox>
            </Form.Item>
          </>
        )}
      </Form>
    </div>
  );
}

function ReportDone({ done, member, onAnother }: { done: Done; member: boolean; onAnother: () => void }) {
  const navigate = useNavigate();
  const href = done.trackingUrl ? new URL(done.trackingUrl, window.location.origin).href : null;
  const copy = async () => {
    if (!href) return;
    try {
      await navigator.clipboard.writeText(href);
      Toast.show({ icon: 'success', content: t('h5.ticket.done.copied') });
    } catch {
      Toast.show({ content: t('h5.ticket.done.copyFailed') });
    }
  };
  return (
    <div className="tx-report-done">
      <Result status="success" title={t('h5.ticket.done.title')} description={t('h5.ticket.done.number', { number: done.number })} />
      {href && (
        <List mode="card" header={t('h5.ticket.done.trackHeader')}>
          <List.Item>
            <a className="tx-track-link" href={href} data-testid="tracking-link">
              {href}
            </a>
            <div className="tx-hint">{t('h5.ticket.done.saveHint')}</div>
          </List.Item>
          <List.Item>
            <Button block color="primary" fill="outline" onClick={copy}>
              {t('h5.ticket.done.copy')}
            </Button>
          </List.Item>
        </List>
      )}
      <div className="tx-done-actions">
        {member && done.ticketId && (
          <Button block color="primary" onClick={() => navigate(`/tickets/${done.ticketId}`, { replace: true })}>
            {t('h5.ticket.done.view')}
          </Button>
        )}
        <Button block onClick={onAnother}>
          {t('h5.ticket.done.another')}
        </Button>
      </div>
    </div>
  );
}
