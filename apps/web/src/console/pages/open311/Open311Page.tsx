import { PageContainer } from '@ant-design/pro-components';
import type { Open311Settings } from '@tongxin/domain';
import { Alert, Card, Descriptions, Skeleton, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, get } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { attempt, showError } from '../../lib/errors.ts';

/** Open311 GeoReport v2: where other systems (FixMyStreet, a 12345 hotline) connect, and whether public reads need a key. */
export function Open311Page() {
  const [settings, setSettings] = useState<Open311Settings | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    get<Open311Settings>('/open311/settings').then(setSettings, (e: unknown) => showError(e));
  }, []);

  const toggle = async (requireKeyForGet: boolean) => {
    setSaving(true);
    let next: Open311Settings | null = null;
    const ok = await attempt(async () => {
      next = await api<Open311Settings>('PUT', '/open311/settings', { requireKeyForGet });
    });
    if (ok && next) setSettings(next);
    setSaving(false);
  };

  const base = settings ? `${window.location.origin}${settings.endpoint}` : '';
  const jurisdiction = settings ? `?jurisdiction_id=${settings.jurisdictionId}` : '';
  return (
    <PageContainer title={t('console.open311.title')} content={t('console.open311.intro')}>
      <Card>
        {!settings ? (
          <Skeleton active />
        ) : (
          <>
            <Descriptions column={1} bordered size="small">
              <Descriptions.Item label={t('console.open311.endpoint')}>
                <Typography.Text copyable code>
                  {base}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('console.open311.jurisdiction')}>
                <Typography.Text copyable code>
                  {settings.jurisdictionId}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('console.open311.try')}>
                <Typography.Link href={`${base}discovery.json${jurisdiction}`} target="_blank" rel="noreferrer">
                  discovery.json
                </Typography.Link>
                {' · '}
                <Typography.Link href={`${base}services.json${jurisdiction}`} target="_blank" rel="noreferrer">
                  services.json
                </Typography.Link>
                {' · '}
                <Typography.Link href={`${base}requests.xml${jurisdiction}`} target="_blank" rel="noreferrer">
                  requests.xml
                </Typography.Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('console.open311.requireKey')}>
                <Switch
                  checked={settings.requireKeyForGet}
                  loading={saving}
                  onChange={(v) => void toggle(v)}
                  checkedChildren={t('console.open311.on')}
                  unCheckedChildren={t('console.open311.off')}
                />
                <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                  {t('console.open311.requireKeyHelp')}
                </Typography.Paragraph>
              </Descriptions.Item>
            </Descriptions>
            <Alert style={{ marginTop: 16 }} type="info" showIcon message={t('console.open311.keysHint')} />
          </>
        )}
      </Card>
    </PageContainer>
  );
}
