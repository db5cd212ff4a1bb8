import './merchants.css';
import { MonitoringFeedbackCreate, type MonitoringFeedback } from '@tongxin/domain';
import { Button, ErrorBlock, Form, List, Result, Selector, Tabs, Tag, TextArea, Toast } from 'antd-mobile';
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { zodRule } from '../../../shared/zodRule.ts';
import { Loading } from '../../components/Loading.tsx';
import { PageShell } from '../../components/PageShell.tsx';
import { PickerTrigger } from '../../components/KeyboardFields.tsx';
import { KeyboardPicker } from '../../components/KeyboardPicker.tsx';
import { PhotoPicker, type PickedPhoto } from '../../components/PhotoPicker.tsx';
import { errorText } from '../../errors.ts';
import { useFetch } from '../../hooks/useFetch.ts';
import { merchantsApi } from './api.ts';
import { dateTime } from '../../../shared/dates.ts';

type Topic = 'service' | 'conduct';

/**
 * 营商环境监测点反馈: the 居务联络员 of a monitoring point reports on services or on conduct (党风廉政、作风效能).
 * Conduct feedback goes confidentially to the committee's designated contact, never to the unit it concerns.
 */
export default function FeedbackPage() {
  const [tab, setTab] = useState('new');
  const [listKey, setListKey] = useState(0);
  return (
    <PageShell title={t('merchants.h5.feedbackTitle')}>
      <Tabs activeKey={tab} onChange={setTab}>
        <Tabs.Tab title={t('merchants.h5.feedbackNew')} key="new">
          <FeedbackForm
            onFiled={() => {
              setListKey((k) => k + 1);
            }}
          />
        </Tabs.Tab>
        <Tabs.Tab title={t('merchants.h5.feedbackMine')} key="mine">
          <MyFeedback key={listKey} />
        </Tabs.Tab>
      </Tabs>
    </PageShell>
  );
}

function FeedbackForm({ onFiled }: { onFiled: () => void }) {
  const points = useFetch<{ items: { merchantId: string; name: string; address: string | null }[] }>('/integrity/monitoring-points');
  const units = useFetch<{ items: { id: string; name: string }[] }>('/integrity/units');
  const [form] = Form.useForm();
  const [topic, setTopic] = useState<Topic>('service');
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [uploading, setUploading] = useState(false);
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState<MonitoringFeedback | null>(null);

  if (points.loading) return <Loading />;
  const mine = points.data?.items ?? [];
  if (mine.length === 0) return <ErrorBlock status="empty" title={t('merchants.h5.noPoints')} description={t('merchants.h5.noPointsHint')} />;
  if (done)
    return (
      <Result
        status="success"
        title={t('merchants.h5.feedbackDone', { number: done.number })}
        description={done.confidential ? t('merchants.h5.confidentialDone') : ''}
        style={{ background: 'transparent' }}
      />
    );

  const submit = async (v: { merchantId?: string[]; concernedUnitId?: string[]; description: string }) => {
    setSaving(true);
    try {
      const out = await merchantsApi.fileFeedback({
        merchantId: v.merchantId?.[0] ?? '',
        topic,
        concernedUnitId: v.concernedUnitId?.[0] ?? null,
        description: v.description,
        photos: photos.map((p) => p.extra.id),
      });
      setDone(out);
      onFiled();
    } catch (e) {
      const conflict = e instanceof ApiError && e.status === 409;
      Toast.show({ icon: 'fail', content: conflict ? t('merchants.h5.noContact') : errorText(e) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ merchantId: mine.length === 1 ? [mine[0]!.merchantId] : undefined }}
      onFinish={submit}
      footer={
        <Button block color="primary" type="submit" loading={saving} disabled={uploading}>
          {t('merchants.h5.feedbackSubmit')}
        </Button>
      }
    >
      <Form.Item name="merchantId" label={t('merchants.h5.point')} rules={[{ required: true, message: t('merchants.h5.pointRequired') }]}>
        <Selector columns={1} options={mine.map((p) => ({ label: p.name, value: p.merchantId, description: p.address ?? undefined }))} />
      </Form.Item>
      <Form.Item label={t('merchants.h5.topic')} required>
        <Selector
          columns={2}
          value={[topic]}
          onChange={(v) => v[0] && setTopic(v[0] as Topic)}
          options={(['service', 'conduct'] as const).map((k) => ({ label: t(`merchants.h5.topic.${k}`), value: k }))}
        />
        {topic === 'conduct' ? <div className="tx-hint">{t('merchants.h5.conductHint')}</div> : null}
      </Form.Item>
      {topic === 'conduct' ? (
        <Form.Item
          name="concernedUnitId"
          label={t('merchants.h5.concernedUnit')}
          trigger="onConfirm"
          onClick={(_e, ref) => (ref.current as { open?: () => void } | null)?.open?.()}
        >
          <KeyboardPicker columns={[(units.data?.items ?? []).map((u) => ({ label: u.name, value: u.id }))]} title={t('merchants.h5.concernedUnit')}>
            {(value, actions) => (
              <PickerTrigger open={actions.open} label={t('merchants.h5.concernedUnit')}>
                {value[0] ? value[0].label : <span className="tx-hint">{t('merchants.h5.concernedUnitPlaceholder')}</span>}
              </PickerTrigger>
            )}
          </KeyboardPicker>
        </Form.Item>
      ) : null}
      <Form.Item
        name="description"
        label={t('merchants.h5.description')}
        rules={[{ required: true, message: t('merchants.h5.descriptionRequired') }, zodRule(MonitoringFeedbackCreate, 'description')]}
      >
        <TextArea maxLength={1000} rows={4} showCount placeholder={t('merchants.h5.descriptionPlaceholder')} />
      </Form.Item>
      <Form.Item label={t('merchants.h5.photos')}>
        <PhotoPicker value={photos} onChange={setPhotos} max={3} signedIn onBusy={setUploading} />
      </Form.Item>
    </Form>
  );
}

function MyFeedback() {
  const [items, setItems] = useState<MonitoringFeedback[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setItems((await merchantsApi.myFeedback(1)).items);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  if (error) return <ErrorBlock status="default" title={error} description="" />;
  if (!items) return <Loading />;
  if (items.length === 0) return <ErrorBlock status="empty" title={t('merchants.h5.noFeedback')} description="" />;
  return (
    <List>
      {items.map((f) => (
        <List.Item key={f.id} description={`${f.number} · ${dateTime(f.createdAt)}`} extra={t(`ticketStatus.${f.status}`)}>
          <div>
            {f.merchantName} <Tag color={f.topic === 'conduct' ? 'danger' : 'primary'}>{t(`merchants.h5.topic.${f.topic}`)}</Tag>
            {f.confidential ? <Tag color="default"> {t('merchants.h5.confidential')}</Tag> : null}
          </div>
          <div className="tx-hint">{f.description}</div>
        </List.Item>
      ))}
    </List>
  );
}
