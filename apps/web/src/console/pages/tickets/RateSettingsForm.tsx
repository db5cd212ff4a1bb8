import { ModalForm, ProFormSelect, ProFormSwitch } from '@ant-design/pro-components';
import { RateSettings } from '@tongxin/domain';
import { Button, message } from 'antd';
import { api } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { zodRule } from '../../../shared/zodRule.ts';
import { showError } from '../../lib/errors.ts';

/** The committee's 三率 parameters: the satisfied threshold and whether 回访 ratings count. */
export function RateSettingsForm({ value, onSaved }: { value: RateSettings; onSaved: (v: RateSettings) => void }) {
  return (
    <ModalForm<RateSettings>
      title={t('console.stats.settings')}
      trigger={<Button size="small">{t('console.stats.settings')}</Button>}
      initialValues={value}
      modalProps={{ destroyOnHidden: true }}
      onFinish={async (v) => {
        try {
          const saved = await api<RateSettings>('PUT', '/stats/settings', v);
          message.success(t('console.stats.settings.saved'));
          onSaved(saved);
          return true;
        } catch (e) {
          showError(e);
          return false;
        }
      }}
    >
      <ProFormSelect
        name="satisfiedStars"
        label={t('console.stats.settings.satisfiedStars')}
        options={[1, 2, 3, 4, 5].map((n) => ({ value: n, label: t('console.stats.settings.stars', { n }) }))}
        rules={[zodRule(RateSettings, 'satisfiedStars')]}
      />
      <ProFormSwitch name="includeCallbacks" label={t('console.stats.settings.includeCallbacks')} />
    </ModalForm>
  );
}
