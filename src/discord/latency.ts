/**
 * Remembers how long each command's answers took, to decide whether to defer BEFORE starting
 * the next one. The engine is synchronous: while it computes, no timer can fire, so "defer if
 * not done in 1 s" cannot work for it. Deferring up front when recent answers were slow keeps
 * big corpora within Discord's 3 s, while small ones still get direct replies (one request
 * instead of two, and no "thinking…" flash).
 *
 * Two measures per command: how long an answer took in all (awaits included: /reload waits for
 * a rebuild), which says whether the command itself is slow; and how long it held the thread,
 * which is what every answer queued behind it waits for (./pacing.ts).
 */
export class LatencyGauge {
  private readonly recent = new Map<string, number[]>();
  private readonly busy = new Map<string, number[]>();

  constructor(
    /** Answers slower than this make the next ones defer: half of Discord's 3 s, with margin. */
    readonly slowMs = 700,
    /** How many recent answers count; one slow answer makes the next few defer. */
    readonly window = 5,
    /** The guess for a command not timed yet. */
    readonly unknownMs = 20,
  ) {}

  record(command: string, ms: number): void {
    this.push(this.recent, command, ms);
  }

  /** How long an answer of `command` kept the thread busy (its synchronous part). */
  recordBusy(command: string, ms: number): void {
    this.push(this.busy, command, ms);
  }

  expectSlow(command: string): boolean {
    return (this.recent.get(command) ?? []).some((ms) => ms >= this.slowMs);
  }

  /**
   * How long the next answer of `command` will hold the thread: the longest of its recent
   * ones, so a guess errs towards deferring.
   */
  estimate(command: string): number {
    const list = this.busy.get(command);
    return list?.length ? Math.max(...list) : this.unknownMs;
  }

  private push(into: Map<string, number[]>, command: string, ms: number): void {
    const list = into.get(command) ?? [];
    list.push(ms);
    if (list.length > this.window) list.shift();
    into.set(command, list);
  }
}
