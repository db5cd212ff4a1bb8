// The ceiling every scenario is compared with: a bare Fastify process with the server's options whose
// route answers a constant. Started as a separate process so it competes for the same cores.
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.get('/ceiling', async () => ({ ok: true }));
const port = Number(process.env.PORT ?? 0);
await app.listen({ host: '127.0.0.1', port });
process.stdout.write(`LISTENING ${app.server.address().port}\n`);
