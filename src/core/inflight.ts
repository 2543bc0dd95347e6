/**
 * Work the process has accepted and not finished: interactions being answered. A graceful
 * shutdown stops taking new work, then waits here (bounded) for what was already taken.
 */
export class InFlight {
  private count = 0;
  private readonly waiters = new Set<() => void>();

  get size(): number {
    return this.count;
  }

  track<T>(work: Promise<T>): Promise<T> {
    this.count++;
    const done = () => {
      if (--this.count === 0) for (const wake of [...this.waiters]) wake();
    };
    work.then(done, done);
    return work;
  }

  /** Resolves true once nothing is in flight, false if `timeoutMs` passes first. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(wake);
    });
  }
}
