import { Toast } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { t } from '../../shared/i18n.ts';
import type { Tile } from '../tiles.ts';

/** Big entry tiles; a module that is not built yet is marked and says 即将上线 when tapped; `badges` puts a count on a tile. */
export function TileGrid({ tiles, badges }: { tiles: Tile[]; badges?: Record<string, number> }) {
  const navigate = useNavigate();
  const open = (tile: Tile) => {
    if (tile.to) navigate(tile.to);
    else Toast.show({ content: t('h5.comingSoon') });
  };
  return (
    <div className="tx-tiles">
      {tiles.map((tile) => (
        <button key={tile.key} type="button" className="tx-tile" data-tile={tile.key} onClick={() => open(tile)}>
          <span className="tx-tile-icon" style={{ background: tile.color }} aria-hidden="true">
            {tile.glyph}
          </span>
          <span className="tx-tile-label">{t(`h5.tile.${tile.key}`)}</span>
          {!tile.to && <span className="tx-tile-soon">{t('h5.soonBadge')}</span>}
          {(badges?.[tile.key] ?? 0) > 0 && (
            <span className="tx-tile-soon" data-testid={`tile-badge-${tile.key}`} style={{ background: '#e03131', color: '#fff' }}>
              {(badges?.[tile.key] ?? 0) > 99 ? '99+' : badges?.[tile.key]}
            </span>
          )}
        </button>
      ))}
    </div>
  );
}
