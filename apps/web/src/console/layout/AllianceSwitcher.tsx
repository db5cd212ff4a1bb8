import { SwapOutlined } from '@ant-design/icons';
import type { Alliance, MeResponse } from '@tongxin/domain';
import { Select, Space, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { post } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { useMe, useSession } from '../auth/session.tsx';
import { showError } from '../lib/errors.ts';
import { fetchAll } from '../lib/list.ts';
import { roleLabel } from '../../shared/dataNames.ts';

/** Header control: the current alliance, and a switch to another (memberships; every alliance for a city admin). */
export function AllianceSwitcher() {
  const me = useMe();
  const { setMe } = useSession();
  const [all, setAll] = useState<Alliance[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (me.user.isCityAdmin) void fetchAll<Alliance>('/alliances').then(setAll);
  }, [me.user.isCityAdmin]);

  const options = me.user.isCityAdmin
    ? all.map((a) => ({ value: a.id, label: `${a.name}（${a.code}）` }))
    : me.memberships.map((m) => ({ value: m.allianceId, label: `${m.allianceName}（${roleLabel(m.roleName)}）` }));
  if (me.currentAlliance && !options.some((o) => o.value === me.currentAlliance?.id)) {
    options.unshift({ value: me.currentAlliance.id, label: me.currentAlliance.name });
  }

  const onChange = async (allianceId: string) => {
    setBusy(true);
    try {
      const next = await post<MeResponse>('/auth/switch', { allianceId });
      setMe(next);
      void message.success(t('console.switcher.switched', { name: next.currentAlliance?.name ?? '' }));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space size={4} className="tx-switcher">
      <SwapOutlined />
      <Typography.Text type="secondary">{t('console.switcher.label')}</Typography.Text>
      <Select
        data-testid="alliance-switcher"
        size="small"
        style={{ minWidth: 200 }}
        value={me.currentAlliance?.id}
        placeholder={t('console.switcher.none')}
        options={options}
        loading={busy}
        disabled={busy || options.length === 0}
        onChange={(v: string) => void onChange(v)}
        showSearch
        optionFilterProp="label"
        popupMatchSelectWidth={false}
      />
    </Space>
  );
}
