import { Alert, Modal, Typography } from 'antd';
import type { ReactNode } from 'react';

/**
 * A secret shown once, right after it was created (an API key, a display link): a warning, the secret to copy, and what
 * to do with it. Only its hash is stored, so closing the dialog loses it for good.
 */
export function ShownOnceModal(props: {
  /** the secret; null: closed */
  secret: string | null;
  title: string;
  warning: string;
  okText: string;
  testId: string;
  onClose: () => void;
  children?: ReactNode;
}) {
  return (
    <Modal
      open={props.secret !== null}
      title={props.title}
      onOk={props.onClose}
      onCancel={props.onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
      okText={props.okText}
      maskClosable={false}
      destroyOnHidden
    >
      <Alert type="warning" showIcon message={props.warning} style={{ marginBottom: 16 }} />
      <Typography.Paragraph copyable={{ text: props.secret ?? '' }} code data-testid={props.testId} style={{ fontSize: 14, wordBreak: 'break-all' }}>
        {props.secret}
      </Typography.Paragraph>
      {props.children}
    </Modal>
  );
}
