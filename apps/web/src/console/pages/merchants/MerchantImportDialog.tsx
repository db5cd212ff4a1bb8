import { InboxOutlined } from '@ant-design/icons';
import type { MerchantImportMode, MerchantImportResult } from '@tongxin/domain';
import { Alert, Button, Descriptions, List, Modal, Radio, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { t } from '../../../shared/i18n.ts';
import { showError } from '../../lib/errors.ts';
import { downloadXlsx } from '../../lib/download.ts';
import { importWorkbook } from './merchantFiles.ts';

/** The import dialog: choose an .xlsx and the mode, import, read the summary, download the error report. */
export function MerchantImportDialog({ onClose, onImported }: { onClose: () => void; onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<MerchantImportMode>('valid');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<MerchantImportResult | null>(null);

  const start = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const r = await importWorkbook(file, mode);
      setResult(r);
      if (r.created || r.updated) onImported();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const report = async () => {
    if (!result?.reportUrl) return;
    try {
      await downloadXlsx(result.reportUrl, 'import-report.xlsx');
    } catch (e) {
      showError(e);
    }
  };

  const footer = result
    ? [
        result.reportUrl && (
          <Button key="report" onClick={() => void report()}>
            {t('merchants.import.downloadReport')}
          </Button>
        ),
        <Button key="close" type="primary" onClick={onClose}>
          {t('merchants.import.close')}
        </Button>,
      ]
    : [
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="start" type="primary" loading={busy} disabled={!file} onClick={() => void start()}>
          {t('merchants.import.start')}
        </Button>,
      ];

  return (
    <Modal open title={t('merchants.import.title')} onCancel={onClose} footer={footer} width={640} destroyOnHidden>
      {!result && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Typography.Paragraph type="secondary">{t('merchants.import.hint')}</Typography.Paragraph>
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>{file ? file.name : t('merchants.import.noFile')}</p>
          </Upload.Dragger>
          <div>
            <Typography.Text strong>{t('merchants.import.mode')}</Typography.Text>
            <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as MerchantImportMode)} style={{ marginLeft: 12 }}>
              <Radio value="valid">{t('merchants.import.mode.valid')}</Radio>
              <Radio value="all">{t('merchants.import.mode.all')}</Radio>
            </Radio.Group>
          </div>
        </Space>
      )}
      {result && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Alert
            type={result.committed ? (result.rejected ? 'warning' : 'success') : 'error'}
            showIcon
            message={result.committed ? t('merchants.import.done') : t('merchants.import.notCommitted')}
          />
          <Descriptions size="small" column={5} bordered layout="vertical">
            <Descriptions.Item label={t('merchants.import.total')}>{result.total}</Descriptions.Item>
            <Descriptions.Item label={t('merchants.import.created')}>{result.created}</Descriptions.Item>
            <Descriptions.Item label={t('merchants.import.updated')}>{result.updated}</Descriptions.Item>
            <Descriptions.Item label={t('merchants.import.unchanged')}>{result.unchanged}</Descriptions.Item>
            <Descriptions.Item label={t('merchants.import.rejected')}>
              <Typography.Text type={result.rejected ? 'danger' : undefined}>{result.rejected}</Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          {result.errors.length > 0 && (
            <List
              size="small"
              bordered
              style={{ maxHeight: 240, overflow: 'auto' }}
              dataSource={result.errors}
              renderItem={(e) => (
                <List.Item>
                  <Typography.Text strong>{t('merchants.import.row', { row: e.row })}</Typography.Text>
                  <span style={{ marginLeft: 8 }}>{e.reasons.join(t('merchants.import.reasonSep'))}</span>
                </List.Item>
              )}
            />
          )}
        </Space>
      )}
    </Modal>
  );
}
