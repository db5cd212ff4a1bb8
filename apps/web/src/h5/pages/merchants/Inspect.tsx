import './merchants.css';
import { Button, ErrorBlock, List, SearchBar, Tag, Toast } from 'antd-mobile';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { t, tn } from '../../../shared/i18n.ts';
import { PageShell } from '../../components/PageShell.tsx';
import { errorText } from '../../errors.ts';
import { canDecodeQr, decodeQr, findMerchants, type FoundMerchant } from './api.ts';
import { merchantLine, stars } from './labels.ts';

/**
 * 巡查商户: the inspector finds a merchant by name, 统一社会信用代码, the code printed under its QR or its whole contact
 * phone (or scans the QR with the camera where the browser can read it), then opens its record to deduct with a photo.
 */
export default function InspectPage() {
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [items, setItems] = useState<FoundMerchant[] | null>(null);
  const [busy, setBusy] = useState(false);
  const file = useRef<HTMLInputElement>(null);

  const search = async (text: string) => {
    const v = text.trim();
    if (!v) return;
    setBusy(true);
    try {
      const found = await findMerchants(v);
      if (found.length === 1) navigate(`/merchants/${found[0]!.id}`);
      else setItems(found);
    } catch (e) {
      Toast.show({ icon: 'fail', content: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  const scanned = async (f: File | undefined) => {
    if (!f) return;
    const text = await decodeQr(f);
    if (!text) {
      Toast.show({ content: t('merchants.h5.scanFailed') });
      return;
    }
    setQ(text);
    await search(text);
  };

  return (
    <PageShell title={t('merchants.h5.inspectTitle')}>
      <div className="tx-mc-section" style={{ marginTop: 12 }}>
        <SearchBar placeholder={t('merchants.h5.searchPlaceholder')} value={q} onChange={setQ} onSearch={(v) => void search(v)} />
      </div>
      <div className="tx-mc-actions">
        <Button color="primary" loading={busy} onClick={() => void search(q)}>
          {t('merchants.h5.search')}
        </Button>
        {canDecodeQr() ? <Button onClick={() => file.current?.click()}>{t('merchants.h5.scan')}</Button> : null}
        <input
          ref={file}
          className="tx-mc-scan"
          type="file"
          accept="image/*"
          capture="environment"
          onChange={(e) => {
            void scanned(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
      </div>
      {!canDecodeQr() ? <div className="tx-hint tx-mc-section">{t('merchants.h5.scanHint')}</div> : null}
      {items === null ? null : items.length === 0 ? (
        <ErrorBlock status="empty" title={t('merchants.h5.notFound')} description="" />
      ) : (
        <List>
          {items.map((m) => (
            <List.Item
              key={m.id}
              onClick={() => navigate(`/merchants/${m.id}`)}
              description={merchantLine(m)}
              extra={
                <span>
                  <span className="tx-mc-stars">{stars(m.creditStars)}</span> {tn('merchants.h5.pointsShort', m.creditPoints)}
                </span>
              }
            >
              {m.name} {m.creditFlag ? <Tag color={m.creditFlag === 'red' ? 'danger' : 'warning'}>{t(`merchants.registry.flag.${m.creditFlag}`)}</Tag> : null}
            </List.Item>
          ))}
        </List>
      )}
    </PageShell>
  );
}
