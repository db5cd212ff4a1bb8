import { DrawerForm, ProFormCheckbox, ProFormDependency, ProFormRadio, ProFormSelect, ProFormSwitch, ProFormText } from '@ant-design/pro-components';
import { NOTIFICATION_EVENTS, WEBHOOK_FORMATS, WebhookCreate, WebhookUpdate, type Unit, type Webhook } from '@tongxin/domain';
import { Form } from 'antd';
import { patch, post } from '../../../shared/api.ts';
import { enumOptions, t } from '../../../shared/i18n.ts';
import { keptRule, zodRule } from '../../../shared/zodRule.ts';
import { attempt } from '../../lib/errors.ts';

interface Values {
  name: string;
  unitId?: string | null;
  format: Webhook['format'];
  url?: string;
  msgType: Webhook['msgType'];
  events?: string[];
  enabled: boolean;
  secret?: string;
  clearSecret?: boolean;
}

/**
 * The drawer form of a webhook. Committee staff choose the unit (or the whole alliance); a unit's handler gets their
 * own unit. The URL and the secret are write-only once saved: left empty on edit, they stay as they are.
 */
export function WebhookForm(p: { editing: Webhook | null; units: Unit[]; allianceWide: boolean; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<Values>();
  const e = p.editing;
  const unitOptions = [
    ...(p.allianceWide ? [{ value: '', label: t('notifications.webhook.allianceWide') }] : []),
    ...p.units.map((u) => ({ value: u.id, label: u.name })),
  ];
  return (
    <DrawerForm<Values>
      name="webhook"
      title={e ? t('notifications.webhook.edit') : t('notifications.webhook.create')}
      open
      width={560}
      form={form}
      drawerProps={{ destroyOnHidden: true, onClose: p.onClose }}
      onOpenChange={(o) => !o && p.onClose()}
      initialValues={
        e
          ? { name: e.name, unitId: e.unitId ?? '', format: e.format, msgType: e.msgType, events: e.events, enabled: e.enabled }
          : { format: 'wecom', msgType: 'markdown', enabled: true, events: [], unitId: p.allianceWide ? '' : p.units[0]?.id }
      }
      onFinish={async (v) => {
        const events = (v.events ?? []) as Webhook['events'];
        const ok = await attempt(
          async () => {
            if (e) {
              const body: Record<string, unknown> = { name: v.name, msgType: v.msgType, events, enabled: v.enabled };
              if (v.url) body.url = v.url;
              if (v.secret) body.secret = v.secret;
              else if (v.clearSecret) body.secret = null;
              await patch(`/webhooks/${e.id}`, body);
            } else {
              await post('/webhooks', {
                name: v.name,
                unitId: v.unitId ? v.unitId : p.allianceWide ? null : undefined,
                format: v.format,
                url: v.url,
                msgType: v.msgType,
                events,
                enabled: v.enabled,
                secret: v.secret || undefined,
              });
            }
          },
          form,
          t('notifications.webhook.saved'),
        );
        if (ok) p.onSaved();
        return ok;
      }}
    >
      <ProFormText
        name="name"
        label={t('notifications.webhook.name')}
        rules={[{ required: true, message: t('issue.required') }, keptRule(WebhookCreate, 'name', e?.name)]}
      />
      <ProFormSelect name="unitId" label={t('notifications.webhook.unit')} options={unitOptions} disabled={!!e} allowClear={false} showSearch />
      <ProFormRadio.Group
        name="format"
        label={t('notifications.webhook.format')}
        radioType="button"
        disabled={!!e}
        options={enumOptions('notifications.webhook.format', WEBHOOK_FORMATS)}
      />
      <ProFormText
        name="url"
        label={t('notifications.webhook.url')}
        placeholder={e ? e.url : 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…'}
        extra={t('notifications.webhook.urlHelp')}
        rules={[...(e ? [] : [{ required: true, message: t('issue.required') }]), zodRule(WebhookUpdate, 'url')]}
      />
      <ProFormDependency name={['format']}>
        {({ format }: { format?: string }) =>
          format === 'wecom' && !e?.hasSecret ? null : (
            <>
              <ProFormText.Password
                name="secret"
                label={t('notifications.webhook.secret')}
                placeholder={e?.hasSecret ? t('notifications.webhook.secretKeep') : undefined}
                extra={format === 'signed_json' ? t('notifications.webhook.secretHelp.signed_json') : t('notifications.webhook.secretHelp.dingtalk')}
                rules={format === 'signed_json' && !e ? [{ required: true, message: t('issue.required') }] : []}
                fieldProps={{ autoComplete: 'new-password' }}
              />
              {e?.hasSecret && format !== 'signed_json' && <ProFormCheckbox name="clearSecret">{t('notifications.webhook.clearSecret')}</ProFormCheckbox>}
            </>
          )
        }
      </ProFormDependency>
      <ProFormDependency name={['format']}>
        {({ format }: { format?: string }) =>
          format === 'signed_json' ? null : (
            <ProFormRadio.Group
              name="msgType"
              label={t('notifications.webhook.msgType')}
              options={enumOptions('notifications.webhook.msgType', ['markdown', 'text'])}
            />
          )
        }
      </ProFormDependency>
      <ProFormSelect
        name="events"
        label={t('notifications.webhook.events')}
        mode="multiple"
        placeholder={t('notifications.webhook.allEvents')}
        extra={t('notifications.webhook.eventsHelp')}
        options={enumOptions('notifications.event', NOTIFICATION_EVENTS)}
      />
      <ProFormSwitch name="enabled" label={t('notifications.webhook.enabled')} />
    </DrawerForm>
  );
}
