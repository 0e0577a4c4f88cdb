import { connectionWarnings } from './connectionWarnings';

describe('connectionWarnings', () => {
  it('warns about plain HTTP and unverified TLS to a hub across the network', () => {
    expect(connectionWarnings({ url: 'http://hub.example:6443' })).toEqual([
      expect.stringMatching(/^plain HTTP: the service account token/),
    ]);
    expect(
      connectionWarnings({
        url: 'https://hub.example:6443',
        skipTLSVerify: true,
      }),
    ).toEqual([expect.stringMatching(/^TLS verification is off/)]);
  });

  it('says nothing for a verified HTTPS hub', () => {
    expect(connectionWarnings({ url: 'https://hub.example:6443' })).toEqual([]);
    expect(
      connectionWarnings({ url: 'https://hub.example', skipTLSVerify: false }),
    ).toEqual([]);
  });

  it('exempts loopback hubs, where nothing crosses a network', () => {
    for (const url of [
      'http://127.0.0.1:6443',
      'https://localhost:6443',
      'http://[::1]:6443',
    ]) {
      expect(connectionWarnings({ url, skipTLSVerify: true })).toEqual([]);
    }
    // A name that merely starts like a loopback address is not one.
    expect(
      connectionWarnings({ url: 'http://127.0.0.1.example.org:6443' }),
    ).toHaveLength(1);
  });
});
