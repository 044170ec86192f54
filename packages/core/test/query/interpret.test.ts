import { describe, expect, it } from 'vitest';
import { interpretQuery } from '../../src/query/interpret.js';
import { steeringFilters } from '../../src/query/steer.js';

const catalog = {
  vendors: [
    { vendor: 'etcd', versions: ['v3.5', 'v3.6'] },
    { vendor: 'haproxy', versions: ['v2.6'] },
    { vendor: 'isc-bind', versions: ['v9.18'] },
    { vendor: 'postgresql', versions: ['v15', 'v17'] },
    { vendor: 'python', versions: ['v3.11'] },
    { vendor: 'r-project', versions: ['v4.2', 'v4.5'] },
  ],
};

describe('interpretQuery', () => {
  it.each([
    ['haproxy health check interval', { vendor: 'haproxy' }],
    ['postgres 17 logical replication', { vendor: 'postgresql', version: 'v17' }],
    ['upgrade PostgreSQL 15.4 to a newer release', { vendor: 'postgresql', version: 'v15' }],
    ['etcd v3.6 learner', { vendor: 'etcd', version: 'v3.6' }],
    ['what changed in v3.5 defrag', { vendor: 'etcd', version: 'v3.5' }],
    ['zone transfer in isc bind', { vendor: 'isc-bind' }],
    ['read a csv file in R', { vendor: 'r-project' }],
    ['python3 subprocess output', { vendor: 'python' }],
  ])('reads %j', (query, expected) => {
    const { matched, ...understood } = interpretQuery(query, catalog);
    expect(understood).toEqual(expected);
    expect(matched.length).toBeGreaterThan(0);
  });

  it.each(['bind the frontend to port 443', 'wait 5 seconds between retries', 'the r value of a regression', 'release 17 notes', 'version 4.2 of something unknown', 'enable TLS 1.2 only'])(
    'finds no vendor in %j',
    (query) => {
      const { vendor, version } = interpretQuery(query, catalog);
      expect(vendor).toBeUndefined();
      expect(version).toBeUndefined();
    },
  );

  it('takes a bare number as a version only right after the vendor name', () => {
    expect(interpretQuery('postgres with 17 replicas', catalog)).toMatchObject({ vendor: 'postgresql' });
    expect(interpretQuery('postgres with 17 replicas', catalog).version).toBeUndefined();
  });

  it('ignores vendors the index does not hold', () => {
    expect(interpretQuery('kubernetes pod restarts', catalog).vendor).toBeUndefined();
  });
});

describe('steeringFilters', () => {
  it('narrows the caller filters to the named vendor and version', () => {
    expect(steeringFilters({}, { vendor: 'etcd', version: 'v3.6', matched: [] })).toEqual({ vendor: 'etcd', version: 'v3.6' });
    expect(steeringFilters({ group: 'op-guide' }, { vendor: 'etcd', matched: [] })).toEqual({ group: 'op-guide', vendor: 'etcd' });
  });

  it('does nothing when filters exclude the vendor or already leave only it', () => {
    expect(steeringFilters({ vendor: 'haproxy' }, { vendor: 'etcd', matched: [] })).toBeUndefined();
    expect(steeringFilters({ vendor: 'etcd' }, { vendor: 'etcd', matched: [] })).toBeUndefined();
    expect(steeringFilters({ vendor: 'etcd', version: 'v3.5' }, { vendor: 'etcd', version: 'v3.6', matched: [] })).toBeUndefined();
    expect(steeringFilters({}, { matched: [] })).toBeUndefined();
  });
});
