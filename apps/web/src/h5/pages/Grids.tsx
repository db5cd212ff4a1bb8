import type { Grid } from '@tongxin/domain';
import { ErrorBlock, PullToRefresh, SearchBar } from 'antd-mobile';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { t } from '../../shared/i18n.ts';
import { GridDetail } from '../components/GridDetail.tsx';
import { GridList } from '../components/GridList.tsx';
import { Loading } from '../components/Loading.tsx';
import { PageShell } from '../components/PageShell.tsx';
import { buildGridTree } from '../gridTree.ts';
import { useFetch } from '../hooks/useFetch.ts';
import { roleKeyOf } from '../roles.ts';
import { useMe } from '../session.tsx';

/** 我的网格 / 网格: the grid tree in the user's scope, walked one level at a time (/grids/:id). */
export default function GridsPage() {
  const { id } = useParams();
  const me = useMe();
  const { data, error, loading, reload } = useFetch<{ items: Grid[] } | Grid[]>('/grids/tree');
  const tree = useMemo(() => buildGridTree(data), [data]);
  const [q, setQ] = useState('');
  const levelNames = me.currentAlliance?.gridLevelNames ?? [];
  const canSeePeople = me.permissions.includes('person:read');
  const rootTitle = t(roleKeyOf(me) === 'grid_officer' ? 'h5.tile.myGrid' : 'h5.tile.grids');

  // one grid in scope (a typical 网格员): show it straight away
  const single = !id && tree.roots.length === 1 ? tree.roots[0] : undefined;
  const grid = id ? tree.byId.get(id) : single;
  const matches = q ? [...tree.byId.values()].filter((g) => g.name.includes(q) || (g.code ?? '').includes(q)) : tree.roots;

  let body;
  if (loading) body = <Loading />;
  else if (error && !data) body = <ErrorBlock status="default" title={error} description="" />;
  else if (grid) body = <GridDetail grid={grid} tree={tree} levelNames={levelNames} canSeePeople={canSeePeople} />;
  else if (id) body = <ErrorBlock status="empty" title={t('error.NOT_FOUND')} description="" />;
  else if (tree.roots.length === 0) body = <ErrorBlock status="empty" title={t('h5.grids.none')} description={t('h5.grids.noneHint')} />;
  else
    body = (
      <>
        <div className="tx-search">
          <SearchBar placeholder={t('h5.grids.searchPlaceholder')} onChange={(v) => setQ(v.trim())} />
        </div>
        <GridList grids={matches} tree={tree} levelNames={levelNames} />
        {matches.length === 0 && <ErrorBlock status="empty" title={t('h5.list.empty')} description="" />}
      </>
    );

  return (
    <PageShell title={id && grid ? grid.name : rootTitle}>
      <PullToRefresh onRefresh={reload}>{body}</PullToRefresh>
    </PageShell>
  );
}
