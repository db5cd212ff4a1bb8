import './projects.css';
import type { Adoption, Project } from '@tongxin/domain';
import { Button, Dialog, InfiniteScroll, List, ProgressBar, PullToRefresh, Space, Tabs, Tag, TextArea, Toast } from 'antd-mobile';
import { useSearchParams } from 'react-router';
import { post } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { ListFooter } from '../../components/ListFooter.tsx';
import { PageShell } from '../../components/PageShell.tsx';
import { errorText } from '../../errors.ts';
import { usePagedList } from '../../hooks/usePagedList.ts';
import { useSession } from '../../session.tsx';

/** One service project: owner unit, deadline, places left, and the adopt / cancel button. */
function ProjectItem({ p, onAdopt }: { p: Project; onAdopt: ((p: Project) => void) | null }) {
  const left = p.capacity === null ? null : Math.max(0, p.capacity - p.adoptedCount);
  const open = (p.status === 'planned' || p.status === 'in_progress') && (left === null || left > 0);
  return (
    <List.Item
      description={
        <Space direction="vertical" style={{ '--gap': '4px', width: '100%' }}>
          {p.description && <span>{p.description}</span>}
          <span>
            {p.ownerUnitName}
            {p.deadline && ` · ${t('resources.h5.until', { date: p.deadline })}`}
          </span>
          {p.capacity !== null && (
            <div className="tx-adopt-bar">
              <ProgressBar percent={(p.adoptedCount / p.capacity) * 100} />
              <span className="tx-adopt-count">{t('projects.adopted', { n: p.adoptedCount, capacity: p.capacity })}</span>
            </div>
          )}
        </Space>
      }
      extra={
        p.adoptedByMe ? (
          <Tag color="success">{t('resources.h5.adopted')}</Tag>
        ) : onAdopt ? (
          <Button size="small" color="primary" disabled={!open} onClick={() => onAdopt(p)}>
            {open ? t('resources.h5.adopt') : t('resources.h5.full')}
          </Button>
        ) : null
      }
    >
      {p.title}
    </List.Item>
  );
}

/** My adoptions, each cancellable while active. */
function MyAdoptions() {
  const list = usePagedList<Adoption>('/adoptions/mine', {});
  const cancel = async (a: Adoption) => {
    if (!(await Dialog.confirm({ content: t('resources.h5.cancelConfirm', { title: a.projectTitle }) }))) return;
    try {
      await post(`/adoptions/${a.id}/cancel`);
      Toast.show({ icon: 'success', content: t('resources.h5.cancelled') });
      await list.refresh();
    } catch (e) {
      Toast.show({ icon: 'fail', content: errorText(e) });
    }
  };
  return (
    <PullToRefresh onRefresh={list.refresh}>
      <List>
        {list.items.map((a) => (
          <List.Item
            key={a.id}
            description={a.note ?? undefined}
            extra={
              a.status === 'active' ? (
                <Button size="mini" fill="outline" color="danger" onClick={() => void cancel(a)}>
                  {t('resources.h5.cancel')}
                </Button>
              ) : (
                <Tag>{t(`adoptionStatus.${a.status}`)}</Tag>
              )
            }
          >
            {a.projectTitle}
          </List.Item>
        ))}
      </List>
      <InfiniteScroll key={list.queryId} loadMore={list.loadMore} hasMore={list.hasMore}>
        {(hasMore, failed, retry) => <ListFooter hasMore={hasMore} failed={failed} retry={retry} empty={list.items.length === 0} error={list.error} />}
      </InfiniteScroll>
    </PullToRefresh>
  );
}

/** 认领服务 (认购式服务): merchants browse the service projects units publish, adopt one, and cancel an adoption. */
export default function ServiceProjectsPage() {
  const [search, setSearch] = useSearchParams();
  const tab = search.get('tab') === 'mine' ? 'mine' : 'open';
  const list = usePagedList<Project>('/projects', { kind: 'service', open: 'true' });
  // shops (and residents) adopt; staff and units browse what is on offer
  const { me } = useSession();
  const mayAdopt = me?.role?.dataScope === 'own';

  const adopt = async (p: Project) => {
    let text = '';
    const ok = await Dialog.confirm({
      // the project's own title (often itself 认领…), and the verb on the button: 认领“认领…” read twice
      title: p.title,
      confirmText: t('resources.h5.adopt'),
      content: <TextArea placeholder={t('resources.h5.notePlaceholder')} maxLength={500} rows={3} onChange={(v) => (text = v)} />,
    });
    if (!ok) return;
    try {
      await post(`/projects/${p.id}/adoptions`, { note: text.trim() || null });
      Toast.show({ icon: 'success', content: t('resources.h5.adoptedToast') });
      await list.refresh();
    } catch (e) {
      Toast.show({ icon: 'fail', content: errorText(e) });
      await list.refresh();
    }
  };
  return (
    <PageShell title={t('h5.tile.adopt')}>
      <Tabs activeKey={tab} onChange={(k) => setSearch(k === 'mine' ? { tab: 'mine' } : {}, { replace: true })}>
        <Tabs.Tab title={t('resources.h5.open')} key="open" />
        <Tabs.Tab title={t('resources.h5.mine')} key="mine" />
      </Tabs>
      {tab === 'open' ? (
        <PullToRefresh onRefresh={list.refresh}>
          {list.total > 0 && <div className="tx-count">{t('h5.list.total', { n: list.total })}</div>}
          {!mayAdopt && <div className="tx-hint tx-center">{t('resources.h5.adoptMerchantsOnly')}</div>}
          <List>
            {list.items.map((p) => (
              <ProjectItem key={p.id} p={p} onAdopt={mayAdopt ? (x) => void adopt(x) : null} />
            ))}
          </List>
          <InfiniteScroll key={list.queryId} loadMore={list.loadMore} hasMore={list.hasMore}>
            {(hasMore, failed, retry) => <ListFooter hasMore={hasMore} failed={failed} retry={retry} empty={list.items.length === 0} error={list.error} />}
          </InfiniteScroll>
        </PullToRefresh>
      ) : (
        <MyAdoptions />
      )}
    </PageShell>
  );
}
