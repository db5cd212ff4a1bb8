import type { Grid } from '@tongxin/domain';
import { List, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { t } from '../../shared/i18n.ts';
import { descendantCount, levelNameOf, type GridTree } from '../gridTree.ts';

/** Grids as tappable rows: level, name, how many people are assigned and how many grids lie below. */
export function GridList({ header, grids, tree, levelNames }: { header?: string; grids: Grid[]; tree: GridTree; levelNames: readonly string[] }) {
  const navigate = useNavigate();
  return (
    <List header={header}>
      {grids.map((g) => {
        const below = descendantCount(tree, g.id);
        const officers = g.members.map((m) => m.personName).join('、');
        return (
          <List.Item
            key={g.id}
            onClick={() => navigate(`/grids/${g.id}`)}
            description={officers ? t('h5.grids.officers', { names: officers }) : t('h5.grids.noMembers')}
            extra={below > 0 ? t('h5.grids.below', { n: below }) : undefined}
          >
            <Tag color="primary" fill="outline" className="tx-level-tag">
              {levelNameOf(g, levelNames)}
            </Tag>
            {g.name}
          </List.Item>
        );
      })}
    </List>
  );
}
