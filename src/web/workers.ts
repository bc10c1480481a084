import cluster, { type Worker } from 'node:cluster';

/**
 * `pacte serve` with WEB_CONCURRENCY > 1: the primary process forks that many workers, which all listen
 * on the same port (node:cluster hands connections out in turn). Node runs JavaScript on one core per
 * process; the commune page costs ~0.7 ms of CPU, so one process tops out near 1,400 pages a second
 * whatever the machine. Everything an instance shares lives in the database (sessions, rate limits, the
 * job queue, the data version that invalidates page caches), as for several machines (decision 0032).
 *
 * A worker that dies unexpectedly is replaced; if workers keep dying (5 within a minute), the primary
 * stops them all and exits 1 rather than looping. SIGTERM/SIGINT stop every worker gracefully (each
 * finishes its requests and running jobs), then the primary exits 0.
 */
export function superviseWorkers(
  count: number,
  { onListening, log }: { onListening: (port: number) => void; log: (line: string) => void },
): void {
  let stopping = false;
  let exitCode = 0;
  let listening = 0;
  const crashes: number[] = [];
  const fork = () => cluster.fork();

  cluster.on('listening', (worker: Worker, address) => {
    listening++;
    if (listening === count) onListening(address.port);
    else if (listening > count) log(`Le processus ${worker.process.pid} a pris le relais.`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      return;
    }
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && (crashes[0] ?? now) < now - 60_000) crashes.shift();
    const why = signal ? `signal ${signal}` : `code ${code}`;
    if (crashes.length >= 5) {
      log(`Le processus ${worker.process.pid} s’est arrêté (${why}) : trop d’arrêts en une minute, Pacte s’arrête.`);
      stopAll(1);
      return;
    }
    log(`Le processus ${worker.process.pid} s’est arrêté (${why}) ; un autre le remplace.`);
    fork();
  });

  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(exitCode);
    for (const worker of workers) worker?.process.kill('SIGTERM');
  };
  process.once('SIGINT', () => stopAll(0));
  process.once('SIGTERM', () => stopAll(0));

  for (let i = 0; i < count; i++) fork();
}

/**
 * On SIGINT or SIGTERM (once, however many arrive): stop accepting connections, let the requests in
 * progress finish, then `release` (the job queue's running jobs, the database), then exit 0.
 */
export function stopOnSignals(server: { close(done: () => void): unknown }, release: () => Promise<void>): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close(() => void release().then(() => process.exit(0)));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
