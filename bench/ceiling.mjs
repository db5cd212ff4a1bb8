// The ceiling every scenario is compared with: a bare Fastify process with the server's options whose
// route answers a constant. Started as a separate process so it competes for the same cores.
// With CALIBRATION_DIR set it also serves issue 4's calibration route, "a minimal route doing one SQLite WAL insert
// plus one audit insert" (≈ 22,000 req/s where the issue was written): POST /calibration/insert/normal (WAL with
// synchronous=NORMAL, SQLite's usual WAL setting: no fsync at commit) and /calibration/insert/full (synchronous=FULL,
// an fsync per request, as the server's durability asks). It tells how this machine compares with the issue's.
// Both tables key their rows by rowid, the minimal insert: random 32-character text keys (what this route used until
// 2026-11-27) land on a random leaf page each, which cost this route 35–45 % of its throughput and made this machine
// look half as fast at writing as the issue's. The server's own ids are UUIDv7, time-ordered, so they append too.
import { join } from 'node:path';
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.get('/ceiling', async () => ({ ok: true }));

const dir = process.env.CALIBRATION_DIR;
if (dir) {
  const { default: Database } = await import('better-sqlite3');
  for (const sync of ['normal', 'full']) {
    const db = new Database(join(dir, `calibration-${sync}.db`));
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${sync.toUpperCase()}`);
    db.exec(`create table if not exists t (id integer primary key, alliance_id text not null, description text not null, created_at integer not null);
      create table if not exists a (id integer primary key, seq integer not null, at integer not null, action text not null, data text not null)`);
    const it = db.prepare('insert into t (alliance_id, description, created_at) values (?, ?, ?)');
    const ia = db.prepare('insert into a (seq, at, action, data) values (?, ?, ?, ?)');
    let seq = 0;
    const tx = db.transaction((description) => {
      const now = Date.now();
      const id = it.run('alliance', description, now).lastInsertRowid;
      ia.run(++seq, now, 'ticket.create', JSON.stringify({ id: Number(id) }));
    });
    app.post(`/calibration/insert/${sync}`, async (req) => {
      tx(String(req.body?.description ?? ''));
      return { ok: true };
    });
  }
}

const port = Number(process.env.PORT ?? 0);
await app.listen({ host: '127.0.0.1', port });
process.stdout.write(`LISTENING ${app.server.address().port}\n`);
