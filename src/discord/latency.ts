/**
 * Remembers how long each command's answers took, to decide whether to defer BEFORE starting
 * the next one. The engine is synchronous: while it computes, no timer can fire, so "defer if
 * not done in 1 s" cannot work for it. Deferring up front when recent answers were slow keeps
 * big corpora within Discord's 3 s, while small ones still get direct replies (one request
 * instead of two, and no "thinking…" flash).
 */
export class LatencyGauge {
  private readonly recent = new Map<string, number[]>();

  constructor(
    /** Answers slower than this make the next ones defer: half of Discord's 3 s, with margin. */
    readonly slowMs = 700,
    /** How many recent answers count; one slow answer makes the next few defer. */
    readonly window = 5,
  ) {}

  record(command: string, ms: number): void {
    const list = this.recent.get(command) ?? [];
    list.push(ms);
    if (list.length > this.window) list.shift();
    this.recent.set(command, list);
  }

  expectSlow(command: string): boolean {
    return (this.recent.get(command) ?? []).some((ms) => ms >= this.slowMs);
  }
}
