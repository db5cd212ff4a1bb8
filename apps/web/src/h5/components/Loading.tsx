import { DotLoading } from 'antd-mobile';

/** A centred spinner for route and data loading. */
export function Loading() {
  return (
    <div className="tx-loading">
      <DotLoading color="primary" />
    </div>
  );
}
