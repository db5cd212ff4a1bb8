import { EyeOutlined } from '@ant-design/icons';
import { Alert, Dropdown, Modal, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { useState } from 'react';
import { post } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { showError } from '../lib/errors.ts';

type Field = 'phone' | 'idNumber';

/** 查看完整号码: reveals a person's full phone or ID number (person:reveal); the server audits each view. */
export function RevealButton({ personId, name, hasPhone, hasId }: { personId: string; name: string; hasPhone: boolean; hasId: boolean }) {
  const [shown, setShown] = useState<{ field: Field; value: string | null } | null>(null);
  const reveal = async (field: Field) => {
    try {
      const r = await post<{ field: Field; value: string | null }>(`/people/${personId}/reveal`, { field });
      setShown({ field, value: r.value });
    } catch (e) {
      showError(e);
    }
  };
  const items: MenuProps['items'] = [
    { key: 'phone', label: t('console.person.revealPhone'), disabled: !hasPhone },
    { key: 'idNumber', label: t('console.person.revealId'), disabled: !hasId },
  ];
  if (!hasPhone && !hasId) return null;
  return (
    <>
      <Dropdown menu={{ items, onClick: ({ key }) => void reveal(key as Field) }}>
        <a>
          <EyeOutlined /> {t('console.person.reveal')}
        </a>
      </Dropdown>
      <Modal
        open={!!shown}
        title={t('console.person.revealTitle', { name })}
        onCancel={() => setShown(null)}
        onOk={() => setShown(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
        destroyOnHidden
      >
        {shown && (
          <>
            <Typography.Paragraph>
              {t(shown.field === 'phone' ? 'console.person.phone' : 'console.person.idNumber')}：
              <Typography.Text strong copyable={!!shown.value} data-testid="revealed-value" style={{ fontSize: 18 }}>
                {shown.value ?? t('common.none')}
              </Typography.Text>
            </Typography.Paragraph>
            <Alert type="warning" showIcon message={t('console.person.revealAudited')} />
          </>
        )}
      </Modal>
    </>
  );
}
