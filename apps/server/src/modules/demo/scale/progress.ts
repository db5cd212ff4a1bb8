/** A progress bar for long generator runs: a redrawn line on a TTY (percentage, rate, ETA), else a line every 10 s. */

export interface Progress {
  tick(n: number): void;
  phase(name: string): void;
  done(): void;
}

/** A progress reporter over `total` work units writing to `stream` (silent when stream is null). */
export function progressBar(total: number, stream: NodeJS.WriteStream | null, unit = 'rows'): Progress {
  const started = Date.now();
  let doneUnits = 0;
  let phase = '';
  let lastDraw = 0;
  let lastLine = started;
  const tty = !!stream?.isTTY;
  const draw = (force: boolean) => {
    if (!stream) return;
    const t = Date.now();
    if (!force && t - lastDraw < (tty ? 200 : 0)) return;
    if (!tty && !force && t - lastLine < 10_000) return;
    lastDraw = t;
    const pct = total ? Math.min(100, (100 * doneUnits) / total) : 100;
    const secs = (t - started) / 1000;
    const rate = secs > 0 ? Math.round(doneUnits / secs) : 0;
    const eta = rate > 0 ? Math.max(0, Math.round((total - doneUnits) / rate)) : 0;
    if (tty) {
      const width = 30;
      const fill = Math.round((pct / 100) * width);
      stream.write(
        `\r[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${pct.toFixed(1).padStart(5)}%  ${rate.toLocaleString('en-US')} ${unit}/s  ${secs.toFixed(0)}s  ETA ${eta}s  ${phase}\x1b[K`,
      );
    } else {
      lastLine = t;
      stream.write(`${pct.toFixed(1)}% ${doneUnits}/${total} ${unit}, ${rate}/s, ${secs.toFixed(0)}s elapsed, ETA ${eta}s (${phase})\n`);
    }
  };
  return {
    tick(n) {
      doneUnits += n;
      draw(false);
    },
    phase(name) {
      phase = name;
      draw(false);
    },
    done() {
      doneUnits = total;
      draw(true);
      if (tty) stream?.write('\n');
    },
  };
}
