// Reference servers answering a fixed body of the same bytes as a good /verify answer:
// BENCH_MODE=node, node:http with nothing else (the physical limit; BENCH_HEADERS, a JSON
// object, adds headers to each answer); BENCH_MODE=fastify, one
// fastify route and no logging (the framework's own floor). Run by bench/run.ts as a child.
import { createServer } from 'node:http';
import Fastify from 'fastify';
import { serveBenchControl } from './child-control.js';

const body = process.env.BENCH_BODY ?? '{}';

if (process.env.BENCH_MODE === 'fastify') {
  const app = Fastify({ logger: false });
  app.get('/verify', (_req, reply) => {
    reply.type('application/json; charset=utf-8').send(body);
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  serveBenchControl({ url, secrets: {} }, () => app.close());
} else {
  const bytes = Buffer.from(body);
  const extra = JSON.parse(process.env.BENCH_HEADERS ?? '{}') as Record<string, string>;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length, ...extra });
    res.end(bytes);
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    serveBenchControl({ url: `http://127.0.0.1:${port}`, secrets: {} }, async () => void server.close());
  });
}
