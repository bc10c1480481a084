/** Minimal Prometheus counters, kept in memory per instance. */
export class Metrics {
  private readonly requests = new Map<string, number>();
  private durationSum = 0;
  private durationCount = 0;

  observe(method: string, status: number, seconds: number) {
    const key = `method="${method}",status="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    this.durationSum += seconds;
    this.durationCount++;
  }

  render(extra: Record<string, number>): string {
    const lines = [
      '# HELP pacte_http_requests_total HTTP requests answered, by method and status.',
      '# TYPE pacte_http_requests_total counter',
      ...[...this.requests.entries()].map(([labels, n]) => `pacte_http_requests_total{${labels}} ${n}`),
      '# HELP pacte_http_request_duration_seconds Time spent answering HTTP requests.',
      '# TYPE pacte_http_request_duration_seconds summary',
      `pacte_http_request_duration_seconds_sum ${this.durationSum}`,
      `pacte_http_request_duration_seconds_count ${this.durationCount}`,
    ];
    for (const [name, value] of Object.entries(extra)) {
      lines.push(`# TYPE ${name} gauge`, `${name} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
