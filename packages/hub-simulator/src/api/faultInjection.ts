import http from 'node:http';
import { errors } from './statusError';

/** Knobs that make the API misbehave on purpose. */
export interface ApiFaults {
  /** Share of API requests (0..1) answered with 500 or 429 instead of being served. */
  errorRate: number;
  /**
   * Share of writes (0..1) that are made but whose answer never arrives: the connection
   * breaks mid-reply, and the client cannot tell whether its change happened.
   */
  lostAnswerRate: number;
}

/**
 * Applies the API faults to requests: fails some before they are served, and marks some
 * writes whose answer is then dropped. Reads the knobs on every request, so that changes
 * to them (the admin endpoints) take effect at once.
 */
export class FaultInjector {
  /** Writes whose answer the lost-answer fault drops. */
  private readonly lostAnswers = new WeakSet<http.ServerResponse>();

  constructor(private readonly faults: ApiFaults) {}

  /** Throws the injected error for a request it fails; marks a write whose answer is lost. */
  beforeServing(method: string, res: http.ServerResponse) {
    if (this.faults.errorRate > 0 && Math.random() < this.faults.errorRate) {
      throw Math.random() < 0.5
        ? errors.internal('injected fault: internal error')
        : errors.tooManyRequests();
    }
    if (method !== 'GET' && Math.random() < this.faults.lostAnswerRate)
      this.lostAnswers.add(res);
  }

  /** Whether this answer is to be lost: the connection breaks instead. */
  losesAnswer(res: http.ServerResponse): boolean {
    return this.lostAnswers.delete(res);
  }
}
