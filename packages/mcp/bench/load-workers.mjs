/**
 * `load.mjs --workers N`: the server child becomes a `node:cluster` primary with N worker
 * processes, each running load.mjs's own server (the index opened read-only in each) on one
 * shared port, as `mcdewey serve --stateless --workers N` does. The primary answers the load
 * bench's messages for all of them: memory and CPU probes summed over the workers and itself,
 * core's own rate from the first worker alone (one thread, as before).
 */
import cluster from 'node:cluster';
import { createServer } from 'node:net';

/** The port the primary picked, for its workers (see `mcdewey serve --workers`). */
export const PORT_VARIABLE = 'MCDEWEY_LOAD_PORT';

/** A worker's port: the primary's choice, or 0 (a free one) outside a pool. */
export function workerPort() {
  return Number(process.env[PORT_VARIABLE] ?? 0);
}

/** In the server child: start `count` workers and relay the bench's messages to them until told to stop. */
export async function servePool(count) {
  const port = await freePort();
  const workers = Array.from({ length: count }, () => asked(cluster.fork({ [PORT_VARIABLE]: String(port) })));
  const ready = await Promise.all(workers.map((worker) => worker.next()));
  for (const worker of workers) worker.process.once('exit', (code) => code !== 0 && console.error(`load: worker exited with ${code}`));
  process.on('message', async (message) => {
    if (message === 'stop') {
      await Promise.all(workers.map((worker) => new Promise((exited) => (worker.process.once('exit', exited), worker.process.send('stop')))));
      process.exit(0);
    }
    if (message?.core) return process.send(await workers[0].ask(message));
    const probes = (await Promise.all(workers.map((worker) => worker.ask(message)))).map((reply) => reply.probe);
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const sum = (key) => probes.reduce((total, probe) => total + probe[key], 0);
    process.send({
      probe: {
        rss: sum('rss') + memory.rss,
        heapUsed: sum('heapUsed') + memory.heapUsed,
        external: sum('external') + memory.external,
        cpuSeconds: sum('cpuSeconds') + (cpu.user + cpu.system) / 1e6,
        sessions: sum('sessions'),
        eventLoopDelayMs: { p99: Math.max(...probes.map((probe) => probe.eventLoopDelayMs.p99)), max: Math.max(...probes.map((probe) => probe.eventLoopDelayMs.max)) },
        rssPerProcessMB: [memory.rss, ...probes.map((probe) => probe.rss)].map((bytes) => +(bytes / 2 ** 20).toFixed(1)),
      },
    });
  });
  process.send({ ready: { ...ready[0].ready, workers: count } });
}

/** A worker whose replies are matched to questions first-in first-out (it answers in order). */
function asked(worker) {
  const replies = [];
  const waiting = [];
  worker.on('message', (message) => (waiting.length ? waiting.shift()(message) : replies.push(message)));
  const next = () => (replies.length ? Promise.resolve(replies.shift()) : new Promise((resolve) => waiting.push(resolve)));
  return {
    process: worker,
    next,
    ask: (message) => {
      const reply = next();
      worker.send(message);
      return reply;
    },
  };
}

async function freePort() {
  const probe = createServer();
  await new Promise((listening) => probe.listen(0, '127.0.0.1', listening));
  const { port } = probe.address();
  await new Promise((closed) => probe.close(closed));
  return port;
}
