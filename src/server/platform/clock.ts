/** Time behind a small interface so tests can fix it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that starts at `start` and runs on with real time from the moment it is made (BINHAN_CLOCK, for tests
 * and demos: the server lives on a chosen day, its requests still minutes apart).
 */
export function startingClock(start: Date, real: Clock = systemClock): Clock {
  const offset = start.getTime() - real.now().getTime();
  return { now: () => new Date(real.now().getTime() + offset) };
}

/** The configured clock: BINHAN_CLOCK's, or the system's. */
export function clockFromConfig(config: { clockStart: Date | undefined }): Clock {
  return config.clockStart ? startingClock(config.clockStart) : systemClock;
}

/** A clock tests can set and advance. */
export class FixedClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(at: Date): void {
    this.current = new Date(at.getTime());
  }
  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}
