import { LatencyGauge } from "./latency.js";

/**
 * Keeping every interaction within Discord's 3 s when many arrive at once. discord.js hands
 * the bot interactions one by one on the event loop, and the engine answers synchronously: a
 * burst of 300 questions is seconds of work on one thread, and an answer queued behind the
 * others misses the deadline unless it was deferred first. So each interaction is judged when
 * it arrives, before any engine work: its age (Discord stamps the interaction's id with the
 * time it was created, which includes any time spent waiting for the event loop), the work
 * queued ahead of it, the event loop's recent lag and its own expected time say when its answer
 * would go out; if that is past the budget, it is deferred at once. The engine work then runs
 * from one queue, one answer per turn of the event loop, so deferrals and replies already made
 * go out between answers instead of after the whole burst.
 */

/**
 * Answer directly only when the reply can leave this long after Discord created the
 * interaction: the rest of the 3 s is for the reply to travel and for guesses that were low.
 */
export const ACK_BUDGET_MS = 1_500;

interface Job {
  estimate: number;
  start: () => void;
}

/**
 * Runs synchronous work one piece per turn of the event loop, answers not yet acknowledged
 * first (their deadline is 3 s; a deferred answer has 15 minutes).
 */
export class WorkQueue {
  private readonly urgent: Job[] = [];
  private readonly later: Job[] = [];
  private urgentMs = 0;
  private scheduled = false;

  /** How many pieces of work wait. */
  get depth(): number {
    return this.urgent.length + this.later.length;
  }

  /**
   * Roughly how long until urgent work queued now would start. (Nothing runs while this is
   * read: work and arrivals share the one thread.)
   */
  get backlogMs(): number {
    return this.urgentMs;
  }

  /**
   * Runs `work` when its turn comes and settles with what it returns (a promise is adopted:
   * only the synchronous part holds the queue). `estimate` is how long it is expected to take.
   */
  run<T>(urgent: boolean, estimate: number, work: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        estimate,
        start: () => {
          try {
            resolve(work());
          } catch (error) {
            reject(error);
          }
        },
      };
      if (urgent) {
        this.urgent.push(job);
        this.urgentMs += estimate;
      } else this.later.push(job);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.depth === 0) return;
    this.scheduled = true;
    // setImmediate, not a microtask: the event loop polls its sockets in between, so requests
    // already made (deferrals above all) are sent, and new interactions read, between answers.
    setImmediate(() => {
      this.scheduled = false;
      const fromUrgent = this.urgent.length > 0;
      const job = fromUrgent ? this.urgent.shift() : this.later.shift();
      if (job) {
        if (fromUrgent) this.urgentMs = Math.max(0, this.urgentMs - job.estimate);
        job.start();
      }
      this.schedule();
    });
  }
}

/**
 * The event loop's recent lag: how late a short repeating timer fires. A loop held up (a large
 * reply being serialised, garbage collection, an engine being taken in after a reload) delays
 * everything queued, whatever the queue says.
 */
export class LoopLag {
  private readonly samples: number[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly everyMs = 25,
    /** How many samples count: about the last second. */
    readonly window = 40,
  ) {
    let expected = performance.now() + everyMs;
    this.timer = setInterval(() => {
      const now = performance.now();
      this.samples.push(Math.max(0, now - expected));
      if (this.samples.length > this.window) this.samples.shift();
      expected = now + everyMs;
    }, everyMs);
    // Measuring must not keep a stopping process alive.
    this.timer.unref();
  }

  /** The worst lag seen recently, in ms. */
  get recentMs(): number {
    return this.samples.length ? Math.max(...this.samples) : 0;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** What the pacer needs of an interaction's responder. */
export interface Acknowledger {
  readonly acknowledged: boolean;
  /** Acknowledges now ("thinking…"), to answer later. */
  defer(): Promise<void>;
}

/** Returned by work that gave its turn up: it was too late to answer directly. */
const LATE = Symbol("late");

/** The deferral decision and the queue, for commands and button clicks alike. */
export class Pacer {
  readonly queue = new WorkQueue();

  constructor(
    readonly gauge: LatencyGauge = new LatencyGauge(),
    readonly lag: LoopLag | undefined = undefined,
    readonly budgetMs = ACK_BUDGET_MS,
    /** The wall clock, which Discord's timestamps are compared with. */
    private readonly now: () => number = Date.now,
  ) {}

  /** How long ago Discord created an interaction, from the time in its id (0 if in the future). */
  static ageOf(createdTimestamp: number, now = Date.now()): number {
    return Math.max(0, now - createdTimestamp);
  }

  private age(createdTimestamp: number): number {
    return Pacer.ageOf(createdTimestamp, this.now());
  }

  /**
   * When a direct answer to `command`, for an interaction `ageMs` old, would be ready,
   * counted from Discord's creation of the interaction.
   */
  expectedReadyAt(command: string, ageMs: number): number {
    return ageMs + (this.lag?.recentMs ?? 0) + this.queue.backlogMs + this.gauge.estimate(command);
  }

  /** True when the interaction should be deferred before its work is queued. */
  shouldDefer(command: string, ageMs: number, mayBeSlow = false): boolean {
    if (mayBeSlow && this.gauge.expectSlow(command)) return true;
    return this.expectedReadyAt(command, ageMs) > this.budgetMs;
  }

  /**
   * Produces one answer: deferred first when it would not be ready in time, then its work run
   * in the queue. A guess can be low (a command not timed yet, a slow answer): if, when its
   * turn comes, an answer not yet acknowledged could no longer be ready in time, it gives the
   * turn up, defers, and queues again behind the urgent work; the deferral leaves at once
   * instead of after the work.
   */
  async answer<T>(
    command: string,
    createdTimestamp: number,
    ack: Acknowledger,
    work: () => T | Promise<T>,
    mayBeSlow = false,
  ): Promise<T> {
    if (!ack.acknowledged && this.shouldDefer(command, this.age(createdTimestamp), mayBeSlow))
      await ack.defer();
    const first = await this.run(command, !ack.acknowledged, () => {
      const late =
        !ack.acknowledged &&
        this.age(createdTimestamp) + this.gauge.estimate(command) > this.budgetMs;
      return late ? LATE : work();
    });
    if (first !== LATE) return first as T;
    await ack.defer();
    return this.run(command, false, work);
  }

  /**
   * Runs the engine work of one answer in the queue, timing it: the synchronous part for the
   * queue's guesses, the whole for "is this command slow".
   */
  run<T>(command: string, urgent: boolean, work: () => T | Promise<T>): Promise<T> {
    return this.queue.run(urgent, this.gauge.estimate(command), () => {
      const started = performance.now();
      const result = work();
      // A turn given up did no work: it says nothing of the command's time.
      if ((result as unknown) === LATE) return result;
      this.gauge.recordBusy(command, performance.now() - started);
      if (result instanceof Promise) {
        return result.finally(() => this.gauge.record(command, performance.now() - started));
      }
      this.gauge.record(command, performance.now() - started);
      return result;
    });
  }
}
