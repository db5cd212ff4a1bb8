import { ProCard } from '@ant-design/pro-components';
import type { IntegritySettings } from '@tongxin/domain';
import { Alert, Button, Space, Spin, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { api, get } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { useSession } from '../../auth/session.tsx';
import { UserSelect } from '../../components/RefSelects.tsx';
import { hasAllianceScope } from '../../layout/menu.tsx';
import { showError } from '../../lib/errors.ts';

/**
 * 监测点保密反馈专人: the account that alone receives a monitoring point's feedback on conduct (党风廉政, 作风效能); until
 * one is named, liaisons cannot file such feedback. Admins (alliance:write) with the alliance data scope change it: the
 * contact receives the feedback of every point of the alliance (the server refuses a narrower scope, alliance_scope_required).
 */
export function ConfidentialContactCard() {
  const { me, can } = useSession();
  const [s, setS] = useState<IntegritySettings | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    get<IntegritySettings>('/integrity/settings').then((r) => {
      setS(r);
      setPicked(r.confidentialContactUserId);
    }, showError);
  }, []);
  const writable = !!me && can('alliance:write') && hasAllianceScope(me);
  const save = async () => {
    setSaving(true);
    try {
      setS(await api<IntegritySettings>('PUT', '/integrity/settings', { confidentialContactUserId: picked }));
      void message.success(t('merchants.confidential.saved'));
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <ProCard title={t('merchants.confidential.title')} bordered data-testid="confidential-contact">
      {!s ? (
        <Spin />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('merchants.confidential.hint')}
          </Typography.Paragraph>
          {!s.confidentialContactUserId && <Alert type="warning" showIcon message={t('merchants.confidential.none')} />}
          {can('alliance:write') && !writable && (
            <Alert type="info" showIcon message={t('merchants.confidential.allianceOnly')} data-testid="contact-alliance-only" />
          )}
          <Space wrap>
            <span>{t('merchants.confidential.contact')}</span>
            <div style={{ width: 320 }}>
              <UserSelect
                value={picked}
                onChange={(v) => setPicked(v ?? null)}
                disabled={!writable}
                current={s.confidentialContactUserId ? { value: s.confidentialContactUserId, label: s.confidentialContactName ?? '' } : null}
              />
            </div>
            {writable && (
              <Button type="primary" loading={saving} disabled={picked === s.confidentialContactUserId} onClick={() => void save()}>
                {t('common.save')}
              </Button>
            )}
          </Space>
        </Space>
      )}
    </ProCard>
  );
}
