import './merchants.css';
import type { CreditEntry, CreditItem, MerchantCredit } from '@tongxin/domain';
import { Button, ErrorBlock, Form, Input, List, Popup, PullToRefresh, Selector, Tag, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../../../shared/api.ts';
import { t, tn } from '../../../shared/i18n.ts';
import { Loading } from '../../components/Loading.tsx';
import { PageShell } from '../../components/PageShell.tsx';
import { PhotoPicker, type PickedPhoto } from '../../components/PhotoPicker.tsx';
import { errorText } from '../../errors.ts';
import { useFetch } from '../../hooks/useFetch.ts';
import { useSession } from '../../session.tsx';
import { merchantsApi, posterUrl } from './api.ts';
import { dateTime } from '../../../shared/dates.ts';
import { plaqueName, stars } from './labels.ts';
import { contestable, ObjectionPopup, OperatorSection } from './OperatorSection.tsx';
import type { MerchantCard } from '@tongxin/domain';
import { RequiredLabel } from '../../components/RequiredLabel.tsx';

/** A merchant's record: for the inspector credit summary, plaques, recent ledger entries and 扣分 with a photo; for the shop's own account also 异议申诉, notices and its promise. */
export default function MerchantRecordPage() {
  const { id = '' } = useParams();
  const { me } = useSession();
  const card = useFetch<MerchantCard>(`/integrity/merchants/${id}`);
  const credit = useFetch<MerchantCredit>(`/merchants/${id}/credit`);
  const [deducting, setDeducting] = useState(false);
  const [objecting, setObjecting] = useState<CreditEntry | null>(null);
  const canDeduct = !!me?.permissions?.includes('credit:write');
  // a shop's own account (own data scope): it may contest a recent deduction and reads its notices and promise
  const operatorView = me?.role?.dataScope === 'own';
  const open = operatorView && credit.data ? contestable(credit.data, Date.now()) : new Set<string>();
  const reload = async () => {
    await Promise.all([card.reload(), credit.reload()]);
  };

  if (card.loading) return <Loading />;
  const m = card.data;
  return (
    <PageShell title={t('merchants.h5.recordTitle')}>
      {!m ? (
        <ErrorBlock status="empty" title={card.error ?? t('merchants.h5.notFound')} description="" />
      ) : (
        <PullToRefresh onRefresh={reload}>
          <div className="tx-mc-card">
            <div className="tx-mc-name">{m.name}</div>
            {/* one fact a line, each labelled: the address often ends with the shop number that is also the grid's name */}
            {m.address ? <div className="tx-mc-sub">{m.address}</div> : null}
            {m.gridName ? <div className="tx-mc-sub">{t('merchants.h5.gridLine', { grid: m.gridName })}</div> : null}
            <div className="tx-mc-sub">
              {t('merchants.h5.creditCodeLine', { code: m.creditCode })}
              {m.status === 'closed' ? ` · ${t('merchants.registry.status.closed')}` : ''}
            </div>
            <div className="tx-mc-kpis">
              <div>
                <b>{m.creditPoints}</b>
                <span>{t('merchants.h5.points')}</span>
              </div>
              <div>
                <b className="tx-mc-stars">{stars(m.creditStars)}</b>
                <span>{t('merchants.h5.stars')}</span>
              </div>
              <div>
                <b>{m.upheldComplaintsThisYear}</b>
                <span>{t('merchants.h5.upheld')}</span>
              </div>
            </div>
            <div className="tx-mc-tags">
              {m.creditFlag ? <Tag color={m.creditFlag === 'red' ? 'danger' : 'warning'}>{t(`merchants.registry.flag.${m.creditFlag}`)}</Tag> : null}
              {m.partyMemberOperator ? <Tag color="danger">{t('merchants.registry.partyMember')}</Tag> : null}
              {m.plaques
                .filter((p) => p !== 'party_member')
                .map((p) => (
                  <Tag key={p} color="primary" fill="outline">
                    {plaqueName(p)}
                  </Tag>
                ))}
              {m.monitoringPoint ? <Tag color="success">{t('merchants.registry.monitoringPoint')}</Tag> : null}
            </div>
          </div>
          <div className="tx-mc-actions">
            {canDeduct && m.status !== 'closed' ? (
              <Button color="danger" onClick={() => setDeducting(true)}>
                {t('merchants.h5.deduct')}
              </Button>
            ) : null}
            <Button
              onClick={() => {
                window.open(posterUrl(m.id), '_blank', 'noopener');
              }}
            >
              {t('merchants.poster.print')}
            </Button>
          </div>
          <List header={t('merchants.h5.entries')}>
            {credit.error ? (
              <List.Item>{credit.error}</List.Item>
            ) : !credit.data ? (
              <List.Item>{t('merchants.h5.loading')}</List.Item>
            ) : credit.data.entries.length === 0 ? (
              <List.Item>{t('merchants.h5.noEntries')}</List.Item>
            ) : (
              credit.data.entries.slice(0, 20).map((e) => (
                <List.Item
                  key={e.id}
                  description={`${dateTime(e.at)} ${e.inspectorName ?? ''} ${e.place ?? ''}${e.note ? ` · ${e.note}` : ''}`}
                  extra={<span style={{ color: e.delta < 0 ? '#c00' : '#389e0d' }}>{e.delta > 0 ? `+${e.delta}` : e.delta}</span>}
                >
                  {e.itemName ?? t(`merchants.h5.entryKind.${e.kind}`)}
                  {open.has(e.id) ? (
                    <Button size="mini" color="primary" fill="outline" className="tx-inline-tag" data-testid="h5-object" onClick={() => setObjecting(e)}>
                      {t('merchants.h5.object')}
                    </Button>
                  ) : null}
                </List.Item>
              ))
            )}
          </List>
          {operatorView && credit.data ? <OperatorSection merchantId={m.id} credit={credit.data} /> : null}
        </PullToRefresh>
      )}
      {m ? (
        <ObjectionPopup
          merchantId={m.id}
          entry={objecting}
          onClose={() => setObjecting(null)}
          onDone={async () => {
            setObjecting(null);
            await reload();
          }}
        />
      ) : null}
      {m ? (
        <Popup visible={deducting} onMaskClick={() => setDeducting(false)} bodyStyle={{ maxHeight: '90vh', overflowY: 'auto' }} destroyOnClose>
          <DeductForm
            merchantId={m.id}
            address={m.address}
            onDone={async () => {
              setDeducting(false);
              await reload();
            }}
          />
        </Popup>
      ) : null}
    </PageShell>
  );
}

/** 扣分: a catalogue item, at least one photo as evidence, the place and a note. */
function DeductForm(p: { merchantId: string; address: string | null; onDone: () => Promise<void> }) {
  const catalogue = useFetch<{ items: CreditItem[] }>('/credit/catalogue');
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [uploading, setUploading] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();
  const items = (catalogue.data?.items ?? []).filter((i) => i.active);

  const submit = async (v: { itemId?: string[]; place?: string; note?: string }) => {
    const itemId = v.itemId?.[0];
    if (!itemId) return;
    if (photos.length === 0) {
      Toast.show({ content: t('merchants.h5.photoRequired') });
      return;
    }
    setSaving(true);
    try {
      const e = await merchantsApi.deduct(p.merchantId, { itemId, photos: photos.map((x) => x.extra.id), place: v.place || null, note: v.note || null });
      Toast.show({ icon: 'success', content: tn('merchants.h5.deducted', e.pointsApplied, { balance: e.balanceAfter }) });
      await p.onDone();
    } catch (e) {
      Toast.show({ icon: 'fail', content: e instanceof ApiError ? errorText(e) : t('error.network') });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ place: p.address ?? '' }}
      onFinish={submit}
      footer={
        <Button block color="danger" type="submit" loading={saving} disabled={uploading}>
          {t('merchants.h5.deductSubmit')}
        </Button>
      }
    >
      <Form.Header>{t('merchants.h5.deduct')}</Form.Header>
      <Form.Item name="itemId" label={t('merchants.h5.item')} rules={[{ required: true, message: t('merchants.h5.itemRequired') }]}>
        {catalogue.error ? (
          <span>{catalogue.error}</span>
        ) : (
          <Selector columns={1} options={items.map((i) => ({ label: tn('merchants.h5.itemOption', i.points, { name: i.name }), value: i.id }))} />
        )}
      </Form.Item>
      <Form.Item label={<RequiredLabel>{t('merchants.h5.photos')}</RequiredLabel>}>
        <PhotoPicker value={photos} onChange={setPhotos} max={3} signedIn onBusy={setUploading} />
      </Form.Item>
      <Form.Item name="place" label={t('merchants.h5.place')}>
        <Input maxLength={200} clearable />
      </Form.Item>
      <Form.Item name="note" label={t('merchants.h5.note')}>
        <TextArea maxLength={500} rows={2} showCount />
      </Form.Item>
    </Form>
  );
}
