import { describe, expect, it } from 'vitest';
import { compareVersions } from '../../src/display/version-order.js';
import { plural } from '../../src/display/plural.js';

const sorted = (labels: string[]) => [...labels].sort(compareVersions);

describe('compareVersions', () => {
  it('orders numbers by value, not as text', () => {
    expect(sorted(['10.0', '9.0', '9.10', '9.9'])).toEqual(['9.0', '9.9', '9.10', '10.0']);
    expect(sorted(['v17', 'v15', 'v3.11', 'v3.6'])).toEqual(['v3.6', 'v3.11', 'v15', 'v17']);
  });

  it('orders letters regardless of case: O.4 before o.5 before O.6', () => {
    expect(sorted(['O.6', 'o.5', 'O.4'])).toEqual(['O.4', 'o.5', 'O.6']);
  });

  it('puts a ~ pre-release before the release it leads to, as Debian does', () => {
    expect(sorted(['9.18.49-1', '9.18.49-1~deb12u10', '9.18.49-1~deb12u3', '9.18.48-2', '9.18.5'])).toEqual(['9.18.5', '9.18.48-2', '9.18.49-1~deb12u3', '9.18.49-1~deb12u10', '9.18.49-1']);
  });

  it('is a total order: labels equal but for case come out the same way every time', () => {
    expect(compareVersions('V1', 'v1')).not.toBe(0);
    expect(Math.sign(compareVersions('V1', 'v1'))).toBe(-Math.sign(compareVersions('v1', 'V1')));
    expect(compareVersions('v1', 'v1')).toBe(0);
  });
});

describe('plural', () => {
  it('counts with the noun in the right number', () => {
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(0, 'file')).toBe('0 files');
    expect(plural(2, 'query', 'queries')).toBe('2 queries');
    expect(plural(1, 'query', 'queries')).toBe('1 query');
  });
});
