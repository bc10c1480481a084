import cliProgress from 'cli-progress';

/** A progress bar on a terminal; silent when output is piped or in CI. */
export function progressBar(label: string) {
  if (!process.stderr.isTTY) return { update: (_v: number, _t: number) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% {step}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(value: number, total: number, step = '') {
      if (!started) {
        bar.start(total, value, { step });
        started = true;
      } else bar.update(value, { step });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
