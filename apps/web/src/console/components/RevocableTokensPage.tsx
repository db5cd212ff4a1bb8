import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormText, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { Button, Form } from 'antd';
import { useRef, useState, type ComponentProps, type ReactNode } from 'react';
import type { z } from 'zod';
import { del, post } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { zodRule } from '../../shared/zodRule.ts';
import { attempt } from '../lib/errors.ts';
import { listRequest } from '../lib/list.ts';
import { ShownOnceModal } from './ShownOnceModal.tsx';
import { tokenColumns, type TokenColumns, type TokenRow } from './tokenColumns.tsx';

type Shown = Omit<ComponentProps<typeof ShownOnceModal>, 'onClose'>;

interface Props<R extends TokenRow, C extends R> {
  /** the page's locale keys: `<ns>.create`, `.created`, `.revoked`, `.namePlaceholder` and those of tokenColumns */
  ns: string;
  title: string;
  /** the API collection: GET lists, POST creates, DELETE /<id> revokes */
  path: string;
  intro?: ReactNode;
  columns: (c: TokenColumns<R>) => ProColumns<R>[];
  scrollX?: number;
  /** the create form: its name (field ids), the schema its fields are checked with, and its fields after the name */
  form: { name: string; schema: z.ZodObject; initialValues?: Record<string, unknown>; fields?: ReactNode };
  /** the shown-once dialog of a created token (`secret: null` keeps it closed) */
  shown: (created: C | null) => Shown;
}

/**
 * A page of revocable tokens (接口密钥, 投屏链接): their table, newest first, a create form, the token shown once after it
 * is created, and revoking with a confirmation. The page names what differs: its columns, its form's fields, the dialog.
 */
export function RevocableTokensPage<R extends TokenRow, C extends R>(p: Props<R, C>) {
  const action = useRef<ActionType>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<C | null>(null);

  const revoke = async (r: R) => {
    if (await attempt(() => del(`${p.path}/${r.id}`), undefined, t(`${p.ns}.revoked`))) action.current?.reload();
  };

  return (
    <PageContainer title={p.title}>
      {p.intro}
      <ProTable<R>
        rowKey="id"
        actionRef={action}
        columns={p.columns(tokenColumns<R>(p.ns, (r) => void revoke(r)))}
        search={false}
        request={listRequest<R>(p.path)}
        pagination={{ defaultPageSize: 20 }}
        scroll={p.scrollX ? { x: p.scrollX } : undefined}
        toolBarRender={() => [
          <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('common.create')}
          </Button>,
        ]}
      />
      {creating && (
        <CreateForm<C>
          {...p}
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreated(c);
            action.current?.reload();
          }}
        />
      )}
      <ShownOnceModal {...p.shown(created)} onClose={() => setCreated(null)} />
    </PageContainer>
  );
}

/** The create form: the token's name, the page's own fields; what the server answers goes to onCreated. */
function CreateForm<C>(p: Pick<Props<TokenRow, TokenRow>, 'ns' | 'path' | 'form'> & { onClose: () => void; onCreated: (c: C) => void }) {
  const [form] = Form.useForm();
  return (
    <ModalForm
      name={p.form.name}
      title={t(`${p.ns}.create`)}
      open
      onOpenChange={(o) => !o && p.onClose()}
      form={form}
      width={480}
      initialValues={p.form.initialValues}
      onFinish={async (v) => {
        let created: C | null = null;
        const ok = await attempt(
          async () => {
            created = await post<C>(p.path, v);
          },
          form,
          t(`${p.ns}.created`),
        );
        if (ok && created) p.onCreated(created);
        return ok;
      }}
    >
      <ProFormText
        name="name"
        label={t(`${p.ns}.name`)}
        placeholder={t(`${p.ns}.namePlaceholder`)}
        rules={[{ required: true, message: t('issue.required') }, zodRule(p.form.schema, 'name')]}
      />
      {p.form.fields}
    </ModalForm>
  );
}
