import { CLIENT_HEADER } from '@tongxin/domain';
import { PlusOutlined } from '@ant-design/icons';
import { Upload, message } from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { t } from '../../../shared/i18n.ts';

interface UploadAnswer {
  id?: string;
  error?: { code: string; message: string };
}

/** Photos uploaded one by one to POST /api/v1/files (multipart `file`); the form value is the list of file ids. */
export function PhotoUpload({ onChange, max = 9, id }: { value?: string[]; onChange?: (ids: string[]) => void; max?: number; id?: string }) {
  const [files, setFiles] = useState<UploadFile<UploadAnswer>[]>([]);
  return (
    <Upload<UploadAnswer>
      id={id}
      action="/api/v1/files"
      name="file"
      withCredentials
      headers={{ [CLIENT_HEADER]: '1' }}
      accept="image/jpeg,image/png,image/webp"
      listType="picture-card"
      fileList={files}
      maxCount={max}
      beforeUpload={(f) => {
        if (f.size > 10 * 1024 * 1024) {
          void message.error(t('error.PAYLOAD_TOO_LARGE'));
          return Upload.LIST_IGNORE;
        }
        return true;
      }}
      onChange={({ file, fileList }) => {
        if (file.status === 'error') {
          const code = file.response?.error?.code;
          const key = code ? `error.${code}` : 'console.ticket.uploadFailed';
          void message.error(t(key) === key ? t('console.ticket.uploadFailed') : t(key));
        }
        const kept = fileList.filter((f) => f.status !== 'error');
        setFiles(kept);
        onChange?.(kept.map((f) => f.response?.id).filter((x): x is string => typeof x === 'string'));
      }}
    >
      {files.length >= max ? null : (
        <div>
          <PlusOutlined />
          <div style={{ marginTop: 8 }}>{t('console.ticket.upload')}</div>
        </div>
      )}
    </Upload>
  );
}
