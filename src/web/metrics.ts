/** Minimal Prometheus counters, kept in memory per instance. */
export class Metrics {
  private readonly requests = new Map<string, number>();
  private durationSum = 0;
  private durationCount = 0;
  private readonly mails = { sent: 0, failed: 0 };

  /** Counts an email handed to the SMTP server (or written to the outbox), or refused. */
  observeMail(outcome: 'sent' | 'failed') {
    this.mails[outcome]++;
  }

  observe(method: string, status: number, seconds: number) {
    const key = `method="${method}",status="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    this.durationSum += seconds;
    this.durationCount++;
  }

  /** `extra`: gauges read at scrape time; a name may carry labels (`pacte_imports{status="done"}`). */
  render(extra: Record<string, number>): string {
    const lines = [
      '# HELP pacte_http_requests_total HTTP requests answered, by method and status.',
      '# TYPE pacte_http_requests_total counter',
      ...[...this.requests.entries()].map(([labels, n]) => `pacte_http_requests_total{${labels}} ${n}`),
      '# HELP pacte_http_request_duration_seconds Time spent answering HTTP requests.',
      '# TYPE pacte_http_request_duration_seconds summary',
      `pacte_http_request_duration_seconds_sum ${this.durationSum}`,
      `pacte_http_request_duration_seconds_count ${this.durationCount}`,
      '# HELP pacte_emails_total Emails sent by this instance, by outcome.',
      '# TYPE pacte_emails_total counter',
      `pacte_emails_total{outcome="sent"} ${this.mails.sent}`,
      `pacte_emails_total{outcome="failed"} ${this.mails.failed}`,
    ];
    const typed = new Set<string>();
    for (const [name, value] of Object.entries(extra)) {
      const bare = name.replace(/\{.*$/, '');
      if (!typed.has(bare)) lines.push(`# TYPE ${bare} gauge`);
      typed.add(bare);
      lines.push(`${name} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
