import { ActionSheet, Toast } from 'antd-mobile';
import { post } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { errorText } from '../errors.ts';
import type { Me } from '../session.tsx';
import { roleLabel } from '../../shared/dataNames.ts';

/** Opens a sheet of the user's alliances; choosing one switches the session (POST /auth/switch). */
export function openAllianceSwitcher(me: Me, onSwitched: (next: Me) => void): void {
  const handler = ActionSheet.show({
    extra: t('h5.me.switchTitle'),
    cancelText: t('common.cancel'),
    actions: me.memberships.map((m) => ({
      key: m.allianceId,
      text: `${m.allianceName} · ${roleLabel(m.roleName)}`,
      disabled: m.allianceId === me.currentAlliance?.id,
      description: m.allianceId === me.currentAlliance?.id ? t('h5.me.current') : (m.unitName ?? undefined),
    })),
    onAction: async (action) => {
      handler.close();
      const allianceId = String(action.key);
      Toast.show({ icon: 'loading', content: t('common.loading'), duration: 0 });
      try {
        const next = await post<Me>('/auth/switch', { allianceId });
        onSwitched(next);
        Toast.show({ icon: 'success', content: t('h5.me.switched', { name: next.currentAlliance?.name ?? '' }) });
      } catch (e) {
        Toast.show({ icon: 'fail', content: errorText(e) });
      }
    },
  });
}
