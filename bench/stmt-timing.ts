// Where a SQLite workload spends its time, statement by statement: preload it into any process that uses
// better-sqlite3, e.g.  node --import tsx --import ./bench/stmt-timing.ts bench/profile-http.ts 8
// At exit it prints the 30 statements with the most total time (count, mean) and the spread of COMMIT times
// (a long tail is the WAL checkpoints that run inside a commit).
import SQLite from 'better-sqlite3';

type Tally = { n: number; ns: bigint };
const stats = new Map<string, Tally>();
const commits: number[] = [];

function tally(key: string, started: bigint): void {
  const s = stats.get(key) ?? { n: 0, ns: 0n };
  s.n++;
  s.ns += process.hrtime.bigint() - started;
  stats.set(key, s);
}

const probe = new SQLite(':memory:');
const statement = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...a: unknown[]) => unknown>;
for (const method of ['run', 'all', 'get']) {
  const original = statement[method]!;
  statement[method] = function (this: { source: string }, ...args: unknown[]) {
    const t = process.hrtime.bigint();
    try {
      return original.apply(this, args);
    } finally {
      tally(`${method} ${this.source.slice(0, 110)}`, t);
    }
  };
}
const database = Object.getPrototypeOf(probe) as { exec: (sql: string) => unknown };
const exec = database.exec;
database.exec = function (this: unknown, text: string) {
  const t = process.hrtime.bigint();
  try {
    return exec.call(this, text);
  } finally {
    tally(`exec ${text.replace(/tx\d+/, 'txN').slice(0, 60)}`, t);
    if (text === 'commit') commits.push(Number(process.hrtime.bigint() - t) / 1000);
  }
};
probe.close();

process.on('exit', () => {
  const rows = [...stats].sort((a, b) => Number(b[1].ns - a[1].ns)).slice(0, 30);
  for (const [k, s] of rows) {
    const total = (Number(s.ns) / 1e6).toFixed(0).padStart(6);
    console.log(`${total} ms ${String(s.n).padStart(7)} ${(Number(s.ns) / s.n / 1000).toFixed(1).padStart(7)} µs  ${k}`);
  }
  commits.sort((a, b) => a - b);
  const q = (f: number) => commits[Math.floor(f * (commits.length - 1))]?.toFixed(0);
  const slow = commits.filter((c) => c > 3000);
  console.log(
    `commit µs p10 ${q(0.1)} p50 ${q(0.5)} p90 ${q(0.9)} p99 ${q(0.99)} max ${q(1)}; over 3 ms: ${slow.length}, ${slow.reduce((a, b) => a + b, 0).toFixed(0)} µs in all`,
  );
});
