/**
 * Frame limits per user per room, across all of that user's sockets there. Kept in memory: the
 * bucket refills completely within `burst / perSecond` seconds (2 s), and an object only
 * hibernates after far longer without a frame, so a bucket lost to hibernation was full anyway —
 * starting again full is exactly the state it had. Nothing is written per frame.
 */
export class SendLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  /** Takes one token for `userId`; false when there is none left. */
  take(userId: string, now = Date.now()): boolean {
    const bucket = this.buckets.get(userId);
    const tokens = bucket
      ? Math.min(this.burst, bucket.tokens + ((now - bucket.at) * this.perSecond) / 1000)
      : this.burst;
    const allowed = tokens >= 1;
    if (bucket) {
      bucket.tokens = allowed ? tokens - 1 : tokens;
      bucket.at = now;
    } else {
      this.buckets.set(userId, { tokens: tokens - 1, at: now });
    }
    if (this.buckets.size > 1000) this.forgetFull(now);
    return allowed;
  }

  /** Full buckets carry no information: drop them so a busy room's map stays small. */
  private forgetFull(now: number) {
    for (const [userId, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) * this.perSecond) / 1000 >= this.burst)
        this.buckets.delete(userId);
    }
  }
}

/** At most one `typing` broadcast per user per interval; the rest are dropped without an error. */
export class TypingThrottle {
  private readonly last = new Map<string, number>();

  constructor(private readonly intervalMs: number) {}

  allow(userId: string, now = Date.now()): boolean {
    const previous = this.last.get(userId);
    if (previous !== undefined && now - previous < this.intervalMs) return false;
    this.last.set(userId, now);
    if (this.last.size > 1000) {
      for (const [id, at] of this.last) if (now - at >= this.intervalMs) this.last.delete(id);
    }
    return true;
  }
}
