import { ModalForm, ProFormSelect, ProFormSlider, ProFormTextArea } from '@ant-design/pro-components';
import { PROJECT_TRANSITIONS, ProjectProgressBody, ProjectStatusBody } from '@tongxin/domain';
import type { ProjectNode, ProjectStatus } from '@tongxin/domain';
import { Col, Form } from 'antd';
import { post } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { zodRule } from '../../../shared/zodRule.ts';
import { attempt } from '../../lib/errors.ts';
import { PhotoUpload } from '../tickets/PhotoUpload.tsx';

/** 进度更新: a new percentage of a leaf project, what was done and photos; the parents recompute on the server. */
export function ProgressDialog({ project, onClose, onDone }: { project: ProjectNode; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<{ progress: number; note?: string; photos?: string[] }>();
  return (
    <ModalForm
      name="projectProgress"
      title={t('projects.progressTitle', { title: project.title })}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={560}
      grid
      initialValues={{ progress: project.progress }}
      modalProps={{ destroyOnHidden: true }}
      onFinish={async (v) => {
        const ok = await attempt(() => post(`/projects/${project.id}/progress`, { progress: v.progress, note: v.note ?? null, photos: v.photos ?? [] }), form);
        if (ok) onDone();
        return ok;
      }}
    >
      <ProFormSlider
        colProps={{ span: 24 }}
        name="progress"
        label={t('projects.progress')}
        min={0}
        max={100}
        marks={{ 0: '0%', 50: '50%', 100: '100%' }}
        // the value bubble opens below the track: above it, it covered the field's label
        fieldProps={{ tooltip: { placement: 'bottom', formatter: (v?: number) => `${v ?? 0}%` } }}
      />
      <ProFormTextArea colProps={{ span: 24 }} name="note" label={t('projects.progressNote')} rules={[zodRule(ProjectProgressBody, 'note')]} />
      <Col span={24}>
        <Form.Item name="photos" label={t('projects.photos')}>
          <PhotoUpload />
        </Form.Item>
      </Col>
    </ModalForm>
  );
}

/** A status change along the allowed transitions (the server answers 409 to any other). */
export function StatusDialog({ project, onClose, onDone }: { project: ProjectNode; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<{ status: ProjectStatus; note?: string }>();
  const next = PROJECT_TRANSITIONS[project.status];
  return (
    <ModalForm
      name="projectStatus"
      title={t('projects.statusTitle', { title: project.title })}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={480}
      initialValues={{ status: next[0] }}
      modalProps={{ destroyOnHidden: true }}
      onFinish={async (v) => {
        const ok = await attempt(() => post(`/projects/${project.id}/status`, { status: v.status, note: v.note ?? null }), form);
        if (ok) onDone();
        return ok;
      }}
    >
      <ProFormSelect
        name="status"
        label={t('projects.newStatus')}
        options={next.map((s) => ({ value: s, label: t(`projectStatus.${s}`) }))}
        allowClear={false}
        rules={[{ required: true, message: t('issue.required') }]}
      />
      <ProFormTextArea name="note" label={t('projects.statusNote')} rules={[zodRule(ProjectStatusBody, 'note')]} />
    </ModalForm>
  );
}
