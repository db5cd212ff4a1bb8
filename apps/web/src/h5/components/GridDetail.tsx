import type { Grid } from '@tongxin/domain';
import { Button, List, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { t } from '../../shared/i18n.ts';
import { levelNameOf, type GridTree } from '../gridTree.ts';
import { GridList } from './GridList.tsx';

/** One grid: what it is, its 网格员/邻铺长/中心户, its sub-grids, and a way to its people. */
export function GridDetail({ grid, tree, levelNames, canSeePeople }: { grid: Grid; tree: GridTree; levelNames: readonly string[]; canSeePeople: boolean }) {
  const navigate = useNavigate();
  const children = tree.children.get(grid.id) ?? [];
  const parent = grid.parentId ? tree.byId.get(grid.parentId) : undefined;
  const childLevel = children[0] ? levelNameOf(children[0], levelNames) : (levelNames[grid.level] ?? '');

  return (
    <>
      <section className="tx-card tx-grid-head">
        <div className="tx-grid-title">
          <span>{grid.name}</span>
          <Tag color="primary" fill="outline">
            {levelNameOf(grid, levelNames)}
          </Tag>
        </div>
        {parent && <div className="tx-muted">{t('h5.grids.parent', { name: parent.name })}</div>}
        {grid.code && <div className="tx-muted">{t('h5.grids.code', { code: grid.code })}</div>}
        {grid.description && <p className="tx-pre">{grid.description}</p>}
        {canSeePeople && (
          <Button
            size="small"
            color="primary"
            fill="outline"
            onClick={() => navigate(`/people?${new URLSearchParams({ gridId: grid.id, gridName: grid.name })}`)}
          >
            {t('h5.grids.people')}
          </Button>
        )}
      </section>
      <List header={t('h5.grids.members', { n: grid.members.length })}>
        {grid.members.length === 0 && <List.Item className="tx-muted">{t('h5.grids.noMembers')}</List.Item>}
        {grid.members.map((m) => (
          <List.Item
            key={`${m.personId}:${m.role}`}
            prefix={<span className="tx-avatar tx-avatar-sm">{m.personName.slice(0, 1)}</span>}
            extra={t(`gridRole.${m.role}`)}
          >
            {m.personName}
          </List.Item>
        ))}
      </List>
      {children.length > 0 && (
        <GridList header={t('h5.grids.children', { level: childLevel, n: children.length })} grids={children} tree={tree} levelNames={levelNames} />
      )}
    </>
  );
}
