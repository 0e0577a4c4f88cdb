import http from 'node:http';
import { ApiFaults, FaultInjector } from './faultInjection';
import { StatusError } from './statusError';

const response = () => ({} as http.ServerResponse);

describe('FaultInjector', () => {
  it('serves everything without faults', () => {
    const injector = new FaultInjector({ errorRate: 0, lostAnswerRate: 0 });
    const res = response();
    expect(() => injector.beforeServing('POST', res)).not.toThrow();
    expect(injector.losesAnswer(res)).toBe(false);
  });

  it('fails every request with 500 or 429 at error rate 1, and reads a changed rate at once', () => {
    const faults: ApiFaults = { errorRate: 0, lostAnswerRate: 0 };
    const injector = new FaultInjector(faults);
    faults.errorRate = 1;
    const codes = new Set<number>();
    for (let i = 0; i < 50; i++) {
      try {
        injector.beforeServing('GET', response());
      } catch (error) {
        codes.add((error as StatusError).code);
      }
    }
    expect([...codes].sort()).toEqual([429, 500]);
  });

  it('loses the answer of writes only, once', () => {
    const injector = new FaultInjector({ errorRate: 0, lostAnswerRate: 1 });
    const read = response();
    const write = response();
    injector.beforeServing('GET', read);
    injector.beforeServing('PATCH', write);
    expect(injector.losesAnswer(read)).toBe(false);
    expect(injector.losesAnswer(write)).toBe(true);
    expect(injector.losesAnswer(write)).toBe(false);
  });
});
